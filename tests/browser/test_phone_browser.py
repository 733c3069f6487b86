"""List pages on a 360 × 740 phone: no sideways page scroll, a menu behind a button,
row actions big enough for a thumb; at 1366 px the menu is open. Both with and
without JavaScript (the menu is a checkbox, not a script).

The app runs on its own server here, with long rows of every kind in one school, so
the shared browser server's data stays as the other tests expect it.
"""

import re
import threading

import pytest
from flask_migrate import upgrade
from werkzeug.serving import make_server

from smasweb.extensions import db
from smasweb.models import BudgetLine
from smasweb.models.facilities import Room
from smasweb.services import years as school_years
from tests import factories
from tests.browser.conftest import TIMEOUT_MS, _QuietHandler
from tests.browser.test_browser import log_in
from tests.conftest import make_test_app
from tests.services.test_students_import import add_class

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or fails in CI)
    expect = None

pytestmark = pytest.mark.browser
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1366, "height": 768}
LONG = "Nguyễn Hoàng Phương Thảo Nguyên Khánh"  # a long name makes wide rows
# The list pages that scrolled sideways at 360 px, and who reads them.
LISTS = [
    ("cb1", "/students/"),
    ("cb1", "/staff/"),
    ("cb1", "/facilities/rooms/"),
    ("cb1", "/finance/"),
    ("cb1", "/schools/classes"),
    ("admin", "/schools/"),
    ("admin", "/calendar/"),
]


@pytest.fixture(scope="module")
def phone_server(fresh_db_url, tmp_path_factory):
    app = make_test_app(
        fresh_db_url("sqlite"), tmp_path_factory.mktemp("phone"), WTF_CSRF_ENABLED=True
    )
    with app.app_context():
        upgrade()
        factories.open_calendar()
        world = factories.make_world()
        year = school_years.current_year()
        school_years.ensure_year(year)
        cls = add_class(world.s1, "1A")
        for n in range(3):
            factories.make_student(world.s1, cls, full_name=f"{LONG} {n}")
            factories.make_staff(world.s1, full_name=f"{LONG} {n}")
            db.session.add(
                Room(
                    school_id=world.s1.id,
                    kind="classroom",
                    construction="kien_co",
                    quantity=1,
                    name=f"Phòng học bộ môn {n}",
                )
            )
            db.session.add(
                BudgetLine(
                    school_id=world.s1.id,
                    year=year,
                    category="01",
                    description=f"Chi thường xuyên {n}",
                )
            )
        db.session.commit()
    server = make_server(
        "127.0.0.1", 0, app, threaded=True, request_handler=_QuietHandler
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def device(browser, phone_server):
    """device(viewport, js=True): a fresh page of that size on the seeded server."""
    contexts = []

    def make(viewport: dict, js: bool = True):
        context = browser.new_context(
            base_url=phone_server,
            viewport=viewport,
            java_script_enabled=js,
            locale="vi-VN",
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_list_pages_fit_a_phone_and_tables_scroll_in_their_box(device, js):
    pages, scrolled = {}, []
    for user, url in LISTS:
        if user not in pages:
            pages[user] = device(PHONE, js=js)
            log_in(pages[user], user)
        page = pages[user]
        page.goto(url)
        assert page_width(page) <= PHONE["width"], url
        expect(page.locator(".table-scroll").first).to_be_visible()
        # a table wider than the phone scrolls inside its box, not the page
        for box in page.locator(".table-scroll").all():
            if box.evaluate("b => b.scrollWidth > b.clientWidth"):
                box.evaluate("b => { b.scrollLeft = 200 }")
                assert box.evaluate("b => b.scrollLeft") > 0, url
                assert page.evaluate("window.scrollX") == 0, url
                scrolled.append(url)
    assert {"/students/", "/staff/", "/facilities/rooms/"} <= set(scrolled)


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_the_phone_menu_is_collapsed_and_opens(device, js):
    page = device(PHONE, js=js)
    log_in(page, "cb1")
    page.goto("/staff/")
    menu = page.get_by_role("navigation", name="Chính")
    expect(menu).to_be_hidden()
    header = page.locator("header.top").bounding_box()
    assert header["height"] < 80  # was 320 of 740 px with the menu spread out
    page.get_by_text("Menu", exact=True).click()
    expect(menu).to_be_visible()
    current = menu.locator("[aria-current=page]")
    expect(current).to_have_text("Đội ngũ")
    menu.get_by_role("link", name="Học sinh").click()
    expect(
        page.get_by_role("heading", name="Học sinh", exact=False).first
    ).to_be_visible()
    expect(page.get_by_role("navigation", name="Chính")).to_be_hidden()


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_row_actions_are_thumb_sized_on_a_phone(device, js):
    page = device(PHONE, js=js)
    log_in(page, "cb1")
    page.goto("/facilities/rooms/")
    actions = page.locator(".row-actions a, .row-actions button")
    expect(actions.first).to_be_visible()
    assert actions.count() >= 6  # Sửa and Xóa on three rows
    for i in range(actions.count()):
        box = actions.nth(i).bounding_box()
        assert box["height"] >= 44
        assert box["width"] >= 44


def test_desktop_menu_is_open_with_the_current_page_marked(device):
    page = device(DESKTOP)
    log_in(page, "cb1")
    page.goto("/students/")
    menu = page.get_by_role("navigation", name="Chính")
    expect(menu).to_be_visible()
    expect(page.get_by_text("Menu", exact=True)).to_be_hidden()
    expect(menu.locator("[aria-current=page]")).to_have_text("Học sinh")
    assert page_width(page) <= DESKTOP["width"]


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_skip_link_comes_first_and_breadcrumbs_lead_back(device, js):
    page = device(PHONE, js=js)
    log_in(page, "cb1")
    page.goto("/staff/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Bỏ qua menu")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()  # shown once focused
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"

    page.goto("/staff/")
    page.get_by_role("link", name=f"{LONG} 0").click()
    crumbs = page.get_by_role("navigation", name="Đường dẫn")
    expect(crumbs).to_contain_text(f"Đội ngũ › {LONG} 0")
    crumbs.get_by_role("link", name="Đội ngũ").click()
    expect(page).to_have_url(re.compile(r"/staff/$"))
