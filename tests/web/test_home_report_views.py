"""A school's home page says where its report stands (issue 14, point 4): the period,
the school year, each level's status with a rejection's note and link, and the one
next action ("Gửi báo cáo" asks first; "Nhập dữ liệu …" while nothing is entered)."""

import json

import pytest

from smasweb.extensions import db
from smasweb.models import ClassGroup
from smasweb.models.schools import year_label
from smasweb.services import years as school_years
from smasweb.services.reports import approvals
from tests.conftest import HX
from tests.factories import make_student


@pytest.fixture
def w(world):
    year = school_years.ensure_year(school_years.current_year()).year
    world.year = year
    world.period = approvals.get_period(None)
    return world


def enter_data(w, n: int = 1) -> None:
    cls = ClassGroup(school_id=w.s1.id, year=w.year, grade="01", name=f"1A{n}")
    db.session.add(cls)
    db.session.flush()
    for _ in range(n):
        make_student(w.s1, cls)
    db.session.commit()


def report(text: str) -> str:
    return text.split('<section id="home-report"')[1].split("</section>")[0]


def test_every_page_shows_the_school_year(w, login):
    label = f"Năm học {year_label(school_years.current_year())}"
    client = login(w.clerk)
    for url in ("/", "/students/", "/calendar/"):
        assert label in client.get(url).text, url


def test_nothing_entered_the_next_action_is_entering_data(w, login):
    box = report(login(w.leader).get("/").text)
    assert w.period.title in box and "<strong>Chưa gửi</strong>" in box
    assert "Gửi báo cáo" not in box
    assert "Nhập dữ liệu: Hồ sơ học sinh" in box and 'href="/students/"' in box


def test_a_leader_with_data_sends_from_home_after_confirming(w, login):
    enter_data(w)
    client = login(w.leader)
    box = report(client.get("/").text)
    assert "Gửi báo cáo</button>" in box and "hx-confirm=" in box
    assert "Xác nhận gửi báo cáo Tiểu học của Trường Tiểu học Long Phước?" in box
    # Without JS the button asks on a page of its own, whose button posts.
    args = f"unit={w.s1.id}&level=02&period={w.period.id}&view=home&next=/"
    confirm = client.get(f"/reports/submission/send?{args}")
    assert "Xác nhận gửi báo cáo Tiểu học" in confirm.text
    assert 'name="next" type="hidden" value="/"' in confirm.text
    form = {"unit": w.s1.id, "level": "02", "period": w.period.id, "next": "/"}
    resp = client.post("/reports/submission/send", data=form)
    assert resp.status_code == 303 and resp.location.endswith("/")
    box = report(client.get("/").text)
    assert "<strong>Đã gửi, chờ phê chuẩn</strong>" in box
    assert "chờ cấp trên phê chuẩn" in box and "Gửi báo cáo</button>" not in box


def test_a_send_from_home_with_htmx_reloads_home(w, login):
    enter_data(w)
    form = {"unit": w.s1.id, "level": "02", "period": w.period.id}
    resp = login(w.leader).post(
        "/reports/submission/send",
        data={**form, "view": "home", "next": "/"},
        headers=HX,
    )
    assert resp.status_code == 200
    assert json.loads(resp.headers["HX-Location"])["path"] == "/"


def test_a_rejection_shows_its_note_a_link_and_send_again(w, login):
    enter_data(w)
    row = approvals.send(w.leader, w.s1, "02", w.period)
    approvals.reject(w.district, row, "Sĩ số lớp 1A chưa khớp")
    db.session.commit()
    box = report(login(w.leader).get("/").text)
    assert "<strong>Bị từ chối</strong>" in box
    assert "Lý do: Sĩ số lớp 1A chưa khớp" in box and "Xem và gửi lại" in box
    assert "Gửi lại báo cáo</button>" in box


def test_a_clerk_sees_the_status_but_no_send_button(w, login):
    enter_data(w)
    box = report(login(w.clerk).get("/").text)
    assert "<strong>Chưa gửi</strong>" in box and "</button>" not in box


def test_offices_have_no_school_report_box(w, login):
    assert 'id="home-report"' not in login(w.district).get("/").text


def test_the_school_home_runs_the_same_queries_whatever_the_data(
    w, login, count_queries
):
    client = login(w.leader)
    enter_data(w, 1)
    small = count_queries(lambda: client.get("/"))
    enter_data(w, 30)
    large = count_queries(lambda: client.get("/"))
    assert large == small, (small, large)
