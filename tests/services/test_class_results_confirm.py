"""Chốt kết quả without HTTP: who may, what a term stores (the year, after the
re-test and summer training, a primary class's year), all or nothing."""

from decimal import Decimal

import pytest
from sqlalchemy import select

from smasweb.extensions import db
from smasweb.models.assessment import ConductResult, StudentResult
from smasweb.services.assessment import results_confirm
from smasweb.services.errors import NotFound, PermissionDenied, ValidationFailed
from smasweb.services.system import system_override
from tests.services.results_data import (
    SETUP,
    YEAR_END,
    add_mark,
    add_marks,
    at,
    primary_class,
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


def _stored(term):
    stmt = select(StudentResult).where(StudentResult.term == term)
    return {r.student_id: r for r in db.session.scalars(stmt)}


def test_a_teacher_never_confirms(world, six_a):
    with at(YEAR_END), pytest.raises(PermissionDenied):
        results_confirm.confirm(world.teacher_b, six_a.id, "cn")
    assert _stored("cn") == {}


def test_an_unknown_term_is_not_found(world, six_a):
    with at(YEAR_END), pytest.raises(NotFound):
        results_confirm.confirm(world.leader_b, six_a.id, "hk3")


def test_semester_one_stores_learning_conduct_and_absences(world, six_a):
    with at(YEAR_END):
        assert results_confirm.confirm(world.leader_b, six_a.id, "hk1") == 5
    rows = _stored("hk1")
    dung = rows[six_a.p["Dũng"].id]
    assert (dung.learning, dung.conduct, dung.absences) == ("K", "K", 46)
    assert dung.decision is None and dung.award is None


def test_after_the_summer_waits_for_every_pupil_then_stores(world, six_a):
    p = six_a.p
    with at(YEAR_END), pytest.raises(ValidationFailed) as refused:
        results_confirm.confirm(world.leader_b, six_a.id, "sau")
    assert "còn 2 học sinh chưa đủ kết quả kiểm tra lại, rèn luyện hè" in str(
        refused.value.message
    )
    assert "Trần Thị Bình, Lê Văn Cường" in refused.value.message
    add_mark(six_a, p["Bình"], "toan", 2, "kl", Decimal("3.0"))
    add_mark(six_a, p["Bình"], "ngu_van", 2, "kl", Decimal("3.0"))
    with system_override("test: summer"):
        db.session.add(
            ConductResult(
                school_id=six_a.school_id, year=six_a.year, student_id=p["Cường"].id,
                class_id=six_a.id, semester=3, level="D",
            )
        )  # fmt: skip
        db.session.flush()
    with at(YEAR_END):
        assert results_confirm.confirm(world.leader_b, six_a.id, "sau") == 2
    rows = _stored("sau")
    assert set(rows) == {p["Bình"].id, p["Cường"].id}
    binh, cuong = rows[p["Bình"].id], rows[p["Cường"].id]
    assert (binh.learning, binh.decision) == ("CD", "o_lai_lop")  # both still 3.0
    assert (cuong.conduct, cuong.decision) == ("D", "len_lop")


def test_a_second_confirmation_updates_the_rows(world, six_a):
    with at(YEAR_END):
        results_confirm.confirm(world.leader_b, six_a.id, "cn")
        results_confirm.confirm(world.clerk_b, six_a.id, "cn")
    assert len(_stored("cn")) == 5


def test_a_primary_class_confirms_its_year_only(world):
    with at(SETUP):
        cls = primary_class(world)
        db.session.commit()
    with at(YEAR_END):
        with pytest.raises(NotFound):
            results_confirm.confirm(world.leader, cls.id, "hk1")
        assert results_confirm.confirm(world.leader, cls.id, "cn") == 2
    hoa, khoa = (_stored("cn")[cls.p[n].id] for n in ("Hoa", "Khoa"))
    assert (hoa.learning, hoa.decision, hoa.award) == ("HTXS", "hoan_thanh", "xuat_sac")
    assert (khoa.learning, khoa.decision) == ("CHT", "chua_hoan_thanh")
