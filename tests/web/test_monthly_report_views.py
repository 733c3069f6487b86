"""/reports/?report=monthly: the monthly report in the same preview, Excel and PDF
as the after-opening report, for the month being counted by default."""

import subprocess
from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from smasweb.extensions import db
from smasweb.models.calendar import ReportPeriod
from smasweb.models.reports import RenderJob, ReportSubmission
from smasweb.models.schools import ClassGroup
from smasweb.models.students import Movement
from smasweb.services import years as school_years
from smasweb.services.calendar import rules as calendar_rules
from smasweb.services.calendar import windows as calendar
from smasweb.services.reports import official, render_jobs
from tests.factories import make_student

Y = school_years.current_year()


@pytest.fixture
def school(world, app, monkeypatch):
    """s1 on 20/11: lớp 1 with three pupils, one of whom dropped out on 05/11."""
    monkeypatch.setitem(app.config, "TODAY", date(Y, 11, 20))
    calendar_rules.ensure_year(Y)
    cls = ClassGroup(school_id=world.s1.id, year=Y, grade="01", name="1A")
    db.session.add(cls)
    db.session.flush()
    pupils = [make_student(world.s1, cls, gender="02") for _ in range(3)]
    pupils[0].active = False
    db.session.add(
        Movement(
            school_id=world.s1.id,
            student_id=pupils[0].id,
            year=Y,
            kind="dropout",
            on_date=date(Y, 11, 5),
            term="1",
            reason="01",
        )
    )
    db.session.commit()
    return world


def month(number: int) -> ReportPeriod:
    return db.session.scalar(
        select(ReportPeriod).where(
            ReportPeriod.kind == "monthly",
            ReportPeriod.year == Y,
            ReportPeriod.month == number,
        )
    )


def test_the_preview_shows_the_month_being_counted(school, login):
    client = login(school.leader)
    html = client.get("/reports/?report=monthly").get_data(as_text=True)
    assert "Báo cáo tháng" in html and "I. Sĩ số học sinh" in html
    # 20/11 is past November's data date (15/11): December's month is counted
    assert f'value="{month(12).id}" selected' in html
    assert "Số liệu tính đến ngày 20/11/" in html  # a live draft: up to today
    november = client.get(f"/reports/?report=monthly&period={month(11).id}")
    text = november.get_data(as_text=True)
    assert "Số liệu tính đến ngày 15/11/" in text
    assert "Kinh tế khó khăn" in text and "Tỷ lệ học sinh thôi học" in text
    assert "33,33" in text  # 1 of the 3 at the start of the month


def test_excel_and_pdf_carry_the_same_numbers(school, login, tmp_path):
    client = login(school.leader)
    query = f"unit={school.s1.id}&level=02&period={month(11).id}"
    resp = client.get(f"/reports/monthly.xlsx?{query}")
    assert resp.status_code == 200
    wb = load_workbook(BytesIO(resp.data))
    rows = wb.worksheets[0].iter_rows(values_only=True)
    lop1 = next(r for r in rows if str(r[1]).strip(" -") == "Lớp 1")
    assert lop1[4:] == (3, 3, 0, 2, 2, 0)  # đầu tháng, cuối tháng
    resp = client.post(f"/reports/monthly.pdf?{query}")
    assert resp.status_code == 303
    assert db.session.scalar(select(RenderJob)).status == "done"
    pdf = client.get(resp.headers["Location"])
    path = tmp_path / "monthly.pdf"
    path.write_bytes(pdf.data)
    text = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    assert "BÁO CÁO THÁNG" in text.upper() and "Sĩ số học sinh" in text
    assert "Số liệu tính đến ngày 15/11/" in text


def test_the_month_is_frozen_at_its_lock_sent_approved_and_printed(
    school, login, tmp_path
):
    november = month(11)
    calendar.lock(november)
    official.freeze_at_lock(november)
    db.session.commit()
    query = f"unit={school.s1.id}&level=02&period={november.id}"
    text = login(school.leader).get(f"/reports/?report=monthly&{query}").text
    assert "Số liệu chính thức (chốt lúc" in text

    leader = login(school.leader)
    page = leader.get(f"/reports/submission?{query}")
    assert page.status_code == 200 and "Báo cáo tháng 11/" in page.text
    sent = leader.post("/reports/submission/send", data=send_data(school, november))
    assert sent.status_code == 303
    again = leader.post("/reports/submission/send", data=send_data(school, november))
    assert again.status_code == 409  # the same numbers are waiting already
    row = db.session.scalars(
        select(ReportSubmission).where(
            ReportSubmission.period_id == november.id,
            ReportSubmission.school_id == school.s1.id,
        )
    ).one()
    assert (row.report_code, row.status) == ("monthly", "sent")
    db.session.refresh(row)
    approve = login(school.district).post(
        f"/reports/submissions/{row.id}/approve", data={"version": row.version}
    )
    assert approve.status_code == 303
    db.session.refresh(row)
    assert row.status == "approved" and row.official_snapshot_id == row.snapshot_id
    board = login(school.district).get(f"/reports/board?period={november.id}")
    assert board.status_code == 200 and "Trường Tiểu học Long Phước" in board.text

    district = login(school.district)
    assert district.post(f"/reports/monthly.pdf?{query}").status_code == 303
    render_jobs.run_queued(district.application)  # the approval queued one ahead
    job = db.session.scalars(
        select(RenderJob).where(RenderJob.official).order_by(RenderJob.id.desc())
    ).first()
    assert job.status == "done" and job.report_code == "monthly"
    path = tmp_path / "official.pdf"
    path.write_bytes(district.get(f"/reports/jobs/{job.id}.pdf").data)
    text = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    assert "Mã xác thực" in text and "BẢN NHÁP" not in text
    assert "Xa trường" in text


def send_data(school, period) -> dict:
    return {"unit": school.s1.id, "level": "02", "period": period.id}
