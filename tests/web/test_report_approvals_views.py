"""The submission page, the send and decision forms (no JS and htmx), the diff page,
and who may reach them."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import ClassGroup
from smasweb.models.reports import ReportSubmission
from smasweb.services import years as school_years
from smasweb.services.calendar import unlocks
from smasweb.services.calendar import windows as calendar
from smasweb.services.reports import approvals, official
from tests.conftest import HX, HX_BOOSTED, HX_HISTORY
from tests.factories import make_student

ROLES = ("admin", "division", "district", "leader", "clerk", "teacher")


@pytest.fixture
def w(world):
    year = school_years.ensure_year(school_years.current_year()).year
    world.period = approvals.get_period(None)
    world.cls = ClassGroup(school_id=world.s1.id, year=year, grade="01", name="1A")
    db.session.add(world.cls)
    db.session.flush()
    make_student(world.s1, world.cls, personal_id="086218000001")
    make_student(world.s1, world.cls, personal_id="086218000002")
    db.session.commit()
    return world


def page(w, school="s1", level="02") -> str:
    unit = getattr(w, school).id
    return f"/reports/submission?unit={unit}&level={level}&period={w.period.id}"


def send_data(w, school="s1", level="02") -> dict:
    return {"unit": getattr(w, school).id, "level": level, "period": w.period.id}


def sent_row(w) -> ReportSubmission:
    row = approvals.send(w.leader, w.s1, "02", w.period)
    db.session.commit()
    return row


def row_of(w) -> ReportSubmission:
    return db.session.scalars(
        select(ReportSubmission).where(ReportSubmission.school_id == w.s1.id)
    ).one()


@pytest.mark.parametrize(
    ("role", "own", "other"),
    [
        ("admin", 200, 200),
        ("division", 200, 200),  # TCCB reads every level (read only)
        ("division_mnth", 200, 200),
        ("district", 200, 404),
        ("district2", 404, 200),
        ("leader", 200, 404),
        ("clerk", 200, 404),
        ("teacher", 200, 404),
    ],
)
def test_the_submission_page_per_role(w, login, role, own, other):
    client = login(getattr(w, role))
    assert client.get(page(w)).status_code == own
    assert client.get(page(w, "s2")).status_code == other


def test_out_of_scope_queries_are_404(w, login):
    client = login(w.division_mnth)
    assert client.get(page(w, "thpt", "04")).status_code == 404  # not its level
    assert client.get(page(w, "s1", "04")).status_code == 404  # s1 has no THPT
    assert login(w.district).get(page(w, "d1")).status_code == 404  # not a school
    assert login(w.leader).get("/reports/submission?period=999999").status_code == 404
    assert login(w.leader).get("/reports/submission").status_code == 200  # own school


def test_anonymous_goes_to_login(w, client):
    assert client.get(page(w)).status_code == 302
    assert client.get(page(w), headers=HX).status_code == 401
    assert client.post("/reports/submission/send", data=send_data(w)).status_code == 302
    assert client.get("/reports/board").status_code == 302


def test_the_page_serves_its_status_region_to_htmx(w, login):
    client = login(w.district)
    part = client.get(page(w), headers=HX)
    assert part.text.lstrip().startswith('<section id="submission-status">')
    assert "HX-Request" in part.headers["Vary"]
    for headers in (HX_BOOSTED, HX_HISTORY):
        assert "<html" in client.get(page(w), headers=headers).text


def test_leader_sees_the_send_button_clerk_does_not(w, login):
    text = login(w.leader).get(page(w)).text
    assert "Chưa gửi" in text and "Gửi báo cáo" in text
    assert "Gửi báo cáo</button>" not in login(w.clerk).get(page(w)).text


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("leader", 303),
        ("clerk", 403),
        ("teacher", 403),
        ("district", 403),
        ("admin", 403),
        ("division", 403),
        ("leader2", 404),
        ("district2", 404),
    ],
)
def test_who_may_send(w, login, role, expected):
    resp = login(getattr(w, role)).post("/reports/submission/send", data=send_data(w))
    assert resp.status_code == expected
    sent = db.session.scalars(select(ReportSubmission)).all()
    assert bool(sent) == (expected == 303)


def test_send_without_js_then_again_is_409(w, login):
    client = login(w.leader)
    resp = client.post("/reports/submission/send", data=send_data(w))
    assert resp.status_code == 303 and resp.location.endswith(page(w))
    assert "Đã gửi" in client.get(page(w)).text
    again = client.post("/reports/submission/send", data=send_data(w))
    assert again.status_code == 409 and "đang chờ phê chuẩn" in again.text
    assert "Gửi lại báo cáo" in client.get(page(w)).text


def test_send_with_htmx_swaps_the_status(w, login):
    resp = login(w.leader).post(
        "/reports/submission/send", data=send_data(w), headers=HX
    )
    assert resp.status_code == 200
    assert resp.text.lstrip().startswith('<section id="submission-status">')
    assert "<html" not in resp.text and "Đã gửi" in resp.text
    assert 'id="flashes" hx-swap-oob="true"' in resp.text
    boosted = login(w.leader).post(
        "/reports/submission/send", data=send_data(w), headers=HX_BOOSTED
    )
    assert boosted.status_code == 409  # a boosted form gets pages, and 409 stays 409


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("admin", 303),
        ("district", 303),
        ("division", 403),
        ("division_mnth", 403),
        ("leader", 403),
        ("clerk", 403),
        ("district2", 404),
        ("leader2", 404),
    ],
)
@pytest.mark.parametrize("action", ["approve", "reject"])
def test_who_may_decide(w, login, role, expected, action):
    row = sent_row(w)
    resp = login(getattr(w, role)).post(
        f"/reports/submissions/{row.id}/{action}", data={"note": "Sai sĩ số"}
    )
    assert resp.status_code == expected
    assert (row_of(w).status == "sent") == (expected != 303)


def test_reject_needs_a_note_next_to_the_field(w, login):
    row = sent_row(w)
    client = login(w.district)
    resp = client.post(f"/reports/submissions/{row.id}/reject", data={"note": " "})
    assert resp.status_code == 422
    assert (
        'id="reject-note-error"' in resp.text and "Hãy ghi lý do từ chối" in resp.text
    )
    swapped = client.post(
        f"/reports/submissions/{row.id}/reject",
        data={"note": "", "view": "row"},
        headers=HX,
    )
    assert swapped.status_code == 422 and swapped.text.lstrip().startswith("<tr")
    assert f'id="note-{row.id}-error"' in swapped.text
    assert row_of(w).status == "sent"


def test_decisions_from_the_board_swap_the_row(w, login):
    row = sent_row(w)
    client = login(w.district)
    resp = client.post(
        f"/reports/submissions/{row.id}/approve",
        data={"version": row.version, "view": "row"},
        headers=HX,
    )
    assert resp.status_code == 200
    assert resp.text.lstrip().startswith(f'<tr id="board-{w.s1.id}-02">')
    assert "Đã phê chuẩn" in resp.text and "<html" not in resp.text
    stale = client.post(
        f"/reports/submissions/{row.id}/reject",
        data={"version": row.version, "note": "Sai", "view": "row"},
        headers=HX,
    )
    assert stale.status_code == 409 and stale.headers["HX-Retarget"] == "#alerts"


def test_no_js_decision_from_the_board_goes_back_to_it(w, login):
    row = sent_row(w)
    back = f"/reports/board?period={w.period.id}"
    resp = login(w.district).post(
        f"/reports/submissions/{row.id}/reject",
        data={"note": "Thiếu lớp 1B", "view": "row", "next": back},
    )
    assert resp.status_code == 303 and resp.location.endswith(back)
    assert login(w.leader).post("/reports/submission/send", data=send_data(w))
    evil = login(w.admin).post(
        f"/reports/submissions/{row.id}/approve", data={"next": "https://evil.example/"}
    )
    assert evil.status_code == 303 and evil.location.endswith(page(w))


def test_the_chain_end_to_end_after_the_lock(w, login):
    calendar.lock(w.period)
    official.freeze_at_lock(w.period)
    db.session.commit()
    until = clock.today() + timedelta(days=7)
    unlocks.grant_direct(w.admin, w.s1, ["students"], until, "Sửa sĩ số")
    make_student(w.s1, w.cls, personal_id="086218000003")
    db.session.commit()

    leader = login(w.leader)
    assert leader.post("/reports/submission/send", data=send_data(w)).status_code == 303
    row = row_of(w)
    lock_snap, sent = row.official_snapshot_id, row.snapshot_id
    assert lock_snap != sent

    district = login(w.district)
    text = district.get(page(w)).text
    assert "So sánh bản chính thức với bản đã gửi" in text
    diff = district.get(
        f"/reports/diff?unit={w.s1.id}&level=02&period={w.period.id}"
        f"&a={lock_snap}&b={sent}"
    )
    assert diff.status_code == 200
    assert "<th>Chỉ tiêu</th><th>Cột</th><th>Trước</th><th>Sau</th>" in diff.text
    assert '<td class="num">2</td><td class="num">3</td>' in diff.text

    resp = district.post(
        f"/reports/submissions/{row.id}/reject", data={"note": "Kiểm tra lại lớp 1A"}
    )
    assert resp.status_code == 303
    text = login(w.leader).get(page(w)).text
    assert "Bị từ chối" in text and "Lý do: Kiểm tra lại lớp 1A" in text
    assert row_of(w).official_snapshot_id == lock_snap

    make_student(w.s1, w.cls, personal_id="086218000004")  # the school fixes
    db.session.commit()
    leader = login(w.leader)
    assert leader.post("/reports/submission/send", data=send_data(w)).status_code == 303
    row = row_of(w)
    resp = login(w.district).post(
        f"/reports/submissions/{row.id}/approve", data={"version": row.version}
    )
    assert resp.status_code == 303
    row = row_of(w)
    assert row.status == "approved" and row.official_snapshot_id == row.snapshot_id
    live = login(w.leader).get(
        f"/reports/diff?unit={w.s1.id}&level=02&period={w.period.id}"
        f"&a={row.official_snapshot_id}&b=live"
    )
    assert "Không có ô số liệu nào thay đổi" in live.text


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("admin", 200),
        ("division", 200),
        ("district", 200),
        ("leader", 200),
        ("clerk", 200),
        ("teacher", 200),
        ("district2", 404),
        ("leader2", 404),
    ],
)
def test_who_may_read_the_diff(w, login, role, expected):
    row = sent_row(w)
    url = (
        f"/reports/diff?unit={w.s1.id}&level=02&period={w.period.id}"
        f"&a={row.snapshot_id}&b=live"
    )
    assert login(getattr(w, role)).get(url).status_code == expected


def test_diff_refuses_a_snapshot_of_another_school(w, login):
    approvals.send(w.leader2, w.s2, "02", w.period)
    db.session.commit()
    other = row_of_school(w.s2).snapshot_id
    url = f"/reports/diff?unit={w.s1.id}&level=02&period={w.period.id}&a={other}"
    assert login(w.admin).get(url).status_code == 404


def row_of_school(school) -> ReportSubmission:
    return db.session.scalars(
        select(ReportSubmission).where(ReportSubmission.school_id == school.id)
    ).one()
