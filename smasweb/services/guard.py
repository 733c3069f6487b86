"""The calendar guard and the audit hook, on every SQLAlchemy session.

before_flush: every new, changed or deleted row of a governed model (SchoolOwned)
must fall inside an open window or an unlock for its school and calendar field, or
the whole flush is refused with PeriodLocked (423) and nothing is written.
do_orm_execute: the same for ORM bulk INSERT/UPDATE/DELETE (imports, demo loads).
Core statements (a table, not a model) are checked at the engine: services/guard_core.
after_flush: the audit rows of the accepted changes, in the same transaction.
Writes made inside services.system.system_override skip the window check and are
audited with the override's reason. Audit rows can be added, never changed.
"""

from collections import Counter
from datetime import date, datetime

from sqlalchemy import event, func, null, select
from sqlalchemy.orm import Session

from smasweb import clock
from smasweb.models import AuditEntry, Unit
from smasweb.models.base import SchoolOwned
from smasweb.services import years as school_years
from smasweb.services.audit import trail as audit
from smasweb.services.calendar import dated
from smasweb.services.calendar import windows as calendar
from smasweb.services.errors import PermissionDenied

APPEND_ONLY = "Nhật ký thay đổi chỉ được ghi thêm, không được sửa hoặc xóa."
# The ORM bulk statements checked here: services/guard_core.py lets them through.
GUARDED = "smas_guarded"


def _day(value) -> date:
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return value.date() if isinstance(value, datetime) else value


def school_year(value) -> int | None:
    """The school year a row's year column places it in (a year, or a day's)."""
    if value is None or isinstance(value, int):
        return value
    return school_years.current_year(_day(value))


def calendar_key(model, value) -> int | date | None:
    """What the calendar asks about a row, from its year column's value: the day of
    a dated fact (dated.allowed), else the school year (windows.allowed)."""
    if model.dated_by() and value is not None:
        return _day(value)
    return school_year(value)


def check(session, triples, at=None) -> dict[tuple[int, str], str]:
    """Raise PeriodLocked for the first (school id, field, key) no rule allows; the
    key is a dated fact's day, or the row's school year (or None). Returns, for the
    (school id, field) pairs let through by an unlock rather than an open window,
    the audit trail's reason naming it."""
    at = at or clock.now()
    via: dict[tuple[int, str], str] = {}
    with session.no_autoflush:
        for school_id, field, key in dict.fromkeys(triples):
            school = session.get(Unit, school_id)
            if school is None:
                continue
            if isinstance(key, date):
                if not dated.allowed(school, field, key, at):
                    raise dated.refusal(school, field, key, at)
                unlock = dated.unlock_used(school, field, key, at)
            elif not calendar.allowed(school, field, at, key):
                raise calendar.refusal(school, field, at, key)
            else:
                unlock = calendar.unlock_used(school, field, at, key)
            if unlock is not None:
                via[school_id, field] = unlock_reason(unlock)
    return via


def unlock_reason(unlock) -> str:
    """The audit reason of a write an unlock let through."""
    return f"Theo mở khóa số {unlock.id}" + (
        f": {unlock.reason}" if unlock.reason else ""
    )


def name_unlocks(changes, via: dict[tuple[int, str], str]) -> None:
    """Give each change an unlock let through its reason (audit.Change.reason)."""
    for c in changes:
        for sid in c.school_ids:
            if (sid, c.field) in via:
                c.reason = via[sid, c.field]


def _change_years(change) -> set[int | None]:
    """The school years a flushed change writes: the row's, and the one a changed
    year moves it from."""
    model = type(change.obj)
    column = model.year_column()
    if column is None:
        return {None}
    years = {calendar_key(model, getattr(change.obj, column))}
    if change.action == "update" and column in change.changes:
        years.add(calendar_key(model, change.changes[column][0]))
    return years


def _before_flush(session, flush_context, instances) -> None:
    for obj in (*session.dirty, *session.deleted):
        if isinstance(obj, AuditEntry):
            raise PermissionDenied(APPEND_ONLY)
    session.info.pop("audit_pending", None)
    with session.no_autoflush:
        changes = audit.collect(session)
    if not changes:
        return
    override = session.info.get("override")
    if not override:
        via = check(
            session,
            [
                (sid, c.field, year)
                for c in changes
                for year in _change_years(c)
                for sid in c.school_ids
            ],
        )
        name_unlocks(changes, via)
    with session.no_autoflush:
        actor = audit.actor_of(session)
    session.info["audit_pending"] = (changes, actor, override)


def _after_flush(session, flush_context) -> None:
    pending = session.info.pop("audit_pending", None)
    if pending:
        audit.write(session.connection(), *pending)


def _forget_pending(session, *args) -> None:
    session.info.pop("audit_pending", None)


def _param_rows(state) -> list[dict]:
    """The rows of a bulk statement: its parameters, or the values it was built with."""
    params = state.parameters
    rows = params if isinstance(params, list) else [params] if params else []
    if not rows and state.is_insert:
        rows = [state.statement.compile().params]
    return rows


def written(model, rows: list[dict], found=None) -> tuple[Counter, set]:
    """(rows per school, the (school id, calendar key) pairs written) of a bulk
    statement: from its rows (an INSERT), or from `found`, the (school id, year,
    count) rows it touches, plus a school year its rows are moved into."""
    column = model.year_column()
    if found is None:
        counts = Counter(r.get("school_id") for r in rows)
        pairs = {(r.get("school_id"), calendar_key(model, r.get(column))) for r in rows}
        return counts, pairs
    counts: Counter = Counter()
    pairs = set()
    for sid, year, n in found:
        counts[sid] += n
        pairs.add((sid, calendar_key(model, year)))
    moved = {calendar_key(model, r[column]) for r in rows if column and r.get(column)}
    pairs |= {(sid, y) for sid in counts for y in moved}
    return counts, pairs


def touched(model):
    """SELECT school id, school year (or NULL), count … GROUP BY: what an UPDATE
    or DELETE touches, once given its WHERE."""
    column = model.year_column()
    year = model.__table__.c[column] if column else null()
    school = model.__table__.c.school_id
    stmt = select(school, year, func.count()).group_by(school)
    return stmt.group_by(year) if column else stmt


def _bulk_school_ids(state, cls) -> tuple[Counter, set]:
    """How many rows of each school an ORM bulk statement touches, and the
    (school id, school year) pairs it writes."""
    rows = _param_rows(state)
    if state.is_insert:
        return written(cls, rows)
    stmt = touched(cls)
    if rows and all("id" in r for r in rows):  # bulk UPDATE by primary key
        stmt = stmt.where(cls.id.in_([r["id"] for r in rows]))
    elif state.statement.whereclause is not None:
        stmt = stmt.where(state.statement.whereclause)
    values = [*rows, state.statement.compile().params] if state.is_update else []
    with state.session.no_autoflush:
        return written(cls, values, state.session.execute(stmt).all())


def _do_orm_execute(state):
    if not (state.is_insert or state.is_update or state.is_delete):
        return None
    mapper = state.bind_mapper
    cls = mapper.class_ if mapper is not None else None
    if cls is AuditEntry and not state.is_insert:
        raise PermissionDenied(APPEND_ONLY)
    if cls is None or not issubclass(cls, SchoolOwned):
        return None
    session, field = state.session, cls.calendar_field()
    school_ids, pairs = _bulk_school_ids(state, cls)
    if None in school_ids:
        raise PermissionDenied("Dữ liệu của trường phải ghi rõ trường.")
    override = session.info.get("override")
    via = {}
    if not override:
        via = check(session, [(sid, field, year) for sid, year in pairs])
    result = state.invoke_statement(execution_options={GUARDED: True})
    with session.no_autoflush:
        actor = audit.actor_of(session)
    changes = _bulk_changes(state, cls, school_ids, override)
    name_unlocks(changes, via)
    audit.write(session.connection(), changes, actor, override)
    return result


def _bulk_changes(state, cls, school_ids, override) -> list[audit.Change]:
    table, field = cls.__tablename__, cls.calendar_field()
    if state.is_insert and not override:  # one row per inserted record, as a form would
        return [
            audit.Change(
                None,
                "insert",
                table,
                field,
                (r["school_id"],),
                {
                    k: [None, audit.plain(v)]
                    for k, v in r.items()
                    if k not in audit.SKIPPED and v is not None
                },
            )
            for r in _param_rows(state)
        ]
    action = "bulk_" + (
        "insert" if state.is_insert else "update" if state.is_update else "delete"
    )
    detail: dict = {}
    if state.is_update:
        values = state.statement.compile().params
        detail["values"] = [None, {k: audit.plain(v) for k, v in values.items()}]
    if not state.is_insert and state.statement.whereclause is not None:
        detail["where"] = [str(state.statement.whereclause), None]
    return [
        audit.Change(None, action, table, field, (sid,), {**detail, "rows": [None, n]})
        for sid, n in school_ids.items()
    ]


_installed = False


def install() -> None:
    """Attach the listeners to every Session (once per process); the Core
    statements' guard is guard_core.install()."""
    global _installed
    if _installed:
        return
    event.listen(Session, "before_flush", _before_flush)
    event.listen(Session, "after_flush", _after_flush)
    event.listen(Session, "after_soft_rollback", _forget_pending)
    event.listen(Session, "do_orm_execute", _do_orm_execute)
    _installed = True
