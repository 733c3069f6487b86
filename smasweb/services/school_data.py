"""Shared rules for every school-data domain: scoped loads and guarded writes
(school years live in services/years.py).

Domain services (schools, facilities, finance, …) load and check through here, so the
access policy is applied the same way everywhere.
"""

from sqlalchemy import select

from smasweb.codelists import CALENDAR_FIELDS
from smasweb.extensions import db
from smasweb.models import Unit, User
from smasweb.services import policy
from smasweb.services.calendar import windows as calendar
from smasweb.services.errors import Conflict, NotFound, PeriodLocked, PermissionDenied


def get_school(actor: User, school_id: int, field: str) -> Unit:
    """A school whose `field` the actor may read. Raises NotFound otherwise."""
    school = db.session.get(Unit, school_id)
    if school is None or not school.is_school:
        raise NotFound()
    if not policy.can(actor, "data.read", unit=school, field=field):
        raise NotFound()
    return school


# --- which school a request acts on ----------------------------------------------
# Every page about one school asks these two: a school user works on its own school,
# an officer chooses one with ?school=.


def readable_school(actor: User, field: str, school_id: int | None = None) -> Unit:
    """The school a page reads `field` data of: the one chosen (?school=), else a
    school user's own. NotFound when there is none or the actor may not read it."""
    if school_id is None:
        own = policy.own_school(actor)
        if own is None:
            raise NotFound()
        school_id = own.id
    return get_school(actor, school_id, field)


def writable_school(
    actor: User, field: str, school_id: int | None = None, *, own_only: bool = False
) -> Unit:
    """The school a form or an import writes `field` data to: readable_school's
    answer (404), then PermissionDenied (403) unless the actor may write there.

    own_only (imports): always the actor's own school, and an actor without one (an
    officer who reads the field) is refused with 403 like any actor without the right.
    """
    if own_only:
        policy.require_reads(actor, field)
        school = policy.own_school(actor)
        if school is None:
            raise PermissionDenied()
    else:
        school = readable_school(actor, field, school_id)
    require_write(actor, school, field)
    return school


def get_row(actor: User, model, row_id: int):
    """A row of a school-data model the actor may read. Raises NotFound otherwise."""
    row = db.session.get(model, row_id)
    if row is None:
        raise NotFound()
    get_school(actor, row.school_id, model.__field__)
    return row


def require_write(actor: User, school: Unit, field: str) -> None:
    """Raises PermissionDenied unless the actor may change this school's field.

    Names the actor for the audit trail of the writes that follow (outside a request,
    e.g. a CLI import). The calendar guard checks the entry window at the flush.
    """
    if not policy.can(actor, "data.write", unit=school, field=field):
        raise PermissionDenied()
    db.session.info["actor"] = (actor.id, f"{actor.full_name} ({actor.username})")
    db.session.info["write_target"] = (school, field)


def window_notice() -> PeriodLocked | None:
    """Why the school data this request may write is closed now, or None if it is open.

    Pages with a write form show it up front, before the clerk types anything, and
    make the form read-only.
    """
    target = db.session.info.get("write_target")
    if target is None:
        return None
    school, field = target
    fields = [c for c, (_, owner) in CALENDAR_FIELDS.items() if owner == field]
    if any(calendar.allowed(school, f) for f in fields):
        return None
    return calendar.refusal(school, fields[0]) if fields else None


def check_version(row, submitted: int | None) -> None:
    """A form edited from an older version is a conflict, never a silent overwrite."""
    if submitted is not None and submitted != row.version:
        raise Conflict(
            "Dữ liệu này vừa được người khác thay đổi. Hãy tải lại trang để xem bản mới "
            "rồi nhập lại thay đổi của bạn."
        )


def schools_in_scope(actor: User, field: str):
    """SELECT of the open schools whose `field` the actor may read (lists, filters)."""
    stmt = select(Unit).where(Unit.kind == "school", Unit.closed_on.is_(None))
    ids = policy.readable_school_ids(actor, field)
    return stmt if ids is None else stmt.where(Unit.id.in_(ids))
