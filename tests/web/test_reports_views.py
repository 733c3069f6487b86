"""/reports/: the preview with its filters, Excel and PDF downloads, who sees what."""

import re
import subprocess
from datetime import UTC, date, datetime
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from smasweb.extensions import db
from smasweb.models.calendar import ReportPeriod
from smasweb.models.reports import IssuedDocument, RenderJob
from smasweb.models.schools import ClassGroup
from smasweb.services import years as school_years
from smasweb.services.calendar import windows as calendar
from smasweb.services.jobs import runner as jobs
from smasweb.services.reports import after_opening
from smasweb.services.reports.scope import ReportScope, schools_under
from smasweb.text import vn_number
from tests.conftest import HX, HX_BOOSTED, HX_HISTORY
from tests.factories import make_staff, make_student, make_unit

ROW = re.compile(r'<th scope="row">.*?</th><td>[^<]*</td><td>[^<]*</td>(.*?)</tr>')
CELL = re.compile(r"<td>([^<]*)</td>")


def numbers(html: str) -> list[str]:
    """The number cells of the preview's tables, in order."""
    return [n for row in ROW.findall(html) for n in CELL.findall(row)]


@pytest.fixture
def year():
    return school_years.ensure_year(school_years.current_year()).year


@pytest.fixture
def period(app, year):
    return db.session.scalar(
        select(ReportPeriod).where(
            ReportPeriod.kind == "after_opening", ReportPeriod.year == year
        )
    )


@pytest.fixture
def students(world, year):
    """s1: 1A with 3 pupils (2 girls), 2 teachers; s1b: 6A with 2; s2: 3A with 1."""
    for school, grade, count in (
        (world.s1, "01", 3),
        (world.s1b, "06", 2),
        (world.s2, "03", 1),
    ):
        cls = ClassGroup(school_id=school.id, year=year, grade=grade, name=grade + "A")
        db.session.add(cls)
        db.session.flush()
        for i in range(count):
            make_student(
                school,
                cls,
                gender="02" if i % 2 == 0 else "01",
                birth_date=date(year - 6 - int(grade), 3, 4),
            )
    make_staff(world.s1)
    make_staff(world.s1, gender="01")
    db.session.commit()
    return world


def built(unit, level, period):
    scope = ReportScope(unit, level, period.year, period, schools_under(unit, level))
    return after_opening.build(scope)


def cells_of(data) -> list[str]:
    return [vn_number(v) for t in data.tables for r in t.rows for v in r.cells]


def url(unit=None, level=None, period=None, **extra) -> str:
    args = {
        "unit": unit.id if unit else None,
        "level": level,
        "period": period.id if period else None,
        **extra,
    }
    query = "&".join(f"{k}={v}" for k, v in args.items() if v is not None)
    return "/reports/" + (f"?{query}" if query else "")


def test_school_user_sees_their_own_school_with_the_builders_numbers(
    students, login, period
):
    resp = login(students.leader).get("/reports/")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200
    assert "Trường Tiểu học Long Phước" in html
    assert "Bản nháp — số liệu chưa khóa" in html
    assert numbers(html) == cells_of(built(students.s1, "02", period))
    assert "Tiểu học" in html and f'name="unit" value="{students.s1.id}"' in html
    for label in ("TT", "Chỉ tiêu", "ĐVT", "Mã số", "III. Học sinh"):
        assert label in html


def test_school_user_cannot_read_another_school(students, login):
    client = login(students.leader)
    for other in (students.s2, students.s1b, students.d1, students.dept):
        assert client.get(url(other)).status_code == 404


def test_district_sees_its_schools_and_office_total(students, login, period):
    client = login(students.district)
    html = client.get("/reports/").get_data(as_text=True)
    assert numbers(html) == cells_of(built(students.d1, "02", period))
    assert "Trường Tiểu học Long Phước" in html  # offered as a choice
    assert "Trường Tiểu học Trà Côn" not in html
    school = client.get(url(students.s1b, "03")).get_data(as_text=True)
    assert numbers(school) == cells_of(built(students.s1b, "03", period))
    assert client.get(url(students.s2)).status_code == 404
    assert client.get(url(students.dept)).status_code == 404
    assert login(students.district2).get(url(students.s1)).status_code == 404


def test_province_filters_by_unit_and_level(students, login, period):
    client = login(students.admin)
    html = client.get("/reports/").get_data(as_text=True)
    assert "Toàn tỉnh" in html
    assert numbers(html) == cells_of(built(students.dept, "02", period))
    thcs = client.get(url(students.dept, "03", period)).get_data(as_text=True)
    assert numbers(thcs) == cells_of(built(students.dept, "03", period))
    assert numbers(thcs) != numbers(html)
    # a level the unit does not have falls back to its own
    s2 = client.get(url(students.s2, "04")).get_data(as_text=True)
    assert numbers(s2) == cells_of(built(students.s2, "02", period))
    found = client.get(url(q="tra con")).get_data(as_text=True)
    assert "Trường tìm thấy" in found and "Trường Tiểu học Trà Côn" in found


def test_divisions_read_only_their_levels(students, login):
    mnth = login(students.division_mnth)
    assert mnth.get(url(students.s1)).status_code == 200
    assert mnth.get(url(students.s1b)).status_code == 404  # THCS only
    html = mnth.get("/reports/").get_data(as_text=True)
    assert '<option value="03"' not in html
    assert login(students.division).get(url(students.s1b, "03")).status_code == 200


def test_unknown_report_or_period_is_404(students, login):
    client = login(students.admin)
    assert client.get("/reports/?report=nope").status_code == 404
    assert client.get("/reports/?period=999999").status_code == 404
    assert client.get("/reports/nope.xlsx").status_code == 404


def test_htmx_filter_swaps_the_preview_and_refreshes_the_filters(students, login):
    client = login(students.district)
    resp = client.get(url(students.s1), headers=HX)
    body = resp.get_data(as_text=True)
    assert body.startswith('<section id="report-preview"')
    assert '<div id="report-filters" hx-swap-oob="true">' in body
    assert "<html" not in body and "HX-Request" in resp.headers["Vary"]
    # 02-TH-ĐN's 40-row Ngân sách sheet and the form's footnotes: ~45 KB
    assert len(body.encode()) < 48_000
    for headers in ({}, HX_BOOSTED, HX_HISTORY):
        assert "<html" in client.get(url(students.s1), headers=headers).get_data(
            as_text=True
        )


def test_anonymous_is_sent_to_login(app, client):
    resp = client.get("/reports/")
    assert resp.status_code == 302 and "/login" in resp.headers["Location"]
    assert client.get("/reports/", headers=HX).status_code == 401
    assert client.post("/reports/after_opening.pdf").status_code == 302
    assert client.get("/reports/jobs/1").status_code == 302
    assert client.get("/reports/jobs/1.pdf").status_code == 302
    assert client.get("/reports/after_opening.xlsx").status_code == 302


def test_excel_has_the_same_numbers(students, login, period):
    resp = login(students.district).get(
        f"/reports/after_opening.xlsx?unit={students.d1.id}&level=02"
    )
    assert resp.status_code == 200
    assert "ban-nhap" in resp.headers["Content-Disposition"]
    wb = load_workbook(BytesIO(resp.data))
    data = built(students.d1, "02", period)
    assert wb.sheetnames[len(data.tables) :] == ["Ghi chú"]  # the form's notes
    for table, ws in zip(data.tables, wb.worksheets, strict=False):
        rows = [
            r
            for r in ws.iter_rows(min_row=5, values_only=True)
            if r[3] is not None or r[0] or r[2]
        ]
        # an uncounted row (73 học tin học) is blank, not 0
        got = [[v for v in r[4:] if v is not None] for r in rows]
        assert got == [r.cells for r in table.rows]
    assert (
        login(students.leader)
        .get(f"/reports/after_opening.xlsx?unit={students.d1.id}")
        .status_code
        == 404
    )


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-raw", str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout


def pdf_url(unit, level="02") -> str:
    return f"/reports/after_opening.pdf?unit={unit.id}&level={level}"


def test_draft_pdf_before_the_lock_is_watermarked(students, login, tmp_path):
    client = login(students.leader)
    resp = client.post(pdf_url(students.s1))
    assert resp.status_code == 303
    job = db.session.scalar(select(RenderJob))
    assert job.status == "done" and not job.official and job.document_id is None
    assert resp.headers["Location"].endswith(f"/reports/jobs/{job.id}.pdf")
    pdf = client.get(resp.headers["Location"])
    assert pdf.mimetype == "application/pdf"
    assert "ban-nhap" in pdf.headers["Content-Disposition"]
    text = pdf_text(pdf.data, tmp_path)
    assert "BẢN NHÁP" in text and "Mã xác thực" not in text
    assert "HIỆU TRƯỞNG" in text and "/BC-THLP" in text


def test_official_pdf_after_the_lock_is_verifiable(
    students, login, period, tmp_path, monkeypatch
):
    calendar.lock(period)
    db.session.commit()
    jobs.run_due()  # the lock hooks freeze the snapshots
    client = login(students.district)
    page = client.get("/reports/").get_data(as_text=True)
    assert "Số liệu chính thức (chốt lúc" in page and "mã kiểm tra" in page
    resp = client.post(pdf_url(students.d1), headers=HX)
    body = resp.get_data(as_text=True)
    assert body.startswith('<div id="render-job"') and "Tải PDF" in body
    assert "every 1s" not in body  # finished: no more polling
    job = db.session.scalar(select(RenderJob))
    doc = db.session.get(IssuedDocument, job.document_id)
    assert job.official and re.fullmatch(
        r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", doc.code
    )
    text = pdf_text(client.get(f"/reports/jobs/{job.id}.pdf").data, tmp_path)
    assert "BẢN NHÁP" not in text and f"Mã xác thực: {doc.code}" in text
    assert f"http://localhost/verify/{doc.code}" in text
    assert "TRƯỞNG PHÒNG" in text and "UBND HUYỆN LONG HỒ" in text
    anonymous = client.application.test_client()
    check = anonymous.get(f"/verify/{doc.code.lower().replace('-', '')}")
    assert check.status_code == 200 and "Văn bản hợp lệ" in check.get_data(as_text=True)
    assert doc.checksum in check.get_data(as_text=True)

    # asked again with the same numbers: the cached file, no second render
    monkeypatch.setattr(
        "smasweb.services.reports.render_jobs._render",
        lambda *a: pytest.fail("rendered twice"),
    )
    again = client.post(pdf_url(students.d1))
    assert again.status_code == 303 and again.headers["Location"].endswith(".pdf")
    assert db.session.scalar(select(func.count()).select_from(RenderJob)) == 1
    assert db.session.scalar(select(func.count()).select_from(IssuedDocument)) == 1


def test_status_fragment_polls_while_the_job_waits(students, login, period):
    job = RenderJob(
        key="k",
        report_code="after_opening",
        unit_id=students.s1.id,
        period_id=period.id,
        level="02",
        status="running",
        progress=60,
        pages=7,
    )
    db.session.add(job)
    db.session.commit()
    client = login(students.leader)
    frag = client.get(f"/reports/jobs/{job.id}", headers=HX).get_data(as_text=True)
    assert frag.startswith('<div id="render-job"')
    assert 'hx-trigger="every 1s"' in frag and "Đang tạo trang 1–7" in frag
    assert 'value="60"' in frag
    page = client.get(f"/reports/jobs/{job.id}").get_data(as_text=True)
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in page
    assert client.get(f"/reports/jobs/{job.id}.pdf").status_code == 404  # not yet
    assert login(students.leader2).get(f"/reports/jobs/{job.id}").status_code == 404


# Expected status of the preview per target unit:
#        admin division division_mnth district district2 leader clerk teacher leader2
ACCESS = {
    "d1": (200, 200, 200, 200, 404, 404, 404, 404, 404),
    "s1": (200, 200, 200, 200, 404, 200, 200, 200, 404),
    "s1b": (200, 200, 404, 200, 404, 404, 404, 404, 404),
    "s2": (200, 200, 200, 404, 200, 404, 404, 404, 200),
    "thpt": (200, 200, 404, 404, 404, 404, 404, 404, 404),
    "dept": (200, 200, 200, 404, 404, 404, 404, 404, 404),
}
WHO = (
    "admin",
    "division",
    "division_mnth",
    "district",
    "district2",
    "leader",
    "clerk",
    "teacher",
    "leader2",
)


@pytest.mark.parametrize("target", ACCESS)
def test_access_matrix_of_the_preview(students, login, target):
    unit = getattr(students, target)
    got = tuple(login(getattr(students, who)).get(url(unit)).status_code for who in WHO)
    assert got == ACCESS[target]


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("leader", 404),
        ("district", 200),
        ("district2", 404),
        ("division", 200),
        ("division_mnth", 200),
        ("admin", 200),
        ("clerk", 404),
        ("teacher", 404),
    ],
)
def test_access_to_downloads_of_a_district_report(students, login, who, status):
    client = login(getattr(students, who))
    xlsx = client.get(f"/reports/after_opening.xlsx?unit={students.d1.id}&level=02")
    assert xlsx.status_code == status


class FakeDocument:
    pages = [1, 2]

    def write_pdf(self):
        return b"%PDF-1.7 fake"


@pytest.fixture
def in_background(app, monkeypatch):
    """Requests start a detached renderer (recorded here, not run)."""
    started = []
    monkeypatch.setattr(subprocess, "Popen", lambda cmd, **kw: started.append(cmd))
    app.config["RENDER_INLINE"] = False
    yield started
    del app.config["RENDER_INLINE"]


def test_a_long_render_answers_at_once_with_a_polling_status(
    students, login, in_background
):
    client = login(students.leader)
    resp = client.post(pdf_url(students.s1))
    job = db.session.scalar(select(RenderJob))
    assert resp.status_code == 303
    assert resp.headers["Location"].endswith(f"/reports/jobs/{job.id}")
    assert job.status == "queued"
    assert in_background[0][-5:] == [
        "render-job",
        str(job.id),
        "--base-url",
        "http://localhost/",
        "--drain",
    ]
    frag = client.post(pdf_url(students.s1), headers=HX).get_data(as_text=True)
    assert frag.startswith('<div id="render-job"') and "every 1s" in frag
    assert "Đang chờ đến lượt" in frag
    assert len(in_background) == 1  # the same job: not started twice


def test_polling_a_forgotten_queued_job_starts_it(students, login, period, monkeypatch):
    monkeypatch.setattr(
        "smasweb.services.reports.render_jobs._layout", lambda html: FakeDocument()
    )
    client = login(students.leader)
    client.post(pdf_url(students.s1), headers=HX)
    job = db.session.scalar(select(RenderJob))
    job.status, job.pdf = "queued", None
    job.created_at = datetime(2020, 1, 1, tzinfo=UTC)
    db.session.commit()
    frag = client.get(f"/reports/jobs/{job.id}", headers=HX).get_data(as_text=True)
    assert "Đã tạo xong" in frag and "every 1s" not in frag
    assert client.get(f"/reports/jobs/{job.id}.pdf").data == b"%PDF-1.7 fake"


def test_pdf_requests_need_the_csrf_token(students, login, csrf_on):
    client = login(students.leader)
    page = client.get("/reports/").get_data(as_text=True)
    assert 'name="csrf_token"' in page
    assert client.post(pdf_url(students.s1)).status_code == 400
    assert client.get(pdf_url(students.s1)).status_code == 405


def test_queries_do_not_grow_with_schools(students, login, count_queries):
    client = login(students.district)
    small = count_queries(lambda: client.get("/reports/", headers=HX))
    for i in range(20):
        make_unit("school", students.d1, name=f"Trường Tiểu học Số {i}")
    db.session.commit()
    large = count_queries(lambda: client.get("/reports/", headers=HX))
    assert large == small <= 20, (small, large)


def test_an_uncounted_row_prints_blank_with_its_note(students, login):
    """73 (học tin học) is not kept: its cells are blank, not 0, and the footnote
    it points to says why; 119's rule is written under the staff table."""
    html = login(students.district).get(url(students.s1, level="02")).text
    row = re.search(
        r"Học sinh học tin học<sup>(\d+)</sup></th><td>người</td><td>73</td>(.*?)</tr>",
        html,
    )
    assert row and row[2] == '<td colspan="12"></td>'
    notes = re.findall(r"<li>([^<]*)</li>", html)
    assert any(n.startswith("73: Để trống") for n in notes)
    assert any(n.startswith("119: Nhân viên làm từ hai việc") for n in notes)
