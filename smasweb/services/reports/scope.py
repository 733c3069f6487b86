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

from sqlalchemy import select

from smasweb import codelists
from smasweb.extensions import db
from smasweb.models import Unit, User
from smasweb.models.calendar import ReportPeriod
from smasweb.models.units import split_codes
from smasweb.services import policy, tree
from smasweb.services.errors import NotFound

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


def schools_under(unit: Unit, level: str) -> list[Unit]:
    """Open schools in the unit's subtree (the school itself) offering the level."""
    stmt = select(Unit).where(
        Unit.kind == "school",
        Unit.closed_on.is_(None),
        Unit.id.in_(tree.subtree_ids(unit.id)),
    )
    schools = db.session.scalars(stmt.order_by(Unit.sort_key, Unit.id))
    return [s for s in schools if level in s.level_codes]


def may_read(actor: User, unit: Unit, level: str) -> bool:
    if not policy.has_permission(actor, "data.read") or not policy.in_scope(
        actor, unit
    ):
        return False
    return policy.reads_level(actor, level)


def levels_of(unit: Unit) -> list[str]:
    """Education levels present under the unit (the levels its schools offer)."""
    if unit.is_school:
        return sorted(unit.level_codes)
    stmt = select(Unit.levels).where(
        Unit.kind == "school",
        Unit.closed_on.is_(None),
        Unit.id.in_(tree.subtree_ids(unit.id)),
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
    schools = schools_under(unit, level)
    if not schools:
        raise NotFound()
    return ReportScope(unit, level, year, period, schools)
