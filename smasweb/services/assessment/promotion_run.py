"""Year end: write the promotion plan (services/assessment/promotion.py) into next
year's enrolments and movements, all in one transaction or nothing."""

from collections import Counter

from smasweb.extensions import db
from smasweb.models import Unit, User
from smasweb.models.schools import year_label
from smasweb.models.students import Enrollment, Movement
from smasweb.services import school_data
from smasweb.services import years as school_years
from smasweb.services.assessment.promotion import (
    FIELD,
    PROMOTED,
    REPEAT,
    Placement,
    first_day,
    missing_message,
    plan,
)
from smasweb.services.calendar import windows
from smasweb.services.errors import Conflict, ValidationFailed
from smasweb.services.students.movements import rederive
from smasweb.services.students.rules import FIRST_GRADES, term_of
from smasweb.services.system import system_override


def run(actor: User, school: Unit, year: int) -> Counter:
    """Write the plan in one flush: next year's enrolments, the repeat and leaving
    movements, the statuses they give. Returns the count per outcome.

    Raises:
        NotFound, PermissionDenied: not the actor's school to write.
        PeriodLocked: next year's "students" field is closed (after-opening window
            or an unlock); nothing is written.
        ValidationFailed: next year's classes are missing; nothing is written.
        Conflict: every pupil with a decision is placed already (a second run).
    """
    school_data.require_write(actor, school, FIELD)
    windows.require_open(school, FIELD, year=year + 1)
    p = plan(actor, school, year)
    if p.missing:
        raise ValidationFailed(missing_message(p))
    todo = p.todo
    if not todo and any(r.done for r in p.rows):
        raise Conflict(
            f"Đã xếp lớp năm học {year_label(p.next_year)}: không còn học sinh "
            "có quyết định cuối năm nào cần xếp."
        )
    if not todo:
        raise ValidationFailed(
            f"Chưa có học sinh nào của năm học {year_label(year)} có quyết định "
            "cuối năm (lên lớp, ở lại lớp): hãy chốt kết quả cả năm trước."
        )
    school_years.ensure_year(year + 1)
    db.session.add_all(
        Enrollment(
            school_id=school.id,
            student_id=r.student.id,
            year=year + 1,
            class_id=r.target.id,
            intake=_intake(r),
        )
        for r in todo
        if r.target is not None
    )
    db.session.flush()  # the guard checks the enrolments: 423 outside the window
    moving = [r for r in todo if r.outcome != PROMOTED]
    _write_movements(school, year, moving, first_day(year + 1))
    return Counter(r.outcome for r in todo)


def _intake(row: Placement) -> str:
    if row.outcome == REPEAT:
        return "repeat"
    return "new" if row.target.grade in FIRST_GRADES else "up"


def _write_movements(school: Unit, year: int, rows: list[Placement], day) -> None:
    """The repeat and leaving movements and the statuses they give. The "movements"
    field opens with the monthly reports only, so, like add_movement's enrolment,
    they follow the enrolments (checked above) inside a recorded override."""
    reason = f"xếp lớp năm học {year_label(year + 1)} theo quyết định cuối năm"
    with system_override(reason):
        for r in rows:
            db.session.add(
                Movement(
                    school_id=school.id,
                    student_id=r.student.id,
                    year=year + 1,
                    kind="repeat" if r.outcome == REPEAT else "graduated",
                    on_date=day,
                    term=term_of(day),
                    class_id=r.target.id if r.target else None,
                    note=f"Theo quyết định cuối năm học {year_label(year)}",
                )
            )
        db.session.flush()
        for r in rows:
            rederive(r.student)
        db.session.flush()
