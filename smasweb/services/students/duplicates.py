"""The possible duplicates across schools: active pupils of two schools sharing a
personal ID, a Ministry code, or a name and birth date.

Three equi-joins, each served by its own index, combined by UNION so a pair matched
twice shows once (an OR inside one join would make the database compare every
pair). The page lists the first `limit` pairs in name order, so each join is asked
for its own first `limit` pairs in that order before the UNION: the first pairs of
the UNION are among them, and a join walking the name index stops early instead of
finding every pair of the province first.

The ID rules cannot match while the partial unique indexes on the codes of active
pupils exist (no two active records may share a code), so they run only when an
index is missing or invalid (a bulk load around them, a failed rebuild): one look at
the catalog instead of two joins over every pupil.
"""

from dataclasses import dataclass

from sqlalchemy import and_, func, select, text, tuple_, union
from sqlalchemy.orm import aliased

from smasweb.extensions import db
from smasweb.models import Student, Unit, User
from smasweb.services import policy
from smasweb.services.students.records import FIELD

ID_KEYS = (("personal_id",), ("ministry_code",))
NAME_KEYS = ("sort_key", "birth_date")
# the partial unique indexes (WHERE active) that keep each ID rule empty
UNIQUE_CODES = ("uq_students_active_personal_id", "uq_students_active_ministry_code")
# scopes up to this many schools group their names first (see _first_pairs)
GROUP_SCOPES_UP_TO = 250


@dataclass
class DuplicatePair:
    mine: Student
    mine_school: Unit
    other: Student
    other_school: Unit
    other_visible: bool
    reason: str


def duplicates(actor: User, limit: int = 200) -> list[DuplicatePair]:
    """Active pupils matching an active pupil of another school by ID or by name and
    birth date, in name order. School users: their pupils against any school;
    officers: pairs within their scope, each once."""
    policy.require_reads(actor, FIELD)
    school = actor.unit if actor.unit.is_school else None
    ids = None if school else policy.readable_school_ids(actor, FIELD)
    if ids is not None:  # a list, not a subquery: the planner then knows its size
        ids = list(db.session.scalars(ids))
    rules = [NAME_KEYS] if _codes_unique() else [*ID_KEYS, NAME_KEYS]
    names = None
    if ids is not None and len(ids) <= GROUP_SCOPES_UP_TO:
        names = _shared_names(ids, limit)
        if not names:
            rules.remove(NAME_KEYS)
    if not rules:
        return []
    firsts = [_first_pairs(keys, school, ids, limit, names) for keys in rules]
    both = union(*firsts).subquery() if len(firsts) > 1 else firsts[0].subquery()
    found = (
        select(both)
        .order_by(both.c.a_key, both.c.a_id, both.c.b_id)
        .limit(limit)
        .subquery("found")
    )
    mine, other = aliased(Student), aliased(Student)
    um, uo = aliased(Unit), aliased(Unit)
    stmt = (
        select(mine, um, other, uo)
        .select_from(found)
        .join(mine, mine.id == found.c.a_id)
        .join(other, other.id == found.c.b_id)
        .join(um, um.id == mine.school_id)
        .join(uo, uo.id == other.school_id)
        .order_by(mine.sort_key, mine.id, other.id)
        .limit(limit)
    )
    out = []
    for mine_row, mine_school, other_row, other_school in db.session.execute(stmt):
        by_id = bool(
            (mine_row.personal_id and mine_row.personal_id == other_row.personal_id)
            or (
                mine_row.ministry_code
                and mine_row.ministry_code == other_row.ministry_code
            )
        )
        visible = policy.can(actor, "data.read", unit=other_school, field=FIELD)
        reason = "Trùng mã" if by_id else "Trùng họ tên và ngày sinh"
        out.append(
            DuplicatePair(
                mine_row, mine_school, other_row, other_school, visible, reason
            )
        )
    return out


def _codes_unique() -> bool:
    """True while both partial unique indexes on the codes exist (and, on
    PostgreSQL, are valid): then no two active pupils share a code.

    On PostgreSQL the same round trip sets, for this transaction, no parallel
    workers (on a small server they only take the cores of other requests, and each
    would redo the scope's grouping) and room for that grouping in memory."""
    conn = db.session.connection()
    if conn.dialect.name == "postgresql":
        sql = text(
            "SELECT set_config('max_parallel_workers_per_gather', '0', true),"
            " set_config('work_mem', '32MB', true),"
            " (SELECT count(*) FROM pg_index i JOIN pg_class c"
            " ON c.oid = i.indexrelid WHERE c.relname IN (:a, :b)"
            " AND i.indisunique AND i.indisvalid AND pg_table_is_visible(c.oid))"
        )
    else:
        sql = text(
            "SELECT '', '', count(*) FROM sqlite_master WHERE type = 'index'"
            " AND name IN (:a, :b)"
        )
    a, b = UNIQUE_CODES
    return conn.execute(sql, {"a": a, "b": b}).one()[2] == len(UNIQUE_CODES)


def _shared_names(ids: list[int], limit: int) -> list[tuple]:
    """(sort key, birth date) shared by active pupils of two schools of a district's
    scope, found in one pass over its pupils: probing the name index once per pupil,
    or walking all of it when the scope has few pairs, costs more. Only the names
    that can hold the first `limit` pairs: each name holds one pair at least, so
    those up to the `limit`-th name's sort key (all of its birth dates)."""
    stmt = (
        select(Student.sort_key, Student.birth_date)
        .where(Student.active, Student.school_id.in_(ids))
        .group_by(Student.sort_key, Student.birth_date)
        .having(func.min(Student.school_id) != func.max(Student.school_id))
        .order_by(Student.sort_key)
    )
    names = [tuple(row) for row in db.session.execute(stmt)]
    if len(names) > limit:
        last = names[limit - 1][0]
        names = [n for n in names if n[0] <= last]
    return names


def _first_pairs(keys, school, ids: list[int] | None, limit: int, names=None):
    """The first `limit` pairs of one rule in name order, as a SELECT of
    (a_id, b_id, a_key). `names`: the name rule's candidates (a district)."""
    a, b = aliased(Student), aliased(Student)
    stmt = (
        select(a.id.label("a_id"), b.id.label("b_id"), a.sort_key.label("a_key"))
        .join(b, and_(*(getattr(a, k) == getattr(b, k) for k in keys)))
        # plain `active` (not `IS TRUE`): the planner then sees that the partial
        # indexes (WHERE active) serve the join
        .where(a.active, b.active, b.school_id != a.school_id)
    )
    # a school: its own pupils (an index probe each) against any school; an
    # officer: each pair once
    mine = a.school_id == school.id if school is not None else a.id < b.id
    stmt = stmt.where(mine)
    if ids is not None:  # both pupils in the scope
        stmt = stmt.where(a.school_id.in_(ids), b.school_id.in_(ids))
    if keys == NAME_KEYS and names is not None:
        # a district's candidates; a larger scope walks the name index in order,
        # where its pairs come soon
        stmt = stmt.where(tuple_(a.sort_key, a.birth_date).in_(names))
    first = stmt.order_by(a.sort_key, a.id, b.id).limit(limit).subquery()
    return select(first.c.a_id, first.c.b_id, first.c.a_key)
