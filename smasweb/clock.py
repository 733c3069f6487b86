"""The one clock: every date rule reads Vietnam time from here.

`SMAS_TODAY=YYYY-MM-DD` (config TODAY) pins the date for demo and training installs:
the time of day still runs, the date stays. Production refuses to start with it set.
"""

import os
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def parse_pinned(raw: object) -> date | None:
    """The pinned date from a config value (a date or YYYY-MM-DD); None when unset."""
    if raw in (None, ""):
        return None
    if isinstance(raw, date):
        return raw
    try:
        return date.fromisoformat(str(raw).strip())
    except ValueError as exc:
        raise RuntimeError(f"SMAS_TODAY must be YYYY-MM-DD, not {raw!r}") from exc


def pinned_date() -> date | None:
    if has_app_context():
        return current_app.config.get("TODAY")
    return parse_pinned(os.environ.get("SMAS_TODAY"))


def now() -> datetime:
    """The current moment in Vietnam time (on the pinned date, if one is set)."""
    real = datetime.now(VN_TZ)
    pinned = pinned_date()
    if pinned is None:
        return real
    return datetime.combine(pinned, real.timetz())


def today() -> date:
    return now().date()


def start_of(day: date) -> datetime:
    """00:00 of a day, Vietnam time."""
    return datetime.combine(day, time.min, tzinfo=VN_TZ)


def end_of(day: date) -> datetime:
    """23:59:59.999999 of a day, Vietnam time: a window "until 06/09" includes all of it."""
    return datetime.combine(day, time.max, tzinfo=VN_TZ)


def as_utc(moment: datetime) -> datetime:
    """A moment for storing or comparing in the database (SQLite keeps no offset)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def local(moment: datetime) -> datetime:
    """A stored moment (naive means UTC, as SQLite hands it back) in Vietnam time."""
    return as_utc(moment).astimezone(VN_TZ)
