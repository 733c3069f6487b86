"""What the calendar page shows: countdowns, labels, the periods that concern a school."""

from datetime import date, datetime

from smasweb import clock
from smasweb.codelists import LEVELS, calendar_field_label
from smasweb.models import ReportPeriod, Unit
from smasweb.models.units import split_codes
from smasweb.services import years as school_years
from smasweb.services.calendar import windows as calendar


def countdown(until: date, now: datetime | None = None) -> str:
    """'còn 2 ngày 5 giờ' until 23:59:59 of `until` (Vietnam time)."""
    left = clock.end_of(until) - (now or clock.now())
    if left.total_seconds() <= 0:
        return "đã hết hạn"
    days, hours = left.days, left.seconds // 3600
    minutes = left.seconds % 3600 // 60
    if days:
        return f"còn {days} ngày {hours} giờ"
    if hours:
        return f"còn {hours} giờ {minutes} phút"
    return f"còn {minutes} phút"


def field_labels(codes) -> str:
    if isinstance(codes, str | None):
        codes = split_codes(codes)
    return ", ".join(calendar_field_label(c) for c in codes)


def level_labels(codes) -> str:
    return ", ".join(LEVELS.get(c, c) for c in codes) or "Tất cả"


def upcoming(school: Unit, day: date, count: int = 3) -> list[ReportPeriod]:
    """The next periods that will open for this school (this year, then the next)."""
    year = school_years.period_year(day)
    out: list[ReportPeriod] = []
    for y in (year, year + 1):
        out += [
            p
            for p in calendar.year_periods(y)
            if not p.is_milestone
            and p.opens_on > day
            and p.applies_to(school.level_codes)
        ]
        if len(out) >= count:
            break
    return out[:count]


HELPERS = {
    "countdown": countdown,
    "field_labels": field_labels,
    "level_labels": level_labels,
    "period_state": calendar.state,
    "state_labels": calendar.STATE_LABELS,
}
