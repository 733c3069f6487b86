"""What the start-of-year summary pages (section III pupils, IV staff) share: which
schools they count (one school, a district's, or all), the SQL that limits and
classifies their grouped query, and the Excel rows."""

from dataclasses import dataclass, field

from sqlalchemy import and_, case, func, literal, select

from smasweb.extensions import db
from smasweb.models import Unit, User
from smasweb.models.schools import SchoolProfile
from smasweb.services import policy, school_data
from smasweb.services.errors import NotFound

PUBLIC = "01"  # school ownership công lập; every other ownership is ngoài công lập
NOT_MINORITY = ("01", "55")  # ethnicities Kinh and người nước ngoài
MOUNTAIN_REGIONS = ("01", "04")  # profile regions biên giới, hải đảo; miền núi


@dataclass
class Scope:
    """What a summary page counts: one school, a district's schools, or all."""

    school: Unit | None = None
    district: Unit | None = None
    districts: list[Unit] = field(default_factory=list)  # filter choices
    schools: list[Unit] = field(default_factory=list)  # filter choices

    @property
    def school_ids(self) -> list[int] | None:
        if self.school is not None:
            return [self.school.id]
        return [s.id for s in self.schools] if self.district is not None else None


def resolve_scope(
    actor: User,
    school_id: int | None,
    district_id: int | None,
    field: str,
) -> Scope:
    """The school or district asked for, checked against the actor's scope.

    School users always get their own school; province officers may narrow to a
    district office (or the Department's own schools), then to one of its schools.

    Raises:
        NotFound: the actor reads no school's `field`, or the school or district
            is outside the actor's scope.
    """
    if not policy.reads_field(actor, field):
        raise NotFound()
    if school_id is None and actor.unit.is_school:
        school_id = actor.unit_id
    school = school_data.get_school(actor, school_id, field) if school_id else None
    if actor.unit.is_school:
        return Scope(school=school)
    if district_id is None and school is not None:
        district_id = school.parent_id
    scope = Scope(school=school)
    in_scope = school_data.schools_in_scope(actor, field).order_by(Unit.sort_key)
    if policy.sees_all_units(actor):
        scope.districts = list(
            db.session.scalars(
                select(Unit)
                .where(Unit.kind.in_(("district", "department")))
                .where(Unit.closed_on.is_(None))
                .order_by(Unit.kind.desc(), Unit.code)
            )
        )
        if district_id is not None:
            chosen = [d for d in scope.districts if d.id == district_id]
            if not chosen:
                raise NotFound()
            scope.district = chosen[0]
            in_scope = in_scope.where(Unit.parent_id == district_id)
        else:
            return scope
    scope.schools = list(db.session.scalars(in_scope))
    if school is not None and school not in scope.schools:
        scope.school = None  # the district changed under a chosen school
    return scope


def flag(condition):
    """SQL: 1 where `condition` holds, else 0 (a GROUP BY key)."""
    return case((condition, 1), else_=0)


def has_code(column, code: str):
    """SQL: does a comma-separated code column hold `code`?"""
    return (literal(",") + func.coalesce(column, "") + literal(",")).like(f"%,{code},%")


def join_profile(stmt, model, year: int):
    """Outer-join the school profile of the year of each row's school (its region)."""
    return stmt.outerjoin(
        SchoolProfile,
        and_(
            SchoolProfile.school_id == model.school_id,
            SchoolProfile.year == year,
        ),
    )


def limit_schools(actor: User, stmt, model, school_ids: list[int] | None):
    """Rows of these schools (None: every open school the actor reads)."""
    stmt = policy.scope_school_data(actor, stmt, model)
    if school_ids is None:
        return stmt.where(Unit.closed_on.is_(None))
    return stmt.where(model.school_id.in_(school_ids))


def add_cells(cells: list[int], add: list[int]) -> None:
    """Add one group's numbers into a row's cells, column by column."""
    for i, n in enumerate(add):
        cells[i] += n


def summary_table(rows) -> list[list]:
    """Rows for the Excel export: Mã số, Chỉ tiêu, then the row's numbers."""
    return [[r.indicator, f"{r.number} {r.label}".strip(), *r.cells] for r in rows]
