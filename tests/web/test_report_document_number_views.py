"""The PDF form of an official report: the officer records the document number
(số văn bản), a wrong one is refused in Vietnamese next to the field, with and
without htmx; an approved school report's PDF is rendered ahead of the download."""

import subprocess
import unicodedata
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import ClassGroup
from smasweb.models.reports import IssuedDocument, RenderJob, ReportSubmission
from smasweb.services import years as school_years
from smasweb.services.calendar import unlocks
from smasweb.services.calendar import windows as calendar
from smasweb.services.reports import approvals, official, render_jobs, render_requests
from smasweb.services.reports.scope import ReportScope
from tests.conftest import HX
from tests.factories import make_student


@pytest.fixture
def w(world):
    year = school_years.ensure_year(school_years.current_year()).year
    world.period = approvals.get_period(None)
    world.cls = ClassGroup(school_id=world.s1.id, year=year, grade="01", name="1A")
    db.session.add(world.cls)
    db.session.flush()
    make_student(world.s1, world.cls, personal_id="086218000001")
    db.session.commit()
    return world


def lock(w) -> None:
    calendar.lock(w.period)
    official.freeze_at_lock(w.period)
    db.session.commit()


def pdf_url(w, unit) -> str:
    return f"/reports/after_opening.pdf?unit={unit.id}&level=02&period={w.period.id}"


def page_url(w, unit) -> str:
    return f"/reports/?unit={unit.id}&level=02&period={w.period.id}"


def jobs() -> int:
    return db.session.scalar(select(func.count()).select_from(RenderJob))


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    return unicodedata.normalize("NFC", out).replace("\u00a0", " ")


def test_the_number_field_is_offered_for_official_copies_only(w, login):
    client = login(w.district)
    assert 'name="document_number"' not in client.get(page_url(w, w.d1)).text
    lock(w)
    text = client.get(page_url(w, w.d1)).text
    assert '<label for="document-number">Số văn bản</label>' in text
    assert "/BC-PGDĐT · để trống nếu văn thư ghi số bằng tay" in text


@pytest.mark.parametrize("headers", [{}, HX], ids=["no-js", "htmx"])
def test_a_wrong_number_is_refused_next_to_the_field(w, login, headers):
    lock(w)
    resp = login(w.district).post(
        pdf_url(w, w.d1), data={"document_number": "12/BC-PGDĐT"}, headers=headers
    )
    assert resp.status_code == 422 and jobs() == 0
    text = resp.text
    assert "Chỉ ghi phần số (ví dụ 12); ký hiệu /BC-PGDĐT đã được in sẵn." in text
    assert 'value="12/BC-PGDĐT"' in text and 'aria-invalid="true"' in text
    if headers:
        assert text.lstrip().startswith('<div id="render-job">')
    else:
        assert "<h1>Báo cáo thống kê</h1>" in text


def test_the_recorded_number_is_printed_and_verified(w, login, tmp_path):
    lock(w)
    client = login(w.district)
    resp = client.post(pdf_url(w, w.d1), data={"document_number": " 07 "})
    assert resp.status_code == 303
    job = db.session.scalar(select(RenderJob))
    assert job.document_number == "07" and job.status == "done"
    assert "Số: 07/BC-PGDĐT" in pdf_text(
        client.get(resp.headers["Location"]).data, tmp_path
    )
    doc = db.session.get(IssuedDocument, job.document_id)
    page = client.application.test_client().get(f"/verify/{doc.code}").text
    assert "<dd>07/BC-PGDĐT</dd>" in page


def test_an_approved_pdf_is_rendered_ahead_and_downloaded_at_once(
    app, w, login, monkeypatch
):
    lock(w)
    until = clock.today() + timedelta(days=7)
    unlocks.grant_direct(w.admin, w.s1, ["students"], until, "Sửa sĩ số")
    make_student(w.s1, w.cls, personal_id="086218000002")
    db.session.commit()
    send = {"unit": w.s1.id, "level": "02", "period": w.period.id}
    assert (
        login(w.leader).post("/reports/submission/send", data=send).status_code == 303
    )
    row = db.session.scalar(
        select(ReportSubmission).where(
            ReportSubmission.school_id == w.s1.id, ReportSubmission.level == "02"
        )
    )
    district = login(w.district)
    resp = district.post(
        f"/reports/submissions/{row.id}/approve", data={"version": row.version}
    )
    assert resp.status_code == 303
    job = db.session.scalar(select(RenderJob))
    assert job.official and job.status == "queued"  # the decision did not wait

    assert render_jobs.run_queued(app) == [job.id]  # the render worker's turn
    db.session.refresh(job)
    stored = job.pdf
    monkeypatch.setattr(
        "smasweb.services.reports.render_jobs._render",
        lambda *a: pytest.fail("rendered on request"),
    )
    resp = district.post(pdf_url(w, w.s1))
    assert resp.status_code == 303
    assert resp.headers["Location"].endswith(f"/reports/jobs/{job.id}.pdf")
    download = district.get(resp.headers["Location"])
    assert download.mimetype == "application/pdf" and download.data == stored
    assert jobs() == 1


def test_the_school_pdf_ends_with_its_budget_rows_and_the_signature(app, w, tmp_path):
    lock(w)
    definition = approvals.definition()
    scope = ReportScope(w.s1, "02", w.period.year, w.period, [w.s1])
    job, _ = render_jobs.request_pdf(w.leader, definition, scope)
    db.session.commit()
    render_jobs.run(app, job.id, "https://smas.example.vn/")
    pages = pdf_text(job.pdf, tmp_path).split("\f")[:-1]
    assert len(pages) == job.pages > 1
    last = pages[-1]
    assert "HIỆU TRƯỞNG" in last and "Nơi nhận:" in last
    budget = official.current(definition, scope).data.table("budget")
    assert budget.rows[-1].label in last  # the table's end is on the same page
    assert "VI. Ngân sách nhà nước" in "".join(pages)


def test_trying_a_failed_numbered_pdf_again_keeps_its_number(w, login):
    lock(w)
    job = RenderJob(
        key="k",
        report_code="after_opening",
        unit_id=w.d1.id,
        period_id=w.period.id,
        level="02",
        official=True,
        status="failed",
        error="Hết bộ nhớ.",
        document_number="12",
    )
    db.session.add(job)
    db.session.commit()
    page = login(w.district).get(f"/reports/jobs/{job.id}").text
    assert "Không tạo được PDF: Hết bộ nhớ." in page
    assert '<input type="hidden" name="document_number" value="12">' in page


def test_a_pdf_queued_at_the_lock_is_started_by_the_first_to_ask(w, login):
    lock(w)
    definition = approvals.definition()
    scope = ReportScope(w.s1, "02", w.period.year, w.period, [w.s1])
    queued = render_requests.queue_official(None, definition, scope)
    db.session.commit()
    resp = login(w.leader).post(pdf_url(w, w.s1))  # rendered inline in tests
    assert resp.headers["Location"].endswith(f"/reports/jobs/{queued.id}.pdf")
    db.session.refresh(queued)
    assert queued.status == "done" and queued.requested_by_id == w.leader.id
