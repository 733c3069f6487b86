"""A new or reset one-time password shown again on a reload, for a short while.

After "Tạo tài khoản" or "Đặt lại mật khẩu" the admin's browser may show the password
on that account's page for SHOW_FOR (a reload, a dropped connection), never in a URL
or a log line, and not once the admin opens another page. It is split in two with a
one-time pad: the random pad goes into the signed session cookie, the password XOR
the pad into the admin's server-side session row; neither alone holds it.
"""

import secrets
from datetime import UTC, datetime, timedelta

from flask import session
from sqlalchemy import select, update

from smasweb.extensions import db
from smasweb.models import UserSession
from smasweb.services.accounts import sessions

SHOW_FOR = timedelta(minutes=10)
PAD_KEY = "otp_pad"  # the pad's key in Flask's signed cookie


def _xor(data: bytes, pad: bytes) -> bytes:
    return bytes(a ^ b for a, b in zip(data, pad, strict=True))


def _row():
    sid = session.get(sessions.SESSION_KEY)
    return UserSession.token_hash == sessions.hashed(sid or "")


def keep(account_id: int, secret: str) -> None:
    """Remember `secret` for the page of account `account_id` (flushed)."""
    data = secret.encode()
    pad = secrets.token_bytes(len(data))
    db.session.execute(
        update(UserSession)
        .where(_row())
        .values(
            note_account_id=account_id,
            note_cipher=_xor(data, pad).hex(),
            note_until=datetime.now(UTC) + SHOW_FOR,
        )
    )
    session[PAD_KEY] = pad.hex()


def read(account_id: int) -> str | None:
    """The password kept for this account's page, if it is still within SHOW_FOR."""
    pad = session.get(PAD_KEY)
    if not pad:
        return None
    row = db.session.scalars(
        select(UserSession).where(_row(), UserSession.note_account_id == account_id)
    ).first()
    if row is None or not row.note_cipher or row.note_until is None:
        return None
    until = row.note_until
    if (until if until.tzinfo else until.replace(tzinfo=UTC)) < datetime.now(UTC):
        forget()
        return None
    try:
        return _xor(bytes.fromhex(row.note_cipher), bytes.fromhex(pad)).decode()
    except ValueError:
        return None


def forget() -> None:
    """Drop the kept password (the admin left the page), if any; committed."""
    if session.pop(PAD_KEY, None) is None:
        return
    db.session.execute(
        update(UserSession)
        .where(_row())
        .values(note_account_id=None, note_cipher=None, note_until=None)
    )
    db.session.commit()
