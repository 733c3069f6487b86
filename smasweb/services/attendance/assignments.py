"""Giao lớp: the school's leader gives its teachers other classes besides the
homeroom class (ClassTeacher rows: the teacher takes their roll call too) and takes
them back.

Only the leader decides (accounts.manage on its school, as classes.assign_class).
The rows are school data of the "classes" field: the calendar guard refuses them
outside that field's window (PeriodLocked, 423) and the audit trail keeps each one.
"""

from dataclasses import dataclass, field

from sqlalchemy import select

from smasweb.extensions import db
from smasweb.models import ClassGroup, StaffMember, Unit, User
from smasweb.models.attendance import ClassTeacher
from smasweb.services import policy, school_data
from smasweb.services.attendance.classes import assign_class
from smasweb.services.errors import NotFound, PermissionDenied, ValidationFailed
from smasweb.services.staff.records import WORKING

FIELD = ClassTeacher.__field__  # "classes"
TEACHING_GROUPS = ("01", "03")  # managers and teachers (staff/records.homeroom_choices)


@dataclass
class TeacherRow:
    staff: StaffMember
    has_account: bool  # without one, the teacher cannot see its classes yet
    homeroom: list[ClassGroup] = field(default_factory=list)
    given: list[tuple[ClassTeacher, ClassGroup]] = field(default_factory=list)


def may_give(actor: User, school: Unit) -> bool:
    """Does the actor give this school's teachers classes (its leader)?"""
    return policy.can(actor, "accounts.manage", unit=school) and policy.can(
        actor, "data.write", unit=school, field=FIELD
    )


def managed_school(actor: User) -> Unit:
    """The school whose classes the actor gives: its own. Raises NotFound (no school
    of its own), PermissionDenied (not its leader)."""
    school = school_data.readable_school(actor, FIELD)
    if not may_give(actor, school):
        raise PermissionDenied()
    school_data.require_write(actor, school, FIELD)  # the window's banner, the audit
    return school


def _teaching_staff(school: Unit):
    return select(StaffMember).where(
        StaffMember.school_id == school.id,
        StaffMember.group.in_(TEACHING_GROUPS),
        StaffMember.status.in_(WORKING),
    )


def teachers(actor: User, school: Unit, year: int) -> list[TeacherRow]:
    """The school's teachers, each with its homeroom and given classes of the year;
    someone who left but still holds a given class is listed, to take it back."""
    managed_school(actor)
    classes = list(
        db.session.scalars(
            select(ClassGroup).where(
                ClassGroup.school_id == school.id, ClassGroup.year == year
            )
        )
    )
    by_id = {c.id: c for c in classes}
    given = [
        r
        for r in db.session.scalars(
            select(ClassTeacher).where(ClassTeacher.school_id == school.id)
        )
        if r.class_id in by_id
    ]
    staff = list(db.session.scalars(_teaching_staff(school)))
    missing = {r.staff_id for r in given} - {s.id for s in staff}
    if missing:
        stmt = select(StaffMember).where(StaffMember.id.in_(missing))
        staff += list(db.session.scalars(stmt))
    staff.sort(key=lambda s: (s.sort_key or "", s.id))
    ids = [s.id for s in staff]
    accounts = set(
        db.session.scalars(select(User.staff_id).where(User.staff_id.in_(ids)))
    )
    rows = {s.id: TeacherRow(s, s.id in accounts) for s in staff}
    for cls in sorted(classes, key=lambda c: (c.grade, c.name)):
        if cls.homeroom_staff_id in rows:
            rows[cls.homeroom_staff_id].homeroom.append(cls)
    for r in sorted(
        given, key=lambda r: (by_id[r.class_id].grade, by_id[r.class_id].name)
    ):
        rows[r.staff_id].given.append((r, by_id[r.class_id]))
    return list(rows.values())


def class_choices(school: Unit, year: int) -> dict[str, str]:
    """{id: name} of the school's classes of the year (the form's list)."""
    stmt = (
        select(ClassGroup.id, ClassGroup.name)
        .where(ClassGroup.school_id == school.id, ClassGroup.year == year)
        .order_by(ClassGroup.grade, ClassGroup.name)
    )
    return {str(i): name for i, name in db.session.execute(stmt)}


def give(
    actor: User, school: Unit, staff_id: int, class_id: int, year: int
) -> tuple[StaffMember, ClassGroup]:
    """Give a teacher of the school a class of the year. Raises NotFound (another
    school's class or teacher), PermissionDenied, ValidationFailed (staff_id,
    class_id), PeriodLocked (the classes' window is closed, at the flush)."""
    managed_school(actor)
    cls = db.session.get(ClassGroup, class_id)
    member = db.session.get(StaffMember, staff_id)
    for obj in (cls, member):
        if obj is None or obj.school_id != school.id:
            raise NotFound()
    if member.group not in TEACHING_GROUPS or member.status not in WORKING:
        raise ValidationFailed(
            "Chỉ giao lớp cho giáo viên đang làm việc tại trường.", "staff_id"
        )
    if cls.year != year:
        raise ValidationFailed("Chỉ giao lớp của năm học hiện tại.", "class_id")
    if cls.homeroom_staff_id == member.id:
        raise ValidationFailed(
            f"{member.full_name} là giáo viên chủ nhiệm lớp {cls.name}.", "class_id"
        )
    taken = select(ClassTeacher.id).where(
        ClassTeacher.class_id == cls.id, ClassTeacher.staff_id == member.id
    )
    if db.session.scalar(taken) is not None:
        raise ValidationFailed(
            f"{member.full_name} đã được giao lớp {cls.name}.", "class_id"
        )
    assign_class(actor, cls, member.id)
    return member, cls


def take_back(actor: User, row_id: int) -> tuple[StaffMember, ClassGroup]:
    """Take a given class back from its teacher. Raises NotFound (outside the
    actor's school), PermissionDenied, PeriodLocked (at the flush)."""
    row = db.session.get(ClassTeacher, row_id)
    if row is None:
        raise NotFound()
    school = school_data.get_school(actor, row.school_id, FIELD)
    if not may_give(actor, school):
        raise PermissionDenied()
    school_data.require_write(actor, school, FIELD)
    member = db.session.get(StaffMember, row.staff_id)
    cls = db.session.get(ClassGroup, row.class_id)
    db.session.delete(row)
    db.session.flush()
    return member, cls
