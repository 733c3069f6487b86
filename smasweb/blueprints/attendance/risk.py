"""Early warning (cảnh báo nguy cơ bỏ học): the pupils at risk in the user's scope,
by school, and the Department's threshold of the month rule."""

from datetime import date

from flask import request, url_for
from flask_login import current_user
from wtforms import IntegerField
from wtforms.validators import InputRequired, NumberRange

from smasweb import clock
from smasweb.blueprints.forms_common import REQUIRED, AppForm, attach_error, form_status
from smasweb.rendering import done, render
from smasweb.services import policy
from smasweb.services.attendance import risk, risk_limit
from smasweb.services.errors import ValidationFailed

from .blueprint import bp

RANGE = f"Nhập số ngày từ {risk_limit.LOWEST} đến {risk_limit.HIGHEST}."


class RiskLimitForm(AppForm):
    days = IntegerField(
        risk_limit.LABEL,
        validators=[
            InputRequired(REQUIRED),
            NumberRange(risk_limit.LOWEST, risk_limit.HIGHEST, RANGE),
        ],
        description="Ngoài ra, học sinh nghỉ không phép 3 ngày học liên tiếp "
        "luôn được cảnh báo.",
    )


def _day_arg() -> date:
    """?day=YYYY-MM-DD, else today (a bad value too: the page still answers)."""
    try:
        return date.fromisoformat(request.args.get("day", ""))
    except ValueError:
        return clock.today()


@bp.get("/risk")
def risk_list():
    return render(
        "attendance/risk.html",
        risks=risk.warning(current_user, _day_arg()),
        run_days=risk.RUN_DAYS,
    )


@bp.route("/risk/limit", methods=["GET", "POST"])
def risk_limit_edit():
    policy.require(current_user, "calendar.manage")
    form = RiskLimitForm()
    if not form.is_submitted():
        form.days.data = risk_limit.month_limit()
    if form.validate_on_submit():
        try:
            days = risk_limit.set_month_limit(current_user, form.days.data)
        except ValidationFailed as exc:
            attach_error(form, exc)
        else:
            return done(
                url_for("attendance.risk_list"),
                f"Đã lưu ngưỡng cảnh báo: nghỉ không phép quá {days} ngày trong tháng.",
            )
    return render(
        "attendance/risk_limit.html", "limit_form", form_status(form), form=form
    )
