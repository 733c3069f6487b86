"""Year end: the stored decisions place last year's pupils in this year's classes."""

from datetime import date

import pytest
from sqlalchemy import func, select

from smasweb.extensions import db
from smasweb.models.students import Enrollment, Movement
from smasweb.services import years as school_years
from smasweb.services.assessment import promotion
from smasweb.services.assessment.promotion_run import run
from smasweb.services.errors import Conflict, PermissionDenied, ValidationFailed
from smasweb.services.students.as_of import pupils_on
from tests.factories import make_user
from tests.services.promotion_data import klass, last_year, pupil


@pytest.fixture
def thcs(world):
    """The THCS school with last year's 6A1 and 9A, and this year's 6A1 and 7A1."""
    y = last_year()
    school = world.s1b
    leader = make_user("school_leader", school)
    c6, c9 = klass(school, y, "06", "6A1"), klass(school, y, "09", "9A")
    n6, n7 = klass(school, y + 1, "06", "6A1"), klass(school, y + 1, "07", "7A1")
    return school, leader, y, (c6, c9), (n6, n7)


def _enrolment(student, year):
    return db.session.scalar(
        select(Enrollment).filter_by(student_id=student.id, year=year)
    )


def _moves(student):
    return list(db.session.scalars(select(Movement).filter_by(student_id=student.id)))


def test_promoted_pupil_moves_up_to_the_rolled_class(thcs):
    school, leader, y, (c6, _), (_, n7) = thcs
    p = pupil(c6, "len_lop")
    counts = run(leader, school, y)
    db.session.commit()
    assert counts == {"len_lop": 1}
    e = _enrolment(p, y + 1)
    assert (e.class_id, e.intake) == (n7.id, "up")
    assert _moves(p) == []


def test_repeater_stays_in_the_same_class_name_with_a_dated_repeat(thcs):
    school, leader, y, (c6, _), (n6, _) = thcs
    p = pupil(c6, "o_lai_lop")
    run(leader, school, y)
    db.session.commit()
    e = _enrolment(p, y + 1)
    assert (e.class_id, e.intake) == (n6.id, "repeat")
    (move,) = _moves(p)
    first_day = school_years.ensure_year(y + 1).starts_on
    assert (move.kind, move.on_date, move.class_id) == ("repeat", first_day, n6.id)
    db.session.refresh(p)
    assert p.active and p.status == "01"


def test_final_grade_leaves_with_a_dated_graduation(thcs):
    school, leader, y, (_, c9), _ = thcs
    p = pupil(c9, "len_lop")
    assert run(leader, school, y)["ra_truong"] == 1
    db.session.commit()
    assert _enrolment(p, y + 1) is None
    (move,) = _moves(p)
    assert move.kind == "graduated" and move.year == y + 1
    db.session.refresh(p)
    assert not p.active
    # gone from this year's counts, there until the end of last year
    first_day = school_years.ensure_year(y + 1).starts_on
    here_now = set(db.session.scalars(pupils_on(first_day, [school.id])))
    assert p.id not in here_now
    assert p.id in set(db.session.scalars(pupils_on(date(y + 1, 5, 31), [school.id])))


def test_lop9_repeater_needs_a_class_of_its_grade(thcs):
    school, leader, y, (_, c9), _ = thcs
    pupil(c9, "o_lai_lop")
    p = promotion.plan(leader, school, y)
    assert p.missing == ["một lớp thuộc khối 9"]
    with pytest.raises(ValidationFailed, match="chưa có một lớp thuộc khối 9"):
        run(leader, school, y)


def test_the_result_after_retest_decides_and_open_steps_wait(thcs):
    school, leader, y, (c6, _), (_, n7) = thcs
    retested = pupil(c6, "kiem_tra_lai", after="len_lop")
    waiting = pupil(c6, "ren_luyen_he")
    none = pupil(c6)
    p = promotion.plan(leader, school, y)
    assert [r.student.id for r in p.pending] == sorted([waiting.id, none.id])
    (cp,) = [c for c in p.classes if c.cls.id == c6.id]
    assert cp.target_name == "7A1"
    assert cp.counts == {"len_lop": 1, "chua_co": 2}
    run(leader, school, y)
    db.session.commit()
    assert _enrolment(retested, y + 1).class_id == n7.id
    assert _enrolment(waiting, y + 1) is None and _enrolment(none, y + 1) is None


def test_primary_follows_completion_and_lop5_leaves_without_lop6(world):
    y, school = last_year(), world.s1
    c1, c5 = klass(school, y, "01", "1A"), klass(school, y, "05", "5A")
    n1, n2 = klass(school, y + 1, "01", "1A"), klass(school, y + 1, "02", "2A")
    done, not_done = pupil(c1, learning="HT"), pupil(c1, learning="CHT")
    leaver = pupil(c5, learning="HTXS")
    assert run(world.leader, school, y) == {
        "len_lop": 1,
        "o_lai_lop": 1,
        "ra_truong": 1,
    }
    db.session.commit()
    assert _enrolment(done, y + 1).class_id == n2.id
    assert (
        _enrolment(not_done, y + 1).class_id,
        _enrolment(not_done, y + 1).intake,
    ) == (
        n1.id,
        "repeat",
    )
    assert _enrolment(leaver, y + 1) is None
    assert [m.kind for m in _moves(leaver)] == ["graduated"]


def test_missing_classes_name_them_and_write_nothing(thcs):
    school, leader, y, (c6, _), _ = thcs
    c6b = klass(school, y, "06", "6A2")
    pupil(c6, "o_lai_lop")
    pupil(c6b, "len_lop")
    p = promotion.plan(leader, school, y)
    assert p.missing == ["lớp 7A2"]
    with pytest.raises(ValidationFailed, match="chưa có lớp 7A2"):
        run(leader, school, y)
    db.session.rollback()
    assert (
        db.session.scalar(select(func.count(Enrollment.id)).filter_by(year=y + 1)) == 0
    )
    assert db.session.scalar(select(func.count(Movement.id))) == 0


def test_running_twice_writes_once(thcs):
    school, leader, y, (c6, c9), _ = thcs
    pupil(c6, "len_lop")
    pupil(c6, "o_lai_lop")
    pupil(c9, "len_lop")
    run(leader, school, y)
    db.session.commit()
    p = promotion.plan(leader, school, y)
    assert p.todo == [] and p.totals == {"da_xep": 3}
    with pytest.raises(Conflict, match="Đã xếp lớp"):
        run(leader, school, y)
    db.session.rollback()
    assert (
        db.session.scalar(select(func.count(Enrollment.id)).filter_by(year=y + 1)) == 2
    )
    assert db.session.scalar(select(func.count(Movement.id))) == 2


def test_a_pupil_who_left_during_the_year_is_not_placed(thcs):
    school, leader, y, (c6, _), _ = thcs
    gone = pupil(c6, "len_lop", active=False, status="05")
    p = promotion.plan(leader, school, y)
    assert gone.id not in {r.student.id for r in p.rows}


def test_no_decision_at_all_is_refused_clearly(thcs):
    school, leader, y, (c6, _), _ = thcs
    pupil(c6)
    with pytest.raises(ValidationFailed, match="chốt kết quả cả năm"):
        run(leader, school, y)


def test_teacher_may_not_run_it(world):
    with pytest.raises(PermissionDenied):
        run(world.teacher, world.s1, last_year())


def test_students_status_is_derived_from_the_graduation():
    from smasweb.services.students.rules import derive_status

    class M:
        def __init__(self, kind, day):
            self.kind, self.on_date, self.term, self.id = kind, day, None, 0

    status, active, since = derive_status(
        [M("admission", date(2020, 9, 5)), M("graduated", date(2025, 8, 1))]
    )
    assert (status, active, since) == ("01", False, date(2025, 8, 1))
