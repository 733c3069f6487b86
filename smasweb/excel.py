"""Excel (.xlsx) in and out: list exports, import templates, reading uploaded sheets.

Every workbook the app writes gets its cells from `cell()` (through `append()`,
`workbook()` or `streamed_workbook()`) and its bytes from `to_bytes()`: user text
always comes out as plain text, never as a formula, and a character XML 1.0 cannot
hold never breaks a download.
"""

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from io import BytesIO

from flask import Response, send_file
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from smasweb import xlsx_guard
from smasweb.rendering import attachment
from smasweb.text import DATE_FORMAT, vn_number

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_IMPORT_ROWS = 20_000
# A cell typed with these first characters is a formula to Excel and LibreOffice
# (OWASP's CSV-injection list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(ws, value):
    """The one way a value becomes a cell of a workbook the app writes (`ws` is the
    sheet it goes to): what `ws.append` takes.

    Numbers (negative ones too) and dates stay themselves, booleans become Có/Không,
    text loses the characters XML 1.0 forbids (a NUL or ESC once made the export 500).
    Text that reads like a formula (=1+1, +1, -1+2, @SUM(A1), #N/A) is written as a
    string cell, which Excel and LibreOffice show as it is; it also gets the
    quotePrefix style (what typing a leading apostrophe does), so that editing
    the cell in Excel later does not turn it into a live formula either. The text
    read back from the file is exactly the text written.
    """
    if isinstance(value, str):
        if not value.isprintable():  # a quick test first: exports run to 40,000 rows
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if value.startswith(FORMULA_STARTS) or value in ERROR_CODES:
            return _text_cell(ws, value)
        return value
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    return value


def _text_cell(ws, text: str) -> Cell:
    # Set past the value setter, which would read "=…" as a formula.
    out = WriteOnlyCell(ws)
    out._value, out.data_type = text, "s"
    out.quotePrefix = True
    return out


def append(ws, values: Iterable, font: Font | None = None) -> None:
    """Add a row of values to `ws`, each through `cell()`; `font` styles the row."""
    row = [cell(ws, v) for v in values]
    if font is not None:
        row = [_styled(ws, c, font) for c in row]
    ws.append(row)


def _styled(ws, value, font: Font) -> Cell:
    out = value if isinstance(value, Cell) else WriteOnlyCell(ws, value)
    out.font = font
    return out


def new_workbook() -> Workbook:
    """An empty workbook (one blank sheet) whose rows go in through `append()`."""
    return Workbook()


def to_bytes(wb: Workbook) -> bytes:
    """The .xlsx file of a workbook from `new_workbook()`.

    Belt and braces for a writer that put a value in without `cell()`: the app
    writes no formula, so any formula cell is written as the text it came from.
    """
    for ws in wb.worksheets:
        for found in getattr(ws, "_cells", {}).values():
            if found.data_type == "f" and isinstance(found.value, str):
                found.data_type, found.quotePrefix = "s", True
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def workbook(
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence],
    code_sheets: dict[str, dict[str, str]] | None = None,
) -> bytes:
    """One data sheet (bold header, frozen first row), plus a sheet per code list."""
    wb = new_workbook()
    ws = wb.active
    ws.title = title[:31]
    append(ws, headers, font=Font(bold=True))
    ws.freeze_panes = "A2"
    for row in rows:
        append(ws, row)
    for i, header in enumerate(headers, 1):
        ws.column_dimensions[get_column_letter(i)].width = max(
            10, min(40, len(header) + 4)
        )
    for name, codes in (code_sheets or {}).items():
        sheet = wb.create_sheet(name[:31])
        append(sheet, ["Mã", "Tên"])
        for code, label in codes.items():
            append(sheet, [code, label])
    return to_bytes(wb)


def streamed_workbook(
    title: str, headers: Sequence[str], rows: Iterable[Sequence]
) -> bytes:
    """One write-only data sheet (bold header, frozen first row) for large exports:
    the rows are written as they come, never held as cells."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title[:31])
    ws.freeze_panes = "A2"
    append(ws, headers, font=Font(bold=True))
    for row in rows:
        append(ws, row)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def xlsx_response(filename: str, data: bytes) -> Response:
    """A download; the file name says .xlsx."""
    resp = send_file(
        BytesIO(data),
        mimetype=XLSX_MIMETYPE,
        as_attachment=True,
        download_name=filename,
    )
    return attachment(resp, filename)


def read_sheet(
    stream, required: Iterable[str] = (), deadline: float | None = None
) -> tuple[list[str], list[tuple[int, dict]]]:
    """Headers of the first sheet and its non-empty rows as (Excel row number, {header: value}).

    Read lazily and cheaply, so that no upload holds a worker for long: the headers
    are checked for `required` before any data row is read; at most
    MAX_IMPORT_COLUMNS columns are read; MAX_BLANK_RUN blank rows in a row end the
    data; reading stops past MAX_IMPORT_ROWS data rows or MAX_SHEET_ROWS rows in
    all, or at `deadline` (a time.monotonic() value).

    Raises ValueError with a Vietnamese message when the file is not a readable
    .xlsx, is too large once unzipped, lacks a required header, has too many rows
    or takes longer than the deadline.
    """
    with xlsx_guard.open_workbook(stream, deadline) as (wb, guard):
        return _read_first_sheet(wb, list(required), guard)


MAX_IMPORT_COLUMNS = 100  # the widest import template has 38 columns
MAX_BLANK_RUN = 1_000  # this many blank rows in a row: the table has ended
MAX_SHEET_ROWS = 2 * MAX_IMPORT_ROWS  # rows looked at, blank ones included
TOO_MANY_ROWS = (
    f"Tệp có quá nhiều dòng: tối đa {vn_number(MAX_IMPORT_ROWS)} dòng dữ liệu."
)


def _read_first_sheet(wb, required: list[str], guard: xlsx_guard.ReadGuard):
    ws = wb.worksheets[0]
    # The size a sheet states is often wrong: rows past it would be dropped, and
    # one that says A1:XFD1048576 pads every row to 16,384 cells. Read the rows
    # the sheet has, at most MAX_IMPORT_COLUMNS wide.
    ws.reset_dimensions()
    lines = ws.iter_rows(max_col=MAX_IMPORT_COLUMNS, values_only=True)
    guard.row_read()
    headers = [str(h or "").strip() for h in next(lines, ())]
    while headers and not headers[-1]:  # the padding to MAX_IMPORT_COLUMNS
        headers.pop()
    missing = [h for h in required if h not in headers]
    if missing:
        raise ValueError("Tệp thiếu cột: " + ", ".join(missing) + ".")
    rows: list[tuple[int, dict]] = []
    blank_run = 0
    for number, values in enumerate(lines, start=2):
        guard.row_read()
        if all(v is None or str(v).strip() == "" for v in values):
            blank_run += 1
            if blank_run >= MAX_BLANK_RUN:
                break  # the table has ended
            continue
        blank_run = 0
        if len(rows) >= MAX_IMPORT_ROWS or number > MAX_SHEET_ROWS:
            raise ValueError(TOO_MANY_ROWS)
        rows.append((number, dict(zip(headers, values, strict=False))))
    return headers, rows


def parse_date(value) -> date | None:
    """An Excel date cell or text dd/mm/yyyy. Raises ValueError."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return datetime.strptime(str(value).strip(), DATE_FORMAT).date()
