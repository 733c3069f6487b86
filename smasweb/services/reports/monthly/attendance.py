"""Section IV (Chuyên cần) of the monthly report: absence sessions with and without
permission and the attendance rate, by grade (preschool: by the class's age group).

- Absences: the roll calls' records (AttendanceRecord, one per pupil and session)
  dated inside the report month, by the class they were taken in.
- Sessions due (số buổi học phải có): pupils in the class at the end of the month
  (pupils.sizes) × the sessions their class meets a day × the school days of the
  month up to its end (school_days: weekdays of the teaching year, not holidays).
- Tỷ lệ chuyên cần = (sessions due − absences) / sessions due, a derived cell.
"""

from collections import Counter
from datetime import timedelta

from sqlalchemy import func, select

from smasweb import codelists
from smasweb.extensions import db
from smasweb.models.attendance import AttendanceRecord
from smasweb.models.schools import ClassGroup
from smasweb.services.attendance.roll_call import attendance_rate
from smasweb.services.calendar import school_days
from smasweb.services.reports.monthly.pupils import Month
from smasweb.services.reports.tables import Row, Table

COLUMNS = [
    ("Số buổi học phải có",),
    ("Số buổi nghỉ học", "Có phép"),
    ("Số buổi nghỉ học", "Không phép"),
    ("Tỷ lệ chuyên cần (%)",),
]
DUE, EXCUSED, UNEXCUSED, RATE = range(4)  # the cells of a row
PRESCHOOL_GRADES = ("16", "17")
SESSIONS = "buổi"


def school_day_count(month: Month) -> int:
    """School days after month.start up to month.end."""
    return len(school_days.between(month.start + timedelta(days=1), month.end))


def absences(school_ids: list[int], grades: list[str], month: Month) -> Counter:
    """{(grade, age group or "", status): sessions} of the month's roll calls."""
    r = AttendanceRecord
    keys = (ClassGroup.grade, ClassGroup.age_group, r.status)
    stmt = (
        select(*keys, func.count())
        .join(ClassGroup, ClassGroup.id == r.class_id)
        .where(
            r.school_id.in_(school_ids),
            r.day > month.start,
            r.day <= month.end,
            ClassGroup.grade.in_(grades),
        )
        .group_by(*keys)
    )
    return Counter({(g, a or "", s): n for g, a, s, n in db.session.execute(stmt)})


def _groups(grades: list[str], sizes: Counter) -> list[tuple[str, str, set]]:
    """(label, key kind, keys) per row under Tổng số: grades, or for preschool
    the age groups of its classes (codelist age_groups)."""
    if set(grades) <= set(PRESCHOOL_GRADES):
        labels = codelists.labels("age_groups")
        return [(label, "age", {code}) for code, label in labels.items()]
    return [(codelists.label("grades", g, g), "grade", {g}) for g in grades]


def table(grades: list[str], month: Month, sizes: Counter, absent: Counter) -> Table:
    days = school_day_count(month)

    def cells(kind: str | None, keys: set) -> list:
        def chosen(grade: str, age: str) -> bool:
            return kind is None or (grade if kind == "grade" else age) in keys

        due = sum(
            n * sessions * days
            for (when, g, a, sessions, person), n in sizes.items()
            if when == "end" and person == "all" and chosen(g, a)
        )
        excused = sum(n for (g, a, s), n in absent.items() if s == "P" and chosen(g, a))
        unexcused = sum(
            n for (g, a, s), n in absent.items() if s == "K" and chosen(g, a)
        )
        return [due, excused, unexcused, 0.0]

    rows = [Row("", "", "Tổng số", SESSIONS, cells=cells(None, set()))]
    rows += [
        Row("", "", label, SESSIONS, 1, cells=cells(kind, keys))
        for label, kind, keys in _groups(grades, sizes)
    ]
    title = f"IV. Chuyên cần ({days} ngày học trong tháng)"
    return Table("attendance", title, COLUMNS, rows)


def derive(t: Table) -> None:
    """The attendance rate of each row from its sessions (never summed)."""
    for row in t.rows:
        rate = attendance_rate(
            row.cells[DUE], row.cells[EXCUSED] + row.cells[UNEXCUSED]
        )
        row.cells[RATE] = 0.0 if rate is None else round(rate, 2)
