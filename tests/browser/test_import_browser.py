"""Issue 14 point 6 in Chromium, with and without JavaScript: a clerk checks a class
list with errors in several rows and sees them all at once, downloads the error
list without choosing the file again, then checks the fixed file and imports it
after choosing it only once.

The live server's database is shared by the browser suite: this module makes its
own class (2A) and uses its own pupils' codes and personal IDs per run.
"""

import re
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from smasweb.extensions import db
from smasweb.models import Unit
from smasweb.services.years import current_year
from tests.browser.test_browser import log_in, settled, submit
from tests.services.test_students_import import add_class, xlsx

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or fails in CI)
    expect = None

pytestmark = pytest.mark.browser

MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(scope="module")
def class_2a(live_app):
    with live_app.app_context():
        school = db.session.scalar(select(Unit).where(Unit.code == "86857001"))
        add_class(school, "2A", grade="02")
        db.session.commit()


def pupil(n: int, i: int, **values) -> dict:
    """A good row: a girl of class 2A born 20/05/2019, code BRI<n><i>."""
    return {
        "class_name": "2A",
        "school_code": f"BRI{n}{i}",
        "full_name": f"Lý Thị Ngân {n}{i}",
        "birth_date": "20/05/2019",
        "gender": "Nữ",
        "personal_id": f"086319{n}{i:05d}",
        **values,
    }


def upload(rows) -> dict:
    return {"name": "lop-2a.xlsx", "mimeType": MIME, "buffer": xlsx(rows).getvalue()}


@pytest.mark.parametrize(("js", "n"), [(True, 7), (False, 8)], ids=["js", "no-js"])
def test_all_errors_at_once_and_the_file_chosen_once(new_page, class_2a, js, n):
    year = current_year()
    bad = [
        pupil(n, 1, birth_date="31/02/2019", class_name="2C"),  # a date AND a class
        pupil(n, 2),
        pupil(n, 3, gender="Khác", weight_kg="nặng"),
    ]
    page = new_page(js=js)
    log_in(page, "cb1")
    page.goto("/students/import")
    settled(page)
    page.locator("input[type=file]").set_input_files(upload(bad))
    assert submit(page, "Kiểm tra").status == 200

    # Every error of every row, at once.
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Tệp có 4 lỗi ở 2 dòng.")
    expect(alert.get_by_role("listitem")).to_have_text(
        [
            f"Dòng 2, cột Lớp (tên hoặc mã lớp): Trường không có lớp “2C” trong năm "
            f"học {year}-{year + 1}.",
            "Dòng 2, cột Ngày sinh (dd/mm/yyyy): “31/02/2019” không phải ngày dạng "
            "dd/mm/yyyy.",
            "Dòng 4, cột Giới tính: “Khác” không có trong danh mục (xem trang Danh mục).",
            "Dòng 4, cột Cân nặng (kg): “nặng” không phải số (ví dụ 4,65).",
        ]
    )
    expect(page.get_by_text("Tệp đã chọn: lop-2a.xlsx")).to_be_visible()

    # The error list, without choosing the file again.
    with page.expect_download() as download:
        page.get_by_role("button", name="Tải danh sách lỗi (.xlsx)").click()
    assert download.value.suggested_filename == "loi-nhap-hoc-sinh.xlsx"
    with open(download.value.path(), "rb") as saved:
        sheet = load_workbook(BytesIO(saved.read()))
    rows = list(sheet.worksheets[0].values)
    assert rows[0] == ("Dòng", "Cột", "Giá trị", "Lỗi")
    assert [r[:3] for r in rows[1:]] == [
        (2, "Lớp (tên hoặc mã lớp)", "2C"),
        (2, "Ngày sinh (dd/mm/yyyy)", "31/02/2019"),
        (4, "Giới tính", "Khác"),
        (4, "Cân nặng (kg)", "nặng"),
    ]

    # The fixed file, chosen once: "Kiểm tra", then "Nhập dữ liệu" carries its token.
    expect(page.get_by_role("heading", name="Chọn tệp khác")).to_be_visible()
    fixed = [pupil(n, 1), pupil(n, 2), pupil(n, 3, weight_kg="18,5")]
    page.locator("input[type=file]").set_input_files(upload(fixed))
    assert submit(page, "Kiểm tra").status == 200
    expect(page.get_by_role("status")).to_contain_text(
        "Tệp hợp lệ: 3 dòng sẵn sàng nhập (3 thêm mới, 0 cập nhật)."
    )
    form = page.locator("form").filter(
        has=page.get_by_role("button", name="Nhập dữ liệu")
    )
    expect(form.locator("input[type=file]")).to_have_count(0)
    settled(page)
    with page.expect_request(lambda r: r.method == "POST") as sent:
        page.get_by_role("button", name="Nhập dữ liệu").click()
    assert "multipart" not in (sent.value.headers.get("content-type") or "")
    expect(page).to_have_url(re.compile(r"/students/$"))
    expect(page.get_by_role("status")).to_contain_text(
        "Đã nhập 3 học sinh: 3 thêm mới, 0 cập nhật."
    )
    page.goto(f"/students/?q=BRI{n}")
    expect(page.get_by_text(f"Lý Thị Ngân {n}3")).to_be_visible()
