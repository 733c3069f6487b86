"""Chốt kết quả stores each pupil's subject results beside the StudentResult: the
values the results page shows, per term, replaced by a later confirmation, and
nothing when the class is refused."""

from decimal import Decimal

import pytest
from sqlalchemy import select, update

from smasweb.extensions import db
from smasweb.models.assessment import ConductResult, Mark, SubjectResult
from smasweb.models.audit import AuditEntry
from smasweb.services.assessment import class_results, results_confirm
from smasweb.services.errors import ValidationFailed
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
SUBJECTS_6 = 12  # 8 scored, 4 comment-only


@pytest.fixture
def six_a(world):
    with at(SETUP):
        cls = secondary_class(world)
        add_marks(cls, cls.p["Em"], {})
        set_conduct(cls, cls.p["Em"], "T", "K")
        db.session.commit()
    return cls


def _stored(term) -> dict[tuple[int, str], SubjectResult]:
    stmt = select(SubjectResult).where(SubjectResult.term == term)
    return {(r.student_id, r.subject_code): r for r in db.session.scalars(stmt)}


def test_the_year_stores_every_subject_of_every_pupil(world, six_a):
    p = six_a.p
    with at(YEAR_END):
        results_confirm.confirm(world.leader_b, six_a.id, "cn")
    rows = _stored("cn")
    assert len(rows) == 5 * SUBJECTS_6
    assert rows[p["An"].id, "toan"].average == Decimal("8.5")
    assert rows[p["Bình"].id, "ngu_van"].average == Decimal("4.0")
    gdtc = rows[p["Bình"].id, "gdtc"]
    assert (gdtc.average, gdtc.verdict) == (None, "D")
    assert {r.class_id for r in rows.values()} == {six_a.id}
    assert _stored("hk1") == {}  # only the term confirmed
    audited = select(AuditEntry).where(AuditEntry.table_name == "subject_results")
    assert db.session.scalars(audited).first() is not None


def test_the_stored_values_are_the_pages(world, six_a):
    with at(YEAR_END):
        results_confirm.confirm(world.leader_b, six_a.id, "hk1")
        page = class_results.class_results(world.leader_b, six_a.id)
    rows = _stored("hk1")
    for row in page.rows:
        for code, terms in row.result.subjects.items():
            stored = rows[row.student.id, code]
            assert terms["hk1"] in (stored.average, stored.verdict)


def test_after_the_retest_its_marks_replace_the_year_average(world, six_a):
    p = six_a.p
    add_mark(six_a, p["Bình"], "toan", 2, "kl", Decimal("6.0"))
    add_mark(six_a, p["Bình"], "ngu_van", 2, "kl", Decimal("3.5"))
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
    assert {sid for sid, _ in rows} == {p["Bình"].id, p["Cường"].id}
    assert rows[p["Bình"].id, "toan"].average == Decimal("6.0")
    assert rows[p["Bình"].id, "ngu_van"].average == Decimal("3.5")
    assert rows[p["Bình"].id, "khtn"].average == Decimal("7.0")  # not re-tested
    assert rows[p["Cường"].id, "toan"].average == Decimal("7.0")  # summer only


def test_a_second_confirmation_replaces_the_values(world, six_a):
    an = six_a.p["An"]
    with at(YEAR_END):
        results_confirm.confirm(world.leader_b, six_a.id, "hk1")
    with system_override("test: a corrected mark"):
        db.session.execute(
            update(Mark)
            .where(Mark.student_id == an.id, Mark.subject_code == "toan",
                   Mark.semester == 1, Mark.kind == "ck")
            .values(score=Decimal("10.0"))
        )  # fmt: skip
    with at(YEAR_END):
        results_confirm.confirm(world.leader_b, six_a.id, "hk1")
    rows = _stored("hk1")
    assert len(rows) == 5 * SUBJECTS_6
    # (4·8.5 + 2·8.5 + 3·10) / 9 = 9.0 (toán has 4 regular marks), was 8.5
    assert rows[an.id, "toan"].average == Decimal("9.0")


def test_a_refused_class_stores_no_subject(world):
    with at(SETUP):
        cls = secondary_class(world)  # Em has no marks
        db.session.commit()
    with at(YEAR_END), pytest.raises(ValidationFailed):
        results_confirm.confirm(world.leader_b, cls.id, "cn")
    assert _stored("cn") == {}


def test_a_primary_year_stores_levels_and_test_scores(world):
    with at(SETUP):
        cls = primary_class(world)
        db.session.commit()
    with at(YEAR_END):
        results_confirm.confirm(world.leader, cls.id, "cn")
    rows = _stored("cn")
    khoa = cls.p["Khoa"].id
    assert (rows[khoa, "toan"].level, rows[khoa, "toan"].test_score) == ("C", 9)
    assert (rows[khoa, "dao_duc"].level, rows[khoa, "dao_duc"].test_score) == (
        "T",
        None,
    )
    assert rows[khoa, "toan"].average is None
