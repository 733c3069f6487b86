"""Which classes an actor takes the roll call of, and the access to one class.

A school's clerk and leader work on every class of the school; a teacher on the
classes it is homeroom teacher of (ClassGroup.homeroom_staff_id, its account's
staff record) and those the leader gave it (ClassTeacher). Officers read the classes
of the schools in their scope, without personal data and without writing.
"""

from dataclasses import dataclass

from sqlalchemy import or_, select

from smasweb.extensions import db
from smasweb.models import ClassGroup, StaffMember, Unit, User
from smasweb.models.attendance import AttendanceRecord, ClassTeacher
from smasweb.services import policy, school_data
from smasweb.services.errors import NotFound, PermissionDenied

FIELD = AttendanceRecord.__field__  # "attendance"


@dataclass(frozen=True)
class ClassAccess:
    cls: ClassGroup
    school: Unit
    writable: bool  # the actor may take this class's roll call
    personal: bool  # the actor sees the pupils' personal data (reasons)


def _own_classes(actor: User):
    """WHERE clause of a class-scoped actor's classes (homeroom or given)."""
    given = select(ClassTeacher.class_id).where(ClassTeacher.staff_id == actor.staff_id)
    return or_(ClassGroup.homeroom_staff_id == actor.staff_id, ClassGroup.id.in_(given))


def list_classes(actor: User, school: Unit, year: int) -> list[ClassGroup]:
    """The classes of the year whose roll call the actor opens, by grade and name."""
    school_data.get_school(actor, school.id, FIELD)
    stmt = select(ClassGroup).where(
        ClassGroup.school_id == school.id, ClassGroup.year == year
    )
    if policy.works_on_own_classes(actor):
        if actor.staff_id is None:
            return []
        stmt = stmt.where(_own_classes(actor))
    return list(db.session.scalars(stmt.order_by(ClassGroup.grade, ClassGroup.name)))


def schools(actor: User, limit: int = 500) -> list[Unit]:
    """The open schools whose attendance the actor reads (an officer's picker)."""
    stmt = school_data.schools_in_scope(actor, FIELD)
    return list(db.session.scalars(stmt.order_by(Unit.sort_key, Unit.id).limit(limit)))


def is_own_class(actor: User, cls: ClassGroup) -> bool:
    if actor.staff_id is None:
        return False
    stmt = select(ClassGroup.id).where(ClassGroup.id == cls.id, _own_classes(actor))
    return db.session.scalar(stmt) is not None


def get_class(actor: User, class_id: int) -> ClassAccess:
    """A class the actor may open. Raises NotFound (outside its scope),
    PermissionDenied (a teacher's colleague's class)."""
    policy.require_reads(actor, FIELD)
    cls = db.session.get(ClassGroup, class_id)
    if cls is None:
        raise NotFound()
    school = school_data.get_school(actor, cls.school_id, FIELD)
    if policy.works_on_own_classes(actor) and not is_own_class(actor, cls):
        raise PermissionDenied()
    writable = policy.can(actor, "data.write", unit=school, field=FIELD)
    return ClassAccess(cls, school, writable, policy.can_see_personal(actor, school))


def assign_class(actor: User, cls: ClassGroup, staff_id: int) -> ClassTeacher:
    """Giao lớp: the leader gives a teacher of the school a class's roll call too.
    Raises PermissionDenied, NotFound (a staff member of another school)."""
    school = db.session.get(Unit, cls.school_id)
    policy.require(actor, "accounts.manage", unit=school)
    school_data.require_write(actor, school, "classes")
    member = db.session.get(StaffMember, staff_id)
    if member is None or member.school_id != cls.school_id:
        raise NotFound()
    found = db.session.scalar(
        select(ClassTeacher).where(
            ClassTeacher.class_id == cls.id, ClassTeacher.staff_id == staff_id
        )
    )
    if found is not None:
        return found
    row = ClassTeacher(school_id=cls.school_id, class_id=cls.id, staff_id=staff_id)
    db.session.add(row)
    db.session.flush()
    return row


def own_class_ids(actor: User):
    """SELECT of the ids of a teacher's own classes (homeroom or given)."""
    return select(ClassGroup.id).where(_own_classes(actor))
