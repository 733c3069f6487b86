"""A class's results PDFs through the report render jobs (render_jobs.py).

The phiếu báo kết quả, the học bạ pages and the bảng tổng hợp of a whole class
take seconds and much memory in WeasyPrint, so they are rendered by `run` in
another process like the report PDFs; one pupil's page is printed at once by
the view. The print HTML is cheap next to the PDF: a job is keyed by the hash
of the HTML it prints (`job_key`), so any change of marks, comments, signer,
date or template makes a new job, and asking again for unchanged data serves
the finished job's file.

The file is the document as its requester may build it (class_documents.build);
`check` applies the same rule to whoever opens the job: a reader of the class,
and for a file that shows pupils' names (`RenderJob.names`) one who sees them.
"""

import hashlib
from dataclasses import dataclass

from flask import render_template
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from smasweb.extensions import db
from smasweb.models import ClassGroup, User
from smasweb.models.reports import RenderJob
from smasweb.services.assessment import qualities, tt27
from smasweb.services.assessment import results_text as text
from smasweb.services.assessment.results_access import get_class
from smasweb.services.errors import PermissionDenied
from smasweb.services.reports import class_documents as documents
from smasweb.services.reports import pdf_layout


@dataclass(frozen=True)
class Kind:
    template: str
    stem: str  # of the file name
    personal: bool  # a page per pupil: only for readers who see the names


KINDS = {
    "report_cards": Kind("results/print/report_cards.html", "phieu-bao-ket-qua", True),
    "hoc_ba": Kind("results/print/hoc_ba.html", "hoc-ba", True),
    "summary": Kind("results/print/summary.html", "bang-tong-hop", False),
}

LABELS = {
    "subject": tt27.SUBJECT_LABELS,
    "trait": tt27.TRAIT_LABELS,
    "result": tt27.RESULT_LABELS,
}


def html(kind: str, doc: documents.ResultDocument) -> str:
    """The document's print HTML (needs an app context, not a request)."""
    return render_template(
        KINDS[kind].template,
        doc=doc,
        text=text,
        items=qualities,
        documents=documents,
        labels=LABELS,
        keep_place=pdf_layout.keep_place,
    )


def file_name(kind: str, cls, term: str, student_id: int | None = None) -> str:
    one = f"-{student_id}" if student_id is not None else ""
    return f"{KINDS[kind].stem}-{cls.name}-{term}-{cls.year}{one}.pdf"


def job_file_name(job: RenderJob) -> str:
    return file_name(
        job.report_code, db.session.get(ClassGroup, job.class_id), job.term
    )


def names_shown(kind: str, doc: documents.ResultDocument) -> bool:
    return KINDS[kind].personal or doc.results.access.personal


def key_prefix(kind: str, class_id: int, term: str, names: bool) -> str:
    return f"class:{class_id}:{kind}:{term}:{'names' if names else 'anon'}:"


def job_key(kind: str, doc: documents.ResultDocument, printed: str) -> str:
    digest = hashlib.sha256(printed.encode()).hexdigest()
    return key_prefix(kind, doc.cls.id, doc.term, names_shown(kind, doc)) + digest


def request_pdf(
    actor: User, kind: str, doc: documents.ResultDocument, printed: str
) -> tuple[RenderJob, bool]:
    """The job printing `printed` (the HTML of `doc`, built for `actor`), and
    whether it needs starting. A job still queued, running or done is reused; a
    new one replaces the finished and failed jobs of the same document (their
    data is gone). Flushed, not committed."""
    key = job_key(kind, doc, printed)
    job = db.session.scalar(select(RenderJob).where(RenderJob.key == key))
    if job is not None and job.status != "failed":
        return job, False
    names = names_shown(kind, doc)
    prefix = key_prefix(kind, doc.cls.id, doc.term, names)
    db.session.execute(
        delete(RenderJob).where(
            RenderJob.key.startswith(prefix, autoescape=True),
            RenderJob.status.in_(("done", "failed")),
        )
    )
    job = RenderJob(
        key=key,
        report_code=kind,
        unit_id=doc.results.access.school.id,
        level="",
        class_id=doc.cls.id,
        term=doc.term,
        names=names,
        status="queued",
        progress=0,
        requested_by_id=actor.id,
    )
    try:
        with db.session.begin_nested():
            db.session.add(job)
    except IntegrityError:  # another request made it first: use that one
        return db.session.scalar(select(RenderJob).where(RenderJob.key == key)), False
    return job, True


def check(actor: User, job: RenderJob) -> None:
    """May the actor open this class job? The rule of class_documents.build.

    Raises:
        NotFound: the class is outside the actor's scope (or gone).
        PermissionDenied: the actor does not open the class, or the file shows
            pupils' names it does not see.
    """
    access = get_class(actor, job.class_id)
    if job.names and not access.personal:
        raise PermissionDenied()


def current_html(job: RenderJob) -> str:
    """The job's HTML built now as its requester would: the render job's input.

    Raises:
        ValueError: the data changed since the request (another key), or the
            requester is gone; DomainError: the requester lost the class.
    """
    user = db.session.get(User, job.requested_by_id) if job.requested_by_id else None
    if user is None:
        raise ValueError("Không rõ người yêu cầu bản PDF.")
    personal = KINDS[job.report_code].personal
    doc = documents.build(user, job.class_id, job.term, personal=personal)
    printed = html(job.report_code, doc)
    if job_key(job.report_code, doc, printed) != job.key:
        raise ValueError("Số liệu đã thay đổi từ khi yêu cầu; hãy tạo lại bản PDF.")
    return printed
