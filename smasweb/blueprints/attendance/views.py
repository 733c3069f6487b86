"""Attendance (điểm danh): the classes whose roll call the user takes, and one
class's roll call of a day (the whole class in one form, saved by one POST)."""

from datetime import date, timedelta

from flask import abort, g, request, url_for
from flask_login import current_user

from smasweb import clock
from smasweb.blueprints.forms_common import EmptyForm
from smasweb.blueprints.query_args import int_arg
from smasweb.models.attendance import SESSIONS
from smasweb.rendering import done, render
from smasweb.services import policy, school_data
from smasweb.services import years as school_years
from smasweb.services.attendance import classes, roll_call
from smasweb.services.errors import ValidationFailed

from .blueprint import bp


@bp.get("/")
def index():
    policy.require_reads(current_user, classes.FIELD)
    school_id = int_arg(request.args, "school")
    if school_id is None and policy.own_school(current_user) is None:
        schools = classes.schools(current_user)
        return render("attendance/schools.html", schools=schools)
    school = school_data.readable_school(current_user, classes.FIELD, school_id)
    year = school_years.current_year()
    return render(
        "attendance/index.html",
        school=school,
        classes=classes.list_classes(current_user, school, year),
        today=clock.today(),
        own_only=policy.works_on_own_classes(current_user),
    )


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        abort(404)


def _entries(rc: roll_call.RollCall) -> dict:
    form = request.form
    return {
        row.student.id: (
            {s: form.get(f"a{row.student.id}{s}", "") for s in rc.sessions},
            form.get(f"r{row.student.id}", ""),
        )
        for row in rc.rows
    }


@bp.route("/<int:class_id>/<day>", methods=["GET", "POST"])
def day(class_id: int, day: str):
    on = _day(day)
    rc = roll_call.roll_call(current_user, class_id, on)
    g.write_closed = rc.closed if rc.access.writable else None
    form, errors, status = EmptyForm(), {}, 200
    if form.validate_on_submit():
        try:
            absent = roll_call.save_roll_call(current_user, rc, _entries(rc))
        except roll_call.RollCallErrors as exc:
            errors, status = exc.errors, 422
        except ValidationFailed as exc:
            form.form_errors.append(exc.message)
            status = 422
        else:
            target = url_for("attendance.day", class_id=class_id, day=on.isoformat())
            return done(target, f"Đã lưu điểm danh ngày {on:%d/%m/%Y}: {absent} vắng.")
    elif form.is_submitted():
        status = 422
    return render(
        "attendance/day.html",
        "roll_form",
        status,
        rc=rc,
        form=form,
        errors=errors,
        labels=SESSIONS,
        prev=on - timedelta(days=1),
        next=on + timedelta(days=1),
        today=clock.today(),
    )
