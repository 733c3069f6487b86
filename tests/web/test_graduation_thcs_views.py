"""/graduation/ (THCS, TT 31/2023): a school's candidates with the reason for each
one not eligible, the council's decision that stores and locks the list, round 2,
the 423 of a closed window, other schools' 404, officers' counts without names,
and the PDFs (list and temporary certificate) with the names."""

import re
import subprocess
import unicodedata
from datetime import date

import pytest
from sqlalchemy import func, select

from smasweb.extensions import db
from smasweb.models import ReportPeriod, Student, UnitLink
from smasweb.models.graduation import ThcsDecision, ThcsDossier, ThcsGraduate
from smasweb.services import years as school_years
from smasweb.services.graduation import thcs
from tests.factories import make_user
from tests.services.promotion_data import klass, pupil

PAGE = "/graduation/"
DECIDED_ON = date(2027, 5, 22)  # in the window of school year 2026-2027


@pytest.fixture
def cohort(app, world):
    """world.s1b (THCS, under district d1): class 9A of the current year."""
    y = school_years.current_year()
    c = klass(world.s1b, y, "09", "9A")
    pupil(c, "len_lop", full_name="Lê Văn An", birth_date=date(y - 14, 3, 1))
    pupil(c, "o_lai_lop", full_name="Trần Thị Bé", birth_date=date(y - 14, 5, 2))
    pupil(c, "kiem_tra_lai", after="len_lop", full_name="Ngô Văn Chờ",
          birth_date=date(y - 14, 1, 9))  # fmt: skip
    pupil(c, "len_lop", full_name="Phạm Văn Già", birth_date=date(y - 21, 1, 1))
    pupil(c, full_name="Đỗ Thị Em", birth_date=date(y - 14, 7, 7))
    world.leader9 = make_user("school_leader", world.s1b, username="bgh9",
                              full_name="Võ Thị Hiệu")  # fmt: skip
    db.session.commit()
    app.config["TODAY"] = DECIDED_ON
    yield world, y
    app.config["TODAY"] = None


def decide(client, y, round_=1, **over):
    data = dict(number="25/QĐ-PGDĐT", signed_on="22/05/2027",
                signer_name="Trần Văn Bình", signer_title="Trưởng phòng")  # fmt: skip
    return client.post(f"{PAGE}decision?year={y}&round={round_}", data={**data, **over})


def graduates() -> set[str]:
    stmt = select(ThcsGraduate).order_by(ThcsGraduate.id)
    return {g.student_id for g in db.session.scalars(stmt)}


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", out).replace("\xa0", " "))


def test_the_leader_sees_each_candidate_with_the_reason(client, login, cohort):
    world, y = cohort
    login(world.leader9)
    page = client.get(f"{PAGE}?year={y}").get_data(as_text=True)
    assert "5 học sinh dự xét, 1 đủ điều kiện" in page
    assert "Lê Văn An" in page and "Đủ điều kiện" in page
    assert "Không đủ điều kiện: Chưa hoàn thành chương trình lớp 9: ở lại lớp" in page
    assert "chờ kiểm tra lại" in page
    assert "Không đủ điều kiện: Quá 21 tuổi" in page
    assert "Không đủ điều kiện: Chưa có kết quả cả năm" in page
    round2 = client.get(f"{PAGE}?year={y}&round=2").get_data(as_text=True)
    assert "5 học sinh dự xét, 2 đủ điều kiện" in round2  # Chờ passed the re-test


def test_the_decision_stores_the_list_and_locks_it(client, login, cohort):
    world, y = cohort
    login(world.leader9)
    resp = decide(client, y)
    assert resp.status_code == 303
    decision = db.session.scalars(select(ThcsDecision)).one()
    assert decision.council_unit_id == world.d1.id  # the district office then
    an = db.session.scalar(select(ThcsGraduate.student_id))
    assert len(graduates()) == 1
    page = client.get(resp.headers["Location"]).get_data(as_text=True)
    assert "Danh sách đã khóa: 1 học sinh" in page
    assert "Phòng Giáo dục và Đào tạo huyện Long Hồ" in page
    again = decide(client, y, number="26/QĐ-PGDĐT")
    assert again.status_code == 409
    assert (
        "Quyết định đợt 1 đã được ghi (số 25/QĐ-PGDĐT, ngày 22/05/2027)" in again.text
    )
    locked = client.post(f"{PAGE}dossier/{an}?year={y}", data={"complete": "0"})
    assert locked.status_code == 409
    assert "Danh sách đã khóa theo quyết định" in locked.text
    assert db.session.scalar(select(func.count(ThcsDossier.id))) == 0
    # round 2: the pupil who passed the re-test, not the one round 1 recognised
    assert decide(client, y, 2, number="31/QĐ-PGDĐT").status_code == 303
    assert len(graduates()) == 2


def test_an_incomplete_dossier_keeps_a_pupil_out(client, login, cohort):
    world, y = cohort
    login(world.leader9)
    grad = thcs.load([world.s1b], y)[world.s1b.id]
    an = next(c for c in grad.candidates if c.student.full_name == "Lê Văn An")
    resp = client.post(
        f"{PAGE}dossier/{an.student.id}?year={y}", data={"complete": "0"}
    )
    assert resp.status_code == 303
    page = client.get(f"{PAGE}?year={y}").get_data(as_text=True)
    assert "Không đủ điều kiện: Hồ sơ chưa đầy đủ" in page
    refused = decide(client, y)
    assert refused.status_code == 422
    assert "Không có học sinh nào đủ điều kiện" in refused.text
    assert graduates() == set()


def test_bad_decision_fields_are_told_by_the_field(client, login, cohort):
    world, y = cohort
    login(world.leader9)
    resp = decide(client, y, number="", signed_on="23/05/2027")
    assert resp.status_code == 422
    assert "Bắt buộc nhập." in resp.text
    resp = decide(client, y, signed_on="23/05/2027")
    assert resp.status_code == 422
    assert "Ngày quyết định không được sau hôm nay." in resp.text
    assert decide(client, y, 2).status_code == 422  # round 1 first
    assert graduates() == set()


def test_outside_the_window_the_decision_is_refused_with_423(
    app, client, login, cohort
):
    world, y = cohort
    app.config["TODAY"] = date(2027, 5, 26)  # the window closed on 24/05
    stmt = select(ReportPeriod).filter_by(year=y, kind="graduation_thcs")
    db.session.scalars(stmt).one().reopened_until = None
    db.session.commit()
    login(world.leader9)
    resp = decide(client, y)
    assert resp.status_code == 423
    assert "Xét công nhận tốt nghiệp THCS" in resp.text
    assert db.session.scalar(select(func.count(ThcsDecision.id))) == 0


def test_other_schools_and_teachers_are_refused(client, login, cohort):
    world, y = cohort
    login(world.leader2)  # a primary school of another district
    assert client.get(f"{PAGE}?school={world.s1b.id}").status_code == 404
    assert decide(client, y).status_code in (403, 404)
    login(world.district2)
    assert client.get(f"{PAGE}?school={world.s1b.id}").status_code == 404
    teacher = make_user("teacher", world.s1b, username="gv9")
    db.session.commit()
    login(teacher)
    assert client.get(PAGE).status_code == 403


def test_an_officer_sees_counts_and_lists_without_names(
    client, login, cohort, tmp_path
):
    world, y = cohort
    login(world.leader9)
    decide(client, y)
    login(world.district)
    page = client.get(f"{PAGE}?year={y}").get_data(as_text=True)
    row = re.search(rf'<tr id="s{world.s1b.id}">(.*?)</tr>', page, re.S).group(1)
    cells = re.findall(r'<td class="num">(\d+)</td>', row)
    assert cells == ["5", "2", "1"]  # candidates, eligible (1 + Chờ in round 2)
    assert "Số 25/QĐ-PGDĐT ngày 22/05/2027" in row and "Chưa có quyết định" in row
    school = client.get(f"{PAGE}?school={world.s1b.id}&year={y}").get_data(as_text=True)
    assert "Học sinh 1" in school and "Lê Văn An" not in school
    assert "Ghi quyết định" not in school and "Lê Văn An" not in page
    pdf = f"{PAGE}graduates.pdf?school={world.s1b.id}&year={y}&round=1"
    assert client.get(pdf).status_code == 403


def test_the_pdfs_carry_the_names_and_the_decision(client, login, cohort, tmp_path):
    world, y = cohort
    login(world.leader9)
    decide(client, y)
    resp = client.get(f"{PAGE}graduates.pdf?year={y}&round=1")
    assert resp.status_code == 200 and resp.mimetype == "application/pdf"
    text = pdf_text(resp.data, tmp_path)
    assert "DANH SÁCH CÔNG NHẬN TỐT NGHIỆP TRUNG HỌC CƠ SỞ" in text
    assert "Lê Văn An" in text and "Trần Thị Bé" not in text
    assert "Quyết định số 25/QĐ-PGDĐT ngày 22/05/2027" in text
    assert "TRƯỞNG PHÒNG" in text and "Trần Văn Bình" in text
    assert "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO" in text
    an = db.session.scalar(select(ThcsGraduate.student_id))
    cert = client.get(f"{PAGE}certificate/{an}.pdf?year={y}")
    assert cert.status_code == 200
    text = pdf_text(cert.data, tmp_path)
    assert "GIẤY CHỨNG NHẬN TỐT NGHIỆP TẠM THỜI" in text
    assert "Lê Văn An" in text and "tốt nghiệp trung học cơ sở năm 2027" in text
    assert "Vĩnh Long, ngày 22 tháng 5 năm 2027" in text
    be = db.session.scalar(select(Student.id).filter_by(full_name="Trần Thị Bé"))
    assert client.get(f"{PAGE}certificate/{be}.pdf?year={y}").status_code == 404
    assert client.get(f"{PAGE}graduates.pdf?year={y}&round=2").status_code == 404


def test_the_council_is_the_unit_the_dated_tree_names(cohort):
    world, _ = cohort
    link = db.session.scalars(
        select(UnitLink).where(UnitLink.unit_id == world.s1b.id)
    ).one()
    link.valid_to = date(2025, 7, 1)  # district offices abolished
    db.session.add(
        UnitLink(unit_id=world.s1b.id, parent_id=world.dept.id,
                 valid_from=date(2025, 7, 1))
    )  # fmt: skip
    db.session.flush()
    assert thcs.council_unit(world.s1b, date(2025, 5, 22)) == world.d1
    assert thcs.council_unit(world.s1b, date(2025, 7, 1)) == world.dept
    assert thcs.council_unit(world.s1b, DECIDED_ON) == world.dept


def test_a_school_without_lop_9_is_led_to_its_own_graduation(client, login, cohort):
    """The home page's "Tốt nghiệp" link: a THPT goes to its exam's pass list, a
    primary school reads that it has no graduation, neither meets a 404."""
    world, _ = cohort
    login(world.leader_thpt)
    resp = client.get(PAGE)
    assert resp.status_code == 302
    assert resp.headers["Location"].endswith("/graduation/thpt")
    login(world.leader2)
    page = client.get(PAGE)
    assert page.status_code == 200
    assert "Trường không có lớp 9 hay lớp 12" in page.get_data(as_text=True)
