"""Section III (Học sinh) of the start-of-year form equals a count by hand."""

from datetime import date

import pytest
from sqlalchemy import select

from smasweb.extensions import db
from smasweb.models.schools import ClassGroup
from smasweb.models.students import Enrollment, Movement
from smasweb.services import years as school_years
from smasweb.services.errors import NotFound
from smasweb.services.students import summary
from tests.factories import make_student, make_unit

Z = [0] * 12


@pytest.fixture
def year():
    return school_years.ensure_year(school_years.current_year()).year


def klass(school, year, grade, name, pattern="1"):
    cls = ClassGroup(
        school_id=school.id, year=year, grade=grade, name=name, session_pattern=pattern
    )
    db.session.add(cls)
    db.session.flush()
    return cls


def student(school, cls, born: int, girl=False, enrol=None, **values):
    s = make_student(
        school,
        cls,
        gender="02" if girl else "01",
        birth_date=date(born, 5, 6),
        **values,
    )
    if enrol:
        e = db.session.scalar(select(Enrollment).filter_by(student_id=s.id))
        for k, v in enrol.items():
            setattr(e, k, v)
        db.session.flush()
    return s


def by_code(rows) -> dict:
    return {r.indicator: r.cells for r in rows if r.indicator}


@pytest.fixture
def schools(world, year):
    """s1 (public primary): 1A (two sessions a day), 2A; a private primary: 5A."""
    y, s1 = year, world.s1
    private = make_unit("school", world.d1, level_group=s1.level_group)
    private.ownership = "02"
    c1, c2 = klass(s1, y, "01", "1A", "4"), klass(s1, y, "02", "2A")
    c5 = klass(private, y, "05", "5A")
    khmer = {"ethnicity": "05"}
    student(s1, c1, y - 6, girl=True, enrol={"intake": "new"})
    student(
        s1,
        c1,
        y - 7,
        **khmer,
        enrol={"intake": "repeat"},
        disability="03",
        policy_categories="11,08",
        supports="03",
    )
    student(
        s1,
        c1,
        y - 6,
        girl=True,
        **khmer,
        enrol={"intake": "new", "semi_boarding": True},
    )
    student(
        s1,
        c2,
        y - 7,
        enrol={"intake": "up", "two_sessions": True},
        policy_categories="01",
    )
    admitted = student(
        s1, c2, y - 9, girl=True, enrol={"intake": "up"}, disability="06"
    )
    db.session.add(
        Movement(
            school_id=s1.id,
            student_id=admitted.id,
            year=y,
            kind="admission",
            on_date=date(y, 9, 10),
            term="1",
        )
    )
    student(s1, c2, y - 7, active=False, status="05")  # dropped out: not counted
    make_student(s1, birth_date=date(y - 8, 1, 1))  # no class this year: not counted
    student(private, c5, y - 10, girl=True, **khmer, enrol={"intake": "up"})
    student(private, c5, y - 12, ethnicity="55")  # a foreigner is no ethnic minority
    db.session.flush()
    return s1, private


def test_summary_of_two_schools_equals_a_count_by_hand(world, year, schools):
    rows = summary.build(world.admin, [s.id for s in schools], year)
    got = by_code(rows)
    # columns: total, girls, minority, minority girls; public ×4; private ×4
    assert got["37"] == [7, 4, 3, 2, 5, 3, 2, 1, 2, 1, 1, 1]
    assert got["38"] == got["37"] and got["39"] == Z  # no profile: plains
    assert got["40"] == [3, 2, 2, 1, 3, 2, 2, 1, 0, 0, 0, 0]  # lớp 1
    assert got["41"] == [2, 1, 0, 0, 2, 1, 0, 0, 0, 0, 0, 0]  # lớp 2
    assert got["44"] == [2, 1, 1, 1, 0, 0, 0, 0, 2, 1, 1, 1]  # lớp 5
    assert "42" not in got and "43" not in got  # no class of grades 3, 4
    assert got["45"] == Z  # under 6
    assert got["46"] == [2, 2, 1, 1, 2, 2, 1, 1, 0, 0, 0, 0]  # 6
    assert got["47"] == [2, 0, 1, 0, 2, 0, 1, 0, 0, 0, 0, 0]  # 7
    assert got["48"] == Z
    assert got["49"] == [1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0]  # 9
    assert got["50"] == [1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1]  # 10
    assert got["51"] == [1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0]  # above 10
    assert got["52"] == got["46"]  # 6 in grade 1
    assert got["53"] == [1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]  # 7 in grade 2
    assert got["56"] == got["50"]  # 10 in grade 5
    # 2 new in grade 1; the pupil admitted into grade 2 is no first-grade intake
    assert got["57"] == [2, 2, 1, 1, 2, 2, 1, 1, 0, 0, 0, 0]
    assert got["58"] == [1, 0, 1, 0, 1, 0, 1, 0, 0, 0, 0, 0]
    assert got["59"] == [4, 2, 2, 1, 4, 2, 2, 1, 0, 0, 0, 0]  # class 1A + one pupil
    assert got["60"] == [1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0]
    assert got["61"] == [2, 1, 1, 0, 2, 1, 1, 0, 0, 0, 0, 0]
    assert got["62"] == [1, 0, 1, 0, 1, 0, 1, 0, 0, 0, 0, 0]  # nhìn
    assert got["63"] == got["64"] == got["65"] == got["66"] == Z
    assert got["74"] == [2, 0, 1, 0, 2, 0, 1, 0, 0, 0, 0, 0]
    assert got["75"] == got["76"] == [1, 0, 1, 0, 1, 0, 1, 0, 0, 0, 0, 0]
    assert [r.indicator for r in rows][:6] == ["37", "38", "39", "40", "41", "44"]


def test_secondary_grades_get_their_own_rows_without_primary_codes(world, year):
    cls = klass(world.s1b, year, "06", "6A1")
    student(world.s1b, cls, year - 11, girl=True)
    student(world.s1b, cls, year - 13)
    rows = summary.build(world.admin, [world.s1b.id], year)
    cells = {r.label: (r.indicator, r.total) for r in rows}
    assert cells["Học sinh lớp 6"] == ("", 2)
    assert cells["Dưới 11 tuổi"] == ("", 0)
    assert cells["11 tuổi"] == ("", 1)
    assert cells["Trên 11 tuổi"] == ("", 1)
    assert cells["Học sinh 11 tuổi học lớp 6"] == ("", 1)


def test_scope_divisions_and_districts(world, year, schools):
    cls = klass(world.s1b, year, "06", "6A1")
    student(world.s1b, cls, year - 11)
    cls2 = klass(world.s2, year, "03", "3A")
    student(world.s2, cls2, year - 8)

    def total(actor, ids=None):
        return by_code(summary.build(actor, ids, year))["37"][0]

    assert total(world.admin) == 7 + 1 + 1
    assert total(world.division_mnth) == 7 + 1  # primary schools, not s1b (THCS)
    assert total(world.district) == 7 + 1  # d1's schools: not s2
    assert total(world.district, [world.s2.id]) == 0  # outside: nothing counted
    assert total(world.leader) == 5  # own school
    with pytest.raises(NotFound):
        summary.build(world.division, None, year)  # TCCB reads no pupils


@pytest.mark.parametrize("pupil_filter_max", [0, 200])
def test_a_long_school_list_counts_the_same_as_a_short_one(
    world, year, schools, monkeypatch, pupil_filter_max
):
    """A province-sized list filters the per-school counts, not the pupils: the
    same pupils count, and a school left out of the list adds nobody."""
    monkeypatch.setattr(summary, "PUPIL_FILTER_MAX", pupil_filter_max)
    other = klass(world.s2, year, "03", "3A")
    student(world.s2, other, year - 8)  # in a school outside the list
    s1, private = schools
    both = by_code(summary.build(world.admin, [s1.id, private.id], year))
    assert both["37"] == [7, 4, 3, 2, 5, 3, 2, 1, 2, 1, 1, 1]  # as counted above
    only_private = by_code(summary.build(world.admin, [private.id], year))
    assert only_private["37"] == [2, 1, 1, 1, 0, 0, 0, 0, 2, 1, 1, 1]
    assert only_private["75"] == Z  # s1's supported pupil is not in the list
