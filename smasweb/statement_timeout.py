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

SQLite has no statement timeout: its queries run inside the worker process, so a
slow one ends at the latest with the worker (gunicorn's `--timeout`).
"""

from flask import Flask, current_app, has_app_context, has_request_context
from sqlalchemy import event
from sqlalchemy.pool import Pool

_APPLIED = "smas_statement_timeout_ms"


def web_budget(app: Flask) -> float:
    return float(app.config.get("STATEMENT_TIMEOUT_S") or 0)


def job_budget(app: Flask) -> float:
    return float(app.config.get("JOB_STATEMENT_TIMEOUT_S") or 0)


def _is_postgres(dbapi_conn) -> bool:
    return type(dbapi_conn).__module__.startswith("psycopg")


def _on_checkout(dbapi_conn, record, _proxy) -> None:
    if not has_app_context() or not _is_postgres(dbapi_conn):
        return
    app = current_app._get_current_object()
    seconds = web_budget(app) if has_request_context() else job_budget(app)
    ms = max(int(seconds * 1000), 0)  # 0 is PostgreSQL's "no limit"
    if record.info.get(_APPLIED) == ms:
        return
    with dbapi_conn.cursor() as cur:
        cur.execute(f"SET statement_timeout = {ms}")
    dbapi_conn.commit()  # a rollback of the first transaction must not undo it
    record.info[_APPLIED] = ms


def install() -> None:
    """Listen on every pool once per process (engines are made per app)."""
    if not event.contains(Pool, "checkout", _on_checkout):
        event.listen(Pool, "checkout", _on_checkout)
