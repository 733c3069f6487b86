"""Login: argon2id hashes, lockout held in the database, password changes."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from smasweb.extensions import db
from smasweb.models import User
from smasweb.services import auth
from smasweb.services.errors import ValidationFailed
from tests.factories import PASSWORD


def test_passwords_are_hashed_with_argon2id(world):
    assert world.clerk.password_hash.startswith("$argon2id$")


def test_five_wrong_passwords_lock_the_account_for_fifteen_minutes(world):
    for _ in range(5):
        assert auth.authenticate("cb1", "sai-mat-khau1") is None
        db.session.commit()
    assert auth.authenticate("cb1", PASSWORD) is None  # locked, right password or not
    user = db.session.get(User, world.clerk.id)
    assert auth.is_locked(user)
    with time_machine.travel(datetime.now(UTC) + timedelta(minutes=16)):
        assert auth.authenticate("cb1", PASSWORD) == user


def test_failures_are_counted_in_the_database_not_in_the_process(world, app):
    """Two workers = two sessions: the count they see is the one in the database."""
    clerk_id = world.clerk.id
    for _ in range(4):
        auth.authenticate("cb1", "sai-mat-khau1")
        db.session.commit()
    db.session.remove()  # another worker's fresh session
    assert db.session.get(User, clerk_id).failed_logins == 4
    auth.authenticate("cb1", "sai-mat-khau1")
    db.session.commit()
    db.session.remove()
    assert auth.is_locked(db.session.get(User, clerk_id))


def test_a_right_password_resets_the_failure_count(world):
    auth.authenticate("cb1", "sai-mat-khau1")
    assert auth.authenticate("cb1", PASSWORD) == world.clerk
    assert world.clerk.failed_logins == 0


def test_unknown_username_is_just_a_failed_login(world):
    assert auth.authenticate("khong-ton-tai", PASSWORD) is None


def test_username_is_case_insensitive(world):
    assert auth.authenticate("  CB1 ", PASSWORD) == world.clerk


@pytest.mark.parametrize(
    "current, new, field",
    [
        ("sai-mat-khau1", "MatKhauMoi2020", "current_password"),
        (PASSWORD, "ngan1", "new_password"),
        (PASSWORD, "chiconchu", "new_password"),
        (PASSWORD, PASSWORD, "new_password"),
    ],
)
def test_password_change_rules(world, current, new, field):
    with pytest.raises(ValidationFailed) as exc:
        auth.change_password(world.clerk, current, new)
    assert exc.value.field == field


def test_password_change_clears_the_forced_change_and_rotates_sessions(world):
    world.clerk.must_change_password = True
    before = world.clerk.get_id()
    auth.change_password(world.clerk, PASSWORD, "MatKhauMoi2020")
    assert not world.clerk.must_change_password
    assert world.clerk.get_id() != before
    assert auth.authenticate("cb1", "MatKhauMoi2020") == world.clerk
