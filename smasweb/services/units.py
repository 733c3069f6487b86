"""The unit tree: browse in scope, create, rename, move (dated) and close units."""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func, select

from smasweb import clock, excel
from smasweb.codelists import LEVEL_GROUPS, levels_of
from smasweb.extensions import db
from smasweb.models import Unit, UnitLink, User
from smasweb.models.units import ALLOWED_PARENTS
from smasweb.services import policy, unit_codes
from smasweb.services.errors import ValidationFailed
from smasweb.text import fold, person_name, vn_date

# Offices before schools in every list of children.
KIND_ORDER = case(
    {"department": 0, "division": 1, "district": 2, "commune": 3, "school": 4},
    value=Unit.kind,
)


@dataclass
class UnitData:
    """What a unit form carries (shape already checked by the form)."""

    code: str
    name: str
    kind: str
    parent_id: int | None = None
    admin_code: str | None = None
    level_group: str | None = None
    ownership: str | None = None
    fields: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    opened_on: date | None = None
    head_name: str | None = None


def get_unit(actor: User, unit_id: int) -> Unit:
    """Raises NotFound for units outside the actor's scope."""
    return policy.require_visible(actor, db.session.get(Unit, unit_id))


def find_unit_by_code(code: str) -> Unit | None:
    return db.session.scalar(select(Unit).where(Unit.code == code))


def children(actor: User, parent: Unit | None, *, include_closed: bool = False) -> list:
    """Visible children of a unit, or the actor's top units when parent is None."""
    stmt = select(Unit).order_by(KIND_ORDER, Unit.sort_key)
    if parent is None:
        if policy.sees_all_units(actor):
            stmt = stmt.where(Unit.parent_id.is_(None))
        else:
            stmt = stmt.where(Unit.id == actor.unit_id)
    else:
        stmt = policy.scope_units(actor, stmt.where(Unit.parent_id == parent.id))
    if not include_closed:
        stmt = stmt.where(Unit.closed_on.is_(None))
    return list(db.session.scalars(stmt))


def child_counts(units: list[Unit]) -> dict[int, int]:
    """Number of open children per unit, in one query (for the expand buttons)."""
    ids = [u.id for u in units]
    if not ids:
        return {}
    rows = db.session.execute(
        select(Unit.parent_id, func.count())
        .where(Unit.parent_id.in_(ids), Unit.closed_on.is_(None))
        .group_by(Unit.parent_id)
    )
    return dict(rows.all())


def search_units(actor: User, q: str, kind: str | None = None, limit: int = 50) -> list:
    stmt = select(Unit).order_by(Unit.sort_key).limit(limit)
    for word in fold(q).split():
        stmt = stmt.where(
            Unit.name_folded.contains(word, autoescape=True)
            | Unit.code.contains(word.upper(), autoescape=True)
        )
    if kind:
        stmt = stmt.where(Unit.kind == kind)
    return list(db.session.scalars(policy.scope_units(actor, stmt)))


def counts_by_kind_and_level(actor: User) -> dict:
    """Open units the actor sees: {kind: n} and schools {level group label: n}."""
    stmt = policy.scope_units(
        actor,
        select(Unit.kind, Unit.level_group, func.count())
        .where(Unit.closed_on.is_(None))
        .group_by(Unit.kind, Unit.level_group),
    )
    kinds: Counter = Counter()
    levels: Counter = Counter()
    for kind, group, n in db.session.execute(stmt):
        kinds[kind] += n
        if kind == "school":
            levels[LEVEL_GROUPS.get(group or "", ("Khác", ()))[0]] += n
    return {"kinds": dict(kinds), "school_levels": dict(sorted(levels.items()))}


def history(unit: Unit) -> list[UnitLink]:
    return list(
        db.session.scalars(
            select(UnitLink)
            .where(UnitLink.unit_id == unit.id)
            .order_by(UnitLink.valid_from.desc())
        )
    )


def _check_parent(kind: str, parent: Unit | None, unit: Unit | None = None) -> None:
    allowed = ALLOWED_PARENTS[kind]
    if parent is None:
        if allowed:
            raise ValidationFailed("Hãy chọn đơn vị cấp trên.", "parent_id")
        return
    if parent.kind not in allowed:
        raise ValidationFailed(
            f"{parent.kind_label} không thể là cấp trên của đơn vị loại này.",
            "parent_id",
        )
    if parent.is_closed:
        raise ValidationFailed("Đơn vị cấp trên đã giải thể.", "parent_id")
    if unit is not None and (parent.id == unit.id or _is_descendant(parent, unit)):
        raise ValidationFailed("Không thể chuyển đơn vị vào chính nó.", "parent_id")


def _is_descendant(node: Unit, ancestor: Unit) -> bool:
    return any(a.id == ancestor.id for a in _chain(node))


def _chain(node: Unit) -> list[Unit]:
    out = []
    while node.parent is not None:
        node = node.parent
        out.append(node)
    return out


def _apply(unit: Unit, data: UnitData) -> None:
    code = data.code.strip().upper()
    other = find_unit_by_code(code)
    if other is not None and other.id != unit.id:
        raise ValidationFailed("Mã đơn vị này đã được dùng.", "code")
    unit.code = code
    unit.name = " ".join(data.name.split())
    for column, value in Unit.search_keys(unit.name).items():
        setattr(unit, column, value)
    unit.admin_code = data.admin_code or None
    if unit.kind != "school":  # a school's principal is in its yearly profile
        unit.head_name = person_name(data.head_name)
    if unit.kind == "school":
        if not data.level_group:
            raise ValidationFailed("Hãy chọn nhóm cấp học.", "level_group")
        unit.level_group = data.level_group
        unit.levels = ",".join(levels_of(data.level_group))
        unit.ownership = data.ownership or "01"
    elif unit.kind == "division":
        unit.fields = ",".join(data.fields) or None
        unit.levels = ",".join(data.levels) or None


def create_unit(actor: User, data: UnitData) -> Unit:
    """Raises PermissionDenied, NotFound (parent), ValidationFailed."""
    policy.require(actor, "units.manage")
    parent = get_unit(actor, data.parent_id) if data.parent_id else None
    _check_parent(data.kind, parent)
    unit_codes.check(data.kind, data.code, parent)
    unit = Unit(
        kind=data.kind, parent=parent, opened_on=data.opened_on or clock.today()
    )
    _apply(unit, data)
    db.session.add(unit)
    if parent is not None:
        db.session.add(UnitLink(unit=unit, parent=parent, valid_from=unit.opened_on))
    db.session.flush()
    return unit


def update_unit(actor: User, unit: Unit, data: UnitData) -> Unit:
    """Rename or recode a unit. Raises PermissionDenied, ValidationFailed."""
    policy.require(actor, "units.manage")
    if data.code.strip().upper() != unit.code:
        unit_codes.check(unit.kind, data.code, unit.parent)
    _apply(unit, data)
    db.session.flush()
    return unit


def move_unit(actor: User, unit: Unit, new_parent: Unit, effective: date) -> Unit:
    """Re-parent from `effective` on; the old link keeps the past roll-up."""
    policy.require(actor, "units.manage")
    _check_parent(unit.kind, new_parent, unit)
    if new_parent.id == unit.parent_id:
        raise ValidationFailed("Đơn vị đã thuộc đơn vị cấp trên này.", "parent_id")
    if effective > clock.today():
        raise ValidationFailed("Ngày hiệu lực không được sau hôm nay.", "effective")
    current = _current_link(unit)
    if current is not None:
        if effective <= current.valid_from:
            raise ValidationFailed(
                "Ngày hiệu lực phải sau ngày "
                f"{vn_date(current.valid_from)} của lần sắp xếp trước.",
                "effective",
            )
        current.valid_to = effective
    db.session.add(UnitLink(unit=unit, parent=new_parent, valid_from=effective))
    unit.parent = new_parent
    db.session.flush()
    return unit


def close_unit(actor: User, unit: Unit, on: date) -> Unit:
    """Close (giải thể/sáp nhập) a unit; it stays for history. Raises ValidationFailed."""
    policy.require(actor, "units.manage")
    if unit.parent_id is None:
        raise ValidationFailed("Không thể giải thể Sở.", "closed_on")
    if unit.is_closed:
        raise ValidationFailed("Đơn vị đã giải thể.", "closed_on")
    if children(actor, unit):
        raise ValidationFailed(
            "Hãy chuyển các đơn vị trực thuộc sang đơn vị khác trước.", "closed_on"
        )
    unit.closed_on = on
    current = _current_link(unit)
    if current is not None:
        current.valid_to = on
    db.session.flush()
    return unit


def _current_link(unit: Unit) -> UnitLink | None:
    return db.session.scalar(
        select(UnitLink).where(UnitLink.unit_id == unit.id, UnitLink.valid_to.is_(None))
    )


EXPORT_HEADERS = [
    "Mã đơn vị",
    "Tên đơn vị",
    "Loại",
    "Mã đơn vị cấp trên",
    "Đơn vị cấp trên",
    "Mã hành chính",
    "Nhóm cấp học",
    "Ngày thành lập",
    "Ngày đóng",
]


def export(actor: User, q: str = "") -> bytes:
    """Every unit the actor sees (open and closed; those matching `q` when the page
    searches), as an Excel file in name order."""
    stmt = select(Unit).order_by(KIND_ORDER, Unit.sort_key, Unit.id)
    for word in fold(q).split():
        stmt = stmt.where(
            Unit.name_folded.contains(word, autoescape=True)
            | Unit.code.contains(word.upper(), autoescape=True)
        )
    found = list(db.session.scalars(policy.scope_units(actor, stmt)))
    # Parents outside the scope (a district's Department) in one more query.
    known = {u.id: u for u in found}
    missing = {u.parent_id for u in found if u.parent_id and u.parent_id not in known}
    if missing:
        known.update(
            {
                u.id: u
                for u in db.session.scalars(select(Unit).where(Unit.id.in_(missing)))
            }
        )

    def rows():
        for u in found:
            up = known.get(u.parent_id)
            yield [
                u.code,
                u.name,
                u.kind_label,
                up.code if up else "",
                up.name if up else "",
                u.admin_code or "",
                u.level_group_label if u.is_school else "",
                u.opened_on,
                u.closed_on,
            ]

    return excel.streamed_workbook("Don vi", EXPORT_HEADERS, rows())
