"""The demo's calendars and unlock requests: both years, past periods locked, one
request in every state, and the granted one really lets its school write."""

from datetime import date

import pytest
from sqlalchemy import func, select

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import JobRun, ReportPeriod, Unit, UnlockRequest
from smasweb.services import years as school_years
from smasweb.services.calendar import windows as calendar


@pytest.fixture
def demo(demo_db):
    """The shared demo, loaded with today pinned to 01/12/2026."""
    return demo_db


def test_demo_has_both_calendars_with_past_periods_locked(demo):
    years = dict(
        db.session.execute(
            select(ReportPeriod.year, func.count()).group_by(ReportPeriod.year)
        ).all()
    )
    assert years == {2019: 18, 2026: 18}
    locked = db.session.scalars(
        select(ReportPeriod).where(ReportPeriod.locked_at.is_not(None))
    ).all()
    assert {p.kind for p in locked if p.year == 2026} == {"after_opening", "monthly"}
    assert all(p.locks_on <= date(2026, 12, 1) for p in locked)
    assert db.session.scalar(select(func.count()).select_from(JobRun)) == len(locked)


def test_demo_unlock_requests_cover_every_state_and_the_grant_works(demo):
    requests = {r.status: r for r in db.session.scalars(select(UnlockRequest))}
    assert set(requests) == {"pending", "granted", "refused", "expired"}
    assert requests["refused"].decision_note
    granted = requests["granted"]
    school = db.session.get(Unit, granted.school_id)
    with demo.test_request_context():
        assert calendar.allowed(school, "facilities")
        assert not calendar.allowed(school, "classes")
        other = db.session.get(Unit, requests["pending"].school_id)
        assert not calendar.allowed(other, "facilities")
        assert school_years.period_year(clock.today()) == 2026


def test_a_demo_pinned_back_into_a_window_is_open_again(demo):
    school = db.session.scalars(select(Unit).where(Unit.kind == "school")).first()
    demo.config["TODAY"] = date(2026, 9, 3)  # SMAS_TODAY before the demo's locks
    with demo.test_request_context():
        assert calendar.allowed(school, "facilities")
        opening = [w.period.kind for w in calendar.open_windows(school)]
        assert opening == ["after_opening"]


def test_every_locked_demo_period_with_a_report_is_frozen(demo):
    from smasweb.models.reports import ReportSnapshot

    opening = db.session.scalars(
        select(ReportPeriod).where(
            ReportPeriod.kind == "after_opening", ReportPeriod.locked_at.is_not(None)
        )
    ).all()
    assert {p.year for p in opening} == {2019, 2026}
    schools = db.session.scalar(select(func.count()).where(Unit.kind == "school"))
    for period in opening:  # every demo school was open on both data dates
        frozen = db.session.scalar(
            select(func.count(ReportSnapshot.unit_id.distinct())).where(
                ReportSnapshot.period_id == period.id
            )
        )
        assert frozen == schools
