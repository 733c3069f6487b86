"""The calendar rule for dated records (attendance, later marks): a row dated on day
D belongs to the report month D falls in (the 16th of the previous month to the
15th), and may be written until that month's period locks (locks_on, 00:00 Vietnam
time, or an earlier lock by the Department), afterwards only through an unlock of
its field for the school; never for a day after today.

The guard (services/guard.py) asks `allowed`/`refusal` for every row of a model that
declares `__dated_by__` (models/base.SchoolOwned), whatever the write path.
"""

from datetime import date, datetime

from smasweb import clock
from smasweb.codelists import calendar_field_label
from smasweb.models import ReportPeriod, Unit, UnlockRequest
from smasweb.services import years as school_years
from smasweb.services.calendar import windows
from smasweb.services.errors import PeriodLocked
from smasweb.text import vn_date

MONTH_END_DAY = 15  # a report month ends on the 15th (its data date)


def report_month(day: date) -> tuple[int, int]:
    """(calendar year, month) of the report month `day` falls in: 16/10–15/11 is
    11/2026's."""
    if day.day <= MONTH_END_DAY:
        return day.year, day.month
    return (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)


def month_period(day: date) -> ReportPeriod | None:
    """The monthly period whose report month holds `day` (stored or generated), or
    None for a month without one (the summer)."""
    cal_year, month = report_month(day)
    year = school_years.period_year(date(cal_year, month, MONTH_END_DAY))
    return next(
        (
            p
            for p in windows.year_periods(year)
            if p.kind == "monthly" and p.month == month
        ),
        None,
    )


def month_label(day: date) -> str:
    cal_year, month = report_month(day)
    return f"Tháng {month:02d}/{cal_year}"


def is_month_open(period: ReportPeriod | None, at: datetime) -> bool:
    """Before the month's lock (the calendar's own lock logic), or reopened."""
    return period is not None and windows.state(period, at) != "locked"


def _same(a: ReportPeriod | None, b: ReportPeriod | None) -> bool:
    return (
        a is not None
        and b is not None
        and (a.year, a.kind, a.month)
        == (
            b.year,
            b.kind,
            b.month,
        )
    )


def unlocked(school_id: int, field: str, period, at: datetime) -> bool:
    """An active unlock of the field for the school: a direct grant (no period) or
    one asked for this month's period."""
    return _unlock(school_id, field, period, at) is not None


def _unlock(school_id: int, field: str, period, at: datetime) -> UnlockRequest | None:
    grants: list[UnlockRequest] = windows.active_unlocks(school_id, at)
    return next(
        (
            u
            for u in grants
            if field in u.granted_codes
            and (u.period is None or _same(u.period, period))
        ),
        None,
    )


def unlock_used(
    school: Unit, field: str, day: date, at: datetime | None = None
) -> UnlockRequest | None:
    """The unlock an allowed write of a row dated `day` goes through (None while
    its month is open)."""
    at = at or clock.now()
    period = month_period(day)
    if is_month_open(period, at):
        return None
    return _unlock(school.id, field, period, at)


def allowed(school: Unit, field: str, day: date, at: datetime | None = None) -> bool:
    """May a row of this school's field dated `day` be written at `at`?"""
    at = at or clock.now()
    if day > at.date():
        return False
    period = month_period(day)
    return is_month_open(period, at) or unlocked(school.id, field, period, at)


def refusal(
    school: Unit, field: str, day: date, at: datetime | None = None
) -> PeriodLocked:
    """The 423 for a dated row the month's lock (or the date) refuses."""
    at = at or clock.now()
    label, month = calendar_field_label(field), month_label(day)
    period = month_period(day)
    if day > at.date():
        why = f"Ngày {vn_date(day)} chưa đến"
    elif period is None:
        why = f"Ngày {vn_date(day)} không thuộc tháng báo cáo nào"
    else:
        locked = windows.is_locked(period, at) and period.locked_at is not None
        on = clock.local(period.locked_at).date() if locked else period.locks_on
        why = f"{month} đã khóa sổ ngày {vn_date(on)}"
    reason = f"{why}: không lưu được «{label}» ngày {vn_date(day)} của {school.name}."
    advice = "" if day > at.date() else f" {windows.UNLOCK_ADVICE}"
    return PeriodLocked(
        f"{reason}{advice}",
        field=field,
        reason=reason,
        school=school,
        period=period if period is not None and period.id is not None else None,
    )
