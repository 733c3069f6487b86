"""Login throttling that an anonymous attacker cannot turn into someone else's lockout.

Failed sign-ins are counted in the database (so every worker and host sees the same
counts) under three keys:

- ``pair:<client>|<username>``: one client guessing one account. After
  PAIR_FREE_FAILURES failures that client waits, 1 minute and doubling up to
  MAX_DELAY, before it may try that account again. Other clients, the account's
  owner among them, are not affected.
- ``client:<client>``: one client guessing many accounts. After CLIENT_FREE_FAILURES
  failures it waits, 30 s and doubling up to MAX_DELAY, whatever the account.
- ``account:<username>``: failures from every client, never blocking (that would be
  the lockout an attacker wants); at ACCOUNT_ALERT failures in a window the
  Department's administrators get a notice.

Counts restart after WINDOW without a failure. The client is the request's remote
address, which is the proxy's unless SMAS_TRUSTED_PROXIES says how many proxies set
X-Forwarded-For (security.py), so a spoofed header buys nothing.
"""

from datetime import UTC, datetime, timedelta

from sqlalchemy import case, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite

from smasweb.extensions import db
from smasweb.models import LoginThrottle, Unit, User
from smasweb.services import policy

WINDOW = timedelta(minutes=30)
PAIR_FREE_FAILURES = 5
CLIENT_FREE_FAILURES = 20
ACCOUNT_ALERT = 20
MAX_DELAY = timedelta(minutes=15)


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(moment: datetime | None) -> datetime | None:
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def _keys(client: str, username: str) -> dict[str, str]:
    name = username.strip().lower()[:64]
    return {
        "pair": f"pair:{client}|{name}",
        "client": f"client:{client}",
        "account": f"account:{name}",
    }


def wait_seconds(client: str, username: str) -> int:
    """Seconds this client must still wait before trying this account (0: may try)."""
    keys = _keys(client, username)
    until = db.session.scalar(
        select(db.func.max(LoginThrottle.blocked_until)).where(
            LoginThrottle.key.in_((keys["pair"], keys["client"]))
        )
    )
    until = _aware(until)
    if until is None:
        return 0
    return max(0, int((until - _now()).total_seconds() + 0.999))


def _bump(key: str, moment: datetime) -> int:
    """Count one failure under the key in one statement; the failures in its window."""
    insert = (postgresql if db.engine.dialect.name == "postgresql" else sqlite).insert
    stmt = insert(LoginThrottle).values(key=key, failures=1, window_start=moment)
    expired = LoginThrottle.window_start < moment - WINDOW
    stmt = stmt.on_conflict_do_update(
        index_elements=[LoginThrottle.key],
        set_={
            "failures": case((expired, 1), else_=LoginThrottle.failures + 1),
            "window_start": case(
                (expired, stmt.excluded.window_start), else_=LoginThrottle.window_start
            ),
        },
    ).returning(LoginThrottle.failures)
    return db.session.execute(stmt).scalar_one()


def _delay(failures: int, free: int, first: timedelta) -> timedelta | None:
    if failures < free:
        return None
    return min(MAX_DELAY, first * 2 ** min(failures - free, 10))


def record_failure(client: str, username: str) -> None:
    """Count a failed sign-in; block the client (for this account, or for all past
    the client limit) with a growing delay; tell the admins of a guessed account."""
    moment = _now()
    keys = _keys(client, username)
    for kind, free, first in (
        ("pair", PAIR_FREE_FAILURES, timedelta(minutes=1)),
        ("client", CLIENT_FREE_FAILURES, timedelta(seconds=30)),
    ):
        delay = _delay(_bump(keys[kind], moment), free, first)
        if delay is not None:
            db.session.execute(
                update(LoginThrottle)
                .where(LoginThrottle.key == keys[kind])
                .values(blocked_until=moment + delay)
            )
    if _bump(keys["account"], moment) == ACCOUNT_ALERT:
        _alert_admins(username.strip().lower())


def record_success(client: str, username: str) -> None:
    """A right password clears this client's count for the account."""
    db.session.execute(
        delete(LoginThrottle).where(
            LoginThrottle.key == _keys(client, username)["pair"]
        )
    )


def blocked_clients(username: str) -> int:
    """How many clients are waiting before they may try this account again."""
    name = username.strip().lower()
    return db.session.scalar(
        select(db.func.count()).where(
            LoginThrottle.key.like(f"pair:%|{name}"),
            LoginThrottle.blocked_until > _now(),
        )
    )


def clear_account(username: str) -> None:
    """An administrator lifts every wait on the account (and its failure count)."""
    name = username.strip().lower()
    db.session.execute(
        delete(LoginThrottle).where(
            (LoginThrottle.key.like(f"pair:%|{name}"))
            | (LoginThrottle.key == f"account:{name}")
        )
    )


def _alert_admins(username: str) -> None:
    from smasweb.services import notices

    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:  # guessing names that do not exist is not worth a notice
        return
    office = db.session.scalar(
        select(User.unit_id)
        .where(User.role.in_(policy.roles_with("security.alerts")))
        .order_by(User.id)
        .limit(1)
    )
    if office is None:
        return
    unit = db.session.get(Unit, user.unit_id)
    notices.post(
        office,
        "security",
        f"Đăng nhập sai nhiều lần vào tài khoản {username}",
        body=(
            f"Tài khoản {username} ({unit.name if unit else ''}) có {ACCOUNT_ALERT} "
            f"lần đăng nhập sai trong {int(WINDOW.total_seconds() // 60)} phút. "
            "Các máy đoán sai bị chặn dần; chủ tài khoản vẫn đăng nhập được."
        ),
        url=f"/accounts/{user.id}",
        expires_at=_now() + timedelta(days=7),
    )


def purge(moment: datetime | None = None) -> int:
    """Forget counts whose window and wait are both over; the count deleted."""
    moment = moment or _now()
    result = db.session.execute(
        delete(LoginThrottle).where(
            LoginThrottle.window_start < moment - WINDOW,
            (LoginThrottle.blocked_until.is_(None))
            | (LoginThrottle.blocked_until < moment),
        )
    )
    return result.rowcount
