"""The after-opening report's journey in Chromium (issue 7, "Done when"): a district
officer decides on the schools' reports from the progress board, downloads the
district's official PDF (made in the background while the page shows its
progress), anyone checks its verification code, and a change a school makes after
the lock reaches the official numbers only once it is sent again and approved.

This module runs its own server and database (the suite's `live_server` opens the
calendar for other tests, and the lock here would close it for them): two schools
of the Long Hồ district office, each with a class, pupils and teachers, and their
reports already sent by their leaders. In file order the tests follow the period's
life: decisions before the lock, the official PDF after it, then an unlock (each
also passes alone). PDFs are made by a real detached `flask smas render-job`
process reading the same database, as in production, not inline.
"""

import re
import subprocess
import threading
import unicodedata
from dataclasses import dataclass
from datetime import date

import pytest
from flask import Flask
from flask_migrate import upgrade
from PIL import Image
from sqlalchemy import select
from werkzeug.serving import make_server

from smasweb.extensions import db
from smasweb.models import ClassGroup, ReportPeriod, Unit, User
from smasweb.services import years as school_years
from smasweb.services.calendar import windows as calendar
from smasweb.services.jobs import runner as jobs
from smasweb.services.reports import approvals
from tests import factories
from tests.browser.conftest import TIMEOUT_MS, _QuietHandler
from tests.browser.test_browser import log_in, settled, submit
from tests.conftest import make_test_app

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips (or fails in CI)
    expect = None

pytestmark = [
    pytest.mark.browser,
    # The server starts each renderer with Popen and lets go of it at once (it is
    # detached, and reaped at the next start): Python warns when it lets go.
    pytest.mark.filterwarnings(
        "ignore:subprocess \\d+ is still running:ResourceWarning"
    ),
]

OFFICE = "Phòng Giáo dục và Đào tạo huyện Long Hồ"
PRIMARY = "Trường Tiểu học Long Phước"  # s1, leader bgh1, clerk cb1
LOWER = "Trường THCS Long Phước"  # s1b, leader bgh1b (made here)
NOTE = "Sĩ số lớp 1A chưa khớp với danh sách"
FACILITIES = "Cơ sở vật chất, thiết bị, đồ dùng đồ chơi"
SEND = re.compile(r"^Gửi (lại )?báo cáo$")
RENDER_LIMIT_MS = 60_000  # a detached renderer starts Python, Flask and WeasyPrint


@dataclass
class Site:
    url: str
    app: Flask

    def period(self) -> ReportPeriod:
        return db.session.scalar(
            select(ReportPeriod).where(
                ReportPeriod.kind == "after_opening",
                ReportPeriod.year == school_years.current_year(),
            )
        )


def _students(world, year: int) -> None:
    """s1: class 1A, 5 pupils of which 2 have no personal ID, 2 teachers;
    s1b: class 6A, 3 pupils, 1 teacher."""
    for school, grade, count, with_id in (
        (world.s1, "01", 5, 3),
        (world.s1b, "06", 3, 3),
    ):
        cls = ClassGroup(school_id=school.id, year=year, grade=grade, name=grade + "A")
        db.session.add(cls)
        db.session.flush()
        for i in range(count):
            factories.make_student(
                school,
                cls,
                gender="02" if i % 2 else "01",
                birth_date=date(year - 5 - int(grade), 3, 4),
                personal_id=f"0862{int(grade):02d}{i:06d}" if i < with_id else None,
            )
    factories.make_staff(world.s1)
    factories.make_staff(world.s1, gender="01")
    factories.make_staff(world.s1b, teaching_level="03")


@pytest.fixture(scope="module")
def site(fresh_db_url, tmp_path_factory):
    """This module's own app on 127.0.0.1 (a file SQLite database, CSRF on), whose
    PDFs are made by detached renderer processes reading the same database. Both
    schools' leaders have sent their report (through the service)."""
    folder = tmp_path_factory.mktemp("reports-browser")
    url = fresh_db_url("sqlite")
    app = make_test_app(url, folder, WTF_CSRF_ENABLED=True, RENDER_INLINE=False)
    with app.app_context():
        upgrade()
        factories.open_calendar()
        world = factories.make_world()
        lower_leader = factories.make_user(
            "school_leader", world.s1b, username="bgh1b", full_name="Ngô Văn Tâm"
        )
        year = school_years.ensure_year(school_years.current_year()).year
        _students(world, year)
        db.session.commit()
        period = approvals.get_period(None)
        approvals.send(world.leader, world.s1, "02", period)
        approvals.send(lower_leader, world.s1b, "03", period)
        db.session.commit()
    server = make_server(
        "127.0.0.1", 0, app, threaded=True, request_handler=_QuietHandler
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    with pytest.MonkeyPatch.context() as mp:  # what the renderer process reads
        mp.setenv("SMAS_ENV", "development")
        mp.setenv("SMAS_DATABASE_URL", url)
        mp.setenv("SMAS_INSTANCE_PATH", str(folder))
        mp.delenv("SMAS_TODAY", raising=False)
        yield Site(f"http://127.0.0.1:{server.server_port}", app)
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def new_page(browser, site):
    """new_page(): a page on this module's site in its own fresh context."""
    contexts = []

    def make(js: bool = True):
        context = browser.new_context(
            base_url=site.url, locale="vi-VN", java_script_enabled=js
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def locked(site):
    """The Department locks the period; the scheduler's lock hooks freeze every
    school's numbers (they become the official ones)."""
    with site.app.app_context():
        period = site.period()
        if period.locked_at is None:
            calendar.lock(period)
            db.session.commit()
            jobs.run_due()
            db.session.commit()
    return site


def nav(page, label: str) -> None:
    """A link of the main navigation (exact: "Báo cáo" is not "Lịch báo cáo")."""
    menu = page.get_by_role("navigation", name="Chính")
    menu.get_by_role("link", name=label, exact=True).click()


def board_row(page, school: str):
    return page.locator("table.board tbody tr").filter(has_text=school)


def chart(page) -> str:
    """The board chart's accessible summary (its SVG <title>)."""
    return page.locator("figure.board-chart svg title").text_content()


def open_board(page) -> None:
    """Báo cáo → Tiến độ báo cáo, as the officer finds it."""
    settled(page)
    nav(page, "Báo cáo")
    expect(page.get_by_role("heading", level=1)).to_have_text("Báo cáo thống kê")
    settled(page)
    page.get_by_role("link", name="Tiến độ báo cáo").click()
    expect(
        page.get_by_role("heading", name=f"Tiến độ báo cáo sau khai giảng · {OFFICE}")
    ).to_be_visible()
    # The link keeps the preview's level (Tiểu học); the officer wants every level.
    expect(page.get_by_label("Cấp học")).to_have_value("02")
    settled(page)
    with page.expect_response(re.compile(r"/reports/board\?")):
        page.get_by_label("Cấp học").select_option(label="Tất cả")
    expect(page).to_have_url(re.compile(r"level=(&|$)"))


def test_without_js_approving_asks_on_a_page_of_its_own(new_page):
    """No JS: Phê chuẩn opens "Xác nhận phê chuẩn …?"; going back decides nothing."""
    officer = new_page(js=False)
    log_in(officer, "pgd857")
    officer.goto("/reports/board?level=")
    board_row(officer, LOWER).get_by_role("button", name="Phê chuẩn").click()
    expect(officer.get_by_role("heading", level=1)).to_have_text(
        f"Xác nhận phê chuẩn báo cáo Trung học cơ sở của {LOWER}?"
    )
    expect(officer.get_by_role("button", name="Phê chuẩn")).to_be_visible()
    officer.get_by_role("link", name="Hủy").click()
    expect(officer).to_have_url(re.compile(r"/reports/board\?level=$"))
    expect(board_row(officer, LOWER).get_by_role("cell").nth(2)).to_have_text("Đã gửi")


def test_officer_approves_one_school_and_rejects_another_from_the_board(new_page):
    officer = new_page()
    log_in(officer, "pgd857")
    open_board(officer)

    # The counts, as numbers and as the server-drawn chart: both reports sent.
    figure = officer.locator("figure.board-chart")
    expect(figure.locator("svg rect")).not_to_have_count(0)
    expect(figure).to_contain_text("Tổng số: 2 báo cáo")
    assert "Đã gửi 2" in chart(officer) and "Đã phê chuẩn 0" in chart(officer)
    expect(officer.get_by_text("2 báo cáo", exact=True)).to_be_visible()
    primary, lower = board_row(officer, PRIMARY), board_row(officer, LOWER)
    expect(primary.get_by_role("cell").nth(2)).to_have_text("Đã gửi")
    expect(primary.get_by_role("cell").nth(4)).to_contain_text(
        "2 học sinh thiếu số định danh"
    )
    expect(lower.get_by_role("cell").nth(2)).to_have_text("Đã gửi")

    # Phê chuẩn asks first: dismissed, nothing happens…
    settled(officer)
    asked = []

    def dismiss(dialog):
        asked.append(dialog.message)
        dialog.dismiss()

    officer.once("dialog", dismiss)
    lower.get_by_role("button", name="Phê chuẩn").click()
    for _ in range(50):  # the dialog event arrives while the click returns
        if asked:
            break
        officer.wait_for_timeout(50)
    assert asked == [f"Xác nhận phê chuẩn báo cáo THCS của {LOWER}?"]
    expect(lower.get_by_role("cell").nth(2)).to_have_text("Đã gửi")

    # …accepted: the row turns approved in place, and the counts, the bars and the
    # total follow without a reload (out-of-band swaps).
    officer.once("dialog", lambda dialog: dialog.accept())
    lower.get_by_role("button", name="Phê chuẩn").click()
    expect(lower.get_by_role("cell").nth(2)).to_have_text("Đã phê chuẩn")
    expect(lower.get_by_role("button")).to_have_count(0)
    expect(figure.locator("svg title")).to_contain_text("Đã phê chuẩn 1")
    expect(figure.locator("svg title")).to_contain_text("Đã gửi 1")

    # Từ chối without a note: refused, the Vietnamese error next to the field.
    settled(officer)
    with officer.expect_response(lambda r: r.request.method == "POST") as answer:
        primary.get_by_role("button", name="Từ chối").click()
    assert answer.value.status == 422
    note = primary.get_by_label("Lý do từ chối")
    expect(note).to_have_attribute("aria-invalid", "true")
    error = officer.locator(f"#{note.get_attribute('aria-describedby')}")
    expect(error).to_have_text(approvals.NOTE_REQUIRED)
    expect(primary.get_by_role("cell").nth(2)).to_have_text("Đã gửi")

    # …with a note: rejected.
    settled(officer)
    primary.get_by_label("Lý do từ chối").fill(NOTE)
    primary.get_by_role("button", name="Từ chối").click()
    expect(primary.get_by_role("cell").nth(2)).to_have_text("Bị từ chối")
    # Without a reload: the chart's bars (their widths too) and the counts.
    expect(figure.locator("svg title")).to_contain_text("Bị từ chối 1")
    expect(figure.locator("svg title")).to_contain_text("Đã gửi 0")
    sent_bar = figure.locator("svg a").filter(has_text="Đã gửi").locator("rect")
    expect(sent_bar).to_have_attribute("width", "0")

    # The board's counts are the same on a fresh look at the page.
    officer.reload()
    summary = chart(officer)
    for label in ("Đã gửi 0", "Đã phê chuẩn 1", "Bị từ chối 1"):
        assert label in summary, summary
    bars = officer.locator("figure.board-chart svg a")
    approved = bars.filter(has_text="Đã phê chuẩn")
    settled(officer)
    approved.click()  # a bar lists its schools
    expect(officer.locator("table.board tbody tr")).to_have_count(1)
    expect(board_row(officer, LOWER)).to_be_visible()

    # The rejected school's leader reads the note on the submission page.
    leader = new_page()
    log_in(leader, "bgh1")
    settled(leader)
    nav(leader, "Báo cáo")
    settled(leader)
    leader.get_by_role("link", name="Gửi và phê chuẩn").click()
    status = leader.locator("#submission-status")
    expect(status.get_by_role("alert")).to_have_text(
        f"Báo cáo bị từ chối. Lý do: {NOTE}"
    )
    expect(status.get_by_role("button", name="Gửi báo cáo")).to_be_visible()


def test_a_rejected_school_leader_sees_the_note_and_the_next_action_at_home(
    new_page, site
):
    """Issue 14, point 4: the leader's home says the period, the school year, the
    status with the rejection note and a link, and "Gửi lại báo cáo", which asks
    first (a dialog with JS, a page without)."""
    with site.app.app_context():
        period = approvals.get_period(None)
        row = approvals.find_submission(approvals.CODE, period, _unit(PRIMARY), "02")
        if row.status == "sent":  # this test alone: reject it as the office would
            approvals.reject(_district(), row, NOTE)
            db.session.commit()
        title = period.title
    year = school_years.current_year()
    leader = new_page()
    log_in(leader, "bgh1")
    expect(leader.locator("header")).to_contain_text(f"Năm học {year}-{year + 1}")
    box = leader.locator("#home-report")
    expect(box).to_contain_text(title)
    expect(box.locator("strong").first).to_have_text("Bị từ chối")
    expect(box.get_by_role("alert")).to_contain_text(f"Lý do: {NOTE}")
    expect(box.get_by_role("link", name="Xem và gửi lại")).to_be_visible()
    asked = []

    def dismiss(dialog):
        asked.append(dialog.message)
        dialog.dismiss()

    settled(leader)
    leader.once("dialog", dismiss)
    box.get_by_role("button", name="Gửi lại báo cáo").click()
    for _ in range(50):
        if asked:
            break
        leader.wait_for_timeout(50)
    assert asked == [f"Xác nhận gửi báo cáo Tiểu học của {PRIMARY}?"]
    expect(box.locator("strong").first).to_have_text("Bị từ chối")

    plain = new_page(js=False)
    log_in(plain, "bgh1")
    plain.locator("#home-report").get_by_role("button", name="Gửi lại báo cáo").click()
    expect(plain.get_by_role("heading", level=1)).to_have_text(
        f"Xác nhận gửi báo cáo Tiểu học của {PRIMARY}?"
    )
    plain.get_by_role("link", name="Hủy").click()
    expect(plain.get_by_role("heading", name="Xin chào")).to_be_visible()


def _unit(name: str):
    return db.session.scalar(select(Unit).where(Unit.name == name))


def _district():
    return db.session.scalar(select(User).where(User.username == "pgd857"))


def pdf_text(path) -> str:
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    return unicodedata.normalize("NFC", out)


def test_officer_downloads_the_official_district_pdf_and_anyone_verifies_it(
    new_page, locked, tmp_path
):
    officer = new_page()
    log_in(officer, "pgd857")
    settled(officer)
    nav(officer, "Báo cáo")
    preview = officer.locator("#report-preview")
    expect(preview).to_contain_text(f"{OFFICE} · ")
    official = preview.get_by_role("note")
    expect(official).to_contain_text("Số liệu chính thức (chốt lúc")
    checksum = official.locator("code").inner_text()

    # Tạo PDF chính thức: the status region polls while a renderer works.
    settled(officer)
    preview.get_by_role("button", name="Tạo PDF chính thức").click()
    job = officer.locator("#render-job")
    expect(job).to_have_attribute("hx-trigger", "every 1s")  # pending: polling
    expect(job).to_contain_text(
        re.compile(r"Đang (chờ đến lượt tạo PDF|lấy số liệu|dàn trang|tạo trang)")
    )
    expect(job.locator("progress")).to_be_visible()
    link = job.get_by_role("link", name="Tải PDF")
    expect(link).to_be_visible(timeout=RENDER_LIMIT_MS)
    expect(job).to_contain_text("Đã tạo xong tệp PDF chính thức")
    expect(job.locator("progress")).to_have_count(0)
    with officer.expect_download() as download:
        link.click()
    name = download.value.suggested_filename
    assert name.endswith(".pdf") and "ban-nhap" not in name, name
    saved = tmp_path / name
    download.value.save_as(saved)

    text = pdf_text(saved)
    with locked.app.app_context():
        period = locked.period().title  # "Báo cáo sau khai giảng 2026-2027"
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "BÁO CÁO THỐNG KÊ KỲ ĐẦU NĂM HỌC",
        period.upper(),
        "UBND HUYỆN LONG HỒ",
        "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO",
        f"Đơn vị báo cáo: {OFFICE}",
        "TRƯỞNG PHÒNG",
        "(Ký, ghi rõ họ tên, đóng dấu)",
        "Mã xác thực",
    ):
        assert expected in text, expected
    assert "BẢN NHÁP" not in text
    code = re.search(r"Mã xác thực:\s*([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})", text)[1]
    verify_url = re.search(r"https?://\S+/verify/" + code, text)[0]

    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "60",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            str(saved),
            str(tmp_path / "page"),
        ],
        check=True,
    )
    png = next(tmp_path.glob("page*.png"))
    print(f"first page: {png}")
    assert not_blank(png)

    # Anyone (no login, a fresh browser) checks the code printed on the paper.
    reader = new_page()
    reader.goto(verify_url)
    expect(reader.get_by_role("heading", name="Văn bản hợp lệ")).to_be_visible()
    fact = {
        dt.inner_text(): dt.locator("xpath=following-sibling::dd[1]").inner_text()
        for dt in reader.locator("dl.facts dt").all()
    }
    assert fact["Đơn vị báo cáo"] == OFFICE
    assert fact["Kỳ báo cáo"] == period
    assert fact["Cấp học"] == "Tiểu học"
    assert fact["Văn bản"] == "Báo cáo thống kê kỳ đầu năm học"
    full = fact["Mã kiểm tra số liệu (SHA-256)"]
    assert re.fullmatch(r"[0-9a-f]{64}", full) and full.startswith(checksum)
    expect(reader.get_by_role("main")).to_contain_text(code)
    expect(reader.get_by_role("main")).not_to_contain_text("Trần Văn Bình")  # issuer
    expect(reader.get_by_role("navigation", name="Chính")).to_have_count(0)

    # A wrong code, typed into the check form: not found.
    reader.get_by_role("link", name="Kiểm tra mã khác").click()
    reader.get_by_label("Mã xác thực").fill("ABCD-EFGH-JKLM")
    reader.get_by_role("button", name="Kiểm tra").click()
    expect(reader.get_by_role("heading", level=1)).to_have_text("Không tìm thấy")
    expect(reader.get_by_role("main")).to_contain_text("Không tìm thấy văn bản với mã")


def not_blank(png) -> bool:
    """Is there print on the page: some dark pixels on mostly white paper?"""
    with Image.open(png) as image:
        gray = image.convert("L")
        dark = sum(gray.histogram()[:128])
        size = gray.width * gray.height
    return 0.005 < dark / size < 0.5


def classrooms(page) -> str:
    """Section V, row 120 Phòng học, column Tổng số – Tổng, of the report on screen
    (the section's caption row "V Phòng học" has the same label, no Mã số)."""
    row = (
        page.locator("#report-preview tbody tr")
        .filter(has=page.get_by_role("rowheader", name="Phòng học", exact=True))
        .filter(has=page.get_by_role("cell", name="120", exact=True))
    )
    expect(row).to_have_count(1)
    cells = row.get_by_role("cell")
    expect(cells.nth(2)).to_have_text("120")  # Mã số
    return cells.nth(3).inner_text()


def test_a_change_after_the_lock_is_official_only_once_sent_and_approved(
    new_page, locked
):
    # The officer reads the primary school's official report, and the district's.
    officer = new_page()
    log_in(officer, "pgd857")
    open_board(officer)
    settled(officer)
    board_row(officer, PRIMARY).get_by_role("link", name=PRIMARY).click()
    status = officer.locator("#submission-status")
    expect(status).to_contain_text("đã khóa số liệu")
    settled(officer)
    status.get_by_role("link", name="Xem báo cáo (số liệu chính thức)").click()
    expect(officer.locator("#report-preview").get_by_role("note")).to_contain_text(
        "Số liệu chính thức"
    )
    school_report = officer.url
    assert classrooms(officer) == "0"
    officer.goto("/reports/")  # the district's own (official) report
    assert classrooms(officer) == "0"

    # After the lock the school may not add a room…
    clerk = new_page()
    log_in(clerk, "cb1")
    settled(clerk)
    nav(clerk, "Cơ sở vật chất")
    settled(clerk)
    clerk.get_by_role("link", name="Phòng học, phòng chức năng").click()
    settled(clerk)
    clerk.get_by_role("link", name="Thêm phòng").click()
    form = clerk.locator("#room-form")
    expect(form).to_be_visible()
    # htmx pushes the address after the swap: wait for it before reading it
    expect(clerk).to_have_url(re.compile(r"/facilities/rooms/new"))
    room_form = clerk.url
    closed = clerk.locator("#window-closed")  # the form says it before any typing
    expect(closed).to_contain_text(
        f"Không lưu được «{FACILITIES}» của {PRIMARY}: kỳ «Báo cáo sau khai giảng"
    )
    expect(closed).to_contain_text("đã khóa số liệu")
    expect(form.get_by_label("Số phòng")).to_be_disabled()
    expect(form.get_by_role("button", name="Lưu")).to_be_disabled()

    # …until the Department opens its facilities for it.
    admin = new_page()
    log_in(admin, "admin")
    settled(admin)
    nav(admin, "Lịch báo cáo")
    settled(admin)
    admin.get_by_role("link", name="Mở khóa trực tiếp cho trường").first.click()
    grant = admin.locator("#direct-grant-form")
    grant.get_by_label("Trường (mã hoặc tên)").fill("86857001")
    grant.get_by_label(FACILITIES).check()
    grant.get_by_label("Ghi chú").fill("Bổ sung 2 phòng học mới xây")
    submit(admin, "Mở khóa")
    expect(admin.get_by_text("Đã mở khóa.")).to_be_visible()

    clerk.goto(room_form)  # open the form again, now writable
    settled(clerk)
    form = clerk.locator("#room-form")
    expect(form.get_by_role("button", name="Lưu")).to_be_enabled()
    form.get_by_label("Loại phòng").select_option(label="Phòng học")
    form.get_by_label("Kết cấu").select_option(label="Kiên cố")
    form.get_by_label("Số phòng").fill("2")
    form.get_by_label("Diện tích mỗi phòng (m²)").fill("48")
    assert submit(clerk, "Lưu").status == 303
    expect(clerk.get_by_text("Đã thêm phòng.")).to_be_visible()

    # The live change does not reach the official report.
    officer.goto(school_report)
    assert classrooms(officer) == "0"

    # The leader sends again: still not official while it waits.
    leader = new_page()
    log_in(leader, "bgh1")
    settled(leader)
    nav(leader, "Báo cáo")
    settled(leader)
    leader.get_by_role("link", name="Gửi và phê chuẩn").click()
    status = leader.locator("#submission-status")
    expect(status).to_contain_text(
        "Kỳ báo cáo đã khóa: bản gửi lần này chỉ trở thành số liệu chính thức khi "
        "được phê chuẩn."
    )
    settled(leader)
    leader.once("dialog", lambda dialog: dialog.accept())
    status.get_by_role("button", name=SEND).click()  # "Gửi lại" if never rejected
    expect(status.locator("dd strong")).to_have_text("Đã gửi")
    expect(leader.get_by_text("Đã gửi báo cáo.")).to_be_visible()
    officer.goto(school_report)
    assert classrooms(officer) == "0"

    # The district compares the official numbers with the sent ones…
    open_board(officer)
    row = board_row(officer, PRIMARY)
    expect(row.get_by_role("cell").nth(2)).to_have_text("Đã gửi")
    settled(officer)
    row.get_by_role("link", name=PRIMARY).click()
    settled(officer)
    officer.get_by_role("link", name="So sánh bản chính thức với bản đã gửi").click()
    diff = officer.locator("#report-diff")
    expect(diff).to_contain_text("4 ô số liệu thay đổi.")
    expect(diff.get_by_role("rowheader", name="V. Phòng học")).to_be_visible()
    changed = diff.locator("tbody tr").filter(has=officer.get_by_role("cell"))
    expect(changed.first.get_by_role("cell")).to_have_text(
        ["120 · Phòng học", "Tổng số – Tổng", "0", "2"]
    )
    expect(changed).to_have_count(4)  # Tổng số, Công lập × Tổng, Kiên cố

    # …and approves: now the official report has the new rooms.
    settled(officer)
    officer.get_by_role("link", name="‹ Gửi, phê chuẩn báo cáo").click()
    settled(officer)
    status = officer.locator("#submission-status")
    officer.once("dialog", lambda dialog: dialog.accept())
    status.get_by_role("button", name="Phê chuẩn").click()
    expect(status.locator("dd strong")).to_have_text("Đã phê chuẩn")
    settled(officer)
    status.get_by_role(
        "link", name="So sánh bản chính thức với số liệu hiện tại"
    ).click()
    expect(officer.locator("#report-diff")).to_have_text(
        "Không có ô số liệu nào thay đổi."
    )
    officer.goto(school_report)
    assert classrooms(officer) == "2"
    officer.goto("/reports/")
    assert classrooms(officer) == "2"
