"""Server-side sessions: a sign-in lives in the database, not only in the cookie.

The signed cookie carries a random session id; the `user_sessions` row keyed by its
SHA-256 says whether it is still alive. Logging out ends the row, so a cookie copied
before the logout opens nothing afterwards, on any worker or host. A session also
ends after SESSION_IDLE_MINUTES without a request and SESSION_MAX_HOURS after the
sign-in (OWASP ASVS 3.3). A password change or reset still ends every session of
the user through `User.session_token`.
"""

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from flask import current_app, has_request_context, request
from sqlalchemy import bindparam, delete, select, update

from smasweb.extensions import db
from smasweb.models import User, UserSession

SESSION_KEY = "sid"  # the key of the session id in Flask's signed cookie
TOUCH_EVERY = timedelta(minutes=1)  # last_seen is written at most this often


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; they were stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _hash(sid: str) -> str:
    return hashlib.sha256(sid.encode()).hexdigest()


def hashed(sid: str) -> str:
    """What the database keeps of a session id."""
    return _hash(sid)


def start(user: User) -> str:
    """Open a session for the user; the id to put into the cookie. Flushed."""
    sid = secrets.token_urlsafe(32)
    moment = _now()
    web = has_request_context()
    db.session.add(
        UserSession(
            token_hash=_hash(sid),
            user_id=user.id,
            created_at=moment,
            last_seen_at=moment,
            ip=(request.remote_addr or "")[:45] if web else "",
            user_agent=(request.user_agent.string or "")[:200] if web else "",
        )
    )
    db.session.flush()
    return sid


def end(sid: str | None) -> None:
    """End the session with this id (logout). Flushed."""
    if not sid:
        return
    db.session.execute(
        update(UserSession)
        .where(UserSession.token_hash == _hash(sid), UserSession.ended_at.is_(None))
        .values(ended_at=_now())
    )


# built once: every request runs it, and building it cost more than running it
_LOAD = (
    select(User, UserSession.id, UserSession.created_at, UserSession.last_seen_at)
    .join(UserSession, UserSession.user_id == User.id)
    .where(
        User.id == bindparam("user_id"),
        UserSession.token_hash == bindparam("token_hash"),
        UserSession.ended_at.is_(None),
    )
)


def load(user_id: int, token: str, sid: str | None) -> User | None:
    """The active user whose cookie holds this session token and a live session id;
    else None. One query; the last-seen stamp is written at most once a minute."""
    if not sid:
        return None
    row = db.session.execute(
        _LOAD, {"user_id": user_id, "token_hash": _hash(sid)}
    ).first()
    if row is None:
        return None
    user, session_id, created, seen = row
    if user.session_token != token or not user.active:
        return None
    moment = _now()
    cfg = current_app.config
    idle = timedelta(minutes=int(cfg["SESSION_IDLE_MINUTES"]))
    if (
        _aware(seen) + idle < moment
        or _aware(created) + timedelta(hours=int(cfg["SESSION_MAX_HOURS"])) < moment
    ):
        db.session.execute(
            update(UserSession)
            .where(UserSession.id == session_id)
            .values(ended_at=moment)
        )
        db.session.commit()
        return None
    if _aware(seen) + TOUCH_EVERY < moment:
        db.session.execute(
            update(UserSession)
            .where(UserSession.id == session_id)
            .values(last_seen_at=moment)
        )
        db.session.commit()
    return user


KEEP_ENDED = timedelta(days=30)  # ended sessions stay this long (who signed in, when)


def purge(moment: datetime | None = None) -> int:
    """Delete sessions ended, idle or expired more than KEEP_ENDED ago; the count."""
    moment = moment or _now()
    cutoff = moment - KEEP_ENDED
    cfg = current_app.config
    idle_cutoff = cutoff - timedelta(minutes=int(cfg["SESSION_IDLE_MINUTES"]))
    result = db.session.execute(
        delete(UserSession).where(
            (UserSession.ended_at < cutoff) | (UserSession.last_seen_at < idle_cutoff)
        )
    )
    return result.rowcount
