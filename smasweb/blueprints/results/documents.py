"""A class's results as PDFs, made on demand: the phiếu báo kết quả
(/results/<class id>/report-cards.pdf?term=hk1|cn) and the học bạ pages of the
year (/results/<class id>/hoc-ba.pdf), one A4 page per pupil (?student=<id> for
one), and the bảng tổng hợp kết quả on A4 landscape (summary.pdf?term=)."""

from io import BytesIO

from flask import abort, render_template, request, send_file
from flask_login import current_user

from smasweb.rendering import attachment
from smasweb.services.assessment import qualities, tt27
from smasweb.services.assessment import results_text as text
from smasweb.services.reports import class_documents as documents
from smasweb.services.reports import pdf, pdf_layout

from .blueprint import bp

KINDS = {
    "report_cards": ("results/print/report_cards.html", "phieu-bao-ket-qua"),
    "hoc_ba": ("results/print/hoc_ba.html", "hoc-ba"),
    "summary": ("results/print/summary.html", "bang-tong-hop"),
}

LABELS = {
    "subject": tt27.SUBJECT_LABELS,
    "trait": tt27.TRAIT_LABELS,
    "result": tt27.RESULT_LABELS,
}


def _student() -> int | None:
    """?student=<id>: one pupil's page; anything but a number is no such pupil."""
    raw = request.args.get("student")
    if raw is None or raw == "":
        return None
    if not raw.isdigit():
        abort(404)
    return int(raw)


def _pdf(kind: str, doc: documents.ResultDocument):
    template, stem = KINDS[kind]
    html = render_template(
        template,
        doc=doc,
        text=text,
        items=qualities,
        documents=documents,
        labels=LABELS,
        keep_place=pdf_layout.keep_place,
    )
    one = f"-{doc.papers[0].student.id}" if len(doc.papers) == 1 else ""
    name = f"{stem}-{doc.cls.name}-{doc.term}-{doc.cls.year}{one}.pdf"
    resp = send_file(
        BytesIO(pdf.html_to_pdf(html)),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=name,
    )
    return attachment(resp, name)


@bp.get("/<int:class_id>/report-cards.pdf")
def report_cards(class_id: int):
    term = request.args.get("term", "cn")
    doc = documents.build(current_user, class_id, term, student_id=_student())
    return _pdf("report_cards", doc)


@bp.get("/<int:class_id>/hoc-ba.pdf")
def hoc_ba(class_id: int):
    doc = documents.build(current_user, class_id, "cn", student_id=_student())
    return _pdf("hoc_ba", doc)


@bp.get("/<int:class_id>/summary.pdf")
def summary(class_id: int):
    term = request.args.get("term", "cn")
    doc = documents.build(current_user, class_id, term, personal=False)
    return _pdf("summary", doc)
