"""Classes: grade and name rules, size warnings, bulk creation and roll over."""

import pytest
from sqlalchemy import func, select

from smasweb.extensions import db
from smasweb.models import ClassGroup
from smasweb.services import years as school_years
from smasweb.services.errors import NotFound, PermissionDenied, ValidationFailed
from smasweb.services.schools import campuses as schools_campuses
from smasweb.services.schools import classes
from smasweb.services.schools import classes_bulk as bulk
from smasweb.services.schools.campuses import CampusData
from smasweb.services.schools.classes import ClassData
from tests.factories import make_unit, make_user

YEAR = school_years.current_year()  # past years are closed to writes


def add(actor, school, name, grade="01", year=YEAR, **kw) -> ClassGroup:
    return classes.create_class(
        actor, school, year, ClassData(grade=grade, name=name, **kw)
    )


def names(school, year=YEAR) -> list[str]:
    stmt = select(ClassGroup).where(
        ClassGroup.school_id == school.id, ClassGroup.year == year
    )
    return sorted(c.name for c in db.session.scalars(stmt))


def count_classes() -> int:
    return db.session.scalar(select(func.count()).select_from(ClassGroup))


@pytest.fixture
def preschool(world):
    school = make_unit(
        "school", world.d1, name="Trường Mầm non Hoa Sen", level_group="01"
    )
    return school, make_user("school_clerk", school)


def test_clerk_creates_a_class_of_the_year(world):
    cls = add(world.clerk, world.s1, "1A", planned_size=30, session_pattern="4")
    assert (cls.year, cls.grade, cls.session_pattern) == (YEAR, "01", "4")


def test_grade_must_be_of_the_schools_levels(world):
    with pytest.raises(ValidationFailed) as exc:
        add(world.clerk, world.s1, "6A1", grade="06")
    assert exc.value.field == "grade"


def test_class_name_is_unique_per_school_and_year(world):
    add(world.clerk, world.s1, "1A")
    with pytest.raises(ValidationFailed) as exc:
        add(world.clerk, world.s1, "1a")
    assert exc.value.field == "name"
    add(world.clerk, world.s1, "1A", year=YEAR + 1)
    add(world.clerk2, world.s2, "1A")
    assert count_classes() == 3


def test_campus_must_be_of_the_same_school(world):
    other = schools_campuses.create_campus(
        world.clerk2, world.s2, CampusData("C", "Chính")
    )
    with pytest.raises(ValidationFailed) as exc:
        add(world.clerk, world.s1, "1A", campus_id=other.id)
    assert exc.value.field == "campus_id"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"is_combined": True, "combined_grades": ("01",)}, "combined_grades"),
        ({"is_combined": True, "combined_grades": ("01", "06")}, "combined_grades"),
        ({"sessions_per_week": 15}, "sessions_per_week"),
        ({"sessions_per_week": 0}, "sessions_per_week"),
        ({"session_pattern": "9"}, "session_pattern"),
        (
            {"foreign_language_1": "01", "foreign_language_2": "01"},
            "foreign_language_2",
        ),
        ({"planned_size": -1}, "planned_size"),
    ],
)
def test_invalid_class_is_refused_on_its_field(world, overrides, field):
    with pytest.raises(ValidationFailed) as exc:
        add(world.clerk, world.s1, "1A", **overrides)
    assert exc.value.field == field
    assert count_classes() == 0


def test_combined_class_keeps_its_grades(world):
    cls = add(
        world.clerk, world.s1, "1-2A", is_combined=True, combined_grades=("02", "01")
    )
    assert cls.combined_grades == "01,02"


def test_preschool_group_needs_an_age_group_of_its_grade(preschool):
    school, clerk = preschool
    with pytest.raises(ValidationFailed) as exc:
        add(clerk, school, "Lá 1", grade="17")
    assert exc.value.field == "age_group"
    with pytest.raises(ValidationFailed):
        add(clerk, school, "Lá 1", grade="17", age_group="01")  # a nursery age group
    cls = add(clerk, school, "Lá 1", grade="17", age_group="06", mixed_age=True)
    assert cls.age_group == "06" and cls.mixed_age


@pytest.mark.parametrize(
    ("grade", "size", "age_group", "warned"),
    [
        ("01", 35, None, False),
        ("01", 36, None, True),
        ("06", 45, None, False),
        ("10", 46, None, True),
        ("16", 21, "02", True),
        ("17", 35, "06", False),
    ],
)
def test_size_warning_above_the_ministrys_limit(grade, size, age_group, warned):
    cls = ClassGroup(name="X", grade=grade, planned_size=size, age_group=age_group)
    assert (classes.size_warning(cls) is not None) == warned


def test_size_above_the_limit_is_saved_with_a_warning(world):
    cls = add(world.clerk, world.s1, "1A", planned_size=40)
    assert cls.planned_size == 40
    assert "tối đa 35" in classes.size_warning(cls)


def test_list_searches_without_diacritics_filters_and_sorts_naturally(preschool):
    school, clerk = preschool
    for name in ("Lá 10", "Lá 2", "Chồi 1"):
        add(clerk, school, name, grade="17", age_group="05")
    found = classes.list_classes(clerk, school, YEAR, q="la")
    assert [c.name for c in found] == ["Lá 2", "Lá 10"]
    assert classes.list_classes(clerk, school, YEAR, grade="16") == []


def test_district_officer_cannot_change_classes(world):
    cls = add(world.clerk, world.s1, "1A")
    with pytest.raises(PermissionDenied):
        classes.class_for_edit(world.district, cls.id)
    with pytest.raises(PermissionDenied):
        add(world.district, world.s1, "1B")


def test_division_without_the_field_does_not_see_classes(world):
    cls = add(world.clerk, world.s1, "1A")
    with pytest.raises(NotFound):
        classes.get_class(world.division, cls.id)
    assert classes.get_class(world.division_mnth, cls.id) == cls


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("6A1-6A3", ["6A1", "6A2", "6A3"]),
        ("6A1–6A3", ["6A1", "6A2", "6A3"]),
        ("6A1 - 6A2", ["6A1", "6A2"]),
        ("6A1, 6A2,6B", ["6A1", "6A2", "6B"]),
        ("Lá 1-Lá 2", ["Lá 1", "Lá 2"]),
    ],
)
def test_name_patterns_expand(pattern, expected):
    assert bulk.parse_names(pattern) == expected


@pytest.mark.parametrize("pattern", ["", "6A3-6A1", "6A1-7B2", "6A1, 6a1", "6A1-6A99"])
def test_bad_name_patterns_are_refused(pattern):
    with pytest.raises(ValidationFailed) as exc:
        bulk.parse_names(pattern)
    assert exc.value.field == "names"


def test_bulk_creates_every_class_of_the_pattern(world):
    made = bulk.bulk_create(
        world.leader, world.s1, YEAR, "1A1-1A4", ClassData(grade="01")
    )
    assert [c.name for c in made] == ["1A1", "1A2", "1A3", "1A4"]
    assert names(world.s1) == ["1A1", "1A2", "1A3", "1A4"]


def test_bulk_refuses_the_whole_batch_when_a_name_exists(world):
    add(world.clerk, world.s1, "1A3")
    with pytest.raises(ValidationFailed, match="1A3"):
        bulk.bulk_create(world.clerk, world.s1, YEAR, "1A1-1A4", ClassData(grade="01"))
    assert names(world.s1) == ["1A3"]


def test_rollover_moves_classes_up_a_grade(world):
    add(world.clerk, world.s1, "1A", homeroom_teacher="Cô Lan", planned_size=30)
    add(world.clerk, world.s1, "4B", grade="04")
    add(world.clerk, world.s1, "5A", grade="05")  # final grade of primary: leaves
    made = bulk.rollover(world.clerk, world.s1, YEAR)
    assert sorted((c.grade, c.name) for c in made) == [("02", "2A"), ("05", "5B")]
    two_a = next(c for c in made if c.name == "2A")
    assert two_a.planned_size == 30 and two_a.homeroom_teacher is None
    assert names(world.s1, YEAR) == ["1A", "4B", "5A"]


def test_rollover_keeps_preschool_groups_in_their_grade(preschool):
    school, clerk = preschool
    add(clerk, school, "Nhà trẻ 1", grade="16", age_group="03")
    made = bulk.rollover(clerk, school, YEAR)
    assert [(c.grade, c.name, c.year) for c in made] == [("16", "Nhà trẻ 1", YEAR + 1)]


def test_rollover_is_refused_when_next_year_has_classes(world):
    add(world.clerk, world.s1, "1A")
    add(world.clerk, world.s1, "2A", year=YEAR + 1)
    with pytest.raises(ValidationFailed, match="đã có lớp"):
        bulk.rollover(world.clerk, world.s1, YEAR)
    assert names(world.s1, YEAR + 1) == ["2A"]


def test_rollover_is_refused_without_classes_this_year(world):
    with pytest.raises(ValidationFailed, match="chưa có lớp"):
        bulk.rollover(world.clerk, world.s1, YEAR)
