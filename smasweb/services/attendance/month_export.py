"""The month grid as an Excel sheet: the same cells as the page, under header rows
naming the school, the class and the month, with frozen panes and the legend."""

from openpyxl.styles import Font

from smasweb import excel
from smasweb.services.attendance.month_grid import MonthGrid
from smasweb.text import vn_date

BOLD = Font(bold=True)
WEEKDAYS = ("T2", "T3", "T4", "T5", "T6", "T7", "CN")
HEADER_ROW = 5  # the table's header row; pupils start below it


def title(grid: MonthGrid) -> str:
    return f"Sổ điểm danh tháng {grid.month:%m/%Y} – Lớp {grid.cls.name}"


def legend(grid: MonthGrid) -> list[str]:
    """The notation, in the words the page and the sheet both print."""
    lines = ["P: nghỉ có phép; K: nghỉ không phép; ô trống: có mặt."]
    if len(grid.sessions) > 1:
        lines.append(
            "Một chữ (P, K): nghỉ cả ngày. Hai dấu (buổi sáng/buổi chiều, – là có "
            "mặt): K/– nghỉ buổi sáng, –/P nghỉ buổi chiều, P/K nghỉ cả hai buổi."
        )
    lines.append(
        "Có phép, Không phép: số buổi nghỉ trong tháng; Số HS vắng: số học sinh"
        " nghỉ ít nhất một buổi trong ngày."
    )
    lines.append(
        "Tỷ lệ chuyên cần = số buổi có mặt / số buổi phải học (học sinh × ngày học"
        " × buổi), chỉ tính ngày học, không tính ngày nghỉ lễ, Thứ Bảy, Chủ nhật."
    )
    return lines


def rate_line(grid: MonthGrid) -> str:
    line = f"Tỷ lệ chuyên cần của lớp: {grid.rate_text}"
    if grid.counted_to is not None and grid.counted_to < grid.days[-1]:
        line += f" (tính đến ngày {vn_date(grid.counted_to)})"
    return line


def workbook(grid: MonthGrid) -> bytes:
    """The .xlsx of the grid: one sheet."""
    wb = excel.new_workbook()
    ws = wb.active
    ws.title = f"Diem danh {grid.month:%m-%Y}"  # no user text: titles skip cell()
    excel.append(ws, [grid.access.school.name], font=BOLD)
    excel.append(ws, [title(grid)], font=BOLD)
    excel.append(ws, [rate_line(grid)])
    excel.append(ws, [])
    days = [f"{d:%d/%m} {WEEKDAYS[d.weekday()]}" for d in grid.days]
    excel.append(ws, ["STT", "Họ và tên", *days, "Có phép", "Không phép"], BOLD)
    for n, row in enumerate(grid.rows, 1):
        cells = [c or None for c in row.cells]
        excel.append(ws, [n, row.student.full_name, *cells, row.excused, row.unexcused])
    footer = [None, "Số HS vắng", *grid.absent_by_day, grid.excused, grid.unexcused]
    excel.append(ws, footer, font=BOLD)
    excel.append(ws, [])
    for line in legend(grid):
        excel.append(ws, [line])
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 3)
    ws.column_dimensions["A"].width = 5
    ws.column_dimensions["B"].width = 28
    return excel.to_bytes(wb)
