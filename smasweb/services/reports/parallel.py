"""Run a report's independent section queries side by side on PostgreSQL, each on
its own connection but all in ONE consistent view of the data.

The main transaction exports its snapshot (pg_export_snapshot, as parallel pg_dump
does) and each worker imports it before its first query, so the sections count the
same rows as if they ran one after the other. Sequential instead when the database
is not PostgreSQL, when the main transaction has written something (its own
uncommitted rows are not in an exported snapshot), with one job, or for a
small scope (WIDE_SCOPE schools or fewer): a school's or a district's sections take a few ms
each, less than a connection's setup.
"""

import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from flask import current_app
from sqlalchemy import text

from smasweb.extensions import db

WIDE_SCOPE = 200  # schools: a province (a district has a few dozen)
WORKERS = 3  # connections per build besides the caller's (the pool has 5 + 10)
EXPORT = text(
    "SELECT pg_current_xact_id_if_assigned() IS NULL, pg_export_snapshot(),"
    " current_setting('statement_timeout')"
)
SNAPSHOT_ID = re.compile(r"^[0-9A-F]+-[0-9A-F]+(-[0-9]+)?$")
TIMEOUT = re.compile(r"^[0-9]+(us|ms|s|min|h|d)?$")


def _in_line(jobs: dict[str, Callable], prepare: Callable[[], None]) -> dict:
    prepare()
    return {name: job() for name, job in jobs.items()}


def run(jobs: dict[str, Callable], prepare: Callable[[], None], schools: int) -> dict:
    """{name: job()} for every job over a scope of `schools` schools. `prepare`
    runs first in every transaction that runs jobs (the planner settings)."""
    wide = schools > WIDE_SCOPE
    if not wide or len(jobs) < 2 or db.session.get_bind().dialect.name != "postgresql":
        return _in_line(jobs, prepare)
    clean, snapshot, timeout = db.session.execute(EXPORT).one()
    if not (clean and SNAPSHOT_ID.match(snapshot) and TIMEOUT.match(timeout)):
        return _in_line(jobs, prepare)
    # one round trip: the snapshot, and the caller's time budget (a web
    # request's), not a job's
    setup = (
        "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY;"
        f" SET TRANSACTION SNAPSHOT '{snapshot}';"
        f" SET LOCAL statement_timeout = '{timeout}'"
    )
    app = current_app._get_current_object()

    def work(job: Callable):
        with app.app_context():  # its own scoped session, so its own connection
            try:
                db.session.execute(text(setup))
                prepare()
                return job()
            finally:
                db.session.rollback()
                db.session.remove()

    with ThreadPoolExecutor(max_workers=min(WORKERS, len(jobs))) as pool:
        futures = {name: pool.submit(work, job) for name, job in jobs.items()}
        return {name: future.result() for name, future in futures.items()}
