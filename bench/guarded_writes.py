"""What the calendar guard and the audit trail cost a write, in-process.

    .venv/bin/python bench/guarded_writes.py [--rows 2000] [--db-url postgresql://…/empty_db]

Builds a throwaway database (SQLite in a temp dir unless --db-url names an EMPTY
database, left filled afterwards), loads the small demo, pins the date inside the
start-of-year window, and times, for one school:
  - the window check alone (calendar.allowed): p50/p95 in microseconds;
  - ORM inserts of N rooms in one transaction (what a form or an Excel import does):
    guarded and audited, then as a system write (audited, no window check);
  - one ORM bulk INSERT of N rooms (guarded and audited per row);
  - one Core INSERT of N rooms on the table (guarded at the engine, audited per row);
and counts the audit rows written. Prints rows/s for each.
"""

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, insert, select  # noqa: E402

from smasweb import create_app  # noqa: E402
from smasweb.demo import load as demo  # noqa: E402
from smasweb.extensions import db  # noqa: E402
from smasweb.models import AuditEntry, Room, Unit  # noqa: E402
from smasweb.services.calendar import windows as calendar
from smasweb.services.system import system_override  # noqa: E402


def rooms(school: Unit, n: int, tag: str) -> list[dict]:
    return [
        {
            "school_id": school.id,
            "kind": "classroom",
            "construction": "kien_co",
            "quantity": 1,
            "name": f"{tag} {i}",
        }
        for i in range(n)
    ]


def timed_orm(rows: list[dict]) -> float:
    start = time.perf_counter()
    for row in rows:
        db.session.add(Room(**row))
    db.session.commit()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--db-url")
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="smas-bench-")
    url = args.db_url or f"sqlite:///{tmp}/bench.sqlite3"
    app = create_app(
        {"DATABASE_URL": url, "SECRET_KEY": "bench", "TODAY": date(2026, 9, 3)}
    )
    app.instance_path = tmp
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        demo.load_demo("Bench2019x", "small")
        db.session.commit()
        school = db.session.scalars(select(Unit).where(Unit.kind == "school")).first()
        n = args.rows
        checks = []
        for _ in range(500):
            t = time.perf_counter()
            calendar.allowed(school, "facilities")
            checks.append((time.perf_counter() - t) * 1e6)
        checks.sort()
        before = db.session.scalar(select(func.count()).select_from(AuditEntry))
        guarded = timed_orm(rooms(school, n, "G"))
        with system_override("bench"):
            system = timed_orm(rooms(school, n, "S"))
        start = time.perf_counter()
        db.session.execute(insert(Room), rooms(school, n, "B"))
        db.session.commit()
        bulk = time.perf_counter() - start
        start = time.perf_counter()
        db.session.execute(insert(Room.__table__), rooms(school, n, "C"))
        db.session.commit()
        core = time.perf_counter() - start
        audited = db.session.scalar(select(func.count()).select_from(AuditEntry))
        print(f"database: {db.engine.dialect.name}, {n} rows per run")
        print(
            f"window check: p50 {statistics.median(checks):.0f} µs, "
            f"p95 {checks[int(len(checks) * 0.95)]:.0f} µs"
        )
        print(f"ORM inserts, guarded + audited: {n / guarded:,.0f} rows/s")
        print(
            f"ORM inserts, system (audited, no window check): {n / system:,.0f} rows/s"
        )
        print(f"ORM bulk INSERT, guarded + audited: {n / bulk:,.0f} rows/s")
        print(f"Core INSERT, guarded + audited: {n / core:,.0f} rows/s")
        print(f"audit rows written: {audited - before:,}")
        db.session.remove()
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
