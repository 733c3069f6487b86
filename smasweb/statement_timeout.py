"""A time budget for each SQL statement on PostgreSQL, web requests and jobs apart.

Web requests get `STATEMENT_TIMEOUT_S` (default 30 s): a query that outlives its
request would otherwise keep running on the server after the client and the worker
gave up. Jobs and commands (render workers, the scheduler, demo loads, CLI imports)
work without a request and get `JOB_STATEMENT_TIMEOUT_S` (default 0: no limit).

Pooled connections serve both kinds of work in one process, so the budget is set at
each checkout from the pool when it differs from the one the connection already has
(one `SET` per connection in a web worker, not one per request). A session-level
`SET` rather than `SET LOCAL`: a request may commit and begin several transactions.
When the budget is hit PostgreSQL cancels the statement itself (the backend is freed)
and db_errors answers 503.

SQLite has no statement timeout (and its queries die with their worker process). A
progress handler stands in for it: it interrupts a statement that is still working
towards its first row when the budget is spent ("interrupted", also answered 503).
Fetching the following rows is not limited, so a long streamed export still ends.
"""

import sqlite3
import time

from flask import Flask, current_app, has_app_context, has_request_context
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import Pool

_APPLIED = "smas_statement_timeout_ms"
_DEADLINE = "smas_statement_deadline"
_PROGRESS_STEPS = 10_000  # SQLite VM instructions between two clock checks


def web_budget(app: Flask) -> float:
    return float(app.config.get("STATEMENT_TIMEOUT_S") or 0)


def job_budget(app: Flask) -> float:
    return float(app.config.get("JOB_STATEMENT_TIMEOUT_S") or 0)


def _budget() -> float:
    if not has_app_context():
        return 0
    app = current_app._get_current_object()
    return web_budget(app) if has_request_context() else job_budget(app)


def _is_postgres(dbapi_conn) -> bool:
    return type(dbapi_conn).__module__.startswith("psycopg")


def _on_checkout(dbapi_conn, record, _proxy) -> None:
    if not has_app_context() or not _is_postgres(dbapi_conn):
        return
    ms = max(int(_budget() * 1000), 0)  # 0 is PostgreSQL's "no limit"
    if record.info.get(_APPLIED) == ms:
        return
    with dbapi_conn.cursor() as cur:
        cur.execute(f"SET statement_timeout = {ms}")
    dbapi_conn.commit()  # a rollback of the first transaction must not undo it
    record.info[_APPLIED] = ms


def _on_connect(dbapi_conn, record) -> None:
    if not isinstance(dbapi_conn, sqlite3.Connection):
        return
    info = record.info

    def over_budget() -> int:
        deadline = info.get(_DEADLINE)
        return int(deadline is not None and time.monotonic() > deadline)

    dbapi_conn.set_progress_handler(over_budget, _PROGRESS_STEPS)


def _start_statement(conn, *_args) -> None:
    if conn.dialect.name == "sqlite":
        seconds = _budget()
        conn.info[_DEADLINE] = time.monotonic() + seconds if seconds else None


def _end_statement(conn, *_args) -> None:
    conn.info.pop(_DEADLINE, None)


def _end_on_error(context) -> None:
    if context.connection is not None:
        _end_statement(context.connection)


LISTENERS = (
    (Pool, "checkout", _on_checkout),
    (Pool, "connect", _on_connect),
    (Engine, "before_cursor_execute", _start_statement),
    (Engine, "after_cursor_execute", _end_statement),
    (Engine, "handle_error", _end_on_error),
)


def install() -> None:
    """Listen on every pool and engine once per process (engines are made per app)."""
    for target, name, fn in LISTENERS:
        if not event.contains(target, name, fn):
            event.listen(target, name, fn)
