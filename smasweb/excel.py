"""Excel (.xlsx) in and out: list exports, import templates, reading uploaded sheets."""

import time
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from io import BytesIO

from flask import Response, send_file
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.reader.excel import ExcelReader
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
    guard = _ReadGuard(deadline)
    try:
        wb = _open_workbook(stream, guard)
        try:
            return _read_first_sheet(wb, list(required), guard)
        finally:
            wb.close()
    except _Refused as exc:
        raise ValueError(str(exc)) from None


NOT_XLSX = "Tệp không phải bảng tính Excel (.xlsx) hợp lệ."
MAX_IMPORT_COLUMNS = 100  # the widest import template has 38 columns
MAX_BLANK_RUN = 1_000  # this many blank rows in a row: the table has ended
MAX_SHEET_ROWS = 2 * MAX_IMPORT_ROWS  # rows looked at, blank ones included
MAX_UNZIPPED_MB = 100  # a 20,000-row, 40-column sheet unzips to about 40 MB
MAX_ROW_MB = 2  # of XML: 100 columns of long texts take about 100 KB
MAX_PART_MB = 5  # a part read whole: Excel's 64,000 cell styles take about 4 MB
TOO_MANY_ROWS = (
    f"Tệp có quá nhiều dòng: tối đa {MAX_IMPORT_ROWS:,} dòng dữ liệu.".replace(",", ".")
)


def _open_workbook(stream, guard: "_ReadGuard"):
    """openpyxl's read-only workbook, every part of it read through `guard`.

    load_workbook() is ExcelReader(...).read(); the reader is built here so that
    its zip's open() (shared strings, styles, sheets: read now or lazily) hands
    out guarded streams. openpyxl has no public hook for this.
    """
    try:
        reader = ExcelReader(stream, read_only=True, data_only=True, keep_links=False)
        archive = reader.archive
        archive_open = archive.open

        def open_part(name, *args, **kwargs):
            info = name if isinstance(name, zipfile.ZipInfo) else archive.getinfo(name)
            raw = archive_open(name, *args, **kwargs)
            return _GuardedPart(raw, guard, info.file_size)

        archive.open = open_part
        reader.read()
    except _Refused:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a bad upload
        raise ValueError(NOT_XLSX) from exc
    return reader.wb


def _read_first_sheet(wb, required: list[str], guard: "_ReadGuard"):
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


class _Refused(Exception):
    """A limit of the guard (not a ValueError: openpyxl rewraps those)."""


class _ReadGuard:
    """What every part of an upload may cost: reading stops at the deadline, and
    past MAX_ROW_MB of sheet XML without the end of a row (openpyxl parses a row
    whole before it yields it: one row of millions of cells, a few hundred KB
    zipped, would hold the worker and its memory for a minute)."""

    def __init__(self, deadline: float | None) -> None:
        self.deadline = deadline
        self.total = 0  # bytes read, all parts
        self.row_from: int | None = None  # bytes read when the last row ended

    def row_read(self) -> None:
        self.row_from = self.total

    def check(self) -> None:
        try:
            check_deadline(self.deadline)
        except ValueError as exc:
            raise _Refused(str(exc)) from None
        if self.row_from is not None and (
            self.total - self.row_from > MAX_ROW_MB * 1024 * 1024
        ):
            raise _Refused(
                f"Tệp có một dòng quá dài (trên {MAX_ROW_MB} MB): hãy kiểm tra lại tệp."
            )


class _GuardedPart:
    """A part of the zip as openpyxl reads it: sheets and shared strings in
    chunks, each checked first; the others (styles, workbook…) whole and parsed at
    once, so each of those is refused past MAX_PART_MB (12 MB of styles take 8 s)."""

    def __init__(self, raw, guard: _ReadGuard, size: int) -> None:
        self._raw = raw
        self._guard = guard
        self._size = size

    def read(self, size: int | None = -1) -> bytes:
        self._guard.check()
        whole = size is None or size < 0
        if whole and self._size > MAX_PART_MB * 1024 * 1024:
            raise _Refused(
                f"Tệp có phần định dạng quá lớn (trên {MAX_PART_MB} MB): "
                "hãy chép dữ liệu sang tệp mẫu rồi nhập lại."
            )
        data = self._raw.read(size)
        self._guard.total += len(data)
        return data

    def close(self) -> None:
        self._raw.close()

    def __enter__(self) -> "_GuardedPart":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


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
