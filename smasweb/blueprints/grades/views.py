"""Sổ điểm: the user's classes and subjects of the year, and one class's subject
in one semester as a grid (the whole class in one form, saved by one POST; a
primary class's grid is primary.py's)."""

from flask import g, request, url_for
from flask_login import current_user

from smasweb.blueprints.forms_common import EmptyForm
from smasweb.blueprints.query_args import int_arg
from smasweb.rendering import done, render
from smasweb.services import policy, school_data
from smasweb.services import years as school_years
from smasweb.services.assessment import access, gradebook, teaching

from . import primary
from .blueprint import bp


@bp.get("/")
def index():
    policy.require_reads(current_user, access.FIELD)
    school_id = int_arg(request.args, "school")
    if school_id is None and policy.own_school(current_user) is None:
        return render("grades/schools.html", schools=access.schools(current_user))
    school = school_data.readable_school(current_user, access.FIELD, school_id)
    year = school_years.current_year()
    return render(
        "grades/index.html",
        school=school,
        entries=access.entries(current_user, school, year),
        semesters=gradebook.SEMESTER_LABELS,
        may_assign=teaching.may_assign(current_user, school),
        own_only=policy.works_on_own_classes(current_user),
    )


def _entries(grid: gradebook.Grid) -> dict:
    form = request.form
    return {
        (row.student.id, col.key): form.get(f"m{row.student.id}_{col.key}", "")
        for row in grid.rows
        for col in grid.columns
    }


@bp.route("/<int:class_id>/<code>/<int:semester>", methods=["GET", "POST"])
def grid(class_id: int, code: str, semester: int):
    if access.primary_class(class_id):
        return primary.grid_page(class_id, code, semester)
    sheet = gradebook.grid(current_user, class_id, code, semester)
    g.write_closed = sheet.closed if sheet.access.writable else None
    form, errors, status = EmptyForm(), {}, 200
    if form.validate_on_submit():
        try:
            changed = gradebook.save(current_user, sheet, _entries(sheet))
        except gradebook.GridErrors as exc:
            errors, status = exc.errors, 422
        else:
            target = url_for(
                "grades.grid", class_id=class_id, code=code, semester=semester
            )
            return done(target, f"Đã lưu sổ điểm: {changed} ô thay đổi.")
    elif form.is_submitted():
        status = 422
    return render(
        "grades/grid.html",
        "grade_form",
        status,
        sheet=sheet,
        form=form,
        errors=errors,
        semesters=gradebook.SEMESTER_LABELS,
    )
