"""All-or-nothing imports: a dry run lists every row error, a commit saves every row or none.

The steps every Excel import shares: read the sheet, refuse a value repeated by a
later row, drop every row of a file with errors, save the rest in one flush.
"""

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from flask import current_app

from smasweb import excel, xlsx_guard
from smasweb.extensions import db
from smasweb.services.errors import ValidationFailed


@dataclass
class RowError:
    row: int  # the Excel row number the user sees
    column: str
    message: str
    value: str = ""  # what the cell holds, as the user sees it


def shown(value) -> str:
    """A cell's value as the user typed it: dates dd/mm/yyyy, 12.0 as 12."""
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())[:200]


@dataclass
class ImportReport:
    """What a dry run found: rows ready to save, and row-level errors.

    `cells` keeps each sheet row's raw values ({row number: {header: value}}) so
    that every error shows the value of its cell."""

    items: list = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    cells: dict[int, dict] = field(default_factory=dict, repr=False)
    order: dict[str, int] = field(default_factory=dict, repr=False)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.items)

    def add_error(self, row: int, column: str, message: str) -> None:
        value = shown(self.cells.get(row, {}).get(column))
        self.errors.append(RowError(row, column, message, value))

    def keep_cells(self, headers: Sequence[str], rows: Iterable) -> None:
        """Remember the raw values of (row number, {header: value}) rows and the
        order of the sheet's columns (errors are listed in it)."""
        self.cells = dict(rows)
        self.order = {h: i for i, h in enumerate(headers)}

    def all_or_nothing(self) -> "ImportReport":
        """Nothing is saved from a file with errors: drop its rows, errors by row,
        then left to right as the sheet's columns go."""
        if self.errors:
            self.items = []
        return self.sort_errors()

    def sort_errors(self) -> "ImportReport":
        """Errors by row, then left to right as the sheet's columns go."""
        last = len(self.order)
        self.errors.sort(key=lambda e: (e.row, self.order.get(e.column, last)))
        return self

    def errors_workbook(self) -> bytes:
        """The errors as a sheet the user can download and fix from."""
        return excel.workbook(
            "Loi",
            ["Dòng", "Cột", "Giá trị", "Lỗi"],
            [(e.row, e.column, e.value, e.message) for e in self.errors],
        )


def read_rows(stream, required: Iterable[str]) -> tuple[list[str], "TimedRows"]:
    """The first sheet's headers and its rows: (Excel row number, {header: value}).

    Reading the file and checking its rows share one time budget
    (IMPORT_TIME_BUDGET_S): the rows stop the check that iterates them past it.

    Raises:
        ValidationFailed: (field "file") the file is unreadable, lacks one of the
            `required` headers (found before any data row is read), has no data
            row, too many, or takes longer than the budget.
    """
    deadline = time.monotonic() + float(current_app.config["IMPORT_TIME_BUDGET_S"])
    try:
        headers, rows = excel.read_sheet(stream, list(required), deadline)
    except ValueError as exc:
        raise ValidationFailed(str(exc), "file") from None
    if not rows:
        raise ValidationFailed("Tệp không có dòng dữ liệu nào.", "file")
    return headers, TimedRows(rows, deadline)


class TimedRows(Sequence):
    """The rows of a file; iterating them past the import's deadline raises
    ValidationFailed (field "file"), so a slow check stops like a slow read."""

    def __init__(self, rows: list, deadline: float) -> None:
        self._rows = rows
        self._deadline = deadline

    def __len__(self) -> int:
        return len(self._rows)

    def __getitem__(self, index):
        return self._rows[index]

    def __iter__(self):
        for i, row in enumerate(self._rows):
            if i % 100 == 0:
                try:
                    xlsx_guard.check_deadline(self._deadline)
                except ValueError as exc:
                    raise ValidationFailed(str(exc), "file") from None
            yield row


def _repeated(name: str, earlier: int) -> str:
    return f"Trùng với dòng {earlier} của tệp."


def unique_rows(
    report: ImportReport,
    rows: list,
    names: Iterable[str],
    columns: Mapping,
    message: Callable[[str, int], str] = _repeated,
) -> list:
    """The rows (with .number, .values, .failed) repeating no value of `names` of
    an earlier row; each repeat is a row error in the column columns[name].header
    and its field is added to the row's .failed. Every row is checked, those
    with other errors too (one pass reports all)."""
    first: dict[tuple[str, str], int] = {}
    good = []
    for row in rows:
        bad = False
        for name in names:
            value = row.values.get(name)
            if not value or name in row.failed:
                continue
            earlier = first.setdefault((name, value), row.number)
            if earlier != row.number:
                header = columns[name].header
                report.add_error(row.number, header, message(name, earlier))
                row.failed.add(name)
                bad = True
        if not bad:
            good.append(row)
    return good


def save_checked(report: ImportReport, save: Callable[[list], object]) -> ImportReport:
    """Save the report's rows with `save` when every row is valid (else none), flushed."""
    if report.ok:
        save(report.items)
        db.session.flush()
    return report


def error_lines(report: ImportReport) -> list[str]:
    """“Dòng 4, cột Số định danh cá nhân: …” for each row error, in report order."""
    return [f"Dòng {e.row}, cột {e.column}: {e.message}" for e in report.errors]
