"""The document number (số văn bản) of an official PDF, and official PDFs rendered
ahead of time when a school's snapshot becomes official.

An officer may record the number when issuing: it is printed "Số: 12/BC-PGDĐT",
kept on the issued row and shown by /verify; left out, the PDF keeps a blank for
the clerk to write in and /verify says "Chưa ghi số". Approving a school's resent
report after the lock queues its official PDF, so the download is already there.
"""

import re
import subprocess
import unicodedata
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from smasweb import clock
from smasweb.extensions import db
from smasweb.models.reports import IssuedDocument, RenderJob, ReportSubmission
from smasweb.services import years as school_years
from smasweb.services.calendar import unlocks
from smasweb.services.calendar import windows as calendar
from smasweb.services.errors import ValidationFailed
from smasweb.services.jobs import runner as jobs
from smasweb.services.reports import approvals, official, render_jobs
from smasweb.services.reports import documents as docs
from smasweb.services.reports.scope import ReportScope
from tests.factories import make_student
from tests.services.test_render_jobs import FakeDocument
from tests.services.test_report_approvals import klass, lock, send


@pytest.fixture
def year():
    return school_years.ensure_year(school_years.current_year()).year


@pytest.fixture
def period(world, year):
    return approvals.get_period(None)


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


@pytest.mark.parametrize(
    ("typed", "kept"), [("12", "12"), (" 012 ", "012"), ("", None), ("  ", None)]
)
def test_a_number_is_digits_only_and_may_be_left_out(world, typed, kept):
    assert docs.clean_number(typed, world.s1) == kept


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("12/BC-THLP", "Chỉ ghi phần số (ví dụ 12); ký hiệu /BC-THLP đã được in sẵn."),
        ("12a", "Chỉ ghi phần số (ví dụ 12); ký hiệu /BC-THLP đã được in sẵn."),
        ("١٢", "Chỉ ghi phần số (ví dụ 12); ký hiệu /BC-THLP đã được in sẵn."),
        ("1234567", "Số văn bản có nhiều nhất 6 chữ số."),
        ("000", "Số văn bản phải lớn hơn 0."),
    ],
)
def test_a_wrong_number_says_what_to_type(world, typed, error):
    with pytest.raises(ValidationFailed) as caught:
        docs.clean_number(typed, world.s1)
    assert (caught.value.message, caught.value.field) == (error, "document_number")


def school_scope(world, period, school=None):
    school = school or world.s1
    return ReportScope(school, "02", period.year, period, [school])


def test_the_recorded_number_is_printed_kept_and_verified(app, world, period, tmp_path):
    lock(period)
    definition = approvals.definition()
    scope = ReportScope(world.d1, "02", period.year, period, [world.s1, world.s1b])
    numbered, _ = render_jobs.request_pdf(world.district, definition, scope, "12")
    blank, _ = render_jobs.request_pdf(world.district, definition, scope)
    db.session.commit()
    assert numbered.id != blank.id and numbered.document_number == "12"
    for job in (numbered, blank):
        render_jobs.run(app, job.id, "https://smas.example.vn/")

    text = pdf_text(numbered.pdf, tmp_path)
    assert "Số: 12/BC-PGDĐT" in text
    doc = db.session.get(IssuedDocument, numbered.document_id)
    assert (doc.number, doc.document_number) == ("12/BC-PGDĐT", "12")
    assert docs.verify(doc.code).number == "12/BC-PGDĐT"

    text = pdf_text(blank.pdf, tmp_path)
    assert re.search(r"Số: {5,}/BC-PGDĐT", text)  # room to write it in by hand
    doc = db.session.get(IssuedDocument, blank.document_id)
    assert doc.document_number is None
    assert docs.verify(doc.code).number == "Chưa ghi số (ký hiệu BC-PGDĐT)"


def test_a_draft_never_carries_a_number(world, period):
    job, _ = render_jobs.request_pdf(
        world.leader, approvals.definition(), school_scope(world, period), "12"
    )
    assert not job.official and job.document_number is None
    assert not job.key.endswith(":n12")


def count_jobs() -> int:
    return db.session.scalar(select(func.count()).select_from(RenderJob))


def test_an_approval_after_the_lock_renders_the_official_pdf_ahead(
    app, world, period, year
):
    cls = klass(world.s1, year)
    make_student(world.s1, cls, personal_id="086218000001")
    db.session.commit()
    approvals.approve(world.district, send(world, period))  # before the lock:
    db.session.commit()  # every copy is a draft, nothing to render ahead
    assert count_jobs() == 0

    lock(period)
    until = clock.today() + timedelta(days=7)
    unlocks.grant_direct(world.admin, world.s1, ["students"], until, "Sửa sĩ số")
    make_student(world.s1, cls, personal_id="086218000002")
    db.session.commit()
    row = send(world, period)
    assert count_jobs() == 0  # sent, not yet official
    approvals.approve(world.district, row)
    db.session.commit()

    job = db.session.scalar(select(RenderJob))
    assert job.official and job.status == "queued" and job.pdf is None
    assert job.unit_id == world.s1.id and job.requested_by_id == world.district.id
    assert render_jobs.run_queued(app, "https://smas.example.vn/") == [job.id]
    db.session.refresh(job)
    assert job.status == "done" and job.pdf.startswith(b"%PDF")

    # the leader's download finds it: same job, nothing left to start
    definition = approvals.definition()
    scope = school_scope(world, period)
    assert official.current(definition, scope).snapshot_ids == [row.snapshot_id]
    found, start = render_jobs.request_pdf(world.leader, definition, scope)
    assert (found.id, start) == (job.id, False)
    assert count_jobs() == 1


def test_the_lock_queues_every_schools_official_pdf_when_asked_to(
    app, world, period, year, monkeypatch
):
    cls = klass(world.s1, year)
    make_student(world.s1, cls, personal_id="086218000001")
    monkeypatch.setitem(app.config, "RENDER_AHEAD_AT_LOCK", "1")  # off in tests
    calendar.lock(period)
    db.session.commit()
    jobs.run_due()  # the lock hooks: freeze the snapshots, then queue their PDFs

    queued = db.session.scalars(select(RenderJob).order_by(RenderJob.id)).all()
    schools = {
        (row.school_id, row.level)
        for row in db.session.scalars(select(ReportSubmission))
        if row.official_snapshot_id
    }
    assert {(j.unit_id, j.level) for j in queued} == schools and len(schools) > 1
    assert all(j.official and j.status == "queued" for j in queued)
    assert all(j.requested_by_id is None for j in queued)

    monkeypatch.setattr(render_jobs, "_layout", lambda html: FakeDocument())
    assert render_jobs.run_queued(app) == [j.id for j in queued]
    found, start = render_jobs.request_pdf(
        world.leader, approvals.definition(), school_scope(world, period)
    )
    assert found.status == "done" and not start and count_jobs() == len(queued)
