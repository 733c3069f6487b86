"""Opening an uploaded .xlsx with openpyxl under limits, so that no upload holds a
worker for long: its size unzipped, a deadline, and the size of a row or a part."""

import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager

from openpyxl.reader.excel import ExcelReader

NOT_XLSX = "Tệp không phải bảng tính Excel (.xlsx) hợp lệ."
MAX_UNZIPPED_MB = 100  # a 20,000-row, 40-column sheet unzips to about 40 MB
MAX_ROW_MB = 2  # of XML: 100 columns of long texts take about 100 KB
MAX_PART_MB = 5  # a part read whole: Excel's 64,000 cell styles take about 4 MB


@contextmanager
def open_workbook(stream, deadline: float | None) -> Iterator[tuple]:
    """(openpyxl's read-only workbook, its ReadGuard): every part of the file is
    read through the guard, which the caller tells where each row ends.

    Raises ValueError with a Vietnamese message: not a readable .xlsx, too large
    unzipped, past the deadline, a row or a part too large.
    """
    refuse_zip_bomb(stream)
    guard = ReadGuard(deadline)
    try:
        wb = _open(stream, guard)
        try:
            yield wb, guard
        finally:
            wb.close()
    except _Refused as exc:
        raise ValueError(str(exc)) from None


def _open(stream, guard: "ReadGuard"):
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


class _Refused(Exception):
    """A limit of the guard (not a ValueError: openpyxl rewraps those)."""


class ReadGuard:
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

    def __init__(self, raw, guard: ReadGuard, size: int) -> None:
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


def refuse_zip_bomb(stream) -> None:
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
