"""The HTML report prints ("In báo cáo": window.print with a print stylesheet; without
JavaScript a pointer to the PDF), and its files carry human ASCII names with an
RFC 6266 filename* too."""

from pathlib import Path
from urllib.parse import quote

from sqlalchemy import select

import smasweb
from smasweb.extensions import db
from smasweb.models.reports import RenderJob
from tests.web.test_reports_views import pdf_url, period, students, year  # noqa: F401


def test_report_page_has_a_print_button_and_a_no_js_pointer(students, login, period):  # noqa: F811
    page = login(students.leader).get(f"/reports/?unit={students.s1.id}").text
    assert (
        '<button type="button" data-js-only hidden data-print>In báo cáo</button>'
        in page
    )
    assert "<noscript><p>In báo cáo: bấm “Tạo PDF" in page
    css = (Path(smasweb.__file__).parent / "static/css/app.css").read_text("utf-8")
    print_rules = css.split("@media print")[1]
    assert "#report-filters{display:none!important}" in print_rules


def test_draft_pdf_is_named_for_people(students, login, year):  # noqa: F811
    client = login(students.leader)
    resp = client.post(pdf_url(students.s1))
    assert resp.status_code == 303
    assert db.session.scalar(select(RenderJob)).status == "done"
    pdf = client.get(resp.headers["Location"])
    name = f"bao-cao-dau-nam-{students.s1.code}-tieu-hoc-{year}-{year + 1}-ban-nhap.pdf"
    disposition = pdf.headers["Content-Disposition"]
    assert f'filename="{name}"' in disposition
    assert f"filename*=UTF-8''{quote(name)}" in disposition


def test_excel_of_a_district_names_its_level(students, login, year):  # noqa: F811
    resp = login(students.district).get(
        f"/reports/after_opening.xlsx?unit={students.d1.id}&level=03"
    )
    assert resp.status_code == 200
    name = f"bao-cao-dau-nam-{students.d1.code}-thcs-{year}-{year + 1}-ban-nhap.xlsx"
    assert f'filename="{name}"' in resp.headers["Content-Disposition"]
