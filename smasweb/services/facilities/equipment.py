"""Teaching equipment (thiết bị dạy học, by grade) and preschool toys and materials
(đồ dùng, đồ chơi, by age group) of a school.

The item code comes from the code list equipment_items; its `kind` column decides
whether the row is equipment or a toy, and its grade / age_group column is the default.
Toys belong to schools teaching preschool (level 01), equipment to the other levels.
"""

from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from smasweb import codelists
from smasweb.extensions import db
from smasweb.models import Unit, User
from smasweb.models.facilities import EquipmentItem
from smasweb.services import policy, school_data
from smasweb.services.errors import ValidationFailed
from smasweb.services.facilities.records import (
    FIELD,
    PER_PAGE,
    check_campus,
    check_code,
    check_quantity,
    count_page,
    require_row_write,
)
from smasweb.text import fold

KINDS = {"equipment": "Thiết bị dạy học", "toy": "Đồ dùng, đồ chơi"}
PRESCHOOL = "01"


@dataclass
class EquipmentData:
    code: str | None
    grade: str | None = None
    age_group: str | None = None
    quantity: int | None = 0
    condition: str | None = None
    campus_id: int | None = None


@dataclass
class EquipmentFilters:
    q: str = ""
    kind: str = ""
    grade: str = ""
    age_group: str = ""


def item(code: str | None) -> dict[str, str] | None:
    """The code-list row of an item (label, kind, default grade/age group, unit)."""
    return codelists.row("equipment_items", code)


def item_label(code: str | None) -> str:
    return codelists.label("equipment_items", code, code or "")


def kinds_for(school: Unit) -> tuple[str, ...]:
    """Which kinds a school may record: toys for preschool, equipment for the rest."""
    levels = set(school.level_codes)
    out = []
    if levels - {PRESCHOOL}:
        out.append("equipment")
    if PRESCHOOL in levels:
        out.append("toy")
    return tuple(out)


def grades_for(school: Unit) -> dict[str, str]:
    """{code: label} of the grades (khối) taught at the school's levels."""
    levels = school.level_codes
    return {
        r["code"]: r["label"] for r in codelists.rows("grades") if r["level"] in levels
    }


def items_for(school: Unit) -> dict[str, str]:
    """{code: label} of the items this school may record (form choices): its kinds,
    and for equipment tied to a grade, only the grades it teaches."""
    kinds, grades = kinds_for(school), grades_for(school)
    return {
        r["code"]: f"{r['code']} – {r['label']}"
        for r in codelists.rows("equipment_items")
        if r["kind"] in kinds and (not r["grade"] or r["grade"] in grades)
    }


def _matching_codes(q: str) -> list[str]:
    words = fold(q).split()
    return [
        r["code"]
        for r in codelists.rows("equipment_items")
        if all(w in fold(f"{r['code']} {r['label']}") for w in words)
    ]


def _equipment_stmt(actor: User, school: Unit | None, f: EquipmentFilters) -> Select:
    stmt = select(EquipmentItem, Unit).join(Unit, Unit.id == EquipmentItem.school_id)
    stmt = policy.scope_school_data(actor, stmt, EquipmentItem)
    if school is not None:
        stmt = stmt.where(EquipmentItem.school_id == school.id)
    if f.q.strip():
        stmt = stmt.where(EquipmentItem.code.in_(_matching_codes(f.q)))
    if f.kind:
        stmt = stmt.where(EquipmentItem.kind == f.kind)
    if f.grade:
        stmt = stmt.where(EquipmentItem.grade == f.grade)
    if f.age_group:
        stmt = stmt.where(EquipmentItem.age_group == f.age_group)
    return stmt.options(selectinload(EquipmentItem.campus)).order_by(
        Unit.sort_key,
        EquipmentItem.school_id,
        EquipmentItem.kind,
        EquipmentItem.code,
        EquipmentItem.id,
    )


def search_equipment(
    actor: User,
    school: Unit | None,
    f: EquipmentFilters,
    page: int = 1,
    per_page: int = PER_PAGE,
) -> tuple[list[tuple[EquipmentItem, Unit]], int]:
    """One page of (item, school) rows in scope, and the total count."""
    policy.require_reads(actor, FIELD)
    return count_page(_equipment_stmt(actor, school, f), page, per_page)


def all_equipment(actor: User, school: Unit | None, f: EquipmentFilters) -> list:
    policy.require_reads(actor, FIELD)
    return list(db.session.execute(_equipment_stmt(actor, school, f)).all())


def get_equipment(actor: User, item_id: int) -> EquipmentItem:
    return school_data.get_row(actor, EquipmentItem, item_id)


def _check_level(school: Unit, kind: str) -> None:
    if kind in kinds_for(school):
        return
    if kind == "toy":
        message = "Đồ dùng, đồ chơi chỉ dành cho trường có cấp học mầm non."
    else:
        message = (
            "Thiết bị dạy học chỉ dành cho trường phổ thông, GDTX; "
            "trường mầm non nhập đồ dùng, đồ chơi."
        )
    raise ValidationFailed(message, "code")


def resolved(school: Unit, data: EquipmentData) -> EquipmentData:
    """The data with the item's defaults filled in; raises ValidationFailed."""
    row = item(data.code)
    if not data.code:
        raise ValidationFailed("Bắt buộc nhập.", "code")
    if row is None:
        raise ValidationFailed("Mã thiết bị, đồ chơi không có trong danh mục.", "code")
    _check_level(school, row["kind"])
    out = EquipmentData(
        code=data.code,
        quantity=check_quantity(data.quantity, 0),
        condition=check_code("conditions", data.condition, "condition", False),
        campus_id=check_campus(school, data.campus_id),
    )
    if row["kind"] == "toy":
        out.age_group = check_code(
            "age_groups", data.age_group or row["age_group"], "age_group", False
        )
    else:
        out.grade = check_code("grades", data.grade or row["grade"], "grade", False)
        level = codelists.row("grades", out.grade) if out.grade else None
        if level and level["level"] not in school.level_codes:
            raise ValidationFailed("Khối này không thuộc cấp học của trường.", "grade")
    return out


def _apply(row: EquipmentItem, data: EquipmentData) -> None:
    row.kind = item(data.code)["kind"]
    row.code = data.code
    row.grade = data.grade
    row.age_group = data.age_group
    row.quantity = data.quantity
    row.condition = data.condition
    row.campus_id = data.campus_id


def build_equipment(school: Unit, data: EquipmentData) -> EquipmentItem:
    """A validated, unsaved row (forms and imports share it)."""
    row = EquipmentItem(school_id=school.id)
    _apply(row, resolved(school, data))
    return row


def create_equipment(actor: User, school: Unit, data: EquipmentData) -> EquipmentItem:
    """Raises PermissionDenied, ValidationFailed."""
    school_data.require_write(actor, school, FIELD)
    row = build_equipment(school, data)
    db.session.add(row)
    db.session.flush()
    return row


def update_equipment(
    actor: User, row: EquipmentItem, data: EquipmentData, version: int | None
) -> EquipmentItem:
    """Raises PermissionDenied, Conflict (stale form), ValidationFailed."""
    school = require_row_write(actor, row)
    school_data.check_version(row, version)
    _apply(row, resolved(school, data))
    db.session.flush()
    return row


def delete_equipment(actor: User, row: EquipmentItem) -> None:
    require_row_write(actor, row)
    db.session.delete(row)
    db.session.flush()
