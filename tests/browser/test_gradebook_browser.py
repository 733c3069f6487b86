"""The gradebook from the keyboard in Chromium: a subject teacher types a mark,
Enter moves down the column, a column pasted from Excel fills down, one save
writes them and the semester average appears once a pupil's marks are complete."""

from datetime import date

import pytest
from sqlalchemy import select

from smasweb.extensions import db
from smasweb.models import ClassGroup, Unit
from smasweb.models.assessment import TeachingAssignment
from smasweb.services import years as school_years
from smasweb.services.calendar import rules as calendar_rules
from tests.browser.test_browser import log_in, submit
from tests.factories import make_staff, make_student, make_unit, make_user

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or fails in CI)
    expect = None

pytestmark = pytest.mark.browser
TEACHER = "gvtoan6"
PUPILS = ("Trần Văn Bảo", "Lê Thị An")  # shown An first (given name order)


@pytest.fixture(scope="module")
def sixth(live_app):
    """A THCS of its own: 6A with two pupils, Toán semester I taught by gvtoan6;
    the server's date pinned to 14/10 of the classes' school year."""
    before = live_app.config.get("TODAY")
    with live_app.app_context():
        district = db.session.scalars(select(Unit).filter_by(code="PGD857")).one()
        school = make_unit(
            "school", district, name="Trường THCS Phước Hậu", level_group="07"
        )
        staff = make_staff(school, full_name="Phan Văn Toán")
        make_user("teacher", school, username=TEACHER, staff_id=staff.id)
        year = school_years.current_year()
        calendar_rules.ensure_year(year)
        cls = ClassGroup(school_id=school.id, year=year, grade="06", name="6A")
        db.session.add(cls)
        db.session.flush()
        pupils = [make_student(school, cls, full_name=n) for n in PUPILS]
        db.session.add(
            TeachingAssignment(
                school_id=school.id,
                year=year,
                class_id=cls.id,
                subject_code="toan",
                semester=1,
                staff_id=staff.id,
            )
        )
        db.session.commit()
        ids = {"class": cls.id, "bao": pupils[0].id, "an": pupils[1].id}
    live_app.config["TODAY"] = date(year, 10, 14)  # month 10 open until 17/10
    yield ids
    live_app.config["TODAY"] = before


def paste(page, selector: str, text: str) -> None:
    page.locator(selector).evaluate(
        """(el, text) => {
            const data = new DataTransfer();
            data.setData('text/plain', text);
            el.dispatchEvent(new ClipboardEvent('paste',
                {clipboardData: data, bubbles: true, cancelable: true}));
        }""",
        text,
    )


def test_a_teacher_types_and_pastes_a_column_then_sees_the_average(sixth, new_page):
    page = new_page()
    log_in(page, TEACHER)
    page.goto("/grades/")
    page.get_by_role("link", name="Nhập điểm").click()
    expect(page.get_by_role("heading", name="Toán · lớp 6A · Học kỳ I")).to_be_visible()
    an, bao = sixth["an"], sixth["bao"]
    first = page.locator(f"#m{an}_tx1")
    first.fill("8,5")
    first.press("Enter")
    expect(page.locator(f"#m{bao}_tx1")).to_be_focused()  # down the column
    page.keyboard.press("ArrowUp")
    expect(first).to_be_focused()
    page.keyboard.press("ArrowRight")  # the caret is at the end: next column
    expect(page.locator(f"#m{an}_tx2")).to_be_focused()
    paste(page, f"#m{an}_tx2", "7\r\n6.5\r\n")
    expect(page.locator(f"#m{an}_tx2")).to_have_value("7")
    expect(page.locator(f"#m{bao}_tx2")).to_have_value("6.5")
    paste(page, f"#m{an}_tx3", "9\t8\t8\t9")  # a row: fills to the right
    expect(page.locator(f"#m{an}_ck1")).to_have_value("9")
    assert submit(page, "Lưu sổ điểm").status in (200, 303)
    expect(page.get_by_text("Đã lưu sổ điểm: 7 ô thay đổi.")).to_be_visible()
    expect(page.locator(f"#m{bao}_tx2")).to_have_value("6,5")
    # (8.5 + 7 + 9 + 8 + 2·8 + 3·9) / 9 = 75.5 / 9 = 8.4
    expect(page.locator("td.average").first).to_have_text("8,4")
