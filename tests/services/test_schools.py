"""Schools service: the yearly profile, copying it forward, the officers' school list."""

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from smasweb.extensions import db
from smasweb.models import ClassGroup, SchoolProfile, SchoolYear
from smasweb.services import years as school_years
from smasweb.services.errors import (
    Conflict,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from smasweb.services.schools import page as schools_page
from smasweb.services.schools import records as schools
from smasweb.services.schools.records import ProfileData
from tests.factories import unlock_past_years

YEAR = school_years.current_year()  # past years are closed to writes


def profile(**overrides) -> ProfileData:
    values = {
        "name": "Trường Tiểu học Long Phước",
        "level_group": "06",
        "ownership": "01",
        "district_code": "857",
        "commune_code": "29599",
        "phone": "0270 3823 456",
        "land_area": Decimal("5200.5"),
        "flags": frozenset({"has_electricity", "has_clean_water"}),
    }
    values.update(overrides)
    return ProfileData(**values)


def count_profiles() -> int:
    return db.session.scalar(select(func.count()).select_from(SchoolProfile))


def test_new_profile_starts_from_the_unit(world):
    world.s1.commune_code = "29599"
    data = schools.profile_defaults(world.s1)
    assert (data.name, data.level_group, data.ownership) == (
        "Trường Tiểu học Long Phước",
        "06",
        "01",
    )
    assert (data.province_code, data.district_code, data.commune_code) == (
        "86",
        "857",
        "29599",
    )


def test_clerk_saves_the_profile_of_a_year(world):
    saved = schools.save_profile(world.clerk, world.s1, YEAR, profile(), None)
    assert saved.year == YEAR and saved.province_code == "86"
    assert saved.phone == "02703823456"
    assert saved.has_electricity and not saved.boarding
    assert db.session.get(SchoolYear, YEAR) is not None


def test_saving_again_updates_the_same_profile(world):
    first = schools.save_profile(world.clerk, world.s1, YEAR, profile(), None)
    again = schools.save_profile(
        world.clerk, world.s1, YEAR, profile(name="Tên mới"), first.version
    )
    assert again.id == first.id and again.name == "Tên mới"
    assert count_profiles() == 1


def test_a_stale_profile_form_is_a_conflict(world):
    saved = schools.save_profile(world.clerk, world.s1, YEAR, profile(), None)
    schools.save_profile(
        world.clerk, world.s1, YEAR, profile(name="Tên mới"), saved.version
    )
    with pytest.raises(Conflict):
        schools.save_profile(world.clerk, world.s1, YEAR, profile(), 1)


def test_a_commune_chosen_without_its_district_brings_it(world):
    saved = schools.save_profile(
        world.clerk, world.s1, YEAR, profile(district_code=None), None
    )
    assert (saved.district_code, saved.commune_code) == ("857", "29599")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"commune_code": "29542"}, "commune_code"),  # a ward of the city, not Long Hồ
        ({"district_code": "999"}, "district_code"),
        ({"province_code": "01"}, "province_code"),  # only Vĩnh Long's units
        ({"phone": "12345"}, "phone"),
        ({"principal_phone": "091234567"}, "principal_phone"),
        ({"land_area": Decimal("-1")}, "land_area"),
        ({"region": "99"}, "region"),
        ({"ownership": None}, "ownership"),
        ({"name": "  "}, "name"),
    ],
)
def test_invalid_profile_is_refused_on_its_field(world, overrides, field):
    with pytest.raises(ValidationFailed) as exc:
        schools.save_profile(world.clerk, world.s1, YEAR, profile(**overrides), None)
    assert exc.value.field == field
    assert count_profiles() == 0


def test_district_officer_reads_but_cannot_write_a_profile(world):
    with pytest.raises(PermissionDenied):
        schools.save_profile(world.district, world.s1, YEAR, profile(), None)


def test_other_schools_profile_is_not_found(world):
    with pytest.raises(NotFound):
        schools.profile_for_edit(world.clerk2, world.s1.id, YEAR)


def test_copy_makes_this_years_profile_from_last_years(world):
    unlock_past_years(world.admin, world.s1, "profile")
    last = schools.save_profile(world.clerk, world.s1, YEAR - 1, profile(), None)
    copy = schools.copy_profile(world.clerk, world.s1, YEAR)
    assert copy.id != last.id and copy.year == YEAR and copy.version == 1
    assert (copy.name, copy.commune_code, copy.land_area) == (
        last.name,
        last.commune_code,
        last.land_area,
    )
    assert copy.has_clean_water


def test_copy_is_refused_when_this_year_has_a_profile(world):
    unlock_past_years(world.admin, world.s1, "profile")
    schools.save_profile(world.clerk, world.s1, YEAR - 1, profile(), None)
    schools.save_profile(world.clerk, world.s1, YEAR, profile(), None)
    with pytest.raises(ValidationFailed, match="đã có hồ sơ"):
        schools.copy_profile(world.clerk, world.s1, YEAR)


def test_copy_is_refused_when_last_year_has_none(world):
    with pytest.raises(ValidationFailed, match="chưa có hồ sơ"):
        schools.copy_profile(world.clerk, world.s1, YEAR)
    assert count_profiles() == 0


def _listed(actor, **kw) -> set[int]:
    rows, _ = schools.search_schools(actor, year=YEAR, **kw)
    return {r.school.id for r in rows}


def test_school_list_holds_only_the_schools_the_actor_may_read(world):
    assert _listed(world.district) == {world.s1.id, world.s1b.id}
    assert _listed(world.division_mnth) == {world.s1.id, world.s2.id}  # primary
    assert _listed(world.division) == set()  # TCCB: staff only
    assert len(_listed(world.admin)) == 4


def test_school_search_ignores_diacritics_and_filters_by_level_group(world):
    assert _listed(world.admin, q="long phuoc") == {world.s1.id, world.s1b.id}
    assert _listed(world.admin, q="long phuoc", level_group="07") == {world.s1b.id}


def test_school_list_tells_profile_and_class_count_of_the_year(world):
    schools.save_profile(world.clerk, world.s1, YEAR, profile(), None)
    school_years.ensure_year(YEAR)
    for name in ("1A", "1B"):
        db.session.add(
            ClassGroup(school_id=world.s1.id, year=YEAR, grade="01", name=name)
        )
    db.session.flush()
    rows, total = schools.search_schools(world.district, year=YEAR)
    by_id = {r.school.id: r for r in rows}
    assert total == 2
    assert by_id[world.s1.id].has_profile and by_id[world.s1.id].class_count == 2
    assert not by_id[world.s1b.id].has_profile and by_id[world.s1b.id].class_count == 0


@pytest.mark.parametrize(
    ("value", "shown"),
    [(Decimal("5200.50"), "5.200,5"), (Decimal("3"), "3"), (None, "")],
)
def test_decimals_are_shown_with_vietnamese_separators(value, shown):
    assert schools_page.vn_decimal(value) == shown
