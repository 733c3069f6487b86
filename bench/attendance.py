"""What a roll call's save and a class's month grid cost, in-process.

    .venv/bin/python bench/attendance.py [--saves 30] [--renders 30]
                                         [--db-url postgresql://…/empty_db]

Builds a throwaway database (SQLite in a temp dir unless --db-url names an EMPTY
database, left filled afterwards), loads the small demo, adds a two-session class of
45 pupils to the first school with a clerk, pins the date to 16/12/2026 (report months 12 and 1
open: 16/11–16/12 writable) and times:
  - saving the class's roll call through the service (roll_call + save_roll_call +
    commit, guarded and audited), each save on another school day with 4–6 pupils
    absent (a day after the 23 school days of the open months is saved again with
    other absences): p50/p95 in ms;
  - GET of the class's month grid (12/2026, then 11/2026) by the school's clerk
    through the Flask test client: p50/p95 in ms, with the page's gzip size.
"""

import argparse
import gzip
import logging
import math
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select  # noqa: E402

from smasweb import create_app  # noqa: E402
from smasweb.demo import load as demo  # noqa: E402
from smasweb.extensions import db  # noqa: E402
from smasweb.models import ClassGroup, Enrollment, Student, Unit, User  # noqa: E402
from smasweb.models.attendance import AttendanceRecord  # noqa: E402
from smasweb.services.accounts import sessions  # noqa: E402
from smasweb.services.attendance import roll_call  # noqa: E402
from smasweb.services.calendar import school_days  # noqa: E402
from smasweb.services.system import system_override  # noqa: E402

TODAY = date(2026, 12, 16)
GIVEN = ("An", "Bảo", "Châu", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hòa", "Huy")


def pct(runs: list[float]) -> str:
    runs = sorted(runs)
    p95 = runs[math.ceil(0.95 * len(runs)) - 1]
    return f"p50 {statistics.median(runs):.1f} ms, p95 {p95:.1f} ms (n={len(runs)})"


def big_class(school: Unit) -> ClassGroup:
    """A 45-pupil two-session class of the school's current year."""
    with system_override("bench: a 45-pupil class"):
        cls = ClassGroup(
            school_id=school.id, year=2026, grade="05", name="5Z", session_pattern="4"
        )
        db.session.add(cls)
        db.session.flush()
        for i in range(45):
            name = f"Nguyễn Văn {GIVEN[i % len(GIVEN)]} {i}"
            code = f"BENCH{i:03d}"
            pupil = Student(
                school_id=school.id,
                school_code=code,
                full_name=name,
                gender="01",
                birth_date=date(2015, 3, 4),
                status="01",
                active=True,
                **Student.search_keys(name, code),
            )
            db.session.add(pupil)
            db.session.flush()
            db.session.add(
                Enrollment(
                    school_id=school.id, student_id=pupil.id, year=2026, class_id=cls.id
                )
            )
        db.session.commit()
    return cls


def time_saves(clerk: User, cls: ClassGroup, n: int) -> list[float]:
    days = school_days.between(date(2026, 11, 16), TODAY)
    runs = []
    for k in range(n):
        day = days[k % len(days)]
        t0 = time.perf_counter()
        rc = roll_call.roll_call(clerk, cls.id, day)
        step = 7 + k // len(days)  # a re-save marks other pupils
        entries = {
            row.student.id: ({"sang": "K", "chieu": "P" if j % 2 else ""}, "Ốm")
            for j, row in enumerate(rc.rows)
            if j % step == k % step
        }
        roll_call.save_roll_call(clerk, rc, entries)
        db.session.commit()
        runs.append((time.perf_counter() - t0) * 1000)
    return runs


def time_grid(app, clerk: User, cls: ClassGroup, n: int) -> tuple[list[float], int]:
    client = app.test_client()
    with client.session_transaction() as sess:
        sess["_user_id"] = clerk.get_id()
        sess[sessions.SESSION_KEY] = sessions.start(clerk)
        sess["_fresh"] = True
    db.session.commit()
    urls = [f"/attendance/{cls.id}/month/2026-{m}" for m in ("12", "11")]
    first = client.get(urls[0])  # warm-up: templates, plans
    assert first.status_code == 200, first.status_code
    runs = []
    for k in range(n):
        t0 = time.perf_counter()
        resp = client.get(urls[k % 2])
        runs.append((time.perf_counter() - t0) * 1000)
        assert resp.status_code == 200
    return runs, len(gzip.compress(client.get(urls[1]).data))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--saves", type=int, default=30)
    parser.add_argument("--renders", type=int, default=30)
    parser.add_argument("--db-url")
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="smas-bench-")
    url = args.db_url or f"sqlite:///{tmp}/bench.sqlite3"
    app = create_app(
        {"DATABASE_URL": url, "SECRET_KEY": "bench", "TODAY": date(2026, 9, 3)}
    )
    app.instance_path = tmp
    logging.getLogger("smasweb.access").setLevel(logging.WARNING)  # one line a GET
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        demo.load_demo("Bench2019x", "small")
        db.session.commit()
        clerk = db.session.scalars(
            select(User).where(User.role == "school_clerk").order_by(User.id)
        ).first()
        school = db.session.get(Unit, clerk.unit_id)
        cls = big_class(school)
        app.config["TODAY"] = TODAY
        saves = time_saves(clerk, cls, args.saves)
        grid, size = time_grid(app, clerk, cls, args.renders)
        stored = db.session.scalar(
            select(func.count()).where(AttendanceRecord.class_id == cls.id)
        )
        print(f"database: {db.engine.dialect.name}; class of 45 pupils, two sessions")
        print(f"roll call save (service, guarded + audited): {pct(saves)}")
        print(f"  absences stored for the class: {stored:,}")
        print(f"month grid page (test client): {pct(grid)}, {size:,} B gzip")
        db.session.remove()
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
