"""Pupil pages through the web layer: search over the scope, detail with masking,
forms with the one-active-record rule and inline checks, roster, duplicates, the
calendar lock and query counts."""

from datetime import date

import pytest

from smasweb.extensions import db
from smasweb.models import ClassGroup, Student
from smasweb.services import years as school_years
from tests.conftest import HX
from tests.factories import make_student

PID = "086218001234"  # a boy born in 2018, registered in Vĩnh Long
FORM = {"full_name": "Lê Thị Hoa", "gender": "02", "birth_date": "04/03/2018"}


def make_class(school, name="1A", grade="01", year=None):
    year = year or school_years.current_year()
    school_years.ensure_year(year)
    cls = ClassGroup(school_id=school.id, year=year, grade=grade, name=name)
    db.session.add(cls)
    db.session.flush()
    return cls


def test_search_without_diacritics_over_the_scope(world, login):
    make_student(world.s1, full_name="Nguyễn Văn Bình")
    make_student(world.s2, full_name="Nguyễn Thị Cúc")
    make_student(world.s1, full_name="Trần Văn An")
    db.session.commit()
    admin = login(world.admin).get("/students/?q=nguyen").text
    assert "Nguyễn Văn Bình" in admin and "Nguyễn Thị Cúc" in admin
    assert "Trần Văn An" not in admin
    clerk = login(world.clerk).get("/students/?q=nguyen", headers=HX).text
    assert clerk.lstrip().startswith('<section id="student-results"')
    assert "Nguyễn Văn Bình" in clerk and "Nguyễn Thị Cúc" not in clerk


def test_search_by_ministry_code_class_name_and_personal_id(world, login):
    cls = make_class(world.s1, "6A1", "06")
    make_student(world.s1, cls, full_name="Có Lớp")
    make_student(world.s1, full_name="Có Mã", ministry_code="8600012345")
    make_student(world.s1, full_name="Có Số", personal_id=PID)
    db.session.commit()
    client = login(world.clerk)
    by_class = client.get("/students/?q=6a1").text
    assert "Có Lớp" in by_class and "Có Mã" not in by_class and "6A1" in by_class
    by_code = client.get("/students/?q=8600012345").text
    assert "Có Mã" in by_code and "Có Lớp" not in by_code
    by_pid = client.get(f"/students/?q={PID}").text
    assert "Có Số" in by_pid and "Có Mã" not in by_pid


def test_list_is_in_vietnamese_name_order_and_active_by_default(world, login):
    make_student(world.s1, full_name="Nguyễn Văn Bình")
    make_student(world.s1, full_name="Trần Thị Anh")
    make_student(world.s1, full_name="Đã Đi", active=False, status="04")
    db.session.commit()
    client = login(world.clerk)
    page = client.get("/students/").text
    assert page.index("Trần Thị Anh") < page.index("Nguyễn Văn Bình")
    assert "Đã Đi" not in page
    assert "Đã Đi" in client.get("/students/?status=all").text


@pytest.mark.parametrize(
    "url", ["/students/{id}", "/students/{id}/edit", "/students/{id}/movements/new"]
)
def test_other_schools_students_are_404(world, login, url):
    student = make_student(world.s2)
    db.session.commit()
    assert login(world.clerk).get(url.format(id=student.id)).status_code == 404


@pytest.mark.parametrize(
    ("who", "masked"),
    [("clerk", False), ("admin", False), ("district", True), ("division_mnth", True)],
)
def test_personal_fields_masked_outside_the_school(world, login, who, masked):
    student = make_student(
        world.s1, personal_id=PID, perm_address="Ấp Tân Hòa", father_name="Lê Văn Cha"
    )
    db.session.commit()
    page = login(getattr(world, who)).get(f"/students/{student.id}")
    assert page.status_code == 200
    for value in (PID, "Ấp Tân Hòa", "Lê Văn Cha"):
        assert (value not in page.text) is masked
    assert "Lịch sử thay đổi" in page.text


def test_new_student_is_enrolled_with_an_admission(world, login):
    cls = make_class(world.s1)
    db.session.commit()
    client = login(world.clerk)
    assert client.get(f"/students/new?class={cls.id}").status_code == 200
    resp = client.post("/students/new", data={**FORM, "class_id": str(cls.id)})
    assert resp.status_code == 303
    student = db.session.query(Student).one()
    assert student.school_code.startswith("HS") and student.active
    page = client.get(f"/students/{student.id}").text
    assert "Nhập học mới" in page and "1A" in page and "Đang học" in page


def test_new_student_needs_a_class_and_a_plausible_age(world, login):
    make_class(world.s1)
    db.session.commit()
    client = login(world.clerk)
    resp = client.post("/students/new", data={**FORM, "birth_date": "01/01/1990"})
    assert resp.status_code == 422 and "Hãy chọn một lớp" in resp.text


def test_personal_id_active_elsewhere_is_422_next_to_the_field(world, login):
    cls = make_class(world.s1)
    make_student(world.s2, personal_id=PID)
    db.session.commit()
    data = {**FORM, "gender": "01", "class_id": str(cls.id), "personal_id": PID}
    resp = login(world.clerk).post("/students/new", data=data)
    assert resp.status_code == 422
    assert "đang học tại trường khác" in resp.text
    assert world.s2.name not in resp.text  # the clerk may not see school s2
    assert db.session.query(Student).count() == 1


def test_inline_check_of_the_ministry_code(world, login):
    make_class(world.s1)
    db.session.commit()
    client = login(world.clerk)
    bad = client.post(
        "/students/validate?field=ministry_code", data={"ministry_code": "123"}
    )
    assert bad.status_code == 200 and "đúng 10 chữ số" in bad.text
    assert bad.text.lstrip().startswith('<div id="check-ministry_code"')
    good = client.post(
        "/students/validate?field=ministry_code", data={"ministry_code": "8600000001"}
    )
    assert "error" not in good.text


def test_edit_keeps_the_record_and_refuses_a_stale_version(world, login):
    student = make_student(world.s1, full_name="Cũ Tên")
    db.session.commit()
    client = login(world.clerk)
    data = {**FORM, "version": str(student.version)}
    assert client.post(f"/students/{student.id}/edit", data=data).status_code == 303
    assert db.session.get(Student, student.id).full_name == "Lê Thị Hoa"
    assert client.post(f"/students/{student.id}/edit", data=data).status_code == 409


def test_district_may_read_but_not_edit(world, login):
    student = make_student(world.s1)
    db.session.commit()
    client = login(world.district)
    assert client.get(f"/students/{student.id}/edit").status_code == 403
    assert client.get("/students/new").status_code == 404


def test_roster_order_and_counts(world, login):
    cls = make_class(world.s1)
    make_student(world.s1, cls, full_name="Nguyễn Văn Bình", gender="01")
    make_student(world.s1, cls, full_name="Thạch Thị Sa", gender="02", ethnicity="05")
    make_student(world.s1, cls, full_name="Lê Thị An", gender="02")
    make_student(world.s1, cls, full_name="Đi Rồi", active=False)
    db.session.commit()
    page = login(world.clerk).get(f"/students/roster?class={cls.id}").text
    assert page.index("Lê Thị An") < page.index("Nguyễn Văn Bình")
    assert page.index("Nguyễn Văn Bình") < page.index("Thạch Thị Sa")
    assert "Đi Rồi" not in page
    counts = page[page.index('id="roster-counts"') :]
    assert "Tổng số: <strong>3</strong>" in counts
    assert "Nữ: <strong>2</strong>" in counts
    assert "Dân tộc thiểu số: <strong>1</strong>" in counts
    assert "Nữ dân tộc thiểu số: <strong>1</strong>" in counts
    assert (
        login(world.clerk2).get(f"/students/roster?class={cls.id}").status_code == 404
    )


def test_duplicates_by_name_and_birth_date(world, login):
    make_student(world.s1, full_name="Trùng Tên", birth_date=date(2018, 1, 2))
    make_student(world.s2, full_name="Trùng Tên", birth_date=date(2018, 1, 2))
    make_student(world.s2, full_name="Khác Tên", birth_date=date(2018, 1, 2))
    db.session.commit()
    clerk = login(world.clerk).get("/students/duplicates").text
    assert "Trùng Tên" in clerk and "Một học sinh ở trường khác" in clerk
    assert "Khác Tên" not in clerk
    admin = login(world.admin).get("/students/duplicates").text
    assert admin.count("Trùng họ tên và ngày sinh") == 1


@pytest.mark.real_calendar
def test_new_student_after_the_lock_is_423(app, world, login):
    from smasweb.services.system import system_override

    with system_override("test setup"):
        cls = make_class(world.s1, year=2026)
        db.session.commit()
    app.config["TODAY"] = date(2026, 9, 10)
    try:
        data = {**FORM, "class_id": str(cls.id)}
        resp = login(world.clerk).post("/students/new", data=data)
    finally:
        app.config["TODAY"] = None
    assert resp.status_code == 423


@pytest.mark.parametrize("who", ["division_mnth", "clerk"])
def test_list_queries_do_not_grow_with_rows(world, login, count_queries, who):  # noqa: F811
    client = login(getattr(world, who))
    cls = make_class(world.s1)
    make_student(world.s1, cls)
    db.session.commit()
    small = count_queries(lambda: client.get("/students/?q=tran"))
    for _ in range(20):
        make_student(world.s1, cls)
        make_student(world.s2)
    db.session.commit()
    large = count_queries(lambda: client.get("/students/?q=tran"))
    assert large == small, (small, large)
