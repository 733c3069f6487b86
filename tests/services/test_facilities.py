"""Facilities services: rooms and equipment rules, scope, guarded writes."""

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from smasweb.extensions import db
from smasweb.models.facilities import EquipmentItem, Room
from smasweb.models.schools import Campus
from smasweb.services.errors import (
    Conflict,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from smasweb.services.facilities import equipment
from smasweb.services.facilities import records as svc
from smasweb.services.facilities.equipment import EquipmentData, EquipmentFilters
from smasweb.services.facilities.records import RoomData, RoomFilters
from tests.factories import make_unit, make_user


def room_data(**overrides) -> RoomData:
    values = {"kind": "classroom", "construction": "kien_co", "quantity": 3}
    values.update(overrides)
    return RoomData(**values)


def add_room(school, **overrides) -> Room:
    values = {"kind": "classroom", "construction": "kien_co", "quantity": 1}
    values.update(overrides)
    room = Room(school_id=school.id, **values)
    db.session.add(room)
    db.session.flush()
    return room


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def khtc(world):
    unit = make_unit("division", world.dept, fields="facilities,budget")
    return make_user("division", unit)


@pytest.fixture
def preschool(world):
    school = make_unit(
        "school", world.d1, name="Trường Mầm non Hoa Sen", level_group="01"
    )
    return school, make_user("school_clerk", school)


def test_clerk_creates_a_group_of_identical_rooms(world):
    data = room_data(name="Phòng lớp 1", area_m2=Decimal("48.5"), condition="good")
    room = svc.create_room(world.clerk, world.s1, data)
    assert room.school_id == world.s1.id
    assert (room.quantity, room.area_m2, room.name) == (
        3,
        Decimal("48.5"),
        "Phòng lớp 1",
    )


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"quantity": 0}, "quantity"),
        ({"area_m2": Decimal("0")}, "area_m2"),
        ({"kind": "hall"}, "kind"),
        ({"construction": "go"}, "construction"),
        ({"condition": "new"}, "condition"),
    ],
)
def test_invalid_room_is_refused_next_to_its_field(world, overrides, field):
    with pytest.raises(ValidationFailed) as exc:
        svc.create_room(world.clerk, world.s1, room_data(**overrides))
    assert exc.value.field == field
    assert count(Room) == 0


def test_room_on_a_campus_of_another_school_is_refused(world):
    other = Campus(school_id=world.s2.id, code="C1", name="Điểm Trà Côn")
    db.session.add(other)
    db.session.flush()
    with pytest.raises(ValidationFailed) as exc:
        svc.create_room(world.clerk, world.s1, room_data(campus_id=other.id))
    assert exc.value.field == "campus_id"


@pytest.mark.parametrize("who", ["district", "teacher", "admin"])
def test_readers_cannot_write_rooms(world, who):
    with pytest.raises(PermissionDenied):
        svc.create_room(getattr(world, who), world.s1, room_data())


def test_room_of_another_school_is_not_found(world):
    room = add_room(world.s2)
    with pytest.raises(NotFound):
        svc.get_room(world.clerk, room.id)


def test_edit_from_a_stale_form_is_a_conflict(world):
    room = add_room(world.s1)
    svc.update_room(world.clerk, room, room_data(quantity=2), room.version)
    with pytest.raises(Conflict):
        svc.update_room(world.leader, room, room_data(quantity=5), 1)
    assert room.quantity == 2


def test_room_search_ignores_diacritics_and_applies_filters(world):
    add_room(world.s1, name="Phòng Âm nhạc", kind="music")
    add_room(world.s1, name="Phòng học 1A", borrowed=True)
    add_room(world.s1, name="Phòng học 1B")
    rows, total = svc.search_rooms(
        world.clerk, world.s1, RoomFilters(q="phong hoc", borrowed="1")
    )
    assert total == 1 and rows[0][0].name == "Phòng học 1A"
    rows, total = svc.search_rooms(world.clerk, world.s1, RoomFilters(q="am NHAC"))
    assert [r.name for r, _ in rows] == ["Phòng Âm nhạc"]


def test_district_lists_rooms_of_its_schools_only(world):
    add_room(world.s1)
    add_room(world.s1b)
    add_room(world.s2)
    rows, total = svc.search_rooms(world.district, None, RoomFilters())
    assert total == 2
    assert {unit.id for _, unit in rows} == {world.s1.id, world.s1b.id}


def test_planning_finance_division_reads_facilities_everywhere(world, khtc):
    add_room(world.s2)
    assert svc.resolve_school(khtc, world.s2.id) == world.s2
    assert svc.search_rooms(khtc, None, RoomFilters())[1] == 1


@pytest.mark.parametrize("who", ["division", "division_mnth"])
def test_divisions_without_the_facilities_field_see_nothing(world, who):
    with pytest.raises(NotFound):
        svc.resolve_school(getattr(world, who), None)


def test_equipment_kind_and_grade_follow_the_item(world):
    row = equipment.create_equipment(
        world.clerk, world.s1, EquipmentData(code="TH2-TOAN-01", quantity=5)
    )
    assert (row.kind, row.grade, row.age_group, row.quantity) == (
        "equipment",
        "02",
        None,
        5,
    )


def test_toys_are_refused_at_a_primary_school(world):
    with pytest.raises(ValidationFailed) as exc:
        equipment.create_equipment(
            world.clerk, world.s1, EquipmentData(code="MN-MG-01", quantity=1)
        )
    assert exc.value.field == "code" and "mầm non" in exc.value.message
    assert count(EquipmentItem) == 0


def test_equipment_is_refused_at_a_preschool(world, preschool):
    school, clerk = preschool
    with pytest.raises(ValidationFailed) as exc:
        equipment.create_equipment(
            clerk, school, EquipmentData(code="TH1-TOAN-01", quantity=1)
        )
    assert exc.value.field == "code"


def test_preschool_toy_takes_the_items_age_group(world, preschool):
    school, clerk = preschool
    row = equipment.create_equipment(
        clerk, school, EquipmentData(code="MN-MG-03", quantity=4, grade="01")
    )
    assert (row.kind, row.age_group, row.grade) == ("toy", "06", None)


def test_equipment_grade_outside_the_schools_levels_is_refused(world):
    with pytest.raises(ValidationFailed) as exc:
        equipment.create_equipment(
            world.clerk, world.s1, EquipmentData(code="THCS6-KHTN-01", quantity=1)
        )
    assert exc.value.field == "grade"


def test_equipment_quantity_cannot_be_negative(world):
    with pytest.raises(ValidationFailed) as exc:
        equipment.create_equipment(
            world.clerk, world.s1, EquipmentData(code="TH1-TV-01", quantity=-1)
        )
    assert exc.value.field == "quantity"


def test_equipment_search_by_item_name_ignores_diacritics(world):
    for code in ("TH1-TV-01", "DC-MAYCHIEU-01"):
        equipment.create_equipment(
            world.clerk, world.s1, EquipmentData(code=code, quantity=1)
        )
    rows, total = equipment.search_equipment(
        world.clerk, world.s1, EquipmentFilters(q="may chieu")
    )
    assert total == 1 and rows[0][0].code == "DC-MAYCHIEU-01"
    rows, total = equipment.search_equipment(
        world.clerk, world.s1, EquipmentFilters(grade="01")
    )
    assert [r.code for r, _ in rows] == ["TH1-TV-01"]


def test_clerk_deletes_an_equipment_row_but_teacher_cannot(world):
    row = equipment.create_equipment(
        world.clerk, world.s1, EquipmentData(code="TH1-TV-01", quantity=1)
    )
    with pytest.raises(PermissionDenied):
        equipment.delete_equipment(world.teacher, row)
    equipment.delete_equipment(world.clerk, row)
    assert count(EquipmentItem) == 0
