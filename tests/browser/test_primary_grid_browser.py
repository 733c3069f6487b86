"""The primary gradebook from the keyboard in Chromium: the homeroom teacher of 4A
types a level, Enter moves down the column, a column of levels pasted from Excel
fills down, one save writes them; a score of 11 comes back by its cell."""

from datetime import date

import pytest
from sqlalchemy import select

from smasweb.extensions import db
from smasweb.models import ClassGroup, Unit
from smasweb.services import years as school_years
from smasweb.services.calendar import rules as calendar_rules
from tests.browser.test_browser import log_in, submit
from tests.browser.test_gradebook_browser import paste
from tests.factories import make_staff, make_student, make_unit, make_user

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or fails in CI)
    expect = None

pytestmark = pytest.mark.browser
TEACHER = "gvcn4a"
PUPILS = ("Trần Văn Bảo", "Lê Thị An", "Nguyễn Văn Cường")  # An, Bảo, Cường


@pytest.fixture(scope="module")
def fourth(live_app):
    """A primary school of its own: 4A with three pupils, homeroom teacher gvcn4a;
    the server's date pinned to 14/10 of the classes' school year."""
    before = live_app.config.get("TODAY")
    with live_app.app_context():
        district = db.session.scalars(select(Unit).filter_by(code="PGD857")).one()
        school = make_unit("school", district, name="Trường Tiểu học Phước Hậu")
        staff = make_staff(school, full_name="Võ Thị Hạnh")
        make_user("teacher", school, username=TEACHER, staff_id=staff.id)
        year = school_years.current_year()
        calendar_rules.ensure_year(year)
        cls = ClassGroup(
            school_id=school.id,
            year=year,
            grade="04",
            name="4A",
            homeroom_staff_id=staff.id,
        )
        db.session.add(cls)
        db.session.flush()
        pupils = {n: make_student(school, cls, full_name=n).id for n in PUPILS}
        db.session.commit()
        ids = {"class": cls.id, **pupils}
    live_app.config["TODAY"] = date(year, 10, 14)  # month 10 open until 17/10
    yield ids
    live_app.config["TODAY"] = before


def test_the_homeroom_teacher_types_and_pastes_levels(fourth, new_page):
    an, bao, cuong = (fourth[n] for n in ("Lê Thị An", "Trần Văn Bảo", PUPILS[2]))
    page = new_page()
    log_in(page, TEACHER)
    page.goto(f"/grades/{fourth['class']}/toan/1")
    expect(page.get_by_role("heading", name="Toán · lớp 4A · Học kỳ I")).to_be_visible()
    first = page.locator(f"#p{an}_gk1_level")
    first.fill("T")
    first.press("Enter")
    expect(page.locator(f"#p{bao}_gk1_level")).to_be_focused()  # down the column
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowRight")  # the caret is at the end: the test score
    expect(page.locator(f"#p{an}_gk1_test")).to_be_focused()
    paste(page, f"#p{bao}_gk1_level", "H\r\nC\r\n")
    expect(page.locator(f"#p{cuong}_gk1_level")).to_have_value("C")
    page.locator(f"#p{an}_gk1_test").fill("11")
    assert submit(page, "Lưu sổ đánh giá").status == 422
    expect(page.locator(f"#e{an}_gk1_test")).to_have_text(
        "Điểm kiểm tra phải từ 0 đến 10."
    )
    expect(page.locator(f"#p{cuong}_gk1_level")).to_have_value("C")  # kept
    page.locator(f"#p{an}_gk1_test").fill("9")
    assert submit(page, "Lưu sổ đánh giá").status in (200, 303)
    expect(page.get_by_text("Đã lưu sổ đánh giá: 4 ô thay đổi.")).to_be_visible()
    expect(page.locator(f"#p{an}_gk1_test")).to_have_value("9")
