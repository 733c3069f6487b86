"""All-or-nothing Excel import of staff records, in the style of the Ministry's template.

A dry run (check_staff) reads every row, accepts a code or a label (diacritics
ignored) in coded columns, dd/mm/yyyy text or real Excel dates, and a decimal comma,
and lists every error of every row in one pass (the record's rules run on a row
with bad cells too, standing in a neutral value for each cell already reported);
import_staff re-validates and saves every row or none. A row whose Mã cán bộ
exists in the school updates that record (the version column makes a concurrent
edit a conflict), any other row creates one. A column left out of the file
leaves that field unchanged on updates; an empty cell in a present column clears it.
"""

from dataclasses import dataclass, field, fields
from datetime import date
from functools import partial

from sqlalchemy import select

from smasweb import codelists
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
from smasweb.services.staff.validation import POSITION_GROUPS

FIELD = StaffMember.__field__  # "staff"


@dataclass
class StaffRow:
    """One valid row: the record it updates (None: a new one) and its values."""

    number: int
    member: StaffMember | None
    values: dict = field(default_factory=dict)
    failed: set[str] = field(default_factory=set)  # fields with a row error


# An error on these depends on those fields: not shown when they were stood in.
# (A stood-in gender or birth date is read from the personal ID: its checks hold.)
DEPENDS = {
    "party_joined_on": {"birth_date"},
    "position": {"group"},
}


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


def _from_id(pid) -> dict:
    """The gender and a birth date a 12-digit personal ID states (its 4th to 6th
    digits), so that standing them in keeps the ID's own checks true."""
    if not (isinstance(pid, str) and len(pid) == 12 and pid.isdigit()):
        return {}
    century, female = divmod(int(pid[3]), 2)
    year = 1900 + 100 * century + int(pid[4:6])
    return {"gender": "02" if female else "01", "birth_date": date(year, 1, 1)}


def _stand_in(name: str, parsed: dict | None = None):
    """A value that passes the field's own rule, so that the rules after it run."""
    fixed = {"full_name": "-", "birth_date": date(1980, 1, 1), "code": None}
    fixed |= {"gender": "02"} | _from_id((parsed or {}).get("personal_id"))
    if name in fixed:
        return fixed[name]
    if name == "position":  # any position outside POSITION_GROUPS is group 02
        return next(
            c for c in codelists.labels("staff_positions") if c not in POSITION_GROUPS
        )
    if name == "group":
        return "02"
    codelist = COLUMNS[name].codelist if name in COLUMNS else None
    return next(iter(codelists.labels(codelist))) if codelist else None


def _clean(actor, school, report, row: StaffRow) -> None:
    """The record's rules (the same as the form's) until every field passes: a
    field that fails gets its row error (once), then a stand-in value and the
    rules run again; row.values are the clean values when nothing failed."""
    stood_in = {name for name in row.failed if name not in row.values}
    parsed = {name: _stand_in(name, row.values) for name in stood_in} | row.values
    for _ in range(len(COLUMNS) + 3):
        data = staff_svc.StaffData(**{**_base(row.member), **parsed})
        try:
            values = staff_svc.clean(actor, school, data, row.member)
        except ValidationFailed as exc:
            name = exc.field if exc.field in COLUMNS else "code"
            if name in stood_in:
                return  # its stand-in fails too: the rest stays unchecked
            if name not in row.failed and not DEPENDS.get(name, set()) & stood_in:
                report.add_error(row.number, COLUMNS[name].header, exc.message)
            row.failed.add(name)
            stood_in.add(name)
            parsed[name] = _stand_in(name, parsed)
            if name == "position":
                parsed["group"] = _stand_in("group")
            continue
        if not row.failed:
            row.values = values
        return


def check_staff(actor: User, school: Unit, stream) -> ImportReport:
    """Dry run: every row checked, nothing saved; report.items are StaffRow.

    Raises PermissionDenied, ValidationFailed (field "file") for an unreadable file.
    """
    school_data.require_write(actor, school, FIELD)
    report, parsed = read_file(stream, StaffCells)
    rows = [StaffRow(p.number, None, p.values, p.failed) for p in parsed]
    by_code = _school_codes(school)
    unique_rows(report, rows, ("code", "personal_id"), COLUMNS, _repeated)
    for row in rows:
        row.member = by_code.get(row.values.get("code") or "")
        _clean(actor, school, report, row)
        if not row.failed:
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


def _free_codes(school: Unit, rows: list[StaffRow]):
    """The school's free "CB0001" codes in order, as the form generates them."""
    taken = set(_school_codes(school)) | {r.values.get("code") for r in rows}
    n = 0
    while True:
        n += 1
        if f"CB{n:04d}" not in taken:
            yield f"CB{n:04d}"


def _save(school: Unit, rows: list[StaffRow]) -> None:
    codes = _free_codes(school, rows)
    for row in rows:
        member = row.member or StaffMember(school_id=school.id)
        for name, value in row.values.items():
            setattr(member, name, value)
        member.code = member.code or next(codes)
        keys = StaffMember.search_keys(member.full_name, member.code)
        for name, value in keys.items():
            setattr(member, name, value)
        if row.member is None:
            db.session.add(member)


def counts(report: ImportReport) -> tuple[int, int]:
    """(new records, updated records) of a report's rows."""
    new = sum(1 for row in report.items if row.member is None)
    return new, len(report.items) - new
