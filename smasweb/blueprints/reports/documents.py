"""Reports: downloads. Excel at once; PDFs through a background render job whose
status page polls until the file is ready (a finished job is the cache)."""

from io import BytesIO

from flask import current_app, redirect, request, send_file, url_for
from flask_login import current_user

from smasweb import excel as xlsx
from smasweb.blueprints.forms_common import EmptyForm
from smasweb.extensions import db
from smasweb.rendering import attachment, render, wants_fragment
from smasweb.services.errors import ValidationFailed
from smasweb.services.reports import documents as docs
from smasweb.services.reports import official, render_jobs

from .blueprint import bp
from .views import page_context, required_scope

JOB_TEMPLATE = "reports/job.html"


@bp.get("/<code>.xlsx")
def excel(code: str):
    """The report's numbers as a workbook (the frozen ones after the lock)."""
    chosen, scope = required_scope(request.args, code)
    printed = official.current(chosen.definition, scope)
    data = chosen.definition.excel(printed.data)
    name = docs.file_name(
        code, scope.unit, scope.level, scope.year, printed.official, "xlsx"
    )
    return xlsx.xlsx_response(name, data)


@bp.post("/<code>.pdf")
def pdf(code: str):
    """Ask for the PDF: a finished job with the same numbers (and document
    number, which an official copy may carry) is served again, otherwise a job is
    queued and started in the background."""
    chosen, scope = required_scope(request.args, code)
    typed = request.form.get("document_number", "")[:40]
    try:
        number = docs.clean_number(typed, scope.unit)
    except ValidationFailed as exc:
        ctx = page_context(chosen, scope, typed, exc.message)
        return render("reports/index.html", "pdf_form", 422, **ctx)
    job, start = render_jobs.request_pdf(current_user, chosen.definition, scope, number)
    if job.status == "queued" and job.requested_by_id is None:
        job.requested_by_id, start = current_user.id, True  # queued at the lock
    db.session.commit()
    if start:
        app = current_app._get_current_object()
        render_jobs.launch(app, job.id, docs.public_url(app, request.url_root))
    if wants_fragment():
        return _job_page(job)
    target = ".job_pdf" if job.status == "done" else ".job"
    return redirect(url_for(target, job_id=job.id), 303)


@bp.get("/jobs/<int:job_id>")
def job(job_id: int):
    """The render's progress; htmx polls this fragment every second until done."""
    found = render_jobs.get_job(current_user, job_id)
    app = current_app._get_current_object()
    render_jobs.nudge(app, found, docs.public_url(app, request.url_root))
    return _job_page(found)


@bp.get("/jobs/<int:job_id>.pdf")
def job_pdf(job_id: int):
    found = render_jobs.get_job(current_user, job_id, finished=True)
    name = render_jobs.file_name(found)
    resp = send_file(
        BytesIO(found.pdf),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=name,
    )
    return attachment(resp, name)


def start_ahead() -> None:
    """Start the official PDFs queued ahead in the transaction just committed
    (an approval's: render_requests.queue_official)."""
    app = current_app._get_current_object()
    render_jobs.launch_ahead(app, docs.public_url(app, request.url_root))


def _job_page(found):
    return render(
        JOB_TEMPLATE,
        "render_job",
        job=found,
        pending=found.status in ("queued", "running"),
        form=EmptyForm(),
    )
