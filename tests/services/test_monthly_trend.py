"""The monthly board's trend: a district's schools month by month, recounted by
hand from the rows written here (two report months of 2026–2027)."""

from datetime import date

import pytest
from sqlalchemy import select

from smasweb.extensions import db
from smasweb.models import ReportPeriod
from smasweb.models.attendance import AttendanceRecord
from smasweb.models.schools import ClassGroup
from smasweb.models.students import Movement
from smasweb.services.calendar import rules as calendar_rules
from smasweb.services.reports import board
from smasweb.services.reports.monthly import trend
from smasweb.services.system import system_override
from tests.factories import make_student

Y = 2026
TODAY = date(Y, 11, 30)
# September's report month: 16/08–15/09, taught from 05/09: 7 weekdays (07–11,
# 14–15/09); October's: 16/09–15/10, 22 weekdays, no holiday
SEPT_DAYS, OCT_DAYS = 7, 22


def period(month: int) -> ReportPeriod:
    return db.session.scalar(
        select(ReportPeriod).where(
            ReportPeriod.year == Y,
            ReportPeriod.kind == "monthly",
            ReportPeriod.month == month,
        )
    )


def klass(school, grade, pattern=None) -> ClassGroup:
    cls = ClassGroup(
        school_id=school.id,
        year=Y,
        grade=grade,
        name=grade + "A",
        session_pattern=pattern,
    )
    db.session.add(cls)
    db.session.flush()
    return cls


def absent(cls, pupil, day: date, session: str, status: str) -> None:
    db.session.add(
        AttendanceRecord(
            school_id=cls.school_id,
            class_id=cls.id,
            student_id=pupil.id,
            day=day,
            session=session,
            status=status,
        )
    )


def drop_out(pupil, day: date) -> None:
    pupil.active = False
    db.session.add(
        Movement(
            school_id=pupil.school_id,
            student_id=pupil.id,
            year=Y,
            kind="dropout",
            on_date=day,
            term="1",
            reason="01",
        )
    )


@pytest.fixture
def schools(world, app, monkeypatch):
    """d1's s1: lớp 1 (one session a day) with three pupils, one of whom drops out
    on 05/10, lớp 2 (two sessions) with two; d1's THCS: one pupil of lớp 6; d2's
    s2: a pupil who drops out and misses a day (not d1's)."""
    monkeypatch.setitem(app.config, "TODAY", TODAY)
    calendar_rules.ensure_year(Y)
    c1, c2 = klass(world.s1, "01"), klass(world.s1, "02", "4")
    c6, other = klass(world.s1b, "06"), klass(world.s2, "01")
    boy, _, quits = (make_student(world.s1, c1) for _ in range(3))
    girl = make_student(world.s1, c2, gender="02")
    make_student(world.s1, c2)
    thcs = make_student(world.s1b, c6)
    far = make_student(world.s2, other)
    drop_out(quits, date(Y, 10, 5))
    drop_out(far, date(Y, 10, 6))
    with system_override("test: past roll calls"):
        absent(c1, boy, date(Y, 9, 8), "ca_ngay", "K")  # September
        absent(c2, girl, date(Y, 9, 10), "sang", "P")
        absent(c1, boy, date(Y, 9, 16), "ca_ngay", "P")  # October from here
        absent(c2, girl, date(Y, 10, 15), "sang", "K")
        absent(c2, girl, date(Y, 10, 15), "chieu", "K")
        absent(c1, boy, date(Y, 10, 16), "ca_ngay", "K")  # November's
        absent(c6, thcs, date(Y, 10, 1), "ca_ngay", "K")
        absent(other, far, date(Y, 10, 1), "ca_ngay", "K")
        db.session.flush()
    db.session.commit()
    return world


def test_two_months_equal_a_count_by_hand(schools):
    points = trend.trend(schools.d1, period(10), ["02"])
    assert [p.label for p in points] == ["09/2026", "10/2026"]
    sept, october = points
    # September: 3 pupils × 1 session + 2 × 2 a day, 7 days; two absences
    assert (sept.due, sept.absent, sept.dropouts) == (7 * SEPT_DAYS, 2, 0)
    assert sept.rate == round(100 * (49 - 2) / 49, 2) == 95.92
    # October: the dropout has left by 15/10: 2 × 1 + 2 × 2 a day, 22 days
    assert (october.due, october.absent, october.dropouts) == (6 * OCT_DAYS, 3, 1)
    assert october.rate == round(100 * (132 - 3) / 132, 2) == 97.73


def test_the_levels_chosen_count_and_other_districts_do_not(schools):
    sept, october = trend.trend(schools.d1, period(10), ["02", "03"])
    # the THCS pupil: one session a day, one absence in October
    assert (sept.due, sept.absent) == (8 * SEPT_DAYS, 2)
    assert (october.due, october.absent, october.dropouts) == (7 * OCT_DAYS, 4, 1)
    both = trend.trend(schools.dept, period(10), ["02"])
    assert [p.dropouts for p in both] == [0, 2]  # s2's dropout counts for the province


def test_a_month_under_way_counts_up_to_today(schools, app, monkeypatch):
    monkeypatch.setitem(app.config, "TODAY", date(Y, 10, 2))
    points = trend.trend(schools.d1, period(12), ["02"])
    assert [p.label for p in points] == ["09/2026", "10/2026"]  # November not begun
    # 16/09–02/10: 13 weekdays; the 05/10 dropout is still to come
    assert points[1].due == 7 * 13 and points[1].dropouts == 0


def test_the_queries_do_not_grow_with_the_months(schools, count_queries):
    two = count_queries(lambda: trend.trend(schools.d1, period(10), ["02"]))
    db.session.expire_all()
    four = count_queries(lambda: trend.trend(schools.d1, period(12), ["02"]))
    assert four == two <= 10


def test_the_chart_scales_rates_and_bars(schools):
    chart = trend.chart(trend.trend(schools.d1, period(10), ["02"]))
    sept, october = chart["columns"]
    assert chart["low"] == 90  # the rates' axis runs from 90 to 100 %
    assert october["bar"] == 50 and sept["bar"] == 0  # the tallest bar: 1 dropout
    assert october["y"] < sept["y"]  # 97,73 % above 95,92 %


def test_the_board_counts_the_levels_its_reader_reads(schools):
    def october(actor):
        found = board.build_board(actor, schools.d1.id, period(10).id)
        return trend.for_board(found).points[-1]

    assert october(schools.district).absent == 4  # every level: the THCS pupil too
    assert october(schools.division_mnth).absent == 3  # MN and TH only
    after_opening = board.build_board(schools.district, schools.d1.id)
    assert trend.for_board(after_opening) is None
