"""Excel (.xlsx) in and out: list exports, import templates, reading uploaded sheets."""

import time
import zipfile
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
    _refuse_zip_bomb(stream)
    try:
        wb = load_workbook(stream, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a bad upload
        raise ValueError(NOT_XLSX) from exc
    try:
        ws = wb.worksheets[0]
        # The size a sheet states is often wrong: rows past it would be dropped, and
        # one that says A1:XFD1048576 pads every row to 16,384 cells. Read the rows
        # the sheet has, at most MAX_IMPORT_COLUMNS wide.
        ws.reset_dimensions()
        lines = ws.iter_rows(max_col=MAX_IMPORT_COLUMNS, values_only=True)
        headers = [str(h or "").strip() for h in next(lines, ())]
        while headers and not headers[-1]:  # the padding to MAX_IMPORT_COLUMNS
            headers.pop()
        missing = [h for h in required if h not in headers]
        if missing:
            raise ValueError("Tệp thiếu cột: " + ", ".join(missing) + ".")
        return headers, _data_rows(headers, lines, deadline)
    finally:
        wb.close()


NOT_XLSX = "Tệp không phải bảng tính Excel (.xlsx) hợp lệ."
MAX_IMPORT_COLUMNS = 100  # the widest import template has 38 columns
MAX_BLANK_RUN = 1_000  # this many blank rows in a row: the table has ended
MAX_SHEET_ROWS = 2 * MAX_IMPORT_ROWS  # rows looked at, blank ones included
MAX_UNZIPPED_MB = 100  # a 20,000-row, 40-column sheet unzips to about 40 MB
TOO_MANY_ROWS = (
    f"Tệp có quá nhiều dòng: tối đa {MAX_IMPORT_ROWS:,} dòng dữ liệu.".replace(",", ".")
)


def _data_rows(headers: list[str], lines, deadline: float | None) -> list:
    """The non-blank rows, until MAX_BLANK_RUN blank rows in a row or the end."""
    rows: list[tuple[int, dict]] = []
    blank_run = 0
    for number, values in enumerate(lines, start=2):
        if number % 500 == 0:
            check_deadline(deadline)
        if all(v is None or str(v).strip() == "" for v in values):
            blank_run += 1
            if blank_run >= MAX_BLANK_RUN:
                break
            continue
        blank_run = 0
        if len(rows) >= MAX_IMPORT_ROWS or number > MAX_SHEET_ROWS:
            raise ValueError(TOO_MANY_ROWS)
        rows.append((number, dict(zip(headers, values, strict=False))))
    return rows


def check_deadline(deadline: float | None) -> None:
    """Raises ValueError once time.monotonic() is past `deadline`."""
    if deadline is not None and time.monotonic() > deadline:
        raise ValueError(
            "Tệp cần quá nhiều thời gian để đọc và kiểm tra. "
            "Hãy chia thành các tệp nhỏ hơn rồi nhập lần lượt."
        )


def _refuse_zip_bomb(stream) -> None:
    """Refuse an .xlsx (a zip) that unzips to more than MAX_UNZIPPED_MB.

    A few MB of upload can unzip to gigabytes of sheet XML (a zip bomb). The sizes
    in the zip's directory are checked before openpyxl opens anything; a member
    cannot unzip past its stated size (zipfile stops there and checks the CRC).
    """
    try:
        with zipfile.ZipFile(stream) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ValueError(NOT_XLSX) from exc
    finally:
        stream.seek(0)
    if unzipped > MAX_UNZIPPED_MB * 1024 * 1024:
        raise ValueError(
            f"Tệp quá lớn khi giải nén (trên {MAX_UNZIPPED_MB} MB): "
            "hãy chia thành các tệp nhỏ hơn."
        )


def parse_date(value) -> date | None:
    """An Excel date cell or text dd/mm/yyyy. Raises ValueError."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return datetime.strptime(str(value).strip(), "%d/%m/%Y").date()
