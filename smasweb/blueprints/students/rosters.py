"""Class rosters (printable on A4) and the possible duplicates across schools."""

from flask import request
from flask_login import current_user

from smasweb.blueprints.query_args import to_int
from smasweb.rendering import render
from smasweb.services import policy
from smasweb.services.errors import NotFound
from smasweb.services.students import records as student_records
from smasweb.services.students import roster as students_roster

from .blueprint import bp


@bp.get("/roster")
def roster():
    class_id = to_int(request.args.get("class"))
    if class_id is None:
        raise NotFound()
    cls, school, students, counts = students_roster.roster(current_user, class_id)
    return render(
        "students/roster.html",
        cls=cls,
        students=students,
        counts=counts,
        school=school,
    )


@bp.get("/duplicates")
def duplicates():
    pairs = students_roster.duplicates(current_user)
    school = policy.own_school(current_user)
    return render(
        "students/duplicates.html",
        "duplicate_results",
        pairs=pairs,
        may_transfer=student_records.may_write(current_user, school),
    )
