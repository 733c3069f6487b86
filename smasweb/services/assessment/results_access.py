"""Who opens a class's results (kết quả học tập, rèn luyện) and what they may do.

A school's leader and clerk read every class of the school, set conduct and
qualities and confirm the results (Chốt kết quả). A teacher
(policy.works_on_own_classes) reads the classes it is homeroom teacher of or
teaches a subject in (TeachingAssignment); as homeroom teacher it sets the class's
conduct and qualities, never confirms. Officers read the classes of the schools in
their scope without the pupils' names (personal data), and write nothing.
"""

from dataclasses import dataclass

from smasweb.extensions import db
from smasweb.models import ClassGroup, Unit, User
from smasweb.models.assessment import StudentResult
from smasweb.services import policy, school_data
from smasweb.services.assessment import access
from smasweb.services.errors import NotFound, PermissionDenied

FIELD = StudentResult.__field__  # "grades"
CALENDAR_FIELD = StudentResult.calendar_field()  # "results"
GRADED = access.GRADEBOOK_GRADES  # lớp 1–12 and GDTX


@dataclass(frozen=True)
class ResultsAccess:
    cls: ClassGroup
    school: Unit
    personal: bool  # sees the pupils' names
    may_enter: bool  # sets conduct, qualities (homeroom teacher, leader, clerk)
    may_confirm: bool  # Chốt kết quả (leader, clerk)


def _teaches(actor: User, cls: ClassGroup) -> bool:
    return bool(access.assigned(actor, [cls.id]))


def get_class(actor: User, class_id: int) -> ResultsAccess:
    """A class (lớp 1–12) whose results the actor may open. Raises NotFound
    (outside its scope, no such class), PermissionDenied (a teacher neither its
    homeroom teacher nor one of its subject teachers)."""
    policy.require_reads(actor, FIELD)
    cls = db.session.get(ClassGroup, class_id)
    if cls is None or cls.grade not in GRADED:
        raise NotFound()
    school = school_data.get_school(actor, cls.school_id, FIELD)
    writes = policy.can(actor, "data.write", unit=school, field=FIELD)
    if policy.works_on_own_classes(actor):
        homeroom = (
            actor.staff_id is not None and cls.homeroom_staff_id == actor.staff_id
        )
        if not homeroom and (actor.staff_id is None or not _teaches(actor, cls)):
            raise PermissionDenied()
        return ResultsAccess(cls, school, True, writes and homeroom, False)
    personal = policy.can_see_personal(actor, school)
    return ResultsAccess(cls, school, personal, writes, writes)


def require_enter(access: ResultsAccess) -> None:
    if not access.may_enter:
        raise PermissionDenied()


def require_confirm(access: ResultsAccess) -> None:
    if not access.may_confirm:
        raise PermissionDenied()


class EntryErrors(Exception):
    """The cells of a class's entry form that failed (nothing was saved):
    {(student id, field name): message}."""

    def __init__(self, errors: dict[tuple[int, str], str]):
        super().__init__(f"{len(errors)} ô chưa hợp lệ")
        self.errors = errors
