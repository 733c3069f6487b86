"""Entry windows: is a school's field open for writing now, and if not, why and when.

`check(school, field, at)` is what the guard in services/guard.py asks for every
governed write; `require_open` lets services refuse early with the same message.
Periods come from the database, or from the rules for a year not yet stored.
"""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from smasweb import clock
from smasweb.codelists import calendar_field_label
from smasweb.extensions import db
from smasweb.models import ReportPeriod, Unit, UnlockRequest
from smasweb.services import years as school_years
from smasweb.services.calendar import rules as calendar_rules
from smasweb.services.errors import PeriodLocked
from smasweb.text import vn_date, vn_day_month

STATE_LABELS = {
    "upcoming": "Chưa đến hạn",
    "open": "Đang mở",
    "reopened": "Mở lại",
    "closed": "Hết hạn nhập, chờ khóa",
    "locked": "Đã khóa",
    "milestone": "Mốc đồng bộ",
}


def state(period: ReportPeriod, at: datetime | None = None) -> str:
    """upcoming, open, reopened, closed (window over, lock pending), locked, milestone."""
    at = at or clock.now()
    day = at.date()
    if period.is_milestone:
        return "milestone"
    if is_locked(period, at):
        return "locked"
    if period.reopened_until is not None and day <= period.reopened_until:
        return "reopened"
    if period.opens_on <= day <= period.closes_on:
        return "open"
    if day < period.opens_on:
        return "upcoming"
    return "closed" if day < period.locks_on else "locked"


def is_locked(period: ReportPeriod, at: datetime) -> bool:
    """Locked by then? A lock stamped later than `at` (a demo whose date was pinned
    back with SMAS_TODAY) has not happened yet."""
    return period.locked_at is not None and clock.local(period.locked_at) <= at


def is_open(period: ReportPeriod, at: datetime | None = None) -> bool:
    return state(period, at) in ("open", "reopened")


def open_until(period: ReportPeriod) -> date:
    """The last day the window is open (a reopening may extend it)."""
    if period.reopened_until and period.locked_at is None:
        return max(period.reopened_until, period.closes_on)
    return period.closes_on


def year_periods(year: int) -> list[ReportPeriod]:
    """One school year's periods in calendar order (generated if not stored yet)."""
    stored = list(
        db.session.scalars(
            select(ReportPeriod)
            .where(ReportPeriod.year == year)
            .order_by(ReportPeriod.opens_on, ReportPeriod.position)
        )
    )
    if stored:
        return stored
    return sorted(calendar_rules.build(year), key=lambda p: (p.opens_on, p.position))


def periods_near(day: date) -> list[ReportPeriod]:
    """Periods that may be open on `day`: its school year's, and last year's reopened."""
    year = school_years.period_year(day)
    earlier = db.session.scalars(
        select(ReportPeriod).where(
            ReportPeriod.year == year - 1, ReportPeriod.reopened_until >= day
        )
    )
    return [*year_periods(year), *earlier]


@dataclass(frozen=True)
class Window:
    period: ReportPeriod
    until: date


def open_windows(school: Unit, at: datetime | None = None) -> list[Window]:
    """The windows open now for this school (any field)."""
    at = at or clock.now()
    return [
        Window(p, open_until(p))
        for p in periods_near(at.date())
        if p.applies_to(school.level_codes) and is_open(p, at)
    ]


def active_unlocks(school_id: int, at: datetime | None = None) -> list[UnlockRequest]:
    at = at or clock.now()
    return list(
        db.session.scalars(
            select(UnlockRequest).where(
                UnlockRequest.school_id == school_id,
                UnlockRequest.status == "granted",
                UnlockRequest.expires_at > clock.as_utc(at),
            )
        )
    )


def next_window(school: Unit, field: str, at: datetime | None = None):
    """The next period that opens `field` for this school, or None."""
    day = (at or clock.now()).date()
    year = school_years.period_year(day)
    for y in (year, year + 1):
        for p in year_periods(y):
            if (
                field in p.field_codes
                and p.applies_to(school.level_codes)
                and p.opens_on > day
                and not is_locked(p, at or clock.now())
            ):
                return p
    return None


def last_window(school: Unit, field: str, day: date):
    """The latest period that opened `field` for this school before `day`."""
    year = school_years.period_year(day)
    for y in (year, year - 1):
        past = [
            p
            for p in year_periods(y)
            if field in p.field_codes
            and p.applies_to(school.level_codes)
            and p.opens_on <= day
        ]
        if past:
            return max(past, key=lambda p: p.opens_on)
    return None


def is_past_year(year: int | None, at: datetime) -> bool:
    """Is `year` a school year before the current one (closed for writing)?"""
    return year is not None and year < school_years.current_year(at.date())


def _past_year_allowed(school: Unit, field: str, year: int, at: datetime) -> bool:
    """A closed school year is written only through a window of one of its own
    periods (the Department reopened it) or an unlock covering it: one for a period
    of that year, or a direct grant (no period)."""
    if any(
        field in p.field_codes and p.applies_to(school.level_codes) and is_open(p, at)
        for p in year_periods(year)
    ):
        return True
    return any(
        field in u.granted_codes and (u.period is None or u.period.year == year)
        for u in active_unlocks(school.id, at)
    )


def allowed(
    school: Unit, field: str, at: datetime | None = None, year: int | None = None
) -> bool:
    """May this school's field be written at `at` (a window or an unlock covers it)?
    `year`: the school year of the row written, when it has one; a year before the
    current one is closed (see _past_year_allowed)."""
    at = at or clock.now()
    if is_past_year(year, at):
        return _past_year_allowed(school, field, year, at)
    if _window_open(school, field, at):
        return True
    return any(field in u.granted_codes for u in active_unlocks(school.id, at))


def _window_open(school: Unit, field: str, at: datetime) -> bool:
    return any(
        field in p.field_codes and p.applies_to(school.level_codes) and is_open(p, at)
        for p in periods_near(at.date())
    )


def unlock_used(
    school: Unit, field: str, at: datetime | None = None, year: int | None = None
) -> UnlockRequest | None:
    """The unlock an allowed write goes through: None while a window of the field
    is open for it (the audit trail names the unlock of a write after the lock)."""
    at = at or clock.now()
    if not is_past_year(year, at) and _window_open(school, field, at):
        return None
    return next(
        (u for u in active_unlocks(school.id, at) if field in u.granted_codes), None
    )


UNLOCK_ADVICE = (
    "Nếu cần sửa số liệu ngay, hãy gửi yêu cầu mở khóa tại trang Lịch báo cáo."
)


def year_refusal(school: Unit, field: str, year: int) -> PeriodLocked:
    """The 423 for a write into a closed school year; the request it suggests is
    for that year's last period of the field (its grant covers the year)."""
    label = calendar_field_label(field)
    reason = (
        f"Năm học {year}-{year + 1} đã khóa sổ: không lưu được «{label}» "
        f"của {school.name} vào năm học này."
    )
    periods = [
        p
        for p in year_periods(year)
        if p.id is not None
        and field in p.field_codes
        and p.applies_to(school.level_codes)
    ]
    return PeriodLocked(
        f"{reason} {UNLOCK_ADVICE}",
        field=field,
        reason=reason,
        school=school,
        period=max(periods, key=lambda p: p.opens_on) if periods else None,
    )


def refusal(
    school: Unit, field: str, at: datetime | None = None, year: int | None = None
) -> PeriodLocked:
    """The 423 for a write outside every window: the field, the period, the next
    window (or the closed school year of the row, see allowed)."""
    at = at or clock.now()
    if is_past_year(year, at):
        return year_refusal(school, field, year)
    label = calendar_field_label(field)
    last = last_window(school, field, at.date())
    if last is None:
        why = f"hiện không có kỳ báo cáo nào mở nhập «{label}»"
    elif state(last, at) == "locked":
        locked_on = (
            clock.local(last.locked_at).date() if last.locked_at else last.locks_on
        )
        why = f"kỳ «{last.title}» đã khóa số liệu ngày {vn_date(locked_on)}"
    else:
        why = (
            f"thời hạn nhập của kỳ «{last.title}» "
            f"({vn_day_month(last.opens_on)}–{vn_date(open_until(last))}) đã hết"
        )
    nxt = next_window(school, field, at)
    then = (
        f" Kỳ nhập tiếp theo: «{nxt.title}», từ {vn_date(nxt.opens_on)} "
        f"đến {vn_date(nxt.closes_on)}."
        if nxt
        else ""
    )
    reason = f"Không lưu được «{label}» của {school.name}: {why}.{then}"
    return PeriodLocked(
        f"{reason} {UNLOCK_ADVICE}",
        field=field,
        reason=reason,
        school=school,
        period=last if last is not None and last.id is not None else None,
    )


def require_open(
    school: Unit, field: str, at: datetime | None = None, year: int | None = None
) -> None:
    """Raise PeriodLocked (423) unless the school's field is open for writing
    (into `year`, when given)."""
    if not allowed(school, field, at, year):
        raise refusal(school, field, at, year)


def lock(period: ReportPeriod, at: datetime | None = None) -> None:
    """Khóa: close the period for everyone now; the scheduler then runs its lock hooks
    once for this lock (numbered by lock_count)."""
    at = at or clock.now()
    if is_locked(period, at):
        return
    period.locked_at = clock.as_utc(at)
    period.reopened_until = None
    period.lock_count += 1
    db.session.flush()


def reopen(period: ReportPeriod, until: date) -> None:
    """Mở: open the period for everyone until the end of `until`; it locks again after."""
    period.locked_at = None
    period.reopened_until = until
    db.session.flush()
