"""The Department's holidays of a school year (no roll call on their days)."""

from flask import request, url_for
from flask_login import current_user

from smasweb.blueprints.forms_common import EmptyForm, attach_error, form_status
from smasweb.blueprints.query_args import year_arg
from smasweb.models.schools import year_label
from smasweb.rendering import done, render
from smasweb.services import policy
from smasweb.services.calendar import school_days
from smasweb.services.errors import ValidationFailed

from .blueprint import bp
from .forms import HolidayForm


def _page(form: HolidayForm, year: int, status: int = 200):
    start, end = school_days.teaching_dates(year)
    return render(
        "calendar/holidays.html",
        "holiday_form",
        status,
        form=form,
        year=year,
        label=year_label(year),
        holidays=school_days.holidays(year),
        start=start,
        end=end,
        delete_form=EmptyForm(),
    )


@bp.route("/holidays", methods=["GET", "POST"])
def holidays():
    policy.require(current_user, "calendar.manage")
    year = year_arg(request.args)
    form = HolidayForm()
    if form.validate_on_submit():
        try:
            row = school_days.add_holiday(
                current_user, form.starts_on.data, form.ends_on.data, form.name.data
            )
        except ValidationFailed as exc:
            attach_error(form, exc)
        else:
            target = url_for("calendar.holidays", year=row.year)
            return done(target, f"Đã thêm ngày nghỉ «{row.name}».")
    return _page(form, year, form_status(form))


@bp.post("/holidays/<int:holiday_id>/delete")
def delete_holiday(holiday_id: int):
    form = EmptyForm()
    if not form.validate_on_submit():
        return _page(HolidayForm(formdata=None), year_arg(request.args), 422)
    row = school_days.delete_holiday(current_user, holiday_id)
    return done(
        url_for("calendar.holidays", year=row.year), f"Đã xóa ngày nghỉ «{row.name}»."
    )
