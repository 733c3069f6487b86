"""Facilities (cơ sở vật chất): which school a page works on, and the rooms of a school.

Equipment and toys live in equipment.py, the Ministry's section V summary in
summary.py, Excel imports in imports.py. Every function takes the actor
explicitly, reads through the access scope and only flushes.
"""

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from smasweb import codelists
from smasweb.extensions import db
from smasweb.models import Unit, User
from smasweb.models.facilities import Room
from smasweb.models.schools import Campus
from smasweb.services import policy, school_data
from smasweb.services.errors import ValidationFailed
from smasweb.text import fold

FIELD = Room.__field__  # "facilities"
PER_PAGE = 25
MAX_QUANTITY = 10_000


# --- which school ------------------------------------------------------------------


def resolve_school(actor: User, school_id: int | None) -> Unit | None:
    """The school a page works on: the one asked for, the actor's own, or None (all
    schools in the actor's scope). Raises NotFound outside the scope."""
    policy.require_reads(actor, FIELD)
    if school_id is None and policy.own_school(actor) is None:
        return None
    return school_data.readable_school(actor, FIELD, school_id)


def may_write(actor: User, school: Unit | None) -> bool:
    return school is not None and policy.can(
        actor, "data.write", unit=school, field=FIELD
    )


def campuses(actor: User, school: Unit | None) -> list[Campus]:
    """The school's campuses (điểm trường) the actor may see, main campus first."""
    if school is None:
        return []
    stmt = (
        select(Campus)
        .where(Campus.school_id == school.id)
        .order_by(Campus.is_main.desc(), Campus.code)
    )
    return list(db.session.scalars(policy.scope_school_data(actor, stmt, Campus)))


def check_campus(school: Unit, campus_id: int | None) -> int | None:
    if campus_id is None:
        return None
    campus = db.session.get(Campus, campus_id)
    if campus is None or campus.school_id != school.id:
        raise ValidationFailed("Điểm trường không thuộc trường này.", "campus_id")
    return campus.id


def check_code(name: str, code: str | None, field: str, required: bool = True):
    """A code of a code list, or ValidationFailed next to `field`."""
    if not code:
        if required:
            raise ValidationFailed("Bắt buộc nhập.", field)
        return None
    if code not in codelists.labels(name):
        raise ValidationFailed("Giá trị không có trong danh mục.", field)
    return code


def check_quantity(value: int | None, minimum: int, field: str = "quantity") -> int:
    if value is None:
        raise ValidationFailed("Bắt buộc nhập.", field)
    if value < minimum:
        raise ValidationFailed(f"Số lượng phải từ {minimum} trở lên.", field)
    if value > MAX_QUANTITY:
        raise ValidationFailed("Số lượng quá lớn, hãy kiểm tra lại.", field)
    return value


def count_page(stmt: Select, page: int, per_page: int) -> tuple[list, int]:
    """One page of a SELECT's rows and the total count."""
    total = db.session.scalar(
        select(func.count()).select_from(stmt.order_by(None).subquery())
    )
    page_stmt = stmt.limit(per_page).offset((max(page, 1) - 1) * per_page)
    return list(db.session.execute(page_stmt).all()), total or 0


# --- rooms -------------------------------------------------------------------------


@dataclass
class RoomData:
    kind: str | None
    construction: str | None
    borrowed: bool = False
    campus_id: int | None = None
    name: str | None = None
    quantity: int | None = 1
    area_m2: Decimal | None = None
    condition: str | None = None


@dataclass
class RoomFilters:
    q: str = ""
    kind: str = ""
    construction: str = ""
    borrowed: str = ""  # "1" borrowed only, "0" own only, "" both
    campus_id: int | None = None


def _rooms_stmt(actor: User, school: Unit | None, f: RoomFilters) -> Select:
    stmt = select(Room, Unit).join(Unit, Unit.id == Room.school_id)
    stmt = policy.scope_school_data(actor, stmt, Room)
    if school is not None:
        stmt = stmt.where(Room.school_id == school.id)
    if f.kind:
        stmt = stmt.where(Room.kind == f.kind)
    if f.construction:
        stmt = stmt.where(Room.construction == f.construction)
    if f.borrowed in ("0", "1"):
        stmt = stmt.where(Room.borrowed.is_(f.borrowed == "1"))
    if f.campus_id is not None:
        stmt = stmt.where(Room.campus_id == f.campus_id)
    return stmt.order_by(Unit.sort_key, Room.school_id, Room.kind, Room.name, Room.id)


def _name_matches(stmt: Select, q: str) -> list[int] | None:
    """Ids of the rooms whose name holds every word of q, diacritics ignored.

    Room has no folded-name column, so the match runs in Python on (id, name) pairs
    of the already filtered, scoped query; None means no search.
    """
    words = fold(q).split()
    if not words:
        return None
    pairs = db.session.execute(stmt.with_only_columns(Room.id, Room.name))
    return [rid for rid, name in pairs if all(w in fold(name) for w in words)]


def search_rooms(
    actor: User, school: Unit | None, f: RoomFilters, page: int = 1, per_page=PER_PAGE
) -> tuple[list[tuple[Room, Unit]], int]:
    """One page of (room, school) rows in scope, and the total count."""
    policy.require_reads(actor, FIELD)
    stmt = _rooms_stmt(actor, school, f)
    ids = _name_matches(stmt, f.q)
    stmt = stmt.options(selectinload(Room.campus))
    if ids is None:
        return count_page(stmt, page, per_page)
    start = (max(page, 1) - 1) * per_page
    chosen = ids[start : start + per_page]
    rows = db.session.execute(stmt.where(Room.id.in_(chosen))).all() if chosen else []
    return list(rows), len(ids)


def all_rooms(actor: User, school: Unit | None, f: RoomFilters) -> list:
    """Every (room, school) row the filters select (exports)."""
    rows, _ = search_rooms(actor, school, f, 1, per_page=10**9)
    return rows


def get_room(actor: User, room_id: int) -> Room:
    return school_data.get_row(actor, Room, room_id)


def validate_room(school: Unit, data: RoomData) -> None:
    """The room rules; raises ValidationFailed next to the offending field."""
    check_code("room_kinds", data.kind, "kind")
    check_code("constructions", data.construction, "construction")
    check_code("conditions", data.condition, "condition", required=False)
    check_campus(school, data.campus_id)
    check_quantity(data.quantity, 1)
    if data.name and len(data.name.strip()) > 120:
        raise ValidationFailed("Tên phòng dài quá 120 ký tự.", "name")
    if data.area_m2 is not None and data.area_m2 <= 0:
        raise ValidationFailed("Diện tích mỗi phòng phải lớn hơn 0.", "area_m2")
    if data.area_m2 is not None and data.area_m2 >= Decimal("100000000"):
        raise ValidationFailed("Diện tích quá lớn, hãy kiểm tra lại.", "area_m2")


def apply_room(room: Room, data: RoomData) -> None:
    room.kind = data.kind
    room.construction = data.construction
    room.borrowed = bool(data.borrowed)
    room.campus_id = data.campus_id
    room.name = " ".join((data.name or "").split()) or None
    room.quantity = data.quantity
    room.area_m2 = data.area_m2
    room.condition = data.condition or None


def create_room(actor: User, school: Unit, data: RoomData) -> Room:
    """Raises PermissionDenied, ValidationFailed."""
    school_data.require_write(actor, school, FIELD)
    validate_room(school, data)
    room = Room(school_id=school.id)
    apply_room(room, data)
    db.session.add(room)
    db.session.flush()
    return room


def update_room(actor: User, room: Room, data: RoomData, version: int | None) -> Room:
    """Raises PermissionDenied, Conflict (stale form), ValidationFailed."""
    school = require_row_write(actor, room)
    school_data.check_version(room, version)
    validate_room(school, data)
    apply_room(room, data)
    db.session.flush()
    return room


def delete_room(actor: User, room: Room) -> None:
    require_row_write(actor, room)
    db.session.delete(room)
    db.session.flush()


def require_row_write(actor: User, row) -> Unit:
    """The school of a row the actor is about to change. Raises PermissionDenied."""
    school = db.session.get(Unit, row.school_id)
    school_data.require_write(actor, school, FIELD)
    return school
