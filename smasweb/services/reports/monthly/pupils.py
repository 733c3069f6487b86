"""Sections I (Sĩ số) and II (Tăng, giảm; thôi học) of the monthly report, from
the pupils' dated movements.

The report month runs from the day after the previous month's data date to this
month's (16/09–15/10 by default: month_bounds). Sĩ số đầu tháng are the pupils in
their school at the end of the previous data date, cuối tháng at the end of this
one (as_of.present_on, the one answer every report uses); the school year's
denominator (sĩ số đầu năm học) at the end of its first day. Increases and
decreases are the movements dated inside the month; what a month's movements move
is exactly the difference, so each grade's row balances:
đầu tháng + chuyển đến + nhập học + trở lại học − chuyển đi − thôi học = cuối tháng.
"""

from calendar import monthrange
from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case, func, select

from smasweb import codelists
from smasweb.extensions import db
from smasweb.models.schools import TWO_SESSION_PATTERNS, ClassGroup
from smasweb.models.students import Enrollment, Movement, Student
from smasweb.services import years as school_years
from smasweb.services.students.as_of import WIDE_SCAN, away_ids, present_on
from smasweb.services.summaries import NOT_MINORITY

INCREASES = ("transfer_in", "admission", "return")
DECREASES = ("transfer_out", "dropout")
MOVES = INCREASES + DECREASES
WHEN = ("year_start", "start", "end")  # the days sizes() counts at


@dataclass(frozen=True)
class Month:
    """A report month: pupils count at the end of `start` and of `end`;
    movements dated after `start` up to `end` happened inside it."""

    year: int  # the school year
    year_start: date
    start: date
    end: date


def month_bounds(year: int, data_date: date, end: date | None = None) -> Month:
    """The report month whose data date is `data_date`: from the same day of the
    month before (the monthly periods repeat their dates), counted up to `end`
    (a live draft: today, if earlier)."""
    y, m = data_date.year, data_date.month - 1
    y, m = (y, m) if m else (y - 1, 12)
    start = date(y, m, min(data_date.day, monthrange(y, m)[1]))
    first_day = school_years.ensure_year(year).starts_on
    return Month(year, first_day, start, min(end or data_date, data_date))


def _people(female, minority) -> tuple[str, ...]:
    """The people columns a pupil counts in: Tổng số, Nữ, DTTS, DTTS nữ."""
    out = ("all",) + (("female",) if female else ())
    return out + (("minority", "minority_female") if minority and female else
                  ("minority",) if minority else ())  # fmt: skip


def sessions_per_day():
    """SQL: the sessions a class meets a day (roll_call.sessions_of): two for a
    two-session general-education class, one for the others and preschool."""
    two = and_(
        ClassGroup.age_group.is_(None),
        ClassGroup.session_pattern.in_(TWO_SESSION_PATTERNS),
    )
    return case((two, 2), else_=1)


def sizes(school_ids: list[int], grades: list[str], month: Month) -> Counter:
    """{(when, grade, age group, sessions a day, people column): pupils} for
    `when` in WHEN (the class's age group and sessions: the attendance table's)."""
    days = {"year_start": month.year_start, "start": month.start, "end": month.end}
    keys = (
        ClassGroup.grade,
        ClassGroup.age_group,
        sessions_per_day(),
        Student.gender == "02",
        Student.ethnicity.not_in(NOT_MINORITY),
    )
    # the away ids read first even for a school: three subqueries of the window
    # query in one grouped scan cost more than three short id lists
    present = [present_on(days[w], away_ids(days[w])) for w in WHEN]
    counts = [func.count().filter(p) for p in present]
    stmt = (
        select(*keys, *counts)
        .select_from(Enrollment)
        .join(Student, Student.id == Enrollment.student_id)
        .join(ClassGroup, ClassGroup.id == Enrollment.class_id)
        .where(
            Enrollment.year == month.year,
            Student.school_id.in_(school_ids),
            ClassGroup.grade.in_(grades),
        )
        .group_by(*keys)
    )
    if len(school_ids) <= WIDE_SCAN:  # a school's or district's enrolments by index
        stmt = stmt.where(Enrollment.school_id.in_(school_ids))
    out: Counter = Counter()
    for grade, age_group, sessions, female, minority, *ns in db.session.execute(stmt):
        for when, n in zip(WHEN, ns, strict=True):
            for person in _people(female, minority):
                out[when, grade, age_group or "", sessions, person] += n
    return out


def size_of(sizes: Counter, when: str, grades, person: str) -> int:
    """Pupils of these grades in one people column at `when`."""
    return sum(
        n
        for (w, g, _, _, p), n in sizes.items()
        if w == when and g in grades and p == person
    )


def moves(school_ids: list[int], grades: list[str], month: Month) -> Counter:
    """{(kind, reason or "", span, grade, people column): movements} of the
    month (span "month") and of the school year up to the month's end ("year")."""
    in_month = Movement.on_date > month.start
    keys = (
        Movement.kind,
        Movement.reason,
        in_month,
        ClassGroup.grade,
        Student.gender == "02",
        Student.ethnicity.not_in(NOT_MINORITY),
    )
    stmt = (
        select(*keys, func.count())
        .select_from(Movement)
        .join(Student, Student.id == Movement.student_id)
        .join(
            Enrollment,
            (Enrollment.student_id == Student.id) & (Enrollment.year == month.year),
        )
        .join(ClassGroup, ClassGroup.id == Enrollment.class_id)
        .where(
            Movement.school_id.in_(school_ids),
            Movement.year == month.year,
            Movement.kind.in_(MOVES),
            Movement.on_date <= month.end,
            ClassGroup.grade.in_(grades),
        )
        .group_by(*keys)
    )
    out: Counter = Counter()
    for kind, reason, inside, grade, female, minority, n in db.session.execute(stmt):
        for span in ("month", "year") if inside else ("year",):
            for person in _people(female, minority):
                out[kind, reason or "", span, grade, person] += n
    return out


def reasons() -> dict[str, str]:
    """{code: label} of the official dropout reasons (dropout_reasons)."""
    return codelists.labels("dropout_reasons")
