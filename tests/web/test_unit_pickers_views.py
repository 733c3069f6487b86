"""The admin's unit forms: the parent is a select of the units that can be a parent
(a search narrows it with htmx), the code must have its kind's shape (the hint says
which), and the unit tree opens at a node without JavaScript (?open=<id>)."""

import pytest
from sqlalchemy import select

from smasweb.extensions import db
from smasweb.models import Unit
from tests.conftest import HX

SCHOOL = {
    "kind": "school",
    "parent_code": "PGD857",
    "name": "Trường Mầm non Hoa Sen",
    "level_group": "01",
    "ownership": "01",
}


def test_parent_is_a_select_of_offices_with_a_search(world, login):
    page = login(world.admin).get("/units/new").text
    select_html = page.split('<select id="parent_code"')[1].split("</select>")[0]
    assert 'value="PGD857"' in select_html and 'value="SGD86"' in select_html
    assert 'value="86857001"' not in select_html  # a school is never a parent
    assert 'name="parent_q"' in page and "data-js-only hidden" in page
    assert "86 + mã huyện" in page  # the code's shape is in the hint


def test_parent_search_narrows_the_select_and_keeps_the_choice(world, login):
    resp = login(world.admin).get(
        "/units/parents?parent_q=tra on&parent_code=SGD86", headers=HX
    )
    assert resp.status_code == 200
    assert resp.text.startswith('<select id="parent_code"')
    assert 'value="PGD862"' in resp.text and 'value="PGD857"' not in resp.text
    assert '<option selected value="SGD86">' in resp.text


def test_parent_search_is_for_unit_managers(world, login):
    assert login(world.district).get("/units/parents?parent_q=a").status_code == 403


@pytest.mark.parametrize(
    ("code", "ok"),
    [
        ("86857011", True),
        ("86862011", False),  # Trà Ôn's number under Long Hồ's office
        ("HOASEN", False),
        ("8685701", False),
    ],
)
def test_school_code_is_86_district_and_number(world, login, code, ok):
    resp = login(world.admin).post("/units/new", data={**SCHOOL, "code": code})
    saved = db.session.scalars(select(Unit).filter_by(code=code)).first()
    if ok:
        assert resp.status_code == 303 and saved is not None, resp.text[
            resp.text.find("error-summary") :
        ][:600]
    else:
        assert resp.status_code == 422 and saved is None
        error = resp.text.split('id="code-error"')[1][:300]
        assert "Mã đơn vị chưa đúng dạng: 86857 + số thứ tự 3 số" in error


def test_district_office_code_is_pgd_and_a_district_of_the_list(world, login):
    data = {
        "kind": "district",
        "parent_code": "SGD86",
        "name": "Phòng GD&ĐT Thử",
        "level_group": "",  # what a browser sends for the untouched selects
        "ownership": "01",
    }
    client = login(world.admin)
    bad = client.post("/units/new", data={**data, "code": "PGD999"})
    assert bad.status_code == 422 and "PGD + mã huyện" in bad.text
    good = client.post("/units/new", data={**data, "code": "PGD858"})
    assert good.status_code == 303


def test_unit_tree_opens_at_a_node_without_javascript(world, login):
    client = login(world.admin)
    closed = client.get("/units/").text
    assert f'href="/units/?open={world.dept.id}#unit-{world.dept.id}"' in closed
    assert "Trường Tiểu học Long Phước" not in closed
    opened = client.get(f"/units/?open={world.d1.id}").text
    assert "<details open>" in opened
    assert "Phòng Giáo dục và Đào tạo huyện Long Hồ" in opened
    assert "Trường Tiểu học Long Phước" in opened  # d1's children, under the Sở
    assert "Trường Tiểu học Trà Côn" not in opened  # d2 stays closed


def test_unit_tree_open_outside_the_scope_is_404(world, login):
    assert login(world.district).get(f"/units/?open={world.s2.id}").status_code == 404
