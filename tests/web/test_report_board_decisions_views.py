"""Deciding from the board (issue 14, point 3): the counts, the chart and the
filtered list follow each decision (out-of-band swaps); approving and sending ask
first (a confirmation page without JS); the board's buttons look different."""

import re

import pytest

from smasweb.extensions import db
from smasweb.services import years as school_years
from smasweb.services.reports import approvals
from tests.conftest import HX


@pytest.fixture
def w(world):
    school_years.ensure_year(school_years.current_year())
    world.period = approvals.get_period(None)
    approvals.send(world.leader, world.s1, "02", world.period)
    db.session.commit()
    world.row = approvals.find_submission(approvals.CODE, world.period, world.s1, "02")
    return world


def board(w, **args) -> str:
    query = "&".join(f"{k}={v}" for k, v in {"period": w.period.id, **args}.items())
    return f"/reports/board?{query}"


def decide(client, w, action: str, next_url: str, note: str = ""):
    return client.post(
        f"/reports/submissions/{w.row.id}/{action}",
        data={"version": w.row.version, "view": "row", "next": next_url, "note": note},
        headers=HX,
    )


def oob(text: str, element_id: str) -> str:
    found = re.search(rf'<(\w+) [^>]*id="{element_id}"[^>]*>', text)
    assert found, element_id
    assert 'hx-swap-oob="true"' in found.group(0), element_id
    return text[found.start() :]


def test_reject_answers_the_row_and_the_new_counts_out_of_band(w, login):
    resp = decide(login(w.district), w, "reject", board(w), "Thiếu lớp 1B")
    assert resp.status_code == 200
    assert resp.text.lstrip().startswith(f'<tr id="board-{w.s1.id}-02">')
    chart = oob(resp.text, "board-chart")
    assert "Đã gửi 0" in chart and "Bị từ chối 1" in chart
    assert oob(resp.text, "board-total")


def test_a_row_leaves_the_list_filtered_by_its_old_status(w, login):
    resp = decide(login(w.district), w, "reject", board(w, status="sent"), "Sai số")
    assert resp.status_code == 200
    assert f'<tr id="board-{w.s1.id}-02"' not in resp.text
    total = re.search(r'<p id="board-total"[^>]*>(.*?)</p>', resp.text).group(1)
    assert total.startswith("0 báo cáo")
    assert "Bị từ chối 1" in oob(resp.text, "board-chart")


def test_the_province_board_updates_its_table_per_unit(w, login):
    resp = decide(login(w.admin), w, "approve", board(w))
    groups = oob(resp.text, "board-groups")
    assert "Phòng Giáo dục và Đào tạo huyện Long Hồ" in groups
    assert f'<tr id="board-{w.s1.id}-02"' in resp.text  # still "every status"


def test_approve_and_reject_look_different_and_approve_asks_first(w, login):
    text = login(w.district).get(board(w)).text
    row = re.search(rf'<tr id="board-{w.s1.id}-02">.*?</tr>', text, re.S).group(0)
    assert 'class="primary">Phê chuẩn</button>' in row
    assert 'class="danger">Từ chối</button>' in row
    approve = re.search(r"<form [^>]*hx-confirm[^>]*>", row).group(0)
    assert 'method="get"' in approve and "Xác nhận phê chuẩn" in approve


def test_without_js_approve_shows_a_confirmation_page_that_posts(w, login):
    client = login(w.district)
    back = board(w)
    page = client.get(
        f"/reports/submissions/{w.row.id}/approve?version={w.row.version}&next={back}"
    )
    assert page.status_code == 200
    assert "Xác nhận phê chuẩn báo cáo Tiểu học của Trường Tiểu học Long Phước?" in (
        page.text
    )
    assert 'method="post"' in page.text
    assert (
        approvals.find_submission(approvals.CODE, w.period, w.s1, "02").status == "sent"
    )  # asking decides nothing
    done = client.post(
        f"/reports/submissions/{w.row.id}/approve",
        data={"version": w.row.version, "next": back},
    )
    assert done.status_code == 303 and done.location.endswith(back)


def test_the_confirmation_page_keeps_the_scope(w, login):
    url = f"/reports/submissions/{w.row.id}/approve"
    assert login(w.district2).get(url).status_code == 404
    assert login(w.leader).get(url).status_code == 403


def test_without_js_send_shows_a_confirmation_page(w, login):
    args = f"unit={w.s1.id}&level=02&period={w.period.id}"
    page = login(w.leader).get(f"/reports/submission/send?{args}")
    assert page.status_code == 200
    assert "Xác nhận gửi báo cáo Tiểu học của Trường Tiểu học Long Phước?" in page.text
    assert login(w.clerk).get(f"/reports/submission/send?{args}").status_code == 403


def test_board_export_has_the_page_scope(w, login):
    from io import BytesIO

    from openpyxl import load_workbook

    resp = login(w.district).get(f"/reports/board.xlsx?period={w.period.id}")
    assert resp.status_code == 200
    values = [c.value for row in load_workbook(BytesIO(resp.data)).active for c in row]
    assert "Trường Tiểu học Long Phước" in values and "Đã gửi" in values
    assert "Trường Tiểu học Trà Côn" not in values  # another district's school
    assert login(w.leader).get("/reports/board.xlsx").status_code == 403
