"""The approval chain of the after-opening report (gửi → phê chuẩn / từ chối), what
becomes official after the lock, the diff, and the board's completeness list."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import ClassGroup, Room, SchoolProfile
from smasweb.models.reports import ReportSnapshot, ReportSubmission, SubmissionEvent
from smasweb.services import years as school_years
from smasweb.services.calendar import unlocks
from smasweb.services.calendar import windows as calendar
from smasweb.services.errors import (
    Conflict,
    NotFound,
    PeriodLocked,
    PermissionDenied,
    ValidationFailed,
)
from smasweb.services.reports import approvals, completeness, official
from smasweb.services.reports import board as tracking
from smasweb.services.reports.scope import ReportScope
from tests.factories import make_staff, make_student, make_unit, make_user


@pytest.fixture
def year():
    return school_years.ensure_year(school_years.current_year()).year


@pytest.fixture
def period(world, year):
    return approvals.get_period(None)


def klass(school, year, name="1A", grade="01"):
    cls = ClassGroup(school_id=school.id, year=year, grade=grade, name=name)
    db.session.add(cls)
    db.session.flush()
    return cls


@pytest.fixture
def s1_data(world, year):
    """s1: class 1A with two pupils."""
    cls = klass(world.s1, year)
    make_student(world.s1, cls, personal_id="086218000001")
    make_student(world.s1, cls, personal_id="086218000002")
    db.session.commit()
    return cls


def students(school, period) -> int:
    """Total pupils printed by the school's official report now."""
    definition = approvals.definition()
    scope = ReportScope(school, "02", period.year, period, [school])
    return official.current(definition, scope).data.table("pupils").row("37").total


def lock(period) -> None:
    calendar.lock(period)
    official.freeze_at_lock(period)
    db.session.commit()


def send(world, period, who="leader", school="s1", level="02"):
    row = approvals.send(getattr(world, who), getattr(world, school), level, period)
    db.session.commit()
    return row


def test_the_chain_send_reject_fix_send_approve(world, period, s1_data, year):
    row = send(world, period)
    first = row.snapshot_id
    assert (row.status, row.sent_by_id) == ("sent", world.leader.id)
    assert db.session.get(ReportSnapshot, first).reason == "send"
    with pytest.raises(Conflict, match="đã được gửi"):
        send(world, period)  # same numbers: nothing new to send
    db.session.rollback()

    with pytest.raises(ValidationFailed) as exc:
        approvals.reject(world.district, row, "  ")
    assert exc.value.field == "note"
    approvals.reject(world.district, row, "Thiếu học sinh lớp 1A")
    db.session.commit()
    assert (row.status, row.note, row.official_snapshot_id) == (
        "rejected",
        "Thiếu học sinh lớp 1A",
        None,
    )

    make_student(world.s1, s1_data, personal_id="086218000003")  # the school fixes
    db.session.commit()
    row = send(world, period)
    assert row.status == "sent" and row.snapshot_id != first and row.note is None
    approvals.approve(world.district, row, version=row.version)
    db.session.commit()
    assert (row.status, row.official_snapshot_id) == ("approved", row.snapshot_id)
    with pytest.raises(Conflict, match="chưa thay đổi"):
        send(world, period)
    db.session.rollback()

    events = db.session.scalars(
        select(SubmissionEvent).order_by(SubmissionEvent.id)
    ).all()
    assert [e.action for e in events] == ["send", "reject", "send", "approve"]
    assert events[1].note == "Thiếu học sinh lớp 1A"
    assert events[0].actor.startswith(world.leader.full_name)
    second = row.snapshot_id
    assert [e.snapshot_id for e in events] == [first, first, second, second]


def test_after_the_lock_an_unlocked_change_is_official_only_once_approved(
    world, period, s1_data
):
    lock(period)
    assert official.is_frozen(period) and students(world.s1, period) == 2
    with pytest.raises(PeriodLocked):
        make_student(world.s1, s1_data)
    db.session.rollback()

    until = clock.today() + timedelta(days=7)
    unlocks.grant_direct(world.admin, world.s1, ["students"], until, "Sửa sĩ số")
    db.session.commit()
    make_student(world.s1, s1_data, personal_id="086218000009")
    db.session.commit()
    assert students(world.s1, period) == 2  # live change, official unchanged

    row = send(world, period)
    assert row.status == "sent" and students(world.s1, period) == 2
    lock_snap = row.official_snapshot_id
    assert db.session.get(ReportSnapshot, lock_snap).reason == "lock"

    changes = tracking.diff(
        world.district, world.s1.id, "02", period.id, lock_snap, row.snapshot_id
    ).changes
    assert {"old": 2, "new": 3} in [{k: c[k] for k in ("old", "new")} for c in changes]

    approvals.approve(world.district, row)
    db.session.commit()
    assert students(world.s1, period) == 3
    assert row.official_snapshot_id == row.snapshot_id != lock_snap


def test_a_report_sent_before_the_lock_and_approved_after_it_keeps_the_lock(
    world, period, s1_data
):
    row = send(world, period)
    make_student(world.s1, s1_data, personal_id="086218000005")  # after sending
    db.session.commit()
    lock(period)
    lock_snap = row.official_snapshot_id
    assert students(world.s1, period) == 3
    approvals.approve(world.district, row)
    db.session.commit()
    assert row.status == "approved" and row.official_snapshot_id == lock_snap
    assert students(world.s1, period) == 3


def test_diff_against_live_and_only_the_schools_own_snapshots(world, period, s1_data):
    row = send(world, period)
    d = tracking.diff(
        world.leader, world.s1.id, "02", period.id, row.snapshot_id, "live"
    )
    assert d.changes == [] and d.after is None
    make_student(world.s1, s1_data, personal_id="086218000004")
    db.session.commit()
    d = tracking.diff(
        world.leader, world.s1.id, "02", period.id, row.snapshot_id, "live"
    )
    assert any(c["old"] == 2 and c["new"] == 3 for c in d.changes)
    with pytest.raises(NotFound):  # another school's page cannot show s1's numbers
        tracking.diff(
            world.leader2, world.s2.id, "02", period.id, row.snapshot_id, "live"
        )
    with pytest.raises(NotFound):
        tracking.diff(
            world.district2, world.s1.id, "02", period.id, row.snapshot_id, "live"
        )
    with pytest.raises(NotFound):
        tracking.diff(world.leader, world.s1.id, "02", period.id, "x", "live")


@pytest.mark.parametrize(
    ("who", "error"),
    [
        ("clerk", PermissionDenied),
        ("teacher", PermissionDenied),
        ("district", PermissionDenied),
        ("admin", PermissionDenied),
        ("leader2", NotFound),
        ("district2", NotFound),
    ],
)
def test_only_the_schools_leader_sends(world, period, who, error):
    with pytest.raises(error):
        send(world, period, who)


def test_who_approves(world, period):
    secondary = make_unit(
        "division",
        world.dept,
        name="Phòng Giáo dục Trung học",
        fields="students",
        levels="03,04",
    )
    officer = make_user("division", secondary)
    row = send(world, period)
    for who in ("leader", "clerk", "division", "division_mnth"):
        with pytest.raises(PermissionDenied):
            approvals.approve(getattr(world, who), row)
    with pytest.raises(NotFound):
        approvals.get_submission(world.district2, row.id)
    with pytest.raises(PermissionDenied):
        approvals.approve(officer, row)  # s1 is under a district office

    thpt = send(world, period, "leader_thpt", "thpt", "04")
    with pytest.raises(NotFound):
        approvals.get_submission(world.district, thpt.id)
    with pytest.raises(PermissionDenied):
        approvals.approve(world.division, thpt)  # TCCB: no levels, approves nothing
    approvals.approve(officer, thpt)
    approvals.approve(world.admin, row)
    db.session.commit()
    assert (row.status, thpt.status) == ("approved", "approved")


def test_only_a_sent_report_is_decided_and_only_once(world, period):
    row = send(world, period)
    stale = row.version
    approvals.approve(world.district, row, version=stale)
    db.session.commit()
    with pytest.raises(Conflict):
        approvals.reject(world.admin, row, "Sai", version=stale)
    with pytest.raises(Conflict):
        approvals.approve(world.admin, row)  # approved already


def test_two_approvers_racing_the_second_gets_a_conflict(world, period):
    row = send(world, period)
    table = ReportSubmission.__table__
    db.session.execute(  # the other approver's UPDATE, behind this session's back
        update(table).where(table.c.id == row.id).values(version=table.c.version + 1)
    )
    with pytest.raises(Conflict):
        approvals.approve(world.district, row)
    db.session.rollback()
    assert db.session.get(ReportSubmission, row.id).status == "sent"


def test_completeness_messages_in_vietnamese(world, year):
    cls = klass(world.s1, year)
    klass(world.s1, year, "1B")
    klass(world.s1, year, "1C")
    make_student(world.s1, cls)
    make_student(world.s1, cls)
    make_student(world.s1, cls, personal_id="086218000007")
    make_student(world.s1, None, active=False)  # gone: not counted
    make_staff(world.s1)
    make_staff(world.s1, training_standard=None, teaching_level=None)
    make_staff(world.s1, group="02", training_standard=None)  # not a teacher
    db.session.commit()
    found = completeness.for_schools([world.s1.id, world.s2.id], year)
    assert found[world.s1.id].messages() == [
        "Chưa có hồ sơ trường năm học",
        "2 lớp chưa có học sinh",
        "2 học sinh thiếu số định danh",
        "1 giáo viên thiếu trình độ đào tạo",
        "Chưa nhập phòng học",
    ]
    assert world.s2.id not in found
    assert not completeness.Completeness().started

    db.session.add(
        SchoolProfile(
            school_id=world.s1.id, year=year, name="X", level_group="06", ownership="01"
        )
    )
    db.session.add(
        Room(school_id=world.s1.id, kind="classroom", construction="kien_co")
    )
    db.session.commit()
    again = completeness.for_schools(select(func.min(ClassGroup.school_id)), year)
    assert "Chưa nhập phòng học" not in again[world.s1.id].messages()
    assert "Chưa có hồ sơ trường năm học" not in again[world.s1.id].messages()


def test_board_counts_statuses(world, period, s1_data):
    send(world, period)
    b = tracking.build_board(world.district, None, period.id)
    assert b.unit.id == world.d1.id
    assert b.counts == {
        "not_started": 1,
        "draft": 0,
        "sent": 1,
        "approved": 0,
        "rejected": 0,
    }
    statuses = {r.school.id: r.status for r in b.rows}
    assert statuses == {world.s1.id: "sent", world.s1b.id: "not_started"}
    assert all(r.decidable for r in b.rows)
    province = tracking.build_board(world.admin, None, period.id)
    assert sum(province.counts.values()) == 4
    assert [r.school.id for r in province.rows] == [world.thpt.id]
    assert [g.unit.id if g.unit else None for g in province.groups][-1] is None
    with pytest.raises(PermissionDenied):
        tracking.build_board(world.leader, None, period.id)
    with pytest.raises(NotFound):
        tracking.build_board(world.district, world.d2.id, period.id)
    with pytest.raises(NotFound):
        tracking.build_board(world.division_mnth, None, period.id, level="04")
