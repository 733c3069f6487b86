"""A report as an Excel workbook: one sheet per table with the form's columns (TT,
Chỉ tiêu, Đơn vị tính, Mã số, then the table's), the title and the data date on
top, and the notes on a last sheet. Every registered report uses it."""

from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from smasweb import excel as xlsx
from smasweb.services.reports.tables import ReportData

NOTES = "Ghi chú"


def excel(data: ReportData) -> bytes:
    """One sheet per table, the form's columns: TT, Chỉ tiêu, Đơn vị tính, Mã số, …"""
    wb = xlsx.new_workbook()
    wb.remove(wb.active)
    bold = Font(bold=True)
    for table in data.tables:
        ws = wb.create_sheet(table.title.split(".")[0].strip()[:31] or table.key)
        xlsx.append(ws, [f"{data.title} – {data.level_label}".upper()], font=bold)
        line = f"{data.unit_name} – năm học {data.year}-{data.year + 1}"
        xlsx.append(ws, [f"{line}. {data.as_of_line}" if data.as_of_line else line])
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
    _notes_sheet(wb, data, bold)
    return xlsx.to_bytes(wb)


def _notes_sheet(wb, data: ReportData, bold: Font) -> None:
    """The form's notes (how a row is classified, why it is blank) on a last
    sheet, so the number sheets keep the form's columns."""
    noted = [(t, r) for t in data.tables for r in t.rows if r.note]
    if not noted:
        return
    ws = wb.create_sheet(NOTES)
    xlsx.append(ws, [f"{NOTES} – {data.title} – {data.level_label}".upper()], font=bold)
    line = f"{data.unit_name} – năm học {data.year}-{data.year + 1}"
    xlsx.append(ws, [f"{line}. {data.as_of_line}" if data.as_of_line else line])
    xlsx.append(ws, ["Bảng", "Mã số", "Chỉ tiêu", NOTES], font=bold)
    for table, row in noted:
        xlsx.append(ws, [table.title, row.indicator, row.label, row.note])
    for column, width in zip("ABCD", (28, 8, 50, 100), strict=True):
        ws.column_dimensions[column].width = width
