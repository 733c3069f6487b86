"""Pupils' records (hồ sơ học sinh): the search over the actor's scope, one record, create
and edit. Movements live in students_movements, transfers in students_transfer, the
field rules in students_checks and students_record. Every function takes the actor
and only flushes.
"""

import re
import secrets
from dataclasses import dataclass

from sqlalchemy import Select, and_, func, or_, select, union
from sqlalchemy.orm import aliased

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import ClassGroup, Enrollment, Movement, Student, Unit, User
from smasweb.services import policy, school_data
from smasweb.services.errors import NotFound, ValidationFailed
from smasweb.services.student_rules import term_of
from smasweb.services.students_record import (
    INLINE_FIELDS,
    StudentData,
    check_one,
    clean,
)
from smasweb.services.system import system_override
from smasweb.text import fold

__all__ = ["INLINE_FIELDS", "StudentData", "check_one", "clean"]

FIELD = Student.__field__  # "students"
PER_PAGE = 25
PERSONAL_ID_RE = re.compile(r"^\d{12}$")
MINISTRY_CODE_RE = re.compile(r"^\d{10}$")
CLASS_NAME_RE = re.compile(r"^\d{1,2}[A-Za-z][A-Za-z0-9.\-]{0,8}$")


def require_pages(actor: User) -> None:
    """Actors who read no school's pupils get 404 on every pupil page."""
    if not policy.reads_field(actor, FIELD):
        raise NotFound()


def own_school(actor: User) -> Unit | None:
    return actor.unit if actor.unit.is_school else None


def may_write(actor: User, school: Unit | None) -> bool:
    return school is not None and policy.can(
        actor, "data.write", unit=school, field=FIELD
    )


def may_read(actor: User, school: Unit | None) -> bool:
    return school is not None and policy.can(
        actor, "data.read", unit=school, field=FIELD
    )


def writable_school(actor: User) -> Unit:
    """The school a new record goes to. Raises NotFound, PermissionDenied."""
    require_pages(actor)
    school = own_school(actor)
    if school is None:
        raise NotFound()
    school_data.require_write(actor, school, FIELD)
    return school


@dataclass
class StudentFilters:
    q: str = ""
    school: str = ""  # officers: a school's code or part of its name
    class_id: int | None = None  # school users: one class of the current year
    status: str = ""  # "" active pupils, "all", or one status code
    gender: str = ""


def _q_condition(q: str, year: int):
    """Name without diacritics and codes (name_folded holds both), the personal ID, or a
    class name of the year. Alternatives are a UNION of index-friendly lookups."""
    words = fold(q).split()
    if not words:
        return None
    by_name = and_(*(Student.name_folded.contains(w, autoescape=True) for w in words))
    raw = q.strip()
    extra = []
    if PERSONAL_ID_RE.match(raw):
        extra.append(select(Student.id).where(Student.personal_id == raw))
    elif MINISTRY_CODE_RE.match(raw):
        extra.append(select(Student.id).where(Student.ministry_code == raw))
    if len(words) == 1 and CLASS_NAME_RE.match(raw):
        extra.append(
            select(Enrollment.student_id)
            .join(ClassGroup, ClassGroup.id == Enrollment.class_id)
            .where(Enrollment.year == year, ClassGroup.name == raw.upper())
        )
    if not extra:
        return by_name
    return Student.id.in_(union(select(Student.id).where(by_name), *extra))


def _statement(actor: User, f: StudentFilters, year: int) -> Select:
    stmt = select(Student).join(Unit, Unit.id == Student.school_id)
    stmt = policy.scope_school_data(actor, stmt, Student)
    condition = _q_condition(f.q, year)
    if condition is not None:
        stmt = stmt.where(condition)
    if f.status == "":
        stmt = stmt.where(Student.active.is_(True))
    elif f.status != "all":
        stmt = stmt.where(Student.status == f.status)
    if f.gender:
        stmt = stmt.where(Student.gender == f.gender)
    if f.class_id is not None:
        enrolled = select(Enrollment.student_id).where(
            Enrollment.class_id == f.class_id, Enrollment.year == year
        )
        stmt = stmt.where(Student.id.in_(enrolled))
    school = f.school.strip()
    if school:
        stmt = stmt.where(
            or_(Unit.code == school.upper(), Unit.name_folded.contains(fold(school)))
        )
    return stmt


def search_students(
    actor: User, f: StudentFilters, page: int = 1, per_page: int = PER_PAGE
) -> tuple[list[tuple[Student, Unit, str | None]], int]:
    """One page of (pupil, school, class name this year) in Vietnamese name order, and
    the total: one query and one count."""
    require_pages(actor)
    year = school_data.current_year()
    stmt = _statement(actor, f, year)
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery()))
    cls = aliased(ClassGroup)
    page_stmt = (
        stmt.add_columns(Unit, cls.name)
        .outerjoin(
            Enrollment,
            and_(Enrollment.student_id == Student.id, Enrollment.year == year),
        )
        .outerjoin(cls, cls.id == Enrollment.class_id)
        .order_by(Student.sort_key, Student.id)
        .limit(per_page)
        .offset((max(page, 1) - 1) * per_page)
    )
    rows = db.session.execute(page_stmt).all()
    return [tuple(r) for r in rows], total or 0


def get_student(actor: User, student_id: int) -> Student:
    """A record in the actor's scope. Raises NotFound."""
    require_pages(actor)
    return school_data.get_row(actor, Student, student_id)


def student_for_edit(actor: User, student_id: int) -> Student:
    """A record the actor may change: 404 outside the scope, then 403."""
    student = get_student(actor, student_id)
    school_data.require_write(actor, student.school, FIELD)
    return student


def enrollments_of(student: Student) -> list[tuple[Enrollment, ClassGroup]]:
    stmt = (
        select(Enrollment, ClassGroup)
        .join(ClassGroup, ClassGroup.id == Enrollment.class_id)
        .where(Enrollment.student_id == student.id)
        .order_by(Enrollment.year.desc())
    )
    return [tuple(r) for r in db.session.execute(stmt)]


def movements_of(student: Student) -> list[Movement]:
    stmt = (
        select(Movement)
        .where(Movement.student_id == student.id)
        .order_by(Movement.on_date, Movement.id)
    )
    return list(db.session.scalars(stmt))


def linked_records(student: Student) -> tuple[Student | None, list[Student]]:
    """The same pupil's record at the school they came from, and the later ones."""
    previous = (
        db.session.get(Student, student.previous_id) if student.previous_id else None
    )
    later = db.session.scalars(select(Student).where(Student.previous_id == student.id))
    return previous, list(later)


def school_class(school: Unit, class_id: int | None, year: int | None = None):
    """A class of the school (of `year`, default the current one). Raises ValidationFailed."""
    cls = db.session.get(ClassGroup, class_id) if class_id else None
    year = year or school_data.current_year()
    if cls is None or cls.school_id != school.id or cls.year != year:
        raise ValidationFailed("Hãy chọn một lớp của trường trong năm học.", "class_id")
    return cls


def classes_of(school: Unit, year: int | None = None) -> list[ClassGroup]:
    stmt = select(ClassGroup).where(
        ClassGroup.school_id == school.id,
        ClassGroup.year == (year or school_data.current_year()),
    )
    return sorted(db.session.scalars(stmt), key=lambda c: (c.grade, c.name))


def new_code(school: Unit) -> str:
    """A free "HS" + 5 digits code in the school."""
    stmt = select(Student.school_code).where(
        Student.school_id == school.id, Student.school_code.like("HS%")
    )
    taken = set(db.session.scalars(stmt))
    for n in range(len(taken) + 1, len(taken) + 100000):
        if f"HS{n:05d}" not in taken:
            return f"HS{n:05d}"
    return f"HS{secrets.randbelow(10**8):08d}"


def apply_values(student: Student, school: Unit, values: dict) -> None:
    values = {
        **values,
        "school_code": values.get("school_code")
        or student.school_code
        or new_code(school),
    }
    for attr, value in values.items():
        setattr(student, attr, value)
    keys = Student.search_keys(
        student.full_name, student.ministry_code, student.school_code
    )
    for column, value in keys.items():
        setattr(student, column, value)


def enrol(student: Student, cls: ClassGroup, intake: str | None) -> Enrollment:
    """The pupil's class for the class's year (created, or moved to this class)."""
    row = db.session.scalar(
        select(Enrollment).where(
            Enrollment.student_id == student.id, Enrollment.year == cls.year
        )
    )
    if row is None:
        row = Enrollment(school_id=student.school_id, student_id=student.id)
        row.year = cls.year
        db.session.add(row)
    row.class_id = cls.id
    row.intake = intake or row.intake
    db.session.flush()
    return row


def create_student(
    actor: User, school: Unit, data: StudentData, class_id: int | None
) -> Student:
    """A new pupil enrolled in a class of the current year, with its admission movement.

    Raises PermissionDenied, ValidationFailed (PeriodLocked at the flush).
    """
    school_data.require_write(actor, school, FIELD)
    cls = school_class(school, class_id)
    values = clean(actor, school, data, None)
    student = Student(school_id=school.id, status="01", active=True)
    apply_values(student, school, values)
    db.session.add(student)
    db.session.flush()
    enrol(student, cls, "new")
    today = clock.today()
    with system_override(f"nhập học của học sinh mới #{student.id}"):
        db.session.add(
            Movement(
                school_id=school.id, student_id=student.id, year=cls.year,
                kind="admission", on_date=today, term=term_of(today), class_id=cls.id,
            )
        )  # fmt: skip
        db.session.flush()
    return student


def update_student(
    actor: User, student: Student, data: StudentData, version: int | None
) -> Student:
    """Raises PermissionDenied, Conflict (stale form), ValidationFailed."""
    school = student.school
    school_data.require_write(actor, school, FIELD)
    school_data.check_version(student, version)
    apply_values(student, school, clean(actor, school, data, student))
    db.session.flush()
    return student
