"""All-or-nothing imports: a dry run lists every row error, a commit saves every row or none."""

from dataclasses import dataclass, field

from smasweb import excel


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

    def errors_workbook(self) -> bytes:
        """The errors as a sheet the user can download and fix from."""
        return excel.workbook(
            "Loi",
            ["Dòng", "Cột", "Lỗi"],
            [(e.row, e.column, e.message) for e in self.errors],
        )
