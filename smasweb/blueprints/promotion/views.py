"""Xếp lớp năm học mới: the plan of last year's decisions (a dry run) and the
"Thực hiện" button that writes it. The form is a plain POST (303 after it, the page
again with the reason for a refusal); the 423 of a closed window is the app's."""

from flask import request, url_for
from flask_login import current_user

from smasweb.blueprints.forms_common import EmptyForm
from smasweb.blueprints.query_args import int_arg
from smasweb.extensions import db
from smasweb.models.schools import year_label
from smasweb.rendering import done, render
from smasweb.services import policy, school_data
from smasweb.services import years as school_years
from smasweb.services.assessment import promotion
from smasweb.services.assessment.promotion_run import run
from smasweb.services.errors import Conflict, PermissionDenied, ValidationFailed

from .blueprint import bp


def _year() -> int:
    """?year= names the year that ended (default: the one before the current)."""
    year = int_arg(request.args, "year")
    current = school_years.current_year()
    return year if year and 2000 <= year < current else current - 1


def _page(school, year: int, error: str | None = None, status: int = 200):
    may_run = policy.can(current_user, "data.write", unit=school, field=promotion.FIELD)
    if may_run:  # the banner says when the pupils' window is closed
        school_data.require_write(current_user, school, promotion.FIELD)
    plan = promotion.plan(current_user, school, year)
    return render(
        "promotion/index.html",
        status=status,
        school=school,
        plan=plan,
        plan_day=promotion.first_day(plan.next_year),
        missing_message=promotion.missing_message(plan),
        done_key=promotion.DONE,
        years=[
            y for y in school_years.known_years() if y < school_years.current_year()
        ],
        may_run=may_run,
        error=error,
        form=EmptyForm(),
        outcomes=promotion.OUTCOMES,
    )


def _school(write: bool):
    school_id = int_arg(request.args, "school")
    if write:
        return school_data.writable_school(current_user, promotion.FIELD, school_id)
    school = school_data.readable_school(current_user, promotion.FIELD, school_id)
    if policy.works_on_own_classes(current_user):
        raise PermissionDenied()
    return school


@bp.get("/")
def index():
    return _page(_school(write=False), _year())


@bp.post("/")
def execute():
    school, year = _school(write=True), _year()
    if not EmptyForm().validate_on_submit():
        return _page(school, year, "Phiên làm việc đã hết hạn, hãy thử lại.", 422)
    try:
        counts = run(current_user, school, year)
    except (ValidationFailed, Conflict) as exc:
        db.session.rollback()
        return _page(school, year, exc.message, exc.status)
    summary = ", ".join(
        f"{n} {promotion.OUTCOMES[k].lower()}" for k, n in counts.items()
    )
    message = f"Đã xếp lớp năm học {year_label(year + 1)}: {summary}."
    return done(url_for("promotion.index", school=school.id, year=year), message)
