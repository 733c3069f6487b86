"""What a clerk sees when a save does not go through, in Chromium: a long form sent
back with errors (the summary at the top takes the focus), a closed entry window
(a read-only form linking to a pre-filled unlock request) and a dropped connection
(every typed value kept, a message and "Thử lại")."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import ReportPeriod
from smasweb.services import years as school_years
from tests.browser.test_browser import log_in, settled, submit

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or fails in CI)
    expect = None

pytestmark = pytest.mark.browser

NETWORK = "Không gửi được: mất kết nối mạng. Dữ liệu bạn nhập vẫn còn; hãy thử lại."


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_a_failed_save_at_the_bottom_of_a_long_form_shows_its_errors(new_page, js):
    page = new_page(js=js)
    log_in(page, "cb1")
    page.goto("/staff/new")
    settled(page)
    page.get_by_label("Địa chỉ").fill("12 Lê Lợi")  # typed far down the form
    save = page.get_by_role("button", name="Lưu", exact=True)
    save.scroll_into_view_if_needed()
    assert page.evaluate("window.scrollY") > 1000  # a long form: "Lưu" is far down
    assert submit(page, "Lưu").status == 422
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    expect(summary).to_contain_text("Họ và tên: Bắt buộc nhập.")
    expect(page.get_by_label("Địa chỉ")).to_have_value("12 Lê Lợi")
    summary.get_by_role("link", name="Họ và tên").click()
    name = page.get_by_label("Họ và tên")
    expect(name).to_be_in_viewport()
    if js:
        expect(name).to_be_focused()
    else:
        assert page.url.endswith("#full_name")


@pytest.fixture
def lock_staff_window(live_app):
    """lock(): this year's "Báo cáo sau khai giảng" (staff, facilities…) locked until
    the test ends; returns the period's (id, title)."""
    year = school_years.period_year(clock.today())
    query = select(ReportPeriod).where(
        ReportPeriod.year == year, ReportPeriod.kind == "after_opening"
    )

    def lock() -> tuple[int, str]:
        with live_app.app_context():
            period = db.session.scalars(query).one()
            period.locked_at = datetime.now(UTC) - timedelta(minutes=1)
            db.session.commit()
            return period.id, period.title

    yield lock
    with live_app.app_context():
        db.session.scalars(query).one().locked_at = None
        db.session.commit()


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_a_closed_window_shows_a_read_only_form_and_a_prefilled_unlock_request(
    new_page, lock_staff_window, js
):
    period_id, title = lock_staff_window()
    page = new_page(js=js)
    log_in(page, "cb1")
    page.goto("/staff/new")
    notice = page.locator("#window-closed")
    expect(notice).to_contain_text("Ngoài thời gian nhập liệu")
    expect(notice).to_contain_text(f"kỳ «{title}» đã khóa số liệu")
    expect(page.get_by_text("Nếu cần sửa số liệu ngay")).to_have_count(1)
    expect(page.get_by_label("Họ và tên")).to_be_disabled()
    expect(page.get_by_role("button", name="Lưu", exact=True)).to_be_disabled()
    expect(notice.get_by_role("link", name="Lịch báo cáo")).to_have_attribute(
        "href", "/calendar/"
    )
    notice.get_by_role("link", name="gửi yêu cầu mở khóa").click()
    form = page.locator("#unlock-request-form")
    expect(form.get_by_label("Kỳ báo cáo")).to_have_value(str(period_id))
    expect(
        form.get_by_label("Đội ngũ cán bộ, giáo viên, nhân viên", exact=True)
    ).to_be_checked()
    expect(form.get_by_label("Hồ sơ học sinh", exact=True)).not_to_be_checked()
    expect(form.get_by_label("Lý do")).to_be_enabled()


def test_a_save_lost_to_the_network_keeps_the_entries_and_offers_a_retry(new_page):
    page = new_page()
    log_in(page, "cb1")
    page.goto("/staff/new")
    settled(page)
    page.get_by_label("Họ và tên").fill("Trần Văn Bình")
    page.get_by_label("Địa chỉ").fill("5 Nguyễn Huệ")
    page.route("**/staff/new", lambda route: route.abort("internetdisconnected"))
    page.get_by_role("button", name="Lưu", exact=True).click()
    alert = page.locator("#network-error")
    expect(alert).to_have_text(NETWORK + " Thử lại")
    expect(alert).to_be_focused()
    expect(page.get_by_label("Họ và tên")).to_have_value("Trần Văn Bình")
    expect(page.get_by_label("Địa chỉ")).to_have_value("5 Nguyễn Huệ")
    page.unroute("**/staff/new")
    assert submit(page, "Thử lại").status == 422  # sent again, as typed
    expect(alert).to_have_count(0)
    expect(page.get_by_label("Họ và tên")).to_have_value("Trần Văn Bình")


def test_a_save_refused_by_a_window_closed_meanwhile_focuses_the_alert(
    new_page, lock_staff_window
):
    page = new_page()
    log_in(page, "cb2")  # cb1's facilities may be unlocked by other browser tests
    page.goto("/facilities/rooms/new")
    settled(page)
    form = page.locator("#room-form")
    form.get_by_label("Loại phòng").select_option(label="Phòng học")
    form.get_by_label("Kết cấu").select_option(label="Kiên cố")
    form.get_by_label("Số phòng").fill("3")
    lock_staff_window()  # while the clerk is typing (facilities too)
    assert submit(page, "Lưu").status == 423
    alert = page.locator("#alerts").get_by_role("alert")
    expect(alert).to_be_focused()
    expect(alert).to_be_in_viewport()
    expect(alert.get_by_role("link", name="gửi yêu cầu mở khóa")).to_be_visible()
    expect(alert.get_by_role("link", name="Lịch báo cáo")).to_be_visible()
    expect(form.get_by_label("Số phòng")).to_have_value("3")
