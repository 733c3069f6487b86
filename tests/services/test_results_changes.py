"""What moved since Chốt kết quả (results_changes): the day each term was
confirmed, the pupils whose result today differs from the stored one (a
learning or decision that moved, or a subject value alone), names only for who
sees them, and one query whatever the class's size."""

from decimal import Decimal

import pytest
from sqlalchemy import update

from smasweb.extensions import db
from smasweb.models.assessment import Mark
from smasweb.services.assessment import class_results, results_changes, results_confirm
from smasweb.services.system import system_override
from tests.factories import make_student
from tests.services.results_data import (
    SETUP,
    YEAR_END,
    add_marks,
    at,
    secondary_class,
    set_conduct,
)

pytestmark = pytest.mark.real_calendar


@pytest.fixture
def six_a(world):
    with at(SETUP):
        cls = secondary_class(world)
        add_marks(cls, cls.p["Em"], {})  # every pupil complete
        set_conduct(cls, cls.p["Em"], "T", "K")
        db.session.commit()
    return cls


def set_score(pupil, code, semester, score, kinds=("tx", "gk", "ck")) -> None:
    with system_override("test: a corrected mark"):
        db.session.execute(
            update(Mark)
            .where(Mark.student_id == pupil.id, Mark.subject_code == code,
                   Mark.semester == semester, Mark.kind.in_(kinds))
            .values(score=Decimal(score))
        )  # fmt: skip
        db.session.commit()


def _changes(user, cls):
    return results_changes.changes(class_results.class_results(user, cls.id))


def test_a_term_not_confirmed_has_no_day_and_no_change(world, six_a):
    with at(YEAR_END):
        changes = _changes(world.leader_b, six_a)
    assert set(changes.terms) == {"hk1", "hk2", "cn", "sau"}
    cn = changes.status("cn")
    assert not cn.confirmed and cn.changed == []


def test_a_mark_changed_after_the_year_is_confirmed_flags_the_pupil(world, six_a):
    an = six_a.p["An"]
    with at(YEAR_END):
        results_confirm.confirm(world.leader_b, six_a.id, "cn")
        db.session.commit()
        assert _changes(world.leader_b, six_a).status("cn").changed == []
    set_score(an, "toan", 2, "3.0")  # the year's Toán falls to 4,8: no longer Giỏi
    with at(YEAR_END):
        changes = _changes(world.leader_b, six_a)
        officer = _changes(world.district, six_a)
    cn = changes.status("cn")
    assert cn.confirmed_on.isoformat() == "2027-05-27"
    assert [r.student.id for r in cn.changed] == [an.id]
    assert changes.is_changed(an.id, "cn") and not changes.is_changed(an.id, "hk1")
    assert changes.labels("cn") == ["Nguyễn Văn An"]
    assert officer.labels("cn") == ["Học sinh 1"]


def test_a_subject_value_alone_counts_as_a_change(world, six_a):
    an = six_a.p["An"]
    with at(YEAR_END):
        results_confirm.confirm(world.leader_b, six_a.id, "hk1")
        db.session.commit()
    set_score(an, "toan", 1, "9.0", kinds=("ck",))  # ĐTBmhk 8,5 → 8,7: still Tốt
    with at(YEAR_END):
        changes = _changes(world.leader_b, six_a)
    assert changes.labels("hk1") == ["Nguyễn Văn An"]


def test_a_pupil_come_since_the_confirmation_counts_as_changed(world, six_a):
    with at(YEAR_END):
        results_confirm.confirm(world.leader_b, six_a.id, "hk1")
        db.session.commit()
    with at(SETUP):
        new = make_student(world.s1b, six_a, full_name="Đặng Văn Phúc")
        add_marks(six_a, new, {})
        set_conduct(six_a, new, "T", "T")
        db.session.commit()
    with at(YEAR_END):
        changes = _changes(world.leader_b, six_a)
    assert changes.labels("hk1") == ["Đặng Văn Phúc"]


def test_the_changes_take_one_query_whatever_the_class(world, six_a, count_queries):
    with at(YEAR_END):
        results_confirm.confirm(world.leader_b, six_a.id, "cn")
        db.session.commit()
        results = class_results.class_results(world.leader_b, six_a.id)
        before = count_queries(lambda: results_changes.changes(results))
        for i in range(5):
            with at(SETUP):
                pupil = make_student(world.s1b, six_a, full_name=f"Học Sinh Thêm{i}")
            add_marks(six_a, pupil, {})
        db.session.commit()
        results = class_results.class_results(world.leader_b, six_a.id)
        assert count_queries(lambda: results_changes.changes(results)) == before == 1
