"""Account pages: list, search, pagination, create, edit, reset, masking."""

from smasweb.extensions import db
from smasweb.models import User
from tests.conftest import HX
from tests.factories import PASSWORD, make_user


def test_admin_lists_accounts_with_diacritics_free_search(world, login):
    resp = login(world.admin).get("/accounts/?q=vo van an")
    assert resp.status_code == 200
    assert "Võ Văn An" in resp.text and "Phạm Thị Lan" not in resp.text


def test_account_list_pages_keep_the_filters(world, login):
    for i in range(30):
        make_user("teacher", world.s1, full_name=f"Lê Thị Mai {i:02d}")
    client = login(world.admin)
    first = client.get("/accounts/?role=teacher", headers=HX)
    assert "31 tài khoản" in first.text and "Trang 1/2" in first.text
    assert "/accounts/?page=2" in first.text and "role=teacher" in first.text
    second = client.get("/accounts/?role=teacher&page=2")
    assert second.text.count("<tr>") == 7  # header + 6 rows


def test_leader_creates_a_teacher_and_the_temporary_password_survives_a_reload(
    world, login
):
    client = login(world.leader)
    form = client.get("/accounts/new")
    assert 'value="86857001"' in form.text and "Quản trị hệ thống" not in form.text
    resp = client.post(
        "/accounts/new",
        data={
            "username": "gv.hoa",
            "full_name": "Nguyễn Thị Hoa",
            "role": "teacher",
            "unit_code": "86857001",
            "phone": "0911222333",
        },
    )
    user = db.session.query(User).filter_by(username="gv.hoa").one()
    assert resp.status_code == 303
    assert resp.headers["Location"] == f"/accounts/{user.id}"  # nothing in the URL
    assert user.must_change_password and user.unit_id == world.s1.id
    page = client.get(f"/accounts/{user.id}").text
    temp = page.split('id="temp-password">')[1].split("<")[0]
    assert len(temp) >= 10 and "sẽ không hiển thị lại" in page and "Sao chép" in page
    assert temp in client.get(f"/accounts/{user.id}").text  # a reload shows it again
    client.get("/accounts/")  # the leader leaves the page
    assert "Mật khẩu tạm thời" not in client.get(f"/accounts/{user.id}").text


def test_invalid_account_form_is_422_with_errors_inline(world, login):
    resp = login(world.admin).post(
        "/accounts/new",
        data={
            "username": "có dấu",
            "full_name": "",
            "role": "teacher",
            "unit_code": "86857001",
            "email": "khong-phai-email",
            "phone": "12345",
        },
    )
    assert resp.status_code == 422
    for field in ("username", "full_name", "email", "phone"):
        assert f'id="{field}-error"' in resp.text
    assert "Số điện thoại không hợp lệ" in resp.text


def test_duplicate_username_is_reported_on_its_field(world, login):
    resp = login(world.admin).post(
        "/accounts/new",
        data={
            "username": "BGH1",
            "full_name": "Ai Đó",
            "role": "teacher",
            "unit_code": "86857001",
        },
    )
    assert resp.status_code == 422 and "đã có người dùng" in resp.text


def test_edit_account(world, login):
    resp = login(world.leader).post(
        f"/accounts/{world.teacher.id}/edit",
        data={
            "username": "gv1",
            "full_name": "Đỗ Thị Ánh Tuyết",
            "role": "teacher",
            "unit_code": "86857001",
            "phone": "0900000001",
        },
    )
    assert resp.status_code == 303
    assert db.session.get(User, world.teacher.id).full_name == "Đỗ Thị Ánh Tuyết"


def test_district_sees_masked_phone_and_resets_a_school_password(world, login):
    client = login(world.district)
    page = client.get(f"/accounts/{world.clerk.id}")
    assert "0987654321" not in page.text and "••••••••21" in page.text
    assert (
        "Đặt lại mật khẩu" in page.text
        and f"/accounts/{world.clerk.id}/edit" not in page.text
    )
    resp = client.post(f"/accounts/{world.clerk.id}/reset-password")
    assert resp.status_code == 303
    assert "Mật khẩu tạm thời" in client.get(resp.headers["Location"]).text
    assert db.session.get(User, world.clerk.id).must_change_password


def test_own_school_sees_the_phone_in_full(world, login):
    assert "0987654321" in login(world.leader).get(f"/accounts/{world.clerk.id}").text


def test_disable_and_enable_an_account(world, login):
    client = login(world.leader)
    assert (
        client.post(
            f"/accounts/{world.teacher.id}/active", data={"active": "0"}
        ).status_code
        == 303
    )
    assert not db.session.get(User, world.teacher.id).active
    client.post(f"/accounts/{world.teacher.id}/active", data={"active": "1"})
    assert db.session.get(User, world.teacher.id).active


def test_the_leader_lifts_the_waits_after_failed_logins(world, client, app, login):
    guesser = app.test_client()
    for _ in range(6):
        guesser.post("/login", data={"username": "gv1", "password": "sai-mat-khau1"})
    right = {"username": "gv1", "password": PASSWORD}
    assert app.test_client().post("/login", data=right).status_code == 429
    resp = login(world.leader).post(f"/accounts/{world.teacher.id}/unlock")
    assert resp.status_code == 303
    assert app.test_client().post("/login", data=right).status_code == 303
