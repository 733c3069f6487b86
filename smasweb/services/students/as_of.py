"""Where pupils were on a day: the one answer every report and summary uses.

A pupil record counts in its school at the end of day D when its movements up to D
leave it there: the last status-changing movement dated on or before D is not a
leaving one (chuyển đi, thôi học). A movement dated after D has not happened yet,
even if Student.active already says so; a record whose first movement is an arrival
(admission, transfer in) dated after D is not in the school yet. Otherwise the
record's flag holds (Student.active, derived from the movements or imported),
unless the leaving that cleared it is dated after D.

The test runs over the movements only (few rows), as one NOT IN (…) over a window
query, so the grouped report query keeps its plan.
"""

from datetime import date
from functools import lru_cache

from sqlalchemy import Integer, Select, and_, func, literal, not_, or_, select
from sqlalchemy.dialects.postgresql import ARRAY

from smasweb.extensions import db
from smasweb.models.students import Movement, Student
from smasweb.services.students.rules import LEAVING

ARRIVALS = ("admission", "transfer_in")
NO_STATUS = ("class_change",)  # movements that leave the status as it was
# Schools beyond which a report's scan reads the away ids beforehand: a school's or
# a district's keeps the subquery, not every away pupil of the province
WIDE_SCAN = 200


def _ranked(day: date):
    """Each record's status movements, with their rank from the last up to `day`
    (by_day) and from the first ever (first)."""
    on_or_before = Movement.on_date <= day
    return (
        select(
            Movement.student_id,
            Movement.kind,
            on_or_before.label("past"),
            func.row_number()
            .over(
                partition_by=Movement.student_id,
                order_by=(
                    on_or_before.desc(),
                    Movement.on_date.desc(),
                    Movement.id.desc(),
                ),
            )
            .label("by_day"),
            func.row_number()
            .over(
                partition_by=Movement.student_id,
                order_by=(Movement.on_date, Movement.id),
            )
            .label("first"),
        )
        .where(Movement.kind.not_in(NO_STATUS))
        .subquery("ranked")
    )


def away_on(day: date) -> Select:
    """SELECT of the ids of pupil records that were not in their school at the end
    of `day` because of their movements (gone by then, or not yet arrived)."""
    r = _ranked(day)
    gone = and_(r.c.by_day == 1, r.c.past, r.c.kind.in_(LEAVING))
    # a first movement after the day: the record had none by then
    not_yet = and_(r.c.first == 1, not_(r.c.past), r.c.kind.in_(ARRIVALS))
    return select(r.c.student_id).where(or_(gone, not_yet))


def present_on(day: date, away: list[int] | None = None):
    """SQL condition on Student: the record was in its school at the end of `day`.
    `away`: the ids away_on(day) selects, read beforehand (away_ids)."""
    return _present_on(day, None if away is None else tuple(away))


@lru_cache(maxsize=64)
def _present_on(day: date, away: tuple[int, ...] | None):
    # built once per day and list: building the window query costs ~4 ms, and a
    # demo's or a scheduler's freezing builds hundreds of reports of the same days
    leaves_later = select(Movement.student_id).where(
        Movement.kind.in_(LEAVING), Movement.on_date > day
    )
    gone = (
        Student.id.not_in(away_on(day))
        if away is None
        else Student.id != func.all(literal(list(away), ARRAY(Integer)))
    )
    return and_(gone, or_(Student.active, Student.id.in_(leaves_later)))


def away_ids(day: date) -> list[int] | None:
    """PostgreSQL: the ids of away_on(day), for present_on(day, away). Its window
    query as a subplan keeps a province's pupil scan serial (issue 15); one array
    of ids is hashed and read by every parallel worker. None elsewhere."""
    if db.session.get_bind().dialect.name != "postgresql":
        return None
    return list(db.session.scalars(away_on(day)))


def present_among(day: date, school_ids: list[int] | None):
    """present_on(day) for a query over these schools' pupils (None: all): a
    province-wide scan (more than WIDE_SCAN schools) reads the away ids first."""
    wide = school_ids is None or len(school_ids) > WIDE_SCAN
    return present_on(day, away_ids(day) if wide else None)


def pupils_on(day: date, school_ids: list[int] | None = None) -> Select:
    """SELECT of the ids of pupil records in these schools (all schools when None)
    at the end of `day`."""
    stmt = select(Student.id).where(present_on(day))
    if school_ids is not None:
        stmt = stmt.where(Student.school_id.in_(school_ids))
    return stmt
