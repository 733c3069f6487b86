"""The demo's THCS graduation: last year's lớp 9 recognised in round 1 in two
schools (one pupil held back by an incomplete dossier), the others missing."""

from sqlalchemy import func, select

from smasweb.extensions import db
from smasweb.models import Unit
from smasweb.models.graduation import ThcsDecision, ThcsDossier, ThcsGraduate
from smasweb.services.graduation import thcs
from smasweb.services.reports.scope import reader


def test_two_schools_have_a_decision_that_recognised_their_eligible_pupils(demo_db):
    decisions = list(db.session.scalars(select(ThcsDecision)))
    assert len(decisions) == 2 and {d.round for d in decisions} == {1}
    assert db.session.scalar(select(func.count(ThcsDossier.id))) == 1
    for d in decisions:
        school = db.session.get(Unit, d.school_id)
        grad = thcs.load([school], d.year)[school.id]
        eligible = {c.student.id for c in grad.rows(1) if c.verdict.eligible}
        stored = set(
            db.session.scalars(
                select(ThcsGraduate.student_id).where(ThcsGraduate.decision_id == d.id)
            )
        )
        assert stored == eligible and stored
        assert d.council_unit == school.parent  # the district office in the demo
    others = [
        g for _, g in thcs.overview(reader(), decisions[0].year) if not g.decisions
    ]
    assert others  # the officers see the schools whose decision is missing
