"""Pupils' Excel pages: the template, the import (dry run, all rows or none, error
sheet, 403/423), the list and C1 exports with their export log, and the admins' log
page."""

from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from smasweb.extensions import db
from smasweb.models import Enrollment, ExportLog, Movement, Student
from tests.factories import make_student
from tests.services.test_students_import import GOOD, add_class, student, xlsx

BAD_ROW = student(
    school_code="HS009", full_name="Phạm Thị Mai", personal_id="086218999999"
)
FIXED_ROW = {**BAD_ROW, "personal_id": "086318999999"}


@pytest.fixture
def classes(world):
    return {name: add_class(world.s1, name) for name in ("1A", "1B")}


def upload(rows, action="save") -> dict:
    return {"file": (xlsx(rows), "hoc-sinh.xlsx"), "action": action}


def count(model=Student) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def sheet(resp) -> list[tuple]:
    assert resp.status_code == 200, resp.text[:300]
    return list(load_workbook(BytesIO(resp.data)).worksheets[0].values)


def logs() -> list[ExportLog]:
    return list(db.session.scalars(select(ExportLog).order_by(ExportLog.id)))


def test_template_downloads_with_its_sheets(world, login):
    resp = login(world.clerk).get("/students/template.xlsx")
    assert resp.status_code == 200
    assert resp.headers["Content-Disposition"].endswith("C1-HocSinh-mau.xlsx")
    names = load_workbook(BytesIO(resp.data)).sheetnames
    assert names == ["Sheet1", "Danh mục", "Hướng dẫn"]


def test_import_page_has_a_file_input_and_two_buttons(world, login):
    page = login(world.clerk).get("/students/import")
    assert page.status_code == 200
    assert 'type="file"' in page.text and 'enctype="multipart/form-data"' in page.text
    assert ">Kiểm tra</button>" in page.text and ">Nhập dữ liệu</button>" in page.text
    assert "/students/template.xlsx" in page.text


def test_clerk_imports_a_class_list_after_fixing_the_error_row(world, login, classes):
    client = login(world.clerk)
    resp = client.post("/students/import", data=upload([*GOOD, BAD_ROW]))
    assert resp.status_code == 422
    assert "Chưa nhập dòng nào" in resp.text
    assert (
        "Dòng 5, cột Số định danh cá nhân: Chữ số thứ 4 (2) không khớp: nữ sinh năm "
        "2018 phải là 3." in resp.text
    )
    assert count() == 0
    resp = client.post("/students/import", data=upload([*GOOD, FIXED_ROW]))
    assert resp.status_code == 303 and resp.location == "/students/"
    assert count() == 4 and count(Enrollment) == 4 and count(Movement) == 4


def test_dry_run_shows_counts_and_saves_nothing(world, login, classes):
    make_student(world.s1, school_code="HS001")
    resp = login(world.clerk).post("/students/import", data=upload(GOOD, "check"))
    assert resp.status_code == 200
    assert "3 dòng sẵn sàng nhập (2 thêm mới, 1 cập nhật)" in resp.text
    assert count() == 1


def test_errors_sheet_lists_row_column_and_reason(world, login, classes):
    resp = login(world.clerk).post(
        "/students/import/errors.xlsx", data=upload([*GOOD, BAD_ROW], "check")
    )
    rows = sheet(resp)
    assert rows[0] == ("Dòng", "Cột", "Giá trị", "Lỗi")
    assert rows[1][:3] == (5, "Số định danh cá nhân", "086218999999")


def test_a_missing_file_is_422(world, login):
    resp = login(world.clerk).post("/students/import", data={"action": "check"})
    assert resp.status_code == 422
    assert "Hãy chọn tệp Excel" in resp.text


@pytest.mark.parametrize("who", ["teacher", "district", "admin"])
def test_officers_and_teachers_cannot_import(world, login, classes, who):
    client = login(getattr(world, who))
    assert client.get("/students/import").status_code == 403
    assert client.post("/students/import", data=upload(GOOD)).status_code == 403
    assert count() == 0


@pytest.mark.real_calendar
def test_import_outside_the_students_window_is_423(app, world, login):
    app.config["TODAY"] = date(2026, 9, 10)
    try:
        resp = login(world.clerk).post("/students/import", data=upload(GOOD))
    finally:
        app.config["TODAY"] = None
    assert resp.status_code == 423
    assert count() == 0


def test_list_export_follows_filters_masks_and_is_logged(world, login, classes):
    make_student(
        world.s1,
        classes["1A"],
        full_name="Trần Thị Bé",
        personal_id="086318000001",
        gender="02",
    )
    make_student(world.s1, full_name="Lê Văn Tí")
    rows = sheet(login(world.clerk).get("/students/export.xlsx?q=be"))
    assert len(rows) == 2 and rows[1][1] == world.s1.name
    assert "086318000001" in rows[1]
    rows = sheet(login(world.district).get("/students/export.xlsx?q=be"))
    assert "086318000001" not in rows[1] and "••••••••••01" in rows[1]
    clerk_log, district_log = logs()
    assert (clerk_log.what, clerk_log.rows, clerk_log.masked) == (
        "students.xlsx",
        1,
        False,
    )
    assert clerk_log.detail == "q=be" and clerk_log.user_id == world.clerk.id
    assert (district_log.masked, district_log.unit_id) == (True, world.district.unit_id)


def test_c1_export_scope_masking_and_log(world, login, classes):
    make_student(world.s1, classes["1A"], personal_id="086318000001", gender="02")
    rows = sheet(login(world.clerk).get("/students/c1.xlsx"))
    assert rows[1][0] == "1A" and "086318000001" in rows[1]
    officer = login(world.district)
    assert officer.get("/students/c1.xlsx").status_code == 404  # ?school= required
    assert officer.get(f"/students/c1.xlsx?school={world.s2.id}").status_code == 404
    rows = sheet(officer.get(f"/students/c1.xlsx?school={world.s1.id}"))
    assert "086318000001" not in rows[1] and rows[-1][0].startswith("Ghi chú")
    assert [(e.what, e.rows, e.masked, e.unit_id) for e in logs()] == [
        ("students.c1.xlsx", 1, False, world.s1.id),
        ("students.c1.xlsx", 1, True, world.s1.id),
    ]


def test_staff_exports_are_logged(world, login):
    login(world.clerk).get("/staff/export.xlsx?q=an")
    login(world.district).get(f"/staff/ministry.xlsx?school={world.s1.id}")
    assert [(e.what, e.masked, e.detail) for e in logs()] == [
        ("staff.xlsx", False, "q=an"),
        ("staff.ministry.xlsx", True, None),
    ]


def test_export_log_page_is_for_admins_newest_first(world, login):
    login(world.clerk).get("/students/export.xlsx")
    login(world.district).get("/students/export.xlsx")
    page = login(world.admin).get("/audit/exports")
    assert page.status_code == 200
    assert "2 lượt xuất" in page.text and "students.xlsx" in page.text
    assert page.text.index(world.district.username) < page.text.index(
        world.clerk.username
    )
    for who in ("division", "district", "leader", "clerk"):
        assert login(getattr(world, who)).get("/audit/exports").status_code == 403
