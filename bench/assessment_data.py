"""What the assessment data costs: the demo's writer, a class × subject grid's save
and a school's year results, in-process.

    .venv/bin/python bench/assessment_data.py [--db-url postgresql://…/empty_db]
                                              [--scale small|province] [--saves 20]

Builds a throwaway database (SQLite in a temp dir unless --db-url names an EMPTY
database, left filled afterwards), loads the demo pinned to 01/12/2026 and prints:
  - the demo's assessment writer: rows per table, seconds in INSERTs, rows/s
    (guarded Core executemany, audited per school and statement);
  - saving one class × subject grid of 45 pupils × 6 columns (ĐĐGtx 1–4, ĐĐGgk,
    ĐĐGck of Toán) through the gradebook's service (gradebook.grid + save, as a
    clerk: calendar guard, one audit row per changed mark): the first save
    inserts 270 marks, the later ones change every score; p50/p95 in ms;
  - a school's year results (its largest secondary school, last year): every
    secondary class's results (class_results: marks, conduct and absences
    loaded, the TT 22 engine run for every pupil).
"""

import argparse
import logging
import math
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select  # noqa: E402

from smasweb import create_app  # noqa: E402
from smasweb.demo import load as demo  # noqa: E402
from smasweb.extensions import db  # noqa: E402
from smasweb.models import ClassGroup, Enrollment, Student, Unit, User  # noqa: E402
from smasweb.models.assessment import (  # noqa: E402
    Mark,
)
from smasweb.services.assessment import class_results, gradebook  # noqa: E402
from smasweb.services.system import system_override  # noqa: E402

TODAY = date(2026, 12, 1)
SECONDARY = tuple(f"{g:02d}" for g in range(6, 13))


def pct(runs: list[float]) -> str:
    runs = sorted(runs)
    p95 = runs[math.ceil(0.95 * len(runs)) - 1]
    return f"p50 {statistics.median(runs):.1f} ms, p95 {p95:.1f} ms (n={len(runs)})"


def grid_class(school: Unit) -> ClassGroup:
    """A lớp 10 class of 45 pupils (the Ministry's limit) in the school."""
    with system_override("bench: a 45-pupil class"):
        cls = ClassGroup(school_id=school.id, year=2026, grade="10", name="10Z")
        db.session.add(cls)
        db.session.flush()
        for i in range(45):
            name, code = f"Trần Thị Bench {i}", f"BENCH{i:03d}"
            pupil = Student(school_id=school.id, school_code=code, full_name=name,
                            gender="02", birth_date=date(2011, 3, 4), status="01",
                            active=True, **Student.search_keys(name, code))  # fmt: skip
            db.session.add(pupil)
            db.session.flush()
            db.session.add(Enrollment(school_id=school.id, student_id=pupil.id,
                                      year=2026, class_id=cls.id))  # fmt: skip
        db.session.commit()
    return cls


def time_grid_saves(clerk: User, cls: ClassGroup, n: int) -> list[float]:
    """Each run: open the grid and save every cell changed, through the
    gradebook's own service (the guard, one audit row per changed mark)."""
    db.session.info["actor"] = (clerk.id, clerk.full_name)
    runs = []
    for k in range(n):
        t0 = time.perf_counter()
        grid = gradebook.grid(clerk, cls.id, "toan", 1)
        entries = {}
        for j, row in enumerate(grid.rows):
            for c, col in enumerate(grid.columns):
                v = (j * 7 + c * 3 + k) % 61 + 40  # 4,0 … 10,0, all changed
                entries[row.student.id, col.key] = f"{v // 10},{v % 10}"
        gradebook.save(clerk, grid, entries)
        db.session.commit()
        runs.append((time.perf_counter() - t0) * 1000)
    return runs


def school_year_results(clerk: User, school_id: int, year: int) -> tuple[int, dict]:
    """Every secondary class's results page data of the year (class_results: the
    marks, conduct and absences loaded, the TT 22 engine run for every pupil)."""
    ids = db.session.scalars(
        select(ClassGroup.id).where(
            ClassGroup.school_id == school_id,
            ClassGroup.year == year,
            ClassGroup.grade.in_(SECONDARY),
        )
    )
    pupils, out = 0, defaultdict(int)
    for class_id in list(ids):
        results = class_results.class_results(clerk, class_id)
        pupils += len(results.rows)
        for row in results.rows:
            out[str(row.result.decision)] += 1
    return pupils, dict(out)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db-url")
    parser.add_argument("--scale", choices=("small", "province"), default="small")
    parser.add_argument("--saves", type=int, default=20)
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="smas-bench-")
    url = args.db_url or f"sqlite:///{tmp}/bench.sqlite3"
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "TODAY": TODAY})
    app.instance_path = tmp
    logging.getLogger("smasweb.access").setLevel(logging.WARNING)
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        t0 = time.perf_counter()
        result = demo.load_demo("bench-password", args.scale)
        db.session.commit()
        print(
            f"{args.scale} demo loaded in {time.perf_counter() - t0:.0f} s ({db.engine.name})"
        )
        w = result.assessment
        for table, n in w.rows.items():
            print(f"  {table:<20} {n:>10,} rows")
        print(f"assessment writer: {w.total:,} rows in {w.seconds:.1f} s of INSERTs, "
              f"{w.total / max(w.seconds, 1e-9):,.0f} rows/s")  # fmt: skip
        clerk = db.session.scalars(
            select(User).where(User.role == "school_clerk").order_by(User.id)
        ).first()
        cls = grid_class(db.session.get(Unit, clerk.unit_id))
        runs = time_grid_saves(clerk, cls, args.saves)
        print(f"grid save 45 × 6 (first inserts, then updates): {pct(runs[1:])}, "
              f"first {runs[0]:.0f} ms")  # fmt: skip
        if args.scale == "small":
            school_id = db.session.scalar(
                select(Mark.school_id).where(Mark.year == 2025)
                .group_by(Mark.school_id).order_by(func.count().desc()).limit(1)
            )  # fmt: skip
            leader = db.session.scalars(
                select(User).where(
                    User.unit_id == school_id, User.role == "school_clerk"
                )
            ).first()
            runs, found = [], None
            for _ in range(5):
                t0 = time.perf_counter()
                found = school_year_results(leader, school_id, 2025)
                runs.append((time.perf_counter() - t0) * 1000)
                db.session.rollback()
            print(f"school year results ({found[0]} pupils, {found[1]}): {pct(runs)}")


if __name__ == "__main__":
    main()
