"""The month grid of a class: the absences saved through the roll call, the totals
and the rate counted by hand, holidays and weekends no column, the notation, and
one query for the month's records whatever the class's size."""

from datetime import date, datetime

import pytest

from smasweb import clock
from smasweb.extensions import db
from smasweb.services.attendance import month_grid, roll_call
from smasweb.services.calendar import school_days
from tests.factories import make_student
from tests.services.test_attendance import _klass, at

pytestmark = pytest.mark.real_calendar

TODAY = datetime(2026, 10, 14, 8, tzinfo=clock.VN_TZ)  # a Wednesday
MONDAY = date(2026, 10, 12)


@pytest.fixture
def klass(world):
    with at(datetime(2026, 9, 3, 9, tzinfo=clock.VN_TZ)):  # the classes' window
        return _klass(world)


def save(actor, cls, day, marks: dict) -> None:
    """Through the roll call service: {pupil: {session: status}}."""
    rc = roll_call.roll_call(actor, cls.id, day)
    entries = {p.id: (m, "Ốm") for p, m in marks.items()}
    roll_call.save_roll_call(actor, rc, entries)
    db.session.commit()


def test_the_grid_shows_two_absences_with_totals_and_rate(world, klass):
    an, binh, cuong = sorted(klass.pupils, key=lambda p: p.sort_key)
    with at(TODAY):
        school_days.add_holiday(
            world.admin, date(2026, 10, 13), date(2026, 10, 13), "Bão"
        )
        db.session.commit()
        save(
            world.teacher,
            klass,
            MONDAY,
            {an: {"sang": "P", "chieu": "P"}, binh: {"sang": "K"}},
        )
        grid = month_grid.month_grid(world.teacher, klass.id, 2026, 10)
    # October 2026: 22 weekdays, the 13th a holiday; counted up to today, the 14th.
    assert len(grid.days) == 21
    assert date(2026, 10, 13) not in grid.days and date(2026, 10, 10) not in grid.days
    assert grid.days[0] == date(2026, 10, 1) and grid.days[-1] == date(2026, 10, 30)
    assert grid.counted_to == date(2026, 10, 14)
    assert [r.student.full_name for r in grid.rows] == [
        "Lê Thị An",
        "Trần Văn Bình",
        "Nguyễn Văn Cường",
    ]
    monday = grid.days.index(MONDAY)
    assert [r.cells[monday] for r in grid.rows] == ["P", "K/–", ""]
    assert [(r.excused, r.unexcused) for r in grid.rows] == [(2, 0), (0, 1), (0, 0)]
    assert grid.absent_by_day[monday] == 2 and sum(grid.absent_by_day) == 2
    # 3 pupils × 9 school days (1, 2, 5–9, 12, 14) × 2 sessions = 54; 3 absent
    assert grid.expected == 54
    assert grid.rate == pytest.approx(100 * 51 / 54)
    assert grid.rate_text == "94,4%"


def test_the_notation_of_a_cell():
    two = ("sang", "chieu")
    assert month_grid.cell_text({}, two) == ""
    assert month_grid.cell_text({"sang": "K", "chieu": "K"}, two) == "K"
    assert month_grid.cell_text({"sang": "P", "chieu": "K"}, two) == "P/K"
    assert month_grid.cell_text({"chieu": "P"}, two) == "–/P"
    assert month_grid.cell_text({"ca_ngay": "P"}, ("ca_ngay",)) == "P"


def test_a_month_to_come_has_no_rate_and_a_past_one_counts_every_day(world, klass):
    with at(TODAY):
        coming = month_grid.month_grid(world.clerk, klass.id, 2026, 11)
        past = month_grid.month_grid(world.clerk, klass.id, 2026, 9)
    assert coming.counted_to is None and coming.rate_text == "–"
    # September: from the first day of teaching (05/09) on, 2/9 a holiday anyway
    assert past.days[0] == date(2026, 9, 7) and len(past.days) == 18
    assert past.expected == 3 * 18 * 2 and past.rate_text == "100,0%"


def test_one_query_for_the_months_records_whatever_the_size(
    world, klass, count_queries
):
    with at(datetime(2026, 9, 3, 9, tzinfo=clock.VN_TZ)):
        pupils = [make_student(world.s1, klass) for _ in range(12)]
        db.session.commit()
    with at(TODAY):
        few = count_queries(
            lambda: month_grid.month_grid(world.clerk, klass.id, 2026, 10)
        )
        for day in (date(2026, 10, d) for d in (1, 2, 5, 6, 7, 8, 9, 12)):
            save(
                world.clerk,
                klass,
                day,
                {p: {"sang": "K", "chieu": "P"} for p in pupils},
            )
        db.session.expire_all()
        many = count_queries(
            lambda: month_grid.month_grid(world.clerk, klass.id, 2026, 10)
        )
        grid = month_grid.month_grid(world.clerk, klass.id, 2026, 10)
    assert grid.absent_sessions == 12 * 8 * 2
    assert many == few <= 6, (few, many)
