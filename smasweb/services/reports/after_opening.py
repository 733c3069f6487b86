"""Báo cáo sau khai giảng: the start-of-year statistics report of one education
level, for a school, a middle unit or the province (Biểu 01-MN-ĐN, 02-TH-ĐN …).

Sections I Trường, II Lớp, III Học sinh, IV Cán bộ quản lý, giáo viên, nhân viên,
V Phòng học and the state budget, each built from its domain's summary (the same
functions the domain pages show), never from stored copies of their numbers.
"""

from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from sqlalchemy import text

from smasweb import excel as xlsx
from smasweb.extensions import db
from smasweb.services.facilities import summary as facilities_summary
from smasweb.services.finance import records as finance
from smasweb.services.reports import ReportDefinition, register
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
BUDGET_COLUMNS = [("Kế hoạch",), ("Thực hiện",)]


def _summary_rows(rows, unit: str, cells=lambda r: list(r.cells)) -> list[Row]:
    return [
        Row(r.indicator, r.number, r.label, unit, r.indent, r.heading, cells(r))
        for r in rows
    ]


def _budget(school_ids: list[int], year: int) -> Table:
    labels = finance.category_labels()
    sums = finance.category_totals(school_ids, year)
    rows = [Row("", "", "Tổng số", "đồng", 0, "", [0, 0])]
    for i, (code, label) in enumerate(labels.items()):
        planned, executed = sums.get(code, (0, 0))
        rows.append(
            Row(
                "",
                "",
                label,
                "đồng",
                1,
                "Chia ra:" if i == 0 else "",
                [planned, executed],
            )
        )
        rows[0].cells[0] += planned
        rows[0].cells[1] += executed
    return Table("budget", "Ngân sách nhà nước", BUDGET_COLUMNS, rows)


def build(scope: ReportScope) -> ReportData:
    """The report's six tables for the scope (see ReportScope for who counts where)."""
    if db.session.get_bind().dialect.name == "postgresql":
        # section III groups a province's pupils by 14 keys: with the default 4 MB
        # the sort spills to disk (bench/report_build.py, province primary: 2.8 → 1.6 s)
        db.session.execute(text("SET LOCAL work_mem = '64MB'"))
    system = reader()
    home, all_ids, year = scope.home_school_ids, scope.school_ids, scope.year
    students = students_summary.build(system, all_ids, year, scope.grades)
    staff = staff_summary.build(system, home, year) if home else []
    rooms = facilities_summary.room_summary(system, school_ids=home) if home else []
    tables = [
        schools_table(home, scope.level, year),
        classes_table(all_ids, scope.grades, year),
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
        _budget(home, year),
    ]
    period = scope.period
    return ReportData(
        code=CODE,
        title=TITLE,
        level=scope.level,
        level_label=scope.level_label,
        unit_id=scope.unit.id,
        unit_name=scope.unit.name,
        unit_kind=scope.unit_level,
        year=year,
        period_id=period.id if period else None,
        period_title=period.title if period else f"Đầu năm học {year}-{year + 1}",
        school_count=len(scope.schools),
        tables=tables,
    )


def excel(data: ReportData) -> bytes:
    """One sheet per table, the form's columns: TT, Chỉ tiêu, Đơn vị tính, Mã số, …"""
    wb = xlsx.new_workbook()
    wb.remove(wb.active)
    bold = Font(bold=True)
    for table in data.tables:
        ws = wb.create_sheet(table.title.split(".")[0].strip()[:31] or table.key)
        xlsx.append(ws, [f"{data.title} – {data.level_label}".upper()], font=bold)
        xlsx.append(ws, [f"{data.unit_name} – năm học {data.year}-{data.year + 1}"])
        xlsx.append(ws, [table.title], font=bold)
        xlsx.append(
            ws, ["TT", "Chỉ tiêu", "Đơn vị tính", "Mã số", *table.flat_columns()]
        )
        for cell in ws[4]:
            cell.font = bold
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        for row in table.rows:
            if row.heading:
                xlsx.append(ws, ["", row.heading])
            label = "  " * row.indent + ("- " if row.indent else "") + row.label
            xlsx.append(ws, [row.number, label, row.unit, row.indicator, *row.cells])
        ws.freeze_panes = "E5"
        ws.column_dimensions["B"].width = 60
        for i in range(5, 5 + len(table.columns)):
            ws.column_dimensions[get_column_letter(i)].width = 14
    return xlsx.to_bytes(wb)


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
        excel=excel,
    )
)
