"""Báo cáo sau khai giảng: the start-of-year statistics report of one education
level, for a school, a middle unit or the province (Biểu 01-MN-ĐN, 02-TH-ĐN …).

Sections I Trường, II Lớp, III Học sinh, IV Cán bộ quản lý, giáo viên, nhân viên,
V Phòng học and the state budget, each built from its domain's summary (the same
functions the domain pages show), never from stored copies of their numbers. A
level whose official form is shipped (smasweb/data/forms) prints the form's rows,
labels and Mã số (form_tables, budget); the others keep the summaries' rows without
Mã số. Every table carries the form's notes, shown in the preview and the Excel.
"""

from smasweb.services.facilities import summary as facilities_summary
from smasweb.services.reports import (
    ReportDefinition,
    budget,
    form_tables,
    forms,
    parallel,
    preschool,
    query_settings,
    register,
    workbook,
)
from smasweb.services.reports.school_sections import classes_table, schools_table
from smasweb.services.reports.scope import ReportScope, reader
from smasweb.services.reports.tables import ReportData, Row, Table
from smasweb.services.staff import summary as staff_summary
from smasweb.services.students import summary as students_summary

CODE = "after_opening"
TITLE = "Báo cáo thống kê kỳ đầu năm học"
FORMS = {  # education level → the Ministry form's name
    "01": "Biểu 01-MN-ĐN",
    "02": "Biểu 02-TH-ĐN",
    "03": "Biểu 03-THCS-ĐN",
    "04": "Biểu 04-THPT-ĐN",
    "05": "Biểu 05-GDTX-ĐN",
}
GROUPS = ("Tổng số", "Công lập", "Ngoài công lập")
MINORITY = "Dân tộc thiểu số"
PEOPLE = (("Tổng",), ("Nữ",), (MINORITY, "Tổng"), (MINORITY, "Nữ"))
STUDENT_COLUMNS = [(g, *p) for g in GROUPS for p in PEOPLE]
STAFF_COLUMNS = [
    *((GROUPS[0], *p) for p in PEOPLE),
    (GROUPS[1], "Tổng"),
    (GROUPS[1], "Viên chức", "HĐLV không xác định thời hạn"),
    (GROUPS[1], "Viên chức", "HĐLV xác định thời hạn"),
    (GROUPS[1], "Hợp đồng lao động"),
    *((GROUPS[1], *p) for p in PEOPLE[1:]),
    *((GROUPS[2], *p) for p in PEOPLE),
]
ROOM_COLUMNS = [
    (g, p) for g in GROUPS for p in ("Tổng", "Kiên cố", "Bán kiên cố", "Tạm")
]


def _summary_rows(rows, unit: str, cells=lambda r: list(r.cells)) -> list[Row]:
    return [
        Row(r.indicator, r.number, r.label, unit, r.indent, r.heading, cells(r))
        for r in rows
    ]


def _official(form, got: dict) -> list[Table]:
    """Sections I–V and the budget exactly as the level's shipped form prints them."""
    pupils = form_tables.by_code(got["students"])
    if pupils:  # rows 67–72: the special schools' pupils, 0 without any
        form_tables.move_special(pupils, form_tables.by_code(got.get("special", [])))
    values = {
        "schools": form_tables.by_code(got["schools"].rows),
        "classes": form_tables.by_code(got["classes"].rows),
        "pupils": pupils,
        "staff": form_tables.by_code(got["staff"] or staff_summary.empty_rows()),
        "rooms": form_tables.by_code(
            got["rooms"] or facilities_summary.empty_rows(), lambda r: r.cells()
        ),
    }
    return [*form_tables.tables(form, values), got["budget"]]


def _unofficial(got: dict) -> list[Table]:
    """Today's rows for a level whose form is not shipped. Their Mã số are the
    primary form's, which the level's own form numbers differently: printed blank
    (the level's form is not confirmed yet: README, "Official forms")."""
    students, staff, rooms = got["students"], got["staff"], got["rooms"]
    tables = [
        got["schools"],
        got["classes"],
        Table(
            "pupils",
            "III. Học sinh",
            STUDENT_COLUMNS,
            _summary_rows(students, "người"),
            wide=True,
        ),
        Table(
            "staff",
            "IV. Cán bộ quản lý, giáo viên, nhân viên",
            STAFF_COLUMNS,
            _summary_rows(staff or staff_summary.empty_rows(), "người"),
            wide=True,
        ),
        Table(
            "rooms",
            "V. Phòng học",
            ROOM_COLUMNS,
            _summary_rows(
                rooms or facilities_summary.empty_rows(), "phòng", lambda r: r.cells()
            ),
            wide=True,
        ),
        got["budget"],
    ]
    for row in (r for t in tables for r in t.rows):
        row.indicator = ""
    return tables


def _tables(scope: ReportScope) -> list[Table]:
    """The six tables of the scope's level: its form's rows where shipped."""
    if scope.level == preschool.LEVEL:  # form 01-MN-ĐN row for row
        return preschool.tables(scope)
    # plain values only: the jobs may run in other threads (parallel.py)
    level, grades, day = scope.level, scope.grades, scope.day
    home, all_ids, year = scope.home_school_ids, scope.school_ids, scope.year
    form = forms.for_level(level, year)
    special = form_tables.special_school_ids(all_ids, year) if form else []
    jobs = {  # the pupils first: the longest
        "students": lambda: students_summary.build(
            reader(), all_ids, year, grades, day=day
        ),
        "staff": lambda: (
            staff_summary.build(reader(), home, year, day=day) if home else []
        ),
        "rooms": lambda: (
            facilities_summary.room_summary(reader(), school_ids=home) if home else []
        ),
        "schools": lambda: schools_table(home, level, year, day),
        "classes": lambda: classes_table(all_ids, grades, year),
        "budget": lambda: (
            budget.form_table(form, home, year)
            if form
            else budget.legacy_table(home, year)
        ),
    }
    if special:  # pupils of special schools move to rows 67–72
        jobs["special"] = lambda: students_summary.build(
            reader(), special, year, grades, day=day
        )
    got = parallel.run(jobs, prepare=query_settings.for_report, schools=len(all_ids))
    return _official(form, got) if form is not None else _unofficial(got)


def build(scope: ReportScope) -> ReportData:
    """The report for the scope (see ReportScope for who counts where)."""
    year = scope.year
    return scope.report(CODE, TITLE, _tables(scope), f"Đầu năm học {year}-{year + 1}")


DEFINITION = register(
    ReportDefinition(
        code=CODE,
        title=TITLE,
        period_kinds=("after_opening",),
        unit_levels=("school", "district", "province"),
        fields=(
            "profile",
            "campuses",
            "classes",
            "students",
            "staff",
            "facilities",
            "budget",
        ),
        build=build,
        template="reports/print/report.html",
        excel=workbook.excel,
    )
)
