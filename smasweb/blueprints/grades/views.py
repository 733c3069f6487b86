"""Sổ điểm: the user's classes and subjects of the year, and one class's subject
in one semester as a grid (grid_page.py: secondary and primary alike)."""

from flask import request
from flask_login import current_user

from smasweb.blueprints.query_args import int_arg
from smasweb.rendering import render
from smasweb.services import policy, school_data
from smasweb.services import years as school_years
from smasweb.services.assessment import access, gradebook, teaching

from . import grid_page
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


@bp.route("/<int:class_id>/<code>/<int:semester>", methods=["GET", "POST"])
def grid(class_id: int, code: str, semester: int):
    kind = grid_page.PRIMARY if access.primary_class(class_id) else grid_page.SECONDARY
    return grid_page.grid_page(kind, class_id, code, semester)
