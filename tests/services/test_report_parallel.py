"""A report's sections may run side by side (reports/parallel.py): on PostgreSQL in
worker connections that share the caller's snapshot, so a report never mixes rows
from before and after another user's save; in-line elsewhere and whenever the
caller's transaction has written something the workers could not see."""

import threading

import pytest
from sqlalchemy import text

from smasweb.extensions import db
from smasweb.services.reports import parallel

PROVINCE, DISTRICT = 654, 40  # schools in the scope


@pytest.fixture
def probe(app):
    with db.engine.begin() as conn:
        conn.execute(text("CREATE TABLE parallel_probe (n integer)"))
        conn.execute(text("INSERT INTO parallel_probe VALUES (1)"))
    yield
    db.session.rollback()
    with db.engine.begin() as conn:
        conn.execute(text("DROP TABLE parallel_probe"))


def count() -> int:
    return db.session.scalar(text("SELECT count(*) FROM parallel_probe"))


def test_every_job_answers_and_the_settings_run_in_each_transaction(app, probe):
    prepared = []
    got = parallel.run(
        {"a": count, "b": lambda: count() + 10, "c": threading.get_ident},
        prepare=lambda: prepared.append(threading.get_ident()),
        schools=PROVINCE,
    )
    assert (got["a"], got["b"]) == (1, 11)
    on_postgres = db.engine.name == "postgresql"
    assert (got["c"] != threading.get_ident()) is on_postgres
    assert len(prepared) == (3 if on_postgres else 1)


def test_a_save_committed_while_the_report_runs_is_not_counted(app, probe):
    def save_then_count() -> int:
        with db.engine.begin() as other:  # another user's save, committed now
            other.execute(text("INSERT INTO parallel_probe VALUES (2)"))
        return count()

    got = parallel.run(
        {"late": save_then_count, "other": count},
        prepare=lambda: None,
        schools=PROVINCE,
    )
    if db.engine.name == "postgresql":
        assert got == {"late": 1, "other": 1}  # the snapshot of the report's start
    assert count() == 2  # committed for whoever reads next


def test_the_callers_own_unsaved_rows_are_counted(app, probe):
    db.session.execute(text("INSERT INTO parallel_probe VALUES (3)"))  # not committed
    got = parallel.run(
        {"a": count, "b": threading.get_ident}, prepare=lambda: None, schools=PROVINCE
    )
    assert got["a"] == 2
    assert got["b"] == threading.get_ident()  # in-line: workers would miss the row


def test_a_small_scope_runs_in_line(app, probe):
    got = parallel.run(
        {"a": count, "b": threading.get_ident}, lambda: None, schools=DISTRICT
    )
    assert got == {"a": 1, "b": threading.get_ident()}
