"""The pupil's address picker on a phone (360 px), with and without JavaScript:
with htmx the district narrows the commune list in place; without it every commune
is offered grouped by district and the server refuses one from another district,
next to the field."""

import pytest
from sqlalchemy import select

from smasweb.codelists import admin_units
from smasweb.extensions import db
from smasweb.models import ClassGroup, Unit
from tests.browser.conftest import TIMEOUT_MS
from tests.browser.test_browser import log_in, settled, submit
from tests.web.test_students_views import make_class

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or fails in CI)
    expect = None

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
LONG_HO, MANG_THIT = "857", "858"
SCHOOL = "86857001"  # cb1's school (make_world)


@pytest.fixture(scope="module")
def a_class(live_app):
    """A class of this year at cb1's school (5Đ: no other browser test uses it)."""
    with live_app.app_context():
        school = db.session.scalars(select(Unit).filter_by(code=SCHOOL)).one()
        cls = db.session.scalars(
            select(ClassGroup).filter_by(school_id=school.id, name="5Đ")
        ).first() or make_class(school, "5Đ", "05")
        db.session.commit()
        return str(cls.id)


@pytest.fixture
def phone(browser, live_server):
    contexts = []

    def make(js: bool):
        context = browser.new_context(
            base_url=live_server, viewport=PHONE, java_script_enabled=js, locale="vi-VN"
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        log_in(page, "cb1")
        page.goto("/students/new")
        return page

    yield make
    for context in contexts:
        context.close()


def options(page, name: str) -> set[str]:
    return set(
        page.locator(f"select[name={name}] option").evaluate_all(
            "os => os.map(o => o.value).filter(v => v)"
        )
    )


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_district_narrows_the_communes_with_javascript(phone):
    page = phone(js=True)
    every = options(page, "perm_commune")
    long_ho = {u.code for u in admin_units.communes_of(LONG_HO)}
    assert long_ho < every and fits(page)
    with page.expect_response(lambda r: "/students/address" in r.url):
        page.locator("select[name=perm_district]").select_option(LONG_HO)
    settled(page)
    expect(page.locator("select[name=perm_commune] optgroup")).to_have_count(0)
    assert options(page, "perm_commune") == long_ho
    expect(page.locator("select[name=perm_district]")).to_have_value(LONG_HO)
    page.locator("select[name=perm_commune]").select_option(sorted(long_ho)[0])
    assert fits(page)


def test_without_javascript_all_communes_grouped_and_checked_on_save(phone, a_class):
    page = phone(js=False)
    page.locator("select[name=class_id]").select_option(a_class)
    page.locator("select[name=gender]").select_option("02")
    page.locator("input[name=birth_date]").fill("04/03/2018")
    expect(page.locator("select[name=perm_commune] optgroup").first).to_be_attached()
    assert fits(page)
    page.locator("input[name=full_name]").fill("Thử Địa Chỉ")
    page.locator("select[name=perm_district]").select_option(LONG_HO)
    other = admin_units.communes_of(MANG_THIT)[0].code
    page.locator("select[name=perm_commune]").select_option(other)
    assert submit(page, "Lưu").status == 422
    error = page.locator("#perm_commune-error")
    expect(error).to_contain_text("không thuộc huyện đã chọn")
    assert fits(page)


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_unit_parent_picker_searches_with_javascript_only(browser, live_server, js):
    context = browser.new_context(
        base_url=live_server, viewport=PHONE, java_script_enabled=js, locale="vi-VN"
    )
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        log_in(page, "admin")
        page.goto("/units/new")
        search = page.get_by_label("Tìm đơn vị cấp trên (tên hoặc mã, không cần dấu)")
        parent = page.locator("select[name=parent_code]")
        assert {"PGD857", "PGD862"} <= options(page, "parent_code")
        if not js:
            expect(search).to_be_hidden()
            return
        expect(search).to_be_visible()
        with page.expect_response(lambda r: "/units/parents" in r.url):
            search.fill("tra on")
        settled(page)
        assert "PGD862" in options(page, "parent_code")
        assert "PGD857" not in options(page, "parent_code")
        parent.select_option("PGD862")
        assert fits(page)
    finally:
        context.close()
