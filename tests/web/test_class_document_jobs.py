"""A whole class's results PDFs through the report render jobs: the request
queues a job and answers with its status page; the finished job is the cache
while the printed data stay the same; a mark change makes a new job; only who
may build the document downloads it; one pupil's page stays immediate."""

import re
import subprocess
import unicodedata
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from smasweb.extensions import db
from smasweb.models.assessment import Mark
from smasweb.models.reports import RenderJob
from smasweb.services.reports import render_jobs
from smasweb.services.system import system_override
from tests.services.results_data import OUTSIDE, SETUP, at, secondary_class

pytestmark = pytest.mark.real_calendar
PUPILS = ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Văn Dũng",
          "Võ Thị Em")  # fmt: skip


@pytest.fixture
def six_a(world):
    with at(SETUP):
        cls = secondary_class(world)
        db.session.commit()
    return cls


@pytest.fixture
def launched(app, monkeypatch):
    """Requests queue jobs for the render workers; the job ids they asked to
    start are recorded here (nothing renders until a test runs the job)."""
    monkeypatch.setitem(app.config, "RENDER_INLINE", False)
    monkeypatch.setitem(app.config, "RENDER_SPAWN", False)
    started, real = [], render_jobs.launch

    def launch(app, job_id, base_url):
        started.append(job_id)
        real(app, job_id, base_url)

    monkeypatch.setattr(render_jobs, "launch", launch)
    return started


def jobs() -> list[RenderJob]:
    db.session.expire_all()
    return db.session.scalars(select(RenderJob).order_by(RenderJob.id)).all()


def job_id_of(resp) -> int:
    assert resp.status_code == 303, resp.text[:300]
    location = resp.headers["Location"]
    assert re.fullmatch(r"/reports/jobs/\d+", location), location
    return int(location.rsplit("/", 1)[1])


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", out).replace("\xa0", " "))


def test_a_class_document_is_queued_rendered_then_served(
    app, world, six_a, login, launched, tmp_path
):
    url = f"/results/{six_a.id}/report-cards.pdf?term=cn"
    with at(OUTSIDE):
        client = login(world.leader_b)
        job_id = job_id_of(client.get(url))
        (job,) = jobs()
        assert (job.id, job.status, job.class_id, job.term) == (
            job_id, "queued", six_a.id, "cn"
        )  # fmt: skip
        assert job.report_code == "report_cards" and job.names and job.pdf is None
        assert launched == [job_id]
        waiting = client.get(f"/reports/jobs/{job_id}")
        assert waiting.status_code == 200
        assert "Đang chờ đến lượt tạo PDF" in waiting.text
        assert 'http-equiv="refresh"' in waiting.text and "every 1s" in waiting.text
        assert "Tạo tệp PDF kết quả lớp" in waiting.text
        assert f'href="/results/{six_a.id}"' in waiting.text
        assert client.get(f"/reports/jobs/{job_id}.pdf").status_code == 404

        done = render_jobs.run(app, job_id)
        assert (done.status, done.pages) == ("done", 5)
        page = client.get(f"/reports/jobs/{job_id}").text
        assert "Đã tạo xong tệp PDF (5 trang)" in page
        assert f'href="/reports/jobs/{job_id}.pdf"' in page
        assert "every 1s" not in page
        resp = client.get(f"/reports/jobs/{job_id}.pdf")
    assert resp.status_code == 200 and resp.mimetype == "application/pdf"
    disposition = resp.headers["Content-Disposition"]
    assert "attachment" in disposition and "phieu-bao-ket-qua-6A-cn-2026.pdf" in (
        disposition
    )
    text = pdf_text(resp.data, tmp_path)
    assert "PHIẾU BÁO KẾT QUẢ HỌC TẬP VÀ RÈN LUYỆN" in text
    assert all(name in text for name in PUPILS)


def test_unchanged_data_is_served_from_the_finished_job(
    app, world, six_a, login, launched, tmp_path
):
    url = f"/results/{six_a.id}/hoc-ba.pdf"
    with at(OUTSIDE):
        client = login(world.leader_b)
        job_id = job_id_of(client.get(url))
        assert job_id_of(client.get(url)) == job_id  # still queued: the same job
        render_jobs.run(app, job_id)
        again = login(world.clerk_b).get(url)  # another user who sees the same
    assert again.status_code == 200 and again.mimetype == "application/pdf"
    assert "attachment" in again.headers["Content-Disposition"]
    assert "hoc-ba-6A-cn-2026.pdf" in again.headers["Content-Disposition"]
    assert "HỌC BẠ" in pdf_text(again.data, tmp_path)
    assert [j.id for j in jobs()] == [job_id] and launched == [job_id]


def test_a_mark_change_makes_a_new_job(app, world, six_a, login, launched):
    url = f"/results/{six_a.id}/report-cards.pdf"
    an = six_a.p["An"]
    with at(OUTSIDE):
        client = login(world.leader_b)
        first = job_id_of(client.get(url))
        old_key = render_jobs.run(app, first).key
        with system_override("test: a mark corrected"):
            db.session.query(Mark).filter_by(
                student_id=an.id, subject_code="toan", semester=2, kind="ck"
            ).update({"score": Decimal("10")})
        db.session.commit()
        second = job_id_of(client.get(url))
    assert launched == [first, second]
    (job,) = jobs()  # the old file is dropped: its numbers are gone
    assert job.id == second and job.status == "queued" and job.key != old_key


def test_data_changed_while_queued_fails_the_job_with_a_retry_link(
    app, world, six_a, login, launched
):
    url = f"/results/{six_a.id}/summary.pdf?term=hk1"
    with at(OUTSIDE):
        client = login(world.leader_b)
        job_id = job_id_of(client.get(url))
        with system_override("test: a mark corrected"):
            db.session.query(Mark).filter_by(student_id=six_a.p["An"].id).update(
                {"score": Decimal("9")}
            )
        db.session.commit()
        assert render_jobs.run(app, job_id).status == "failed"
        page = client.get(f"/reports/jobs/{job_id}").text
        retry = job_id_of(client.get(url))
    assert "Số liệu đã thay đổi từ khi yêu cầu" in page
    assert f'href="/results/{six_a.id}/summary.pdf?term=hk1">Thử lại' in page.replace(
        ' hx-boost="false"', ""
    )
    (job,) = jobs()  # the failed job gave way to a new one
    assert job.id == retry and job.status == "queued" and launched[-1] == retry


def test_only_who_may_print_the_document_opens_its_job(
    app, world, six_a, login, launched
):
    base = f"/results/{six_a.id}"
    with at(OUTSIDE):
        leader = login(world.leader_b)
        cards = job_id_of(leader.get(f"{base}/report-cards.pdf"))
        summary = job_id_of(leader.get(f"{base}/summary.pdf"))
        for job_id in (cards, summary):
            render_jobs.run(app, job_id)
        officer = login(world.district)  # reads the class, not the pupils' names
        anonymous = job_id_of(officer.get(f"{base}/summary.pdf"))
        render_jobs.run(app, anonymous)
        seen = {
            who: [
                login(user).get(f"/reports/jobs/{job_id}{ext}").status_code
                for job_id in (cards, summary, anonymous)
                for ext in ("", ".pdf")
            ]
            for who, user in (
                ("officer", world.district),
                ("other district", world.district2),
                ("other school", world.leader2),
                ("colleague", world.colleague_b),  # teaches another class
                ("homeroom", world.teacher_b),
            )
        }
    assert anonymous not in (cards, summary)  # another view: another file
    assert seen == {
        "officer": [403, 403, 403, 403, 200, 200],
        "other district": [404] * 6,
        "other school": [404] * 6,
        "colleague": [403] * 6,
        "homeroom": [200] * 6,
    }


def test_one_pupils_page_is_printed_at_once(world, six_a, login, launched, tmp_path):
    binh = six_a.p["Bình"]
    with at(OUTSIDE):
        resp = login(world.teacher_b).get(
            f"/results/{six_a.id}/hoc-ba.pdf?student={binh.id}"
        )
    assert resp.status_code == 200 and resp.mimetype == "application/pdf"
    assert f"hoc-ba-6A-cn-2026-{binh.id}.pdf" in resp.headers["Content-Disposition"]
    assert "Trần Thị Bình" in pdf_text(resp.data, tmp_path)
    assert db.session.scalar(select(func.count()).select_from(RenderJob)) == 0
    assert launched == []
