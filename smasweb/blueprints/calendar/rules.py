"""The Department's calendar rules: how each kind of period falls in a school year."""

from flask import url_for
from flask_login import current_user

from smasweb.blueprints.forms_common import attach_error, form_status
from smasweb.rendering import done, render
from smasweb.services import policy
from smasweb.services.calendar import admin as calendar_admin
from smasweb.services.calendar import rules as calendar_rules
from smasweb.services.errors import ValidationFailed

from .blueprint import bp
from .forms import RuleForm


@bp.get("/rules")
def rules():
    policy.require(current_user, "calendar.manage")
    return render("calendar/rules.html", rules=calendar_rules.rules())


def _rule_data(form: RuleForm) -> calendar_admin.RuleData:
    def pair(name):
        day, month = form[f"{name}_day"].data, form[f"{name}_month"].data
        return (day or 0, month or 0)

    return calendar_admin.RuleData(
        title=form.title.data or "",
        opens=pair("opens"),
        closes=pair("closes"),
        locks=pair("locks"),
        data=pair("data"),
        months=[int(m) for m in form.months.data or []],
        fields=form.fields.data or [],
        levels=form.levels.data or [],
    )


@bp.route("/rules/<kind>/edit", methods=["GET", "POST"])
def edit_rule(kind: str):
    rule = calendar_admin.get_rule(current_user, kind)
    form = RuleForm(obj=rule)
    if not form.is_submitted():
        form.fields.data, form.levels.data = rule.field_codes, rule.level_codes
        form.months.data = [str(m) for m in rule.month_list]
        for name in ("opens_month", "closes_month", "locks_month", "data_month"):
            form[name].data = form[name].data or None
    if form.validate_on_submit():
        try:
            calendar_admin.update_rule(current_user, rule, _rule_data(form))
        except ValidationFailed as exc:
            attach_error(form, exc)
        else:
            return done(url_for("calendar.rules"), "Đã lưu quy tắc lịch.")
    return render(
        "calendar/rule_edit.html", "rule_form", form_status(form), form=form, rule=rule
    )
