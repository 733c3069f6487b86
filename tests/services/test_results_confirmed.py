"""The documents' results after Chốt kết quả (results_confirmed): each pupil's
stored terms in place of today's, the year after the re-test only once stored,
and which papers are confirmed, changed since or drafts."""

from decimal import Decimal

import pytest
from sqlalchemy import update

from smasweb.extensions import db
from smasweb.models.assessment import PrimaryEvaluation
from smasweb.services.assessment import (
    class_results,
    results_changes,
    results_confirm,
    results_confirmed,
)
from smasweb.services.assessment.tt22_decisions import Decision
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


def _printed(user, cls, term):
    results = class_results.class_results(user, cls.id)
    changes = results_changes.changes(results)
    statuses = results_confirmed.statuses(results, changes, term)
    results_confirmed.print_confirmed(results, changes)
    return {r.student.id: r.result for r in results.rows}, statuses


def test_a_retest_after_the_confirmed_year_is_not_printed(world):
    with at(SETUP):
        cls = secondary_class(world)
        add_marks(cls, cls.p["Em"], {})
        set_conduct(cls, cls.p["Em"], "T", "K")
        db.session.commit()
    binh = cls.p["Bình"]
    with at(YEAR_END):
        results_confirm.confirm(world.leader_b, cls.id, "cn")
        db.session.commit()
    add_mark(cls, binh, "toan", 2, "kl", Decimal("6.0"))
    add_mark(cls, binh, "ngu_van", 2, "kl", Decimal("6.0"))
    db.session.commit()
    with at(YEAR_END):
        printed, statuses = _printed(world.leader_b, cls, "cn")
    r = printed[binh.id]
    assert r.decision == Decision.RETEST and r.retest == ("ngu_van", "toan")
    assert r.final is None and r.learning_after is None  # "sau" not confirmed
    assert statuses[binh.id] == results_confirmed.CHANGED
    assert statuses[cls.p["An"].id] == results_confirmed.CONFIRMED


def test_a_primary_year_prints_its_stored_levels(world):
    with at(SETUP):
        cls = primary_class(world)
        db.session.commit()
    khoa = cls.p["Khoa"]
    with at(YEAR_END):
        results_confirm.confirm(world.leader, cls.id, "cn")
        db.session.commit()
    with system_override("test: a corrected level"):
        db.session.execute(
            update(PrimaryEvaluation)
            .where(PrimaryEvaluation.student_id == khoa.id,
                   PrimaryEvaluation.item == "toan")
            .values(level="T")
        )  # fmt: skip
        db.session.commit()
    with at(YEAR_END):
        printed, statuses = _printed(world.leader, cls, "cn")
        _, semester = _printed(world.leader, cls, "hk1")
    r = printed[khoa.id]
    assert (r.result, r.decision, r.subjects["toan"].level) == (
        "CHT",
        "chua_hoan_thanh",
        "C",
    )
    assert r.completion == "Chưa hoàn thành chương trình lớp học"
    assert statuses[khoa.id] == results_confirmed.CHANGED
    assert semester == {}  # a primary class confirms its year only
