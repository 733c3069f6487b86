"""How long the school-year report (tổng kết năm học) takes to build on a
PROVINCE-scale demo with a year of marks and results.

    .venv/bin/python bench/term_report.py --db-url postgresql://…/db --reuse
                                          [--repeat 3]

--reuse: the database holds the province demo already (bench/report_build.py
loads one; `flask db upgrade` it first: the subject results need 0019); without
it the database must be EMPTY and the demo is loaded here. What the demo lacks
is written straight in SQL, once: for every secondary pupil and scored subject,
each semester's regular marks (as many as tt22.regular_count asks), mid-term and
end-of-term, random scores 3.0–10.0, where the demo (which stops at today's
marks of semester I) has none (about 20 million rows); for every pupil of
levels 02–05 a stored result of semester I and of the year (StudentResult, as
Chốt kết quả writes them; random levels, decisions and awards); from the marks,
each secondary pupil's subject averages of semester I and the year
(SubjectResult, computed in SQL once by tt22's rule: the reports count these,
not the marks). Then, in-process as the report job does (scope resolution
included), prints the median and p95 of --repeat builds after one warm-up: the
province report of every level, and the semester I report of lower secondary.
Goal (issue 17): ≤ 3 s per province report.
"""

import argparse
import math
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from home_rps import run_flask  # noqa: E402
from list_pages import load_demo  # noqa: E402
from sqlalchemy import delete, func, select, text  # noqa: E402

from smasweb import create_app  # noqa: E402
from smasweb.extensions import db  # noqa: E402
from smasweb.models import ReportPeriod, Unit  # noqa: E402
from smasweb.models.assessment import (  # noqa: E402
    Mark,
    StudentResult,
    SubjectResult,
)
from smasweb.models.students import Enrollment  # noqa: E402
from smasweb.services.assessment import curriculum, tt22  # noqa: E402
from smasweb.services.calendar import rules as calendar_rules  # noqa: E402
from smasweb.services.guard_core import unguarded  # noqa: E402
from smasweb.services.reports import get  # noqa: E402
from smasweb.services.reports.scope import levels_of, reader, resolve  # noqa: E402

GOAL_MS = 3000
SECONDARY = [f"{g:02d}" for g in range(6, 13)]
MARKS = text(
    "INSERT INTO marks (school_id, year, student_id, class_id, subject_code,"
    " semester, kind, position, score, verdict, day, version, created_at,"
    " updated_at)"
    " SELECT e.school_id, e.year, e.student_id, e.class_id, r.code, s.sem, k.kind,"
    "  k.pos, round(CAST(3 + random() * 7 AS numeric), 1), NULL,"
    "  CASE s.sem WHEN 1 THEN make_date(e.year, 11, 20)"
    "   ELSE make_date(e.year + 1, 4, 20) END, 1, now(), now()"
    " FROM enrollments e JOIN class_groups g ON g.id = e.class_id"
    " JOIN (SELECT * FROM unnest(CAST(:grades AS text[]), CAST(:codes AS text[]),"
    "   CAST(:needs AS int[])) AS t(grade, code, need)) r ON r.grade = g.grade"
    " CROSS JOIN (VALUES (1), (2)) AS s(sem)"
    " JOIN (SELECT 'tx' AS kind, n AS pos FROM generate_series(1, 4) n"
    "   UNION ALL VALUES ('gk', 1), ('ck', 1)) k"
    "  ON k.kind <> 'tx' OR k.pos <= r.need"
    " WHERE e.year = :year"
    # the demo writes this term's marks so far: the rest of the year is added
    " ON CONFLICT ON CONSTRAINT uq_marks_student_id DO NOTHING"
)
RESULTS = text(
    "INSERT INTO student_results (school_id, year, student_id, class_id, term,"
    " learning, conduct, absences, decision, award, decided_on, version,"
    " created_at, updated_at)"
    " SELECT e.school_id, e.year, e.student_id, e.class_id, t.term,"
    "  CASE WHEN g.grade <= '05' THEN (ARRAY['HTXS','HTT','HT','CHT'])[q.l]"
    "   ELSE (ARRAY['T','K','D','CD'])[q.l] END,"
    "  CASE WHEN g.grade > '05' THEN (ARRAY['T','K','D','CD'])[q.c] END,"
    "  0,"
    "  CASE WHEN t.term = 'cn' AND g.grade <= '05' THEN"
    "    CASE WHEN q.l = 4 THEN 'chua_hoan_thanh' ELSE 'hoan_thanh' END"
    "   WHEN t.term = 'cn' THEN CASE WHEN q.c = 4 THEN 'ren_luyen_he'"
    "    WHEN q.l = 4 THEN 'kiem_tra_lai' ELSE 'len_lop' END END,"
    "  CASE WHEN t.term = 'cn' AND q.l = 1 AND (g.grade <= '05' OR q.c = 1)"
    "   THEN CASE WHEN g.grade <= '05' THEN 'xuat_sac' ELSE 'gioi' END END,"
    "  CASE t.term WHEN 'hk1' THEN make_date(e.year, 12, 28)"
    "   ELSE make_date(e.year + 1, 5, 28) END, 1, now(), now()"
    " FROM enrollments e JOIN class_groups g ON g.id = e.class_id"
    " CROSS JOIN (VALUES ('hk1'), ('cn')) AS t(term)"
    " CROSS JOIN LATERAL (SELECT 1 + floor(random() * 3.3)::int AS l,"
    "  1 + floor(random() * 3.2)::int AS c) q"
    " WHERE e.year = :year AND g.grade BETWEEN '01' AND '12'"
    "  AND (t.term = 'cn' OR g.grade > '05')"
)

# Chốt kết quả's subject results (SubjectResult) of semester I and the year from
# the marks, as the results engine computes them (tt22: in integer tenths,
# rounded half up; every bench pupil has each mark a subject needs)
SUBJECTS = text(
    "INSERT INTO subject_results (school_id, year, student_id, class_id, term,"
    " subject_code, average, verdict, level, test_score, version, created_at,"
    " updated_at)"
    " WITH m AS (SELECT school_id, year, student_id, max(class_id) AS class_id,"
    "   subject_code AS code,"
    "   sum(w * t) FILTER (WHERE semester = 1) AS s1,"
    "   sum(w * t) FILTER (WHERE semester = 2) AS s2,"
    "   count(*) FILTER (WHERE semester = 1 AND kind = 'tx') + 5 AS w1,"
    "   count(*) FILTER (WHERE semester = 2 AND kind = 'tx') + 5 AS w2"
    "  FROM (SELECT *, CASE kind WHEN 'gk' THEN 2 WHEN 'ck' THEN 3 ELSE 1 END AS w,"
    "    CAST(round(score * 10) AS int) AS t FROM marks"
    "    WHERE year = :year AND kind IN ('tx', 'gk', 'ck')"
    "     AND score IS NOT NULL) x"
    "  GROUP BY school_id, year, student_id, subject_code),"
    " a AS (SELECT *, (2 * s1 + w1) / (2 * w1) AS a1, (2 * s2 + w2) / (2 * w2) AS a2"
    "  FROM m)"
    " SELECT school_id, year, student_id, class_id, t.term, code,"
    "  CASE t.term WHEN 'hk1' THEN a1 ELSE (2 * (a1 + 2 * a2) + 3) / 6 END / 10.0,"
    "  NULL, NULL, NULL, 1, now(), now()"
    " FROM a CROSS JOIN (VALUES ('hk1'), ('cn')) AS t(term)"
    " WHERE a2 IS NOT NULL OR t.term = 'hk1'"
)


def _needs() -> tuple[list, list, list]:
    rows = [
        (g, s.code, tt22.regular_count(s.periods, s.comment_only))
        for g in SECONDARY
        for s in curriculum.subjects(g)
        if s.assessment == "score"
    ]
    return [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]


def write_year(year: int) -> None:
    """A year of marks and results, unless the database has some."""
    t0 = time.perf_counter()
    with db.engine.begin() as conn:
        unguarded(conn, "bench: a year of marks and results")
        second = select(func.count()).where(Mark.year == year, Mark.semester == 2)
        if not conn.scalar(second):  # the demo stops at today's marks
            grades, codes, needs = _needs()
            conn.execute(
                MARKS, {"grades": grades, "codes": codes, "needs": needs, "year": year}
            )
            conn.execute(text("ANALYZE marks"))
        if not conn.scalar(select(func.count()).select_from(StudentResult)):
            conn.execute(RESULTS, {"year": year})
            conn.execute(text("ANALYZE student_results"))
        year_done = select(func.count()).where(
            SubjectResult.year == year, SubjectResult.term == "cn"
        )
        if not conn.scalar(year_done):
            conn.execute(delete(SubjectResult).where(SubjectResult.year == year))
            conn.execute(SUBJECTS, {"year": year})
            conn.execute(text("ANALYZE subject_results"))
    marks = db.session.scalar(select(func.count()).select_from(Mark))
    results = db.session.scalar(select(func.count()).select_from(StudentResult))
    subjects = db.session.scalar(select(func.count()).select_from(SubjectResult))
    secs = time.perf_counter() - t0
    print(f"{marks:,} marks, {results:,} stored results, {subjects:,} stored subject"
          f" results ({secs:.1f} s to ensure)")  # fmt: skip


def timed_ms(fn, repeat: int) -> tuple[float, float]:
    fn()  # warm-up
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - t0) * 1000)
        db.session.rollback()
    runs.sort()
    return statistics.median(runs), runs[math.ceil(0.95 * len(runs)) - 1]


def measure(url: str, repeat: int) -> None:
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
    with app.app_context():
        year = db.session.scalar(select(func.max(Enrollment.year)))
        calendar_rules.ensure_year(year)
        db.session.commit()
        write_year(year)
        dept = db.session.scalars(select(Unit).where(Unit.kind == "department")).one()

        def period(kind: str) -> ReportPeriod:
            return db.session.scalars(
                select(ReportPeriod).where(
                    ReportPeriod.kind == kind, ReportPeriod.year == year
                )
            ).one()

        def build(code: str, kind: str, level: str):
            scope = resolve(reader(), dept.id, level, year, period(kind))
            return get(code).build(scope)

        print(f"province term reports, median of {repeat} after one warm-up")
        worst = 0.0
        runs = [("school_year", "school_year", lv) for lv in levels_of(dept)]
        runs.append(("semester1", "semester_1", "03"))
        for code, kind, level in runs:
            if level == "01":
                continue  # no term report for preschool
            ms, p95 = timed_ms(lambda c=code, k=kind, lv=level: build(c, k, lv), repeat)
            worst = max(worst, ms)
            print(f"  {code:<11} level {level}: {ms:8.0f} ms, p95 {p95:5.0f}")
        verdict = "met" if worst <= GOAL_MS else "NOT met"
        print(f"\ngoal ≤ 3 s per province report: {verdict} (worst {worst:.0f} ms)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db-url", required=True, help="a PostgreSQL database")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--reuse", action="store_true", help="the demo is loaded already")
    args = ap.parse_args()
    if not args.reuse:
        with tempfile.TemporaryDirectory(prefix="smas-bench-") as tmp:
            env = dict(os.environ, SMAS_DATABASE_URL=args.db_url,
                       SMAS_SECRET_KEY="bench", SMAS_INSTANCE_PATH=tmp)  # fmt: skip
            run_flask(env, "db", "upgrade")
            seconds = load_demo(env, Path(tmp) / "demo.json")
            print(f"province demo loaded in {seconds:.1f} s")
    measure(args.db_url, args.repeat)


if __name__ == "__main__":
    main()
