"""Pupils' records (hồ sơ học sinh): the search over the actor's scope, one record, create
and edit. The search's statements live in search.py, movements in movements.py,
transfers in transfers.py, the field rules in validation.py (the shared ones in
services/checks.py) and record_data.py. Every function takes the actor and only flushes.
"""

import secrets

from sqlalchemy import select

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import ClassGroup, Enrollment, Movement, Student, Unit, User
from smasweb.services import policy, school_data
from smasweb.services import years as school_years
from smasweb.services.errors import ValidationFailed
from smasweb.services.students import search as students_search
from smasweb.services.students import supports
from smasweb.services.students.record_data import (
    INLINE_FIELDS,
    StudentData,
    check_one,
    clean,
)
from smasweb.services.students.rules import term_of
from smasweb.services.students.search import StudentFilters
from smasweb.services.system import system_override

__all__ = ["INLINE_FIELDS", "StudentData", "StudentFilters", "check_one", "clean"]

FIELD = Student.__field__  # "students"
PER_PAGE = 25


def may_write(actor: User, school: Unit | None) -> bool:
    return school is not None and policy.can(
        actor, "data.write", unit=school, field=FIELD
    )


def may_read(actor: User, school: Unit | None) -> bool:
    return school is not None and policy.can(
        actor, "data.read", unit=school, field=FIELD
    )


def search_students(
    actor: User,
    f: StudentFilters,
    page: int = 1,
    per_page: int = PER_PAGE,
    listed: bool = False,
) -> students_search.Page:
    """One page of (pupil, school, class name this year) in Vietnamese name order, and
    the total. `listed`: only the columns the list page shows are loaded (the others
    would then be read one query per pupil). Raises NotFound."""
    policy.require_reads(actor, FIELD)
    year = school_years.current_year()
    stmt = students_search.statement(actor, f, year)
    by_q = bool(f.q.split())
    return students_search.page_of(stmt, year, page, per_page, by_q, listed)


def get_student(actor: User, student_id: int) -> Student:
    """A record in the actor's scope. Raises NotFound."""
    policy.require_reads(actor, FIELD)
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
    year = year or school_years.current_year()
    if cls is None or cls.school_id != school.id or cls.year != year:
        raise ValidationFailed("Hãy chọn một lớp của trường trong năm học.", "class_id")
    return cls


def classes_of(school: Unit, year: int | None = None) -> list:
    """The school's classes of the year for a class picker: rows of (id, name,
    grade), by grade then name; not whole classes (on every pupils' list page)."""
    stmt = select(ClassGroup.id, ClassGroup.name, ClassGroup.grade).where(
        ClassGroup.school_id == school.id,
        ClassGroup.year == (year or school_years.current_year()),
    )
    return sorted(db.session.execute(stmt), key=lambda c: (c.grade, c.name))


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
    codes, since = supports.checked(
        data.supports, data.supports_from, values["birth_date"]
    )
    student = Student(school_id=school.id, status="01", active=True)
    apply_values(student, school, values)
    db.session.add(student)
    db.session.flush()
    enrol(student, cls, "new")
    supports.set_supports(student, codes, since)
    today = clock.today()
    with system_override(f"nhập học của học sinh mới #{student.id}"):
        db.session.add(
            Movement(
                school_id=school.id,
                student_id=student.id,
                year=cls.year,
                kind="admission",
                on_date=today,
                term=term_of(today),
                class_id=cls.id,
            )
        )
        db.session.flush()
    return student


def update_student(
    actor: User, student: Student, data: StudentData, version: int | None
) -> Student:
    """Raises PermissionDenied, Conflict (stale form), ValidationFailed."""
    school = student.school
    school_data.require_write(actor, school, FIELD)
    school_data.check_version(student, version)
    values = clean(actor, school, data, student)
    codes, since = supports.checked(
        data.supports, data.supports_from, values["birth_date"]
    )
    apply_values(student, school, values)
    supports.set_supports(student, codes, since)
    db.session.flush()
    return student
