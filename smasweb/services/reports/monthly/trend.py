"""The monthly board's trend: a unit's schools month by month over the school year,
up to the board's month: the attendance rate (%) and the dropouts.

Counted with the monthly report's rules (sections III and IV), for the whole unit at
once in three grouped queries rather than a report build per month (a province on
PostgreSQL reads each month's away ids first: as_of.present_among):

- Months: the year's monthly periods whose data date is not after the board's, each
  a report month (month_bounds: the 16th of the previous month to the 15th); one
  still under way counts up to today, one not begun is left out.
- Absences: the roll calls' records (có phép and không phép) of the schools' classes
  of the board's levels, read per day and put into their month here.
- Sessions due (số buổi học phải có) of a month ≈ the pupils enrolled that year and
  in their school at the end of the month (as_of.present_on) × the sessions their
  class meets a day (pupils.sessions_per_day) × the month's school days
  (school_days.non_school_days, read once for the whole span).
- Tỷ lệ chuyên cần = (sessions due − absences) / sessions due; none without
  sessions due.
- Dropouts: the dropout movements dated inside the month (their grade: the pupil's
  class of the year, as in the report).
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select

from smasweb import clock, codelists
from smasweb.extensions import db
from smasweb.models import ReportPeriod, Unit
from smasweb.models.attendance import AttendanceRecord
from smasweb.models.schools import ClassGroup
from smasweb.models.students import Enrollment, Movement, Student
from smasweb.services import tree
from smasweb.services import years as school_years
from smasweb.services.attendance.roll_call import attendance_rate
from smasweb.services.calendar import school_days, windows
from smasweb.services.reports import approvals
from smasweb.services.reports.monthly.pupils import (
    Month,
    month_bounds,
    sessions_per_day,
)
from smasweb.services.students.as_of import WIDE_SCAN, present_among

KIND = "monthly"


@dataclass(frozen=True)
class Point:
    """One report month of the trend."""

    number: int  # the calendar month (1–12)
    cal_year: int
    month: Month
    due: int  # sessions due
    absent: int  # absence sessions
    dropouts: int

    @property
    def label(self) -> str:
        return f"{self.number:02d}/{self.cal_year}"

    @property
    def rate(self) -> float | None:
        rate = attendance_rate(self.due, self.absent)
        return None if rate is None else round(rate, 2)


def months(period: ReportPeriod, today: date) -> list[tuple[ReportPeriod, Month]]:
    """The report months of the period's school year up to its own (see module doc)."""
    chosen = [
        p
        for p in windows.year_periods(period.year)
        if p.kind == KIND and p.data_date <= period.data_date
    ]
    # held while month_bounds asks for it per month: the session keeps loaded rows
    # only while referenced, and would read the school year again each time
    held = school_years.ensure_year(period.year)  # noqa: F841
    out = []
    for p in sorted(chosen, key=lambda p: p.data_date):
        month = month_bounds(p.year, p.data_date, today)
        if month.start < month.end:
            out.append((p, month))
    return out


def school_ids(unit: Unit) -> list[int]:
    """The open schools of the unit's subtree (the board's)."""
    stmt = select(Unit.id).where(
        Unit.kind == "school",
        Unit.closed_on.is_(None),
        Unit.id.in_(tree.subtree_ids(unit.id)),
    )
    return list(db.session.scalars(stmt))


def grades_of(levels: list[str]) -> list[str]:
    return [r["code"] for r in codelists.rows("grades") if r["level"] in levels]


def _month_of(day: date, spans: list[Month]) -> int | None:
    """The index of the month whose span (start, end] holds the day."""
    return next((i for i, m in enumerate(spans) if m.start < day <= m.end), None)


def _by_day(stmt, spans: list[Month]) -> list[int]:
    """[count per month] of a SELECT (day, count) grouped by day."""
    out = [0] * len(spans)
    for day, n in db.session.execute(stmt):
        i = _month_of(day, spans)
        if i is not None:
            out[i] += n
    return out


def absences(ids: list[int], grades: list[str], spans: list[Month]) -> list[int]:
    r = AttendanceRecord
    stmt = (
        select(r.day, func.count())
        .join(ClassGroup, ClassGroup.id == r.class_id)
        .where(
            r.school_id.in_(ids),
            r.day > spans[0].start,
            r.day <= spans[-1].end,
            ClassGroup.grade.in_(grades),
        )
        .group_by(r.day)
    )
    return _by_day(stmt, spans)


def dropouts(ids: list[int], grades: list[str], spans: list[Month]) -> list[int]:
    year = spans[0].year
    stmt = (
        select(Movement.on_date, func.count())
        .join(
            Enrollment,
            (Enrollment.student_id == Movement.student_id) & (Enrollment.year == year),
        )
        .join(ClassGroup, ClassGroup.id == Enrollment.class_id)
        .where(
            Movement.school_id.in_(ids),
            Movement.year == year,
            Movement.kind == "dropout",
            Movement.on_date > spans[0].start,
            Movement.on_date <= spans[-1].end,
            ClassGroup.grade.in_(grades),
        )
        .group_by(Movement.on_date)
    )
    return _by_day(stmt, spans)


def pupil_sessions(ids: list[int], grades: list[str], spans: list[Month]) -> list[int]:
    """Per month: the sum over pupils present at its end of their sessions a day."""
    per_day = sessions_per_day()
    counts = [func.count().filter(present_among(m.end, ids)) for m in spans]
    stmt = (
        select(per_day, *counts)
        .select_from(Enrollment)
        .join(Student, Student.id == Enrollment.student_id)
        .join(ClassGroup, ClassGroup.id == Enrollment.class_id)
        .where(
            Enrollment.year == spans[0].year,
            Student.school_id.in_(ids),
            ClassGroup.grade.in_(grades),
        )
        .group_by(per_day)
    )
    if len(ids) <= WIDE_SCAN:  # a school's or district's enrolments by index
        stmt = stmt.where(Enrollment.school_id.in_(ids))
    out = [0] * len(spans)
    for sessions, *ns in db.session.execute(stmt):
        for i, n in enumerate(ns):
            out[i] += sessions * n
    return out


def day_counts(spans: list[Month]) -> list[int]:
    """School days of each month (after its start, up to its end)."""
    days = school_days.between(spans[0].start + timedelta(days=1), spans[-1].end)
    by_month = Counter(_month_of(day, spans) for day in days)
    return [by_month[i] for i in range(len(spans))]


def trend(unit: Unit, period: ReportPeriod, levels: list[str]) -> list[Point]:
    """The unit's schools' months up to the period's, at these levels (the caller
    has checked that the actor reads the unit and the levels: board_unit)."""
    chosen = months(period, clock.today())
    ids, grades = school_ids(unit), grades_of(levels)
    if not chosen or not ids or not grades:
        return []
    spans = [m for _, m in chosen]
    absent = absences(ids, grades, spans)
    gone = dropouts(ids, grades, spans)
    pupils = pupil_sessions(ids, grades, spans)
    days = day_counts(spans)
    return [
        Point(p.month, p.data_date.year, m, pupils[i] * days[i], absent[i], gone[i])
        for i, (p, m) in enumerate(chosen)
    ]


@dataclass(frozen=True)
class Trend:
    points: list[Point]

    def chart(self) -> dict:
        return chart(self.points)


def for_board(board) -> Trend | None:
    """The trend of a monthly period's board (its unit and level filter); None for
    another report's period."""
    if approvals.code_of(board.period) != KIND:
        return None
    levels = [board.level] if board.level else board.levels
    return Trend(trend(board.unit, board.period, levels))


def chart(points: list[Point], width: int = 480) -> dict:
    """The trend's SVG geometry: the rates as a line over [low, 100] % above, the
    dropouts as bars from 0 below, one column per month."""
    step = min(56, (width - 50) // max(1, len(points)))
    rates = [p.rate for p in points if p.rate is not None]
    low = max(0, min(90, 5 * int((min(rates, default=100) - 1) // 5)))
    top = max((p.dropouts for p in points), default=0) or 1
    columns = []
    for i, p in enumerate(points):
        x = 50 + i * step + step // 2
        y = None if p.rate is None else 120 - round(90 * (p.rate - low) / (100 - low))
        height = round(50 * p.dropouts / top)
        columns.append(
            {"point": p, "x": x, "y": y, "bar": height, "bar_y": 210 - height}
        )
    line = " ".join(f"{c['x']},{c['y']}" for c in columns if c["y"] is not None)
    return {"columns": columns, "line": line, "low": low, "bar_width": step // 2}
