"""How long the monthly report (báo cáo tháng) takes to build on a PROVINCE-scale demo
with a term of attendance.

    .venv/bin/python bench/monthly_report.py --db-url postgresql://…/db [--repeat 5]

The database must hold the province demo already (bench/report_build.py loads one;
`flask db upgrade` it first). Without roll calls, a term is written straight into
attendance_records, in SQL, once: every school day from the start of teaching to
the last report month's data date, each pupil absent with probability 2.5 % (40 %
of them with permission; two-session classes in one session) — about 2 million
sparse rows for 720,000 pupils. Without marks, semester I's regular assessments
(ĐĐGtx) are written the same way, once: each one a secondary pupil's compulsory
subjects need (tt22.regular_count) entered with probability 60 %, dated from the
start of teaching to a fortnight after the data date — about 5 million rows. Then,
in-process as the report job does (scope resolution included), prints the median
and p95 of --repeat builds after one warm-up: the province report of every level,
the busiest district's and its largest school's primary and lower-secondary
reports (the latter with section V, Tiến độ nhập điểm). Goal (issue 16): ≤ 2 s per
province report.
"""

import argparse
import math
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from report_build import busiest_district, largest_school  # noqa: E402
from sqlalchemy import func, select, text  # noqa: E402

from smasweb import clock, codelists, create_app  # noqa: E402
from smasweb.extensions import db  # noqa: E402
from smasweb.models import ReportPeriod, Unit  # noqa: E402
from smasweb.models.assessment import Mark  # noqa: E402
from smasweb.models.attendance import AttendanceRecord  # noqa: E402
from smasweb.services import years as school_years  # noqa: E402
from smasweb.services.assessment import curriculum, tt22  # noqa: E402
from smasweb.services.calendar import school_days  # noqa: E402
from smasweb.services.guard_core import unguarded  # noqa: E402
from smasweb.services.reports import monthly, query_settings  # noqa: E402
from smasweb.services.reports.monthly import mark_progress  # noqa: E402
from smasweb.services.reports.scope import levels_of, reader, resolve  # noqa: E402

ABSENT, EXCUSED = 0.025, 0.4
TERM = text(
    "INSERT INTO attendance_records"
    " (school_id, class_id, student_id, day, session, status, reason,"
    "  version, created_at, updated_at)"
    " SELECT e.school_id, e.class_id, e.student_id, d.day,"
    "  CASE WHEN g.age_group IS NULL AND g.session_pattern IN ('4', '5', '6', '7')"
    "   THEN 'sang' ELSE 'ca_ngay' END,"
    "  CASE WHEN random() < :excused THEN 'P' ELSE 'K' END, NULL, 1, now(), now()"
    " FROM enrollments e JOIN class_groups g ON g.id = e.class_id"
    " CROSS JOIN unnest(CAST(:days AS date[])) AS d(day)"
    " WHERE e.year = :year AND random() < :absent"
)
ENTERED = 0.6
MARKS = text(
    "INSERT INTO marks"
    " (school_id, year, student_id, class_id, subject_code, semester, kind,"
    "  position, score, day, version, created_at, updated_at)"
    " SELECT e.school_id, :year, e.student_id, e.class_id, r.code, 1, 'tx', p.pos,"
    "  7.0, CAST(:first AS date) + CAST(floor(random() * :span) AS integer),"
    "  1, now(), now()"
    " FROM enrollments e JOIN class_groups g ON g.id = e.class_id"
    " JOIN unnest(CAST(:grades AS text[]), CAST(:codes AS text[]),"
    "  CAST(:counts AS integer[])) AS r(grade, code, n) ON r.grade = g.grade"
    " CROSS JOIN LATERAL generate_series(1, r.n) AS p(pos)"
    " WHERE e.year = :year AND random() < :entered"
)


def last_month(year: int) -> ReportPeriod:
    """The latest monthly period whose data date has passed (else the first)."""
    periods = list(
        db.session.scalars(
            select(ReportPeriod)
            .where(ReportPeriod.year == year, ReportPeriod.kind == "monthly")
            .order_by(ReportPeriod.opens_on)
        )
    )
    past = [p for p in periods if p.data_date <= clock.today()]
    return (past or periods)[-1]


def write_term(year: int, until) -> int:
    have = db.session.scalar(select(func.count()).select_from(AttendanceRecord))
    if have:
        return have
    first, _ = school_days.teaching_dates(year)
    days = school_days.between(first, until)
    t0 = time.perf_counter()
    with db.engine.begin() as conn:
        unguarded(conn, "bench: a term of roll calls")
        conn.execute(
            TERM,
            {"days": days, "year": year, "absent": ABSENT, "excused": EXCUSED},
        )
        conn.execute(text("ANALYZE attendance_records"))
    n = db.session.scalar(select(func.count()).select_from(AttendanceRecord))
    secs = time.perf_counter() - t0
    print(f"wrote {n:,} absences over {len(days)} school days in {secs:.1f} s")
    return n


def write_marks(year: int, data_date) -> int:
    have = db.session.scalar(select(func.count()).select_from(Mark))
    if have:
        return have
    grades, codes, counts = [], [], []
    for level in mark_progress.LEVELS:
        for grade in codelists_grades(level):
            source = mark_progress.CURRICULUM_GRADE.get(grade, grade)
            for s in curriculum.subjects(source, frozenset()):
                grades.append(grade)
                codes.append(s.code)
                counts.append(tt22.regular_count(s.periods, s.comment_only))
    first, _ = school_days.teaching_dates(year)
    span = (data_date + timedelta(days=15) - first).days
    t0 = time.perf_counter()
    with db.engine.begin() as conn:
        unguarded(conn, "bench: semester I's regular marks")
        conn.execute(
            MARKS,
            {
                "year": year,
                "first": first,
                "span": span,
                "grades": grades,
                "codes": codes,
                "counts": counts,
                "entered": ENTERED,
            },
        )
        conn.execute(text("ANALYZE marks"))
    n = db.session.scalar(select(func.count()).select_from(Mark))
    print(f"wrote {n:,} marks in {time.perf_counter() - t0:.1f} s")
    return n


def prepared(query, *args):
    query_settings.for_report()  # the report's planner settings, as a build has
    return query(*args)


def bare_mark_count(school_ids, grades, month) -> int:
    """The semester's ĐĐGtx grouped by school and subject, no pupil filter: the
    least any exact count of section V must read."""
    stmt = (
        select(Mark.school_id, Mark.subject_code, func.count())
        .where(
            Mark.year == month.year,
            Mark.semester == mark_progress.semester_of(month),
            Mark.kind == "tx",
            Mark.day <= month.end,
        )
        .group_by(Mark.school_id, Mark.subject_code)
    )
    return len(db.session.execute(stmt).all())


def codelists_grades(level: str) -> list[str]:
    return [r["code"] for r in codelists.rows("grades") if r["level"] == level]


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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db-url", required=True, help="a database with the province demo")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    app = create_app({"DATABASE_URL": args.db_url, "SECRET_KEY": "bench"})
    with app.app_context():
        year = school_years.current_year()
        period = last_month(year)
        n = write_term(year, period.data_date)
        print(f"{n:,} absences stored; report: {period.title}")
        print(f"{write_marks(year, period.data_date):,} marks stored")
        print(f"monthly report build, median of {args.repeat} after one warm-up")
        dept = db.session.scalars(select(Unit).where(Unit.kind == "department")).one()

        def build(unit_id: int, level: str):
            return monthly.build(resolve(reader(), unit_id, level, year, period))

        worst = 0.0
        for level in levels_of(dept):
            ms, p95 = timed_ms(lambda lv=level: build(dept.id, lv), args.repeat)
            worst = max(worst, ms)
            print(f"  province  level {level}: {ms:8.0f} ms, p95 {p95:5.0f}")
        scope = resolve(reader(), dept.id, "03", year, period)
        month = monthly.month_of(scope)
        for name, query in (
            ("entered", mark_progress.entered),
            ("required", mark_progress.required),
            ("floor", bare_mark_count),  # one scan of the marks, nothing else
        ):
            ms, p95 = timed_ms(
                lambda q=query: prepared(q, scope.school_ids, scope.grades, month),
                args.repeat,
            )
            print(
                f"  province  level 03, section V {name:<8}: {ms:5.0f} ms, p95 {p95:5.0f}"
            )
        for level in ("02", "03"):
            district = busiest_district(level)
            school = largest_school(district, level)
            for unit in (district, school):
                ms, p95 = timed_ms(
                    lambda u=unit, lv=level: build(u.id, lv), args.repeat
                )
                print(f"  {unit.kind:<9} level {level}: {ms:8.0f} ms, p95 {p95:5.0f}")
        verdict = "met" if worst <= 2000 else "NOT met"
        print(f"\ngoal ≤ 2 s per province report: {verdict} (worst {worst:.0f} ms)")


if __name__ == "__main__":
    main()
