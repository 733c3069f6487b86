"""All-or-nothing Excel import of staff records, in the style of the Ministry's template.

A dry run (check_staff) reads every row, accepts a code or a label (diacritics
ignored) in coded columns, dd/mm/yyyy text or real Excel dates, and a decimal comma,
and lists row errors; import_staff re-validates and saves every row or none. A row
whose Mã cán bộ exists in the school updates that record (the version column makes a
concurrent edit a conflict), any other row creates one. A column left out of the file
leaves that field unchanged on updates; an empty cell in a present column clears it.
"""

from dataclasses import dataclass, field, fields

from sqlalchemy import select

from smasweb import excel
from smasweb.extensions import db
from smasweb.models import StaffMember, Unit, User
from smasweb.services import calendar, school_data
from smasweb.services import staff as staff_svc
from smasweb.services.errors import PermissionDenied, ValidationFailed
from smasweb.services.imports import ImportReport
from smasweb.services.staff_import_cells import COLUMNS, REQUIRED, RowCells

FIELD = StaffMember.__field__  # "staff"


@dataclass
class StaffRow:
    """One valid row: the record it updates (None: a new one) and its values."""

    number: int
    member: StaffMember | None
    values: dict = field(default_factory=dict)


def _read(stream) -> tuple[set[str], list[tuple[int, dict]]]:
    """The fields whose columns the file has, and its rows. Raises ValidationFailed."""
    try:
        headers, rows = excel.read_sheet(stream)
    except ValueError as exc:
        raise ValidationFailed(str(exc), "file") from None
    missing = [COLUMNS[f].header for f in REQUIRED if COLUMNS[f].header not in headers]
    if missing:
        raise ValidationFailed("Tệp thiếu cột: " + ", ".join(missing) + ".", "file")
    if not rows:
        raise ValidationFailed("Tệp không có dòng dữ liệu nào.", "file")
    return {f for f, c in COLUMNS.items() if c.header in headers}, rows


def _school_codes(school: Unit) -> dict[str, StaffMember]:
    stmt = select(StaffMember).where(StaffMember.school_id == school.id)
    return {m.code.upper(): m for m in db.session.scalars(stmt)}


def _duplicates(report: ImportReport, rows: list[StaffRow]) -> list[StaffRow]:
    """Rows whose code or personal ID an earlier row of the file already has are errors."""
    first: dict[tuple[str, str], int] = {}
    good = []
    for row in rows:
        bad = False
        for name in ("code", "personal_id"):
            value = row.values.get(name)
            if not value:
                continue
            earlier = first.setdefault((name, value), row.number)
            if earlier != row.number:
                what = "Mã cán bộ" if name == "code" else "Số định danh"
                message = f"{what} trùng với dòng {earlier} của tệp."
                report.add_error(row.number, COLUMNS[name].header, message)
                bad = True
        if not bad:
            good.append(row)
    return good


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


def import_school(actor: User) -> Unit:
    """The school an import writes to: always the actor's own.

    Raises NotFound (no staff pages at all), PermissionDenied (officers, teachers).
    """
    staff_svc.require_pages(actor)
    school = staff_svc.own_school(actor)
    if school is None:
        raise PermissionDenied()
    school_data.require_write(actor, school, FIELD)
    return school


def check_staff(actor: User, school: Unit, stream) -> ImportReport:
    """Dry run: every row checked, nothing saved; report.items are StaffRow.

    Raises PermissionDenied, ValidationFailed (field "file") for an unreadable file.
    """
    school_data.require_write(actor, school, FIELD)
    report = ImportReport()
    present, sheet_rows = _read(stream)
    parsed_rows = []
    for number, values in sheet_rows:
        parsed = RowCells(report, number, values, present).read()
        if parsed is not None:
            parsed_rows.append(StaffRow(number, None, parsed))
    by_code = _school_codes(school)
    for row in _duplicates(report, parsed_rows):
        row.member = by_code.get(row.values["code"])
        parsed = row.values
        if _clean(actor, school, report, row, parsed):
            report.items.append(row)
    if report.errors:
        report.items = []  # nothing is saved from a file with errors
        report.errors.sort(key=lambda e: e.row)
    return report


def import_staff(actor: User, school: Unit, stream) -> ImportReport:
    """Save every row, or none when any row is wrong (report.ok tells which).

    Raises PermissionDenied, PeriodLocked (before the file is read), ValidationFailed.
    """
    school_data.require_write(actor, school, FIELD)
    calendar.require_open(school, StaffMember.calendar_field())
    report = check_staff(actor, school, stream)
    if report.ok:
        for row in report.items:
            _apply(school, row)
        db.session.flush()
    return report


def _apply(school: Unit, row: StaffRow) -> StaffMember:
    member = row.member or StaffMember(school_id=school.id)
    for name, value in row.values.items():
        setattr(member, name, value)
    keys = StaffMember.search_keys(member.full_name, member.code)
    for name, value in keys.items():
        setattr(member, name, value)
    if row.member is None:
        db.session.add(member)
    return member


def counts(report: ImportReport) -> tuple[int, int]:
    """(new records, updated records) of a report's rows."""
    new = sum(1 for row in report.items if row.member is None)
    return new, len(report.items) - new


def error_lines(report: ImportReport) -> list[str]:
    """“Dòng 4, cột Số định danh cá nhân: …” for each row error, in row order."""
    return [f"Dòng {e.row}, cột {e.column}: {e.message}" for e in report.errors]
