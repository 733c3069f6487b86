"""Báo cáo tháng: each month's pupils, movements, dropouts and attendance for a
school, a middle unit or the province, per education level, as of the month's data
date.

I Sĩ số: by grade, pupils at the start and end of the report month; II what moved
them, by grade (pupils.py says how each is counted); III the month's and the school
year's movements by kind, dropouts by official reason, and the dropout rates; IV
absences and the attendance rate (attendance.py); for the secondary levels, V and
VI the share of the regular assessments entered by the data date, per subject and
per school (mark_progress.py). A rate is a derived cell
(derive()): recomputed from the counts whenever they change, also after a
district's report adds up its schools' frozen ones.
"""

from collections import Counter
from datetime import timedelta

from smasweb import codelists
from smasweb.services.reports import (
    ReportDefinition,
    parallel,
    query_settings,
    register,
    workbook,
)
from smasweb.services.reports.monthly import attendance, mark_progress, pupils
from smasweb.services.reports.monthly.pupils import Month, month_bounds
from smasweb.services.reports.scope import ReportScope
from smasweb.services.reports.tables import ReportData, Row, Table
from smasweb.text import vn_date

CODE = "monthly"
TITLE = "Báo cáo tháng"
PEOPLE = (("all", "Tổng số"), ("female", "Nữ"), ("minority", "Dân tộc thiểu số"))
SIZE_COLUMNS = [
    *(("Đầu tháng", label) for _, label in PEOPLE),
    *(("Cuối tháng", label) for _, label in PEOPLE),
]
MOVE_KINDS = (*pupils.INCREASES, *pupils.DECREASES)
GRADE_MOVE_COLUMNS = [
    ("Tăng", "Chuyển đến"),
    ("Tăng", "Nhập học mới"),
    ("Tăng", "Đi học lại"),
    ("Giảm", "Chuyển đi"),
    ("Giảm", "Thôi học"),
]
SPANS = (("month", "Trong tháng"), ("year", "Từ đầu năm học"))
MOVE_COLUMNS = [(span, label) for _, span in SPANS for _, label in PEOPLE]
PUPILS = "học sinh"
# table III's rows that derive() reads and writes, by their TT
DROPOUTS, BASE, RATE = "2.2.", "3.", "4."


def _by_grade(grades: list[str], cells) -> list[Row]:
    """Tổng số, then a row per grade: cells(the grades it counts)."""
    rows = [Row("", "", "Tổng số", PUPILS, cells=cells(grades))]
    return rows + [
        Row("", "", codelists.label("grades", g, g), PUPILS, 1, cells=cells([g]))
        for g in grades
    ]


def _size_table(grades: list[str], sizes: Counter) -> Table:
    def cells(chosen: list[str]) -> list[int]:
        return [
            pupils.size_of(sizes, when, chosen, p)
            for when in ("start", "end")
            for p, _ in PEOPLE
        ]

    rows = _by_grade(grades, cells)
    return Table("pupils", "I. Sĩ số học sinh", SIZE_COLUMNS, rows)


def _grade_move_table(grades: list[str], moved: Counter) -> Table:
    """The month's movements by grade: đầu tháng + tăng − giảm = cuối tháng."""

    def cells(chosen: list[str]) -> list[int]:
        month = Counter()
        for (kind, _, span, grade, person), n in moved.items():
            if span == "month" and grade in chosen and person == "all":
                month[kind] += n
        return [month[k] for k in MOVE_KINDS]

    rows = _by_grade(grades, cells)
    title = "II. Học sinh tăng, giảm trong tháng theo khối lớp"
    return Table("grade_moves", title, GRADE_MOVE_COLUMNS, rows)


def _move_table(grades: list[str], sizes: Counter, moved: Counter) -> Table:
    def cells(kinds, reason: str | None = None) -> list[int]:
        out = Counter()
        for (kind, why, span, _, person), n in moved.items():
            if kind in kinds and (reason is None or why == reason):
                out[span, person] += n
        return [out[s, p] for s, _ in SPANS for p, _ in PEOPLE]

    labels = codelists.labels("movement_kinds")
    rows = [Row("", "1.", "Học sinh tăng", PUPILS, cells=cells(pupils.INCREASES))]
    rows += [
        Row("", f"1.{i}.", labels[k], PUPILS, 1, cells=cells((k,)))
        for i, k in enumerate(pupils.INCREASES, 1)
    ]
    rows.append(Row("", "2.", "Học sinh giảm", PUPILS, cells=cells(pupils.DECREASES)))
    rows += [
        Row("", f"2.{i}.", labels[k], PUPILS, 1, cells=cells((k,)))
        for i, k in enumerate(pupils.DECREASES, 1)
    ]
    reasons = {**pupils.reasons(), "": "Chưa ghi lý do"}
    rows += [
        Row("", "", label, PUPILS, 2, "Chia theo lý do:" if not i else "",
            cells=cells(("dropout",), code))
        for i, (code, label) in enumerate(reasons.items())
    ]  # fmt: skip
    base = [
        pupils.size_of(sizes, when, grades, p)
        for when in ("start", "year_start")
        for p, _ in PEOPLE
    ]
    rows += [
        Row("", BASE, "Sĩ số làm căn cứ tính tỷ lệ", PUPILS, cells=base,
            note="Trong tháng: sĩ số đầu tháng; từ đầu năm học: sĩ số cuối ngày "
                 "đầu tiên của năm học."),
        Row("", RATE, "Tỷ lệ học sinh thôi học", "%", cells=[0.0] * len(base)),
    ]  # fmt: skip
    return Table("moves", "III. Học sinh tăng, giảm và thôi học", MOVE_COLUMNS, rows)


def derive(data: ReportData) -> ReportData:
    """Recompute the rates from the counts (a rate is never summed)."""
    rows = {r.number: r for r in data.table("moves").rows if r.number}
    dropouts, base = rows[DROPOUTS].cells, rows[BASE].cells
    rows[RATE].cells = [
        round(100 * n / d, 2) if d else 0.0 for n, d in zip(dropouts, base, strict=True)
    ]
    attendance.derive(data.table("attendance"))
    mark_progress.derive({t.key: t for t in data.tables})
    return data


def month_of(scope: ReportScope) -> Month:
    """The scope's report month, counted up to scope.day (a live draft: today, if
    earlier than the data date); without a period, the month up to today."""
    data_date = scope.period.data_date if scope.period else scope.day
    return month_bounds(scope.year, data_date, scope.day)


def _live_title(month: Month) -> str:
    first = month.start + timedelta(days=1)
    return f"Từ ngày {vn_date(first)} đến ngày {vn_date(month.end)}"


def build(scope: ReportScope) -> ReportData:
    month, ids, grades = month_of(scope), scope.school_ids, scope.grades
    jobs = {
        "sizes": lambda: pupils.sizes(ids, grades, month),
        "moved": lambda: pupils.moves(ids, grades, month),
        "absent": lambda: attendance.absences(ids, grades, month),
    }
    marked = scope.level in mark_progress.LEVELS
    if marked:
        jobs["done"] = lambda: mark_progress.entered(ids, grades, month)
        jobs["due"] = lambda: mark_progress.required(ids, grades, month)
    got = {name: Counter() for name in jobs}
    if ids:  # side by side in one snapshot for a province (parallel.py)
        got = parallel.run(jobs, prepare=query_settings.for_report, schools=len(ids))
    sizes, moved, absent = got["sizes"], got["moved"], got["absent"]
    tables = [
        _size_table(grades, sizes),
        _grade_move_table(grades, moved),
        _move_table(grades, sizes, moved),
        attendance.table(grades, month, sizes, absent),
    ]
    if marked:
        tables += mark_progress.tables(
            grades, month, scope.schools, got["done"], got["due"]
        )
    data = scope.report(CODE, TITLE, tables, _live_title(month))
    return derive(data)


DEFINITION = register(
    ReportDefinition(
        code=CODE,
        title=TITLE,
        period_kinds=("monthly",),
        unit_levels=("school", "district", "province"),
        fields=("attendance", "movements", "grades"),
        build=build,
        template="reports/print/report.html",
        excel=workbook.excel,
        derive=derive,
    )
)
