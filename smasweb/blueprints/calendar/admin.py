"""The Department's calendar pages: generate a year, edit, lock and open periods."""

from flask import url_for
from flask_login import current_user

from smasweb.blueprints.forms_common import EmptyForm, attach_error, form_status
from smasweb.rendering import done, render
from smasweb.services import policy
from smasweb.services.calendar import admin as calendar_admin
from smasweb.services.errors import ValidationFailed
from smasweb.text import vn_date

from .blueprint import bp
from .forms import OpenForm, PeriodForm


def _back(period) -> str:
    return url_for("calendar.index", year=period.year)


@bp.post("/years/<int:year>/generate")
def generate(year: int):
    policy.require(current_user, "calendar.manage")
    new = calendar_admin.generate_year(current_user, year)
    return done(
        url_for("calendar.index", year=year),
        f"Đã tạo lịch năm học {year}-{year + 1} ({len(new)} kỳ).",
    )


def _period_data(form: PeriodForm) -> calendar_admin.PeriodData:
    return calendar_admin.PeriodData(
        title=form.title.data or "",
        opens_on=form.opens_on.data,
        closes_on=form.closes_on.data,
        locks_on=form.locks_on.data,
        data_on=form.data_on.data,
        fields=form.fields.data or [],
        levels=form.levels.data or [],
    )


def _edit_page(period, form, open_form, status: int):
    return render(
        "calendar/period_edit.html",
        "period_form",
        status,
        period=period,
        form=form,
        open_form=open_form,
        lock_form=EmptyForm(),
    )


@bp.route("/periods/<int:period_id>/edit", methods=["GET", "POST"])
def edit_period(period_id: int):
    period = calendar_admin.get_period(current_user, period_id)
    form = PeriodForm(obj=period)
    if not form.is_submitted():
        form.fields.data, form.levels.data = period.field_codes, period.level_codes
        form.data_on.data = period.data_date
    if form.validate_on_submit():
        try:
            calendar_admin.update_period(current_user, period, _period_data(form))
        except ValidationFailed as exc:
            attach_error(form, exc)
        else:
            return done(_back(period), "Đã lưu kỳ báo cáo.")
    return _edit_page(period, form, OpenForm(formdata=None), form_status(form))


@bp.post("/periods/<int:period_id>/lock")
def lock_period(period_id: int):
    period = calendar_admin.get_period(current_user, period_id)
    calendar_admin.lock_period(current_user, period)
    return done(_back(period), f"Đã khóa kỳ «{period.title}».")


@bp.post("/periods/<int:period_id>/open")
def open_period(period_id: int):
    period = calendar_admin.get_period(current_user, period_id)
    open_form = OpenForm()
    if open_form.validate_on_submit():
        try:
            calendar_admin.open_period(current_user, period, open_form.until.data)
        except ValidationFailed as exc:
            attach_error(open_form, exc)
        else:
            return done(
                _back(period),
                f"Đã mở kỳ «{period.title}» đến hết ngày "
                f"{vn_date(open_form.until.data)}.",
            )
    form = PeriodForm(formdata=None, obj=period)
    form.fields.data, form.levels.data = period.field_codes, period.level_codes
    return _edit_page(period, form, open_form, 422)
