"""Phân công giảng dạy: the leader lists the classes, chooses a 10th-grade class's
electives and teachers in its form; a bad choice comes back with 422 by its
field and nothing saved; a teacher is refused; the assigned teacher then finds
its class and subject on /grades/."""

import pytest
from sqlalchemy import select

from smasweb.extensions import db
from smasweb.models import ClassGroup
from smasweb.models.assessment import ClassSubject, TeachingAssignment
from smasweb.services import years as school_years
from tests.factories import make_staff, make_user


@pytest.fixture
def thpt(world):
    school = world.thpt
    world.cls = ClassGroup(
        school_id=school.id, year=school_years.current_year(), grade="10", name="10A1"
    )
    db.session.add(world.cls)
    world.t1 = make_staff(school, full_name="Phan Văn Toán")
    world.gv = make_user("teacher", school, staff_id=world.t1.id)
    db.session.commit()
    return world


def test_the_leader_assigns_a_teacher_who_then_finds_the_subject(thpt, login):
    url = f"/grades/assignments/{thpt.cls.id}"
    client = login(thpt.leader_thpt)
    listing = client.get("/grades/assignments")
    assert url in listing.text and "10A1" in listing.text
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="t_toan_1"' in page.text and 'value="vat_li"' in page.text
    assert "Phan Văn Toán" in page.text
    data = {
        "t_toan_1": str(thpt.t1.id),
        "t_vat_li_1": str(thpt.t1.id),
        "electives": ["vat_li", "hoa_hoc"],
    }
    saved = client.post(url, data=data)
    assert saved.status_code == 303
    after = client.get(saved.headers["Location"])
    assert "Đã lưu phân công giảng dạy lớp 10A1." in after.text
    assert after.text.count("selected") == 2
    rows = db.session.scalars(select(TeachingAssignment)).all()
    assert sorted((r.subject_code, r.semester) for r in rows) == [
        ("toan", 1),
        ("vat_li", 1),
    ]
    index = login(thpt.gv).get("/grades/").text
    assert f"/grades/{thpt.cls.id}/toan/1" in index
    assert f"/grades/{thpt.cls.id}/vat_li/1" in index
    assert f"/grades/{thpt.cls.id}/toan/2" not in index


def test_five_electives_are_refused_by_the_field(thpt, login):
    url = f"/grades/assignments/{thpt.cls.id}"
    data = {
        "t_toan_1": str(thpt.t1.id),
        "electives": ["vat_li", "hoa_hoc", "sinh_hoc", "tin_hoc", "dia_li"],
    }
    refused = login(thpt.leader_thpt).post(url, data=data)
    assert refused.status_code == 422
    assert "Mỗi lớp chọn tối đa 4 môn lựa chọn." in refused.text
    assert 'value="dia_li" checked' in refused.text  # as ticked
    assert db.session.scalars(select(TeachingAssignment)).all() == []
    assert db.session.scalars(select(ClassSubject)).all() == []


def test_a_teacher_may_not_assign(thpt, login):
    client = login(thpt.gv)
    assert client.get("/grades/assignments").status_code == 403
    assert client.get(f"/grades/assignments/{thpt.cls.id}").status_code == 403
