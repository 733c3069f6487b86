"""The one clock: every date rule reads Vietnam time from here."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def now() -> datetime:
    return datetime.now(VN_TZ)


def today() -> date:
    return now().date()
