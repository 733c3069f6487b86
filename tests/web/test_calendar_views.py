"""The calendar pages: a school's windows and countdown, the unlock flow end to end
through the forms, the admin's period edit, lock and open, and who sees what."""

from datetime import date, datetime

import pytest
import time_machine
from sqlalchemy import func, select

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import Notice, ReportPeriod, Room, UnlockRequest
from smasweb.services import years as school_years
from smasweb.services.calendar import rules as calendar_rules
from tests.conftest import HX

OPEN = datetime(2026, 9, 3, 10, 0, tzinfo=clock.VN_TZ)
AFTER_LOCK = datetime(2026, 9, 20, 10, 0, tzinfo=clock.VN_TZ)
EXPIRED = datetime(2026, 9, 26, 0, 0, 1, tzinfo=clock.VN_TZ)
ROOM = {"kind": "classroom", "construction": "kien_co", "quantity": "2"}
LINE = {"category": "01", "description": "Lương", "planned": "1.000.000"}
REASON = "Nhập thiếu hai phòng học mới xây xong."


def period_of(year: int, kind: str, month: int = 0) -> ReportPeriod:
    return db.session.scalar(
        select(ReportPeriod).where(
            ReportPeriod.year == year,
            ReportPeriod.kind == kind,
            ReportPeriod.month == month,
        )
    )


def rooms() -> int:
    return db.session.scalar(select(func.count()).select_from(Room))


@pytest.fixture
def year_2026(world):
    calendar_rules.ensure_year(2026)
    school_years.ensure_year(2026)
    db.session.commit()
    return period_of(2026, "after_opening")


@pytest.mark.real_calendar
def test_clerk_sees_the_open_window_with_a_countdown_then_the_lock(world, login):
    with time_machine.travel(OPEN, tick=False):  # sign in inside: cookies are dated
        page = login(world.clerk).get("/calendar/").text
    assert "Đang mở cho trường" in page
    assert "Báo cáo sau khai giảng 2026-2027" in page
    assert "Hạn nhập đến hết ngày 06/09/2026" in page
    assert "còn 3 ngày 13 giờ" in page
    assert "Cơ sở vật chất, thiết bị, đồ dùng đồ chơi" in page
    assert "01/09–06/09" in page and "Mốc đồng bộ" in page
    with time_machine.travel(AFTER_LOCK, tick=False):
        page = login(world.clerk).get("/calendar/").text
    assert "Hiện không có kỳ báo cáo nào đang mở" in page
    assert "Đã khóa" in page
    assert "Báo cáo tháng 10/2026" in page.split("Sắp tới")[1]


@pytest.mark.real_calendar
def test_the_year_at_a_glance_lists_only_the_schools_periods(world, login):
    with time_machine.travel(OPEN, tick=False):
        primary = login(world.clerk).get("/calendar/").text
        thpt = login(world.leader_thpt).get("/calendar/").text
        admin = login(world.admin).get("/calendar/").text
    assert "Tốt nghiệp THPT" not in primary and "Tốt nghiệp THPT" in thpt
    assert "Xét công nhận tốt nghiệp THCS" in admin and "Tạo lịch năm học" in admin
    assert "Đang mở cho trường" not in admin


@pytest.mark.real_calendar
def test_unlock_request_granted_by_the_district_opens_one_field_until_expiry(
    world, login, year_2026
):
    with time_machine.travel(AFTER_LOCK, tick=False):
        clerk = login(world.clerk)
        assert clerk.post("/facilities/rooms/new", data=ROOM).status_code == 423
        assert 'id="unlock-request-form"' in clerk.get("/calendar/unlocks/new").text
        data = {"period": year_2026.id, "fields": ["facilities"], "reason": REASON}
        resp = clerk.post("/calendar/unlocks/new", data=data)
        assert (resp.status_code, resp.location) == (303, "/calendar/")
        req = db.session.scalars(select(UnlockRequest)).one()
        url = f"/calendar/unlocks/{req.id}"
        grant = {"granted_fields": ["facilities"], "expires_on": "25/09/2026"}

        other = login(world.district2)
        assert other.get(url).status_code == 404
        assert other.post(f"{url}/grant", data=grant).status_code == 404
        district = login(world.district)
        assert REASON in district.get("/calendar/unlocks").text
        resp = district.post(f"{url}/grant", data=grant)
        assert (resp.status_code, resp.location) == (303, "/calendar/unlocks")
        assert district.post(f"{url}/grant", data=grant).status_code == 409

        clerk = login(world.clerk)
        page = clerk.get("/calendar/").text
        assert "Đã mở khóa" in page and "25/09/2026 23:59" in page
        assert clerk.post("/facilities/rooms/new", data=ROOM).status_code == 303
        assert clerk.post("/finance/lines/new", data=LINE).status_code == 423
        assert (
            login(world.clerk2).post("/facilities/rooms/new", data=ROOM).status_code
            == 423
        )
    with time_machine.travel(EXPIRED, tick=False):
        assert (
            login(world.clerk).post("/facilities/rooms/new", data=ROOM).status_code
            == 423
        )
    assert rooms() == 1
    assert (
        db.session.scalar(select(Notice.title)) == "Yêu cầu mở khóa đã được chấp nhận"
    )


@pytest.mark.real_calendar
def test_a_refusal_shows_its_reason_to_the_school(world, login, year_2026):
    with time_machine.travel(AFTER_LOCK, tick=False):
        data = {"period": year_2026.id, "fields": ["budget"], "reason": REASON}
        login(world.leader).post("/calendar/unlocks/new", data=data)
        req = db.session.scalars(select(UnlockRequest)).one()
        admin = login(world.admin)
        empty = admin.post(f"/calendar/unlocks/{req.id}/refuse", data={"note": ""})
        assert empty.status_code == 422 and 'id="note-error"' in empty.text
        resp = admin.post(
            f"/calendar/unlocks/{req.id}/refuse", data={"note": "Đã quá hạn nộp."}
        )
        assert resp.status_code == 303
        page = login(world.clerk).get("/calendar/").text
    assert "Từ chối" in page and "Đã quá hạn nộp." in page
    assert "bị từ chối" in db.session.scalar(select(Notice.title))


@pytest.mark.real_calendar
def test_a_request_needs_a_reason_of_ten_characters(world, login, year_2026):
    data = {"period": year_2026.id, "fields": ["budget"], "reason": "gấp"}
    resp = login(world.clerk).post("/calendar/unlocks/new", data=data, headers=HX)
    assert resp.status_code == 422
    assert resp.text.lstrip().startswith('<form id="unlock-request-form"')
    assert 'id="reason-error"' in resp.text and "ít nhất 10 ký tự" in resp.text


def test_admin_edit_with_bad_dates_shows_the_error_next_to_the_field(world, login):
    period = period_of(school_years.period_year(clock.today()), "after_opening")
    url = f"/calendar/periods/{period.id}/edit"
    client = login(world.admin)
    form = client.get(url).text
    assert 'id="period-form"' in form and period.title in form
    data = {
        "title": period.title,
        "opens_on": period.opens_on.strftime("%d/%m/%Y"),
        "closes_on": period.locks_on.strftime("%d/%m/%Y"),
        "locks_on": period.locks_on.strftime("%d/%m/%Y"),
        "fields": list(period.field_codes),
    }
    resp = client.post(url, data=data, headers=HX)
    assert resp.status_code == 422
    assert resp.text.lstrip().startswith('<form id="period-form"')
    assert 'id="closes_on-error"' in resp.text
    assert "Ngày hết hạn nhập phải trước ngày khóa" in resp.text
    data["closes_on"] = period.closes_on.strftime("%d/%m/%Y")
    data["title"] = "Báo cáo đầu năm"
    assert client.post(url, data=data).status_code == 303
    assert period_of(period.year, "after_opening").title == "Báo cáo đầu năm"


def test_lock_and_open_change_the_state_and_the_guard_follows(world, login):
    period = period_of(school_years.period_year(clock.today()), "after_opening")
    admin, base = login(world.admin), f"/calendar/periods/{period.id}"
    assert admin.post(f"{base}/lock").status_code == 303
    assert "Đã khóa" in admin.get(f"{base}/edit").text
    assert (
        login(world.clerk).post("/facilities/rooms/new", data=ROOM).status_code == 423
    )
    admin = login(world.admin)
    past = admin.post(f"{base}/open", data={"until": "01/01/2020"})
    assert past.status_code == 422 and 'id="until-error"' in past.text
    today = clock.today().strftime("%d/%m/%Y")
    assert admin.post(f"{base}/open", data={"until": today}).status_code == 303
    assert "Mở lại" in admin.get("/calendar/").text
    assert (
        login(world.clerk).post("/facilities/rooms/new", data=ROOM).status_code == 303
    )


def test_admin_generates_a_missing_year(world, login):
    client = login(world.admin)
    assert "Tạo lịch năm học" in client.get("/calendar/?year=2019").text
    resp = client.post("/calendar/years/2019/generate")
    assert (resp.status_code, resp.location) == (303, "/calendar/?year=2019")
    assert period_of(2019, "after_opening").opens_on == date(2019, 9, 1)
    assert "Tạo lịch năm học" not in client.get("/calendar/?year=2019").text


def test_admin_grants_directly_by_school_code(world, login):
    data = {
        "school": "86862001",
        "granted_fields": ["budget"],
        "expires_on": clock.today().strftime("%d/%m/%Y"),
    }
    client = login(world.admin)
    assert client.post("/calendar/unlocks/grant", data=data).status_code == 303
    req = db.session.scalars(select(UnlockRequest)).one()
    assert (req.school_id, req.status) == (world.s2.id, "granted")
    bad = client.post("/calendar/unlocks/grant", data={**data, "school": "KHONGCO"})
    assert bad.status_code == 422 and 'id="school-error"' in bad.text


def test_admin_edits_a_rule(world, login):
    client = login(world.admin)
    assert "Báo cáo tháng" in client.get("/calendar/rules").text
    form = client.get("/calendar/rules/semester_1/edit").text
    assert 'id="rule-form"' in form
    data = {
        "title": "Học kỳ I",
        "opens_day": "20",
        "opens_month": "12",
        "closes_day": "28",
        "closes_month": "12",
        "locks_day": "31",
        "locks_month": "12",
        "fields": ["grades", "results"],
        "levels": ["02", "03"],
    }
    assert client.post("/calendar/rules/semester_1/edit", data=data).status_code == 303
    bad = {**data, "closes_day": "31"}
    resp = client.post("/calendar/rules/semester_1/edit", data=bad)
    assert resp.status_code == 422 and "phải trước ngày khóa" in resp.text


@pytest.mark.parametrize(
    ("who", "method", "path", "status"),
    [
        ("clerk", "GET", "/calendar/periods/{p}/edit", 403),
        ("district", "GET", "/calendar/periods/{p}/edit", 403),
        ("leader", "POST", "/calendar/periods/{p}/lock", 403),
        ("district", "POST", "/calendar/periods/{p}/open", 403),
        ("division", "POST", "/calendar/years/2019/generate", 403),
        ("district", "GET", "/calendar/rules/monthly/edit", 403),
        ("admin", "GET", "/calendar/periods/999999/edit", 404),
        ("admin", "GET", "/calendar/rules/nope/edit", 404),
        ("admin", "GET", "/calendar/unlocks/999999", 404),
    ],
)
def test_admin_pages_refuse_others(world, login, who, method, path, status):
    period = period_of(school_years.period_year(clock.today()), "after_opening")
    resp = login(getattr(world, who)).open(path.format(p=period.id), method=method)
    assert resp.status_code == status
    assert period_of(period.year, "after_opening").locked_at is None


@pytest.mark.parametrize(
    ("path", "root"),
    [
        ("/calendar/periods/{p}/edit", "period-form"),
        ("/calendar/rules/monthly/edit", "rule-form"),
        ("/calendar/unlocks/{r}", "unlock-decision"),
    ],
)
def test_admin_fragments(world, login, path, root):
    period = period_of(school_years.period_year(clock.today()), "after_opening")
    req = UnlockRequest(school_id=world.s1.id, period_id=period.id, fields="budget")
    db.session.add(req)
    db.session.commit()
    url = path.format(p=period.id, r=req.id)
    client = login(world.admin)
    assert f'id="{root}"' in client.get(url).text
    frag = client.get(url, headers=HX).text
    assert frag.lstrip().startswith(f'<form id="{root}"') or frag.lstrip().startswith(
        f'<section id="{root}"'
    )


def test_calendar_page_queries_do_not_grow_with_requests(
    world,
    login,
    count_queries,  # noqa: F811
):
    period = period_of(school_years.period_year(clock.today()), "after_opening")

    def grow(n):
        for _ in range(n):
            db.session.add(
                UnlockRequest(
                    school_id=world.s1.id, period_id=period.id, fields="budget"
                )
            )
        db.session.commit()

    grow(1)
    clerk = login(world.clerk)
    small = count_queries(lambda: clerk.get("/calendar/"))
    grow(15)
    assert count_queries(lambda: clerk.get("/calendar/")) == small <= 12
    admin = login(world.admin)
    inbox = count_queries(lambda: admin.get("/calendar/unlocks"))
    grow(15)
    assert count_queries(lambda: admin.get("/calendar/unlocks")) == inbox <= 12


@pytest.mark.real_calendar
def test_a_school_home_page_says_what_is_open_and_for_how_long(app, world, login):
    try:
        app.config["TODAY"] = date(2026, 9, 5)
        inside = login(world.clerk).get("/").text
        app.config["TODAY"] = date(2026, 9, 20)
        outside = login(world.clerk).get("/").text
        officer = login(world.district).get("/").text
    finally:
        app.config["TODAY"] = None
    assert "Báo cáo sau khai giảng 2026-2027" in inside
    assert "đến hết ngày 06/09/2026" in inside and "còn 1 ngày" in inside
    assert "Hiện không có kỳ báo cáo nào mở nhập liệu" in outside
    assert "Đang mở nhập liệu" not in officer


@pytest.mark.real_calendar
def test_a_closed_window_says_it_once_and_links_to_a_prefilled_request(
    world, login, year_2026
):
    link = (
        f'href="/calendar/unlocks/new?field=facilities&amp;period={year_2026.id}'
        '&amp;year=2026"'
    )
    with time_machine.travel(AFTER_LOCK, tick=False):
        clerk = login(world.clerk)
        form = clerk.get("/facilities/rooms/new").text
        page = clerk.post("/facilities/rooms/new", data=ROOM)
        alert = clerk.post("/facilities/rooms/new", data=ROOM, headers=HX)
        prefilled = clerk.get(
            f"/calendar/unlocks/new?field=facilities&period={year_2026.id}&year=2026"
        ).text
    for text in (form, page.text, alert.text):
        assert text.count("Nếu cần sửa số liệu ngay") == 1
        assert link in text and 'href="/calendar/"' in text
    # the form is read-only: every field and "Lưu" disabled
    assert form.count(" disabled") >= 4
    assert '<button type="submit" disabled>Lưu</button>' in form
    assert (page.status_code, alert.status_code) == (423, 423)
    assert f'<option selected value="{year_2026.id}">' in prefilled
    assert 'checked id="fields-' in prefilled and 'value="facilities"' in prefilled
