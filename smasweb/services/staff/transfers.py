"""Transfers of staff between schools: the record follows the person, the old school
keeps a read-only trace (StaffTransfer rows listed on /staff/former)."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import ClassGroup, StaffMember, StaffTransfer, Unit, User
from smasweb.services import policy
from smasweb.services.calendar import windows as calendar
from smasweb.services.errors import ValidationFailed
from smasweb.services.staff import records as staff

TRANSFERRED_IN = "07"  # Chuyển đến


@dataclass
class TransferData:
    school_code: str = ""
    moved_on: date | None = None
    note: str | None = None


def require_transfer(actor: User, member: StaffMember) -> None:
    """The current school's leader or clerk, the district over it, or an admin
    (policy: staff.transfer). Raises PermissionDenied."""
    policy.require(actor, "staff.transfer", unit=member.school)
    db.session.info["actor"] = (actor.id, f"{actor.full_name} ({actor.username})")


def _target(member: StaffMember, code: str) -> Unit:
    code = (code or "").strip().upper()
    if not code:
        raise ValidationFailed("Bắt buộc nhập.", "school_code")
    school = db.session.scalar(select(Unit).where(Unit.code == code))
    if school is None or not school.is_school:
        raise ValidationFailed("Không có trường với mã này.", "school_code")
    if school.is_closed:
        raise ValidationFailed("Trường này đã giải thể.", "school_code")
    if school.id == member.school_id:
        raise ValidationFailed("Cán bộ đang công tác ở trường này.", "school_code")
    return school


def _moved_on(member: StaffMember, day: date | None) -> date:
    if day is None:
        raise ValidationFailed("Bắt buộc nhập.", "moved_on")
    if day > clock.today():
        raise ValidationFailed("Ngày chuyển không được ở tương lai.", "moved_on")
    if day < member.birth_date:
        raise ValidationFailed("Ngày chuyển phải sau ngày sinh.", "moved_on")
    return day


def _code_in(school: Unit, code: str) -> str:
    taken = db.session.scalar(
        select(func.count()).where(
            StaffMember.school_id == school.id, StaffMember.code == code
        )
    )
    return staff.new_code(school) if taken else code


def transfer(actor: User, member: StaffMember, data: TransferData) -> StaffTransfer:
    """Move the record to another school, leaving a trace at the old one.

    Both schools' staff windows must be open (the old one is checked here, the new one
    by the guard at the flush). Raises PermissionDenied, ValidationFailed, PeriodLocked.
    """
    require_transfer(actor, member)
    target = _target(member, data.school_code)
    moved_on = _moved_on(member, data.moved_on)
    old_school = member.school
    calendar.require_open(old_school, staff.FIELD)
    row = StaffTransfer(
        staff_id=member.id,
        from_school_id=old_school.id,
        to_school_id=target.id,
        moved_on=moved_on,
        old_code=member.code,
        note=" ".join((data.note or "").split()) or None,
        by_user_id=actor.id,
    )
    db.session.add(row)
    _unlink_homerooms(member, old_school)
    member.code = _code_in(target, member.code)
    member.school_id = target.id
    member.school = target
    member.status = TRANSFERRED_IN
    member.status_on = moved_on
    member.joined_school_on = moved_on
    member.name_folded = StaffMember.search_keys(member.full_name, member.code)[
        "name_folded"
    ]
    db.session.flush()
    return row


def _unlink_homerooms(member: StaffMember, school: Unit) -> None:
    """The old school's classes no longer name someone who left as homeroom teacher."""
    stmt = select(ClassGroup).where(
        ClassGroup.school_id == school.id, ClassGroup.homeroom_staff_id == member.id
    )
    for cls in db.session.scalars(stmt):
        cls.homeroom_staff_id = None


def former_staff(
    actor: User, page: int = 1, per_page: int = staff.PER_PAGE
) -> tuple[list, int]:
    """Transfers out of the schools the actor reads: the old school's trace.

    Rows hold no personal data: name, old code, birth date, date, destination.
    """
    policy.require_reads(actor, staff.FIELD)
    origin, destination = aliased(Unit), aliased(Unit)
    stmt = (
        select(
            StaffTransfer,
            StaffMember.full_name,
            StaffMember.birth_date,
            origin,
            destination,
        )
        .join(StaffMember, StaffMember.id == StaffTransfer.staff_id)
        .join(origin, origin.id == StaffTransfer.from_school_id)
        .join(destination, destination.id == StaffTransfer.to_school_id)
    )
    ids = policy.readable_school_ids(actor, staff.FIELD)
    if ids is not None:
        stmt = stmt.where(StaffTransfer.from_school_id.in_(ids))
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery()))
    rows = db.session.execute(
        stmt.order_by(StaffTransfer.moved_on.desc(), StaffTransfer.id.desc())
        .limit(per_page)
        .offset((max(page, 1) - 1) * per_page)
    ).all()
    return list(rows), total or 0
