"""Class rosters (danh sách lớp) in Vietnamese name order with their counts, and the
possible duplicates across schools (the same pupil active in two schools)."""

from dataclasses import dataclass

from sqlalchemy import and_, or_, select
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
    birth date. School users: their pupils; officers: pairs within their scope."""
    policy.require_reads(actor, FIELD)
    a, b = aliased(Student), aliased(Student)
    ua, ub = aliased(Unit), aliased(Unit)
    same_id = or_(
        and_(a.personal_id.is_not(None), a.personal_id == b.personal_id),
        and_(a.ministry_code.is_not(None), a.ministry_code == b.ministry_code),
    )
    same_person = and_(a.birth_date == b.birth_date, a.sort_key == b.sort_key)
    stmt = (
        select(a, ua, b, ub)
        .join(b, and_(b.school_id != a.school_id, b.active.is_(True)))
        .join(ua, ua.id == a.school_id)
        .join(ub, ub.id == b.school_id)
        .where(a.active.is_(True), or_(same_id, same_person))
    )
    school = actor.unit if actor.unit.is_school else None
    if school is not None:
        stmt = stmt.where(a.school_id == school.id)
    else:
        ids = policy.readable_school_ids(actor, FIELD)
        stmt = stmt.where(a.id < b.id)
        if ids is not None:
            stmt = stmt.where(a.school_id.in_(ids), b.school_id.in_(ids))
    rows = db.session.execute(stmt.order_by(a.sort_key, a.id).limit(limit)).all()
    out = []
    for mine, mine_school, other, other_school in rows:
        by_id = bool(
            (mine.personal_id and mine.personal_id == other.personal_id)
            or (mine.ministry_code and mine.ministry_code == other.ministry_code)
        )
        visible = policy.can(actor, "data.read", unit=other_school, field=FIELD)
        reason = "Trùng mã" if by_id else "Trùng họ tên và ngày sinh"
        out.append(
            DuplicatePair(mine, mine_school, other, other_school, visible, reason)
        )
    return out
