"""Transfer in (nhận học sinh chuyển đến): the receiving school finds the pupil's record
in any school and takes it over, so the history follows the pupil.

The search crosses every school but shows no personal data (name, birth date, school,
class, status). Taking a record creates the receiving school's record (previous_id →
the old one), its enrolment and a "transfer_in" movement; an old record still active
also gets its "transfer_out" movement and leaves its school. Both schools' movement
windows must be open.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, select
from sqlalchemy.orm import aliased

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import ClassGroup, Enrollment, Movement, Student, Unit, User
from smasweb.services import checks, school_data
from smasweb.services import years as school_years
from smasweb.services.calendar import windows as calendar
from smasweb.services.errors import NotFound, ValidationFailed
from smasweb.services.students import validation as check
from smasweb.services.students.movements import CALENDAR_FIELD, rederive
from smasweb.services.students.records import (
    FIELD,
    apply_values,
    enrol,
    school_class,
)
from smasweb.services.students.rules import term_of
from smasweb.services.system import system_override
from smasweb.text import fold, person_name

COPIED = tuple(
    c.key
    for c in Student.__table__.columns
    if c.key
    not in {
        "id",
        "school_id",
        "school_code",
        "status",
        "status_on",
        "active",
        "previous_id",
        "version",
        "created_at",
        "updated_at",
        "name_folded",
        "sort_key",
    }
)
LIMIT = 20


@dataclass
class Candidate:
    id: int
    full_name: str
    birth_date: date
    school_name: str
    class_name: str | None
    status: str
    active: bool


def find_candidates(
    actor: User, code: str = "", name: str = "", birth: date | None = None
) -> list[Candidate]:
    """Records of other schools matching an ID (personal or Ministry) or name + birth
    date, that no later record has taken over yet."""
    school = school_data.writable_school(actor, FIELD)
    code = "".join(code.split())
    stmt = select(Student, Unit.name).join(Unit, Unit.id == Student.school_id)
    if code:
        stmt = stmt.where(
            (Student.personal_id == code) | (Student.ministry_code == code)
        )
    elif fold(name).strip() and birth is not None:
        stmt = stmt.where(Student.birth_date == birth)
        for word in fold(name).split():
            stmt = stmt.where(Student.name_folded.contains(word, autoescape=True))
    else:
        return []
    later = aliased(Student)
    taken = select(later.id).where(later.previous_id == Student.id).exists()
    stmt = stmt.where(Student.school_id != school.id, ~taken)
    rows = db.session.execute(stmt.order_by(Student.sort_key).limit(LIMIT)).all()
    year = school_years.current_year()
    return [
        Candidate(
            s.id,
            s.full_name,
            s.birth_date,
            unit_name,
            _class_name(s.id, year),
            s.status,
            s.active,
        )
        for s, unit_name in rows
    ]


def _class_name(student_id: int, year: int) -> str | None:
    stmt = (
        select(ClassGroup.name)
        .join(Enrollment, and_(Enrollment.class_id == ClassGroup.id))
        .where(Enrollment.student_id == student_id, Enrollment.year <= year)
        .order_by(Enrollment.year.desc())
    )
    return db.session.scalars(stmt.limit(1)).first()


@dataclass
class TransferInData:
    source_id: int | None = None
    class_id: int | None = None
    on_date: date | None = None
    # a pupil from outside the province (no record to take)
    full_name: str = ""
    birth_date: date | None = None
    gender: str | None = None
    other_place: str | None = None
    scope: str | None = None


def _on_date(value: date | None) -> date:
    checks.required(value, "on_date")
    if value > clock.today():
        raise ValidationFailed("Ngày này ở tương lai, hãy kiểm tra lại.", "on_date")
    return value


def _leave_old(old: Student, school: Unit, on_date: date) -> None:
    """The sending school's transfer_out movement, when its record is still active."""
    if not old.active:
        return
    calendar.require_open(old.school, CALENDAR_FIELD)
    with system_override(f"chuyển đến trường {school.code}"):
        db.session.add(
            Movement(
                school_id=old.school_id,
                student_id=old.id,
                kind="transfer_out",
                year=school_years.current_year(on_date),
                on_date=on_date,
                term=term_of(on_date),
                other_school_id=school.id,
                scope="01",
            )
        )
        db.session.flush()
        rederive(old)
        db.session.flush()


def _new_record(
    actor: User, school: Unit, data: TransferInData
) -> tuple[dict, Student | None]:
    if data.source_id is None:
        values = {
            "full_name": checks.required(person_name(data.full_name), "full_name"),
            "birth_date": check.birth_date(data.birth_date),
            "gender": checks.code("genders", data.gender, "gender", required=True),
        }
        checks.required((data.other_place or "").strip(), "other_place")
        return values, None
    old = db.session.get(Student, data.source_id)
    if old is None or old.school_id == school.id:
        raise NotFound()
    return {k: getattr(old, k) for k in COPIED}, old


def transfer_in(actor: User, data: TransferInData) -> Student:
    """Receive a pupil. Raises NotFound, PermissionDenied, ValidationFailed, PeriodLocked."""
    school = school_data.writable_school(actor, FIELD)
    cls = school_class(school, data.class_id)
    on_date = _on_date(data.on_date)
    values, old = _new_record(actor, school, data)
    calendar.require_open(school, CALENDAR_FIELD)
    if old is not None:
        _leave_old(old, school, on_date)
    school_data.require_write(actor, school, FIELD)
    student = Student(school_id=school.id, previous_id=old.id if old else None)
    with system_override(f"nhận học sinh chuyển đến {school.code}"):
        apply_values(student, school, values)
        db.session.add(student)
        db.session.flush()
        enrol(student, cls, "transfer")
    scope = "01" if old else checks.code("transfer_scopes", data.scope or "02", "scope")
    db.session.add(
        Movement(
            school_id=school.id,
            student_id=student.id,
            kind="transfer_in",
            year=cls.year,
            on_date=on_date,
            term=term_of(on_date),
            class_id=cls.id,
            other_school_id=old.school_id if old else None,
            scope=scope,
            other_place=None if old else " ".join(data.other_place.split()),
        )
    )
    db.session.flush()
    with system_override(f"trạng thái của học sinh chuyển đến #{student.id}"):
        rederive(student)
        db.session.flush()
    return student
