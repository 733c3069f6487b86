"""Login with a database-held lockout, and password changes."""

from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import func, select, update

from smasweb.extensions import db
from smasweb.models import User
from smasweb.models.accounts import new_session_token
from smasweb.services import passwords
from smasweb.services.errors import ValidationFailed

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
    until = _aware(user.locked_until)
    return until is not None and until > _now()


def authenticate(username: str, password: str) -> User | None:
    """Return the user for a right password on an open, active account; else None.

    Failures are counted with one UPDATE in the database, so the lockout holds across
    workers; after LOGIN_MAX_FAILURES the account is locked for LOGIN_LOCK_MINUTES.
    """
    cfg = current_app.config
    user = db.session.scalar(
        select(User).where(func.lower(User.username) == username.strip().lower())
    )
    if user is None or is_locked(user):
        _verify_dummy(password)  # same work as a real check: timing tells nothing
        return None
    if not passwords.verify_password(user.password_hash, password) or not user.active:
        _count_failure(user, cfg["LOGIN_MAX_FAILURES"], cfg["LOGIN_LOCK_MINUTES"])
        return None
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = _now()
    return user


def _verify_dummy(password: str) -> None:
    key = str(current_app.config["ARGON2_TIME_COST"])
    if key not in _DUMMY_HASH:
        _DUMMY_HASH[key] = passwords.hash_password("not-a-password-0")
    passwords.verify_password(_DUMMY_HASH[key], password)


def _count_failure(user: User, max_failures: int, lock_minutes: int) -> None:
    db.session.execute(
        update(User)
        .where(User.id == user.id)
        .values(failed_logins=User.failed_logins + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        update(User)
        .where(User.id == user.id, User.failed_logins >= max_failures)
        .values(failed_logins=0, locked_until=_now() + timedelta(minutes=lock_minutes))
        .execution_options(synchronize_session=False)
    )
    db.session.expire(user)


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
