"""A school clerk sets up a school year in Chromium, with and without JavaScript.

Profile for the year, a campus, classes, rooms and equipment, a budget line, one
invalid form, log out. The two runs share the live server's database: each works on
its own school year (profile, classes and budget are per year) and uses its own
campus, room and equipment (those are not), so neither sees the other's rows.
Campuses and rooms of the school add up over both runs, so the campus check and the
section V count are taken relative to what the school had before the run.
"""

import re
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from smasweb.extensions import db
from tests.browser.test_browser import (
    log_in,
    mark_document,
    nav,
    same_document,
    settled,
    submit,
)

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or fails in CI)
    expect = None

pytestmark = pytest.mark.browser

SCHOOL = "Trường Tiểu học Long Phước"
REQUIRED = "Bắt buộc nhập."


@dataclass(frozen=True)
class Run:
    js: bool
    year: int
    principal: str
    campus_code: str
    campus_name: str
    distance: str  # as typed
    distance_shown: str  # as the school page shows it
    room_name: str
    equipment: str  # the option's label: "<code> – <name>"
    equipment_code: str
    budget_text: str

    @property
    def years(self) -> str:
        return f"{self.year}-{self.year + 1}"


RUNS = [
    pytest.param(
        Run(
            js=True,
            year=2025,
            principal="Phạm Thị Lan",
            campus_code="PH25",
            campus_name="Điểm Phước Hậu",
            distance="2.5",
            distance_shown="2,5",
            room_name="Dãy phòng học A",
            equipment="TH1-TOAN-01 – Bộ thiết bị dạy số và phép tính (giáo viên)",
            equipment_code="TH1-TOAN-01",
            budget_text="Mua sách giáo khoa lớp 1 năm 2025",
        ),
        id="javascript",
    ),
    pytest.param(
        Run(
            js=False,
            year=2024,
            principal="Nguyễn Văn Tâm",
            campus_code="LH24",
            campus_name="Điểm Long Hưng",
            distance="3.75",
            distance_shown="3,75",
            room_name="Dãy phòng học B",
            equipment="TH1-TV-01 – Bộ chữ dạy tập viết",
            equipment_code="TH1-TV-01",
            budget_text="Sửa chữa phòng học năm 2024",
        ),
        id="no-javascript",
    ),
]


@pytest.fixture(scope="module", autouse=True)
def earlier_years_unlocked(live_app):
    """Both runs set up a school year before the current one, which is closed: the
    Department unlocks the school's yearly fields for this module, then the unlock
    ends (the live server's other tests see the calendar as it was)."""
    from datetime import timedelta

    from smasweb import clock
    from smasweb.models import Unit, User
    from smasweb.services.calendar import unlocks

    with live_app.app_context():
        admin = db.session.scalar(select(User).where(User.username == "admin"))
        school = db.session.scalar(select(Unit).where(Unit.name == SCHOOL))
        grant = unlocks.grant_direct(
            admin,
            school,
            ["profile", "classes", "budget"],
            clock.today() + timedelta(days=1),
        )
        db.session.commit()
        grant_id = grant.id
    yield
    with live_app.app_context():
        grant = db.session.get(type(grant), grant_id)
        grant.expires_at = clock.as_utc(clock.now()) - timedelta(seconds=1)
        db.session.commit()


def flash(page, text: str):
    return page.get_by_role("status").filter(has_text=text)


def fact(page, term: str):
    """The <dd> after the <dt> `term` in the school page's profile summary."""
    dt = page.locator("dl.facts dt").filter(has_text=re.compile(f"^{term}$"))
    return dt.locator("xpath=following-sibling::dd[1]")


def row_with_cell(scope, text: str):
    """The table row holding a cell whose whole text is `text`."""
    page = getattr(scope, "page", scope)  # a Locator knows its page
    return scope.get_by_role("row").filter(
        has=page.get_by_role("cell", name=text, exact=True)
    )


def kien_co_classrooms(page) -> int:
    """Section V, row 120 (Phòng học), column Tổng số – Kiên cố."""
    cells = row_with_cell(page.locator("table.summary"), "120").get_by_role("cell")
    expect(cells).to_have_count(13)  # Mã số + 12 numbers
    return int(cells.nth(2).inner_text().replace(".", ""))


def click(target) -> None:
    """Click once htmx has wired up the page (see `settled`).

    A link or a form swapped in a moment ago is not boosted yet: clicked then, it
    would load a whole new page. Without JavaScript this waits for nothing.
    """
    settled(target.page)
    target.click()


def go(page, label: str) -> None:
    """Follow a link of the main navigation (it is swapped in with the page too)."""
    settled(page)
    nav(page, label)


def pick_school_year(page, run: Run) -> None:
    """The school page's year picker (a GET form, with or without JavaScript)."""
    page.get_by_label("Năm học").select_option(str(run.year))
    click(page.get_by_role("button", name="Xem"))
    expect(page).to_have_url(re.compile(rf"/schools/\d+\?year={run.year}$"))
    expect(
        page.get_by_role("heading", name=f"Hồ sơ trường năm học {run.years}")
    ).to_be_visible()


@pytest.mark.parametrize("run", RUNS)
def test_school_clerk_sets_up_a_school_year(new_page, live_server, run: Run):
    page = new_page(js=run.js)

    # 1. Log in, open the school from the navigation, fill the year's profile.
    log_in(page, "cb1")
    go(page, "Trường học")
    expect(page).to_have_url(re.compile(r"/schools/\d+$"))  # a clerk's own school
    expect(page.get_by_role("heading", name=SCHOOL, exact=True)).to_be_visible()
    school_path = re.search(r"/schools/\d+", page.url)[0]
    # The year picker offers only years that have data (and the current one): the
    # clerk starts an earlier year from its address.
    page.goto(f"{school_path}?year={run.year}")
    expect(
        page.get_by_role("heading", name=f"Hồ sơ trường năm học {run.years}")
    ).to_be_visible()
    expect(page.get_by_text("Năm học này chưa có hồ sơ trường.")).to_be_visible()
    mark_document(page)  # with JavaScript, hx-boost keeps this document to the end

    click(page.get_by_role("link", name="Nhập hồ sơ"))
    expect(
        page.get_by_role("heading", name=f"Hồ sơ {SCHOOL} · năm học {run.years}")
    ).to_be_visible()
    expect(page.get_by_label("Tên trường")).to_have_value(SCHOOL)  # from the unit
    page.get_by_label("Loại trường").select_option(label="Trường phổ thông")
    page.get_by_label("Mức đạt chuẩn quốc gia").select_option(
        label="Đạt chuẩn quốc gia mức độ 1"
    )
    page.get_by_label("Xã, ấp đặc biệt khó khăn").check()
    page.get_by_label("Điện thoại", exact=True).fill("0270 3851 234")
    page.get_by_label("Thư điện tử").fill("thlongphuoc@vinhlong.edu.vn")
    page.get_by_label("Họ và tên hiệu trưởng").fill(run.principal)
    page.get_by_label("Diện tích đất (m²)").fill("5200.5")
    page.get_by_label("Có điện (điện lưới)").check()
    page.get_by_label("Dạy học 2 buổi trong ngày").check()
    click(page.get_by_role("button", name="Lưu"))

    expect(page).to_have_url(re.compile(rf"{school_path}\?year={run.year}$"))
    expect(flash(page, f"Đã lưu hồ sơ trường năm học {run.years}.")).to_be_visible()
    expect(page.get_by_label("Năm học")).to_have_value(str(run.year))
    expect(fact(page, "Tên trường")).to_have_text(SCHOOL)
    expect(fact(page, "Loại trường")).to_have_text("Trường phổ thông")
    expect(fact(page, "Chuẩn quốc gia")).to_have_text("Đạt chuẩn quốc gia mức độ 1")
    expect(fact(page, "Điện thoại")).to_have_text("02703851234")
    expect(fact(page, "Thư điện tử")).to_have_text("thlongphuoc@vinhlong.edu.vn")
    expect(fact(page, "Hiệu trưởng")).to_have_text(run.principal)
    expect(fact(page, "Diện tích đất")).to_have_text("5.200,5 m²")
    expect(fact(page, "Điều kiện")).to_have_text(
        "Có điện (điện lưới); Dạy học 2 buổi trong ngày"
    )
    # The yes/no flag is not on the summary: it comes back checked in the form.
    click(page.get_by_role("link", name="Sửa hồ sơ"))
    expect(page.get_by_label("Xã, ấp đặc biệt khó khăn")).to_be_checked()
    expect(page.get_by_label("Có chi bộ Đảng")).not_to_be_checked()
    click(page.get_by_role("link", name="Hủy"))
    expect(page).to_have_url(re.compile(rf"{school_path}\?year={run.year}$"))

    # 2. A campus: the school's first one becomes its main campus.
    campuses = page.get_by_role("heading", name=re.compile(r"^Điểm trường \(\d+\)$"))
    campuses_before = int(re.search(r"\d+", campuses.inner_text())[0])
    click(page.get_by_role("link", name="Thêm điểm trường"))
    expect(
        page.get_by_role("heading", name=f"Thêm điểm trường · {SCHOOL}")
    ).to_be_visible()
    page.get_by_label("Mã điểm trường").fill(run.campus_code)
    page.get_by_label("Tên điểm trường").fill(run.campus_name)
    page.get_by_label("Khoảng cách đến điểm trường chính (km)").fill(run.distance)
    click(page.get_by_role("button", name="Lưu"))

    expect(flash(page, f"Đã thêm điểm trường {run.campus_name}.")).to_be_visible()
    expect(campuses).to_have_text(f"Điểm trường ({campuses_before + 1})")
    campus = row_with_cell(page, run.campus_code)
    expect(campus).to_contain_text(run.campus_name)
    expect(
        campus.get_by_role("cell", name=run.distance_shown, exact=True)
    ).to_be_visible()
    main_badges = page.locator("table .badge", has_text="điểm trường chính")
    expect(main_badges).to_have_count(1)  # always exactly one main campus
    if campuses_before == 0:
        expect(campus).to_contain_text("điểm trường chính")
    else:  # the other run added the school's first campus: it stays the main one
        expect(campus).not_to_contain_text("điểm trường chính")

    # 3. Classes: three from a pattern, one with the single form.
    pick_school_year(page, run)  # the campus form returns to the current year
    expect(page.get_by_text("Năm học này chưa có lớp.")).to_be_visible()
    click(page.get_by_role("link", name="Tạo nhiều lớp"))
    expect(
        page.get_by_role(
            "heading", name=f"Tạo nhiều lớp · {SCHOOL} · năm học {run.years}"
        )
    ).to_be_visible()
    page.get_by_label("Khối", exact=True).select_option(label="Lớp 1")
    page.get_by_label("Tên các lớp").fill("1A1-1A3")
    click(page.get_by_role("button", name="Tạo lớp"))

    expect(page).to_have_url(
        re.compile(rf"/schools/classes\?school=\d+&year={run.year}$")
    )
    expect(flash(page, "Đã tạo 3 lớp.")).to_be_visible()
    results = page.locator("#class-results")
    expect(results.locator("p.toolbar")).to_have_text(re.compile(r"^3 lớp"))

    click(page.get_by_role("link", name="Thêm lớp"))
    expect(
        page.get_by_role("heading", name=f"Thêm lớp · {SCHOOL} · năm học {run.years}")
    ).to_be_visible()
    page.get_by_label("Khối", exact=True).select_option(label="Lớp 1")
    page.get_by_label("Tên lớp").fill("1A4")
    page.get_by_label("Điểm trường").select_option(
        label=f"{run.campus_code} – {run.campus_name}"
    )
    page.get_by_label("Giáo viên chủ nhiệm (GVCN)").select_option(
        label="Đỗ Thị Ánh (GVANH)"
    )
    page.get_by_label("Sĩ số").fill("30")
    click(page.get_by_role("button", name="Lưu"))

    expect(flash(page, "Đã thêm lớp 1A4.")).to_be_visible()
    expect(results.locator("p.toolbar")).to_have_text(re.compile(r"^4 lớp"))
    for name in ("1A1", "1A2", "1A3"):
        expect(row_with_cell(results, name)).to_contain_text("Lớp 1")
    single = row_with_cell(results, "1A4")
    expect(single).to_contain_text(run.campus_name)
    expect(single).to_contain_text("Đỗ Thị Ánh")
    expect(single.get_by_role("cell", name="30", exact=True)).to_be_visible()

    # 4. Facilities: a group of 3 kiên cố classrooms and an equipment item.
    go(page, "Cơ sở vật chất")
    expect(
        page.get_by_role("heading", name=f"Cơ sở vật chất · {SCHOOL}")
    ).to_be_visible()
    kien_co_before = kien_co_classrooms(page)

    click(page.get_by_role("link", name="Thêm phòng"))
    expect(page.get_by_role("heading", name=f"Thêm phòng · {SCHOOL}")).to_be_visible()
    page.get_by_label("Loại phòng").select_option(label="Phòng học")
    page.get_by_label("Tên phòng").fill(run.room_name)
    page.get_by_label("Kết cấu").select_option(label="Kiên cố")
    page.get_by_label("Số phòng").fill("3")
    page.get_by_label("Diện tích mỗi phòng (m²)").fill("48.5")
    page.get_by_label("Tình trạng").select_option(label="Tốt")
    page.get_by_label("Điểm trường").select_option(label=run.campus_name)
    click(page.get_by_role("button", name="Lưu"))

    expect(flash(page, "Đã thêm phòng.")).to_be_visible()
    expect(
        page.get_by_role("heading", name=f"Phòng học, phòng chức năng · {SCHOOL}")
    ).to_be_visible()
    room = row_with_cell(page.locator("#room-results"), run.room_name)
    expect(room).to_contain_text("Kiên cố")
    expect(room).to_contain_text(run.campus_name)
    expect(room.get_by_role("cell", name="3", exact=True)).to_be_visible()
    expect(room.get_by_role("cell", name="48,5", exact=True)).to_be_visible()

    facilities_nav = page.get_by_role("navigation", name="Cơ sở vật chất")
    click(facilities_nav.get_by_role("link", name="Tổng quan"))
    expect(page).to_have_url(re.compile(r"/facilities/\?school=\d+$"))
    expect(
        page.get_by_role("heading", name=f"Cơ sở vật chất · {SCHOOL}")
    ).to_be_visible()
    click(page.get_by_role("link", name="Thêm thiết bị, đồ dùng, đồ chơi"))
    expect(
        page.get_by_role("heading", name=f"Thêm thiết bị, đồ dùng, đồ chơi · {SCHOOL}")
    ).to_be_visible()
    page.get_by_label("Thiết bị, đồ dùng, đồ chơi").select_option(label=run.equipment)
    page.get_by_label("Số lượng").fill("2")
    page.get_by_label("Tình trạng").select_option(label="Tốt")
    click(page.get_by_role("button", name="Lưu"))

    expect(flash(page, "Đã thêm thiết bị, đồ dùng, đồ chơi.")).to_be_visible()
    item = row_with_cell(page.locator("#equipment-results"), run.equipment_code)
    expect(item).to_contain_text(run.equipment.split(" – ", 1)[1])
    expect(item).to_contain_text("Lớp 1")  # the grade from the code list
    expect(item.get_by_role("cell", name=re.compile(r"^2 bộ$"))).to_be_visible()

    click(facilities_nav.get_by_role("link", name="Biểu phòng học (mục V)"))
    expect(page).to_have_url(re.compile(r"/facilities/summary"))
    classrooms = row_with_cell(page.locator("table.summary"), "120")
    expect(classrooms.get_by_role("rowheader")).to_have_text("5.1. Phòng học")
    expect(classrooms.get_by_role("cell").nth(2)).to_have_text(
        str(kien_co_before + 3)
    )  # run alone, it reads 3; the other run's rooms add up on the same school

    # 5. Budget: a line for the year, the amount typed with dots.
    go(page, "Ngân sách")
    expect(
        page.get_by_role("heading", name=f"Ngân sách nhà nước · {SCHOOL}")
    ).to_be_visible()
    settled(page)
    page.get_by_label("Năm học").select_option(str(run.year))
    if not run.js:  # with JavaScript the change alone reloads the list
        click(page.get_by_role("button", name="Tìm kiếm"))
    expect(page).to_have_url(re.compile(rf"[?&]year={run.year}(&|$)"))
    budget = page.locator("#budget-results")
    expect(budget).to_contain_text(f"Năm học {run.years} · số tiền tính bằng đồng.")
    expect(budget).to_contain_text("Chưa có dòng ngân sách nào phù hợp.")

    click(budget.get_by_role("link", name="Thêm dòng ngân sách"))
    expect(page.get_by_role("heading", name="Thêm dòng ngân sách")).to_be_visible()
    page.get_by_label("Loại ngân sách").select_option(label="Chi thường xuyên")
    page.get_by_label("Nội dung").fill(run.budget_text)
    page.get_by_label("Kế hoạch (đồng)").fill("1.500.000")
    click(page.get_by_role("button", name="Lưu"))

    expect(flash(page, "Đã thêm dòng ngân sách.")).to_be_visible()
    expect(page).to_have_url(re.compile(rf"/finance/\?school=\d+&year={run.year}$"))
    expect(budget).to_contain_text(f"Năm học {run.years}")
    expect(budget).to_contain_text("1 dòng ngân sách")
    line = budget.get_by_role("row").filter(
        has=page.get_by_role("link", name=run.budget_text, exact=True)
    )
    expect(line.get_by_role("cell").nth(1)).to_have_text("1.500.000")
    expect(line.get_by_role("cell").nth(2)).to_have_text("0")
    expect(budget.get_by_role("rowgroup").filter(has_text="Tổng cộng")).to_contain_text(
        "1.500.000"
    )

    # 6. An invalid form: a class without a name is refused, beside the field.
    go(page, "Trường học")
    expect(page).to_have_url(re.compile(rf"{school_path}$"))  # the current year
    expect(page.get_by_role("heading", name=SCHOOL, exact=True)).to_be_visible()
    pick_school_year(page, run)
    grade_1 = row_with_cell(page, "Lớp 1")  # the year's classes by grade
    expect(grade_1.get_by_role("cell")).to_have_text(["Lớp 1", "4", "30"])
    click(page.get_by_role("link", name="Danh sách lớp"))
    expect(  # the school page has the same heading, one level down
        page.get_by_role("heading", name=f"Lớp học năm học {run.years}", level=1)
    ).to_be_visible()
    click(page.get_by_role("link", name="Thêm lớp"))
    # wait for the form: the list's own filter is labelled "Khối" too
    expect(
        page.get_by_role("heading", name=f"Thêm lớp · {SCHOOL} · năm học {run.years}")
    ).to_be_visible()
    page.get_by_label("Khối", exact=True).select_option(label="Lớp 1")
    page.get_by_label("GVCN chưa có hồ sơ (ghi tên)").fill("Không tên")
    settled(page)
    assert submit(page, "Lưu").status == 422

    name = page.get_by_label("Tên lớp")
    expect(page.locator("#name-error")).to_have_text(REQUIRED)
    expect(name).to_have_attribute("aria-invalid", "true")
    expect(name).to_have_accessible_description(REQUIRED)
    expect(page.get_by_label("GVCN chưa có hồ sơ (ghi tên)")).to_have_value("Không tên")
    expect(page.locator(".field.invalid")).to_have_count(1)  # only the name
    if run.js:
        expect(page.locator("#error-summary")).to_be_focused()  # app.js
    click(page.get_by_role("link", name="Hủy"))
    expect(page.locator("#class-results p.toolbar")).to_have_text(re.compile(r"^4 lớp"))
    expect(page.locator("#class-results")).not_to_contain_text("Không tên")

    if run.js:
        assert same_document(page), "hx-boost navigation should not reload the page"

    # 7. Log out.
    click(page.get_by_role("button", name="Đăng xuất"))
    expect(page).to_have_url(f"{live_server}/login")
    expect(page.get_by_text("Bạn đã đăng xuất.")).to_be_visible()
    page.goto(school_path)
    expect(page).to_have_url(re.compile(r"/login\?next="))


@pytest.mark.parametrize("js", [True, False], ids=["javascript", "no-javascript"])
def test_a_decimal_typed_with_a_comma_is_kept(new_page, js: bool):
    """The forms promise "48 hoặc 48,5"; what the clerk types must be what is saved."""
    page = new_page(js=js)
    log_in(page, "cb1")
    go(page, "Trường học")
    expect(page.get_by_role("heading", name=SCHOOL, exact=True)).to_be_visible()
    click(page.get_by_role("link", name="Thêm điểm trường"))
    code = "PHAY-JS" if js else "PHAY"
    page.get_by_label("Mã điểm trường").fill(code)
    page.get_by_label("Tên điểm trường").fill(f"Điểm thử dấu phẩy {code}")
    page.get_by_label("Khoảng cách đến điểm trường chính (km)").press_sequentially(
        "2,5"
    )
    click(page.get_by_role("button", name="Lưu"))
    expect(flash(page, "Đã thêm điểm trường")).to_be_visible()
    cells = row_with_cell(page, code).get_by_role("cell")
    assert cells.nth(3).inner_text() == "2,5"  # today: "25"
