"""A class's results on paper: the report cards and the học bạ pages (a page per
pupil), the class summary on A4 landscape, and who may print them. Read back with
poppler (pdftotext, pdfinfo, pdftoppm) as the report PDFs are. A whole class's
document is fetched through its render job (test_class_document_jobs.py)."""

import re
import subprocess
import unicodedata
from decimal import Decimal

import pytest
from flask import current_app

from smasweb.extensions import db
from smasweb.models import StaffMember
from smasweb.models.assessment import ConductResult, PrimaryEvaluation
from smasweb.models.schools import SchoolProfile
from smasweb.services.reports import render_jobs
from smasweb.services.system import system_override
from tests.services.results_data import (
    OUTSIDE,
    SETUP,
    YEAR,
    YEAR_END,
    add_mark,
    assign,
    at,
    primary_class,
    secondary_class,
)

pytestmark = pytest.mark.real_calendar
A4_LANDSCAPE = (842, 595)  # points, rounded
A4_PORTRAIT = (595, 842)


def _principal(school, name: str) -> None:
    with system_override("test: school profile"):
        db.session.add(
            SchoolProfile(
                school_id=school.id, year=YEAR, name=school.name,
                level_group="02", ownership="01", principal_name=name,
            )
        )  # fmt: skip
        db.session.flush()


@pytest.fixture
def six_a(world):
    with at(SETUP):
        cls = secondary_class(world)
        _principal(world.s1b, "Lê Văn Hiệu")
        add_mark(cls, cls.p["Bình"], "toan", 2, "kl", Decimal("6.5"))
        with system_override("test: conduct comment"):
            db.session.query(ConductResult).filter_by(
                student_id=cls.p["An"].id, semester=1
            ).update({"comment": "Chăm ngoan, học giỏi"})
        db.session.commit()
    return cls


@pytest.fixture
def three_a(world):
    with at(SETUP):
        cls = primary_class(world)
        with system_override("test: a subject comment"):
            db.session.query(PrimaryEvaluation).filter_by(
                student_id=cls.p["Hoa"].id, item="tieng_viet"
            ).update({"comment": "Đọc lưu loát, viết đẹp"})
        db.session.commit()
    return cls


def _run(*args) -> str:
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    return unicodedata.normalize("NFC", out).replace("\u00a0", " ")


@pytest.fixture(autouse=True)
def in_background(app, monkeypatch):
    """Requests queue render jobs for the workers; `_get_pdf` runs them."""
    monkeypatch.setitem(app.config, "RENDER_INLINE", False)
    monkeypatch.setitem(app.config, "RENDER_SPAWN", False)


def _get_pdf(client, url, tmp_path):
    """The file as a user gets it: one pupil's page at once; a whole class's
    from the link on its job's status page, once the job has run."""
    resp = client.get(url)
    if "student=" not in url:
        assert resp.status_code == 303, resp.text[:300]
        status = resp.headers["Location"]
        job_id = int(status.rsplit("/", 1)[1])
        render_jobs.run(current_app._get_current_object(), job_id)
        page = client.get(status).text
        resp = client.get(re.search(r'href="([^"]+\.pdf)"', page).group(1))
    assert resp.status_code == 200, resp.text[:300]
    assert resp.mimetype == "application/pdf"
    assert "attachment" in resp.headers["Content-Disposition"]
    path = tmp_path / "doc.pdf"
    path.write_bytes(resp.data)
    return path


def _pages(path) -> list[str]:
    return _run("pdftotext", "-layout", str(path), "-").split("\f")[:-1]


def _sizes(path) -> list[tuple[float, float]]:
    info = _run("pdfinfo", "-f", "1", "-l", "999", str(path))
    found = re.findall(r"size:\s+([\d.]+) x ([\d.]+)", info)
    return [(round(float(w)), round(float(h))) for w, h in found]


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_report_cards_of_the_year_print_a_page_per_pupil(world, six_a, login, tmp_path):
    with at(OUTSIDE):
        client = login(world.leader_b)
        path = _get_pdf(client, f"/results/{six_a.id}/report-cards.pdf", tmp_path)
    pages = _pages(path)
    assert len(pages) == 5 and _sizes(path) == [A4_PORTRAIT] * 5
    an = _squeeze(pages[0])
    assert "PHIẾU BÁO KẾT QUẢ HỌC TẬP VÀ RÈN LUYỆN" in an
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in an and "TRƯỜNG THCS LONG PHƯỚC" in an
    assert "Nguyễn Văn An" in an and "Ngữ văn" in an and "Khoa học tự nhiên" in an
    assert "8,5" in an and "Học sinh Giỏi" in an and "Lên lớp" in an
    assert "Kết quả tính đến ngày 10/11/2026 (chưa chốt)" in an
    assert re.search(r"Ngày sinh: \d\d/\d\d/\d{4}", an)
    assert "Vĩnh Long, ngày 10 tháng 11 năm 2026" in an
    assert "Đỗ Thị Ánh" in an and "Lê Văn Hiệu" in an  # GVCN and principal
    assert "Học kỳ I: Chăm ngoan, học giỏi" in an
    names = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Văn Dũng",
             "Võ Thị Em"]  # fmt: skip
    for page, name in zip(pages, names, strict=True):
        assert name in page and all(n not in page for n in names if n != name)
    binh = _squeeze(pages[1])
    assert "Kiểm tra, đánh giá lại trong kì nghỉ hè" in binh
    assert "Kiểm tra lại các môn: Ngữ văn, Toán" in binh and "Chưa đạt" in binh
    assert "Ở lại lớp" in _squeeze(pages[3])


def test_one_pupils_report_card_of_semester_one(world, six_a, login, tmp_path):
    an = six_a.p["An"]
    url = f"/results/{six_a.id}/report-cards.pdf?term=hk1&student={an.id}"
    with at(OUTSIDE):
        path = _get_pdf(login(world.teacher_b), url, tmp_path)
    pages = _pages(path)
    assert len(pages) == 1
    text = _squeeze(pages[0])
    assert "Học kỳ I – Năm học 2026-2027" in text and "Nguyễn Văn An" in text
    assert "Cả năm" not in text and "Kết quả cuối năm" not in text
    assert "Trần Thị Bình" not in text


def test_a_primary_report_card_and_hoc_ba(world, three_a, login, tmp_path):
    hoa = three_a.p["Hoa"]
    with at(OUTSIDE):
        client = login(world.leader)
        card = _pages(
            _get_pdf(client, f"/results/{three_a.id}/report-cards.pdf", tmp_path)
        )
        book = _pages(_get_pdf(client, f"/results/{three_a.id}/hoc-ba.pdf", tmp_path))
    assert len(card) == 2 and len(book) == 2
    text = _squeeze(card[0])
    assert "PHIẾU BÁO KẾT QUẢ GIÁO DỤC" in text and "Lê Thị Hoa" in text
    assert "Tiếng Việt" in text and "Hoàn thành tốt" in text and "Yêu nước" in text
    assert "Hoàn thành xuất sắc" in text and "Học sinh Xuất sắc" in text
    khoa = _squeeze(book[1])
    assert "HỌC BẠ" in khoa and "Trần Văn Khoa" in khoa
    assert "Chưa hoàn thành chương trình lớp học" in khoa
    assert "Đọc lưu loát, viết đẹp" in _squeeze(book[0])
    assert "Hoàn thành chương trình lớp học" in _squeeze(book[0])
    assert hoa.full_name not in khoa


def test_the_hoc_ba_page_of_the_year(world, six_a, login, tmp_path):
    binh = six_a.p["Bình"]
    url = f"/results/{six_a.id}/hoc-ba.pdf?student={binh.id}"
    with at(YEAR_END):
        path = _get_pdf(login(world.clerk_b), url, tmp_path)
    pages = _pages(path)
    assert len(pages) == 1
    text = _squeeze(pages[0])
    assert "HỌC BẠ" in text and "năm học 2026-2027" in text and "Trần Thị Bình" in text
    assert "Học kỳ I" in text and "Học kỳ II" in text and "Cả năm" in text
    assert "(nếu có)" in text and "6,5" in text  # the re-test mark
    assert "Giáo dục thể chất" in text and "3,0" in text and "Đ" in text
    assert "GIÁO VIÊN CHỦ NHIỆM" in text and "HIỆU TRƯỞNG" in text
    assert "Vĩnh Long, ngày 27 tháng 5 năm 2027" in text
    assert "mẫu" not in text.lower()  # no decision's template is claimed


def test_the_class_summary_is_landscape_with_totals(world, six_a, login, tmp_path):
    with at(OUTSIDE):
        path = _get_pdf(
            login(world.leader_b), f"/results/{six_a.id}/summary.pdf", tmp_path
        )
    assert set(_sizes(path)) == {A4_LANDSCAPE}
    text = _squeeze(" ".join(_pages(path)))
    assert "BẢNG TỔNG HỢP KẾT QUẢ HỌC TẬP VÀ RÈN LUYỆN" in text
    assert "Lớp 6A – Năm học 2026-2027" in text
    assert "Nguyễn Văn An" in text and "Võ Thị Em" in text and "Toán" in text
    assert "Cả lớp" in text and "Chưa đủ kết quả" in text
    # learning: An Tốt; Bình Chưa đạt; Cường, Dũng Khá (7.0 everywhere)
    assert re.search(r"Tốt 1 20% 1 20%", text), text
    assert "Tổng số 5" in text
    assert "Lên lớp 1" in text and "Ở lại lớp 1" in text and "Học sinh Giỏi 1" in text


def test_the_semester_summary_of_a_primary_class(world, three_a, login, tmp_path):
    url = f"/results/{three_a.id}/summary.pdf?term=hk1"
    with at(OUTSIDE):
        path = _get_pdf(login(world.leader), url, tmp_path)
    assert set(_sizes(path)) == {A4_LANDSCAPE}
    text = _squeeze(" ".join(_pages(path)))
    assert "Học kỳ I – Năm học 2026-2027" in text and "Lê Thị Hoa" in text
    assert "Kết quả giáo dục" not in text  # the year's result only at the year end


def test_an_officer_gets_the_summary_without_names(world, six_a, login, tmp_path):
    with at(OUTSIDE):
        client = login(world.district)
        path = _get_pdf(client, f"/results/{six_a.id}/summary.pdf", tmp_path)
        for doc in ("report-cards.pdf", "hoc-ba.pdf"):
            assert client.get(f"/results/{six_a.id}/{doc}").status_code == 403
    text = _squeeze(" ".join(_pages(path)))
    assert "Học sinh 1" in text and "Nguyễn Văn An" not in text
    assert "Trần Thị Bình" not in text


def test_who_prints_and_what_is_not_found(world, six_a, login):
    base = f"/results/{six_a.id}"
    other = world.other_class
    with at(OUTSIDE):
        assert login(world.leader2).get(f"{base}/hoc-ba.pdf").status_code == 404
        colleague = login(world.colleague_b)
        assert colleague.get(f"{base}/report-cards.pdf").status_code == 403
        assert colleague.get(f"{base}/summary.pdf").status_code == 403
        leader = login(world.leader_b)
        assert leader.get(f"{base}/report-cards.pdf?term=hk2").status_code == 404
        assert leader.get(f"{base}/summary.pdf?term=x").status_code == 404
        assert leader.get(f"{base}/hoc-ba.pdf?student=abc").status_code == 404
        stranger = six_a.p["An"].id + 1000
        assert leader.get(f"{base}/hoc-ba.pdf?student={stranger}").status_code == 404
        assert leader.get(f"/results/{other.id}/hoc-ba.pdf?student="
                          f"{six_a.p['An'].id}").status_code == 404  # fmt: skip
        assign(six_a, db.session.get(StaffMember, world.colleague_b.staff_id))
        assert colleague.get(f"{base}/summary.pdf").status_code == 303  # queued


def test_the_results_page_links_the_documents(world, six_a, login):
    with at(OUTSIDE):
        page = login(world.leader_b).get(f"/results/{six_a.id}").text
        officer = login(world.district).get(f"/results/{six_a.id}").text
    for doc in ("report-cards.pdf?term=hk1", "report-cards.pdf?term=cn",
                "hoc-ba.pdf", "summary.pdf?term=hk1", "summary.pdf?term=cn"):  # fmt: skip
        assert f"/results/{six_a.id}/{doc}" in page
    assert f'<option value="{six_a.p["An"].id}">Nguyễn Văn An</option>' in page
    assert "summary.pdf" in officer and "hoc-ba.pdf" not in officer
    assert "Nguyễn Văn An" not in officer


def test_a_report_card_renders_to_a_non_blank_image(world, six_a, login, tmp_path):
    an = six_a.p["An"]
    with at(OUTSIDE):
        client = login(world.leader_b)
        card = _get_pdf(
            client, f"/results/{six_a.id}/report-cards.pdf?student={an.id}", tmp_path
        )
        (tmp_path / "card.pdf").write_bytes(card.read_bytes())
        summary = _get_pdf(client, f"/results/{six_a.id}/summary.pdf", tmp_path)
    for name, path in (("card", tmp_path / "card.pdf"), ("summary", summary)):
        out = str(tmp_path / name)
        _run("pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", str(path), out)
        png = next(tmp_path.glob(f"{name}*.png")).read_bytes()
        assert png.startswith(b"\x89PNG") and len(png) > 10_000
        width, height = int.from_bytes(png[16:20]), int.from_bytes(png[20:24])
        assert (width > height) == (name == "summary")
