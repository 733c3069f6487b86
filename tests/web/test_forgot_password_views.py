""" "Quên mật khẩu": the login page links to it; the answer is the same whether or
not the account exists; the request shows on the accounts page of whoever may reset
that account, until the password is reset; a client may not flood the lists."""

import pytest
from sqlalchemy import func, select

from smasweb.extensions import db
from smasweb.models import PasswordResetRequest
from smasweb.services.accounts import reset_requests

SENT = "Đã ghi nhận. Nếu tên đăng nhập này có trong hệ thống"


def ask(client, username: str):
    resp = client.post("/forgot-password", data={"username": username})
    assert resp.status_code == 303
    return client.get(resp.headers["Location"]).text


def count() -> int:
    return db.session.scalar(select(func.count()).select_from(PasswordResetRequest))


def test_login_page_links_to_the_forgot_password_page(world, client):
    assert 'href="/forgot-password"' in client.get("/login").text
    page = client.get("/forgot-password").text
    assert "Quên mật khẩu" in page and 'name="username"' in page


def test_the_answer_does_not_tell_whether_the_account_exists(world, client):
    known, unknown = ask(client, "gv1"), ask(client, "khong-co-ai")
    assert SENT in known and SENT in unknown
    strip = [p.split("<main")[1].split("</main>")[0] for p in (known, unknown)]
    assert strip[0] == strip[1]
    assert count() == 1


@pytest.mark.parametrize(
    ("who", "sees"), [("leader", True), ("admin", True), ("leader2", False)]
)
def test_the_request_shows_to_whoever_may_reset_the_account(
    world, client, login, who, sees
):
    ask(client, world.teacher.username)
    page = login(getattr(world, who)).get("/accounts/").text
    assert ("Yêu cầu đặt lại mật khẩu" in page) is sees
    assert (f"({world.teacher.username})" in page) is sees


def test_a_leaders_own_request_goes_to_the_admin_not_to_the_peer(world, client, login):
    ask(client, world.leader.username)
    assert "Yêu cầu đặt lại mật khẩu" in login(world.admin).get("/accounts/").text
    requests = reset_requests.open_requests(world.leader)
    assert all(r.user_id != world.leader.id for r in requests)


def test_reset_password_closes_the_request(world, client, login):
    ask(client, world.teacher.username)
    leader = login(world.leader)
    assert (
        leader.post(f"/accounts/{world.teacher.id}/reset-password").status_code == 303
    )
    assert "Yêu cầu đặt lại mật khẩu" not in leader.get("/accounts/").text


def test_one_open_request_per_account_and_a_limit_per_client(world, client):
    for _ in range(3):
        ask(client, world.teacher.username)
    assert count() == 1
    for user in (world.clerk, world.leader, world.district, world.admin, world.clerk2):
        ask(client, user.username)
    assert count() == reset_requests.CLIENT_LIMIT
