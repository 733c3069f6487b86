"""Reminders two days before a window closes, to the schools that have not finished.

"Finished" is decided by FINISHED_CHECKS: each check(period, school_ids) returns the
schools it counts as done, and a school is done when any check says so. The default
reads the audit trail; the submissions issue may replace the list's content.
"""

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from sqlalchemy import distinct, func, select

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import SCHOOL_DATA_MODELS, AuditEntry, ReportPeriod, Unit
from smasweb.services import notices
from smasweb.services.calendar import windows as calendar

REMIND_DAYS = 2

FinishedCheck = Callable[[ReportPeriod, list[int]], set[int]]


def governed_fields() -> set[str]:
    """The calendar fields some model already stores (others cannot be entered yet)."""
    return {m.calendar_field() for m in SCHOOL_DATA_MODELS}


def audit_finished(period: ReportPeriod, school_ids: list[int]) -> set[int]:
    """Schools with a change recorded, since the window opened, in every field of the
    period that can be entered. A period with no such field asks nothing."""
    needed = set(period.field_codes) & governed_fields()
    if not needed:
        return set(school_ids)
    since = clock.as_utc(clock.start_of(period.opens_on))
    done = db.session.scalars(
        select(AuditEntry.school_id)
        .where(AuditEntry.field.in_(needed), AuditEntry.at >= since)
        .group_by(AuditEntry.school_id)
        .having(func.count(distinct(AuditEntry.field)) == len(needed))
    )
    return set(done) & set(school_ids)


FINISHED_CHECKS: list[FinishedCheck] = [audit_finished]


def closing_soon(at: datetime) -> list[ReportPeriod]:
    """Stored periods open now whose window ends within REMIND_DAYS days."""
    today = at.date()
    return [
        p
        for p in calendar.periods_near(today)
        if p.id is not None
        and calendar.is_open(p, at)
        and calendar.open_until(p) - timedelta(days=REMIND_DAYS) <= today
    ]


def unfinished_schools(period: ReportPeriod) -> list[Unit]:
    """The open schools the period applies to that no check counts as done."""
    schools = [
        s
        for s in db.session.scalars(
            select(Unit)
            .where(Unit.kind == "school", Unit.closed_on.is_(None))
            .order_by(Unit.id)
        )
        if period.applies_to(s.level_codes)
    ]
    ids = [s.id for s in schools]
    done: set[int] = set()
    for check in FINISHED_CHECKS:
        done |= check(period, ids)
    return [s for s in schools if s.id not in done]


def reminder_title(period: ReportPeriod, days_left: int) -> str:
    if days_left <= 0:
        return f"Hôm nay là hạn cuối cập nhật «{period.title}»"
    return f"Còn {days_left} ngày để cập nhật «{period.title}»"


def post_reminders(period_id: int, at: datetime) -> str:
    """One reminder to each unfinished school (one bulk insert)."""
    period = db.session.get(ReportPeriod, period_id)
    last = calendar.open_until(period)
    title = reminder_title(period, (last - at.date()).days)
    rows = _rows(unfinished_schools(period), period, title, clock.end_of(last))
    return f"{notices.post_many(rows)} trường"


def _rows(schools: Iterable[Unit], period, title: str, until: datetime) -> list:
    return [
        {
            "unit_id": s.id,
            "kind": "reminder",
            "title": title[:200],
            "period_id": period.id,
            "expires_at": clock.as_utc(until),
        }
        for s in schools
    ]
