"""School days: which days pupils are in class, and why a day is not one.

A school year teaches from TEACHING_START (khai giảng, 05/09) to TEACHING_END (31/05,
the framework plan's last day), Monday to Friday: Saturday and Sunday are no school
days (kept simple; a school working Saturdays is not modelled yet). Holidays of the
year (Tết, 30/4–1/5, 2/9 …) are rows of SchoolHoliday the Department edits; a year
without stored rows uses DEFAULT_HOLIDAYS (the Lunar ones are dates as data).
"""

from datetime import date, timedelta

from sqlalchemy import select

from smasweb.extensions import db
from smasweb.models import SchoolHoliday, User
from smasweb.models.schools import year_label
from smasweb.services import policy
from smasweb.services import years as school_years
from smasweb.services.errors import NotFound, ValidationFailed
from smasweb.text import vn_date

TEACHING_START = (5, 9)  # (day, month) in the school year's first calendar year
TEACHING_END = (31, 5)  # in its second
WEEKEND = {5: "Thứ Bảy", 6: "Chủ nhật"}
NAME_LENGTH = 120

# Holidays by school year: (first day, last day, name). Solar ones repeat every year
# (fixed_holidays); Tết Nguyên đán and Giỗ Tổ Hùng Vương (10/3 âm lịch) move.
LUNAR_HOLIDAYS: dict[int, tuple[tuple[date, date, str], ...]] = {
    2025: (
        (date(2026, 2, 14), date(2026, 2, 22), "Tết Nguyên đán Bính Ngọ"),
        (date(2026, 4, 26), date(2026, 4, 26), "Giỗ Tổ Hùng Vương"),
    ),
    2026: (
        (date(2027, 2, 3), date(2027, 2, 14), "Tết Nguyên đán Đinh Mùi"),
        (date(2027, 4, 16), date(2027, 4, 16), "Giỗ Tổ Hùng Vương"),
    ),
    2027: (
        (date(2028, 1, 22), date(2028, 2, 3), "Tết Nguyên đán Mậu Thân"),
        (date(2028, 4, 4), date(2028, 4, 4), "Giỗ Tổ Hùng Vương"),
    ),
}


def fixed_holidays(year: int) -> list[tuple[date, date, str]]:
    return [
        (date(year, 9, 1), date(year, 9, 2), "Quốc khánh"),
        (date(year + 1, 1, 1), date(year + 1, 1, 1), "Tết Dương lịch"),
        (date(year + 1, 4, 30), date(year + 1, 5, 1), "Ngày Chiến thắng, Quốc tế Lao động"),
    ]  # fmt: skip


def default_holidays(year: int) -> list[SchoolHoliday]:
    rows = [*fixed_holidays(year), *LUNAR_HOLIDAYS.get(year, ())]
    return [
        SchoolHoliday(year=year, starts_on=a, ends_on=b, name=n)
        for a, b, n in sorted(rows)
    ]


def holidays(year: int) -> list[SchoolHoliday]:
    """The year's holidays in date order: stored, or the defaults (not stored)."""
    stored = list(
        db.session.scalars(
            select(SchoolHoliday)
            .where(SchoolHoliday.year == year)
            .order_by(SchoolHoliday.starts_on, SchoolHoliday.id)
        )
    )
    return stored or default_holidays(year)


def ensure_holidays(year: int) -> list[SchoolHoliday]:
    """Store the defaults of a year without holidays, so the Department edits them."""
    school_years.ensure_year(year)
    have = db.session.scalar(
        select(SchoolHoliday.id).where(SchoolHoliday.year == year).limit(1)
    )
    if have is None:
        db.session.add_all(default_holidays(year))
        db.session.flush()
    return holidays(year)


def teaching_dates(year: int) -> tuple[date, date]:
    (d1, m1), (d2, m2) = TEACHING_START, TEACHING_END
    return date(year, m1, d1), date(year + 1, m2, d2)


def why_not(day: date) -> str | None:
    """Why `day` is no school day (Vietnamese), or None for a school day."""
    return non_school_days(day, day).get(day)


def is_school_day(day: date) -> bool:
    return why_not(day) is None


def non_school_days(first: date, last: date) -> dict[date, str]:
    """{day: why} for every day from `first` to `last` that is no school day (one
    query per school year, for month grids and reports)."""
    out: dict[date, str] = {}
    years = {school_years.current_year(first), school_years.current_year(last)}
    marked = {y: holidays(y) for y in years}
    day = first
    while day <= last:
        why = _why(day, marked[school_years.current_year(day)])
        if why:
            out[day] = why
        day += timedelta(days=1)
    return out


def between(first: date, last: date) -> list[date]:
    """The school days from `first` to `last`, inclusive, in order."""
    if last < first:
        return []
    off = non_school_days(first, last)
    days = (first + timedelta(days=i) for i in range((last - first).days + 1))
    return [d for d in days if d not in off]


def _why(day: date, year_holidays: list[SchoolHoliday]) -> str | None:
    year = school_years.current_year(day)
    start, end = teaching_dates(year)
    if not start <= day <= end:
        return (
            f"Ngày {vn_date(day)} ngoài thời gian học của năm học {year_label(year)} "
            f"({vn_date(start)}–{vn_date(end)})."
        )
    for h in year_holidays:
        if h.starts_on <= day <= h.ends_on:
            return f"Ngày {vn_date(day)} là ngày nghỉ: {h.name}."
    if day.weekday() in WEEKEND:
        return f"Ngày {vn_date(day)} là {WEEKEND[day.weekday()]}, không phải ngày học."
    return None


def _check(starts_on: date | None, ends_on: date | None, name: str | None) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationFailed("Bắt buộc nhập.", field="name")
    if len(name) > NAME_LENGTH:
        raise ValidationFailed(f"Tối đa {NAME_LENGTH} ký tự.", field="name")
    if starts_on is None:
        raise ValidationFailed("Bắt buộc nhập.", field="starts_on")
    if ends_on is None or ends_on < starts_on:
        raise ValidationFailed(
            "Ngày kết thúc không được trước ngày bắt đầu.", "ends_on"
        )
    if (ends_on - starts_on).days > 60:
        raise ValidationFailed("Một kỳ nghỉ dài tối đa 60 ngày.", field="ends_on")
    return name


def add_holiday(
    actor: User, starts_on: date | None, ends_on: date | None, name: str | None
) -> SchoolHoliday:
    """Thêm ngày nghỉ (its school year is the first day's). Raises PermissionDenied,
    ValidationFailed."""
    policy.require(actor, "calendar.manage")
    name = _check(starts_on, ends_on, name)
    year = school_years.current_year(starts_on)
    if school_years.current_year(ends_on) != year:
        raise ValidationFailed("Ngày nghỉ phải trong cùng một năm học.", "ends_on")
    ensure_holidays(year)
    row = SchoolHoliday(year=year, starts_on=starts_on, ends_on=ends_on, name=name)
    db.session.add(row)
    db.session.flush()
    return row


def delete_holiday(actor: User, holiday_id: int) -> SchoolHoliday:
    """Xóa ngày nghỉ. Raises PermissionDenied, NotFound."""
    policy.require(actor, "calendar.manage")
    row = db.session.get(SchoolHoliday, holiday_id)
    if row is None:
        raise NotFound()
    db.session.delete(row)
    db.session.flush()
    return row
