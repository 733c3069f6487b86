"""THCS graduation documents as PDFs (Decree 30 layout, one render each, small):
/graduation/graduates.pdf?school=&year=&round= the list of a decision's
graduates, /graduation/certificate/<student id>.pdf?school=&year= a graduate's
temporary certificate."""

from io import BytesIO

from flask import render_template, request, send_file
from flask_login import current_user

from smasweb.blueprints.query_args import int_arg
from smasweb.rendering import attachment
from smasweb.services.graduation import thcs_papers
from smasweb.services.reports import pdf, pdf_layout

from .blueprint import bp
from .views import _round, _year


def _send(template: str, paper, name: str):
    html = render_template(template, paper=paper, keep_place=pdf_layout.keep_place)
    resp = send_file(
        BytesIO(pdf.html_to_pdf(html)), mimetype="application/pdf",
        as_attachment=True, download_name=name,
    )  # fmt: skip
    return attachment(resp, name)


@bp.get("/graduates.pdf")
def graduates_pdf():
    school_id, year, round_ = int_arg(request.args, "school"), _year(), _round()
    paper = thcs_papers.graduates(current_user, school_id, year, round_)
    name = f"danh-sach-tot-nghiep-thcs-{paper.grad.school.code}-{year}-dot{round_}.pdf"
    return _send("graduation/print/graduates.html", paper, name)


@bp.get("/certificate/<int:student_id>.pdf")
def certificate_pdf(student_id: int):
    school_id, year = int_arg(request.args, "school"), _year()
    paper = thcs_papers.certificate(current_user, school_id, year, student_id)
    name = f"giay-chung-nhan-tot-nghiep-tam-thoi-{student_id}-{year}.pdf"
    return _send("graduation/print/certificate.html", paper, name)
