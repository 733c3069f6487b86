"""A teacher-clerk enters a class's weights and heights on a 360 px phone with the
keyboard only: Tab from cell to cell, a decimal comma, Enter to save; the sheet
comes back with each child's classification, the page never scrolls sideways."""

import threading
from datetime import date

import pytest
from flask_migrate import upgrade
from werkzeug.serving import make_server

from smasweb.extensions import db
from smasweb.models import ClassGroup
from smasweb.services import years as school_years
from tests import factories
from tests.browser.conftest import TIMEOUT_MS, _QuietHandler
from tests.browser.test_browser import log_in
from tests.conftest import make_test_app

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or fails in CI)
    expect = None

pytestmark = pytest.mark.browser
PHONE = {"width": 360, "height": 740}
# (name, sex, birth date, weight, height): normal; nhẹ cân, thấp còi, gầy còm; béo phì
KIDS = [
    ("Lê Văn An", "01", date(2022, 9, 15), "16,2", "102"),
    ("Trần Thị Bình", "02", date(2023, 9, 15), "9", "86,5"),
    ("Võ Văn Cường", "01", date(2022, 9, 15), "22", "103"),
]


@pytest.fixture(scope="module")
def health_server(fresh_db_url, tmp_path_factory):
    app = make_test_app(
        fresh_db_url("sqlite"), tmp_path_factory.mktemp("health"), WTF_CSRF_ENABLED=True
    )
    with app.app_context():
        upgrade()
        factories.open_calendar()
        world = factories.make_world()
        school = factories.make_unit(
            "school", world.d1, name="Trường Mầm non Hoa Sen", level_group="01"
        )
        factories.make_user("school_clerk", school, username="cbmn")
        year = school_years.current_year()
        school_years.ensure_year(year)
        cls = ClassGroup(
            school_id=school.id, year=year, grade="17", name="Chồi 1", age_group="05"
        )
        db.session.add(cls)
        db.session.flush()
        for name, sex, born, *_ in KIDS:
            factories.make_student(
                school, cls, full_name=name, gender=sex, birth_date=born
            )
        db.session.commit()
        class_id = cls.id
    server = make_server(
        "127.0.0.1", 0, app, threaded=True, request_handler=_QuietHandler
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", class_id
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)
    with app.app_context():
        db.engine.dispose()


def test_a_class_is_entered_with_the_keyboard_only_on_a_phone(browser, health_server):
    base, class_id = health_server
    context = browser.new_context(base_url=base, viewport=PHONE, locale="vi-VN")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        log_in(page, "cbmn")
        page.goto(f"/health/classes/{class_id}?date=15/09/2026")
        first = page.get_by_label("Cân nặng (kg) của Lê Văn An")
        expect(first).to_have_attribute("inputmode", "decimal")
        page.get_by_label("Đợt cân đo").focus()
        page.keyboard.press("Tab")  # from the kind of check to the first cell
        expect(first).to_be_focused()
        for _, _, _, weight, height in KIDS:
            page.keyboard.type(weight)
            page.keyboard.press("Tab")
            page.keyboard.type(height)
            page.keyboard.press("Tab")
        expect(page.get_by_role("button", name="Lưu kết quả cân đo")).to_be_focused()
        page.keyboard.press("Enter")
        expect(page.get_by_text("Đã lưu kết quả cân đo của 3 trẻ.")).to_be_visible()
        verdicts = page.locator("td.verdict").all_inner_texts()
        assert verdicts == ["Bình thường", "Nhẹ cân, Thấp còi, Gầy còm", "Béo phì"]
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        # a typo comes back next to its cell, and nothing of the sheet is saved
        cell = page.get_by_label("Chiều cao (cm) của Trần Thị Bình")
        cell.fill("8,65")
        cell.press("Enter")
        expect(page.locator(".error-summary")).to_be_visible()
        expect(cell).to_have_attribute("aria-invalid", "true")
        expect(page.get_by_text("Phải từ 40 đến 135 cm.").first).to_be_visible()
    finally:
        context.close()
