"""Facilities pages: lists, forms, exports, summary and who sees what."""

from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from smasweb.extensions import db
from smasweb.models.facilities import EquipmentItem, Room
from tests.conftest import HX
from tests.factories import make_unit, make_user

ROOM = {"kind": "classroom", "construction": "kien_co", "quantity": "3"}


def add_room(school, **values) -> Room:
    row = {"kind": "classroom", "construction": "kien_co", "quantity": 1}
    row.update(values)
    room = Room(school_id=school.id, **row)
    db.session.add(room)
    db.session.commit()
    return room


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def sheet_rows(resp) -> list[tuple]:
    assert resp.status_code == 200
    assert resp.mimetype.endswith("spreadsheetml.sheet")
    wb = load_workbook(BytesIO(resp.data))
    return list(wb.worksheets[0].iter_rows(values_only=True))


@pytest.fixture
def khtc(world):
    unit = make_unit("division", world.dept, fields="facilities,budget")
    user = make_user("division", unit)
    db.session.commit()
    return user


def test_clerk_adds_rooms_through_the_form(world, login):
    client = login(world.clerk)
    assert 'id="room-form"' in client.get("/facilities/rooms/new").text
    data = {**ROOM, "name": "Phòng lớp 1", "area_m2": "48,5", "borrowed": "y"}
    resp = client.post("/facilities/rooms/new", data=data)
    assert resp.status_code == 303
    assert resp.location == f"/facilities/rooms/?school={world.s1.id}"
    room = db.session.scalars(select(Room)).one()
    assert (room.school_id, room.quantity, room.borrowed) == (world.s1.id, 3, True)
    assert str(room.area_m2) == "48.50"


def test_bad_room_input_is_422_with_the_message_next_to_the_field(world, login):
    data = {**ROOM, "quantity": "0", "area_m2": "abc"}
    resp = login(world.clerk).post("/facilities/rooms/new", data=data)
    assert resp.status_code == 422
    assert (
        'id="quantity-error"' in resp.text
        and "Số phòng phải từ 1 trở lên." in resp.text
    )
    assert 'id="area_m2-error"' in resp.text
    assert count(Room) == 0


def test_bad_room_input_via_htmx_returns_the_form_fragment(world, login):
    resp = login(world.clerk).post("/facilities/rooms/new", data={}, headers=HX)
    assert resp.status_code == 422
    assert resp.text.lstrip().startswith('<form id="room-form"')
    assert 'id="kind-error"' in resp.text and "Bắt buộc nhập." in resp.text


def test_clerk_edits_a_room_and_a_stale_form_is_409(world, login):
    room = add_room(world.s1)
    client = login(world.clerk)
    assert 'value="1"' in client.get(f"/facilities/rooms/{room.id}/edit").text
    data = {**ROOM, "quantity": "5", "version": "1"}
    assert (
        client.post(f"/facilities/rooms/{room.id}/edit", data=data).status_code == 303
    )
    stale = client.post(f"/facilities/rooms/{room.id}/edit", data=data)
    assert stale.status_code == 409
    assert db.session.get(Room, room.id).quantity == 5


def test_clerk_deletes_a_room(world, login):
    room = add_room(world.s1)
    resp = login(world.clerk).post(f"/facilities/rooms/{room.id}/delete")
    assert resp.status_code == 303 and count(Room) == 0


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("GET", "/facilities/rooms/{own}/edit"),
        ("POST", "/facilities/rooms/{own}/delete"),
        ("GET", "/facilities/rooms/new?school={s1}"),
    ],
)
@pytest.mark.parametrize("who", ["district", "teacher"])
def test_readers_get_403_on_writes(world, login, who, method, url):
    room = add_room(world.s1)
    path = url.format(own=room.id, s1=world.s1.id)
    resp = login(getattr(world, who)).open(path, method=method)
    assert resp.status_code == 403
    assert count(Room) == 1


@pytest.mark.parametrize(
    "url",
    [
        "/facilities/rooms/{other}/edit",
        "/facilities/rooms/?school={s2}",
        "/facilities/?school={s2}",
        "/facilities/summary?school={s2}",
        "/facilities/equipment/new?school={s2}",
    ],
)
@pytest.mark.parametrize("who", ["clerk", "district"])
def test_other_schools_are_404(world, login, who, url):
    room = add_room(world.s2)
    path = url.format(other=room.id, s2=world.s2.id)
    assert login(getattr(world, who)).get(path).status_code == 404


def test_post_to_a_room_of_another_school_is_404_and_changes_nothing(world, login):
    room = add_room(world.s2)
    resp = login(world.clerk).post(f"/facilities/rooms/{room.id}/delete")
    assert resp.status_code == 404 and count(Room) == 1


@pytest.mark.parametrize("who", ["division", "division_mnth"])
@pytest.mark.parametrize(
    "url", ["/facilities/", "/facilities/rooms/", "/facilities/summary"]
)
def test_divisions_without_facilities_get_404(world, login, who, url):
    assert login(getattr(world, who)).get(url).status_code == 404


def test_planning_finance_division_reads_every_school(world, login, khtc):
    add_room(world.s2, name="Phòng Trà Côn")
    client = login(khtc)
    page = client.get("/facilities/")
    assert page.status_code == 200 and "Trường Tiểu học Trà Côn" in page.text
    rooms = client.get(f"/facilities/rooms/?school={world.s2.id}")
    assert "Phòng Trà Côn" in rooms.text and "Thêm phòng" not in rooms.text


def test_school_overview_shows_the_summary_and_write_links(world, login):
    add_room(world.s1, quantity=7)
    page = login(world.clerk).get("/facilities/")
    assert page.status_code == 200
    assert "5.1. Phòng học" in page.text and "Thêm phòng" in page.text
    assert "Thêm phòng" not in login(world.teacher).get("/facilities/").text


def test_district_overview_lists_its_schools_with_room_totals(world, login):
    add_room(world.s1, quantity=7)
    page = login(world.district).get("/facilities/?q=thcs", headers=HX)
    assert page.text.lstrip().startswith('<section id="facility-schools"')
    assert "Trường THCS Long Phước" in page.text
    assert "Trường Tiểu học Long Phước" not in page.text


def test_room_list_is_a_fragment_for_htmx_and_a_page_otherwise(world, login):
    add_room(world.s1, name="Phòng Âm nhạc", kind="music")
    add_room(world.s1, name="Phòng học 2A")
    client = login(world.clerk)
    fragment = client.get("/facilities/rooms/?q=am+nhac", headers=HX)
    assert fragment.text.lstrip().startswith('<section id="room-results"')
    assert "Phòng Âm nhạc" in fragment.text and "Phòng học 2A" not in fragment.text
    page = client.get("/facilities/rooms/?kind=classroom")
    assert "<html" in page.text and "Phòng học 2A" in page.text
    assert "Phòng Âm nhạc" not in page.text


def test_room_list_pages_keep_the_filters(world, login):
    for i in range(30):
        db.session.add(
            Room(
                school_id=world.s1.id,
                kind="classroom",
                construction="tam",
                quantity=1,
                name=f"Phòng {i:02d}",
            )
        )
    add_room(world.s1, construction="kien_co")
    resp = login(world.clerk).get("/facilities/rooms/?construction=tam", headers=HX)
    assert "30 dòng" in resp.text and "Trang 1/2" in resp.text
    assert "construction=tam" in resp.text and "page=2" in resp.text


def test_room_export_opens_in_excel_with_codes_and_labels(world, login):
    add_room(world.s1, name="Phòng 1A", quantity=4, borrowed=True)
    add_room(world.s2, name="Phòng khác trường")
    resp = login(world.clerk).get(f"/facilities/rooms.xlsx?school={world.s1.id}")
    rows = sheet_rows(resp)
    assert rows[0][:4] == ("Mã trường", "Tên trường", "Mã loại phòng", "Loại phòng")
    assert len(rows) == 2
    assert rows[1][2:4] == ("classroom", "Phòng học") and rows[1][8:10] == (
        "Phòng 1A",
        4,
    )


def test_district_room_export_covers_its_schools(world, login):
    add_room(world.s1)
    add_room(world.s1b)
    add_room(world.s2)
    rows = sheet_rows(login(world.district).get("/facilities/rooms.xlsx"))
    assert {r[0] for r in rows[1:]} == {world.s1.code, world.s1b.code}


def test_clerk_adds_equipment_through_the_form(world, login):
    client = login(world.clerk)
    page = client.get("/facilities/equipment/new")
    assert "TH1-TOAN-01" in page.text and "MN-MG-01" not in page.text
    resp = client.post(
        "/facilities/equipment/new", data={"code": "TH2-TOAN-01", "quantity": "6"}
    )
    assert resp.status_code == 303
    row = db.session.scalars(select(EquipmentItem)).one()
    assert (row.kind, row.grade, row.quantity) == ("equipment", "02", 6)


def test_toy_at_a_primary_school_is_422_next_to_the_item(world, login):
    resp = login(world.clerk).post(
        "/facilities/equipment/new", data={"code": "MN-MG-01", "quantity": "1"}
    )
    assert resp.status_code == 422
    assert 'id="code-error"' in resp.text
    assert count(EquipmentItem) == 0


def test_preschool_clerk_adds_toys_by_age_group(world, login):
    school = make_unit(
        "school", world.d1, name="Trường Mầm non Sen Hồng", level_group="01"
    )
    clerk = make_user("school_clerk", school)
    db.session.commit()
    client = login(clerk)
    assert "MN-MG-01" in client.get("/facilities/equipment/new").text
    data = {"code": "MN-MG-01", "quantity": "2", "age_group": "05"}
    assert client.post("/facilities/equipment/new", data=data).status_code == 303
    page = client.get("/facilities/equipment/?kind=toy&age=05")
    assert "Mẫu giáo 4–5 tuổi" in page.text and "MN-MG-01" in page.text


def test_equipment_list_filters_and_exports(world, login):
    client = login(world.clerk)
    for code in ("TH1-TV-01", "DC-TIVI-01"):
        client.post("/facilities/equipment/new", data={"code": code, "quantity": "3"})
    fragment = client.get("/facilities/equipment/?q=tap+viet", headers=HX)
    assert fragment.text.lstrip().startswith('<section id="equipment-results"')
    assert "TH1-TV-01" in fragment.text and "DC-TIVI-01" not in fragment.text
    rows = sheet_rows(client.get("/facilities/equipment.xlsx?grade=01"))
    assert len(rows) == 2 and rows[1][3:5] == ("TH1-TV-01", "Bộ chữ dạy tập viết")


def test_equipment_edit_and_delete(world, login):
    client = login(world.clerk)
    client.post(
        "/facilities/equipment/new", data={"code": "TH1-TV-01", "quantity": "3"}
    )
    row = db.session.scalars(select(EquipmentItem)).one()
    data = {"code": "TH1-TV-01", "quantity": "-1", "version": "1"}
    bad = client.post(f"/facilities/equipment/{row.id}/edit", data=data)
    assert bad.status_code == 422 and "Số lượng không được âm." in bad.text
    data["quantity"] = "9"
    assert (
        client.post(f"/facilities/equipment/{row.id}/edit", data=data).status_code
        == 303
    )
    assert db.session.get(EquipmentItem, row.id).quantity == 9
    assert client.post(f"/facilities/equipment/{row.id}/delete").status_code == 303
    assert count(EquipmentItem) == 0
