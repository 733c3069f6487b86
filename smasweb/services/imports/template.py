"""An import template in the style of the Ministry's files: a data sheet (headers,
required ones in red, one example row), a "Danh mục" sheet with every code list the
columns use, and a "Hướng dẫn" sheet."""

from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from smasweb import codelists, excel


def data_sheet(ws, title: str, columns: dict, required, example: dict) -> None:
    """Headers (required ones in red), one grey example row, text cells for IDs."""
    ws.title = title
    excel.append(ws, [c.header for c in columns.values()])
    excel.append(ws, [example.get(name) for name in columns])
    for i, (name, column) in enumerate(columns.items(), 1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = max(12, min(40, len(column.header) + 4))
        head, sample = ws.cell(1, i), ws.cell(2, i)
        head.font = Font(bold=True, color="C00000" if name in required else None)
        sample.font = Font(italic=True, color="808080")
        if column.kind in ("pid", "phone", "digits"):
            for row in range(2, 1002):  # text cells keep the leading zero
                ws.cell(row, i).number_format = "@"
        elif column.kind == "date":
            sample.number_format = "DD/MM/YYYY"
    ws.freeze_panes = "C2"


def codes_sheet(ws, columns: dict) -> None:
    """Every code list the columns use: column, code, label."""
    excel.append(ws, ["Cột", "Mã", "Tên"], font=Font(bold=True))
    for column in columns.values():
        if not column.codelist:
            continue
        for code, text in codelists.labels(column.codelist).items():
            excel.append(ws, [column.header, code, text])
    for letter, width in (("A", 24), ("B", 14), ("C", 50)):
        ws.column_dimensions[letter].width = width


def guide_sheet(wb, lines) -> None:
    guide = wb.create_sheet("Hướng dẫn")
    for line in lines:
        excel.append(guide, [line])
    guide["A1"].font = Font(bold=True)
    guide.column_dimensions["A"].width = 110


def template_workbook(
    title: str, columns: dict, required, example: dict, guide
) -> bytes:
    """The .xlsx: data sheet `title`, then "Danh mục" and "Hướng dẫn" (`guide` lines)."""
    wb = excel.new_workbook()
    data_sheet(wb.active, title, columns, required, example)
    codes_sheet(wb.create_sheet("Danh mục"), columns)
    guide_sheet(wb, guide)
    return excel.to_bytes(wb)
