"""Which unit, education level and schools a report covers, and who may read it.

A report is made for a school, a middle unit (district office, or a commune after the
2025 reform: any unit with schools under it) or the province (the Department). Its
numbers are aggregates, so anyone who may see the unit (its school, its district, the
Department; divisions only at their levels) may read the whole report; the numbers
are read with the system's own reader, not the asking user's field scope, so a
district officer and the snapshot job see the same figures.

Multi-level schools (TH-THCS, THCS-THPT …) count their classes and pupils in the
report of each level by grade; the school itself, its staff, rooms and budget count
in the report of its highest level, so province totals are never doubled.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, or_, select

from smasweb import clock, codelists
from smasweb.extensions import db
from smasweb.models import Unit, User
from smasweb.models.calendar import ReportPeriod
from smasweb.models.units import split_codes
from smasweb.services import policy, tree
from smasweb.services.errors import NotFound
from smasweb.services.reports.tables import ReportData

LEVELS = ("01", "02", "03", "04", "05")  # cấp học: MN, TH, THCS, THPT, GDTX


def unit_level(unit: Unit) -> str:
    """school, district (any middle unit) or province."""
    if unit.is_school:
        return "school"
    if unit.kind == "department":
        return "province"
    return "district"


def reader() -> User:
    """The system's reader: an administrator that is never saved (see module doc)."""
    return User(username="system", full_name="Hệ thống", role="admin", active=True)


@dataclass
class ReportScope:
    unit: Unit
    level: str
    year: int
    period: ReportPeriod | None
    schools: list[Unit]  # open schools under the unit offering the level

    @property
    def unit_level(self) -> str:
        return unit_level(self.unit)

    @property
    def day(self) -> date:
        return as_of(self.period)

    @property
    def level_label(self) -> str:
        return codelists.labels("levels").get(self.level, self.level)

    @property
    def school_ids(self) -> list[int]:
        return [s.id for s in self.schools]

    @property
    def home_school_ids(self) -> list[int]:
        """Schools whose highest level is this one: they count once, here."""
        return [s.id for s in self.schools if max(s.level_codes) == self.level]

    @property
    def grades(self) -> list[str]:
        return [r["code"] for r in codelists.rows("grades") if r["level"] == self.level]

    def report(
        self, code: str, title: str, tables: list, live_title: str
    ) -> ReportData:
        """A built report of this scope: its unit, level, period (`live_title`
        without one), school count and data date."""
        period = self.period
        return ReportData(
            code=code,
            title=title,
            level=self.level,
            level_label=self.level_label,
            unit_id=self.unit.id,
            unit_name=self.unit.name,
            unit_kind=self.unit_level,
            year=self.year,
            period_id=period.id if period else None,
            period_title=period.title if period else live_title,
            school_count=len(self.schools),
            tables=tables,
            data_date=self.day.isoformat(),
        )


def as_of(period: ReportPeriod | None) -> date:
    """The day a report counts as of: the period's data date (ngày chốt số liệu),
    or today while that day is still to come (a live draft); today without a period."""
    today = clock.today()
    return min(today, period.data_date) if period is not None else today


def open_on(day: date):
    """SQL: the unit was open at the end of `day` (opened on or before, closed after)."""
    return and_(
        or_(Unit.opened_on.is_(None), Unit.opened_on <= day),
        or_(Unit.closed_on.is_(None), Unit.closed_on > day),
    )


def schools_under(unit: Unit, level: str, day: date | None = None) -> list[Unit]:
    """Schools open on `day` (default today) that the dated tree put under the unit
    on that day (the school itself), offering the level."""
    day = day or clock.today()
    if unit.is_school:
        ids = select(Unit.id).where(Unit.id == unit.id)
    else:
        ids = tree.subtree_ids(unit.id, at=day)
    stmt = select(Unit).where(Unit.kind == "school", open_on(day), Unit.id.in_(ids))
    schools = db.session.scalars(stmt.order_by(Unit.sort_key, Unit.id))
    return [s for s in schools if level in s.level_codes]


def may_read(actor: User, unit: Unit, level: str) -> bool:
    if not policy.has_permission(actor, "data.read") or not policy.in_scope(
        actor, unit
    ):
        return False
    return policy.reads_level(actor, level)


def levels_of(unit: Unit, day: date | None = None) -> list[str]:
    """Education levels present under the unit on `day` (its schools' levels)."""
    if unit.is_school:
        return sorted(unit.level_codes)
    day = day or clock.today()
    stmt = select(Unit.levels).where(
        Unit.kind == "school",
        open_on(day),
        Unit.id.in_(tree.subtree_ids(unit.id, at=day)),
    )
    found = {
        code
        for (levels,) in db.session.execute(stmt.distinct())
        for code in split_codes(levels)
    }
    return [c for c in LEVELS if c in found]


def resolve(
    actor: User, unit_id: int, level: str, year: int, period: ReportPeriod | None
) -> ReportScope:
    """The report scope asked for, checked against what the actor may read.

    Raises:
        NotFound: no such unit or level, or outside the actor's scope.
    """
    unit = db.session.get(Unit, unit_id)
    if unit is None or level not in LEVELS or not may_read(actor, unit, level):
        raise NotFound()
    schools = schools_under(unit, level, as_of(period))
    if not schools:
        raise NotFound()
    return ReportScope(unit, level, year, period, schools)
