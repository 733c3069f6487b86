"""Whole reports through reports/parallel.py on the demo's province: built side by
side (WIDE_SCOPE lowered below the demo's few schools) they equal the same reports
built in-line, cell for cell and note for note. On PostgreSQL the sections really
run in worker connections sharing one snapshot; on SQLite they run in-line and the
reports still agree. A transaction that has written something builds in-line, so
its own unsaved rows count."""

import threading

import pytest
from sqlalchemy import select, text

from smasweb.extensions import db
from smasweb.models import ClassGroup, Unit
from smasweb.services import years as school_years
from smasweb.services.reports import after_opening, parallel
from smasweb.services.reports.scope import reader, resolve
from smasweb.services.reports.tables import ReportData
from smasweb.services.system import system_override
from tests.factories import make_student

# after-opening of primary (form 02-TH-ĐN), and of preschool (01-MN-ĐN, its own
# package: reports/preschool)
LEVELS = ("02", "01")
PUPILS = "37"  # Mã số of section III's total pupils
WHERE = text(
    "SELECT pg_backend_pid(), current_setting('transaction_isolation'),"
    " current_setting('transaction_read_only'), pg_current_snapshot()::text"
)


def on_postgres() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def where_am_i() -> tuple:
    """The thread and, on PostgreSQL, the connection and transaction running now.

    Another transaction commits first (it takes an id, writes nothing): a snapshot
    taken after it differs from one taken before, so equal snapshots were shared."""
    if not on_postgres():
        return (threading.get_ident(), None, None, None, None)
    with db.engine.connect() as other:
        other.execute(text("SELECT pg_current_xact_id()"))
        other.commit()
    return (threading.get_ident(), *db.session.execute(WHERE).one())


@pytest.fixture
def province(demo_db):
    return db.session.scalar(select(Unit).where(Unit.kind == "department"))


@pytest.fixture
def jobs_ran(monkeypatch) -> list[tuple]:
    """Where each section job of parallel.run ran (see where_am_i): run is wrapped,
    its decisions and the jobs' results left as they are."""
    seen: list[tuple] = []
    real_run = parallel.run

    def watched(job):
        def run():
            seen.append(where_am_i())
            return job()

        return run

    def run(jobs, prepare, schools):
        return real_run({k: watched(j) for k, j in jobs.items()}, prepare, schools)

    monkeypatch.setattr(parallel, "run", run)
    return seen


def build(province: Unit, level: str) -> ReportData:
    year = school_years.current_year()
    return after_opening.build(resolve(reader(), province.id, level, year, None))


def pupils(data: ReportData) -> dict[str, int]:
    """Section III's total row by column: {"Tổng số – Nữ": …}."""
    table = data.table("pupils")
    return dict(zip(table.flat_columns(), table.row(PUPILS).cells, strict=True))


def assert_same_report(got: ReportData, want: ReportData) -> None:
    """Every table, row, cell and note equal; the first difference named."""
    assert [t.key for t in got.tables] == [t.key for t in want.tables]
    for mine, theirs in zip(got.tables, want.tables, strict=True):
        assert (mine.title, mine.columns, mine.wide) == (
            theirs.title,
            theirs.columns,
            theirs.wide,
        )
        assert len(mine.rows) == len(theirs.rows), mine.key
        for a, b in zip(mine.rows, theirs.rows, strict=True):
            assert a == b, (mine.key, b.indicator, b.label)
    assert got == want  # and the header: unit, school count, data date


def assert_in_line(seen: list[tuple], caller: tuple) -> None:
    """Every job ran on the caller's thread and connection."""
    assert seen and all(job[:2] == caller[:2] for job in seen)


@pytest.mark.parametrize("level", LEVELS)
def test_a_report_built_side_by_side_equals_it_built_in_line(
    province, level, jobs_ran, monkeypatch
):
    caller = where_am_i()
    in_line = build(province, level)
    assert_in_line(jobs_ran, caller)  # the demo's few schools: one after another
    jobs = len(jobs_ran)
    rows = [r for t in in_line.tables for r in t.rows]
    assert sum(r.total for r in rows) > 0 and any(r.note for r in rows)
    assert in_line.school_count < parallel.WIDE_SCOPE

    jobs_ran.clear()
    monkeypatch.setattr(parallel, "WIDE_SCOPE", 0)
    side_by_side = build(province, level)

    assert_same_report(side_by_side, in_line)
    assert len(jobs_ran) == jobs
    if not on_postgres():
        assert_in_line(jobs_ran, caller)  # SQLite has no snapshot to share
        return
    threads, pids, isolations, read_only, snapshots = zip(*jobs_ran, strict=True)
    assert caller[0] not in threads  # the pool's threads, however many started
    assert caller[1] not in pids
    assert set(isolations) == {"repeatable read"} and set(read_only) == {"on"}
    assert len(set(snapshots)) == 1  # every section counted the same rows


def test_a_transaction_that_has_written_builds_in_line_with_its_own_rows(
    province, jobs_ran, monkeypatch
):
    monkeypatch.setattr(parallel, "WIDE_SCOPE", 0)
    caller = where_am_i()
    before = pupils(build(province, "02"))
    if on_postgres():  # side by side while nothing is written
        assert caller[0] not in {job[0] for job in jobs_ran}
    year = school_years.current_year()
    cls = db.session.scalar(
        select(ClassGroup)
        .where(ClassGroup.year == year, ClassGroup.grade == "01")
        .order_by(ClassGroup.id)
        .limit(1)
    )
    with system_override("test: a pupil the report's transaction has not saved"):
        school = db.session.get(Unit, cls.school_id)
        make_student(school, cls, school_code="CHUALUU1", gender="02")
    jobs_ran.clear()

    after = pupils(build(province, "02"))

    assert_in_line(jobs_ran, caller)  # workers would not see the unsaved pupil
    assert after["Tổng số – Tổng"] == before["Tổng số – Tổng"] + 1
    assert after["Tổng số – Nữ"] == before["Tổng số – Nữ"] + 1
