"""The columns of an Excel import and the reading of one sheet row into values.

Coded columns take a code or a label (diacritics ignored), dates dd/mm/yyyy text or
real Excel dates, decimals a comma, personal IDs and phones get back the leading
zero Excel drops. Every bad cell becomes a row error naming the column the user
sees; the row's other cells are still read (one pass finds every error), and the
reader remembers which fields failed so that later checks do not repeat them.
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import ClassVar

from openpyxl.utils.datetime import from_excel

from smasweb import codelists, excel
from smasweb.services.imports.pipeline import ImportReport, read_rows
from smasweb.text import clean_text

EXAMPLE_CODE = "VIDU01"  # the key of the template's example row, never imported


def cell_text(value) -> str:
    """The text of a sheet cell as every import reads it: cleaned as the forms clean
    text (no control characters, NFC), on one line with single spaces; a whole
    number without the ".0" a number cell gives."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(clean_text(str(value)).split())


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = "text"  # text, upper, code, date, int, decimal, pid, phone (+ domain's)
    codelist: str | None = None
    size: int = 120
    default: str | None = None  # what an empty cell means for a NOT NULL column


class RowCells:
    """Reads one row of an import sheet, recording a row error per bad cell.

    A domain's subclass names its `columns` ({field: Column}), the `required`
    fields, and the `key` field whose value EXAMPLE_CODE marks the template's
    example row; it adds readers `_<kind>(name, column, text)` for its own kinds.
    """

    columns: ClassVar[dict[str, Column]] = {}
    required: ClassVar[tuple[str, ...]] = ()
    key: ClassVar[str] = "code"

    def __init__(self, report: ImportReport, number: int, values: dict, present):
        self.report, self.number, self.values = report, number, values
        self.present, self.failed = present, set()

    @property
    def bad(self) -> bool:
        return bool(self.failed)

    def fail(self, name: str, message: str) -> None:
        self.failed.add(name)
        self.report.add_error(self.number, self.columns[name].header, message)

    def text(self, name: str) -> str:
        return cell_text(self.values.get(self.columns[name].header))

    def read(self) -> dict:
        """{field: value} of the columns present in the file and read without error
        (self.failed names the others, each with its row error)."""
        out = {}
        for name in self.columns:
            if name not in self.present:
                continue
            value = self._value(name)
            if value is None and name in self.required and self.text(name) == "":
                self.fail(name, "Bắt buộc nhập.")
            if name not in self.failed:
                out[name] = value
        if out.get(self.key) == EXAMPLE_CODE:
            self.fail(self.key, "Đây là dòng ví dụ của tệp mẫu, hãy xóa dòng này.")
        return out

    def _value(self, name: str):
        column = self.columns[name]
        text = self.text(name)
        if not text:
            return column.default
        if len(text) > column.size:
            return self.fail(name, f"Dài quá {column.size} ký tự.")
        reader = getattr(self, f"_{column.kind}")
        return reader(name, column, text)

    def _text(self, name, column, text):
        return text

    def _code(self, name, column, text):
        code = codelists.resolve(column.codelist, text)
        if code is None:
            self.fail(name, f"“{text}” không có trong danh mục (xem trang Danh mục).")
        return code

    def _date(self, name, column, text):
        raw = self.values.get(column.header)
        try:
            if isinstance(raw, int | float) and not isinstance(raw, bool):
                return from_excel(raw).date()
            value = excel.parse_date(text if isinstance(raw, str) else raw)
        except (ValueError, TypeError, OverflowError):
            return self.fail(name, f"“{text}” không phải ngày dạng dd/mm/yyyy.")
        return value

    def _upper(self, name, column, text):
        return text.upper()

    def _int(self, name, column, text):
        if not text.isdigit():
            return self.fail(name, f"“{text}” không phải số nguyên.")
        return int(text)

    def _decimal(self, name, column, text):
        try:
            return Decimal(text.replace(",", ".")).quantize(Decimal("0.01"))
        except InvalidOperation:
            return self.fail(name, f"“{text}” không phải số (ví dụ 4,65).")

    def _pid(self, name, column, text):
        text = text.replace(" ", "")
        raw = self.values.get(column.header)
        if isinstance(raw, int | float) and text.isdigit():
            text = text.zfill(12)  # Excel drops the leading 0 of a number cell
        return text

    def _phone(self, name, column, text):
        digits = re.sub(r"[\s.\-]", "", text)
        if digits.isdigit() and len(digits) in (9, 10) and digits[0] != "0":
            digits = "0" + digits  # Excel drops the leading 0 of a number cell
        return digits


@dataclass
class ParsedRow:
    """One sheet row: its Excel number, the values read, the fields that failed."""

    number: int
    values: dict
    failed: set[str]


def read_file(stream, cells: type[RowCells]) -> tuple[ImportReport, list[ParsedRow]]:
    """A new report and every data row as read by `cells`, with its cell errors
    in the report (a row with errors still carries its good values, so the row
    checks that follow can report the rest of its errors in the same pass).

    Raises:
        ValidationFailed: (field "file") unreadable, a required column or every
            row missing.
    """
    report = ImportReport()
    headers, rows = read_rows(stream, [cells.columns[f].header for f in cells.required])
    report.keep_cells(headers, rows)
    present = {f for f, c in cells.columns.items() if c.header in headers}
    parsed = []
    for number, values in rows:
        reader = cells(report, number, values, present)
        parsed.append(ParsedRow(number, reader.read(), reader.failed))
    return report, parsed
