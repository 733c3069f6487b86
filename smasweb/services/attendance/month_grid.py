"""The month grid (sổ điểm danh tháng) of one class: pupils × the school days of a
calendar month, each cell the day's absences, with totals and the attendance rate.

Read with one query for the month's records of the class (the rows are sparse:
only absences), one for its pupils and one for the year's holidays, whatever the
class's size. Reasons are not shown, so officers read the same grid as the school.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import Student, User
from smasweb.models.attendance import AttendanceRecord
from smasweb.services.attendance.classes import ClassAccess, get_class
from smasweb.services.attendance.roll_call import attendance_rate, pupils, sessions_of
from smasweb.services.calendar import school_days

PRESENT = "–"  # a present session beside an absent one: "K/–"


def cell_text(marks: dict[str, str], sessions: tuple[str, ...]) -> str:
    """A day's absences of a pupil in one compact cell: "" present; "P" or "K" absent
    the whole day (every session) with one status; else one mark per session in
    order (sáng/chiều), "–" for present: "K/–", "–/P", "P/K"."""
    if not marks:
        return ""
    statuses = [marks.get(s) for s in sessions]
    if None not in statuses and len(set(statuses)) == 1:
        return statuses[0]
    return "/".join(v or PRESENT for v in statuses)


@dataclass
class GridRow:
    student: Student
    cells: list[str] = field(default_factory=list)  # one per grid day
    excused: int = 0  # buổi nghỉ có phép
    unexcused: int = 0  # buổi nghỉ không phép


@dataclass
class MonthGrid:
    access: ClassAccess
    month: date  # its first day
    days: list[date]  # the month's school days, the grid's columns
    sessions: tuple[str, ...]
    rows: list[GridRow]
    absent_by_day: list[int]  # số HS vắng, one per day
    counted_to: date | None  # the last day the rate counts (no day to come)

    @property
    def cls(self):
        return self.access.cls

    @property
    def expected(self) -> int:
        """Sessions expected: pupils × school days up to counted_to × sessions."""
        if self.counted_to is None:
            return 0
        n_days = sum(1 for d in self.days if d <= self.counted_to)
        return len(self.rows) * n_days * len(self.sessions)

    @property
    def excused(self) -> int:
        return sum(r.excused for r in self.rows)

    @property
    def unexcused(self) -> int:
        return sum(r.unexcused for r in self.rows)

    @property
    def absent_sessions(self) -> int:
        return self.excused + self.unexcused

    @property
    def rate(self) -> float | None:
        """Sessions present / sessions expected, in % (None: no day counted yet)."""
        return attendance_rate(self.expected, self.absent_sessions)

    @property
    def rate_text(self) -> str:
        """The rate with one decimal and a Vietnamese comma ("96,3%"), or "–"."""
        rate = self.rate
        return "–" if rate is None else f"{rate:.1f}%".replace(".", ",")


def month_records(class_id: int, first: date, last: date) -> list[tuple]:
    """(student id, day, session, status) of the class's absences in the range."""
    stmt = select(
        AttendanceRecord.student_id,
        AttendanceRecord.day,
        AttendanceRecord.session,
        AttendanceRecord.status,
    ).where(
        AttendanceRecord.class_id == class_id,
        AttendanceRecord.day.between(first, last),
    )
    return list(db.session.execute(stmt))


def month_grid(actor: User, class_id: int, year: int, month: int) -> MonthGrid:
    """The grid of a class's month. Raises NotFound, PermissionDenied (as the roll
    call: services/attendance/classes.get_class)."""
    access = get_class(actor, class_id)
    first = date(year, month, 1)
    last = (first + timedelta(days=31)).replace(day=1) - timedelta(days=1)
    days = school_days.between(first, last)
    sessions = sessions_of(access.cls)
    marks: dict[tuple[int, date], dict[str, str]] = {}
    for sid, day, session, status in month_records(class_id, first, last):
        marks.setdefault((sid, day), {})[session] = status
    rows = [_row(p, days, sessions, marks) for p in pupils(access.cls)]
    absent = [sum(1 for r in rows if r.cells[i]) for i in range(len(days))]
    today = clock.today()
    counted = [d for d in days if d <= today]
    return MonthGrid(
        access, first, days, sessions, rows, absent, counted[-1] if counted else None
    )


def _row(pupil: Student, days: list[date], sessions: tuple, marks: dict) -> GridRow:
    row = GridRow(pupil)
    for day in days:
        day_marks = {
            s: v for s, v in marks.get((pupil.id, day), {}).items() if s in sessions
        }
        row.cells.append(cell_text(day_marks, sessions))
        for status in day_marks.values():
            if status == "P":
                row.excused += 1
            else:
                row.unexcused += 1
    return row
