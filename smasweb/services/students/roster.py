"""Class rosters (danh sách lớp) in Vietnamese name order with their counts, and the
possible duplicates across schools (the same pupil active in two schools)."""

from dataclasses import dataclass

from sqlalchemy import and_, select, union
from sqlalchemy.orm import aliased

from smasweb.extensions import db
from smasweb.models import ClassGroup, Enrollment, Student, Unit, User
from smasweb.services import policy, school_data
from smasweb.services.errors import NotFound
from smasweb.services.students.records import FIELD

KINH = "01"
GIRL = "02"


@dataclass
class RosterCounts:
    total: int = 0
    girls: int = 0
    minority: int = 0
    minority_girls: int = 0


def roster(
    actor: User, class_id: int
) -> tuple[ClassGroup, list[Student], RosterCounts]:
    """The active pupils of a class the actor reads, and the counts. Raises NotFound."""
    policy.require_reads(actor, FIELD)
    cls = db.session.get(ClassGroup, class_id)
    if cls is None:
        raise NotFound()
    school = school_data.get_school(actor, cls.school_id, FIELD)
    stmt = (
        select(Student)
        .join(Enrollment, Enrollment.student_id == Student.id)
        .where(Enrollment.class_id == cls.id, Student.active.is_(True))
        .order_by(Student.sort_key, Student.id)
    )
    students = list(db.session.scalars(stmt))
    counts = RosterCounts(total=len(students))
    for p in students:
        girl, minority = p.gender == GIRL, p.ethnicity not in (None, KINH)
        counts.girls += girl
        counts.minority += minority
        counts.minority_girls += girl and minority
    return cls, school, students, counts


@dataclass
class DuplicatePair:
    mine: Student
    mine_school: Unit
    other: Student
    other_school: Unit
    other_visible: bool
    reason: str


def duplicates(actor: User, limit: int = 200) -> list[DuplicatePair]:
    """Active pupils matching an active pupil of another school by ID or by name and
    birth date. School users: their pupils; officers: pairs within their scope.

    Three equi-joins, each served by its own index (same personal ID, same Ministry
    code, same name sort key + birth date), combined by UNION so a pair matched twice
    shows once; an OR inside one join would make the database compare every pair."""
    policy.require_reads(actor, FIELD)
    school = actor.unit if actor.unit.is_school else None
    ids = None if school else policy.readable_school_ids(actor, FIELD)
    if ids is not None:  # a list, not a subquery: the planner then knows its size
        ids = list(db.session.scalars(ids))
    # The first page of pairs, by name, before loading any whole row
    both = union(*(_pairs(keys, school, ids) for keys in DUPLICATE_KEYS)).subquery()
    found = (
        select(both)
        .order_by(both.c.a_key, both.c.a_id, both.c.b_id)
        .limit(limit)
        .subquery("found")
    )
    mine, other = aliased(Student), aliased(Student)
    um, uo = aliased(Unit), aliased(Unit)
    stmt = (
        select(mine, um, other, uo)
        .select_from(found)
        .join(mine, mine.id == found.c.a_id)
        .join(other, other.id == found.c.b_id)
        .join(um, um.id == mine.school_id)
        .join(uo, uo.id == other.school_id)
        .order_by(mine.sort_key, mine.id, other.id)
        .limit(limit)
    )
    out = []
    for mine_row, mine_school, other_row, other_school in db.session.execute(stmt):
        by_id = bool(
            (mine_row.personal_id and mine_row.personal_id == other_row.personal_id)
            or (
                mine_row.ministry_code
                and mine_row.ministry_code == other_row.ministry_code
            )
        )
        visible = policy.can(actor, "data.read", unit=other_school, field=FIELD)
        reason = "Trùng mã" if by_id else "Trùng họ tên và ngày sinh"
        out.append(
            DuplicatePair(
                mine_row, mine_school, other_row, other_school, visible, reason
            )
        )
    return out


# Each rule's columns; each has an index on active pupils that starts with them
# (uq_students_active_personal_id, uq_students_active_ministry_code,
# ix_students_active_name_birth).
DUPLICATE_KEYS = (("personal_id",), ("ministry_code",), ("sort_key", "birth_date"))


def _pairs(keys: tuple[str, ...], school: Unit | None, ids: list[int] | None):
    """(a_id, b_id, a's sort key) of active pupils of two schools sharing `keys`."""
    a, b = aliased(Student), aliased(Student)
    stmt = (
        select(a.id.label("a_id"), b.id.label("b_id"), a.sort_key.label("a_key"))
        .join(b, and_(*(getattr(a, k) == getattr(b, k) for k in keys)))
        # plain `active` (not `IS TRUE`): the planner then sees that the partial
        # indexes (WHERE active) serve the join
        .where(a.active, b.active, b.school_id != a.school_id)
    )
    if school is not None:  # their own pupils (an index probe each) against any school
        return stmt.where(a.school_id == school.id)
    stmt = stmt.where(a.id < b.id)  # an officer sees each pair once
    if ids is not None:  # both pupils in the scope
        stmt = stmt.where(a.school_id.in_(ids), b.school_id.in_(ids))
    return stmt
