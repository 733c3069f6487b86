"""Staff pages through the web layer: list, detail, forms, inline checks, years,
transfers, accounts, the calendar lock and query counts."""

from datetime import date, datetime

import pytest
import time_machine
from sqlalchemy import select

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import ClassGroup, StaffMember, User
from smasweb.services import years as school_years
from tests.conftest import HX
from tests.factories import make_staff

PID = "086185000123"
FORM = {
    "full_name": "Trần Thị Mai",
    "gender": "02",
    "birth_date": "20/05/1985",
    "group": "03",
    "position": "35",
    "contract": "07",
    "qualification": "16",
    "status": "01",
}


def test_list_search_without_diacritics_in_name_order(world, login):
    make_staff(world.s1, full_name="Nguyễn Văn Bình")
    make_staff(world.s1, full_name="Trần Thị Anh")
    client = login(world.clerk)
    page = client.get("/staff/").text
    assert page.index("Trần Thị Anh") < page.index("Nguyễn Văn Bình")
    assert "Thêm cán bộ" in page
    found = client.get("/staff/?q=nguyen", headers=HX)
    assert found.text.lstrip().startswith('<section id="staff-results"')
    assert "Nguyễn Văn Bình" in found.text and "Trần Thị Anh" not in found.text


def test_list_filters_by_group_and_status(world, login):
    make_staff(world.s1, full_name="Kế Toán", group="02", position="15")
    make_staff(world.s1, full_name="Hưu Trí", status="05")
    client = login(world.clerk)
    assert "Hưu Trí" not in client.get("/staff/").text
    assert "Hưu Trí" in client.get("/staff/?status=all").text
    text = client.get("/staff/?group=02", headers=HX).text
    assert "Kế Toán" in text and "Hưu Trí" not in text


def test_officers_see_the_school_column_and_no_add_link(world, login):
    make_staff(world.s2, full_name="Ở Trà Côn")
    page = login(world.division).get("/staff/?school=86862001").text
    assert "Trường Tiểu học Trà Côn" in page and "Thêm cán bộ" not in page


def test_other_district_gets_404_on_detail(world, login):
    member = make_staff(world.s2)
    assert login(world.district).get(f"/staff/{member.id}").status_code == 404
    assert login(world.district2).get(f"/staff/{member.id}").status_code == 200


@pytest.mark.parametrize(("who", "masked"), [("division", True), ("district", True),
                                             ("clerk", False), ("admin", False)])  # fmt: skip
def test_personal_id_masked_outside_the_school(world, login, who, masked):
    member = make_staff(world.s1, personal_id=PID, phone="0912345678")
    text = login(getattr(world, who)).get(f"/staff/{member.id}").text
    assert (PID in text) is not masked
    assert ("••••••••••23" in text) is masked
    assert "20/05/1985" in text  # birth date stays visible


def test_create_saves_and_redirects(world, login):
    resp = login(world.clerk).post("/staff/new", data={**FORM, "personal_id": PID})
    assert resp.status_code == 303
    member = db.session.scalar(select(StaffMember))
    assert resp.headers["Location"].endswith(f"/staff/{member.id}")
    assert member.code == "CB0001" and member.personal_id == PID


def test_bad_personal_id_is_422_next_to_the_field(world, login):
    data = {**FORM, "personal_id": "086085000123"}
    resp = login(world.clerk).post("/staff/new", data=data, headers=HX)
    assert resp.status_code == 422
    assert resp.text.lstrip().startswith('<form id="staff-form"')
    assert 'id="personal_id-error"' in resp.text
    assert "Chữ số thứ 4 (0) không khớp: nữ sinh năm 1985 phải là 1." in resp.text
    assert db.session.scalar(select(StaffMember)) is None


def test_duplicate_personal_id_in_another_school_is_422(world, login):
    make_staff(world.s2, personal_id=PID)
    resp = login(world.clerk).post("/staff/new", data={**FORM, "personal_id": PID})
    assert resp.status_code == 422
    assert "Số định danh này đã có trong hồ sơ cán bộ của một trường khác." in resp.text


def test_inline_validation_returns_the_field_with_its_error(world, login):
    client = login(world.clerk)
    resp = client.post(
        "/staff/validate?field=phone", data={**FORM, "phone": "12345"}, headers=HX
    )
    assert resp.status_code == 200
    assert resp.text.lstrip().startswith('<div id="check-phone"')
    assert "Số điện thoại không hợp lệ" in resp.text and "<html" not in resp.text
    ok = client.post(
        "/staff/validate?field=personal_id", data={**FORM, "personal_id": PID}
    )
    assert 'class="error"' not in ok.text
    bad = client.post(
        "/staff/validate?field=personal_id", data={**FORM, "personal_id": "0861"}
    )
    assert "12 chữ số" in bad.text
    assert client.post("/staff/validate?field=gender", data=FORM).status_code == 400


def test_form_wires_inline_checks(world, login):
    text = login(world.clerk).get("/staff/new").text
    assert 'hx-post="/staff/validate?field=personal_id"' in text
    assert 'hx-trigger="change"' in text


def test_stale_version_is_409(world, login):
    member = make_staff(world.s1)
    db.session.commit()
    data = {**FORM, "version": str(member.version - 1)}
    resp = login(world.clerk).post(f"/staff/{member.id}/edit", data=data)
    assert resp.status_code == 409


def test_teacher_and_district_may_not_edit(world, login):
    member = make_staff(world.s1)
    assert login(world.teacher).get(f"/staff/{member.id}/edit").status_code == 403
    assert login(world.district).get(f"/staff/{member.id}/edit").status_code == 403
    assert login(world.clerk2).get(f"/staff/{member.id}/edit").status_code == 404


def test_year_assignment_sets_the_homeroom_link(world, login):
    member = make_staff(world.s1)
    year = school_years.current_year()
    school_years.ensure_year(year)
    cls = ClassGroup(school_id=world.s1.id, year=year, grade="01", name="1A")
    db.session.add(cls)
    db.session.commit()
    client = login(world.clerk)
    page = client.get(f"/staff/{member.id}/years/{year}")
    assert page.status_code == 200 and "1A" in page.text
    data = {"homeroom_class_id": str(cls.id), "subjects": ["01", "02"]}
    data["periods_per_week"] = "20"
    resp = client.post(f"/staff/{member.id}/years/{year}", data=data)
    assert resp.status_code == 303
    db.session.refresh(cls)
    assert cls.homeroom_staff_id == member.id
    detail = client.get(f"/staff/{member.id}").text
    assert "Toán, Tiếng Việt" in detail
    bad = client.post(f"/staff/{member.id}/years/{year}", data={"periods_per_week": 99})
    assert bad.status_code == 422
    assert client.get(f"/staff/{member.id}/years/1990").status_code == 404


def test_transfer_moves_the_record_and_leaves_a_trace(world, login):
    member = make_staff(world.s1, full_name="Lý Thị Chuyển", personal_id=PID)
    client = login(world.clerk)
    data = {"school_code": "86862001", "moved_on": "01/09/2024", "note": "QĐ 1"}
    resp = client.post(f"/staff/{member.id}/transfer", data=data)
    assert resp.status_code == 303
    assert resp.headers["Location"].endswith("/staff/former")
    assert client.get(f"/staff/{member.id}").status_code == 404
    trace = client.get("/staff/former").text
    assert "Lý Thị Chuyển" in trace and "Trường Tiểu học Trà Côn" in trace
    assert PID not in trace
    again = client.post(f"/staff/{member.id}/transfer", data=data)
    assert again.status_code == 404  # no longer theirs
    assert login(world.clerk2).get(f"/staff/{member.id}").status_code == 200


def test_transfer_to_unknown_school_is_422(world, login):
    member = make_staff(world.s1)
    data = {"school_code": "KHONGCO", "moved_on": "01/09/2024"}
    resp = login(world.district).post(f"/staff/{member.id}/transfer", data=data)
    assert resp.status_code == 422 and "Không có trường với mã này." in resp.text


def test_leader_creates_the_teacher_account(world, login):
    member = make_staff(world.s1, full_name="Đinh Văn Giáo")
    client = login(world.leader)
    assert "Tạo tài khoản" in client.get(f"/staff/{member.id}").text
    assert "Tạo tài khoản" not in login(world.clerk).get(f"/staff/{member.id}").text
    client = login(world.leader)
    resp = client.post(f"/staff/{member.id}/account", data={"role": "teacher"})
    assert resp.status_code == 200
    user = db.session.scalar(select(User).where(User.staff_id == member.id))
    assert user.username == "dinhvangiao" and user.role == "teacher"
    assert "mật khẩu tạm thời" in resp.text
    assert "dinhvangiao" in client.get(f"/staff/{member.id}").text
    again = client.post(f"/staff/{member.id}/account", data={"role": "teacher"})
    assert again.status_code == 422


@pytest.mark.real_calendar
def test_save_after_the_lock_is_423(app, world, login):
    with time_machine.travel(datetime(2026, 9, 5, 9, 0, tzinfo=clock.VN_TZ)):
        member = make_staff(world.s1)
        db.session.commit()
    app.config["TODAY"] = date(2026, 9, 10)
    try:
        data = {**FORM, "version": str(member.version)}
        resp = login(world.clerk).post(f"/staff/{member.id}/edit", data=data)
    finally:
        app.config["TODAY"] = None
    assert resp.status_code == 423


@pytest.mark.parametrize("who", ["division", "clerk"])
def test_list_queries_do_not_grow_with_rows(world, login, who, count_queries):
    client = login(getattr(world, who))
    make_staff(world.s1)
    small = count_queries(lambda: client.get("/staff/?q=nguyen"))
    for _ in range(20):
        make_staff(world.s1)
        make_staff(world.s2)
    large = count_queries(lambda: client.get("/staff/?q=nguyen"))
    assert large == small, (small, large)


def test_class_form_links_the_homeroom_teacher(world, login):
    member = make_staff(world.s1, full_name="Phan Thị Chủ Nhiệm")
    make_staff(world.s1, full_name="Bảo Vệ", group="02", position="17")
    other = make_staff(world.s2, full_name="Trường Khác")
    year = school_years.current_year()
    client = login(world.clerk)
    page = client.get(f"/schools/classes/new?school={world.s1.id}&year={year}").text
    assert "Phan Thị Chủ Nhiệm" in page and "Bảo Vệ" not in page
    url = f"/schools/classes/new?school={world.s1.id}&year={year}"
    form = {"grade": "01", "name": "1A", "homeroom_staff_id": str(member.id)}
    assert client.post(url, data=form).status_code == 303
    cls = db.session.scalar(select(ClassGroup))
    assert cls.homeroom_staff_id == member.id
    assert cls.homeroom_teacher == "Phan Thị Chủ Nhiệm"
    form = {"grade": "01", "name": "1B", "homeroom_staff_id": str(other.id)}
    assert client.post(url, data=form).status_code == 422
