"""/reports/?report=semester1 and ?report=school_year: the preview with its score
histogram, the Excel and the PDF, and the year's report frozen at the lock,
sent, approved by the district and printed official."""

import subprocess
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from smasweb.extensions import db
from smasweb.models.reports import RenderJob, ReportSubmission
from smasweb.services.calendar import windows as calendar
from smasweb.services.reports import official, render_jobs
from tests.services.results_data import at
from tests.services.term_report_data import AFTER_YEAR, build_world, period

pytestmark = pytest.mark.real_calendar


@pytest.fixture
def province(world):
    return build_world(world)


def query(school, kind: str) -> str:
    return f"unit={school.s1b.id}&level=03&period={period(kind).id}"


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-raw", str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout


def test_both_previews_show_their_tables_and_a_histogram(province, login):
    with at(AFTER_YEAR):  # signed in on that day: a session lasts hours
        client = login(province.leader_b)
        first = client.get(
            f"/reports/?report=semester1&{query(province, 'semester_1')}"
        )
        year = client.get(
            f"/reports/?report=school_year&{query(province, 'school_year')}"
        )
    assert first.status_code == 200 and year.status_code == 200
    assert "Báo cáo sơ kết học kỳ I" in first.text
    assert "Số liệu tính đến ngày 31/12/2026" in first.text
    assert "Điểm trung bình môn học kỳ I (ĐTBmhk)" in first.text
    assert "<svg" in first.text and "Phân bố điểm theo môn" in first.text
    assert "Báo cáo tổng kết năm học" in year.text
    assert "Kiểm tra lại trong hè" in year.text and "Học sinh Giỏi" in year.text


def test_excel_and_pdf_carry_the_numbers(province, login, tmp_path):
    q = query(province, "school_year")
    with at(AFTER_YEAR):
        client = login(province.leader_b)
        resp = client.get(f"/reports/school_year.xlsx?{q}")
        assert resp.status_code == 200
        wb = load_workbook(BytesIO(resp.data))
        sheet = wb["III"]
        rows = list(sheet.iter_rows(values_only=True))
        kiem_tra = next(r for r in rows if r[1] == "Kiểm tra lại trong hè")
        assert kiem_tra[4:6] == (1, 20.0)
        scores = list(wb["IV"].iter_rows(values_only=True))
        assert next(r for r in scores if r[1] == "Toán")[4:] == (
            5, 32.5, 6.5, 1, 0, 0, 3, 1,
        )  # fmt: skip
        resp = client.post(f"/reports/school_year.pdf?{q}")
        assert resp.status_code == 303
        assert db.session.scalar(select(RenderJob)).status == "done"
        text = pdf_text(client.get(resp.headers["Location"]).data, tmp_path)
    assert "BÁO CÁO TỔNG KẾT NĂM HỌC" in text.upper()
    assert "Rèn luyện trong hè" in text and "Phân bố điểm" in text
    assert "Số liệu tính đến ngày 31/05/2027" in text


def test_the_year_is_frozen_sent_approved_and_printed(province, login, tmp_path):
    year_end = period("school_year")
    q = query(province, "school_year")
    form = {"unit": province.s1b.id, "level": "03", "period": year_end.id}
    with at(AFTER_YEAR):
        calendar.lock(year_end)
        official.freeze_at_lock(year_end)
        db.session.commit()
        leader = login(province.leader_b)
        page = leader.get(f"/reports/?report=school_year&{q}")
        assert "Số liệu chính thức (chốt lúc" in page.text
        assert leader.post("/reports/submission/send", data=form).status_code == 303
        row = db.session.scalars(
            select(ReportSubmission).where(
                ReportSubmission.period_id == year_end.id,
                ReportSubmission.school_id == province.s1b.id,
            )
        ).one()
        assert (row.report_code, row.status) == ("school_year", "sent")
        district = login(province.district)
        approve = district.post(
            f"/reports/submissions/{row.id}/approve", data={"version": row.version}
        )
        assert approve.status_code == 303
        db.session.refresh(row)
        assert row.status == "approved"
        assert district.post(f"/reports/school_year.pdf?{q}").status_code == 303
        render_jobs.run_queued(district.application)
        job = db.session.scalars(
            select(RenderJob).where(RenderJob.official).order_by(RenderJob.id.desc())
        ).first()
        assert job.status == "done" and job.report_code == "school_year"
        text = pdf_text(district.get(f"/reports/jobs/{job.id}.pdf").data, tmp_path)
    assert "Mã xác thực" in text and "BẢN NHÁP" not in text
    assert "Kết quả học tập cả năm" in text
