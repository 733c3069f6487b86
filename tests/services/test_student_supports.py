"""Supports as dated grants: the as-of rule the reports count with, the write that
turns ticks into grants (start, end, re-tick), its rules, and the Excel import."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import Student, SupportGrant
from smasweb.services import years as school_years
from smasweb.services.errors import PeriodLocked, ValidationFailed
from smasweb.services.students import records as students
from smasweb.services.students import summary, supports
from smasweb.services.system import system_override
from tests.factories import make_student
from tests.services.test_students_import import classes, run, student  # noqa: F401
from tests.web.test_students_views import make_class

TODAY = clock.today


@pytest.fixture(autouse=True)
def y(app):
    """The school year, with "today" pinned to its 1 December (after every date used)."""
    year = school_years.period_year(clock.today())
    app.config["TODAY"] = date(year, 12, 1)
    yield year
    app.config["TODAY"] = None


def spans(pupil: Student) -> list[tuple]:
    stmt = (
        select(SupportGrant.code, SupportGrant.starts_on, SupportGrant.ends_on)
        .where(SupportGrant.student_id == pupil.id)
        .order_by(SupportGrant.code, SupportGrant.starts_on)
    )
    return [tuple(r) for r in db.session.execute(stmt)]


def grant(pupil, code, start, end=None) -> None:
    db.session.add(
        SupportGrant(
            school_id=pupil.school_id,
            student_id=pupil.id,
            code=code,
            starts_on=start,
            ends_on=end,
        )
    )
    db.session.flush()


def edit(world, pupil, codes, day=None):
    """The pupil form's save with these ticks and "Từ ngày"."""
    data = students.StudentData(
        full_name=pupil.full_name,
        gender=pupil.gender,
        birth_date=pupil.birth_date,
        school_code=pupil.school_code,
        supports=tuple(codes),
        supports_from=day,
    )
    students.update_student(world.clerk, pupil, data, pupil.version)


def holders(code, day) -> set[int]:
    stmt = select(Student.id).where(supports.granted_on(code, day))
    return set(db.session.scalars(stmt))


def test_a_grant_counts_from_its_first_through_its_last_day(world, y):
    a, b, c = (make_student(world.s1) for _ in range(3))
    grant(a, "03", date(y, 9, 5))  # open
    grant(b, "03", date(y, 10, 1), date(y, 10, 31))  # ended
    grant(c, "01", date(y, 9, 5))  # another support
    assert holders("03", date(y, 9, 4)) == set()
    assert holders("03", date(y, 9, 5)) == {a.id}
    assert holders("03", date(y, 10, 1)) == {a.id, b.id}
    assert holders("03", date(y, 10, 31)) == {a.id, b.id}
    assert holders("03", date(y, 11, 1)) == {a.id}
    assert holders(("01", "03"), date(y, 9, 5)) == {a.id, c.id}


def test_row_75_counts_only_the_grants_holding_on_the_data_date(world, y):
    cls = make_class(world.s1)
    year = cls.year
    assert year == y
    day = date(year, 9, 30)
    pupils = [make_student(world.s1, cls) for _ in range(6)]
    grant(pupils[0], "03", date(year, 9, 5))  # before the data date: counts
    grant(pupils[1], "03", day)  # granted on the data date: counts
    grant(pupils[2], "03", day + timedelta(days=1))  # granted after: not yet
    grant(pupils[3], "03", date(year, 9, 5), day - timedelta(days=1))  # ended before
    grant(pupils[4], "03", date(year, 9, 5), day)  # its last day is the data date
    grant(pupils[5], "01", date(year, 9, 5))  # a fee exemption is not row 75

    def row_75(on: date) -> int:
        rows = summary.build(world.admin, [world.s1.id], year, day=on)
        return next(r for r in rows if r.indicator == "75").cells[0]

    assert row_75(day) == 3  # pupils 0, 1, 4
    assert row_75(day + timedelta(days=1)) == 3  # pupils 0, 1, 2
    assert row_75(date(year, 9, 4)) == 0


def test_ticking_starts_a_grant_unticking_ends_it_the_day_before(world, y):
    pupil = make_student(world.s1)
    edit(world, pupil, ["01", "03"], date(y, 9, 5))
    assert spans(pupil) == [("01", date(y, 9, 5), None), ("03", date(y, 9, 5), None)]
    edit(world, pupil, ["03", "06"], date(y, 11, 2))
    assert spans(pupil) == [
        ("01", date(y, 9, 5), date(y, 11, 1)),
        ("03", date(y, 9, 5), None),  # unchanged: untouched
        ("06", date(y, 11, 2), None),
    ]
    assert supports.current_codes(pupil) == ("03", "06")


def test_re_ticking_joins_a_grant_ended_the_day_before_else_starts_anew(world, y):
    pupil = make_student(world.s1)
    edit(world, pupil, ["03"], date(y, 9, 5))
    edit(world, pupil, [], date(y, 10, 1))
    edit(world, pupil, ["03"], date(y, 10, 1))  # a slip undone: one grant
    assert spans(pupil) == [("03", date(y, 9, 5), None)]
    edit(world, pupil, [], date(y, 10, 1))
    edit(world, pupil, ["03"], date(y, 11, 15))
    assert spans(pupil) == [
        ("03", date(y, 9, 5), date(y, 9, 30)),
        ("03", date(y, 11, 15), None),
    ]


def test_unticking_on_the_first_day_removes_a_grant_that_never_held(world, y):
    pupil = make_student(world.s1)
    edit(world, pupil, ["05"], date(y, 10, 3))
    edit(world, pupil, [], date(y, 10, 3))
    assert spans(pupil) == []


def test_the_day_defaults_to_today_and_cannot_be_later_or_before_birth(world, y):
    pupil = make_student(world.s1)
    edit(world, pupil, ["02"])
    assert spans(pupil) == [("02", TODAY(), None)]
    for day, message in (
        (TODAY() + timedelta(days=1), supports.FUTURE),
        (pupil.birth_date - timedelta(days=1), supports.BEFORE_BIRTH),
    ):
        with pytest.raises(ValidationFailed) as err:
            edit(world, pupil, ["03"], day)
        assert (err.value.field, err.value.message) == ("supports_from", message)
    assert spans(pupil) == [("02", TODAY(), None)]


def test_a_new_pupil_gets_grants_from_the_form_day(world, y):
    cls = make_class(world.s1)
    data = students.StudentData(
        full_name="Lê Văn Tý",
        gender="01",
        birth_date=date(2018, 3, 4),
        supports=("01", "04"),
        supports_from=date(y, 9, 5),
    )
    pupil = students.create_student(world.clerk, world.s1, data, cls.id)
    assert spans(pupil) == [("01", date(y, 9, 5), None), ("04", date(y, 9, 5), None)]


@pytest.mark.real_calendar
def test_a_closed_window_writes_no_grant(app, world, y):
    with system_override("test setup"):
        pupil = make_student(world.s1)
        db.session.commit()
    app.config["TODAY"] = date(y, 9, 10)  # the pupils' window is shut
    try:
        with pytest.raises(PeriodLocked):
            edit(world, pupil, ["03"], date(y, 9, 10))
    finally:
        app.config["TODAY"] = None
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(SupportGrant)) == 0


def test_import_starts_ticked_supports_on_the_import_day_or_the_date_column(
    world,
    classes,  # noqa: F811
    y,
):
    rows = [
        student(supports="03"),
        student(
            school_code="HS002",
            personal_id="086318012346",
            supports="01,03",
            supports_from=f"05/09/{y}",
        ),
    ]
    report = run(world.clerk, world.s1, rows)
    assert report.ok
    first, second = (
        db.session.scalar(select(Student).filter_by(school_code=code))
        for code in ("HS001", "HS002")
    )
    assert spans(first) == [("03", TODAY(), None)]
    assert spans(second) == [("01", date(y, 9, 5), None), ("03", date(y, 9, 5), None)]
    # a later file drops 01 from 01/11: the grant ends on 31/10
    again = student(
        school_code="HS002",
        personal_id="086318012346",
        supports="03",
        supports_from=f"01/11/{y}",
    )
    assert run(world.clerk, world.s1, [again]).ok
    assert spans(second) == [
        ("01", date(y, 9, 5), date(y, 10, 31)),
        ("03", date(y, 9, 5), None),
    ]


def test_import_refuses_a_support_day_after_today(world, classes):  # noqa: F811
    later = (TODAY() + timedelta(days=1)).strftime("%d/%m/%Y")
    report = run(world.clerk, world.s1, [student(supports="03", supports_from=later)])
    assert not report.ok
    assert supports.FUTURE in " ".join(e.message for e in report.errors)
    assert db.session.scalar(select(func.count()).select_from(SupportGrant)) == 0


def test_a_pupil_with_several_grants_counts_once_in_every_row(world, y):
    """Rows 75 and 77 join the grants held on the day: a pupil holding both
    supports, or two overlapping grants of one (an import beside a form tick),
    is still one pupil in the total, row 75 and row 77."""
    cls = make_class(world.s1)
    day = date(y, 9, 30)
    both, twice, plain = (make_student(world.s1, cls) for _ in range(3))
    grant(both, "03", date(y, 9, 5))
    grant(both, "06", date(y, 9, 5))
    grant(twice, "06", date(y, 9, 5))
    grant(twice, "06", date(y, 9, 20), day)
    grant(plain, "06", date(y, 9, 5), date(y, 9, 10))  # ended before the day
    rows = {
        r.indicator: r.cells[0]
        for r in summary.build(world.admin, [world.s1.id], y, day=day)
    }
    pupils = db.session.scalar(
        select(func.count()).where(Student.school_id == world.s1.id, Student.active)
    )
    assert pupils == 3
    assert (rows["37"], rows["75"], rows["77"]) == (3, 1, 2)
