"""The guard: for every period kind a save one second inside the window succeeds and
one second after it is 423 with the reason, by the form and by the Excel import, and
the stored record is unchanged.

Rooms stand in for the fields no model holds yet (grades, graduation…): the test
re-declares Room's calendar field, exactly what a later domain does in one line.
"""

from datetime import datetime, timedelta

import pytest
import time_machine
from sqlalchemy import func, select

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import AuditEntry, Room
from tests.factories import make_user
from tests.web.test_facilities_import_views import GOOD, upload

pytestmark = pytest.mark.real_calendar

# kind → (calendar field, last second of the window, school attribute of `world`)
KINDS = {
    "after_opening": ("facilities", datetime(2026, 9, 6, 23, 59, 59), "s1"),
    "monthly": ("grades", datetime(2026, 10, 15, 23, 59, 59), "s1"),
    "semester_1": ("results", datetime(2026, 12, 30, 23, 59, 59), "s1"),
    "graduation_thcs": ("graduation_thcs", datetime(2027, 5, 24, 23, 59, 59), "s1b"),
    "school_year": ("results", datetime(2027, 5, 30, 23, 59, 59), "s1"),
    "graduation_thpt": ("graduation_thpt", datetime(2027, 8, 10, 23, 59, 59), "thpt"),
}
PERIOD_TITLES = {
    "after_opening": "Báo cáo sau khai giảng 2026-2027",
    "monthly": "Báo cáo tháng 10/2026",
    "semester_1": "Báo cáo học kỳ I 2026-2027",
    "graduation_thcs": "Xét công nhận tốt nghiệp THCS 2026-2027",
    "school_year": "Báo cáo năm học 2026-2027",
    "graduation_thpt": "Tốt nghiệp THPT 2026-2027",
}
ROOM = {"kind": "classroom", "construction": "kien_co", "quantity": "2"}


def at(moment: datetime):
    return time_machine.travel(moment.replace(tzinfo=clock.VN_TZ), tick=False)


def post_at(moment, login, user, url, **kwargs):
    """POST as `user` at `moment` (signed in then: session cookies carry a timestamp)."""
    with at(moment):
        return login(user).post(url, **kwargs)


def rooms() -> int:
    return db.session.scalar(select(func.count()).select_from(Room))


@pytest.fixture
def writer(world, monkeypatch, request):
    """(clerk, school) for a period kind, with rooms governed by the kind's field."""
    field, _, school_attr = KINDS[request.param]
    monkeypatch.setattr(Room, "__calendar_field__", field, raising=False)
    school = getattr(world, school_attr)
    clerk = make_user("school_clerk", school)
    db.session.commit()
    return request.param, clerk, school


@pytest.mark.parametrize("writer", list(KINDS), indirect=True)
def test_form_save_inside_the_window_succeeds_and_one_second_later_is_423(
    writer, login
):
    kind, clerk, school = writer
    last_second = KINDS[kind][1]
    resp = post_at(
        last_second, login, clerk, "/facilities/rooms/new", data={**ROOM, "name": "A"}
    )
    assert resp.status_code == 303
    room = db.session.scalars(select(Room)).one()
    late = last_second + timedelta(seconds=1)
    edit = post_at(
        late,
        login,
        clerk,
        f"/facilities/rooms/{room.id}/edit",
        data={**ROOM, "name": "B", "version": room.version},
    )
    new = post_at(late, login, clerk, "/facilities/rooms/new", data=ROOM)
    for resp in (edit, new):
        assert resp.status_code == 423
        assert PERIOD_TITLES[kind] in resp.text
        assert "Kỳ nhập tiếp theo" in resp.text
    db.session.refresh(room)
    assert (room.name, rooms()) == ("A", 1)


@pytest.mark.parametrize("writer", list(KINDS), indirect=True)
def test_excel_import_inside_the_window_succeeds_and_one_second_later_is_423(
    writer, login
):
    kind, clerk, school = writer
    last_second = KINDS[kind][1]
    url = "/facilities/rooms/import"
    late = post_at(
        last_second + timedelta(seconds=1), login, clerk, url, data=upload(GOOD)
    )
    assert late.status_code == 423 and PERIOD_TITLES[kind] in late.text
    assert rooms() == 0
    resp = post_at(last_second, login, clerk, url, data=upload(GOOD))
    assert resp.status_code == 303
    assert rooms() == len(GOOD)


def test_the_window_opens_at_midnight_of_its_first_day(world, login):
    url = "/facilities/rooms/new"
    early = post_at(
        datetime(2026, 8, 31, 23, 59, 59), login, world.clerk, url, data=ROOM
    )
    first = post_at(datetime(2026, 9, 1), login, world.clerk, url, data=ROOM)
    assert (early.status_code, first.status_code) == (423, 303)
    assert "Báo cáo sau khai giảng 2026-2027" in early.text  # the next window
    assert "01/09/2026" in early.text


def test_a_refused_htmx_save_is_an_alert_and_leaves_no_audit_row(world, login):
    resp = post_at(
        datetime(2026, 9, 10, 8, 0),
        login,
        world.clerk,
        "/facilities/rooms/new",
        data=ROOM,
        headers={"HX-Request": "true"},
    )
    assert resp.status_code == 423
    assert resp.headers["HX-Retarget"] == "#alerts"
    assert "«Cơ sở vật chất, thiết bị, đồ dùng đồ chơi»" in resp.text
    assert rooms() == 0
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == 0


def test_pinned_date_lets_a_clerk_save_inside_a_window_and_not_after_the_lock(
    app, world, login
):
    client = login(world.clerk)
    try:
        app.config["TODAY"] = clock.parse_pinned("2026-09-03")
        page = client.get("/facilities/rooms/new")
        assert "03/09/2026" in page.text  # the banner on every page
        assert client.post("/facilities/rooms/new", data=ROOM).status_code == 303
        app.config["TODAY"] = clock.parse_pinned("2026-09-10")
        refused = client.post("/facilities/rooms/new", data=ROOM)
    finally:
        app.config["TODAY"] = None
    assert refused.status_code == 423
    assert "Báo cáo sau khai giảng 2026-2027" in refused.text
    assert rooms() == 1


def test_write_forms_say_up_front_that_the_window_is_closed(app, world, login):
    try:
        app.config["TODAY"] = clock.parse_pinned("2026-09-10")
        closed = login(world.clerk).get("/facilities/rooms/new")
        listing = login(world.clerk).get(f"/facilities/rooms/?school={world.s1.id}")
        app.config["TODAY"] = clock.parse_pinned("2026-09-03")
        opened = login(world.clerk).get("/facilities/rooms/new")
    finally:
        app.config["TODAY"] = None
    assert closed.status_code == 200  # reading and opening the form are never blocked
    assert "Ngoài thời gian nhập liệu" in closed.text
    assert "Báo cáo sau khai giảng 2026-2027" in closed.text
    assert "Ngoài thời gian nhập liệu" not in listing.text
    assert "Ngoài thời gian nhập liệu" not in opened.text


@pytest.mark.parametrize("writer", list(KINDS), indirect=True)
def test_cli_import_inside_the_window_succeeds_and_one_second_later_is_refused(
    app, writer, tmp_path
):
    from tests.web.test_jobs_cli import GOOD_ROOMS, import_rooms, rooms_file

    kind, clerk, school = writer
    last_second = KINDS[kind][1]
    path = rooms_file(tmp_path, GOOD_ROOMS)
    runner = app.test_cli_runner()
    with at(last_second + timedelta(seconds=1)):
        late = import_rooms(runner, path, school.code, clerk.username)
    assert late.exit_code == 1 and PERIOD_TITLES[kind] in late.stderr
    assert rooms() == 0
    with at(last_second):
        ok = import_rooms(runner, path, school.code, clerk.username)
    assert ok.exit_code == 0, ok.output
    assert rooms() == len(GOOD_ROOMS)
