"""Which schools a summary page (staff, pupils) counts: one school, a district's,
or all."""

from dataclasses import dataclass, field

from sqlalchemy import select

from smasweb.extensions import db
from smasweb.models import Unit, User
from smasweb.services import policy, school_data, staff_summary
from smasweb.services.errors import NotFound


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
    field: str = staff_summary.FIELD,
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
