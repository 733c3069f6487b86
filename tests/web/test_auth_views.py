"""Login, lockout, forced password change, logout, CSRF, cookies and security headers."""

import re

import pytest

from tests.conftest import HX, sign_in
from tests.factories import PASSWORD, make_user


def page_token(client, url: str) -> str:
    page = client.get(url).text
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def post_login(client, username, password, **extra):
    return client.post(
        "/login", data={"username": username, "password": password, **extra}
    )


def test_login_with_the_form_lands_on_the_home_page(world, client):
    resp = post_login(client, "bgh1", PASSWORD)
    assert resp.status_code == 303 and resp.headers["Location"] == "/"
    home = client.get("/")
    assert "Phạm Thị Lan" in home.text and "Trường Tiểu học Long Phước" in home.text


def test_login_follows_a_safe_next_but_not_an_external_one(world, client):
    resp = post_login(client, "bgh1", PASSWORD, next="/units/")
    assert resp.headers["Location"] == "/units/"
    client.post("/logout")
    resp = post_login(client, "bgh1", PASSWORD, next="//evil.example/x")
    assert resp.headers["Location"] == "/"


def test_wrong_password_and_unknown_user_get_the_same_422_message(world, client):
    wrong = post_login(client, "bgh1", "sai-mat-khau1")
    unknown = post_login(client, "khong-co-ai", "sai-mat-khau1")
    assert wrong.status_code == unknown.status_code == 422
    message = re.compile(r'<div id="error-summary".*?</div>', re.S)
    assert message.search(wrong.text).group() == message.search(unknown.text).group()
    assert "không đúng" in wrong.text


def test_empty_login_form_shows_required_errors_next_to_the_fields(world, client):
    resp = client.post("/login", data={"username": "", "password": ""})
    assert resp.status_code == 422
    assert 'id="username-error"' in resp.text and "Bắt buộc nhập." in resp.text
    assert 'aria-invalid="true"' in resp.text


def test_five_wrong_passwords_make_this_client_wait_for_that_account(world, client):
    guesser = {"REMOTE_ADDR": "10.0.0.66"}
    for _ in range(5):
        resp = client.post(
            "/login",
            data={"username": "cb1", "password": "sai-mat-khau1"},
            environ_base=guesser,
        )
        assert resp.status_code == 422
    waiting = client.post(
        "/login",
        data={"username": "cb1", "password": PASSWORD},
        environ_base=guesser,
    )
    assert waiting.status_code == 429 and int(waiting.headers["Retry-After"]) > 0
    assert "thử lại sau 1 phút" in waiting.text
    owner = client.post(
        "/login",
        data={"username": "cb1", "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "10.0.0.7"},
    )
    assert owner.status_code == 303  # the owner, elsewhere, is not locked out


def test_a_new_account_must_change_its_password_first(world, client):
    make_user("teacher", world.s1, username="gvmoi", must_change=True)
    assert post_login(client, "gvmoi", PASSWORD).status_code == 303
    resp = client.get("/units/")
    assert resp.status_code == 302 and resp.headers["Location"] == "/password"
    assert client.get("/units/", headers=HX).headers["HX-Redirect"] == "/password"
    resp = client.post(
        "/password",
        data={
            "current_password": PASSWORD,
            "new_password": "MatKhauMoi2020",
            "confirm": "MatKhauMoi2020",
        },
    )
    assert resp.status_code == 303
    assert client.get("/units/").status_code == 200


def test_password_change_mismatch_is_a_422_with_the_error_inline(world, login):
    client = login(world.clerk)
    resp = client.post(
        "/password",
        data={
            "current_password": PASSWORD,
            "new_password": "MatKhauMoi2020",
            "confirm": "KhacHoanToan1",
        },
    )
    assert resp.status_code == 422
    assert 'id="confirm-error"' in resp.text and "không khớp" in resp.text


def test_a_reset_password_ends_the_other_session(world, login, app):
    client = login(world.clerk)
    assert client.get("/").status_code == 200
    other = sign_in(app.test_client(), world.leader)
    assert other.post(f"/accounts/{world.clerk.id}/reset-password").status_code == 303
    assert client.get("/").status_code == 302


def test_logout_is_a_post_and_ends_the_session(world, login):
    client = login(world.clerk)
    assert client.get("/logout").status_code == 200  # a confirmation page, nothing ends
    assert client.get("/").status_code == 200
    resp = client.post("/logout")
    assert resp.status_code == 303 and resp.headers["Location"] == "/login"
    assert client.get("/").status_code == 302


@pytest.mark.usefixtures("csrf_on")
def test_posts_without_a_csrf_token_are_refused(world, client):
    assert post_login(client, "bgh1", PASSWORD).status_code == 400
    assert (
        post_login(
            client, "bgh1", PASSWORD, csrf_token=page_token(client, "/login")
        ).status_code
        == 303
    )
    reset = f"/accounts/{world.clerk.id}/reset-password"
    token = page_token(
        client, f"/accounts/{world.clerk.id}"
    )  # login starts a new session
    refused = client.post(reset, headers=HX)
    assert refused.status_code == 400 and refused.headers["HX-Refresh"] == "true"
    assert client.post(reset, headers={**HX, "X-CSRFToken": token}).status_code == 200


def test_security_headers_on_every_response(world, client, login):
    redirect = client.get("/nope")  # to the sign-in: never rendered, so it carries
    assert redirect.status_code == 302  # no document headers (CSP, frames)
    assert "Content-Security-Policy" not in redirect.headers
    for resp in (
        client.get("/login"),
        client.get("/nope", follow_redirects=True),
        login(world.admin).get("/"),
        login(world.admin).get("/nope"),
    ):
        csp = resp.headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
        assert "unsafe-inline" not in csp
        assert resp.headers["X-Frame-Options"] == "DENY"
    for resp in (redirect, client.get("/login"), login(world.admin).get("/")):
        assert resp.headers["X-Content-Type-Options"] == "nosniff"
        assert resp.headers["Referrer-Policy"] in (
            "same-origin",
            "no-referrer",
            "strict-origin-when-cross-origin",
        )


def test_pages_have_no_inline_script(world, login):
    html = login(world.admin).get("/").text
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert not re.search(r"<[^>]+\son[a-z]+=", html)


def test_session_cookie_is_httponly_and_samesite_lax(world, client):
    resp = post_login(client, "bgh1", PASSWORD)
    cookie = resp.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
