"""The year end feeds this year's after-opening counts: rows 57 (mới tuyển đầu cấp)
and 58 (lưu ban năm trước) and the grade rows come from last year's decisions."""

from datetime import date

from smasweb.services.assessment.promotion_run import run
from smasweb.services.schools import classes_bulk
from smasweb.services.students import summary
from tests.factories import make_unit, make_user
from tests.services.promotion_data import klass, last_year, pupil


def test_next_years_after_opening_counts_come_from_the_decisions(world):
    y = last_year()
    # a primary + lower secondary school (phổ thông cơ sở): lớp 5 goes on to lớp 6
    school = make_unit("school", world.d1, level_group="09")
    leader = make_user("school_leader", school)
    c1, c5 = klass(school, y, "01", "1A"), klass(school, y, "05", "5A")
    c6 = klass(school, y, "06", "6A")
    pupil(c1, learning="HT")
    pupil(c1, learning="CHT", gender="02")  # the girl repeats lớp 1
    pupil(c5, learning="HTT")
    pupil(c6, "len_lop")
    pupil(c6, "o_lai_lop")
    pupil(c6, "kiem_tra_lai")  # still to be re-tested: not placed
    rolled = classes_bulk.rollover(leader, school, y)  # 2A, 7A; lớp 5 does not roll
    assert sorted(c.name for c in rolled) == ["2A", "7A"]
    for grade, name in (("01", "1A"), ("06", "6A")):  # this year's first grades
        klass(school, y + 1, grade, name)

    assert run(leader, school, y) == {"len_lop": 3, "o_lai_lop": 2}
    rows = summary.build(leader, [school.id], y + 1, day=date(y + 1, 9, 30))
    got = {r.key: r.cells[:2] for r in rows}  # total, girls

    assert got["total"] == [5, 1]
    assert got["grade01"] == [1, 1]  # the lớp 1 repeater
    assert got["grade02"] == [1, 0]
    assert got["grade06"] == [2, 0]  # from lớp 5, and the lớp 6 repeater
    assert got["grade07"] == [1, 0]
    assert "grade05" not in got
    assert got["new"] == [1, 0]  # lớp 5 → lớp 6: an intake of the new level
    assert got["repeat"] == [2, 1]
    by_code = {r.indicator: r.cells[:2] for r in rows if r.indicator}
    assert by_code["57"] == got["new"] and by_code["58"] == got["repeat"]
