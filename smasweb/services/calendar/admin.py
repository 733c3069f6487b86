"""The Department's calendar work: generate a year, edit, lock and open periods, rules.

Every function requires "calendar.manage". Editing a rule changes only years
generated afterwards; stored periods keep their own dates.
"""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from smasweb import clock
from smasweb.codelists import CALENDAR_FIELDS, LEVELS
from smasweb.extensions import db
from smasweb.models import PeriodRule, ReportPeriod, User
from smasweb.services import policy
from smasweb.services.calendar import rules as calendar_rules
from smasweb.services.calendar import windows as calendar
from smasweb.services.checks import REQUIRED
from smasweb.services.errors import NotFound, ValidationFailed
from smasweb.text import vn_date, vn_day_month


def generate_year(actor: User, year: int) -> list[ReportPeriod]:
    """Tạo lịch năm học: store the year's missing periods from the rules."""
    policy.require(actor, "calendar.manage")
    return calendar_rules.ensure_year(year)


def get_period(actor: User, period_id: int) -> ReportPeriod:
    policy.require(actor, "calendar.manage")
    period = db.session.get(ReportPeriod, period_id)
    if period is None:
        raise NotFound()
    return period


@dataclass
class PeriodData:
    title: str
    opens_on: date | None
    closes_on: date | None
    locks_on: date | None
    fields: list[str] = field(default_factory=list)
    levels: list[str] = field(default_factory=list)
    data_on: date | None = None  # ngày chốt số liệu (None: the lock day)


def _codes(values, allowed, name: str) -> str:
    codes = [v for v in dict.fromkeys(values or ()) if v]
    if any(c not in allowed for c in codes):
        raise ValidationFailed("Giá trị không có trong danh mục.", field=name)
    return ",".join(codes)


def _check_dates(period: ReportPeriod, data: PeriodData, milestone: bool) -> None:
    for name in ("opens_on", "closes_on", "locks_on", "data_on"):
        day = getattr(data, name)
        if day is None and name == "data_on":
            continue
        if day is None:
            raise ValidationFailed(REQUIRED, field=name)
        first, last = date(period.year, 9, 1), date(period.year + 1, 8, 31)
        if not first <= day <= last:
            raise ValidationFailed(
                f"Ngày phải nằm trong năm học {period.year}-{period.year + 1} "
                f"({vn_date(first)} – {vn_date(last)}).",
                field=name,
            )
    if data.opens_on > data.closes_on:
        raise ValidationFailed(
            "Ngày hết hạn nhập không được trước ngày mở.", field="closes_on"
        )
    if not milestone and data.closes_on >= data.locks_on:
        raise ValidationFailed(
            "Ngày hết hạn nhập phải trước ngày khóa.", field="closes_on"
        )


def _check_overlap(period: ReportPeriod, data: PeriodData) -> None:
    """Windows of one kind in one year (the monthly ones) must not overlap."""
    others = db.session.scalars(
        select(ReportPeriod).where(
            ReportPeriod.year == period.year,
            ReportPeriod.kind == period.kind,
            ReportPeriod.id != period.id,
            ReportPeriod.opens_on <= data.closes_on,
            ReportPeriod.closes_on >= data.opens_on,
        )
    )
    other = next(iter(others), None)
    if other is not None:
        raise ValidationFailed(
            f"Cửa sổ nhập trùng với kỳ «{other.title}» "
            f"({vn_day_month(other.opens_on)}–{vn_date(other.closes_on)}).",
            field="opens_on",
        )


def update_period(actor: User, period: ReportPeriod, data: PeriodData) -> None:
    """Sửa kỳ báo cáo. Raises PermissionDenied, ValidationFailed (with its field)."""
    policy.require(actor, "calendar.manage")
    title = (data.title or "").strip()
    if not title:
        raise ValidationFailed(REQUIRED, field="title")
    fields = _codes(data.fields, CALENDAR_FIELDS, "fields")
    levels = _codes(data.levels, LEVELS, "levels")
    _check_dates(period, data, milestone=not fields)
    _check_overlap(period, data)
    period.title = title
    period.opens_on, period.closes_on = data.opens_on, data.closes_on
    period.locks_on, period.data_on = data.locks_on, data.data_on or data.locks_on
    period.fields, period.levels = fields, levels
    db.session.flush()


def lock_period(actor: User, period: ReportPeriod) -> None:
    """Khóa: close the period for everyone now. Raises PermissionDenied."""
    policy.require(actor, "calendar.manage")
    calendar.lock(period)


def open_period(actor: User, period: ReportPeriod, until: date | None) -> None:
    """Mở: reopen for everyone until the end of `until` (today or later).

    Raises PermissionDenied, ValidationFailed.
    """
    policy.require(actor, "calendar.manage")
    if until is None:
        raise ValidationFailed(REQUIRED, field="until")
    if until < clock.today():
        raise ValidationFailed("Ngày mở đến không được trước hôm nay.", field="until")
    if period.is_milestone:
        raise ValidationFailed("Mốc đồng bộ không mở nhập liệu.", field="until")
    calendar.reopen(period, until)


def get_rule(actor: User, kind: str) -> PeriodRule:
    """One stored rule (the defaults are stored first, so they can be edited)."""
    policy.require(actor, "calendar.manage")
    rule = next((r for r in calendar_rules.ensure_rules() if r.kind == kind), None)
    if rule is None:
        raise NotFound()
    return rule


@dataclass
class RuleData:
    title: str
    opens: tuple[int, int]  # (day, month); month 0 in a monthly rule
    closes: tuple[int, int]
    locks: tuple[int, int]
    months: list[int] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)
    levels: list[str] = field(default_factory=list)
    data: tuple[int, int] = (0, 0)  # ngày chốt số liệu; day 0: the lock day


def _rule_dates(data: RuleData) -> list[date]:
    """The rule's three dates in a sample school year, to check their order."""
    sample = 2001  # not a leap year either side: 29/02 never appears
    names = ("opens_month", "closes_month", "locks_month", "data_month")
    out = []
    pairs = (data.opens, data.closes, data.locks, data.data if data.data[0] else None)
    for pair, name in zip(pairs, names, strict=True):
        if pair is None:
            continue
        day, month = pair
        month = month or (data.months[0] if data.months else 0)
        if not 1 <= month <= 12:
            raise ValidationFailed("Hãy nhập tháng hoặc chọn các tháng.", field=name)
        out.append(calendar_rules.on(sample, day, month))
    return out


def update_rule(actor: User, rule: PeriodRule, data: RuleData) -> None:
    """Sửa quy tắc lịch (stored periods stay as they are).

    Raises PermissionDenied, ValidationFailed.
    """
    policy.require(actor, "calendar.manage")
    title = (data.title or "").strip()
    if not title:
        raise ValidationFailed(REQUIRED, field="title")
    fields = _codes(data.fields, CALENDAR_FIELDS, "fields")
    opens, closes, locks, *_ = _rule_dates(data)
    if opens > closes:
        raise ValidationFailed(
            "Ngày hết hạn nhập không được trước ngày mở.", field="closes_day"
        )
    if fields and closes >= locks:
        raise ValidationFailed(
            "Ngày hết hạn nhập phải trước ngày khóa.", field="closes_day"
        )
    monthly = bool(data.months)
    rule.title, rule.fields = title, fields
    rule.levels = _codes(data.levels, LEVELS, "levels")
    rule.months = ",".join(str(m) for m in data.months) or None
    for prefix, (day, month) in zip(
        ("opens", "closes", "locks"), (data.opens, data.closes, data.locks), strict=True
    ):
        setattr(rule, f"{prefix}_day", day)
        setattr(rule, f"{prefix}_month", 0 if monthly else month)
    day, month = data.data
    rule.data_day = day or None
    rule.data_month = (0 if monthly else month) if day else None
    db.session.flush()
