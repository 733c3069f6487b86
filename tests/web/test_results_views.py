"""The class results page (/results/<class id>), Chốt kết quả in and outside the
results windows, conduct entry and primary qualities entry, and who may open
them."""

from datetime import date

import pytest
from sqlalchemy import select

from smasweb.extensions import db
from smasweb.models import AuditEntry
from smasweb.models.assessment import ConductResult, PrimaryEvaluation, StudentResult
from smasweb.services.assessment import qualities
from smasweb.services.calendar import dated, windows
from tests.conftest import HX
from tests.services.results_data import (
    OUTSIDE,
    SEMESTER_ONE,
    SETUP,
    YEAR_END,
    assign,
    at,
    primary_class,
    secondary_class,
)

pytestmark = pytest.mark.real_calendar


@pytest.fixture
def six_a(world):
    with at(SETUP):
        cls = secondary_class(world)
        db.session.commit()
    return cls


@pytest.fixture
def three_a(world):
    with at(SETUP):
        cls = primary_class(world)
        db.session.commit()
    return cls


def test_the_leader_reads_the_year_and_its_lists(world, six_a, login):
    with at(OUTSIDE):
        page = login(world.leader_b).get(f"/results/{six_a.id}")
    assert page.status_code == 200
    text = page.text
    assert "Nguyễn Văn An" in text and "Học sinh Giỏi" in text
    assert "8,5" in text and "Ngữ văn" in text
    assert 'id="list-len_lop">Lên lớp (1)' in text
    assert 'id="list-kiem_tra_lai">Kiểm tra lại (1)' in text
    assert "Trần Thị Bình: Ngữ văn, Toán" in text
    assert 'id="list-ren_luyen_he">Rèn luyện trong hè (1)' in text
    assert 'id="list-o_lai_lop">Ở lại lớp (1)' in text
    assert "Chốt kết quả học kỳ I" in text
    assert "Chốt kết quả cả năm" in text and "disabled" in text  # window closed
    assert "Ngoài thời gian nhập liệu" in text


def test_the_semester_tab_shows_the_semester(world, six_a, login):
    with at(OUTSIDE):
        page = login(world.leader_b).get(f"/results/{six_a.id}?tab=hk1")
    assert page.status_code == 200
    assert "<h2>Học kỳ I</h2>" in page.text
    assert "Lên lớp (" not in page.text


def test_an_officer_reads_without_names(world, six_a, login):
    with at(OUTSIDE):
        page = login(world.district).get(f"/results/{six_a.id}")
    assert page.status_code == 200
    assert "Học sinh 1" in page.text and "Nguyễn Văn An" not in page.text
    assert "Chốt kết quả" not in page.text and "Nhập kết quả rèn luyện" not in page.text


def test_who_opens_the_page(world, six_a, login):
    url = f"/results/{six_a.id}"
    with at(OUTSIDE):
        assert login(world.leader2).get(url).status_code == 404
        assert login(world.colleague_b).get(url).status_code == 403
        homeroom = login(world.teacher_b).get(url)
        assert homeroom.status_code == 200 and "Nhập kết quả rèn luyện" in homeroom.text
        assert "Chốt kết quả" not in homeroom.text
        assign(six_a, _staff(world.colleague_b))  # colleague teaches 6A Toán too
        subject_teacher = login(world.colleague_b).get(url)
        assert subject_teacher.status_code == 200
        assert "Nhập kết quả rèn luyện" not in subject_teacher.text
        assert login(world.colleague_b).get(f"{url}/conduct/1").status_code == 200
        refused = login(world.colleague_b).post(f"{url}/conduct/1", data={})
        assert refused.status_code == 403


def _staff(user):
    from smasweb.models import StaffMember

    return db.session.get(StaffMember, user.staff_id)


def test_confirm_outside_the_window_is_423_and_stores_nothing(world, six_a, login):
    with at(OUTSIDE):
        refused = login(world.leader_b).post(f"/results/{six_a.id}/confirm/hk1")
    assert refused.status_code == 423
    assert "Kết quả học kỳ, năm học" in refused.text
    assert db.session.scalars(select(StudentResult)).all() == []


def test_confirm_refuses_a_class_with_pupils_not_complete(world, six_a, login):
    with at(SEMESTER_ONE):
        refused = login(world.leader_b).post(f"/results/{six_a.id}/confirm/hk1")
    assert refused.status_code == 422
    assert "còn 1 học sinh chưa đủ điểm, kết quả rèn luyện (Võ Thị Em)" in refused.text
    assert db.session.scalars(select(StudentResult)).all() == []


def test_confirm_in_the_year_window_stores_the_year_with_audit(world, six_a, login):
    with at(SETUP):
        six_a.p["Em"].active = False  # left the school: off today's roster
        db.session.commit()
    with at(YEAR_END):
        client = login(world.leader_b)
        done = client.post(f"/results/{six_a.id}/confirm/cn")
        assert done.status_code == 303
        page = client.get(done.headers["Location"])
    assert "Đã chốt kết quả cả năm của 4 học sinh." in page.text
    assert "Đã chốt ngày 27/05/2027" in page.text
    rows = {
        r.student_id: r
        for r in db.session.scalars(
            select(StudentResult).where(StudentResult.term == "cn")
        )
    }
    an, binh, dung = (rows[six_a.p[n].id] for n in ("An", "Bình", "Dũng"))
    assert (an.learning, an.conduct, an.decision, an.award) == (
        "T",
        "T",
        "len_lop",
        "gioi",
    )
    assert binh.decision == "kiem_tra_lai" and dung.absences == 46
    assert dung.decision == "o_lai_lop" and an.decided_on == date(2027, 5, 27)
    audit = db.session.scalars(
        select(AuditEntry).where(AuditEntry.table_name == "student_results")
    ).all()
    assert len(audit) == 4 and all(a.user_id == world.leader_b.id for a in audit)


def test_the_homeroom_teacher_sets_conduct(world, six_a, login):
    em = six_a.p["Em"]
    url = f"/results/{six_a.id}/conduct/1"
    with at(SEMESTER_ONE):
        client = login(world.teacher_b)
        form = client.get(url)
        assert form.status_code == 200 and "Võ Thị Em" in form.text
        data = {f"l{p.id}": "T" for p in six_a.p.values()}
        data[f"c{em.id}"] = "Chăm ngoan, lễ phép"
        saved = client.post(url, data=data)
        assert saved.status_code == 303
        after = client.get(saved.headers["Location"])
    assert "Đã lưu kết quả rèn luyện: 4 học sinh thay đổi." in after.text
    row = db.session.scalar(
        select(ConductResult).where(
            ConductResult.student_id == em.id, ConductResult.semester == 1
        )
    )
    assert (row.level, row.comment) == ("T", "Chăm ngoan, lễ phép")  # An was T


def test_a_bad_conduct_entry_is_shown_by_its_field(world, six_a, login):
    an, em = six_a.p["An"], six_a.p["Em"]
    url = f"/results/{six_a.id}/conduct/1"
    data = {f"l{an.id}": "X", f"c{em.id}": "x" * 301, f"l{em.id}": "K"}
    with at(SEMESTER_ONE):
        page = login(world.teacher_b).post(url, data=data, headers=HX)
    assert page.status_code == 422
    assert page.text.startswith('<form id="conduct-form"')
    assert f'id="el{an.id}">Chọn Tốt, Khá, Đạt hoặc Chưa đạt.' in page.text
    assert f'id="ec{em.id}">Nhận xét tối đa 300 ký tự.' in page.text
    level = db.session.scalar(select(ConductResult.level).where(
        ConductResult.student_id == an.id, ConductResult.semester == 1))  # fmt: skip
    assert level == "T"  # unchanged: nothing saved


def test_conduct_outside_the_window_is_423(world, six_a, login):
    url = f"/results/{six_a.id}/conduct/2"
    with at(OUTSIDE):
        client = login(world.teacher_b)
        assert "disabled" in client.get(url).text
        refused = client.post(url, data={f"l{six_a.p['Em'].id}": "T"})
    assert refused.status_code == 423


def test_summer_conduct_lists_only_the_pupils_who_train(world, six_a, login):
    with at(YEAR_END):
        page = login(world.leader_b).get(f"/results/{six_a.id}/conduct/3")
    assert "Lê Văn Cường" in page.text and "Nguyễn Văn An" not in page.text


def test_a_primary_class_shows_its_year(world, three_a, login):
    with at(OUTSIDE):
        page = login(world.leader).get(f"/results/{three_a.id}")
    assert page.status_code == 200
    assert "Hoàn thành xuất sắc" in page.text and "T · 9" in page.text
    assert (
        'id="list-chua_hoan_thanh">Chưa hoàn thành chương trình lớp học (1)'
        in page.text
    )
    assert "Trần Văn Khoa" in page.text


def test_the_homeroom_teacher_enters_qualities(world, three_a, login):
    hoa, khoa = three_a.p["Hoa"], three_a.p["Khoa"]
    url = f"/results/{three_a.id}/qualities/gk1"
    data = {f"q{hoa.id}_{code}": "T" for code in qualities.ITEMS}
    data[f"q{khoa.id}_pc_cham_chi"] = "C"
    with at(OUTSIDE):
        client = login(world.teacher)
        assert "C cần cố gắng" in client.get(url).text
        saved = client.post(url, data=data)
        assert saved.status_code == 303
        bad = client.post(url, data={f"q{khoa.id}_nl_tu_chu": "X"})
    assert bad.status_code == 422 and "Chọn Tốt, Đạt hoặc Cần cố gắng." in bad.text
    rows = db.session.scalars(
        select(PrimaryEvaluation).where(PrimaryEvaluation.term == "gk1")
    ).all()
    assert len(rows) == 16
    assert {r.day for r in rows} == {date(2026, 11, 10)}
    assert any(r.student_id == khoa.id and r.level == "C" for r in rows)


def test_qualities_after_the_months_early_lock_are_423(world, three_a, login):
    url = f"/results/{three_a.id}/qualities/ck1"
    data = {f"q{three_a.p['Hoa'].id}_pc_yeu_nuoc": "D"}
    with at(OUTSIDE):
        windows.lock(dated.month_period(OUTSIDE.date()))  # the Department locks
        db.session.commit()
        client = login(world.teacher)
        assert "Tháng 11/2026 đã khóa sổ" in client.get(url).text
        refused = client.post(url, data=data)
    assert refused.status_code == 423
    assert (
        db.session.scalars(
            select(PrimaryEvaluation).where(PrimaryEvaluation.term == "ck1")
        ).all()
        == []
    )
