"""The units an admin may choose as a parent (the Department, district offices and
commune offices, open, in the actor's scope), for the unit forms' picker; a search
narrows them without diacritics, by name or code."""

from sqlalchemy import select

from smasweb.extensions import db
from smasweb.models import Unit, User
from smasweb.models.units import ALLOWED_PARENTS
from smasweb.services import policy
from smasweb.services.units import KIND_ORDER
from smasweb.text import fold

PARENT_KINDS = tuple(sorted({k for kinds in ALLOWED_PARENTS.values() for k in kinds}))
LIMIT = 300


def parent_candidates(actor: User, q: str = "", keep: str | None = None) -> list[Unit]:
    """Open units that can be a parent, matching `q`; the unit coded `keep` (the
    current choice) stays in the list even when the search leaves it out."""
    stmt = select(Unit).where(Unit.kind.in_(PARENT_KINDS), Unit.closed_on.is_(None))
    for word in fold(q).split():
        stmt = stmt.where(
            Unit.name_folded.contains(word, autoescape=True)
            | Unit.code.contains(word.upper(), autoescape=True)
        )
    stmt = policy.scope_units(actor, stmt.order_by(KIND_ORDER, Unit.sort_key))
    found = list(db.session.scalars(stmt.limit(LIMIT)))
    if keep and all(u.code != keep for u in found):
        kept = policy.scope_units(
            actor,
            select(Unit).where(Unit.code == keep, Unit.kind.in_(PARENT_KINDS)),
        )
        found = [*db.session.scalars(kept), *found]
    return found
