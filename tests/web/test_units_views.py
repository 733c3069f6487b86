"""Unit pages: tree, search, create, rename, move and close through the forms."""

from datetime import date

import time_machine

from smasweb.extensions import db
from smasweb.models import Unit
from smasweb.services.reports import documents
from tests.conftest import HX


def test_tree_shows_the_department_and_expands_lazily(world, login):
    client = login(world.admin)
    page = client.get("/units/")
    assert "Sở Giáo dục và Đào tạo Vĩnh Long" in page.text
    children = client.get(f"/units/{world.dept.id}/children", headers=HX)
    assert "Phòng Giáo dục và Đào tạo huyện Long Hồ" in children.text
    assert "Trường THPT Trà Ôn" in children.text


def test_district_tree_starts_at_its_office(world, login):
    page = login(world.district).get("/units/")
    assert "huyện Long Hồ" in page.text and "huyện Trà Ôn" not in page.text


def test_search_without_diacritics(world, login):
    resp = login(world.district).get("/units/?q=long phuoc", headers=HX)
    assert resp.text.startswith('<section id="unit-results">')
    assert "Trường Tiểu học Long Phước" in resp.text and "Trà Côn" not in resp.text


def test_create_school_through_the_form(world, login):
    resp = login(world.admin).post(
        "/units/new",
        data={
            "kind": "school",
            "parent_code": "pgd857",
            "code": "86857010",
            "name": "Trường Mầm non  Hoa Sen",
            "level_group": "01",
            "ownership": "01",
            "opened_on": "01/09/2020",
        },
    )
    assert resp.status_code == 303
    school = db.session.query(Unit).filter_by(code="86857010").one()
    assert school.name == "Trường Mầm non Hoa Sen" and school.parent_id == world.d1.id
    assert school.opened_on == date(2020, 9, 1)
    detail = login(world.admin).get(resp.headers["Location"])
    assert "01/09/2020" in detail.text and "Mầm non" in detail.text


def test_invalid_unit_form_is_422_with_vietnamese_errors_inline(world, login):
    resp = login(world.admin).post(
        "/units/new",
        data={
            "kind": "school",
            "parent_code": "KHONGCO",
            "code": "",
            "name": "Trường X",
            "level_group": "06",
            "ownership": "01",
            "opened_on": "31/02/2020",
        },
    )
    assert resp.status_code == 422
    assert 'id="code-error"' in resp.text and "Bắt buộc nhập." in resp.text
    assert 'id="opened_on-error"' in resp.text and "dd/mm/yyyy" in resp.text
    assert db.session.query(Unit).filter_by(name="Trường X").count() == 0


def test_unknown_parent_code_is_reported_on_its_field(world, login):
    resp = login(world.admin).post(
        "/units/new",
        data={
            "kind": "school",
            "parent_code": "KHONGCO",
            "code": "86857011",
            "name": "Trường Y",
            "level_group": "06",
            "ownership": "01",
        },
        headers=HX,
    )
    assert resp.status_code == 422
    assert resp.text.startswith('<form id="unit-form"')
    assert 'id="parent_code-error"' in resp.text


def test_rename_keeps_the_history(world, login):
    resp = login(world.admin).post(
        f"/units/{world.s1.id}/edit",
        data={
            "code": "86857001",
            "name": "Trường Tiểu học Long Phước A",
            "level_group": "06",
            "ownership": "01",
        },
    )
    assert resp.status_code == 303
    assert db.session.get(Unit, world.s1.id).name == "Trường Tiểu học Long Phước A"


def test_the_head_of_a_district_office_signs_its_reports(world, login):
    client = login(world.admin)
    form = {
        "code": "PGD857",
        "name": world.d1.name,
        "head_name": " Lê  Văn Tâm ",
        "level_group": "",
        "ownership": "01",
    }
    assert client.post(f"/units/{world.d1.id}/edit", data=form).status_code == 303
    page = client.get(f"/units/{world.d1.id}")
    assert "Thủ trưởng đơn vị" in page.text and "Lê Văn Tâm" in page.text
    signer = documents.signer(db.session.get(Unit, world.d1.id), 2026)
    assert (signer.title, signer.name) == ("TRƯỞNG PHÒNG", "Lê Văn Tâm")
    assert "head_name" not in client.get(f"/units/{world.s1.id}/edit").text


@time_machine.travel(date(2025, 7, 10))
def test_move_form_is_dated_and_the_old_link_stays_in_history(world, login):
    client = login(world.admin)
    resp = client.post(
        f"/units/{world.s1.id}/move",
        data={"parent_code": "SGD86", "effective": "01/07/2025"},
    )
    assert resp.status_code == 303
    page = client.get(f"/units/{world.s1.id}")
    assert "Lịch sử trực thuộc" in page.text
    assert "01/08/2019" in page.text and "01/07/2025" in page.text
    future = client.post(
        f"/units/{world.s2.id}/move",
        data={"parent_code": "SGD86", "effective": "01/01/2030"},
    )
    assert future.status_code == 422 and "sau hôm nay" in future.text


def test_close_a_school_hides_it_from_the_tree(world, login):
    client = login(world.admin)
    resp = client.post(f"/units/{world.s1b.id}/close", data={"closed_on": "30/06/2024"})
    assert resp.status_code == 303
    assert (
        "Đã giải thể Trường THCS Long Phước" in client.get(f"/units/{world.d1.id}").text
    )
    link = f'<a href="/units/{world.s1b.id}">'
    assert link not in client.get(f"/units/{world.d1.id}").text
    shown = client.get(f"/units/{world.d1.id}?closed=1").text
    assert link in shown and "đã giải thể" in shown


def test_successful_htmx_post_answers_with_hx_location(world, login):
    resp = login(world.admin).post(
        f"/units/{world.s1.id}/edit",
        headers=HX,
        data={
            "code": "86857001",
            "name": "Trường Tiểu học Long Phước",
            "level_group": "06",
            "ownership": "01",
        },
    )
    assert (
        resp.status_code == 200
        and f"/units/{world.s1.id}" in resp.headers["HX-Location"]
    )
