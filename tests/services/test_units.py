"""The unit tree: creation rules, dated moves (past periods roll up the old way), closing."""

from datetime import date

import pytest
import time_machine
from sqlalchemy import select

from smasweb.extensions import db
from smasweb.models import Unit
from smasweb.services import tree, units
from smasweb.services.errors import NotFound, PermissionDenied, ValidationFailed
from tests.factories import make_unit


def _ids(stmt) -> set[int]:
    return set(db.session.scalars(stmt))


def school_data(
    code="86857009", name="Trường Mầm non Hoa Sen", parent=None, group="01"
):
    return units.UnitData(
        code=code,
        name=name,
        kind="school",
        level_group=group,
        parent_id=parent.id if parent else None,
    )


def test_admin_creates_a_school_under_a_district(world):
    school = units.create_unit(world.admin, school_data(parent=world.d1))
    assert school.parent_id == world.d1.id
    assert school.level_codes == ("01",)
    assert school.id in _ids(tree.subtree_ids(world.d1.id))


@pytest.mark.parametrize("who", ["division", "district", "leader", "clerk", "teacher"])
def test_only_admins_manage_units(world, who):
    with pytest.raises(PermissionDenied):
        units.create_unit(getattr(world, who), school_data(parent=world.d1))


def test_unit_codes_are_unique(world):
    with pytest.raises(ValidationFailed) as exc:
        units.create_unit(world.admin, school_data(code=world.s1.code, parent=world.d1))
    assert exc.value.field == "code"


def test_a_school_cannot_hang_under_another_school(world):
    with pytest.raises(ValidationFailed) as exc:
        units.create_unit(world.admin, school_data(parent=world.s1))
    assert exc.value.field == "parent_id"


def test_upper_secondary_schools_hang_directly_under_the_department(world):
    assert world.thpt.parent_id == world.dept.id
    assert world.thpt.id not in _ids(tree.subtree_ids(world.d1.id))


def test_district_officer_sees_only_its_own_schools(world):
    assert units.get_unit(world.district, world.s1.id) == world.s1
    with pytest.raises(NotFound):
        units.get_unit(world.district, world.s2.id)
    with pytest.raises(NotFound):
        units.get_unit(world.district, world.thpt.id)


def test_school_user_sees_only_its_school(world):
    assert units.children(world.clerk, None) == [world.s1]
    with pytest.raises(NotFound):
        units.get_unit(world.clerk, world.s1b.id)


@time_machine.travel(date(2025, 7, 15))
def test_post_2025_shape_moves_schools_to_a_commune_dated(world):
    """District offices abolished: schools move under a commune; 2019 rolls up as before."""
    commune = units.create_unit(
        world.admin,
        units.UnitData(
            code="XA29599",
            name="Ủy ban nhân dân xã Long Phước",
            kind="commune",
            admin_code="29599",
            parent_id=world.dept.id,
            opened_on=date(2025, 7, 1),
        ),
    )
    units.move_unit(world.admin, world.s1, commune, date(2025, 7, 1))
    units.close_unit(world.admin, world.s1b, date(2025, 7, 1))
    assert world.s1.parent_id == commune.id
    assert world.s1.id in _ids(tree.subtree_ids(commune.id))
    assert world.s1.id not in _ids(tree.subtree_ids(world.d1.id))
    # A 2019 period still rolls up by the tree of its time.
    assert world.s1.id in _ids(tree.subtree_ids(world.d1.id, at=date(2019, 9, 9)))
    assert world.s1.id not in _ids(tree.subtree_ids(commune.id, at=date(2019, 9, 9)))
    assert world.s1.id in _ids(tree.subtree_ids(commune.id, at=date(2025, 7, 2)))
    # The emptied district can now be closed; it stays for history.
    units.close_unit(world.admin, world.d1, date(2025, 7, 1))
    assert world.d1.is_closed
    assert world.s1b.id in _ids(tree.subtree_ids(world.d1.id, at=date(2024, 1, 1)))


def test_schools_can_move_directly_under_the_department(world):
    units.move_unit(world.admin, world.s2, world.dept, date(2025, 7, 1))
    assert world.s2.id in _ids(tree.subtree_ids(world.dept.id, at=date(2025, 8, 1)))
    assert world.s2.id in _ids(tree.subtree_ids(world.d2.id, at=date(2020, 1, 1)))
    assert world.s2.id not in _ids(tree.subtree_ids(world.d2.id, at=date(2025, 8, 1)))


def test_move_date_must_follow_the_previous_move(world):
    with pytest.raises(ValidationFailed) as exc:
        units.move_unit(world.admin, world.s1, world.d2, date(2019, 1, 1))
    assert exc.value.field == "effective"


def test_a_unit_cannot_move_under_itself(world):
    with pytest.raises(ValidationFailed):
        units.move_unit(world.admin, world.d1, world.d1, date(2024, 1, 1))


def test_a_unit_with_open_children_cannot_close(world):
    with pytest.raises(ValidationFailed) as exc:
        units.close_unit(world.admin, world.d1, date(2024, 1, 1))
    assert "trực thuộc" in exc.value.message
    assert not world.d1.is_closed


def test_search_ignores_diacritics_and_stays_in_scope(world):
    found = units.search_units(world.district, "truong tieu hoc")
    assert [u.name for u in found] == ["Trường Tiểu học Long Phước"]
    assert {
        u.id for u in units.search_units(world.admin, "TIEU HOC", kind="school")
    } == {world.s1.id, world.s2.id}


def test_counts_by_kind_and_level_for_admin_and_district(world):
    counts = units.counts_by_kind_and_level(world.admin)
    assert counts["kinds"]["school"] == 4
    assert counts["school_levels"] == {
        "Tiểu học": 2,
        "Trung học cơ sở": 1,
        "Trung học phổ thông": 1,
    }
    assert units.counts_by_kind_and_level(world.district)["kinds"] == {
        "district": 1,
        "school": 2,
    }


def test_children_are_listed_in_vietnamese_order(world):
    make_unit("school", world.d2, name="Trường Tiểu học Ấp Đình")
    make_unit("school", world.d2, name="Trường Tiểu học An Bình")
    names = [u.name for u in units.children(world.admin, world.d2)]
    assert names == [
        "Trường Tiểu học An Bình",
        "Trường Tiểu học Ấp Đình",
        "Trường Tiểu học Trà Côn",
    ]
    assert db.session.scalar(select(Unit).where(Unit.code == "SGD86")) == world.dept


def test_search_finds_a_unit_by_its_code_in_any_case(world):
    assert [u.id for u in units.search_units(world.admin, "pgd862")] == [world.d2.id]


def test_system_override_is_scoped_to_its_block(app):
    from smasweb.services.system import system_override

    with system_override("demo"):
        assert db.session.info["override"] == "demo"
    assert "override" not in db.session.info
