"""School years: which year a day falls in, the SchoolYear rows, the years with data.

Two calendars meet here: a school year's data runs August–July (current_year, the
SchoolYear rows), its report periods September–August (period_year). Both the
calendar and the school-data rules ask this module, which asks neither of them.
"""

from datetime import date

from sqlalchemy import select

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import SchoolYear

YEAR_START_MONTH = 8  # a school year runs from August to the next July


def current_year(today: date | None = None) -> int:
    """The school year (by its first calendar year) that `today` falls in."""
    today = today or clock.today()
    return today.year if today.month >= YEAR_START_MONTH else today.year - 1


def period_year(day: date) -> int:
    """The school year whose calendar holds this day (periods run September–August)."""
    return day.year if day.month >= 9 else day.year - 1


def ensure_year(year: int) -> SchoolYear:
    """The SchoolYear row, created on first use."""
    row = db.session.get(SchoolYear, year)
    if row is None:
        row = SchoolYear(
            year=year,
            starts_on=date(year, YEAR_START_MONTH, 1),
            ends_on=date(year + 1, 7, 31),
        )
        db.session.add(row)
        db.session.flush()
    return row


def known_years() -> list[int]:
    """School years that have data, newest first, always including the current one."""
    years = set(db.session.scalars(select(SchoolYear.year))) | {current_year()}
    return sorted(years, reverse=True)
