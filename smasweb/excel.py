"""Excel (.xlsx) in and out: list exports, import templates, reading uploaded sheets."""

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from io import BytesIO

from flask import Response, send_file
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_IMPORT_ROWS = 20_000


def workbook(
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence],
    code_sheets: dict[str, dict[str, str]] | None = None,
) -> bytes:
    """One data sheet (bold header, frozen first row), plus a sheet per code list."""
    wb = Workbook(write_only=False)
    ws = wb.active
    ws.title = title[:31]
    ws.append(list(headers))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    for row in rows:
        ws.append([_cell(v) for v in row])
    for i, header in enumerate(headers, 1):
        ws.column_dimensions[get_column_letter(i)].width = max(
            10, min(40, len(header) + 4)
        )
    for name, codes in (code_sheets or {}).items():
        sheet = wb.create_sheet(name[:31])
        sheet.append(["Mã", "Tên"])
        for code, label in codes.items():
            sheet.append([code, label])
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def streamed_workbook(
    title: str, headers: Sequence[str], rows: Iterable[Sequence]
) -> bytes:
    """One write-only data sheet (bold header, frozen first row) for large exports:
    the rows are written as they come, never held as cells."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title[:31])
    ws.freeze_panes = "A2"
    head = []
    for text in headers:
        cell = WriteOnlyCell(ws, value=text)
        cell.font = Font(bold=True)
        head.append(cell)
    ws.append(head)
    for row in rows:
        ws.append(list(row))
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def vn_date(value: date | None) -> str:
    """dd/mm/yyyy, or "" for no date (the text Ministry files expect)."""
    return value.strftime("%d/%m/%Y") if value else ""


def _cell(value):
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, bool):
        return "Có" if value else "Không"
    return value


def xlsx_response(filename: str, data: bytes) -> Response:
    """A download; the file name says .xlsx."""
    return send_file(
        BytesIO(data),
        mimetype=XLSX_MIMETYPE,
        as_attachment=True,
        download_name=filename,
    )


def read_sheet(stream) -> tuple[list[str], list[tuple[int, dict]]]:
    """Headers of the first sheet and its non-empty rows as (Excel row number, {header: value}).

    Raises ValueError with a Vietnamese message when the file is not a readable .xlsx.
    """
    try:
        wb = load_workbook(stream, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a bad upload
        raise ValueError("Tệp không phải bảng tính Excel (.xlsx) hợp lệ.") from exc
    try:
        ws = wb.worksheets[0]
        lines = ws.iter_rows(values_only=True)
        headers = [str(h or "").strip() for h in next(lines, ())]
        rows = []
        for number, values in enumerate(lines, start=2):
            if all(v is None or str(v).strip() == "" for v in values):
                continue
            if len(rows) >= MAX_IMPORT_ROWS:
                raise ValueError(f"Tệp có quá {MAX_IMPORT_ROWS} dòng dữ liệu.")
            rows.append((number, dict(zip(headers, values, strict=False))))
        return headers, rows
    finally:
        wb.close()


def parse_date(value) -> date | None:
    """An Excel date cell or text dd/mm/yyyy. Raises ValueError."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return datetime.strptime(str(value).strip(), "%d/%m/%Y").date()
