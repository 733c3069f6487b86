"""The Department's threshold of the dropout-risk warning: more than N days absent
without permission in a calendar month puts a pupil on the list (default 5)."""

from smasweb.extensions import db
from smasweb.models import Setting, User
from smasweb.services import policy
from smasweb.services.errors import ValidationFailed

KEY = "attendance.risk_month_days"
DEFAULT = 5
LOWEST, HIGHEST = 1, 31  # days of a month
LABEL = "Số ngày nghỉ không phép trong tháng (cảnh báo khi vượt quá)"


def month_limit() -> int:
    """N: a pupil absent without permission on more than N days of a month is at risk."""
    row = db.session.get(Setting, KEY)
    return DEFAULT if row is None else row.value


def set_month_limit(actor: User, value: int | None) -> int:
    """Save N. Raises PermissionDenied, ValidationFailed (not 1–31)."""
    policy.require(actor, "calendar.manage")
    if value is None or not LOWEST <= value <= HIGHEST:
        raise ValidationFailed(f"Nhập số ngày từ {LOWEST} đến {HIGHEST}.", "days")
    row = db.session.get(Setting, KEY)
    if row is None:
        row = Setting(key=KEY, value=value)
        db.session.add(row)
    row.value, row.updated_by_id = value, actor.id
    db.session.flush()
    return value


def store_default() -> None:
    """Store N at its default where none is stored (the demo: the Department's
    setting as a row it can edit)."""
    if db.session.get(Setting, KEY) is None:
        db.session.add(Setting(key=KEY, value=DEFAULT))
        db.session.flush()
