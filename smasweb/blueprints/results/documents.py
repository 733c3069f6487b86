"""A class's results as PDFs: the phiếu báo kết quả
(/results/<class id>/report-cards.pdf?term=hk1|cn) and the học bạ pages of the
year (/results/<class id>/hoc-ba.pdf), one A4 page per pupil (?student=<id> for
one), and the bảng tổng hợp kết quả on A4 landscape (summary.pdf?term=).

One pupil's page is printed at once. A whole class's document goes through the
report render jobs (services/reports/class_jobs.py): the file of a finished job
that prints the same HTML is sent at once, otherwise a job is queued and the
answer is a redirect (303) to its status page (reports.job), which polls until
the download link shows."""

from io import BytesIO

from flask import abort, current_app, redirect, request, send_file, url_for
from flask_login import current_user

from smasweb.extensions import db
from smasweb.rendering import attachment
from smasweb.services.reports import class_documents as documents
from smasweb.services.reports import class_jobs, pdf, render_jobs
from smasweb.services.reports import documents as report_docs

from .blueprint import bp


def _student() -> int | None:
    """?student=<id>: one pupil's page; anything but a number is no such pupil."""
    raw = request.args.get("student")
    if raw is None or raw == "":
        return None
    if not raw.isdigit():
        abort(404)
    return int(raw)


def _send(data: bytes, name: str):
    resp = send_file(
        BytesIO(data), mimetype="application/pdf", as_attachment=True,
        download_name=name,
    )  # fmt: skip
    return attachment(resp, name)


def _pdf(kind: str, doc: documents.ResultDocument, student: int | None):
    html = class_jobs.html(kind, doc)
    if student is not None:  # one page: at once
        name = class_jobs.file_name(kind, doc.cls, doc.term, student)
        return _send(pdf.html_to_pdf(html), name)
    job, start = class_jobs.request_pdf(current_user, kind, doc, html)
    if job.status != "done":
        db.session.commit()
        if start:
            app = current_app._get_current_object()
            base = report_docs.public_url(app, request.url_root)
            render_jobs.launch(app, job.id, base)
    if job.status == "done":  # the cache, or rendered in this process (tests)
        return _send(job.pdf, render_jobs.file_name(job))
    return redirect(url_for("reports.job", job_id=job.id), 303)


@bp.get("/<int:class_id>/report-cards.pdf")
def report_cards(class_id: int):
    term, student = request.args.get("term", "cn"), _student()
    doc = documents.build(current_user, class_id, term, student_id=student)
    return _pdf("report_cards", doc, student)


@bp.get("/<int:class_id>/hoc-ba.pdf")
def hoc_ba(class_id: int):
    student = _student()
    doc = documents.build(current_user, class_id, "cn", student_id=student)
    return _pdf("hoc_ba", doc, student)


@bp.get("/<int:class_id>/summary.pdf")
def summary(class_id: int):
    term = request.args.get("term", "cn")
    doc = documents.build(current_user, class_id, term, personal=False)
    return _pdf("summary", doc, None)
