"""The year end writes inside this year's after-opening window (or an unlock of the
pupils' field), and outside them refuses with 423 and writes nothing."""

from datetime import date

import pytest
from sqlalchemy import func, select

from smasweb.extensions import db
from smasweb.models.students import Enrollment, Movement
from smasweb.services import years as school_years
from smasweb.services.assessment.promotion_run import run
from smasweb.services.errors import PeriodLocked
from tests.factories import make_user, unlock_past_years
from tests.services.promotion_data import klass, last_year, pupil

pytestmark = pytest.mark.real_calendar


@pytest.fixture
def school_year_end(world, app, monkeypatch):
    """Last year's 6A (a promoted pupil, a repeater) and 9A (a leaver)."""
    y = last_year()
    school = world.s1b
    leader = make_user("school_leader", school)
    c6, c9 = klass(school, y, "06", "6A"), klass(school, y, "09", "9A")
    klass(school, y + 1, "06", "6A"), klass(school, y + 1, "07", "7A")
    pupil(c6, "len_lop"), pupil(c6, "o_lai_lop"), pupil(c9, "len_lop")
    db.session.commit()

    def on(day: date) -> None:
        monkeypatch.setitem(app.config, "TODAY", day)

    return school, leader, y, on


def _written() -> tuple[int, int]:
    enrolments = db.session.scalar(select(func.count(Enrollment.id)))
    return enrolments, db.session.scalar(select(func.count(Movement.id)))


def test_refused_after_the_after_opening_lock_and_nothing_written(school_year_end):
    school, leader, y, on = school_year_end
    before = _written()
    on(date(y + 1, 10, 20))
    assert school_years.current_year() == y + 1
    with pytest.raises(PeriodLocked) as refused:
        run(leader, school, y)
    db.session.rollback()
    assert refused.value.status == 423
    assert _written() == before


def test_runs_inside_the_after_opening_window(school_year_end):
    school, leader, y, on = school_year_end
    on(date(y + 1, 9, 3))
    assert run(leader, school, y) == {"len_lop": 1, "o_lai_lop": 1, "ra_truong": 1}


def test_an_unlock_of_the_pupils_field_lets_it_run_later(world, school_year_end):
    school, leader, y, on = school_year_end
    on(date(y + 1, 10, 20))
    unlock_past_years(world.admin, school, "students")
    assert sum(run(leader, school, y).values()) == 3
