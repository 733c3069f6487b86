"""The board of a monthly period: the school year's trend chart (server-drawn SVG)
and, once the month has locked, the reports that are late; neither on the
after-opening board."""

import gzip
import re
from datetime import date

import pytest

from smasweb.extensions import db
from smasweb.services.calendar import rules as calendar_rules
from smasweb.services.reports import approvals
from smasweb.services.system import system_override
from tests.conftest import HX
from tests.factories import make_student
from tests.services.test_monthly_trend import Y, absent, drop_out, klass, period


@pytest.fixture
def w(world, app, monkeypatch):
    """s1 on 30/11: lớp 1 with three pupils (one drops out on 05/10), lớp 2 (two
    sessions a day) with two; two absences in September, three in October."""
    monkeypatch.setitem(app.config, "TODAY", date(Y, 11, 30))
    calendar_rules.ensure_year(Y)
    c1, c2 = klass(world.s1, "01"), klass(world.s1, "02", "4")
    boy, _, quits = (make_student(world.s1, c1) for _ in range(3))
    girl = make_student(world.s1, c2, gender="02")
    make_student(world.s1, c2)
    drop_out(quits, date(Y, 10, 5))
    with system_override("test: past roll calls"):
        absent(c1, boy, date(Y, 9, 8), "ca_ngay", "K")
        absent(c2, girl, date(Y, 9, 10), "sang", "P")
        absent(c1, boy, date(Y, 9, 16), "ca_ngay", "P")
        absent(c2, girl, date(Y, 10, 15), "sang", "K")
        absent(c2, girl, date(Y, 10, 15), "chieu", "K")
        db.session.flush()
    db.session.commit()
    return world


def trend_svg(text: str) -> str:
    return re.search(r'<section id="board-trend".*?</section>', text, re.S).group(0)


def test_a_monthly_board_draws_the_years_months(w, login):
    resp = login(w.district).get(f"/reports/board?period={period(10).id}")
    assert resp.status_code == 200 and "<h1>Tiến độ báo cáo tháng · " in resp.text
    svg = trend_svg(resp.text)
    assert 'role="img"' in svg and "Diễn biến theo tháng" in svg
    title = re.search(r"<title[^>]*>(.*?)</title>", svg, re.S).group(1)
    assert title == (
        "Tỷ lệ chuyên cần và số học sinh thôi học theo tháng: "
        "tháng 09/2026: chuyên cần 95,92 %, thôi học 0; "
        "tháng 10/2026: chuyên cần 97,73 %, thôi học 1"
    )
    assert svg.count("<circle") == 2 and svg.count("<rect") == 2
    assert ">09<" in svg and ">10<" in svg  # the months under their columns


def test_the_trend_follows_the_filter_form(w, login):
    client = login(w.district)
    url = f"/reports/board?unit={w.d1.id}&period={period(12).id}&level=02"
    fragment = client.get(url, headers=HX).text
    assert fragment.startswith('<section id="board-results"')
    labels = re.findall(r"tháng (\d\d/\d{4}):", trend_svg(fragment))
    assert labels == ["09/2026", "10/2026", "11/2026", "12/2026"]  # 12: up to today
    nothing = client.get(url.replace("level=02", "level=04")).text  # THPT: no pupils
    assert "chuyên cần chưa có" in trend_svg(nothing)


def test_the_after_opening_board_has_no_trend(w, login):
    after_opening = approvals.get_period(None)
    text = login(w.district).get(f"/reports/board?period={after_opening.id}").text
    assert "board-chart" in text and "<h1>Tiến độ báo cáo sau khai giảng · " in text
    assert "board-trend" not in text and "Diễn biến theo tháng" not in text


def test_after_the_lock_the_unsent_reports_are_late(w, login):
    client = login(w.district)
    october = client.get(f"/reports/board?period={period(10).id}").text
    late = re.search(r'<p class="notices" id="board-late">(.*?)</p>', october)
    notice = late.group(1)
    assert "Kỳ báo cáo đã khóa ngày 17/10/2026" in notice
    assert "báo cáo trễ hạn</strong> (chưa gửi)" in notice
    assert 'status=not_started">Chưa bắt đầu' in notice or "Chưa gửi" in notice
    row = re.search(rf'<tr id="board-{w.s1.id}-02">.*?</tr>', october, re.S).group(0)
    assert "Trễ hạn" in row
    december = client.get(f"/reports/board?period={period(12).id}").text
    assert "board-late" not in december and "Trễ hạn" not in december  # still open


def test_the_monthly_board_stays_light(w, login, app, monkeypatch):
    monkeypatch.setitem(app.config, "TODAY", date(Y + 1, 6, 10))  # the year is over
    page = login(w.district).get(f"/reports/board?period={period(5).id}")
    svg = trend_svg(page.text)
    assert svg.count("<circle") == 9  # 09/2026 … 05/2027
    assert len(svg.encode()) < 4_000, len(svg.encode())
    assert len(gzip.compress(page.data)) < 5 * 1024, len(gzip.compress(page.data))
