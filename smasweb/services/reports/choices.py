"""What the /reports/ page offers to choose: report, period, unit and level, with
the defaults a user starts from (their own unit, the current after-opening period).

Unit choices stay short whatever the province's size: the province, the middle
units the user sees, and the schools of the unit in view (its own schools, or its
siblings); a typed name finds any school in the user's scope.
"""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import Unit, User
from smasweb.models.calendar import ReportPeriod
from smasweb.services import policy, tree
from smasweb.services import reports as registry
from smasweb.services import years as school_years
from smasweb.services.errors import NotFound
from smasweb.services.reports import ReportDefinition
from smasweb.services.reports.scope import as_of, levels_of, may_read, open_on
from smasweb.text import fold

MIDDLE_KINDS = ("district", "commune")
SEARCH_LIMIT = 30


@dataclass
class Choices:
    """The page's filters: what is chosen and what may be chosen instead."""

    definition: ReportDefinition
    definitions: list[ReportDefinition]
    period: ReportPeriod | None
    periods: list[ReportPeriod]
    unit: Unit
    level: str | None
    levels: list[str]
    middle_units: list[Unit] = field(default_factory=list)  # province first
    schools: list[Unit] = field(default_factory=list)
    q: str = ""

    @property
    def year(self) -> int:
        if self.period is not None:
            return self.period.year
        return school_years.period_year(clock.today())


def home_unit(actor: User) -> Unit:
    """Where a user's reports start: a school's own school, a district office
    its office, Department staff (office, divisions) the Department."""
    unit = actor.unit
    while unit.kind == "division" and unit.parent is not None:
        unit = unit.parent
    return unit


def report_periods(definition: ReportDefinition) -> list[ReportPeriod]:
    """Stored periods of the report's kinds, newest school year first."""
    stmt = (
        select(ReportPeriod)
        .where(ReportPeriod.kind.in_(definition.period_kinds))
        .order_by(ReportPeriod.year.desc(), ReportPeriod.opens_on)
    )
    return list(db.session.scalars(stmt))


def _period(periods: list[ReportPeriod], period_id: int | None) -> ReportPeriod | None:
    if period_id is not None:
        chosen = [p for p in periods if p.id == period_id]
        if not chosen:
            raise NotFound()
        return chosen[0]
    today = clock.today()
    year = school_years.period_year(today)
    current = [p for p in periods if p.year <= year]
    if not current:
        return (periods or [None])[0]
    # the latest year's period still being counted (a monthly report: this
    # month's), else its last
    latest = [p for p in current if p.year == current[0].year]
    return next((p for p in latest if p.data_date >= today), latest[-1])


def _unit(actor: User, unit_id: int | None, day: date) -> Unit:
    """The unit asked for; one closed since `day` (the period's data date) still
    has that period's reports."""
    unit = db.session.get(Unit, unit_id) if unit_id else home_unit(actor)
    if (
        unit is None
        or (unit.closed_on is not None and unit.closed_on <= day)
        or unit.kind not in ("school", "department", *MIDDLE_KINDS)
    ):
        raise NotFound()
    if not policy.has_permission(actor, "data.read") or not policy.in_scope(
        actor, unit
    ):
        raise NotFound()
    return unit


def middle_units(actor: User, day: date | None = None) -> list[Unit]:
    """The province and the district offices (communes) the actor may pick:
    those open on `day` (default today)."""
    if actor.unit.is_school:
        return []
    stmt = select(Unit).where(
        Unit.kind.in_(("department", *MIDDLE_KINDS)), open_on(day or clock.today())
    )
    stmt = policy.scope_units(actor, stmt)
    units = db.session.scalars(stmt.order_by(Unit.kind.desc(), Unit.sort_key))
    return sorted(units, key=lambda u: u.kind != "department")


def _open_schools(actor: User, day: date | None = None):
    stmt = select(Unit).where(Unit.kind == "school", open_on(day or clock.today()))
    return policy.scope_units(actor, stmt).order_by(Unit.sort_key, Unit.id)


def nearby_schools(actor: User, unit: Unit, day: date | None = None) -> list[Unit]:
    """The schools to offer next to the unit in view: a middle unit's schools, a
    school's siblings, the Department's own schools (not the whole province); as
    the dated tree had them on `day` (a past period's data date), default today."""
    if actor.unit.is_school:
        return []
    around = unit.parent if unit.is_school else unit
    if around is None:
        return []
    stmt = _open_schools(actor, day)
    if around.kind == "department":
        stmt = stmt.where(Unit.parent_id == around.id)
    else:
        ids = tree.subtree_ids(around.id, at=day)
        under = list(db.session.scalars(ids))  # one CTE a query
        stmt = stmt.where(Unit.id.in_(under))
    return list(db.session.scalars(stmt))


def search_schools(actor: User, q: str, day: date | None = None) -> list[Unit]:
    """Schools in the actor's scope, open on `day`, whose name contains q
    (accents ignored)."""
    needle = fold(q).strip()
    if not needle or actor.unit.is_school:
        return []
    stmt = _open_schools(actor, day).where(
        Unit.name_folded.contains(needle, autoescape=True)
    )
    return list(db.session.scalars(stmt.limit(SEARCH_LIMIT)))


def readable_levels(
    actor: User, unit: Unit, period: ReportPeriod | None = None
) -> list[str]:
    """The unit's levels as of the period's data date that the actor may read."""
    return [c for c in levels_of(unit, as_of(period)) if may_read(actor, unit, c)]


def choose(
    actor: User,
    *,
    report: str | None = None,
    period_id: int | None = None,
    unit_id: int | None = None,
    level: str | None = None,
    q: str = "",
) -> Choices:
    """The filters as asked (defaults for what is missing), checked against what
    the actor may read. A level the unit does not have falls back to its first.

    Raises:
        NotFound: no such report or period, or the unit is outside the actor's scope.
    """
    definitions = list(registry.load_all().values())
    definition = registry.get(report) if report else definitions[0]
    if definition is None:
        raise NotFound()
    periods = report_periods(definition)
    period = _period(periods, period_id)
    day = as_of(period)
    unit = _unit(actor, unit_id, day)
    levels = readable_levels(actor, unit, period)
    if unit_id is not None and not levels and unit.id != home_unit(actor).id:
        raise NotFound()  # e.g. a division asking for a unit with none of its levels
    schools = (
        search_schools(actor, q, day) if q.strip() else nearby_schools(actor, unit, day)
    )
    if unit.is_school and unit not in schools and not actor.unit.is_school:
        schools.insert(0, unit)
    return Choices(
        definition=definition,
        definitions=definitions,
        period=period,
        periods=periods,
        unit=unit,
        level=level if level in levels else (levels[0] if levels else None),
        levels=levels,
        middle_units=middle_units(actor, day),
        schools=schools,
        q=q.strip(),
    )
