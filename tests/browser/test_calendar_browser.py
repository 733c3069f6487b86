"""A school clerk asks for an unlock and the district grants it, in Chromium, with and
without JavaScript: the calendar page, the request form (with an invalid first try),
the district's inbox, and the school seeing the answer."""

import pytest

from tests.browser.test_browser import log_in, nav, submit

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or fails in CI)
    expect = None

pytestmark = pytest.mark.browser

FACILITIES = "Cơ sở vật chất, thiết bị, đồ dùng đồ chơi"


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_clerk_asks_for_an_unlock_and_the_district_grants_it(new_page, js):
    reason = f"Bổ sung 2 phòng học bộ môn mới ({'js' if js else 'no-js'})"
    clerk = new_page(js=js)
    log_in(clerk, "cb1")
    nav(clerk, "Lịch báo cáo")
    expect(clerk.get_by_role("heading", name="Đang mở cho trường")).to_be_visible()
    expect(clerk.get_by_role("heading", name="Lịch cả năm học")).to_be_visible()
    clerk.get_by_role("link", name="Gửi yêu cầu mở khóa").click()
    form = clerk.locator("#unlock-request-form")
    form.get_by_label("Kỳ báo cáo").select_option(index=1)
    form.get_by_label(FACILITIES).check()
    form.get_by_label("Lý do").fill("ngắn")
    assert submit(clerk, "Gửi yêu cầu mở khóa").status == 422
    expect(clerk.locator("#reason-error")).to_contain_text("ít nhất 10 ký tự")
    clerk.locator("#unlock-request-form").get_by_label("Lý do").fill(reason)
    submit(clerk, "Gửi yêu cầu mở khóa")
    expect(clerk.get_by_text("Đã gửi yêu cầu mở khóa.")).to_be_visible()
    expect(clerk.locator("#calendar-school tbody tr").first).to_contain_text(
        "Chờ duyệt"
    )

    officer = new_page(js=js)
    log_in(officer, "pgd857")
    nav(officer, "Lịch báo cáo")
    officer.get_by_role("link", name="Yêu cầu mở khóa của các trường").click()
    row = officer.locator("tr", has_text=reason)
    expect(row).to_contain_text("Trường Tiểu học Long Phước")
    with officer.expect_response(lambda r: r.request.method == "POST"):
        row.get_by_role("button", name="Chấp nhận").click()
    expect(officer.get_by_text("Đã mở khóa cho trường.")).to_be_visible()

    clerk.goto("/calendar/")
    expect(clerk.locator("#calendar-school")).to_contain_text(
        "Mở khóa riêng cho trường"
    )
    newest = clerk.locator("#calendar-school tbody tr").first  # newest first
    expect(newest).to_contain_text("Đã mở khóa")
    expect(newest).to_contain_text(FACILITIES)
