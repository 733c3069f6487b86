"""Phân công giảng dạy: the school's primary and secondary classes with how many subjects have
a teacher, and one class's form (its electives, each subject's teacher in each
semester), saved whole by one POST."""

from flask import request, url_for
from flask_login import current_user

from smasweb.blueprints.forms_common import EmptyForm
from smasweb.blueprints.query_args import to_int
from smasweb.rendering import done, render
from smasweb.services import years as school_years
from smasweb.services.assessment import access, teaching
from smasweb.services.errors import ValidationFailed

from .blueprint import bp


@bp.get("/assignments")
def assignments():
    school = teaching.managed_school(current_user)
    classes = teaching.classes(school, school_years.current_year())
    return render(
        "grades/assignments.html",
        school=school,
        classes=classes,
        counts=teaching.assigned_counts([c.id for c in classes]),
    )


def _submitted(plan: teaching.ClassPlan) -> tuple[dict, set[str] | None]:
    """({(code, semester): staff id or None}, the electives ticked or None)."""
    codes = {s.code for s in plan.subjects} | {
        s.code for s in teaching.curriculum.elective_choices(plan.cls.grade)
    }
    teachers = {
        (code, sem): _staff_id(request.form[f"t_{code}_{sem}"])
        for code in codes
        for sem in access.SEMESTERS
        if f"t_{code}_{sem}" in request.form
    }
    chosen = set(request.form.getlist("electives")) if plan.upper else None
    return teachers, chosen


def _staff_id(value: str) -> int | None:
    """A chosen teacher's id; None for none; -1 for a value no list offers (the
    service refuses it next to the field)."""
    if not value.strip():
        return None
    found = to_int(value)
    return -1 if found is None else found


@bp.route("/assignments/<int:class_id>", methods=["GET", "POST"])
def assignment_class(class_id: int):
    plan = teaching.plan(current_user, class_id)
    form, errors, status = EmptyForm(), {}, 200
    if form.validate_on_submit():
        teachers, chosen = _submitted(plan)
        try:
            saved = teaching.save(current_user, plan, teachers, chosen)
        except ValidationFailed as exc:
            errors, status = {exc.field: exc.message}, 422
            plan.teachers = {k: v for k, v in teachers.items() if v is not None}
            plan.electives = frozenset(chosen or plan.electives)
        else:
            target = url_for("grades.assignment_class", class_id=class_id)
            return done(target, f"Đã lưu phân công giảng dạy lớp {saved.cls.name}.")
    elif form.is_submitted():
        status = 422
    return render(
        "grades/assignment_class.html",
        status=status,
        plan=plan,
        form=form,
        errors=errors,
        teachers=teaching.teacher_choices(plan.school),
        electives=teaching.curriculum.elective_choices(plan.cls.grade),
        semesters=access.SEMESTERS,
    )
