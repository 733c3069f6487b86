"""How long the monthly report (báo cáo tháng) takes to build on a PROVINCE-scale demo
with a term of attendance.

    .venv/bin/python bench/monthly_report.py --db-url postgresql://…/db [--repeat 5]

The database must hold the province demo already (bench/report_build.py loads one;
`flask db upgrade` it first). Without roll calls, a term is written straight into
attendance_records, in SQL, once: every school day from the start of teaching to
the last report month's data date, each pupil absent with probability 2.5 % (40 %
of them with permission; two-session classes in one session) — about 2 million
sparse rows for 720,000 pupils. Then, in-process as the report job does (scope
resolution included), prints the median and p95 of --repeat builds after one
warm-up: the province report of every level, the busiest district's and its
largest school's primary report. Goal (issue 16): ≤ 2 s per province report.
"""

import argparse
import math
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from report_build import busiest_district, largest_school  # noqa: E402
from sqlalchemy import func, select, text  # noqa: E402

from smasweb import clock, create_app  # noqa: E402
from smasweb.extensions import db  # noqa: E402
from smasweb.models import ReportPeriod, Unit  # noqa: E402
from smasweb.models.attendance import AttendanceRecord  # noqa: E402
from smasweb.services import years as school_years  # noqa: E402
from smasweb.services.calendar import school_days  # noqa: E402
from smasweb.services.guard_core import unguarded  # noqa: E402
from smasweb.services.reports import monthly  # noqa: E402
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
        print(f"monthly report build, median of {args.repeat} after one warm-up")
        dept = db.session.scalars(select(Unit).where(Unit.kind == "department")).one()

        def build(unit_id: int, level: str):
            return monthly.build(resolve(reader(), unit_id, level, year, period))

        worst = 0.0
        for level in levels_of(dept):
            ms, p95 = timed_ms(lambda lv=level: build(dept.id, lv), args.repeat)
            worst = max(worst, ms)
            print(f"  province  level {level}: {ms:8.0f} ms, p95 {p95:5.0f}")
        district = busiest_district("02")
        school = largest_school(district, "02")
        for unit in (district, school):
            ms, p95 = timed_ms(lambda u=unit: build(u.id, "02"), args.repeat)
            print(f"  {unit.kind:<9} level 02: {ms:8.0f} ms, p95 {p95:5.0f}")
        verdict = "met" if worst <= 2000 else "NOT met"
        print(f"\ngoal ≤ 2 s per province report: {verdict} (worst {worst:.0f} ms)")


if __name__ == "__main__":
    main()
