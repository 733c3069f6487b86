"""The report page, its PDF and its Excel say as of which day they count."""

import subprocess
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from smasweb.extensions import db
from smasweb.models.calendar import ReportPeriod
from smasweb.services import years as school_years

DATES = {"opens": ("1", "9"), "closes": ("6", "9"), "locks": ("9", "9"),
         "data": ("30", "9")}  # fmt: skip


@pytest.fixture
def period(world):
    year = school_years.current_year()
    return db.session.scalar(
        select(ReportPeriod).where(
            ReportPeriod.kind == "after_opening", ReportPeriod.year == year
        )
    )


def test_page_pdf_and_excel_show_the_data_date(world, login, period, tmp_path):
    line = f"Số liệu tính đến ngày {period.data_date:%d/%m/%Y}"
    args = f"unit={world.d1.id}&level=02&period={period.id}"
    client = login(world.district)
    page = client.get(f"/reports/?{args}")
    assert page.status_code == 200 and line in page.text
    wb = load_workbook(BytesIO(client.get(f"/reports/after_opening.xlsx?{args}").data))
    assert all(line in ws["A2"].value for ws in wb.worksheets)
    resp = client.post(f"/reports/after_opening.pdf?{args}")
    assert resp.status_code == 303
    path = tmp_path / "report.pdf"
    path.write_bytes(client.get(resp.headers["Location"]).data)
    text = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    assert line in text


def test_the_calendar_shows_and_edits_the_data_date(world, login, period):
    client = login(world.admin)
    assert (
        f"chốt số liệu {period.data_date:%d/%m/%Y}"
        in client.get(f"/calendar/?year={period.year}").text
    )
    form = client.get("/calendar/rules/after_opening/edit").text
    assert 'name="data_day"' in form and 'name="data_month"' in form
    rule = {
        "title": "Báo cáo sau khai giảng",
        **{
            f"{k}_{p}": v
            for k, (d, m) in DATES.items()
            for p, v in (("day", d), ("month", m))
        },
        "fields": ["students"],
    }
    assert (
        client.post("/calendar/rules/after_opening/edit", data=rule).status_code == 303
    )
    row = client.get("/calendar/rules").text.split("Báo cáo sau khai giảng")[1]
    assert "<td>30/09</td>" in row.split("</tr>")[0]
    bad = client.post(
        "/calendar/rules/after_opening/edit", data={**rule, "data_month": ""}
    )
    assert bad.status_code == 422 and 'id="data_month-error"' in bad.text
    url = f"/calendar/periods/{period.id}/edit"
    assert 'name="data_on"' in client.get(url).text
    data = {
        "title": period.title,
        "opens_on": f"{period.opens_on:%d/%m/%Y}",
        "closes_on": f"{period.closes_on:%d/%m/%Y}",
        "locks_on": f"{period.locks_on:%d/%m/%Y}",
        "data_on": f"30/09/{period.year}",
        "fields": list(period.field_codes),
    }
    assert client.post(url, data=data).status_code == 303
    db.session.expire_all()
    assert f"{db.session.get(ReportPeriod, period.id).data_date:%d/%m}" == "30/09"
