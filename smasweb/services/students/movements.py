"""Dated movements of a pupil (chuyển đi, thôi học, đi học lại, lưu ban, chuyển lớp):
the rules of each kind, then the status re-derived from all the movements.

The status, `active` and `status_on` are never typed: after each movement they are
derived again (rules.derive_status). A movement is governed by the calendar
field "movements"; the derived columns and the enrolment it implies follow it inside
a recorded system override, so a movement accepted in its window is never refused
because the record window ("students") is closed.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import ClassGroup, Movement, Student, Unit, User
from smasweb.services import checks, policy, school_data
from smasweb.services import years as school_years
from smasweb.services.calendar import windows as calendar
from smasweb.services.errors import PermissionDenied, ValidationFailed
from smasweb.services.students.records import FIELD, enrol, movements_of
from smasweb.services.students.rules import LEAVING, derive_status, term_of
from smasweb.services.system import system_override
from smasweb.text import vn_date

FORM_KINDS = ("transfer_out", "dropout", "return", "repeat", "class_change")
CALENDAR_FIELD = Movement.__calendar_field__  # "movements"
TERMS = {"1": "Học kỳ 1", "2": "Học kỳ 2", "he": "Trong hè"}


@dataclass
class MovementData:
    kind: str = ""
    on_date: date | None = None
    term: str | None = None
    other_school_code: str | None = None
    other_place: str | None = None
    scope: str | None = None
    reason: str | None = None
    class_id: int | None = None
    note: str | None = None


def may_move(actor: User, student: Student) -> bool:
    return policy.can(actor, "data.write", unit=student.school, field=FIELD)


def _date(student: Student, on_date: date | None) -> date:
    checks.required(on_date, "on_date")
    if on_date > clock.today():
        raise ValidationFailed("Ngày này ở tương lai, hãy kiểm tra lại.", "on_date")
    last = max((m.on_date for m in movements_of(student)), default=None)
    if last is not None and on_date < last:
        raise ValidationFailed(
            f"Ngày phải từ {vn_date(last)} (ngày của biến động gần nhất) trở đi.",
            "on_date",
        )
    return on_date


def _other_school(school: Unit, code: str | None) -> Unit | None:
    code = (code or "").strip().upper()
    if not code:
        return None
    other = db.session.scalar(select(Unit).where(Unit.code == code))
    if other is None or not other.is_school or other.id == school.id:
        raise ValidationFailed(
            "Không có trường nào có mã này (hoặc đó là trường mình).",
            "other_school_code",
        )
    return other


def _class(student: Student, class_id: int | None, year: int) -> ClassGroup:
    cls = db.session.get(ClassGroup, class_id) if class_id else None
    if cls is None or cls.school_id != student.school_id or cls.year != year:
        raise ValidationFailed(
            f"Hãy chọn một lớp của trường trong năm học {year}-{year + 1}.", "class_id"
        )
    return cls


def _last_leaving(student: Student) -> str | None:
    leaving = [m.kind for m in movements_of(student) if m.kind in LEAVING]
    return leaving[-1] if leaving else None


def _kind_values(student: Student, data: MovementData, year: int) -> dict:
    """The columns the kind needs, checked. Raises ValidationFailed."""
    kind = data.kind
    if kind in ("transfer_out", "dropout", "class_change") and not student.active:
        raise ValidationFailed("Học sinh hiện không học ở trường.", "kind")
    if kind == "return" and (student.active or _last_leaving(student) != "dropout"):
        raise ValidationFailed(
            "Chỉ ghi đi học lại cho học sinh đã thôi học ở trường.", "kind"
        )
    values: dict = {"year": year}
    if kind == "transfer_out":
        other = _other_school(student.school, data.other_school_code)
        place = " ".join((data.other_place or "").split()) or None
        if other is None and place is None:
            raise ValidationFailed(
                "Hãy nhập mã trường chuyển đến, hoặc nơi chuyển đến nếu ngoài tỉnh.",
                "other_school_code",
            )
        scope = "01" if other else checks.code("transfer_scopes", data.scope, "scope")
        if scope is None:
            raise ValidationFailed(checks.REQUIRED, "scope")
        values |= {"other_school_id": other.id if other else None}
        values |= {"other_place": place, "scope": scope}
    elif kind == "dropout":
        values["reason"] = checks.code(
            "dropout_reasons", data.reason, "reason", required=True
        )
    elif kind == "repeat":
        cls = _class(student, data.class_id, year + 1)
        values |= {"class_id": cls.id, "year": cls.year}
    elif kind == "class_change":
        values["class_id"] = _class(student, data.class_id, year).id
    return values


def rederive(student: Student) -> None:
    """Status, active and status_on from all the movements (inside an override)."""
    status, active, since = derive_status(movements_of(student))
    student.status, student.active, student.status_on = status, active, since


def add_movement(actor: User, student: Student, data: MovementData) -> Movement:
    """Record a movement and re-derive the status.

    Raises PermissionDenied, ValidationFailed, PeriodLocked (423).
    """
    if not may_move(actor, student):
        raise PermissionDenied()
    school_data.require_write(actor, student.school, FIELD)
    if data.kind not in FORM_KINDS:
        raise ValidationFailed("Hãy chọn loại biến động.", "kind")
    on_date = _date(student, data.on_date)
    term = data.term or term_of(on_date)
    if term not in TERMS:
        raise ValidationFailed("Giá trị không có trong danh mục.", "term")
    values = _kind_values(student, data, school_years.current_year(on_date))
    calendar.require_open(student.school, CALENDAR_FIELD)
    move = Movement(
        school_id=student.school_id,
        student_id=student.id,
        kind=data.kind,
        on_date=on_date,
        term=term,
        note=" ".join((data.note or "").split()) or None,
        **values,
    )
    db.session.add(move)
    db.session.flush()
    with system_override(f"trạng thái suy ra từ biến động #{move.id}"):
        if move.class_id:
            cls = db.session.get(ClassGroup, move.class_id)
            enrol(student, cls, "repeat" if move.kind == "repeat" else None)
        rederive(student)
        db.session.flush()
    return move


def other_school_names(actor: User, moves: list[Movement]) -> dict[int, str]:
    """{school id: name} of the other schools named by movements that the actor may
    read; the others are shown as "trường khác"."""
    ids = {m.other_school_id for m in moves if m.other_school_id}
    if not ids:
        return {}
    units = db.session.scalars(select(Unit).where(Unit.id.in_(ids)))
    return {
        u.id: u.name
        for u in units
        if policy.can(actor, "data.read", unit=u, field=FIELD)
    }
