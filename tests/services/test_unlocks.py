"""Unlock requests: who may ask and answer, the answers' effect on the guard, expiry."""

from datetime import date, datetime

import pytest
import time_machine
from sqlalchemy import select

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import Notice, ReportPeriod
from smasweb.services.calendar import rules as calendar_rules
from smasweb.services.calendar import unlocks
from smasweb.services.calendar import windows as calendar
from smasweb.services.errors import (
    Conflict,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)

pytestmark = pytest.mark.real_calendar

AFTER_LOCK = datetime(2026, 9, 20, 10, 0, tzinfo=clock.VN_TZ)
REASON = "Nhập thiếu hai phòng học mới xây xong."


@pytest.fixture
def period(world) -> ReportPeriod:
    calendar_rules.ensure_year(2026)
    db.session.commit()
    return db.session.scalar(
        select(ReportPeriod).where(
            ReportPeriod.year == 2026, ReportPeriod.kind == "after_opening"
        )
    )


@pytest.fixture
def pending(world, period):
    with time_machine.travel(AFTER_LOCK, tick=False):
        req = unlocks.request_unlock(
            world.clerk, world.s1, period, ["facilities"], REASON
        )
    db.session.commit()
    return req


def test_a_clerk_asks_for_its_own_school(world, period):
    req = unlocks.request_unlock(world.clerk, world.s1, period, ["facilities"], REASON)
    assert (req.status, req.fields, req.school_id) == (
        "pending",
        "facilities",
        world.s1.id,
    )
    assert req.requested_by_id == world.clerk.id


@pytest.mark.parametrize(
    ("who", "error"),
    [
        ("teacher", PermissionDenied),
        ("district", PermissionDenied),
        ("clerk2", NotFound),
    ],
)
def test_only_the_schools_leader_or_clerk_may_ask(world, period, who, error):
    with pytest.raises(error):
        unlocks.request_unlock(
            getattr(world, who), world.s1, period, ["budget"], REASON
        )


@pytest.mark.parametrize(
    ("fields", "reason", "bad"),
    [
        ([], REASON, "fields"),
        (["nope"], REASON, "fields"),
        (["budget"], "ngắn", "reason"),
    ],
)
def test_a_request_needs_fields_and_a_reason(world, period, fields, reason, bad):
    with pytest.raises(ValidationFailed) as exc:
        unlocks.request_unlock(world.clerk, world.s1, period, fields, reason)
    assert exc.value.field == bad


def test_a_grant_opens_exactly_the_named_school_and_fields_until_its_day(
    world, pending
):
    with time_machine.travel(AFTER_LOCK, tick=False):
        assert not calendar.allowed(world.s1, "facilities")
        unlocks.grant(world.district, pending, ["facilities"], date(2026, 9, 25))
        db.session.commit()
        assert calendar.allowed(world.s1, "facilities")
        assert not calendar.allowed(world.s1, "budget")
        assert not calendar.allowed(world.s2, "facilities")
    last_second = datetime(2026, 9, 25, 23, 59, 59, tzinfo=clock.VN_TZ)
    assert calendar.allowed(world.s1, "facilities", last_second)
    next_day = datetime(2026, 9, 26, 0, 0, 0, tzinfo=clock.VN_TZ)
    assert not calendar.allowed(world.s1, "facilities", next_day)
    notice = db.session.scalars(select(Notice)).one()
    assert (notice.unit_id, notice.url) == (world.s1.id, "/calendar/")
    assert notice.title == "Yêu cầu mở khóa đã được chấp nhận"


def test_a_district_answers_only_for_its_schools(world, pending):
    with pytest.raises(NotFound):
        unlocks.get_request(world.district2, pending.id)
    with pytest.raises(PermissionDenied):
        unlocks.grant(world.district2, pending, ["facilities"], date(2026, 12, 25))
    assert unlocks.get_request(world.district, pending.id) is pending
    assert unlocks.get_request(world.admin, pending.id) is pending
    with pytest.raises(PermissionDenied):
        unlocks.get_request(world.clerk, pending.id)


def test_an_answered_request_cannot_be_answered_again(world, pending):
    with time_machine.travel(AFTER_LOCK, tick=False):
        unlocks.refuse(world.admin, pending, "Đã quá hạn báo cáo.")
        with pytest.raises(Conflict):
            unlocks.grant(world.admin, pending, ["facilities"], date(2026, 9, 25))
        with pytest.raises(Conflict):
            unlocks.refuse(world.admin, pending, "Lần nữa")
    assert pending.decision_note == "Đã quá hạn báo cáo."


def test_a_refusal_needs_a_reason_and_a_grant_a_future_day(world, pending):
    with time_machine.travel(AFTER_LOCK, tick=False):
        with pytest.raises(ValidationFailed) as exc:
            unlocks.refuse(world.admin, pending, "  ")
        assert exc.value.field == "note"
        with pytest.raises(ValidationFailed) as exc:
            unlocks.grant(world.admin, pending, ["facilities"], date(2026, 9, 19))
        assert exc.value.field == "expires_on"
    assert pending.status == "pending"


def test_expire_due_marks_the_grants_past_their_expiry(world, pending, period):
    with time_machine.travel(AFTER_LOCK, tick=False):
        unlocks.grant(world.admin, pending, ["facilities"], date(2026, 9, 25))
        later = unlocks.request_unlock(
            world.clerk, world.s1, period, ["budget"], REASON
        )
        unlocks.grant(world.admin, later, ["budget"], date(2026, 10, 5))
    db.session.commit()
    day_after = datetime(2026, 9, 26, 1, 0, tzinfo=clock.VN_TZ)
    assert unlocks.expire_due(day_after) == [pending]
    assert unlocks.expire_due(day_after) == []
    assert (pending.status, later.status) == ("expired", "granted")


def test_the_inbox_is_scoped_filtered_and_searched_without_diacritics(world, pending):
    with time_machine.travel(AFTER_LOCK, tick=False):
        other = unlocks.request_unlock(
            world.clerk2, world.s2, pending.period, ["budget"], REASON
        )
    db.session.commit()
    assert {
        r.id for r in unlocks.list_requests(world.admin, "pending", "", 1).rows
    } == {
        pending.id,
        other.id,
    }
    assert [r.id for r in unlocks.list_requests(world.district, "all", "", 1).rows] == [
        pending.id
    ]
    found = unlocks.list_requests(world.admin, "pending", "tra con", 1)
    assert [r.id for r in found.rows] == [other.id]
    assert unlocks.list_requests(world.admin, "granted", "", 1).total == 0
    with pytest.raises(PermissionDenied):
        unlocks.list_requests(world.clerk, "pending", "", 1)


def test_the_department_grants_without_a_request(world):
    with time_machine.travel(AFTER_LOCK, tick=False):
        school = unlocks.find_school(world.admin, "86857001")
        req = unlocks.grant_direct(
            world.admin, school, ["budget"], date(2026, 9, 21), "Bổ sung"
        )
        assert calendar.allowed(world.s1, "budget")
        assert unlocks.find_school(world.admin, "trường tiểu học trà côn") == world.s2
        assert unlocks.find_school(world.admin, "tra con") == world.s2
        assert unlocks.find_school(world.admin, "long phuoc") is None  # two match
        assert unlocks.find_school(world.district, "tra con") is None  # not its own
        with pytest.raises(PermissionDenied):
            unlocks.grant_direct(
                world.district, world.s1, ["budget"], date(2026, 9, 21)
            )
    assert (req.status, req.period_id, req.granted_fields) == (
        "granted",
        None,
        "budget",
    )


def test_a_field_already_asked_for_cannot_be_asked_again_while_pending(
    world, pending, period
):
    with pytest.raises(ValidationFailed, match="đang chờ duyệt") as exc:
        unlocks.request_unlock(
            world.leader, world.s1, period, ["budget", "facilities"], REASON
        )
    assert exc.value.field == "fields"
    other = unlocks.request_unlock(world.leader, world.s1, period, ["budget"], REASON)
    assert other.status == "pending"
    unlocks.refuse(world.admin, pending, "Không cần thiết")
    again = unlocks.request_unlock(
        world.clerk, world.s1, period, ["facilities"], REASON
    )
    assert again.status == "pending"
