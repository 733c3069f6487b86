"""All-or-nothing imports: a dry run lists every row error, a commit saves every row or none.

The steps every Excel import shares: read the sheet, refuse a value repeated by a
later row, drop every row of a file with errors, save the rest in one flush.
"""

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from flask import current_app

from smasweb import excel, xlsx_guard
from smasweb.extensions import db
from smasweb.services.errors import ValidationFailed


@dataclass
class RowError:
    row: int  # the Excel row number the user sees
    column: str
    message: str


@dataclass
class ImportReport:
    """What a dry run found: rows ready to save, and row-level errors."""

    items: list = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.items)

    def add_error(self, row: int, column: str, message: str) -> None:
        self.errors.append(RowError(row, column, message))

    def all_or_nothing(self) -> "ImportReport":
        """Nothing is saved from a file with errors: drop its rows, errors by row."""
        if self.errors:
            self.items = []
            self.errors.sort(key=lambda e: e.row)
        return self

    def errors_workbook(self) -> bytes:
        """The errors as a sheet the user can download and fix from."""
        return excel.workbook(
            "Loi",
            ["Dòng", "Cột", "Lỗi"],
            [(e.row, e.column, e.message) for e in self.errors],
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
    """The rows (with .number, .values) repeating no value of `names` of an earlier
    row; each repeat is a row error in the column columns[name].header."""
    first: dict[tuple[str, str], int] = {}
    good = []
    for row in rows:
        bad = False
        for name in names:
            value = row.values.get(name)
            if not value:
                continue
            earlier = first.setdefault((name, value), row.number)
            if earlier != row.number:
                header = columns[name].header
                report.add_error(row.number, header, message(name, earlier))
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
