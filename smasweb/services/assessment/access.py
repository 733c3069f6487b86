"""Who opens and who writes a class's marks in a subject and a semester.

A school's leader and clerk write every class and subject of their school; a
teacher (policy.works_on_own_classes) writes the (class, subject, semester) its
teaching assignments name, and reads every subject of its homeroom class. At
primary school (lớp 1–5, TT 27/2020) the homeroom teacher teaches most subjects
itself (lớp chủ nhiệm dạy gần hết các môn), so it writes every subject of its
homeroom class; the assignments name the specialist teachers (Tiếng Anh, Âm
nhạc…). Officers read the schools in their scope, without the pupils' names
(personal data). Secondary classes (lớp 6–12) are assessed by TT 22/2021.
"""

from dataclasses import dataclass, field

from sqlalchemy import or_, select

from smasweb.extensions import db
from smasweb.models import ClassGroup, Unit, User
from smasweb.models.assessment import ClassSubject, Mark, TeachingAssignment
from smasweb.services import policy, school_data
from smasweb.services.assessment import curriculum
from smasweb.services.errors import NotFound, PermissionDenied

FIELD = Mark.__field__  # "grades"
# lớp 6–12 and GDTX lớp 10–12 (codes 13–15: the upper-secondary curriculum)
SECONDARY_GRADES = (*(f"{g:02d}" for g in range(6, 13)), *curriculum.GDTX_GRADES)
PRIMARY_GRADES = tuple(f"{g:02d}" for g in range(1, 6))
GRADEBOOK_GRADES = PRIMARY_GRADES + SECONDARY_GRADES
SEMESTERS = (1, 2)
GRADEBOOK_LEVELS = ("02", "03", "04", "05")  # Tiểu học, THCS, THPT, GDTX


@dataclass(frozen=True)
class GridAccess:
    cls: ClassGroup
    school: Unit
    subject: curriculum.Subject
    semester: int
    writable: bool  # the actor may save this grid
    personal: bool  # the actor sees the pupils' names

    @property
    def primary(self) -> bool:
        """A primary class: levels and comments by TT 27/2020, not marks."""
        return is_primary(self.cls)


@dataclass
class Entry:
    """A class's subject on /grades/: semester → may the actor write it."""

    cls: ClassGroup
    subject: curriculum.Subject
    semesters: dict[int, bool] = field(default_factory=dict)


def schools(actor: User, limit: int = 500) -> list[Unit]:
    """The open primary and secondary schools whose grades the actor reads (an
    officer's picker)."""
    stmt = school_data.schools_in_scope(actor, FIELD).where(
        or_(*(Unit.levels.contains(level) for level in GRADEBOOK_LEVELS))
    )
    return list(db.session.scalars(stmt.order_by(Unit.sort_key, Unit.id).limit(limit)))


def is_secondary(cls: ClassGroup) -> bool:
    return cls.grade in SECONDARY_GRADES


def is_primary(cls: ClassGroup) -> bool:
    return cls.grade in PRIMARY_GRADES


def has_gradebook(cls: ClassGroup) -> bool:
    return cls.grade in GRADEBOOK_GRADES


def primary_class(class_id: int) -> bool:
    """Is this a primary class? (Its page is the TT 27 grid; the lookup stays in
    the session for get_grid.)"""
    cls = db.session.get(ClassGroup, class_id)
    return cls is not None and is_primary(cls)


def electives(class_ids: list[int]) -> dict[int, frozenset[str]]:
    """{class id: the elective subject codes chosen for it} in one query."""
    out: dict[int, set[str]] = {i: set() for i in class_ids}
    if not class_ids:
        return {}
    stmt = select(ClassSubject.class_id, ClassSubject.subject_code).where(
        ClassSubject.class_id.in_(class_ids), ClassSubject.kind == "elective"
    )
    for class_id, code in db.session.execute(stmt):
        out[class_id].add(code)
    return {i: frozenset(codes) for i, codes in out.items()}


def class_subjects(cls: ClassGroup, chosen: frozenset[str]) -> list[curriculum.Subject]:
    """The subjects a class studies: the grade's compulsory ones and the electives
    chosen for it (upper secondary)."""
    return curriculum.subjects(cls.grade, chosen)


def assigned(actor: User, class_ids: list[int]) -> set[tuple[int, str, int]]:
    """(class id, subject code, semester) the teacher's assignments name."""
    if actor.staff_id is None or not class_ids:
        return set()
    stmt = select(
        TeachingAssignment.class_id,
        TeachingAssignment.subject_code,
        TeachingAssignment.semester,
    ).where(
        TeachingAssignment.staff_id == actor.staff_id,
        TeachingAssignment.class_id.in_(class_ids),
    )
    return {tuple(r) for r in db.session.execute(stmt)}


def _homeroom(actor: User, cls: ClassGroup) -> bool:
    return actor.staff_id is not None and cls.homeroom_staff_id == actor.staff_id


def _teacher_writes(actor: User, cls: ClassGroup, assigned: bool) -> bool:
    """An assigned teacher writes; at primary the homeroom teacher too."""
    return assigned or (is_primary(cls) and _homeroom(actor, cls))


def entries(actor: User, school: Unit, year: int) -> list[Entry]:
    """The classes and subjects of the year the actor opens, by grade and name."""
    school_data.get_school(actor, school.id, FIELD)
    stmt = select(ClassGroup).where(
        ClassGroup.school_id == school.id,
        ClassGroup.year == year,
        ClassGroup.grade.in_(GRADEBOOK_GRADES),
    )
    classes = list(db.session.scalars(stmt.order_by(ClassGroup.grade, ClassGroup.name)))
    ids = [c.id for c in classes]
    chosen = electives(ids)
    writes = policy.can(actor, "data.write", unit=school, field=FIELD)
    own_only = policy.works_on_own_classes(actor)
    given = assigned(actor, ids) if own_only else set()
    out = []
    for cls in classes:
        for subject in class_subjects(cls, chosen[cls.id]):
            entry = Entry(cls, subject)
            for sem in SEMESTERS:
                mine = _teacher_writes(actor, cls, (cls.id, subject.code, sem) in given)
                if not own_only or mine or _homeroom(actor, cls):
                    entry.semesters[sem] = writes and (not own_only or mine)
            if entry.semesters:
                out.append(entry)
    return out


def get_grid(actor: User, class_id: int, code: str, semester: int) -> GridAccess:
    """The grid of a class's subject in a semester the actor may open. Raises
    NotFound (outside its scope, a class of no gradebook, not one of its
    subjects), PermissionDenied (a teacher neither assigned nor its homeroom
    teacher)."""
    policy.require_reads(actor, FIELD)
    cls = db.session.get(ClassGroup, class_id)
    if cls is None or not has_gradebook(cls) or semester not in SEMESTERS:
        raise NotFound()
    school = school_data.get_school(actor, cls.school_id, FIELD)
    subject = next(
        (s for s in class_subjects(cls, electives([cls.id])[cls.id]) if s.code == code),
        None,
    )
    if subject is None:
        raise NotFound()
    writable = policy.can(actor, "data.write", unit=school, field=FIELD)
    if policy.works_on_own_classes(actor):
        named = (cls.id, code, semester) in assigned(actor, [cls.id])
        mine = _teacher_writes(actor, cls, named)
        if not mine and not _homeroom(actor, cls):
            raise PermissionDenied()
        writable = writable and mine
    personal = policy.can_see_personal(actor, school)
    return GridAccess(cls, school, subject, semester, writable, personal)
