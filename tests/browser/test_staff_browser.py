"""A school clerk imports a staff file in Chromium: one bad row (nothing saved, the row
and the reason shown), then the fixed file, then finds the new staff in the list.

The upload form posts without htmx (a file), so the run with JavaScript and the run
without it take the same path; both are checked. Each run uses its own codes and
personal IDs, since the live server's database is shared by the browser suite.
"""

import pytest

from tests.browser.test_browser import log_in, submit
from tests.services.test_staff_import import person, xlsx

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or fails in CI)
    expect = None

pytestmark = pytest.mark.browser
MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def staff_file(rows) -> dict:
    return {"name": "can-bo.xlsx", "mimeType": MIME, "buffer": xlsx(rows).getvalue()}


@pytest.mark.parametrize(("js", "n"), [(True, 1), (False, 2)], ids=["js", "no-js"])
def test_clerk_imports_a_file_with_one_bad_row_then_the_fixed_file(new_page, js, n):
    good = person(
        code=f"BRW{n}01", full_name=f"Đặng Thị Thu{n}", personal_id=f"086185777{n}01"
    )
    bad = person(  # a woman born in 1985 with the men's century digit
        code=f"BRW{n}02", full_name=f"Huỳnh Thị Ngọc{n}", personal_id=f"086085777{n}02"
    )
    page = new_page(js=js)
    log_in(page, "cb1")
    page.goto("/staff/import")
    page.locator("input[type=file]").set_input_files(staff_file([good, bad]))
    assert submit(page, "Nhập dữ liệu").status == 422
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Chưa nhập dòng nào")
    expect(alert).to_contain_text("Dòng 3, cột Số định danh cá nhân: Chữ số thứ 4 (0)")

    fixed = {**bad, "personal_id": f"086185777{n}02"}
    page.locator("input[type=file]").set_input_files(staff_file([good, fixed]))
    submit(page, "Nhập dữ liệu")
    expect(
        page.get_by_text("Đã nhập 2 cán bộ: 2 thêm mới, 0 cập nhật.")
    ).to_be_visible()
    page.goto(f"/staff/?q=huynh+thi+ngoc{n}")
    expect(page.get_by_text(f"Huỳnh Thị Ngọc{n}")).to_be_visible()
    page.goto(f"/staff/?q=dang+thi+thu{n}")
    expect(page.get_by_text(f"Đặng Thị Thu{n}")).to_be_visible()

    # …then edits the new teacher's assignment for this school year.
    page.get_by_role("link", name=f"Đặng Thị Thu{n}").click()
    page.get_by_role("link", name="Phân công, đánh giá năm học").click()
    form = page.locator("form").filter(has=page.get_by_label("Số tiết/tuần"))
    form.get_by_label("Toán").first.check()
    form.get_by_label("Số tiết/tuần").fill("45")
    assert submit(page, "Lưu").status == 422
    expect(page.locator("#periods_per_week-error")).to_have_text(
        "Số tiết/tuần từ 0 đến 40."
    )
    page.get_by_label("Số tiết/tuần").fill("18")
    page.get_by_label("Chủ nhiệm lớp").check()
    submit(page, "Lưu")
    expect(page.get_by_text("Đã lưu phân công năm học")).to_be_visible()
    years = page.locator("table", has_text="Tiết/tuần")
    expect(years).to_contain_text("Toán")
    expect(years).to_contain_text("18")
