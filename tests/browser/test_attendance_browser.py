"""Issue 16's "tried as a new user" flow in Chromium, on a 360 px phone: a teacher's
roll call of today, the month grid, the month's lock (423), the clerk's unlock request
granted by the district, the same change let through and found in the audit trail.

It runs in a school of its own and pins the server's date (config TODAY, as
SMAS_TODAY does) to a school day, then to the day after that day's report month
locks; the date is put back afterwards.
"""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import ClassGroup, Unit
from smasweb.services import years as school_years
from smasweb.services.calendar import dated, school_days
from smasweb.text import vn_date
from tests.browser.conftest import TIMEOUT_MS
from tests.browser.test_browser import log_in, nav, settled, submit
from tests.factories import make_staff, make_student, make_unit, make_user

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or fails in CI)
    expect = None

pytestmark = pytest.mark.browser
PHONE = {"width": 360, "height": 740}
# The flow's own school (so the other browser tests' unlocks and rows stay apart)
FLOW_SCHOOL, TEACHER, CLERK = "86857011", "gvhoa", "cbphuquoi"
SICK, LATE_CALL = "Sốt", "Phụ huynh báo muộn: con bị ốm"


def flow_day(real_today: date) -> date:
    """A school day of this school year whose report month locks on its own (not
    September's, which the browser suite reopens): the nearest one on or before
    today, else the first after it."""
    year = school_years.period_year(real_today)

    def fits(day: date) -> bool:
        period = dated.month_period(day)
        return (
            school_years.period_year(day) == year
            and school_days.why_not(day) is None
            and period is not None
            and period.id is not None
            and period.month != 9
        )

    for step in (-1, 1):
        for n in range(366):
            day = real_today + timedelta(days=step * n)
            if fits(day):
                return day
    raise AssertionError("no school day with a monthly lock this school year")


@pytest.fixture(scope="module")
def flow(live_app):
    """A school of its own: teacher Nguyễn Thị Hoa (account gvhoa), homeroom teacher
    of 3A (three pupils), its clerk; the roll call's day and the lock's dates."""
    with live_app.app_context():
        district = db.session.scalars(select(Unit).filter_by(code="PGD857")).one()
        school = make_unit(
            "school", district, name="Trường Tiểu học Phú Quới", code=FLOW_SCHOOL
        )
        staff = make_staff(school, full_name="Nguyễn Thị Hoa", code="GVHOA")
        teacher = make_user("teacher", school, username=TEACHER)
        teacher.full_name, teacher.staff_id = "Nguyễn Thị Hoa", staff.id
        make_user("school_clerk", school, username=CLERK, full_name="Mai Văn Phú")
        day = flow_day(clock.today())
        year = school_years.current_year(day)
        school_years.ensure_year(year)
        cls = ClassGroup(
            school_id=school.id,
            year=year,
            grade="03",
            name="3A",
            session_pattern="4",  # two sessions: sáng and chiều
            homeroom_staff_id=staff.id,
        )
        db.session.add(cls)
        db.session.flush()
        for name in ("Trần Văn Bình", "Lê Thị An", "Nguyễn Văn Cường"):
            make_student(school, cls, full_name=name)
        period = dated.month_period(day)
        db.session.commit()
        return {
            "class_id": cls.id,
            "day": day,
            "locks_on": period.locks_on,
            "month": dated.month_label(day),
            "period": period.title,
        }


@pytest.fixture
def pin_date(live_app):
    """pin_date(day): the server's date from now on; put back after the test."""
    before = live_app.config.get("TODAY")

    def pin(day: date) -> None:
        live_app.config["TODAY"] = day

    yield pin
    live_app.config["TODAY"] = before


@pytest.fixture
def phone(browser, live_server):
    """phone(): a page on a 360×740 screen, in its own fresh context."""
    contexts = []

    def make():
        context = browser.new_context(
            base_url=live_server, viewport=PHONE, locale="vi-VN"
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def mark(page, pupil: str, session: str, status: str) -> None:
    group = page.get_by_role("radiogroup", name=f"{pupil} {session}", exact=True)
    group.get_by_role("radio", name=status, exact=True).check()


def reason_box(page, pupil: str):
    return page.locator("#roll-form li", has_text=pupil).get_by_placeholder("Lý do")


def grid_cell(page, pupil: str, day: date) -> str:
    """The pupil's cell of `day` in the month grid (its column by the day's link)."""
    heads = page.locator("#month-grid thead th")
    texts = heads.evaluate_all("ths => ths.map(th => th.innerText.split('\\n')[0])")
    column = texts.index(str(day.day))
    row = page.locator("#month-grid tbody tr", has_text=pupil)
    return row.locator("th, td").nth(column).inner_text().strip()


def no_sideways_scroll(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def test_a_new_teacher_takes_the_roll_call_and_an_unlock_lets_a_late_change_in(
    phone, new_page, flow, pin_date
):
    day, locks_on, month = flow["day"], flow["locks_on"], flow["month"]
    roll_url = f"/attendance/{flow['class_id']}/{day.isoformat()}"
    grid_url = f"/attendance/{flow['class_id']}/month/{day:%Y-%m}"
    saved = f"Đã lưu điểm danh ngày {vn_date(day)}: 2 vắng."
    pin_date(day)

    # The teacher signs in on a phone and takes today's roll call of 3A.
    teacher = phone()
    log_in(teacher, TEACHER)
    teacher.get_by_role("link", name="Lớp chủ nhiệm: điểm danh hôm nay").click()
    settled(teacher)
    classes = teacher.locator("#classes")
    expect(classes.locator("tr", has_text="3A")).to_contain_text("Lớp chủ nhiệm")
    classes.get_by_role("link", name=f"Hôm nay, {vn_date(day)}").click()
    settled(teacher)
    expect(teacher).to_have_url(re.compile(re.escape(roll_url) + "$"))
    expect(teacher.get_by_role("heading", level=1)).to_have_text(
        f"Điểm danh lớp 3A, {vn_date(day)}"
    )
    assert no_sideways_scroll(teacher)
    mark(teacher, "Lê Thị An", "Sáng", "P")
    mark(teacher, "Lê Thị An", "Chiều", "P")
    reason_box(teacher, "Lê Thị An").fill(SICK)
    mark(teacher, "Trần Văn Bình", "Sáng", "K")
    assert submit(teacher, "Lưu điểm danh").status == 200  # htmx: HX-Location
    settled(teacher)
    expect(teacher.get_by_text(saved)).to_be_visible()
    expect(teacher.locator("#roll-form")).to_contain_text("Sĩ số 3, vắng 2.")
    expect(reason_box(teacher, "Lê Thị An")).to_have_value(SICK)

    # The month grid: P all day for An, K in the morning for Bình.
    teacher.get_by_role("link", name=f"Sổ điểm danh tháng {day:%m/%Y}").click()
    settled(teacher)
    expect(teacher).to_have_url(re.compile(re.escape(grid_url) + "$"))
    assert grid_cell(teacher, "Lê Thị An", day) == "P"
    assert grid_cell(teacher, "Trần Văn Bình", day) == "K/–"
    assert grid_cell(teacher, "Nguyễn Văn Cường", day) == ""

    # The form is left open; the parents call after the month has locked.
    teacher.goto(roll_url)
    settled(teacher)
    pin_date(locks_on + timedelta(days=1))
    mark(teacher, "Trần Văn Bình", "Sáng", "P")
    reason_box(teacher, "Trần Văn Bình").fill(LATE_CALL)
    assert submit(teacher, "Lưu điểm danh").status == 423
    settled(teacher)
    locked = f"{month} đã khóa sổ ngày {vn_date(locks_on)}"
    expect(teacher.locator("#alerts")).to_contain_text(locked)
    expect(teacher.locator("#alerts")).to_contain_text("gửi yêu cầu mở khóa")

    # The clerk sees the lock on the roll call and asks for "Chuyên cần" again.
    clerk = new_page()
    log_in(clerk, CLERK)
    clerk.goto(roll_url)
    settled(clerk)
    banner = clerk.locator("#window-closed")
    expect(banner).to_contain_text(locked)
    expect(clerk.get_by_role("button", name="Lưu điểm danh")).to_be_disabled()
    banner.get_by_role("link", name="gửi yêu cầu mở khóa").click()
    settled(clerk)
    form = clerk.locator("#unlock-request-form")
    expect(form.get_by_label("Chuyên cần", exact=False)).to_be_checked()
    chosen = form.get_by_label("Kỳ báo cáo").locator("option:checked")
    expect(chosen).to_have_text(flow["period"])
    reason = f"Sửa điểm danh lớp 3A ngày {vn_date(day)}: phụ huynh báo muộn"
    form.get_by_label("Lý do").fill(reason)
    submit(clerk, "Gửi yêu cầu mở khóa")
    settled(clerk)
    expect(clerk.get_by_text("Đã gửi yêu cầu mở khóa.")).to_be_visible()

    # The district office grants it.
    officer = new_page()
    log_in(officer, "pgd857")
    nav(officer, "Lịch báo cáo")
    settled(officer)
    officer.get_by_role("link", name="Yêu cầu mở khóa của các trường").click()
    settled(officer)
    row = officer.locator("tr", has_text=reason)
    expect(row).to_contain_text("Trường Tiểu học Phú Quới")
    with officer.expect_response(lambda r: r.request.method == "POST"):
        row.get_by_role("button", name="Chấp nhận").click()
    settled(officer)
    expect(officer.get_by_text("Đã mở khóa cho trường.")).to_be_visible()

    # The teacher's same save now goes through.
    assert submit(teacher, "Lưu điểm danh").status == 200
    settled(teacher)
    expect(teacher.get_by_text(saved)).to_be_visible()
    expect(reason_box(teacher, "Trần Văn Bình")).to_have_value(LATE_CALL)
    teacher.goto(grid_url)
    settled(teacher)
    assert grid_cell(teacher, "Trần Văn Bình", day) == "P/–"

    # The audit trail: the teacher's change, written the day after the lock
    # through the unlock, which it names.
    admin = new_page()
    log_in(admin, "admin")
    admin.goto(f"/audit/?school={FLOW_SCHOOL}&field=attendance&action=update")
    settled(admin)
    change = admin.locator("#audit-results tbody tr").first
    expect(change).to_contain_text(vn_date(locks_on + timedelta(days=1)))
    expect(change).to_contain_text(f"Nguyễn Thị Hoa ({TEACHER})")
    expect(change).to_contain_text("Chuyên cần")
    change.locator("summary").click()
    expect(change).to_contain_text("K → P")
    expect(change).to_contain_text(LATE_CALL)
    expect(change).to_contain_text("Lý do: Theo mở khóa số")  # the unlock it used

    # …and the school's calendar shows the unlock it went through.
    clerk.goto("/calendar/")
    settled(clerk)
    newest = clerk.locator("#calendar-school tbody tr").first
    expect(newest).to_contain_text("Đã mở khóa")
    expect(newest).to_contain_text("Chuyên cần")
