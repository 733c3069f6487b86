"""A report's planner settings hold for its own transaction only (PostgreSQL): the
sections of a preschool report run side by side with one core per query, the
others may use parallel workers; the next request gets the server's defaults."""

import pytest
from sqlalchemy import text

from smasweb.extensions import db
from smasweb.services.reports import query_settings


def show(name: str) -> str:
    return db.session.scalar(text(f"SHOW {name}"))


@pytest.mark.parametrize(
    ("apply", "workers"),
    [(query_settings.for_report, None), (query_settings.for_side_by_side, "0")],
)
def test_settings_last_for_the_transaction(app, apply, workers):
    if db.engine.name != "postgresql":
        apply()  # nothing to set: SQLite has no planner settings
        assert db.session.scalar(text("SELECT 1")) == 1
        return
    db.session.rollback()
    default_workers, default_mem = (
        show("max_parallel_workers_per_gather"),
        show("work_mem"),
    )
    apply()
    assert (show("work_mem"), show("jit")) == ("64MB", "off")
    assert show("max_parallel_workers_per_gather") == (workers or default_workers)
    db.session.rollback()
    assert show("work_mem") == default_mem
    assert show("max_parallel_workers_per_gather") == default_workers
