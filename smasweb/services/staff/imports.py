"""All-or-nothing Excel import of staff records, in the style of the Ministry's template.

A dry run (check_staff) reads every row, accepts a code or a label (diacritics
ignored) in coded columns, dd/mm/yyyy text or real Excel dates, and a decimal comma,
and lists row errors; import_staff re-validates and saves every row or none. A row
whose Mã cán bộ exists in the school updates that record (the version column makes a
concurrent edit a conflict), any other row creates one. A column left out of the file
leaves that field unchanged on updates; an empty cell in a present column clears it.
"""

from dataclasses import dataclass, field, fields
from functools import partial

from sqlalchemy import select

from smasweb.extensions import db
from smasweb.models import StaffMember, Unit, User
from smasweb.services import school_data
from smasweb.services.calendar import windows as calendar
from smasweb.services.errors import ValidationFailed
from smasweb.services.imports.cells import read_file
from smasweb.services.imports.pipeline import ImportReport, save_checked, unique_rows
from smasweb.services.imports.pipeline import error_lines as error_lines  # re-exported
from smasweb.services.staff import records as staff_svc
from smasweb.services.staff.import_cells import COLUMNS, StaffCells

FIELD = StaffMember.__field__  # "staff"


@dataclass
class StaffRow:
    """One valid row: the record it updates (None: a new one) and its values."""

    number: int
    member: StaffMember | None
    values: dict = field(default_factory=dict)


def _school_codes(school: Unit) -> dict[str, StaffMember]:
    stmt = select(StaffMember).where(StaffMember.school_id == school.id)
    return {m.code.upper(): m for m in db.session.scalars(stmt)}


def _repeated(name: str, earlier: int) -> str:
    what = "Mã cán bộ" if name == "code" else "Số định danh"
    return f"{what} trùng với dòng {earlier} của tệp."


def _base(member: StaffMember | None) -> dict:
    """The values a row starts from: the record's own (an update), else the defaults."""
    if member is None:
        return {}
    return {f.name: getattr(member, f.name) for f in fields(staff_svc.StaffData)}


def _clean(actor, school, report, row: StaffRow, parsed: dict) -> bool:
    """The record's rules (the same as the form's); False after a row error."""
    data = staff_svc.StaffData(**{**_base(row.member), **parsed})
    try:
        row.values = staff_svc.clean(actor, school, data, row.member)
    except ValidationFailed as exc:
        column = COLUMNS.get(exc.field or "code", COLUMNS["code"])
        report.add_error(row.number, column.header, exc.message)
        return False
    return True


def check_staff(actor: User, school: Unit, stream) -> ImportReport:
    """Dry run: every row checked, nothing saved; report.items are StaffRow.

    Raises PermissionDenied, ValidationFailed (field "file") for an unreadable file.
    """
    school_data.require_write(actor, school, FIELD)
    report, parsed = read_file(stream, StaffCells)
    rows = [StaffRow(number, None, values) for number, values in parsed]
    by_code = _school_codes(school)
    for row in unique_rows(report, rows, ("code", "personal_id"), COLUMNS, _repeated):
        row.member = by_code.get(row.values["code"])
        if _clean(actor, school, report, row, row.values):
            report.items.append(row)
    return report.all_or_nothing()


def import_staff(actor: User, school: Unit, stream) -> ImportReport:
    """Save every row, or none when any row is wrong (report.ok tells which).

    Raises PermissionDenied, PeriodLocked (before the file is read), ValidationFailed.
    """
    school_data.require_write(actor, school, FIELD)
    calendar.require_open(school, StaffMember.calendar_field())
    report = check_staff(actor, school, stream)
    return save_checked(report, partial(_save, school))


def _save(school: Unit, rows: list[StaffRow]) -> None:
    for row in rows:
        member = row.member or StaffMember(school_id=school.id)
        for name, value in row.values.items():
            setattr(member, name, value)
        keys = StaffMember.search_keys(member.full_name, member.code)
        for name, value in keys.items():
            setattr(member, name, value)
        if row.member is None:
            db.session.add(member)


def counts(report: ImportReport) -> tuple[int, int]:
    """(new records, updated records) of a report's rows."""
    new = sum(1 for row in report.items if row.member is None)
    return new, len(report.items) - new
