"""Staff Excel pages: template, import (dry run, all rows or none, error sheet), the
list export and the file for CSDL ngành, with their status codes."""

from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from smasweb.extensions import db
from smasweb.models import StaffMember
from tests.conftest import HX, HX_BOOSTED, HX_HISTORY
from tests.factories import make_staff
from tests.services.test_staff_import import GOOD, person, xlsx

BAD_ROW = person(code="GV009", full_name="Phạm Thị Mai", personal_id="086085999999")
FIXED_ROW = {**BAD_ROW, "personal_id": "086185999999"}


def upload(rows, action="save") -> dict:
    return {"file": (xlsx(rows), "can-bo.xlsx"), "action": action}


def count() -> int:
    return db.session.scalar(select(func.count()).select_from(StaffMember))


def sheet(resp) -> list[tuple]:
    assert resp.status_code == 200, resp.text[:300]
    return list(load_workbook(BytesIO(resp.data)).worksheets[0].values)


def test_template_downloads_with_the_codes_sheet(world, login):
    resp = login(world.clerk).get("/staff/template.xlsx")
    assert resp.status_code == 200
    assert resp.headers["Content-Disposition"].endswith("mau-nhap-can-bo.xlsx")
    assert "Danh mục" in load_workbook(BytesIO(resp.data)).sheetnames


def test_import_page_has_a_file_input_and_two_buttons(world, login):
    page = login(world.clerk).get("/staff/import")
    assert page.status_code == 200
    assert 'type="file"' in page.text and 'enctype="multipart/form-data"' in page.text
    assert ">Kiểm tra</button>" in page.text and ">Nhập dữ liệu</button>" in page.text
    assert "/staff/template.xlsx" in page.text


def test_bad_row_saves_nothing_then_the_fixed_file_imports_everything(world, login):
    client = login(world.clerk)
    resp = client.post("/staff/import", data=upload([*GOOD, BAD_ROW]))
    assert resp.status_code == 422
    assert "Chưa nhập dòng nào" in resp.text
    assert (
        "Dòng 5, cột Số định danh cá nhân: Chữ số thứ 4 (0) không khớp: nữ sinh năm "
        "1985 phải là 1." in resp.text
    )
    assert count() == 0
    resp = client.post("/staff/import", data=upload([*GOOD, FIXED_ROW]))
    assert resp.status_code == 303 and resp.location == "/staff/"
    assert count() == 4
    page = client.get("/staff/?status=all")
    assert "Đã nhập 4 cán bộ: 4 thêm mới, 0 cập nhật." in page.text


def test_dry_run_lists_the_errors_and_saves_nothing(world, login):
    resp = login(world.clerk).post(
        "/staff/import", data=upload([*GOOD, BAD_ROW], "check")
    )
    assert resp.status_code == 200
    assert "Dòng 5, cột Số định danh cá nhân" in resp.text
    assert "Tải danh sách lỗi" in resp.text and count() == 0


def test_dry_run_of_a_good_file_counts_new_and_updated_rows(world, login):
    make_staff(world.s1, code="GV001", full_name="Nguyễn Thị Lan")
    resp = login(world.clerk).post("/staff/import", data=upload(GOOD, "check"))
    assert resp.status_code == 200
    assert "3 dòng sẵn sàng nhập (2 thêm mới, 1 cập nhật)" in resp.text
    assert count() == 1


def test_reimport_updates_the_record_with_that_code(world, login):
    client = login(world.clerk)
    assert client.post("/staff/import", data=upload(GOOD)).status_code == 303
    renamed = {**GOOD[0], "full_name": "Nguyễn Thị Lan Anh"}
    assert client.post("/staff/import", data=upload([renamed])).status_code == 303
    names = db.session.scalars(select(StaffMember.full_name).order_by(StaffMember.id))
    assert list(names) == ["Nguyễn Thị Lan Anh", "Trần Văn Bình", "Lê Thị Hoa"]


def test_errors_download_lists_the_row_errors(world, login):
    resp = login(world.clerk).post(
        "/staff/import/errors.xlsx", data=upload([*GOOD, BAD_ROW], "check")
    )
    rows = sheet(resp)
    assert rows[0] == ("Dòng", "Cột", "Giá trị", "Lỗi")
    assert rows[1][:2] == (5, "Số định danh cá nhân")


def test_import_without_a_file_is_422_next_to_the_file_input(world, login):
    resp = login(world.clerk).post("/staff/import", data={"action": "save"})
    assert resp.status_code == 422
    assert 'id="file-error"' in resp.text and "Hãy chọn tệp Excel" in resp.text


@pytest.mark.parametrize("who", ["teacher", "division", "district", "admin"])
def test_officers_and_teachers_cannot_import(world, login, who):
    client = login(getattr(world, who))
    assert client.get("/staff/import").status_code == 403
    assert client.post("/staff/import", data=upload(GOOD)).status_code == 403
    assert client.post("/staff/import/errors.xlsx", data=upload(GOOD)).status_code == (
        403
    )
    assert count() == 0


@pytest.mark.real_calendar
def test_import_outside_the_staff_window_is_423_and_saves_nothing(app, world, login):
    app.config["TODAY"] = date(2026, 9, 10)
    try:
        resp = login(world.clerk).post("/staff/import", data=upload(GOOD))
    finally:
        app.config["TODAY"] = None
    assert resp.status_code == 423
    assert count() == 0


def test_list_export_follows_the_list_filters_and_masks_for_officers(world, login):
    make_staff(world.s1, full_name="Trần Thị Bé", personal_id="086185012345")
    make_staff(world.s1, full_name="Võ Văn Tư", group="02", position="15")
    make_staff(world.s2, full_name="Lê Văn Cường")
    rows = sheet(login(world.clerk).get("/staff/export.xlsx?group=03"))
    assert [r[3] for r in rows[1:]] == ["Trần Thị Bé"]
    assert rows[1][rows[0].index("Số định danh cá nhân")] == "086185012345"
    officer = sheet(login(world.division).get("/staff/export.xlsx?q=tran+thi+be"))
    assert officer[1][officer[0].index("Số định danh cá nhân")] == "••••••••••45"
    assert len(sheet(login(world.division).get("/staff/export.xlsx"))) == 4


def test_ministry_export_for_the_school_and_for_officers(world, login):
    make_staff(world.s1, personal_id="086185012345")
    rows = sheet(login(world.clerk).get("/staff/ministry.xlsx"))
    assert "MaCanBo" in rows[0] and rows[1][rows[0].index("SoCmnd")] == "086185012345"
    officer = login(world.division)
    assert officer.get("/staff/ministry.xlsx").status_code == 404  # ?school= needed
    rows = sheet(officer.get(f"/staff/ministry.xlsx?school={world.s1.id}"))
    assert rows[1][rows[0].index("SoCmnd")] == "••••••••••45"
    assert rows[-1][0].startswith("Ghi chú")


@pytest.mark.parametrize(
    ("who", "school", "status"),
    [("clerk", "s2", 404), ("district", "s2", 404), ("district", "s1", 200)],
)
def test_ministry_export_of_a_school_outside_scope_is_404(
    world, login, who, school, status
):
    url = f"/staff/ministry.xlsx?school={getattr(world, school).id}"
    assert login(getattr(world, who)).get(url).status_code == status


def test_import_get_by_htmx_is_the_fragment(world, login):
    resp = login(world.clerk).get("/staff/import", headers=HX)
    assert resp.status_code == 200 and "<html" not in resp.text
    assert 'id="import-form"' in resp.text.split(">", 1)[0]


@pytest.mark.parametrize("headers", [{}, HX_BOOSTED, HX_HISTORY])
def test_import_boosted_and_history_get_the_full_page(world, login, headers):
    resp = login(world.clerk).get("/staff/import", headers=headers)
    assert resp.status_code == 200 and "<html" in resp.text
