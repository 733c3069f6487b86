"""A school clerk's pupils in Chromium: a class list imported from the C1-HocSinh
template (one bad row first: nothing saved), a pupil transferred out and taken in by
another school, a dropout with its reason, and section III following each step.

The live server's database is shared by the browser suite: the classes of this
school year are made once for the module (through the schools pages, as a clerk
would), and each test uses its own pupils' names, codes and personal IDs.
"""

import re
from datetime import date
from io import BytesIO
from pathlib import Path
from urllib.parse import urlencode

import pytest
from openpyxl import load_workbook

from smasweb import clock, codelists
from smasweb.services.students.import_cells import COLUMNS
from smasweb.services.students.rules import term_of
from smasweb.services.years import current_year
from tests.browser.conftest import TIMEOUT_MS
from tests.browser.test_browser import log_in, nav, settled, submit
from tests.services.test_students_import import xlsx

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or fails in CI)
    expect = None

pytestmark = pytest.mark.browser

MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SENDING = "Trường Tiểu học Long Phước"  # cb1's school (make_world)
RECEIVING = "Trường Tiểu học Trà Côn"  # cb2's school, another district
RECEIVING_CODE = "86862001"
TODAY = clock.today()  # Vietnam time, as the server reads it
WHEN = {"1": "kỳ 1", "2": "kỳ 2", "he": "trong hè"}[term_of(TODAY)]


def vn(day: date) -> str:
    return f"{day:%d/%m/%Y}"


def status_code(label: str) -> str:
    """The code of a pupil's status, e.g. status_code("Chuyển đi kỳ 1") == "04"."""
    codes = {text: code for code, text in codelists.labels("student_statuses").items()}
    return codes[label]


@pytest.fixture(scope="module")
def classes(browser, live_server):
    """This year's classes 1A and 1B at the sending school, 1A at the receiving one,
    made by each school's clerk with "Tạo nhiều lớp" (the import needs them)."""
    for clerk in ("cb1", "cb2"):
        context = browser.new_context(base_url=live_server, locale="vi-VN")
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        log_in(page, clerk)
        settled(page)
        nav(page, "Trường học")
        settled(page)
        page.get_by_role("link", name="Tạo nhiều lớp").click()
        page.get_by_label("Khối", exact=True).select_option(label="Lớp 1")
        page.get_by_label("Tên các lớp").fill("1A, 1B" if clerk == "cb1" else "1A")
        settled(page)
        page.get_by_role("button", name="Tạo lớp").click()
        expect(page.get_by_role("status")).to_contain_text("Đã tạo")
        context.close()


def student(**values) -> dict:
    """One row of the class list, by the import's field names."""
    return {"ethnicity": "Kinh", "nationality": "VN", **values}


def class_list(rows: list[dict], template: Path | None = None) -> dict:
    """The .xlsx to upload: the downloaded template with its example row replaced,
    or (without a template) the same columns built with openpyxl."""
    if template is None:
        data = xlsx(rows).getvalue()
    else:
        wb = load_workbook(BytesIO(template.read_bytes()))
        ws = wb["Sheet1"]
        headers = [c.value for c in ws[1]]
        ws.delete_rows(2, ws.max_row)  # the example row ("VIDU01")
        field = {c.header: name for name, c in COLUMNS.items()}
        for row in rows:
            ws.append([row.get(field.get(h, "")) for h in headers])
        out = BytesIO()
        wb.save(out)
        data = out.getvalue()
    return {"name": "C1-HocSinh-1A.xlsx", "mimeType": MIME, "buffer": data}


def summary_total(page) -> int:
    """Section III, row 37 (Tổng quy mô), column Tổng số, as the clerk sees it."""
    page.goto("/students/summary")
    row = (
        page.locator("table.summary")
        .get_by_role("row")
        .filter(has=page.get_by_role("cell", name="37", exact=True))
    )
    cells = row.get_by_role("cell")
    expect(cells).to_have_count(13)  # Mã số + 12 numbers
    return int(cells.nth(1).inner_text().replace(".", ""))


def search_list(page, q: str, status: str = ""):
    """The pupils' list for a search (status: a code), by its address: the
    search form's GET, as a bookmark would open it."""
    page.goto(f"/students/?{urlencode({'q': q, 'status': status})}")
    return page.locator("#student-results")


def swapped(page, action) -> None:
    """Run `action`, which sends an htmx request, and wait until its answer is
    swapped in and settled: the region it replaces may look the same before and
    after (the same search answered twice), so nothing on the page says when."""
    page.evaluate(
        """() => { window.__settled = false;
        document.body.addEventListener("htmx:afterSettle",
            () => { window.__settled = true; }, {once: true}); }"""
    )
    action()
    page.wait_for_function("() => window.__settled === true")


def record_movement(page, kind: str, **fields) -> None:
    """On a pupil's page: Ghi biến động, the kind, today's date, fields, Lưu."""
    settled(page)
    page.get_by_role("link", name="Ghi biến động").click()
    page.get_by_label("Loại biến động").select_option(label=kind)
    page.get_by_label("Ngày", exact=True).fill(vn(TODAY))
    for label, value in fields.items():
        field = page.get_by_label(label)
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(label=value)
        else:
            field.fill(value)
    settled(page)
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("status")).to_contain_text(
        f"Đã ghi biến động ngày {vn(TODAY)}."
    )
    # the pupil's whole page follows the save (with htmx too): menu, address
    expect(page.get_by_role("navigation", name="Chính")).to_be_attached()
    expect(page).to_have_url(re.compile(r"/students/\d+$"))


NAM = student(  # transferred out, then taken in by the receiving school
    class_name="1A",
    school_code="BRS101",
    full_name="Nguyễn Hoàng Nam",
    birth_date="14/02/2020",
    gender="Nam",
    personal_id="086220555101",
)
MAI = student(  # drops out
    class_name="1A",
    school_code="BRS102",
    full_name="Trần Thị Mai",
    birth_date="03/07/2020",
    gender="Nữ",
    personal_id="086320555102",
)
KHANG = student(
    class_name="1B",
    school_code="BRS103",
    full_name="Lê Minh Khang",
    birth_date="21/11/2020",
    gender="Nam",
    personal_id="086220555103",
)
# The same boy with a girl's century digit and a class the school does not have.
KHANG_BAD = {**KHANG, "class_name": "1C", "personal_id": "086320555103"}


def test_clerk_imports_a_class_list_then_transfers_and_drops_out_students(
    new_page, classes
):
    year = current_year(TODAY)
    page = new_page()
    log_in(page, "cb1")
    total_before = summary_total(page)

    # 1. From the pupils' list to the import page; the template, filled in.
    settled(page)
    nav(page, "Học sinh")
    expect(page.get_by_role("heading", name="Học sinh", exact=True)).to_be_visible()
    settled(page)
    page.get_by_role("link", name="Nhập từ Excel").click()
    expect(
        page.get_by_role(
            "heading",
            name=f"Nhập hồ sơ học sinh từ Excel (mẫu C1-HocSinh) · {SENDING}",
        )
    ).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="tệp mẫu (.xlsx)").click()
    assert download.value.suggested_filename == "C1-HocSinh-mau.xlsx"
    template = Path(download.value.path())

    # 2. A file with one bad row: the dry run names the row and why; nothing saved.
    page.locator("input[type=file]").set_input_files(
        class_list([NAM, KHANG_BAD, MAI], template)
    )
    assert submit(page, "Kiểm tra").status == 200
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Tệp có 2 lỗi ở 1 dòng. Hãy sửa tệp")
    expect(alert.get_by_role("listitem")).to_have_text(
        [
            f"Dòng 3, cột Lớp (tên hoặc mã lớp): Trường không có lớp “1C” trong "
            f"năm học {year}-{year + 1}.",
            "Dòng 3, cột Số định danh cá nhân: Chữ số thứ 4 (3) không khớp: nam sinh "
            "năm 2020 phải là 2. (ô ghi “086320555103”)",
        ]
    )
    expect(search_list(page, "BRS1")).to_contain_text("Không có học sinh nào phù hợp.")

    # 3. The fixed file: checked, then imported; the pupils are in the list.
    page.goto("/students/import")
    fixed = class_list([NAM, KHANG, MAI], template)
    page.locator("input[type=file]").set_input_files(fixed)
    assert submit(page, "Kiểm tra").status == 200
    expect(page.get_by_role("status")).to_contain_text(
        "Tệp hợp lệ: 3 dòng sẵn sàng nhập (3 thêm mới, 0 cập nhật)."
    )
    page.locator("input[type=file]").set_input_files(fixed)
    submit(page, "Nhập dữ liệu")
    expect(page).to_have_url(re.compile(r"/students/$"))
    expect(page.get_by_role("status")).to_contain_text(
        "Đã nhập 3 học sinh: 3 thêm mới, 0 cập nhật."
    )
    results = search_list(page, "BRS1")
    expect(results).to_contain_text("3 học sinh")
    for who, cls in ((NAM, "1A"), (KHANG, "1B"), (MAI, "1A")):
        row = results.get_by_role("row").filter(has_text=who["full_name"])
        expect(row.get_by_role("cell")).to_have_text(
            [
                who["school_code"],
                who["full_name"],
                cls,
                who["birth_date"],
                who["gender"],
                "Đang học",
            ]
        )
    assert summary_total(page) == total_before + 3

    # …and in their class roster (from a pupil's page).
    results = search_list(page, "BRS1")
    settled(page)
    results.get_by_role("link", name="Trần Thị Mai").click()
    classes_row = page.locator("#lop-hoc tbody tr")
    expect(classes_row.get_by_role("cell")).to_have_text(
        [f"{year}-{year + 1}", "1A", "Mới tuyển"]
    )
    settled(page)
    page.locator("#lop-hoc").get_by_role("link", name="1A").click()
    expect(
        page.get_by_role(
            "heading", name=f"Danh sách học sinh lớp 1A · năm học {year}-{year + 1}"
        )
    ).to_be_visible()
    roster = page.locator("table.printable")
    expect(roster.get_by_role("link", name="Nguyễn Hoàng Nam")).to_be_visible()
    expect(roster.get_by_role("link", name="Trần Thị Mai")).to_be_visible()
    expect(roster).not_to_contain_text("Lê Minh Khang")

    # 4. Nam moves to a school of another district.
    settled(page)
    roster.get_by_role("link", name="Nguyễn Hoàng Nam").click()
    record_movement(
        page, "Chuyển đi", **{"Mã trường chuyển đến (trong tỉnh)": RECEIVING_CODE}
    )
    expect(page.get_by_text(f"Trạng thái: Chuyển đi {WHEN}")).to_be_visible()
    expect(page.get_by_text("(không còn học ở trường)")).to_be_visible()
    assert summary_total(page) == total_before + 2

    # 5. The receiving school's clerk finds him and takes his record.
    other = new_page()
    log_in(other, "cb2")
    settled(other)
    nav(other, "Học sinh")
    settled(other)
    other.get_by_role("link", name="Nhận học sinh chuyển đến").click()
    expect(
        other.get_by_role("heading", name=f"Nhận học sinh chuyển đến · {RECEIVING}")
    ).to_be_visible()
    settled(other)
    other.get_by_label("Số định danh hoặc mã Bộ").fill(NAM["personal_id"])
    other.get_by_role("button", name="Tìm hồ sơ ở trường cũ").click()
    found = other.locator("#transfer-results table")
    expect(found.get_by_role("row")).to_have_count(2)  # heading + Nam
    expect(found).to_contain_text("Nguyễn Hoàng Nam")
    other.get_by_label("Số định danh hoặc mã Bộ").fill("")
    other.get_by_label("Họ tên (không cần dấu)").fill("nguyen hoang nam")
    other.get_by_label("Ngày sinh").fill(NAM["birth_date"])
    settled(other)
    swapped(other, other.get_by_role("button", name="Tìm hồ sơ ở trường cũ").click)
    expect(found.get_by_role("row").nth(1).get_by_role("cell")).to_have_text(
        ["Nguyễn Hoàng Nam", NAM["birth_date"], SENDING, "1A", f"Chuyển đi {WHEN}"]
    )
    settled(other)
    other.get_by_role("radio", name=re.compile("Nguyễn Hoàng Nam")).check()
    other.get_by_label("Lớp", exact=True).select_option(label="1A")
    other.get_by_label("Ngày chuyển đến").fill(vn(TODAY))
    other.get_by_role("button", name="Nhận học sinh").click()
    expect(other.get_by_role("status")).to_contain_text(
        "Đã nhận học sinh Nguyễn Hoàng Nam chuyển đến."
    )
    expect(other.get_by_role("heading", level=1)).to_contain_text(RECEIVING)
    expect(other.get_by_text(f"Trạng thái: Chuyển đến {WHEN}")).to_be_visible()
    expect(other.locator("#lop-hoc tbody tr").get_by_role("cell")).to_have_text(
        [f"{year}-{year + 1}", "1A", "Chuyển đến"]
    )
    row = (
        search_list(other, "nguyen hoang nam")
        .get_by_role("row")
        .filter(has_text="Nguyễn Hoàng Nam")
    )
    expect(row.get_by_role("cell").nth(2)).to_have_text("1A")
    expect(row.get_by_role("cell").nth(5)).to_have_text(f"Chuyển đến {WHEN}")

    # 6. The sending school no longer lists him among its pupils, but as chuyển đi.
    expect(search_list(page, "BRS1")).to_contain_text("2 học sinh")
    results = search_list(page, "BRS1", status=status_code(f"Chuyển đi {WHEN}"))
    row = results.get_by_role("row").filter(has_text="Nguyễn Hoàng Nam")
    expect(row.get_by_role("cell").nth(5)).to_have_text(f"Chuyển đi {WHEN}")

    # 7. Mai drops out (family hardship): the list and section III count one fewer.
    results = search_list(page, "BRS1")
    settled(page)
    results.get_by_role("link", name="Trần Thị Mai").click()
    record_movement(page, "Thôi học", **{"Lý do thôi học": "Kinh tế khó khăn"})
    expect(page.get_by_text(f"Trạng thái: Thôi học {WHEN}")).to_be_visible()
    moves = page.locator("#bien-dong")
    expect(moves.get_by_role("row").filter(has_text="Thôi học")).to_contain_text(
        "Kinh tế khó khăn"
    )
    expect(search_list(page, "BRS1")).to_contain_text("1 học sinh")
    results = search_list(page, "BRS1", status=status_code(f"Thôi học {WHEN}"))
    expect(results).to_contain_text("1 học sinh")
    expect(results.get_by_role("link", name="Trần Thị Mai")).to_be_visible()
    assert summary_total(page) == total_before + 1


def test_import_dry_run_without_javascript(new_page, classes):
    """The upload form is a plain POST form: the dry run works without JavaScript."""
    good = student(
        class_name="1B",
        school_code="BRS201",
        full_name="Phạm Gia Bảo",
        birth_date="09/09/2020",
        gender="Nam",
        personal_id="086220555201",
    )
    bad = student(  # a 12-digit ID whose first digits are no province
        class_name="1B",
        school_code="BRS202",
        full_name="Võ Ngọc Hân",
        birth_date="30/04/2020",
        gender="Nữ",
        personal_id="999320555202",
    )
    page = new_page(js=False)
    log_in(page, "cb1")
    nav(page, "Học sinh")
    page.get_by_role("link", name="Nhập từ Excel").click()
    page.locator("input[type=file]").set_input_files(class_list([good, bad]))
    assert submit(page, "Kiểm tra").status == 200
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Tệp có 1 lỗi ở 1 dòng.")
    expect(alert.get_by_role("listitem")).to_have_text(
        [
            "Dòng 3, cột Số định danh cá nhân: Ba số đầu (999) không phải mã tỉnh "
            "nơi đăng ký khai sinh. (ô ghi “999320555202”)"
        ]
    )
    expect(search_list(page, "BRS2")).to_contain_text("Không có học sinh nào phù hợp.")
