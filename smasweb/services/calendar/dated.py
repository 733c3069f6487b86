"""The calendar rule for dated records (attendance, marks): a row dated on day D
belongs to the report month D falls in (the 16th of the previous month to the
15th), and may be written until that month's period locks (locks_on, 00:00 Vietnam
time, or an earlier lock by the Department), afterwards only through an unlock of
its field for the school; never for a day after today.

A term period (semester I, the school year: not monthly) whose fields hold the
row's field also freezes the rows dated up to its data date once it has locked:
a mark of 20/12 after semester I's lock on 31/12. Only an unlock of the field
for that period (or a direct one) opens them again; such an unlock opens the
locked months it covers too. Attendance is in no term period, so only its month
counts.

The guard (services/guard.py) asks `allowed`/`refusal` for every row of a model that
declares `__dated_by__` (models/base.SchoolOwned), whatever the write path.
"""

from dataclasses import dataclass
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


def term_locks(school: Unit, field: str, day: date, at: datetime) -> list[ReportPeriod]:
    """The locked term periods of the field and the school's levels whose data date
    is on or after `day` (they count the row, so it is frozen)."""
    return [
        p
        for p in windows.year_periods(school_years.period_year(day))
        if p.month == 0
        and field in p.field_codes
        and p.applies_to(school.level_codes)
        and p.data_date >= day
        and windows.state(p, at) == "locked"
    ]


def term_blocking(
    school: Unit, field: str, day: date, at: datetime | None = None
) -> ReportPeriod | None:
    """The locked term period freezing rows dated `day` that no unlock opens, or
    None (a gradebook's semester is closed from its first day's answer)."""
    at = at or clock.now()
    return next(
        (
            t
            for t in term_locks(school, field, day, at)
            if _unlock(school.id, field, t, at) is None
        ),
        None,
    )


@dataclass(frozen=True)
class _Check:
    """Why a row dated `day` may be written or not: the lock refusing it (None:
    allowed) and the unlock it goes through (None: nothing locked)."""

    blocked_by: ReportPeriod | None
    month_blocked: bool
    unlock: UnlockRequest | None


def _check(school: Unit, field: str, day: date, at: datetime) -> _Check:
    month = month_period(day)
    terms = term_locks(school, field, day, at)
    month_locked = not is_month_open(month, at)
    if not terms and not month_locked:
        return _Check(None, False, None)
    used = None
    for term in terms:  # each locked term needs its own unlock
        used = _unlock(school.id, field, term, at)
        if used is None:
            return _Check(term, False, None)
    if month_locked and used is None:
        used = _unlock(school.id, field, month, at)
        if used is None:
            return _Check(month, True, None)
    return _Check(None, False, used)


def unlock_used(
    school: Unit, field: str, day: date, at: datetime | None = None
) -> UnlockRequest | None:
    """The unlock an allowed write of a row dated `day` goes through (None while
    neither its month nor a term counting it is locked)."""
    return _check(school, field, day, at or clock.now()).unlock


def allowed(school: Unit, field: str, day: date, at: datetime | None = None) -> bool:
    """May a row of this school's field dated `day` be written at `at`?"""
    at = at or clock.now()
    if day > at.date():
        return False
    check = _check(school, field, day, at)
    return check.blocked_by is None and not check.month_blocked


def refusal(
    school: Unit, field: str, day: date, at: datetime | None = None
) -> PeriodLocked:
    """The 423 for a dated row the month's lock (or the date) refuses."""
    at = at or clock.now()
    label, month = calendar_field_label(field), month_label(day)
    period = month_period(day)
    term = None if day > at.date() else _check(school, field, day, at).blocked_by
    if term is not None and term.month == 0:
        period = term
        why = f"{term.title} đã khóa sổ ngày {vn_date(locked_on(term, at))}"
    elif day > at.date():
        why = f"Ngày {vn_date(day)} chưa đến"
    elif period is None:
        why = f"Ngày {vn_date(day)} không thuộc tháng báo cáo nào"
    else:
        why = f"{month} đã khóa sổ ngày {vn_date(locked_on(period, at))}"
    reason = f"{why}: không lưu được «{label}» ngày {vn_date(day)} của {school.name}."
    advice = "" if day > at.date() else f" {windows.UNLOCK_ADVICE}"
    return PeriodLocked(
        f"{reason}{advice}",
        field=field,
        reason=reason,
        school=school,
        period=period if period is not None and period.id is not None else None,
    )


def locked_on(period: ReportPeriod, at: datetime) -> date:
    """The day the period locked: the Department's lock, else its lock day."""
    if windows.is_locked(period, at) and period.locked_at is not None:
        return clock.local(period.locked_at).date()
    return period.locks_on
