"""Import pages: templates, dry run, all-or-nothing commit, error sheet, htmx contract."""

from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from smasweb.extensions import db
from smasweb.models.facilities import EquipmentItem, Room
from smasweb.services.facilities.imports import EQUIPMENT_COLUMNS, ROOM_COLUMNS
from tests.conftest import HX, HX_BOOSTED, HX_HISTORY

GOOD = [
    ["Phòng học", "Kiên cố", "Không", "", "Phòng 1A", 4, 48, "Tốt"],
    ["lab", "ban_kien_co", "", "", "Phòng thí nghiệm", 1, None, ""],
]
BAD = [*GOOD, ["Phòng học", "Gỗ", "", "", "", 2, None, ""]]


def upload(rows, headers=None, action="save") -> dict:
    wb = Workbook()
    ws = wb.active
    ws.append(headers or list(ROOM_COLUMNS.values()))
    for row in rows:
        ws.append(row)
    out = BytesIO()
    wb.save(out)
    out.seek(0)
    return {"file": (out, "phong.xlsx"), "action": action}


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize(
    ("url", "sheets"),
    [
        ("/facilities/rooms/template.xlsx", 4),
        ("/facilities/equipment/template.xlsx", 5),
    ],
)
def test_templates_open_with_openpyxl(world, login, url, sheets):
    resp = login(world.clerk).get(url)
    assert resp.status_code == 200
    wb = load_workbook(BytesIO(resp.data))
    assert len(wb.sheetnames) == sheets
    headers = [c.value for c in wb.worksheets[0][1]]
    assert headers in (list(ROOM_COLUMNS.values()), list(EQUIPMENT_COLUMNS.values()))


def test_import_page_has_a_file_input_and_two_buttons(world, login):
    page = login(world.clerk).get("/facilities/rooms/import")
    assert page.status_code == 200
    assert 'type="file"' in page.text and 'enctype="multipart/form-data"' in page.text
    assert ">Kiểm tra</button>" in page.text and ">Nhập dữ liệu</button>" in page.text


def test_good_import_saves_every_row(world, login):
    resp = login(world.clerk).post("/facilities/rooms/import", data=upload(GOOD))
    assert resp.status_code == 303
    assert resp.location == f"/facilities/rooms/?school={world.s1.id}"
    assert count(Room) == 2


def test_import_with_one_bad_row_saves_nothing_and_says_which_row(world, login):
    resp = login(world.clerk).post("/facilities/rooms/import", data=upload(BAD))
    assert resp.status_code == 422
    assert "Dòng 4, cột Kết cấu: “Gỗ” không có trong danh mục." in resp.text
    assert "Chưa nhập dòng nào" in resp.text
    assert count(Room) == 0


def test_dry_run_lists_errors_and_saves_nothing(world, login):
    data = upload(BAD, action="check")
    resp = login(world.clerk).post("/facilities/rooms/import", data=data)
    assert resp.status_code == 200
    assert "Dòng 4, cột Kết cấu" in resp.text and "Tải danh sách lỗi" in resp.text
    assert count(Room) == 0


def test_dry_run_of_a_good_file_says_it_is_ready(world, login):
    data = upload(GOOD, action="check")
    resp = login(world.clerk).post("/facilities/rooms/import", data=data)
    assert resp.status_code == 200 and "2 dòng sẵn sàng nhập" in resp.text
    assert count(Room) == 0


def test_errors_download_lists_the_row_errors(world, login):
    resp = login(world.clerk).post(
        "/facilities/rooms/import/errors.xlsx", data=upload(BAD, action="check")
    )
    assert resp.status_code == 200
    rows = list(load_workbook(BytesIO(resp.data)).worksheets[0].values)
    assert rows[0] == ("Dòng", "Cột", "Giá trị", "Lỗi")
    assert rows[1][:2] == (4, "Kết cấu")


def test_import_without_a_file_is_422_next_to_the_file_input(world, login):
    resp = login(world.clerk).post("/facilities/rooms/import", data={"action": "save"})
    assert resp.status_code == 422
    assert 'id="file-error"' in resp.text and "Hãy chọn tệp Excel" in resp.text


def test_file_missing_columns_is_422(world, login):
    data = upload([["x"]], headers=["Loại phòng"])
    resp = login(world.clerk).post("/facilities/rooms/import", data=data)
    assert resp.status_code == 422 and "Tệp thiếu cột" in resp.text


def test_equipment_import_saves_all_rows(world, login):
    rows = [["TH1-TOAN-01", "", "", 10, "Tốt", ""], ["DC-TIVI-01", "", "", 2, "", ""]]
    data = upload(rows, headers=list(EQUIPMENT_COLUMNS.values()))
    resp = login(world.clerk).post("/facilities/equipment/import", data=data)
    assert resp.status_code == 303 and count(EquipmentItem) == 2


@pytest.mark.parametrize("who", ["district", "teacher"])
def test_readers_cannot_import(world, login, who):
    client = login(getattr(world, who))
    url = f"/facilities/rooms/import?school={world.s1.id}"
    assert client.get(url).status_code == 403
    assert client.post(url, data=upload(GOOD)).status_code == 403
    assert count(Room) == 0


def test_import_into_another_school_is_404(world, login):
    url = f"/facilities/rooms/import?school={world.s2.id}"
    assert login(world.clerk).post(url, data=upload(GOOD)).status_code == 404


# The htmx contract for the facilities fragments: (who, URL, fragment root id)
FRAGMENTS = [
    ("clerk", "/facilities/rooms/", "room-results"),
    ("clerk", "/facilities/rooms/?q=phong&kind=classroom", "room-results"),
    ("district", "/facilities/rooms/", "room-results"),
    ("clerk", "/facilities/equipment/", "equipment-results"),
    ("district", "/facilities/", "facility-schools"),
    ("clerk", "/facilities/rooms/new", "room-form"),
    ("clerk", "/facilities/equipment/new", "equipment-form"),
    ("clerk", "/facilities/rooms/import", "import-form"),
]


@pytest.mark.parametrize(("who", "url", "root"), FRAGMENTS)
def test_htmx_get_is_the_fragment(world, login, who, url, root):
    resp = login(getattr(world, who)).get(url, headers=HX)
    assert resp.status_code == 200
    assert resp.text.lstrip().startswith("<")
    assert f'id="{root}"' in resp.text.split(">", 1)[0]
    assert "<html" not in resp.text and "HX-Request" in resp.vary


@pytest.mark.parametrize("headers", [{}, HX_BOOSTED, HX_HISTORY])
@pytest.mark.parametrize(("who", "url", "root"), FRAGMENTS)
def test_plain_boosted_and_history_get_the_full_page(
    world, login, who, url, root, headers
):
    resp = login(getattr(world, who)).get(url, headers=headers)
    assert resp.status_code == 200
    assert "<html" in resp.text and f'id="{root}"' in resp.text
