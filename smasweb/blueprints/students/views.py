"""Pupils: the list with search and filters, one record.

Forms live in records.py, movements and transfers in movements.py, rosters and
duplicates in rosters.py; every module adds its routes to the one `bp`.
"""

from flask import request
from flask_login import current_user

from smasweb import codelists
from smasweb.blueprints.query_args import page_arg, page_count, to_int
from smasweb.rendering import render
from smasweb.services import policy
from smasweb.services import years as school_years
from smasweb.services.students import records as students
from smasweb.services.students import supports
from smasweb.services.students.movements import (
    TERMS,
    may_move,
    other_school_names,
)

from .blueprint import bp


@bp.context_processor
def _template_helpers() -> dict:
    return {
        "label": codelists.label,
        "labels": codelists.labels,
        "code_labels": code_labels,
        "terms": TERMS,
    }


def code_labels(codelist: str, codes) -> str:
    return ", ".join(codelists.label(codelist, c) for c in codes)


def filters(args) -> students.StudentFilters:
    status = args.get("status", "")
    if status != "all" and status not in codelists.labels("student_statuses"):
        status = ""
    gender = args.get("gender", "")
    return students.StudentFilters(
        q=args.get("q", "").strip()[:100],
        school=args.get("school", "").strip()[:100],
        class_id=to_int(args.get("class")),
        status=status,
        gender=gender if gender in codelists.labels("genders") else "",
    )


def _list_context(args) -> dict:
    f, page = filters(args), page_arg(args)
    rows, total = students.search_students(current_user, f, page, listed=True)
    school = policy.own_school(current_user)
    return {
        "f": f,
        "rows": rows,
        "total": total,
        "page": page,
        "pages": page_count(total),
        "officer": school is None,
        "classes": students.classes_of(school) if school else [],
        "may_add": students.may_write(current_user, school),
        "statuses": codelists.labels("student_statuses"),
    }


@bp.get("/")
def index():
    return render(
        "students/index.html", "student_results", **_list_context(request.args)
    )


@bp.get("/<int:student_id>")
def detail(student_id: int):
    student = students.get_student(current_user, student_id)
    previous, later = students.linked_records(student)
    moves = students.movements_of(student)
    sees_personal = policy.can_see_personal(current_user, student.school)
    return render(
        "students/detail.html",
        student=student,
        school=student.school,
        enrollments=students.enrollments_of(student),
        moves=moves,
        support_codes=supports.current_codes(student),
        grants=supports.grants_of(student) if sees_personal else [],
        sees_personal=sees_personal,
        other_names=other_school_names(current_user, moves),
        previous=previous,
        later=later,
        may_read=lambda unit: students.may_read(current_user, unit),
        may_write=students.may_write(current_user, student.school),
        may_move=may_move(current_user, student),
        current_year=school_years.current_year(),
    )
