"""Phân công giảng dạy: the school's leader or clerk chooses, for each primary and
secondary class of the year, the teacher of each subject in each semester, and
for an upper-secondary class its elective subjects (môn lựa chọn).

Teaching assignments and class electives are school data of the "classes" field:
the calendar guard refuses them outside that field's window (423) and the audit
trail keeps each change. A class's form is saved whole or not at all.
"""

from dataclasses import dataclass, field

from sqlalchemy import func, select

from smasweb.extensions import db
from smasweb.models import ClassGroup, Unit, User
from smasweb.models.assessment import ClassSubject, TeachingAssignment
from smasweb.services import policy, school_data
from smasweb.services.assessment import curriculum
from smasweb.services.assessment.access import (
    GRADEBOOK_GRADES,
    SEMESTERS,
    class_subjects,
    electives,
)
from smasweb.services.errors import NotFound, PermissionDenied, ValidationFailed
from smasweb.services.staff.records import homeroom_choices

FIELD = TeachingAssignment.__field__  # "classes"
UPPER_GRADES = ("10", "11", "12")
ELECTIVES_PER_CLASS = 4  # CT GDPT 2018: four subjects chosen from the groups
ELECTIVE = "elective"


@dataclass
class ClassPlan:
    """A class's subjects with their teachers: {(code, semester): staff id}."""

    cls: ClassGroup
    school: Unit
    electives: frozenset[str]
    subjects: list[curriculum.Subject]
    teachers: dict[tuple[str, int], int] = field(default_factory=dict)

    @property
    def upper(self) -> bool:
        return self.cls.grade in UPPER_GRADES

    @property
    def missing(self) -> int:
        return len(self.subjects) * len(SEMESTERS) - len(self.teachers)


def may_assign(actor: User, school: Unit) -> bool:
    """The school's leader and clerk assign (a teacher writes only its grades)."""
    return policy.can(actor, "data.write", unit=school, field=FIELD)


def managed_school(actor: User) -> Unit:
    """The actor's own school, whose assignments it sets. Raises NotFound (no
    school of its own), PermissionDenied (not its leader or clerk)."""
    school = school_data.readable_school(actor, FIELD)
    if not may_assign(actor, school):
        raise PermissionDenied()
    school_data.require_write(actor, school, FIELD)  # the window's banner, the audit
    return school


def classes(school: Unit, year: int) -> list[ClassGroup]:
    stmt = select(ClassGroup).where(
        ClassGroup.school_id == school.id,
        ClassGroup.year == year,
        ClassGroup.grade.in_(GRADEBOOK_GRADES),
    )
    return list(db.session.scalars(stmt.order_by(ClassGroup.grade, ClassGroup.name)))


def assigned_counts(class_ids: list[int]) -> dict[int, int]:
    """{class id: how many (subject, semester) have a teacher} in one query."""
    if not class_ids:
        return {}
    stmt = (
        select(TeachingAssignment.class_id, func.count())
        .where(TeachingAssignment.class_id.in_(class_ids))
        .group_by(TeachingAssignment.class_id)
    )
    return {class_id: n for class_id, n in db.session.execute(stmt)}


def plan(actor: User, class_id: int) -> ClassPlan:
    """A class of the actor's school with its subjects and teachers. Raises
    NotFound (another school's or a class of no gradebook), PermissionDenied."""
    school = managed_school(actor)
    cls = db.session.get(ClassGroup, class_id)
    if cls is None or cls.school_id != school.id or cls.grade not in GRADEBOOK_GRADES:
        raise NotFound()
    chosen = electives([cls.id])[cls.id]
    out = ClassPlan(cls, school, chosen, class_subjects(cls, chosen))
    stmt = select(TeachingAssignment).where(TeachingAssignment.class_id == cls.id)
    for row in db.session.scalars(stmt):
        out.teachers[row.subject_code, row.semester] = row.staff_id
    return out


def teacher_choices(school: Unit) -> dict[str, str]:
    """{staff id: "name (code)"} of the school's working teachers and managers."""
    return homeroom_choices(school)


def _check_electives(cls: ClassGroup, wanted: set[str]) -> frozenset[str]:
    offered = {s.code for s in curriculum.elective_choices(cls.grade)}
    if not wanted <= offered:
        raise ValidationFailed("Môn lựa chọn không có trong chương trình.", "electives")
    if len(wanted) > ELECTIVES_PER_CLASS:
        raise ValidationFailed(
            f"Mỗi lớp chọn tối đa {ELECTIVES_PER_CLASS} môn lựa chọn.", "electives"
        )
    return frozenset(wanted)


def save(
    actor: User,
    current: ClassPlan,
    teachers: dict[tuple[str, int], int | None],
    wanted_electives: set[str] | None,
) -> ClassPlan:
    """Write a class's electives (upper secondary) and its teachers: `teachers`
    {(subject code, semester): staff id or None}. Raises PermissionDenied,
    ValidationFailed (field "electives" or "t_<code>_<semester>"), PeriodLocked
    (the classes' window is closed, at the flush)."""
    school = managed_school(actor)
    cls = current.cls
    chosen = current.electives
    if current.upper and wanted_electives is not None:
        chosen = _check_electives(cls, wanted_electives)
    staff = {int(i) for i in teacher_choices(school)}
    for (code, sem), staff_id in teachers.items():
        if staff_id is not None and staff_id not in staff:
            raise ValidationFailed(
                "Chỉ chọn giáo viên đang làm việc tại trường.", f"t_{code}_{sem}"
            )
    _write_electives(school, cls, current.electives, chosen)
    subjects = {s.code for s in class_subjects(cls, chosen)}
    rows = db.session.scalars(
        select(TeachingAssignment).where(TeachingAssignment.class_id == cls.id)
    )
    have = {(r.subject_code, r.semester): r for r in rows}
    for key, row in have.items():
        wanted = teachers.get(key, row.staff_id)
        if key[0] not in subjects or wanted is None:
            db.session.delete(row)
        elif wanted != row.staff_id:
            row.staff_id = wanted
    for (code, sem), staff_id in teachers.items():
        if (code, sem) not in have and staff_id is not None and code in subjects:
            db.session.add(
                TeachingAssignment(
                    school_id=school.id,
                    year=cls.year,
                    class_id=cls.id,
                    subject_code=code,
                    semester=sem,
                    staff_id=staff_id,
                )
            )
    db.session.flush()
    return plan(actor, cls.id)


def _write_electives(school: Unit, cls: ClassGroup, old, new) -> None:
    if old == new:
        return
    stmt = select(ClassSubject).where(
        ClassSubject.class_id == cls.id, ClassSubject.kind == ELECTIVE
    )
    for row in db.session.scalars(stmt):
        if row.subject_code not in new:
            db.session.delete(row)
    for code in sorted(new - old):
        db.session.add(
            ClassSubject(
                school_id=school.id, class_id=cls.id, subject_code=code, kind=ELECTIVE
            )
        )
