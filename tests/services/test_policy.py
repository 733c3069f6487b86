"""The access policy for data fields (used by every later domain) and personal-data masking."""

import pytest
from sqlalchemy import select

from smasweb.extensions import db
from smasweb.models import Unit
from smasweb.services import policy

# (actor, school, field, may read, may write)
DATA_CASES = [
    ("admin", "s2", "students", True, False),
    ("division", "s1", "staff", True, False),  # TCCB reads staff everywhere
    ("division", "s1", "students", False, False),  # …but not pupils
    ("division_mnth", "s1", "students", True, False),  # MN–TH: its levels
    ("division_mnth", "thpt", "students", False, False),
    ("district", "s1", "students", True, False),
    ("district", "s2", "students", False, False),
    ("district", "thpt", "students", False, False),
    ("leader", "s1", "students", True, True),
    ("leader", "s2", "students", False, False),
    ("clerk", "s1", "budget", True, True),
    ("teacher", "s1", "grades", True, True),
    ("teacher", "s1", "students", True, False),
    ("teacher", "s2", "grades", False, False),
]


@pytest.mark.parametrize(("who", "school", "field", "read", "write"), DATA_CASES)
def test_data_access_by_role_unit_and_field(world, who, school, field, read, write):
    actor, unit = getattr(world, who), getattr(world, school)
    assert policy.can(actor, "data.read", unit=unit, field=field) is read
    assert policy.can(actor, "data.write", unit=unit, field=field) is write


@pytest.mark.parametrize(
    ("who", "visible"),
    [
        ("admin", {"s1", "s1b", "s2", "thpt"}),
        ("division", {"s1", "s1b", "s2", "thpt"}),
        ("district", {"s1", "s1b"}),
        ("leader", {"s1"}),
        ("teacher", {"s1"}),
    ],
)
def test_scope_limits_every_unit_query(world, who, visible):
    stmt = policy.scope_units(
        getattr(world, who), select(Unit.id).where(Unit.kind == "school")
    )
    assert set(db.session.scalars(stmt)) == {getattr(world, s).id for s in visible}


def test_disabled_account_can_do_nothing(world):
    world.leader.active = False
    assert not policy.can(world.leader, "data.read", unit=world.s1)
    stmt = policy.scope_units(world.leader, select(Unit.id))
    assert list(db.session.scalars(stmt)) == []


@pytest.mark.parametrize(
    ("who", "shown"),
    [
        ("admin", True),
        ("leader", True),
        ("clerk", True),
        ("district", False),
        ("division", False),
        ("leader2", False),
    ],
)
def test_personal_data_is_masked_outside_the_school(world, who, shown):
    value = policy.personal(getattr(world, who), "0912345678", world.s1)
    assert (value == "0912345678") is shown
    if not shown:
        assert value.endswith("78") and "091234" not in value


def test_mask_of_empty_value_is_empty():
    assert policy.mask(None) == ""


# (actor, school, may transfer its staff): its leader or clerk, the district over it,
# an admin; never a teacher, a division or another school
TRANSFER_CASES = [
    ("admin", "s2", True),
    ("district", "s1", True),
    ("district", "s2", False),
    ("division", "s1", False),
    ("leader", "s1", True),
    ("clerk", "s1", True),
    ("clerk", "s2", False),
    ("teacher", "s1", False),
]


@pytest.mark.parametrize(("who", "school", "allowed"), TRANSFER_CASES)
def test_staff_transfer_is_a_named_right(world, who, school, allowed):
    unit = getattr(world, school)
    assert policy.can(getattr(world, who), "staff.transfer", unit=unit) is allowed


@pytest.mark.parametrize(
    ("who", "school", "allowed"),
    [("leader", "s1", True), ("leader2", "s1", False), ("clerk", "s1", False)],
)
def test_only_the_schools_leader_makes_accounts_from_staff(world, who, school, allowed):
    actor, unit = getattr(world, who), getattr(world, school)
    assert policy.can(actor, "accounts.manage_school_staff", unit=unit) is allowed


def test_questions_that_used_to_compare_roles(world):
    assert policy.roles_with("audit.exports") == ("admin",)
    assert policy.own_school(world.clerk) == world.s1
    assert policy.own_school(world.district) is None
    assert policy.subtree_root(world.district) == world.d1
    assert policy.subtree_root(world.division) is None
    assert policy.creatable_roles(world.leader) == ["school_clerk", "teacher"]
    assert policy.creatable_roles(world.district) == []
    assert policy.role_fits_unit("teacher", world.s1)
    assert not policy.role_fits_unit("teacher", world.d1)
    assert policy.staff_account_roles("03") == ("teacher",)
    assert policy.reads_level(world.division_mnth, "01")
    assert not policy.reads_level(world.division_mnth, "04")
    assert policy.reads_level(world.district, "04")
