"""The calendar guard and the audit hook on Core statements, at the engine.

services/guard.py sees what goes through the ORM (flushes, ORM bulk statements). A
Core INSERT/UPDATE/DELETE on a governed table (`insert(Room.__table__)` through
db.session.execute, a session's connection or db.engine.begin()) never reaches those
hooks, so every Engine checks it here: the schools it writes must be open for the
table's calendar field (else PeriodLocked, 423, and nothing is written), and its audit
rows are written on the same connection, in the same transaction, after it ran.

Checked once: statements the ORM emits (its unit of work, its bulk statements) are
left to services/guard.py. Migrations and the test database reset mark their
connection with unguarded(); audit rows may be inserted, never changed.
"""

from collections import Counter

from flask import has_app_context
from sqlalchemy import Delete, Insert, Update, event
from sqlalchemy.engine import Connection, Engine

from smasweb.extensions import db
from smasweb.models import AuditEntry
from smasweb.models.base import SchoolOwned
from smasweb.services.audit import trail as audit
from smasweb.services.errors import PermissionDenied
from smasweb.services.guard import (
    APPEND_ONLY,
    GUARDED,
    check,
    name_unlocks,
    touched,
    written,
)

UNGUARDED = "smas_unguarded"  # the reason a connection skips the guard
NO_SCHOOL = "Dữ liệu của trường phải ghi rõ trường."
_PENDING = "smas_core_audit"


def unguarded(conn: Connection, reason: str) -> Connection:
    """Let this connection write governed tables unchecked and unaudited.

    Only for what is not a user's write: schema migrations, the test database reset.
    """
    return conn.execution_options(**{UNGUARDED: reason})


def _from_orm(options, model) -> bool:
    """Did the ORM emit this statement? Its unit of work runs each statement with the
    mapper's compiled cache (sqlalchemy.orm.persistence); its bulk statements carry
    GUARDED. services/guard.py has checked both and audits them."""
    cache = options.get("compiled_cache")
    return bool(options.get(GUARDED)) or (
        cache is not None and cache is model.__mapper__.base_mapper._compiled_cache
    )


def _rows(stmt, sets: list[dict]) -> list[dict]:
    """Each parameter set over the values the statement was built with (values given
    as SQL expressions are no plain values: they stay unknown)."""
    built = {} if isinstance(stmt, Delete) else stmt.compile().params
    return [{**built, **row} for row in sets]


def _school_ids(
    conn, stmt, model, sets: list[dict], rows: list[dict]
) -> tuple[Counter, set]:
    """How many rows of each school the statement writes (read before it runs),
    and the (school id, school year) pairs it writes."""
    if isinstance(stmt, Insert):
        if stmt.select is not None:  # INSERT … FROM SELECT: the schools are unknown
            return Counter({None: 1}), set()
        return written(model, rows)
    query = touched(model)
    if stmt.whereclause is not None:
        query = query.where(stmt.whereclause)
    found = []
    for row in sets:  # an executemany UPDATE binds its WHERE once per parameter set
        found.extend(conn.execute(query, row).all())
    out, pairs = written(model, rows if isinstance(stmt, Update) else [], found)
    if isinstance(stmt, Update):  # rows moved to another school write that one too
        for row in rows:
            if row.get("school_id") is not None:
                out[row["school_id"]] += 0
                pairs |= {(row["school_id"], y) for _, y in set(pairs)}
    return out, pairs


def _changes(stmt, model, school_ids: Counter, rows, override) -> list[audit.Change]:
    table, field = model.__tablename__, model.calendar_field()
    if isinstance(stmt, Insert) and not override:  # one row per record, as a form
        return [
            audit.Change(
                None, "insert", table, field, (row["school_id"],),
                {
                    k: [None, audit.plain(v)]
                    for k, v in row.items()
                    if k not in audit.SKIPPED and v is not None
                },
            )
            for row in rows
        ]  # fmt: skip
    kind = type(stmt).__name__.lower()
    detail: dict = {}
    if isinstance(stmt, Update):
        columns = model.__table__.c
        values = {k: audit.plain(v) for k, v in rows[0].items() if k in columns}
        detail["values"] = [None, {k: v for k, v in values.items() if v is not None}]
    if not isinstance(stmt, Insert) and stmt.whereclause is not None:
        detail["where"] = [str(stmt.whereclause), None]
    return [
        audit.Change(None, f"bulk_{kind}", table, field, (sid,), {**detail, "rows": [None, n]})
        for sid, n in school_ids.items()
    ]  # fmt: skip


def _before_execute(conn, stmt, multiparams, params, options):
    if not isinstance(stmt, Insert | Update | Delete) or options.get(UNGUARDED):
        return
    name = getattr(stmt.table, "name", None)
    if name == AuditEntry.__tablename__:
        if not isinstance(stmt, Insert):
            raise PermissionDenied(APPEND_ONLY)
        return
    model = SchoolOwned.governed().get(name)
    if model is None or _from_orm(options, model):
        return
    if not has_app_context():  # no calendar to read: refuse rather than pass
        raise PermissionDenied(f"«{model.__label__}» chỉ được ghi trong ứng dụng.")
    session = db.session
    sets = list(multiparams) or [params or {}]
    rows = _rows(stmt, sets)
    school_ids, pairs = _school_ids(conn, stmt, model, sets, rows)
    if None in school_ids:
        raise PermissionDenied(NO_SCHOOL)
    override = session.info.get("override")
    via = {}
    if not override:
        field = model.calendar_field()
        via = check(session, [(sid, field, year) for sid, year in pairs])
    # One statement is pending per connection at a time (the reads above and the
    # audit insert below are no governed writes): a failed one is simply replaced.
    changes = _changes(stmt, model, school_ids, rows, override)
    name_unlocks(changes, via)
    conn.info[_PENDING] = (stmt, changes, override)


def _after_execute(conn, stmt, multiparams, params, options, result):
    pending = conn.info.get(_PENDING)
    if pending is None or pending[0] is not stmt:
        return
    del conn.info[_PENDING]
    _stmt, changes, override = pending
    with db.session.no_autoflush:
        actor = audit.actor_of(db.session)
    audit.write(conn, changes, actor, override)


def install() -> None:
    """Attach the listeners to every Engine (create_app calls this after guard.install)."""
    event.listen(Engine, "before_execute", _before_execute)
    event.listen(Engine, "after_execute", _after_execute)
