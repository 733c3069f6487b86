"""The progress board: who sees it, its counts and SVG chart, the completeness list,
pages of 50 schools, and a number of statements that does not grow with schools."""

import re

import pytest
from sqlalchemy import insert

from smasweb.extensions import db
from smasweb.models import ClassGroup, Unit
from smasweb.services import years as school_years
from smasweb.services.reports import approvals
from smasweb.services.reports.board import PER_PAGE
from tests.conftest import HX, HX_BOOSTED
from tests.factories import make_student, make_unit


@pytest.fixture
def w(world):
    world.year = school_years.ensure_year(school_years.current_year()).year
    world.period = approvals.get_period(None)
    cls = ClassGroup(school_id=world.s1.id, year=world.year, grade="01", name="1A")
    empty = ClassGroup(school_id=world.s1.id, year=world.year, grade="01", name="1B")
    db.session.add_all([cls, empty])
    db.session.flush()
    make_student(world.s1, cls)
    make_student(world.s1, cls)
    make_student(world.s1, cls, personal_id="086218000001")
    db.session.commit()
    approvals.send(world.leader, world.s1, "02", world.period)
    db.session.commit()
    return world


def board(w, **args) -> str:
    query = "&".join(f"{k}={v}" for k, v in {"period": w.period.id, **args}.items())
    return f"/reports/board?{query}"


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("admin", 200),
        ("division", 200),
        ("division_mnth", 200),
        ("district", 200),
        ("leader", 403),
        ("clerk", 403),
        ("teacher", 403),
    ],
)
def test_who_sees_the_board(w, login, role, expected):
    assert login(getattr(w, role)).get(board(w)).status_code == expected


@pytest.mark.parametrize(
    ("role", "unit", "level", "expected"),
    [
        ("district", "d2", "", 404),
        ("district", "s1", "", 404),
        ("district2", "d1", "", 404),
        ("admin", "d2", "", 200),
        ("division", "d1", "", 200),  # divisions read every board (read only)
        ("division_mnth", "d1", "02", 200),
        ("division_mnth", "d1", "04", 404),  # not its level
    ],
)
def test_board_scope(w, login, role, unit, level, expected):
    url = board(w, unit=getattr(w, unit).id, level=level)
    assert login(getattr(w, role)).get(url).status_code == expected


def test_district_board_counts_chart_and_completeness(w, login):
    resp = login(w.district).get(board(w))
    text = resp.text
    assert resp.status_code == 200 and "Phòng Giáo dục và Đào tạo huyện Long Hồ" in text
    svg = re.search(r"<svg .*?</svg>", text, re.S).group(0)
    assert svg.count("<rect") == 5 and 'role="img"' in svg
    assert "Chưa bắt đầu 1; Chưa gửi 0; Đã gửi 1; Đã phê chuẩn 0; Bị từ chối 0" in svg
    widths = re.findall(r'<rect x="120" y="\d+" width="(\d+)"', svg)
    assert widths == ["300", "0", "300", "0", "0"]
    assert "<script" not in svg and "status=sent" in svg
    row = re.search(rf'<tr id="board-{w.s1.id}-02">.*?</tr>', text, re.S).group(0)
    assert "Đã gửi" in row and "Phê chuẩn</button>" in row and "Từ chối</button>" in row
    assert "2 học sinh thiếu số định danh" in row and "1 lớp chưa có học sinh" in row
    assert "Chưa có hồ sơ trường năm học" in row and "Chưa nhập phòng học" in row
    other = re.search(rf'<tr id="board-{w.s1b.id}-03">.*?</tr>', text, re.S).group(0)
    assert "Chưa bắt đầu" in other and "Chưa nhập dữ liệu" in other
    assert "<button" not in other


def test_status_filter_and_htmx_fragment(w, login):
    client = login(w.district)
    resp = client.get(board(w, status="sent"), headers=HX)
    assert resp.status_code == 200 and "HX-Request" in resp.headers["Vary"]
    assert resp.text.lstrip().startswith('<section id="board-results">')
    assert "<html" not in resp.text
    assert (
        f"board-{w.s1.id}-02" in resp.text and f"board-{w.s1b.id}-03" not in resp.text
    )
    assert "<html" in client.get(board(w), headers=HX_BOOSTED).text


def test_province_board_groups_by_district(w, login):
    text = login(w.admin).get(board(w)).text
    groups = re.search(r'<table class="board-groups">.*?</table>', text, re.S).group(0)
    assert f"unit={w.d1.id}" in groups and f"unit={w.d2.id}" in groups
    assert "Trường trực thuộc Sở" in groups
    assert f"board-{w.thpt.id}-04" in text and f"board-{w.s1.id}-02" not in text
    mnth = login(w.division_mnth).get(board(w)).text
    assert f"board-{w.thpt.id}-04" not in mnth  # THPT is not its level
    assert "Chưa bắt đầu 1; Chưa gửi 0; Đã gửi 1" in mnth  # TH only: s1 sent, s2


def test_division_decides_only_schools_under_the_department(w, login):
    secondary = make_unit(
        "division",
        w.dept,
        name="Phòng Giáo dục Trung học",
        fields="students",
        levels="03,04",
    )
    from tests.factories import make_user

    officer = make_user("division", secondary)
    approvals.send(w.leader_thpt, w.thpt, "04", w.period)
    db.session.commit()
    text = login(officer).get(board(w)).text
    row = re.search(rf'<tr id="board-{w.thpt.id}-04">.*?</tr>', text, re.S).group(0)
    assert "Phê chuẩn</button>" in row
    d1 = login(officer).get(board(w, unit=w.d1.id)).text
    assert "Phê chuẩn</button>" not in d1 and f"board-{w.s1b.id}-03" in d1


def _grow(w, n: int) -> None:
    """n more primary schools in d1 and a new district, each with a class and a
    pupil."""
    d3 = make_unit("district", w.dept, name="Phòng Giáo dục và Đào tạo huyện Mới")
    for i in range(n):
        parent = w.d1 if i % 2 else d3
        school = make_unit("school", parent, name=f"Trường Tiểu học Số {i:03d}")
        cls = ClassGroup(school_id=school.id, year=w.year, grade="01", name="1A")
        db.session.add(cls)
        db.session.flush()
        make_student(school, cls)
    db.session.commit()


@pytest.mark.parametrize("who", ["district", "admin"])
def test_queries_do_not_grow_with_schools(w, login, count_queries, who):
    client = login(getattr(w, who))
    small = count_queries(lambda: client.get(board(w)))
    _grow(w, 12)
    approvals.send(w.leader2, w.s2, "02", w.period)
    db.session.commit()
    large = count_queries(lambda: client.get(board(w)))
    assert large == small, (small, large)
    assert large <= 14


def test_fifty_schools_a_page_and_a_light_page(w, login):
    db.session.execute(
        insert(Unit),
        [
            dict(
                kind="school",
                parent_id=w.d1.id,
                code=f"T{i:05d}",
                levels="02",
                level_group="06",
                ownership="01",
                **Unit.search_keys(f"Trường Số {i}"),
                name=f"Trường Tiểu học Số {i}",
            )
            for i in range(60)
        ],
    )
    db.session.commit()
    client = login(w.district)
    first = client.get(board(w))
    assert first.text.count('<tr id="board-') == PER_PAGE
    assert "Trang 1/2" in first.text
    second = client.get(board(w, page=2))
    assert second.text.count('<tr id="board-') == 62 - PER_PAGE
    assert len(first.data) < 40_000, len(first.data)
    wire = client.get(board(w), headers={"Accept-Encoding": "br, gzip"})
    assert wire.headers["Content-Encoding"] in ("br", "gzip")
    assert len(wire.get_data()) < 6_000  # a few KB on the wire for 50 schools
