"""Campuses: code per school, exactly one main campus, guarded deletes."""

from decimal import Decimal

import pytest
from sqlalchemy import select

from smasweb.extensions import db
from smasweb.models import Campus, ClassGroup
from smasweb.services import years as school_years
from smasweb.services.errors import NotFound, PermissionDenied, ValidationFailed
from smasweb.services.schools import campuses
from smasweb.services.schools.campuses import CampusData


def add(world, code="C1", school=None, **kw) -> Campus:
    data = CampusData(code=code, name=f"Điểm {code}", **kw)
    return campuses.create_campus(world.clerk, school or world.s1, data)


def mains(world) -> list[str]:
    stmt = select(Campus.code).where(Campus.school_id == world.s1.id, Campus.is_main)
    return list(db.session.scalars(stmt))


def test_the_first_campus_becomes_the_main_one(world):
    add(world, "C1")
    add(world, "C2")
    assert mains(world) == ["C1"]


def test_marking_a_campus_main_unmarks_the_others(world):
    add(world, "C1")
    second = add(world, "C2")
    data = CampusData(code="C2", name="Điểm C2", is_main=True)
    campuses.update_campus(world.clerk, second, data, second.version)
    assert mains(world) == ["C2"]


def test_a_new_campus_marked_main_takes_over(world):
    add(world, "C1")
    add(world, "C2", is_main=True)
    assert mains(world) == ["C2"]


def test_the_main_campus_cannot_be_unmarked(world):
    first = add(world, "C1")
    with pytest.raises(ValidationFailed) as exc:
        campuses.update_campus(
            world.clerk, first, CampusData(code="C1", name="Điểm C1"), first.version
        )
    assert exc.value.field == "is_main"


def test_the_main_campus_cannot_be_deleted_while_others_exist(world):
    first = add(world, "C1")
    second = add(world, "C2")
    with pytest.raises(ValidationFailed, match="điểm trường chính"):
        campuses.delete_campus(world.clerk, first)
    campuses.delete_campus(world.clerk, second)
    campuses.delete_campus(world.clerk, first)
    assert mains(world) == []


def test_a_campus_with_classes_cannot_be_deleted(world):
    add(world, "C1")
    other = add(world, "C2")
    year = school_years.current_year()  # past years are closed to writes
    school_years.ensure_year(year)
    db.session.add(
        ClassGroup(
            school_id=world.s1.id, year=year, grade="01", name="1A", campus_id=other.id
        )
    )
    db.session.flush()
    with pytest.raises(ValidationFailed, match="đang có lớp"):
        campuses.delete_campus(world.clerk, other)


def test_campus_code_is_unique_per_school(world):
    add(world, "C1")
    with pytest.raises(ValidationFailed) as exc:
        add(world, "c1")
    assert exc.value.field == "code"
    other = campuses.create_campus(
        world.clerk2, world.s2, CampusData(code="C1", name="Điểm chính")
    )
    assert other.is_main


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"distance_km": Decimal("-2")}, "distance_km"),
        ({"area_m2": Decimal("-1")}, "area_m2"),
        ({"travel_means": "air"}, "travel_means"),
        ({"district_code": "857", "commune_code": "29542"}, "commune_code"),
        ({"phone": "0123"}, "phone"),
    ],
)
def test_invalid_campus_is_refused_on_its_field(world, overrides, field):
    with pytest.raises(ValidationFailed) as exc:
        add(world, "C1", **overrides)
    assert exc.value.field == field
    assert mains(world) == []


def test_campus_address_and_travel_are_stored(world):
    campus = add(
        world,
        "C1",
        district_code="857",
        commune_code="29599",
        distance_km=Decimal("3.5"),
        travel_means="water",
    )
    assert (campus.province_code, campus.commune_code) == ("86", "29599")
    assert campus.distance_km == Decimal("3.5") and campus.travel_means == "water"


def test_district_officer_cannot_add_a_campus(world):
    with pytest.raises(PermissionDenied):
        campuses.create_campus(world.district, world.s1, CampusData("C1", "Điểm"))


def test_other_schools_campus_is_not_found(world):
    campus = add(world, "C1")
    with pytest.raises(NotFound):
        campuses.campus_for_edit(world.clerk2, campus.id)
