"""Accounts: who creates, edits and resets whom; search and order."""

import pytest

from smasweb.services.accounts import auth, passwords
from smasweb.services.accounts import records as accounts
from smasweb.services.errors import NotFound, PermissionDenied, ValidationFailed
from tests.factories import make_user


def data(**kw) -> accounts.AccountData:
    base = {
        "username": "gv.moi",
        "full_name": "Huỳnh Thị Xuân",
        "role": "teacher",
        "unit_code": "86857001",
    }
    base.update(kw)
    return accounts.AccountData(**base)


def test_new_account_must_change_its_temporary_password(world):
    user, temp = accounts.create_account(world.admin, data())
    assert user.must_change_password
    assert passwords.verify_password(user.password_hash, temp)
    assert auth.authenticate("gv.moi", temp) == user


def test_school_leader_creates_clerk_and_teacher_accounts_of_its_school(world):
    user, _ = accounts.create_account(world.leader, data(role="school_clerk"))
    assert user.unit == world.s1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"role": "school_leader"}, "role"),
        ({"role": "admin", "unit_code": "SGD86-VP"}, "role"),
        ({"unit_code": "86862001"}, "unit_code"),
    ],
)
def test_school_leader_cannot_grant_beyond_its_school(world, changes, field):
    with pytest.raises(ValidationFailed) as exc:
        accounts.create_account(world.leader, data(**changes))
    assert exc.value.field == field


@pytest.mark.parametrize("who", ["district", "division", "clerk", "teacher"])
def test_other_roles_cannot_create_accounts(world, who):
    with pytest.raises(PermissionDenied):
        accounts.create_account(getattr(world, who), data())


def test_role_must_fit_the_unit_kind(world):
    with pytest.raises(ValidationFailed) as exc:
        accounts.create_account(
            world.admin, data(role="district", unit_code="86857001")
        )
    assert exc.value.field == "unit_code"


def test_usernames_are_unique_ignoring_case(world):
    with pytest.raises(ValidationFailed) as exc:
        accounts.create_account(world.admin, data(username="BGH1"))
    assert exc.value.field == "username"


def test_division_account_keeps_only_fields_its_division_owns(world):
    user, _ = accounts.create_account(
        world.admin,
        data(
            username="tccb2",
            role="division",
            unit_code="SGD86-TCCB",
            fields=("staff", "budget"),
        ),
    )
    assert user.field_codes == ("staff",)


def test_district_resets_passwords_of_its_schools_only(world):
    old = world.clerk.password_hash
    temp = accounts.reset_password(world.district, world.clerk)
    assert world.clerk.password_hash != old and world.clerk.must_change_password
    assert auth.authenticate("cb1", temp) == world.clerk
    with pytest.raises(PermissionDenied):
        accounts.reset_password(world.district, world.clerk2)
    with pytest.raises(NotFound):
        accounts.get_account(world.district, world.clerk2.id)


def test_district_cannot_edit_accounts(world):
    with pytest.raises(PermissionDenied):
        accounts.update_account(world.district, world.clerk, data(username="cb1"))


def test_reset_ends_the_users_open_sessions(world):
    before = world.clerk.get_id()
    accounts.reset_password(world.leader, world.clerk)
    assert world.clerk.get_id() != before


def test_leader_cannot_manage_another_leader_or_itself_into_another_role(world):
    with pytest.raises(PermissionDenied):
        accounts.reset_password(world.leader, world.leader2)
    with pytest.raises(PermissionDenied):
        accounts.update_account(
            world.leader, world.leader, data(username="bgh1", role="school_leader")
        )


def test_admin_cannot_change_its_own_role_or_disable_itself(world):
    with pytest.raises(ValidationFailed):
        accounts.update_account(
            world.admin, world.admin, data(username="admin", role="teacher")
        )
    with pytest.raises(ValidationFailed):
        accounts.set_active(world.admin, world.admin, False)


def test_disabled_account_cannot_log_in(world):
    accounts.set_active(world.admin, world.clerk, False)
    assert auth.authenticate("cb1", "Matkhau2019") is None


def test_search_ignores_diacritics_and_sorts_by_given_name(world):
    rows, total = accounts.search_accounts(world.admin, "pham thi lan")
    assert total == 1 and rows[0] == world.leader
    rows, _ = accounts.search_accounts(world.leader)
    assert [u.full_name for u in rows] == ["Võ Văn An", "Đỗ Thị Ánh", "Phạm Thị Lan"]


def test_account_list_is_paginated(world):
    for i in range(30):
        make_user("teacher", world.s1, full_name=f"Lê Thị Giáo Viên {i:02d}")
    rows, total = accounts.search_accounts(
        world.admin, role="teacher", page=2, per_page=25
    )
    assert total == 31 and len(rows) == 6


def test_scope_of_account_lists(world):
    _, district_total = accounts.search_accounts(world.district)
    assert district_total == 4  # its own officer and s1's three accounts
    _, leader_total = accounts.search_accounts(world.leader)
    assert leader_total == 3
    with pytest.raises(NotFound):
        accounts.search_accounts(world.division)
    assert accounts.counts_by_role(world.division) == {}


def test_search_wildcards_are_literal(world):
    assert accounts.search_accounts(world.admin, "%")[1] == 0
    assert accounts.search_accounts(world.admin, "_")[1] == 0
