"""Walking the unit tree, today or as it stood on a past date."""

from datetime import date

from sqlalchemy import Select, and_, or_, select

from smasweb.models import Unit, UnitLink


def subtree_ids(root_id: int, at: date | None = None) -> Select:
    """SELECT of the ids of root and every unit under it (today, or on day `at`)."""
    if at is None:
        tree = select(Unit.id).where(Unit.id == root_id).cte("tree", recursive=True)
        child = select(Unit.id).join(tree, Unit.parent_id == tree.c.id)
        tree = tree.union_all(child)
        return select(tree.c.id)
    valid = and_(
        UnitLink.valid_from <= at,
        or_(UnitLink.valid_to.is_(None), UnitLink.valid_to > at),
    )
    tree = select(Unit.id).where(Unit.id == root_id).cte("tree", recursive=True)
    child = (
        select(UnitLink.unit_id)
        .join(tree, UnitLink.parent_id == tree.c.id)
        .where(valid)
    )
    tree = tree.union_all(child)
    return select(tree.c.id)


def ancestors(unit: Unit) -> list[Unit]:
    """Current ancestors, root first (the tree is at most four levels deep)."""
    chain: list[Unit] = []
    node = unit.parent
    while node is not None:
        chain.append(node)
        node = node.parent
    return chain[::-1]


def is_under(unit: Unit, ancestor_id: int) -> bool:
    """Is the unit the ancestor itself or somewhere below it today?"""
    node: Unit | None = unit
    while node is not None:
        if node.id == ancestor_id:
            return True
        node = node.parent
    return False
