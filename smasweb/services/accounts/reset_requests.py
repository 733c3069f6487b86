""" "Quên mật khẩu" without e-mail: a request recorded for whoever may reset the
account (policy: the school leader for the school's clerks and teachers, the district
office or the admin otherwise), listed on their accounts page until the password is
reset. The answer to the requester never says whether the account exists; a client
may ask at most CLIENT_LIMIT times an hour, an account has at most one open request.
"""

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select, update

from smasweb.extensions import db
from smasweb.models import PasswordResetRequest, User
from smasweb.services import policy

CLIENT_LIMIT = 5
CLIENT_WINDOW = timedelta(hours=1)
SHOWN = 50  # the most requests an accounts page lists


def _now() -> datetime:
    return datetime.now(UTC)


def request_reset(username: str, client: str) -> None:
    """Record a request for the active account `username` (flushed), unless the
    client asked too often or the account already has an open request; silently
    nothing for an unknown account."""
    since = _now() - CLIENT_WINDOW
    asked = db.session.scalar(
        select(func.count())
        .select_from(PasswordResetRequest)
        .where(
            PasswordResetRequest.client == client[:45],
            PasswordResetRequest.requested_at >= since,
        )
    )
    if asked >= CLIENT_LIMIT:
        return
    user = db.session.scalar(
        select(User).where(
            func.lower(User.username) == (username or "").strip().lower(),
            User.active.is_(True),
        )
    )
    if user is None or _open(user.id):
        return
    db.session.add(
        PasswordResetRequest(user_id=user.id, requested_at=_now(), client=client[:45])
    )
    db.session.flush()


def _open(user_id: int) -> bool:
    stmt = select(PasswordResetRequest.id).where(
        PasswordResetRequest.user_id == user_id,
        PasswordResetRequest.handled_at.is_(None),
    )
    return db.session.scalar(stmt.limit(1)) is not None


def open_requests(actor: User) -> list[PasswordResetRequest]:
    """Open requests for accounts the actor may reset, oldest first."""
    if not policy.has_permission(actor, "accounts.reset_password"):
        return []
    stmt = (
        select(PasswordResetRequest)
        .join(User, User.id == PasswordResetRequest.user_id)
        .where(PasswordResetRequest.handled_at.is_(None))
        .order_by(PasswordResetRequest.requested_at)
    )
    stmt = policy.scope_units(actor, stmt, User.unit_id)
    found = db.session.scalars(stmt.limit(SHOWN * 4))
    return [
        r for r in found if policy.can(actor, "accounts.reset_password", account=r.user)
    ][:SHOWN]


def mark_handled(user: User) -> None:
    """The account's password was reset: its open requests are done (not flushed)."""
    db.session.execute(
        update(PasswordResetRequest)
        .where(
            PasswordResetRequest.user_id == user.id,
            PasswordResetRequest.handled_at.is_(None),
        )
        .values(handled_at=_now())
    )
