"""`flask smas demo --scale small` fills every demo school with data for 2019 and now."""

import pytest
from sqlalchemy import func, select

from smasweb.extensions import db
from smasweb.models import Unit
from smasweb.models.facilities import EquipmentItem, Room
from smasweb.models.finance import BudgetLine
from smasweb.models.schools import Campus, ClassGroup, SchoolProfile
from smasweb.services import years as school_years


@pytest.fixture
def demo(demo_db):
    return list(db.session.scalars(select(Unit).where(Unit.kind == "school")))


def _per_school(model, *where) -> dict[int, int]:
    stmt = select(model.school_id, func.count()).where(*where).group_by(model.school_id)
    return dict(db.session.execute(stmt).all())


def test_every_demo_school_has_its_data_for_both_years(demo):
    ids = {s.id for s in demo}
    years = {2019, school_years.current_year()}
    profiles = db.session.execute(select(SchoolProfile.school_id, SchoolProfile.year))
    assert set(profiles) == {(i, y) for i in ids for y in years}
    mains = _per_school(Campus, Campus.is_main)
    assert mains == dict.fromkeys(ids, 1)
    for year in years:
        assert set(_per_school(ClassGroup, ClassGroup.year == year)) == ids
        assert set(_per_school(BudgetLine, BudgetLine.year == year)) == ids
    assert set(_per_school(Room, Room.kind == "classroom")) == ids


def test_a_demo_preschool_has_toys_and_no_grade_six(demo):
    preschool = next(s for s in demo if s.level_group == "01")
    toys = _per_school(EquipmentItem, EquipmentItem.kind == "toy")
    assert toys.get(preschool.id, 0) > 0
    grades = set(
        db.session.scalars(
            select(ClassGroup.grade).where(ClassGroup.school_id == preschool.id)
        )
    )
    assert grades <= {"16", "17"} and "06" not in grades


def test_demo_classes_follow_the_levels_and_classes_reference_their_campuses(demo):
    primary = next(s for s in demo if s.level_group == "06")
    rows = db.session.execute(
        select(ClassGroup.grade, ClassGroup.name, Campus.school_id)
        .join(Campus, ClassGroup.campus_id == Campus.id)
        .where(ClassGroup.school_id == primary.id)
    ).all()
    assert {r.grade for r in rows} == {"01", "02", "03", "04", "05"}
    assert all(r.school_id == primary.id for r in rows)
    assert any(r.name == "1A" for r in rows)


def test_demo_budget_is_plausible(demo):
    recurrent = db.session.scalars(
        select(func.sum(BudgetLine.planned))
        .where(BudgetLine.category == "01", BudgetLine.year == 2019)
        .group_by(BudgetLine.school_id)
    ).all()
    assert all(1_500_000_000 <= total <= 8_000_000_000 for total in recurrent)


def test_facility_summary_of_each_demo_school_equals_a_hand_count(demo, world_admin):
    from collections import Counter

    from smasweb.services.facilities.summary import room_summary

    for school in demo[:12]:
        hand: Counter = Counter()
        for room in db.session.scalars(select(Room).where(Room.school_id == school.id)):
            if room.kind == "classroom":
                row = "121" if room.borrowed else "120"
            else:
                row = {
                    "library": "123",
                    "equipment": "124",
                    "computer": "125",
                    "language": "126",
                    "arts": "127",
                    "music": "128",
                    "gym": "129",
                    "inclusive": "130",
                    "tradition": "131",
                    "medical": "132",
                }.get(room.kind)
            if row:
                hand[(row, room.construction)] += room.quantity
            if room.kind in (
                "library",
                "equipment",
                "computer",
                "language",
                "arts",
                "music",
                "gym",
                "inclusive",
                "lab",
            ):
                hand[("122", room.construction)] += room.quantity
        rows = {r.indicator: r.total for r in room_summary(world_admin, school)}
        for indicator, split in rows.items():
            for construction in ("kien_co", "ban_kien_co", "tam"):
                assert (
                    getattr(split, construction) == hand[(indicator, construction)]
                ), (school.name, indicator, construction)


@pytest.fixture
def world_admin(demo):
    from smasweb.models import User

    return db.session.scalar(select(User).where(User.username == "admin"))
