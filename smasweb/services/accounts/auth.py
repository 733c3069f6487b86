"""Login with a throttle held in the database, and password changes."""

from datetime import UTC, datetime

from flask import current_app
from sqlalchemy import func, select

from smasweb.extensions import db
from smasweb.models import User
from smasweb.models.accounts import new_session_token
from smasweb.services.accounts import login_throttle, passwords
from smasweb.services.errors import TooManyAttempts, ValidationFailed

# Verified against when the username is unknown, so timing does not tell either.
_DUMMY_HASH: dict[str, str] = {}


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; they were stored in UTC."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def is_locked(user: User) -> bool:
    """An account an administrator's lock (or a lockout from before the throttle) holds."""
    until = _aware(user.locked_until)
    return until is not None and until > _now()


def authenticate(username: str, password: str, client: str = "local") -> User | None:
    """Return the user for a right password on an open, active account; else None.

    Failures are throttled per client (login_throttle), never by locking the account:
    an anonymous guesser slows only itself, the owner still signs in elsewhere.

    Raises:
        TooManyAttempts: this client must wait before trying this account again.
    """
    wait = login_throttle.wait_seconds(client, username)
    if wait:
        raise TooManyAttempts(wait)
    user = db.session.scalar(
        select(User).where(func.lower(User.username) == username.strip().lower())
    )
    if user is None or is_locked(user):
        _verify_dummy(password)  # same work as a real check: timing tells nothing
        login_throttle.record_failure(client, username)
        return None
    if not passwords.verify_password(user.password_hash, password) or not user.active:
        login_throttle.record_failure(client, username)
        return None
    login_throttle.record_success(client, username)
    user.failed_logins = 0
    user.last_login_at = _now()
    return user


def _verify_dummy(password: str) -> None:
    key = str(current_app.config["ARGON2_TIME_COST"])
    if key not in _DUMMY_HASH:
        _DUMMY_HASH[key] = passwords.hash_password("not-a-password-0")
    passwords.verify_password(_DUMMY_HASH[key], password)


def set_password(user: User, new_password: str, *, must_change: bool) -> None:
    """Store a new hash and end the user's other sessions."""
    user.password_hash = passwords.hash_password(new_password)
    user.must_change_password = must_change
    user.session_token = new_session_token()
    user.failed_logins = 0
    user.locked_until = None


def change_password(user: User, current: str, new: str) -> None:
    """The user's own change. Raises ValidationFailed (current or new_password)."""
    if not passwords.verify_password(user.password_hash, current):
        raise ValidationFailed("Mật khẩu hiện tại không đúng.", "current_password")
    if new == current:
        raise ValidationFailed("Mật khẩu mới phải khác mật khẩu cũ.", "new_password")
    passwords.check_strength(new, user.username)
    set_password(user, new, must_change=False)
    db.session.flush()
