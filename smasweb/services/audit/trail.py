"""The audit trail's write side: what changed in a flush, and the rows recording it.

services/guard.py calls collect() before each flush and write() after it, in the same
transaction, so a change and its audit row commit or roll back together.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from flask import has_request_context
from flask_login import current_user
from sqlalchemy import insert, inspect, select

from smasweb import clock
from smasweb.models import AuditEntry
from smasweb.models.base import SchoolOwned

SKIPPED = frozenset({"id", "version", "created_at", "updated_at"})


def plain(value):
    """A column value as JSON (dates ISO, decimals as text)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


@dataclass
class Change:
    """One governed row changed in a flush (the record id is read after the flush)."""

    obj: object | None
    action: str
    table: str
    field: str
    school_ids: tuple[int, ...]
    changes: dict = field(default_factory=dict)
    record_id: int | None = None
    reason: str | None = None  # why it was let through (an unlock), if not `write`'s


def _columns(obj) -> list[str]:
    return [c.key for c in inspect(obj).mapper.column_attrs if c.key not in SKIPPED]


def _of(obj, action: str, school_ids, changes: dict) -> Change:
    cls = type(obj)
    return Change(
        obj, action, cls.__tablename__, cls.calendar_field(), school_ids, changes
    )


def collect(session) -> list[Change]:
    """The governed inserts, updates and deletes about to be flushed."""
    out = []
    for obj in session.new:
        if isinstance(obj, SchoolOwned):  # values are read after the flush (defaults)
            out.append(_of(obj, "insert", (obj.school_id,), {}))
    for obj in session.dirty:
        if not isinstance(obj, SchoolOwned) or not session.is_modified(obj):
            continue
        state, values, unknown = inspect(obj), {}, []
        for key in _columns(obj):
            hist = state.attrs[key].history
            if hist.has_changes():
                if not hist.deleted:  # set while expired: the old value is in the DB
                    unknown.append(key)
                old = hist.deleted[0] if hist.deleted else None
                new = hist.added[0] if hist.added else None
                values[key] = [old, new]
        if unknown:
            for key, old in _stored(session, obj, unknown).items():
                values[key][0] = old
        values = {k: [plain(o), plain(n)] for k, (o, n) in values.items() if o != n}
        if values:
            schools = {obj.school_id}
            if "school_id" in values and values["school_id"][0] is not None:
                schools.add(values["school_id"][0])
            change = _of(obj, "update", tuple(schools), values)
            change.record_id = obj.id
            out.append(change)
    for obj in session.deleted:
        if isinstance(obj, SchoolOwned):
            values = {k: [plain(getattr(obj, k)), None] for k in _columns(obj)}
            change = _of(obj, "delete", (obj.school_id,), values)
            change.record_id = obj.id
            out.append(change)
    return out


def _stored(session, obj, keys: list[str]) -> dict:
    """Column values as the database holds them (read without touching the object)."""
    table = type(obj).__table__
    row = session.connection().execute(
        select(*(table.c[k] for k in keys)).where(table.c.id == obj.id)
    )
    return dict(zip(keys, row.one(), strict=True))


def actor_of(session) -> tuple[int | None, str]:
    """Who is writing: the signed-in user, else the actor a service or command named."""
    if has_request_context():
        user = current_user._get_current_object()
        if getattr(user, "is_authenticated", False):
            return user.id, f"{user.full_name} ({user.username})"
    return session.info.get("actor") or (None, "Hệ thống")


def rows(changes: list[Change], actor: tuple[int | None, str], reason: str | None):
    at = clock.as_utc(clock.now())
    user_id, name = actor
    for c in changes:
        record_id = c.record_id
        if c.action == "insert" and c.obj is not None:
            record_id = c.obj.id
            values = {k: [None, plain(getattr(c.obj, k))] for k in _columns(c.obj)}
            c.changes = {k: v for k, v in values.items() if v[1] is not None}
        yield {
            "at": at,
            "user_id": user_id,
            "actor": name[:200],
            "school_id": c.school_ids[0] if c.school_ids else None,
            "table_name": c.table,
            "record_id": record_id,
            "action": c.action,
            "field": c.field,
            "changes": c.changes,
            "reason": (c.reason or reason or "")[:200] or None,
        }


def write(connection, changes: list[Change], actor, reason: str | None) -> None:
    """Insert the audit rows (a Core insert: it bypasses the ORM's own events)."""
    batch = list(rows(changes, actor, reason))
    if batch:
        connection.execute(insert(AuditEntry.__table__), batch)
