"""All-or-nothing Excel import of a school's pupils, in the style of C1-HocSinh.

A dry run (check_students) reads every row and lists every error of every row in one
pass (a wrong cell does not hide the row's other errors: its class, a repeat in the
file, an ID used elsewhere are still checked); import_students re-validates and
saves every row or none. Mã học sinh của trường is optional, as on the form: a new
pupil without one gets the next free "HS00001" code. A row whose Mã học sinh của trường (or Mã
học sinh của Bộ) exists in the school updates that record; any other row creates a
pupil, their enrolment in this year's class and an "admission" movement. A personal
ID or Ministry code active in another school is a row error (one pupil, one active
record), and so is a code repeated inside the file.

Fast enough for 2,000 rows in a few seconds: every lookup is loaded once (the
school's pupils and classes, the IDs active elsewhere in one IN query), rows are
validated in memory and new records go in as bulk INSERTs (the guard audits them).
"""

from dataclasses import dataclass, field
from functools import partial

from sqlalchemy import or_, select

from smasweb.extensions import db
from smasweb.models import ClassGroup, Student, Unit, User
from smasweb.services import addresses, checks, personal_id, school_data
from smasweb.services import years as school_years
from smasweb.services.calendar import windows as calendar
from smasweb.services.errors import ValidationFailed
from smasweb.services.imports.cells import read_file
from smasweb.services.imports.pipeline import ImportReport, save_checked, unique_rows
from smasweb.services.imports.pipeline import error_lines as error_lines  # re-exported
from smasweb.services.students import supports
from smasweb.services.students import validation as check
from smasweb.services.students.import_cells import COLUMNS, StudentCells
from smasweb.services.students.import_save import (
    DEFAULTS,
    RECORD_FIELDS,
    save_new,
    save_updates,
)
from smasweb.text import fold

FIELD = Student.__field__  # "students"
UNIQUE = ("school_code", "ministry_code", "personal_id")
PARENTS = ("father", "mother", "guardian")
ELSEWHERE = {
    "personal_id": check.ACTIVE_ELSEWHERE,
    "ministry_code": check.CODE_ACTIVE_ELSEWHERE,
}


@dataclass
class StudentRow:
    """One valid row: the record it updates (None: a new pupil), values, class."""

    number: int
    student: Student | None
    values: dict = field(default_factory=dict)
    class_id: int | None = None
    failed: set[str] = field(default_factory=set)  # fields with a row error


@dataclass
class Lookups:
    """Everything a row is checked against, loaded once per file."""

    by_code: dict[str, Student]
    by_ministry: dict[str, Student]
    by_pid: dict[str, Student]
    classes: dict[str, int]
    elsewhere: set[tuple[str, str]]
    year: int


def _lookups(school: Unit, rows: list[StudentRow]) -> Lookups:
    year = school_years.current_year()
    students = list(
        db.session.scalars(select(Student).where(Student.school_id == school.id))
    )
    classes: dict[str, int] = {}
    stmt = select(ClassGroup.id, ClassGroup.name).where(
        ClassGroup.school_id == school.id, ClassGroup.year == year
    )
    for class_id, name in db.session.execute(stmt):
        classes[fold(name)] = class_id
        classes[str(class_id)] = class_id
    wanted = {
        key: {r.values[key] for r in rows if r.values.get(key)}
        for key in ("personal_id", "ministry_code")
    }
    elsewhere: set[tuple[str, str]] = set()
    if wanted["personal_id"] or wanted["ministry_code"]:
        stmt = select(Student.personal_id, Student.ministry_code).where(
            Student.active,
            Student.school_id != school.id,
            or_(
                Student.personal_id.in_(wanted["personal_id"]),
                Student.ministry_code.in_(wanted["ministry_code"]),
            ),
        )
        for pid, code in db.session.execute(stmt):
            elsewhere |= {("personal_id", pid), ("ministry_code", code)}
    return Lookups(
        by_code={p.school_code.upper(): p for p in students},
        by_ministry={p.ministry_code: p for p in students if p.ministry_code},
        by_pid={p.personal_id: p for p in students if p.personal_id and p.active},
        classes=classes,
        elsewhere=elsewhere,
        year=year,
    )


def _field_rules(merged: dict, failed: set[str]) -> list[tuple[str, str]]:
    """The record's rules that need no database (the form's own functions)."""
    rules = [
        (check.birth_date, ("birth_date",)),
        *((checks.phone, (f"{who}_phone",)) for who in PARENTS),
        *((check.birth_year, (f"{who}_birth_year",)) for who in PARENTS),
        (check.measure, ("weight_kg", 1, 150)),
        (check.measure, ("height_cm", 30, 220)),
    ]
    errors = []
    for rule, (name, *limits) in rules:
        if name in failed:  # already reported by the cell reader
            continue
        try:
            rule(merged.get(name), *limits, name)
        except ValidationFailed as exc:
            errors.append((name, exc.message))
    names = ("perm_province", "perm_district", "perm_commune")
    if not failed.intersection(names):
        try:
            addresses.check(*(merged.get(n) for n in names), fields=names)
        except ValidationFailed as exc:
            errors.append((exc.field, exc.message))
    if "supports_from" not in failed and "birth_date" not in failed:
        try:
            supports.check_day(merged.get("supports_from"), merged.get("birth_date"))
        except ValidationFailed as exc:
            errors.append((exc.field, exc.message))
    code = merged.get("school_code")
    if code and not check.SCHOOL_CODE_RE.match(code):
        errors.append(("school_code", "Mã chỉ gồm chữ, số và . _ - (tối đa 20)."))
    return errors


def _row_errors(row: StudentRow, look: Lookups) -> list[tuple[str, str]]:
    """(field, message) of what is wrong with a parsed row, matched to its record."""
    values, errors = row.values, []
    code, ministry = values.get("school_code"), values.get("ministry_code")
    row.student = look.by_code.get(code) or look.by_ministry.get(ministry or "")
    other = look.by_ministry.get(ministry or "")
    if row.student is not None and other is not None and other is not row.student:
        errors.append(("ministry_code", f"Mã này là của học sinh {other.full_name}."))
    current = {n: getattr(row.student, n) for n in RECORD_FIELDS} if row.student else {}
    merged = {**DEFAULTS, **current, **values}
    name = values.get("class_name")
    if name:
        row.class_id = look.classes.get(fold(name))
        if row.class_id is None:
            errors.append(
                (
                    "class_name",
                    f"Trường không có lớp “{name}” trong năm học {look.year}-{look.year + 1}.",
                )
            )
    elif row.student is None:
        errors.append(("class_name", "Bắt buộc nhập với học sinh mới."))
    errors += _field_rules(merged, row.failed)
    pid = merged.get("personal_id")
    if pid:
        known = not {"gender", "birth_date"} & row.failed  # else only the format
        problem = personal_id.problem(
            pid,
            merged.get("gender") if known else None,
            merged.get("birth_date") if known else None,
        )
        if problem:
            errors.append(("personal_id", problem))
        owner = look.by_pid.get(pid)
        if owner is not None and owner is not row.student:
            errors.append(("personal_id", f"Trùng với học sinh {owner.full_name}."))
    for key in ("personal_id", "ministry_code"):
        if merged.get(key) and (key, merged[key]) in look.elsewhere:
            errors.append((key, ELSEWHERE[key]))
    return errors


def check_students(actor: User, school: Unit, stream) -> ImportReport:
    """Dry run: every row checked, nothing saved; report.items are PupilRow.

    Raises PermissionDenied, ValidationFailed (field "file") for an unreadable file.
    """
    school_data.require_write(actor, school, FIELD)
    report, parsed = read_file(stream, StudentCells)
    rows = []
    for p in parsed:
        if p.values.get("school_code") is None:  # keep the record's, or generate
            p.values.pop("school_code", None)
        rows.append(StudentRow(p.number, None, p.values, failed=p.failed))
    unique_rows(report, rows, UNIQUE, COLUMNS)
    look = _lookups(school, rows)
    for row in rows:
        for name, message in _row_errors(row, look):
            if name not in row.failed:  # one error a cell: the first found
                row.failed.add(name)
                report.add_error(row.number, COLUMNS[name].header, message)
        if not row.failed:
            report.items.append(row)
    return report.all_or_nothing()


def import_students(actor: User, school: Unit, stream) -> ImportReport:
    """Save every row, or none when any row is wrong (report.ok tells which).

    Raises PermissionDenied, PeriodLocked (before the file is read), ValidationFailed.
    """
    school_data.require_write(actor, school, FIELD)
    calendar.require_open(school, FIELD)
    report = check_students(actor, school, stream)
    return save_checked(report, partial(_save, school, school_years.current_year()))


def _save(school: Unit, year: int, rows: list[StudentRow]) -> None:
    save_new(school, [r for r in rows if r.student is None], year)
    save_updates(school, [r for r in rows if r.student], year)


def counts(report: ImportReport) -> tuple[int, int]:
    """(new pupils, updated pupils) of a report's rows."""
    new = sum(1 for row in report.items if row.student is None)
    return new, len(report.items) - new
