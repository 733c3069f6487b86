"""Class rosters (danh sách lớp) in Vietnamese name order with their counts, and the
possible duplicates across schools (the same pupil active in two schools)."""

from dataclasses import dataclass

from sqlalchemy import select

from smasweb.extensions import db
from smasweb.models import ClassGroup, Enrollment, Student, User
from smasweb.services import policy, school_data
from smasweb.services.errors import NotFound
from smasweb.services.students.duplicates import DuplicatePair, duplicates
from smasweb.services.students.records import FIELD

KINH = "01"
GIRL = "02"


@dataclass
class RosterCounts:
    total: int = 0
    girls: int = 0
    minority: int = 0
    minority_girls: int = 0


def class_pupils(class_id: int) -> list[Student]:
    """A class's active pupils in Vietnamese order (given name first): the roster,
    the roll call and the health sheet list them alike."""
    stmt = (
        select(Student)
        .join(Enrollment, Enrollment.student_id == Student.id)
        .where(Enrollment.class_id == class_id, Student.active.is_(True))
        .order_by(Student.sort_key, Student.id)
    )
    return list(db.session.scalars(stmt))


def roster(
    actor: User, class_id: int
) -> tuple[ClassGroup, list[Student], RosterCounts]:
    """The active pupils of a class the actor reads, and the counts. Raises NotFound."""
    policy.require_reads(actor, FIELD)
    cls = db.session.get(ClassGroup, class_id)
    if cls is None:
        raise NotFound()
    school = school_data.get_school(actor, cls.school_id, FIELD)
    students = class_pupils(cls.id)
    counts = RosterCounts(total=len(students))
    for p in students:
        girl, minority = p.gender == GIRL, p.ethnicity not in (None, KINH)
        counts.girls += girl
        counts.minority += minority
        counts.minority_girls += girl and minority
    return cls, school, students, counts


__all__ = ["DuplicatePair", "RosterCounts", "class_pupils", "duplicates", "roster"]
