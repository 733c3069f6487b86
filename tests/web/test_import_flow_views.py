"""The import in three steps with the file chosen once (issue 14 point 6): "Kiểm
tra" keeps the file and shows every error; "Tải danh sách lỗi" and "Nhập dữ liệu"
post only its token, as plain forms (no JavaScript) or through htmx. Another user's
token, or an expired one, is a 404 that asks for the file again."""

import re
from datetime import UTC, datetime, timedelta
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from smasweb.extensions import db
from smasweb.models import Enrollment, ImportUpload, Room, StaffMember, Student
from tests.conftest import HX
from tests.factories import make_user
from tests.services.test_staff_import import GOOD as STAFF_GOOD
from tests.services.test_staff_import import xlsx as staff_xlsx
from tests.services.test_students_import import GOOD, add_class, student, xlsx
from tests.web.test_facilities_import_views import GOOD as ROOMS_GOOD
from tests.web.test_facilities_import_views import upload as rooms_upload

BAD = [
    student(birth_date="31/02/2018", class_name="1C"),  # row 2: two errors
    student(school_code="HS002", full_name="Lê Văn Tư", gender="Khác"),  # row 3: 2
    student(school_code="HS003", personal_id="086318012399", class_name="9Z"),  # row 4
]


@pytest.fixture
def classes(world):
    return {name: add_class(world.s1, name) for name in ("1A", "1B")}


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def token_of(page) -> str:
    tokens = set(re.findall(r'name="upload" value="([^"]+)"', page.text))
    assert len(tokens) == 1, page.text[:500]
    return tokens.pop()


def check(client, rows, name="hoc-sinh.xlsx", headers=None):
    data = {"file": (xlsx(rows), name), "action": "check"}
    return client.post("/students/import", data=data, headers=headers or {})


def test_check_shows_every_error_and_the_next_steps_carry_only_the_token(
    world, login, classes
):
    client = login(world.clerk)
    page = check(client, BAD, "lop-1a.xlsx")
    assert page.status_code == 200
    assert "Tệp đã chọn: <strong>lop-1a.xlsx</strong>" in page.text
    assert "Tệp có 5 lỗi ở 3 dòng." in page.text
    for line in (
        "Dòng 2, cột Ngày sinh (dd/mm/yyyy): “31/02/2018” không phải ngày",
        "Dòng 2, cột Lớp (tên hoặc mã lớp): Trường không có lớp “1C”",
        "Dòng 3, cột Giới tính: “Khác” không có trong danh mục",
        "Dòng 3, cột Số định danh cá nhân: Trùng với dòng 2 của tệp. (ô ghi "
        "“086318012345”)",
        "Dòng 4, cột Lớp (tên hoặc mã lớp): Trường không có lớp “9Z”",
    ):
        assert line in page.text
    assert "Chọn tệp khác" in page.text and "Tải danh sách lỗi (.xlsx)" in page.text
    token = token_of(page)
    assert count(ImportUpload) == 1
    # the error list: the token alone, no file
    sheet = client.post("/students/import/errors.xlsx", data={"upload": token})
    assert sheet.status_code == 200
    assert sheet.headers["Content-Disposition"].endswith("loi-nhap-hoc-sinh.xlsx")
    rows = list(load_workbook(BytesIO(sheet.data)).worksheets[0].values)
    assert rows[0] == ("Dòng", "Cột", "Giá trị", "Lỗi")
    assert [r[:3] for r in rows[1:]] == [
        (2, "Lớp (tên hoặc mã lớp)", "1C"),
        (2, "Ngày sinh (dd/mm/yyyy)", "31/02/2018"),
        (3, "Giới tính", "Khác"),
        (3, "Số định danh cá nhân", "086318012345"),
        (4, "Lớp (tên hoặc mã lớp)", "9Z"),
    ]
    # importing the file with errors, by its token, saves nothing
    resp = client.post("/students/import", data={"upload": token, "action": "save"})
    assert resp.status_code == 422 and "Chưa nhập dòng nào" in resp.text
    assert count(Student) == 0


def test_a_good_file_is_checked_then_imported_by_its_token(world, login, classes):
    client = login(world.clerk)
    page = check(client, GOOD)
    assert "3 dòng sẵn sàng nhập (3 thêm mới, 0 cập nhật)" in page.text
    assert ">Nhập dữ liệu</button>" in page.text
    token = token_of(page)
    resp = client.post("/students/import", data={"upload": token, "action": "save"})
    assert resp.status_code == 303 and resp.location == "/students/"
    assert count(Student) == 3 and count(Enrollment) == 3
    assert count(ImportUpload) == 0  # deleted once imported
    again = client.post("/students/import", data={"upload": token, "action": "save"})
    assert again.status_code == 404 and "hãy chọn lại tệp" in again.text
    assert count(Student) == 3


def test_the_same_steps_through_htmx(world, login, classes):
    client = login(world.clerk)
    page = check(client, GOOD, headers=HX)
    assert page.status_code == 200
    assert page.text.lstrip().startswith('<section id="import-form">')
    token = token_of(page)
    resp = client.post(
        "/students/import", data={"upload": token, "action": "save"}, headers=HX
    )
    assert resp.status_code == 200 and "/students/" in resp.headers["HX-Location"]
    assert count(Student) == 3


def test_another_users_token_is_404_even_in_the_same_school(world, login, classes):
    token = token_of(check(login(world.clerk), GOOD))
    other = make_user("school_clerk", world.s1, username="cb1b")
    client = login(other)
    for url, data in (
        ("/students/import", {"upload": token, "action": "save"}),
        ("/students/import", {"upload": token, "action": "check"}),
        ("/students/import/errors.xlsx", {"upload": token}),
    ):
        resp = client.post(url, data=data)
        assert resp.status_code == 404, url
        assert "hãy chọn lại tệp" in resp.text
    assert count(Student) == 0
    # nor in another kind of import by its owner
    resp = login(world.clerk).post("/staff/import", data={"upload": token})
    assert resp.status_code == 404


def test_an_expired_token_asks_for_the_file_again(world, login, classes):
    client = login(world.clerk)
    token = token_of(check(client, GOOD))
    upload = db.session.get(ImportUpload, token)
    upload.expires_at = datetime.now(UTC) - timedelta(minutes=1)
    db.session.commit()
    resp = client.post("/students/import", data={"upload": token, "action": "save"})
    assert resp.status_code == 404
    assert "quá hạn" in resp.text and 'type="file"' in resp.text
    assert count(Student) == 0


def test_neither_a_file_nor_a_token_is_422(world, login):
    resp = login(world.clerk).post("/students/import", data={"action": "save"})
    assert resp.status_code == 422 and "Hãy chọn tệp Excel" in resp.text


def test_the_steps_work_with_csrf_protection(world, login, classes, csrf_on):
    client = login(world.clerk)
    form = client.get("/students/import").text
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form)[1]
    data = {"file": (xlsx(GOOD), "a.xlsx"), "action": "check", "csrf_token": csrf}
    page = client.post("/students/import", data=data)
    assert page.status_code == 200, page.text[:300]
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)[1]
    data = {"upload": token_of(page), "action": "save", "csrf_token": csrf}
    resp = client.post("/students/import", data=data)
    assert resp.status_code == 303
    assert count(Student) == 3


@pytest.mark.parametrize("what", ["staff", "rooms"])
def test_staff_and_rooms_import_by_token_too(world, login, what):
    client = login(world.clerk)
    if what == "staff":
        url, data, model = (
            "/staff/import",
            {"file": (staff_xlsx(STAFF_GOOD), "cb.xlsx")},
            StaffMember,
        )
    else:
        url, data, model = "/facilities/rooms/import", rooms_upload(ROOMS_GOOD), Room
    page = client.post(url, data={**data, "action": "check"})
    assert page.status_code == 200
    resp = client.post(url, data={"upload": token_of(page), "action": "save"})
    assert resp.status_code == 303
    assert count(model) >= 2 and count(ImportUpload) == 0
