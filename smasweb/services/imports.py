"""All-or-nothing imports: a dry run lists every row error, a commit saves every row or none.

The steps every Excel import shares: read the sheet, refuse a value repeated by a
later row, drop every row of a file with errors, save the rest in one flush.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from smasweb import excel
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


def read_rows(
    stream, required: Iterable[str]
) -> tuple[list[str], list[tuple[int, dict]]]:
    """The first sheet's headers and its rows: (Excel row number, {header: value}).

    Raises:
        ValidationFailed: (field "file") the file is unreadable, lacks one of the
            `required` headers or has no data row.
    """
    try:
        headers, rows = excel.read_sheet(stream)
    except ValueError as exc:
        raise ValidationFailed(str(exc), "file") from None
    missing = [h for h in required if h not in headers]
    if missing:
        raise ValidationFailed("Tệp thiếu cột: " + ", ".join(missing) + ".", "file")
    if not rows:
        raise ValidationFailed("Tệp không có dòng dữ liệu nào.", "file")
    return headers, rows


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
