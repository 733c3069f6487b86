"""What the assessment data costs: the demo's writer, a class × subject grid's save
and a school's year results, in-process.

    .venv/bin/python bench/assessment_data.py [--db-url postgresql://…/empty_db]
                                              [--scale small|province] [--saves 20]

Builds a throwaway database (SQLite in a temp dir unless --db-url names an EMPTY
database, left filled afterwards), loads the demo pinned to 01/12/2026 and prints:
  - the demo's assessment writer: rows per table, seconds in INSERTs, rows/s
    (guarded Core executemany, audited per school and statement);
  - saving one class × subject grid of 45 pupils × 6 columns (ĐĐGtx 1–4, ĐĐGgk,
    ĐĐGck of Toán): the gradebook's service is not on main yet, so this times the
    governed write it ends in (ORM rows as a named clerk, calendar guard and one
    audit row per changed mark): the first save inserts 270 marks, the later
    ones change every score; p50/p95 in ms;
  - a school's year results (its largest secondary school, last year): loading
    its marks, conduct and absences and running the TT 22 engine for every pupil.
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
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select  # noqa: E402

from smasweb import create_app  # noqa: E402
from smasweb.demo import load as demo  # noqa: E402
from smasweb.demo.assessment_marks import Entry  # noqa: E402
from smasweb.demo.assessment_results import subject_term  # noqa: E402
from smasweb.extensions import db  # noqa: E402
from smasweb.models import ClassGroup, Enrollment, Student, Unit, User  # noqa: E402
from smasweb.models.assessment import (  # noqa: E402
    ClassSubject,
    ConductResult,
    Mark,
    StudentResult,
)
from smasweb.services.assessment import curriculum, tt22, tt22_decisions  # noqa: E402
from smasweb.services.system import system_override  # noqa: E402

TODAY = date(2026, 12, 1)
COLUMNS = [("tx", p) for p in range(1, 5)] + [("gk", 1), ("ck", 1)]
DAYS = [date(2026, 11, d) for d in (17, 18, 19, 20, 23, 24)]  # the open month


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
    pupils = list(
        db.session.scalars(
            select(Enrollment.student_id).where(Enrollment.class_id == cls.id)
        )
    )
    db.session.info["actor"] = (clerk.id, clerk.full_name)
    runs = []
    for k in range(n):
        t0 = time.perf_counter()
        stored = {
            (m.student_id, m.kind, m.position): m
            for m in db.session.scalars(
                select(Mark).where(Mark.class_id == cls.id, Mark.subject_code == "toan")
            )
        }
        for j, sid in enumerate(pupils):
            for c, (kind, position) in enumerate(COLUMNS):
                score = Decimal((j * 7 + c * 3 + k) % 61 + 40).scaleb(-1)
                mark = stored.get((sid, kind, position))
                if mark is None:
                    db.session.add(Mark(school_id=cls.school_id, year=2026, student_id=sid,
                                        class_id=cls.id, subject_code="toan", semester=1,
                                        kind=kind, position=position, score=score,
                                        day=DAYS[c]))  # fmt: skip
                else:
                    mark.score = score
        db.session.commit()
        runs.append((time.perf_counter() - t0) * 1000)
    return runs


def school_year_results(school_id: int, year: int) -> tuple[int, dict]:
    """Every secondary pupil's year learning, conduct and decision, from the rows."""
    classes = {
        c.id: c
        for c in db.session.scalars(
            select(ClassGroup).where(
                ClassGroup.school_id == school_id, ClassGroup.year == year
            )
        )
    }
    chosen = defaultdict(set)
    for cid, code in db.session.execute(
        select(ClassSubject.class_id, ClassSubject.subject_code).where(
            ClassSubject.class_id.in_(classes), ClassSubject.kind == "elective"
        )
    ):
        chosen[cid].add(code)
    entries, class_of = defaultdict(Entry), {}
    for sid, cid, code, sem, kind, score, verdict in db.session.execute(
        select(Mark.student_id, Mark.class_id, Mark.subject_code, Mark.semester, Mark.kind,
               Mark.score, Mark.verdict)
        .where(Mark.school_id == school_id, Mark.year == year, Mark.kind != "kl")
        .order_by(Mark.position)
    ):  # fmt: skip
        e, value = entries[(sid, code, sem)], score if score is not None else verdict
        class_of[sid] = cid
        if kind == "tx":
            e.regular.append(value)
        else:
            setattr(e, "mid" if kind == "gk" else "end", value)
    conduct = {
        (sid, sem): level
        for sid, sem, level in db.session.execute(
            select(
                ConductResult.student_id, ConductResult.semester, ConductResult.level
            ).where(ConductResult.school_id == school_id, ConductResult.year == year)
        )
    }
    absences = defaultdict(int)
    for sid, n in db.session.execute(
        select(StudentResult.student_id, StudentResult.absences).where(
            StudentResult.school_id == school_id, StudentResult.year == year,
            StudentResult.term.in_(("hk1", "hk2")),
        )
    ):  # fmt: skip
        absences[sid] += n or 0
    out = defaultdict(int)
    for sid, cid in class_of.items():
        cls = classes[cid]
        subjects = curriculum.subjects(cls.grade, frozenset(chosen[cid]))
        year_values = {}
        for s in subjects:
            s1, s2 = (subject_term(s, entries.get((sid, s.code, k))) for k in (1, 2))
            combine = tt22.comment_year if s.comment_only else tt22.year_average
            year_values[s.code] = combine(s1, s2)
        scored = {s.code: year_values[s.code] for s in subjects if not s.comment_only}
        comment = {s.code: year_values[s.code] for s in subjects if s.comment_only}
        learning = tt22.learning_result(scored, comment)
        conduct_year = tt22.year_conduct(conduct[(sid, 1)], conduct[(sid, 2)])
        out[tt22_decisions.year_decision(conduct_year, learning, absences[sid])] += 1
    return len(class_of), {str(k): n for k, n in out.items()}


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
            runs, found = [], None
            for _ in range(5):
                t0 = time.perf_counter()
                found = school_year_results(school_id, 2025)
                runs.append((time.perf_counter() - t0) * 1000)
                db.session.rollback()
            print(f"school year results ({found[0]} pupils, {found[1]}): {pct(runs)}")


if __name__ == "__main__":
    main()
