"""Giao lớp: the leader's page of the school's teachers, their homeroom and given
classes; a form gives a teacher a class, a button takes one back."""

from flask import request, url_for
from flask_login import current_user

from smasweb.blueprints.forms_common import (
    EmptyForm,
    attach_error,
    form_status,
    select_choices,
)
from smasweb.blueprints.query_args import int_arg, to_int
from smasweb.rendering import done, render
from smasweb.services import years as school_years
from smasweb.services.attendance import assignments
from smasweb.services.errors import ValidationFailed
from smasweb.services.staff import records as staff

from .blueprint import bp
from .forms import GiveClassForm


@bp.context_processor
def _may_give() -> dict:
    """The attendance pages link here for whoever may give classes."""
    return {"may_give_classes": _may_give_classes}


def _may_give_classes(school) -> bool:
    return current_user.is_authenticated and assignments.may_give(current_user, school)


def _form(school, year) -> GiveClassForm:
    form = GiveClassForm()
    form.staff_id.choices = select_choices(staff.homeroom_choices(school), blank="—")
    form.class_id.choices = select_choices(
        assignments.class_choices(school, year), blank="—"
    )
    if not form.is_submitted() and (chosen := int_arg(request.args, "staff")):
        form.staff_id.data = str(chosen)
    return form


@bp.route("/teachers", methods=["GET", "POST"])
def teachers():
    school = assignments.managed_school(current_user)
    year = school_years.current_year()
    form = _form(school, year)
    if form.validate_on_submit():
        try:
            member, cls = assignments.give(
                current_user,
                school,
                to_int(form.staff_id.data),
                to_int(form.class_id.data),
                year,
            )
        except ValidationFailed as exc:
            attach_error(form, exc)
        else:
            message = f"Đã giao lớp {cls.name} cho {member.full_name}."
            return done(url_for("attendance.teachers"), message)
    return render(
        "attendance/teachers.html",
        status=form_status(form),
        school=school,
        rows=assignments.teachers(current_user, school, year),
        form=form,
        button=EmptyForm(),
    )


@bp.post("/teachers/given/<int:row_id>/delete")
def take_back(row_id: int):
    member, cls = assignments.take_back(current_user, row_id)
    message = f"Đã thu hồi lớp {cls.name} của {member.full_name}."
    return done(url_for("attendance.teachers"), message)
