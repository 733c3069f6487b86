"""Login: argon2id hashes, throttling held in the database, password changes."""

import contextlib

import pytest

from smasweb.extensions import db
from smasweb.services.accounts import auth
from smasweb.services.errors import TooManyAttempts, ValidationFailed
from tests.factories import PASSWORD


def test_passwords_are_hashed_with_argon2id(world):
    assert world.clerk.password_hash.startswith("$argon2id$")


def test_wrong_passwords_never_lock_the_account_for_other_clients(world):
    for _ in range(10):
        with contextlib.suppress(TooManyAttempts):  # waits from the 6th on
            assert auth.authenticate("cb1", "sai-mat-khau1", "10.0.0.66") is None
        db.session.commit()
    with pytest.raises(TooManyAttempts):
        auth.authenticate("cb1", PASSWORD, "10.0.0.66")
    assert auth.authenticate("cb1", PASSWORD, "10.0.0.7") == world.clerk


def test_failures_are_counted_in_the_database_not_in_the_process(world, app):
    """Two workers = two sessions: the count they see is the one in the database."""
    for _ in range(4):
        auth.authenticate("cb1", "sai-mat-khau1", "10.0.0.66")
        db.session.commit()
    db.session.remove()  # another worker's fresh session
    auth.authenticate("cb1", "sai-mat-khau1", "10.0.0.66")
    db.session.commit()
    db.session.remove()
    with pytest.raises(TooManyAttempts):
        auth.authenticate("cb1", PASSWORD, "10.0.0.66")


def test_a_right_password_clears_the_count_of_that_client(world):
    for _ in range(4):
        auth.authenticate("cb1", "sai-mat-khau1", "10.0.0.66")
    assert auth.authenticate("cb1", PASSWORD, "10.0.0.66") == world.clerk
    for _ in range(4):
        auth.authenticate("cb1", "sai-mat-khau1", "10.0.0.66")
    assert auth.authenticate("cb1", PASSWORD, "10.0.0.66") == world.clerk


def test_unknown_username_is_just_a_failed_login(world):
    assert auth.authenticate("khong-ton-tai", PASSWORD) is None


def test_username_is_case_insensitive(world):
    assert auth.authenticate("  CB1 ", PASSWORD) == world.clerk


@pytest.mark.parametrize(
    ("current", "new", "field"),
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
