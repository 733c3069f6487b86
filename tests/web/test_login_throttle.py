"""Login throttling: guessers slow themselves down, never lock the owner out."""

from datetime import UTC, datetime, timedelta

import time_machine
from sqlalchemy import select

from smasweb.extensions import db
from smasweb.models import Notice
from smasweb.services.accounts import login_throttle
from tests.factories import PASSWORD

GUESSER = {"REMOTE_ADDR": "203.0.113.9"}
OWNER = {"REMOTE_ADDR": "10.1.2.3"}


def attempt(client, username, password, where=GUESSER, **headers):
    return client.post(
        "/login",
        data={"username": username, "password": password},
        environ_base=where,
        headers=headers,
    )


def test_fifty_anonymous_failures_for_admin_leave_the_admin_able_to_sign_in(
    world, client
):
    statuses = {
        attempt(client, "admin", f"doan-sai-{i}").status_code for i in range(50)
    }
    assert statuses == {422, 429}
    assert attempt(client, "admin", PASSWORD).status_code == 429  # the guesser waits
    assert attempt(client, "admin", PASSWORD, where=OWNER).status_code == 303


def test_a_client_guessing_many_accounts_waits_for_every_account(world, client):
    for i in range(login_throttle.CLIENT_FREE_FAILURES):
        assert attempt(client, f"khong-co-{i}", "sai-mat-khau1").status_code == 422
    assert attempt(client, "bgh1", PASSWORD).status_code == 429
    assert attempt(client, "bgh1", PASSWORD, where=OWNER).status_code == 303


def test_the_wait_grows_with_every_failure_after_it(world, client):
    for _ in range(5):
        attempt(client, "cb1", "sai-mat-khau1")
    first = int(attempt(client, "cb1", "sai").headers["Retry-After"])
    assert 50 <= first <= 60
    with time_machine.travel(datetime.now(UTC) + timedelta(seconds=61)):
        assert attempt(client, "cb1", "sai-mat-khau1").status_code == 422
        second = int(attempt(client, "cb1", "sai").headers["Retry-After"])
    assert 110 <= second <= 120
    with time_machine.travel(datetime.now(UTC) + timedelta(hours=2)):
        assert attempt(client, "cb1", PASSWORD).status_code == 303  # window over


def test_a_spoofed_forwarded_for_does_not_make_a_new_client(world, client):
    for i in range(6):
        attempt(client, "cb1", "sai-mat-khau1", **{"X-Forwarded-For": f"10.9.9.{i}"})
    resp = attempt(client, "cb1", PASSWORD, **{"X-Forwarded-For": "10.9.9.99"})
    assert resp.status_code == 429


def test_behind_a_trusted_proxy_the_forwarded_client_is_throttled(world, app):
    app.config["TRUSTED_PROXIES"] = 1
    from smasweb.security import _trust_proxies

    original = app.wsgi_app
    _trust_proxies(app)
    try:
        client = app.test_client()
        proxy = {"REMOTE_ADDR": "127.0.0.1"}
        for _ in range(5):
            attempt(client, "cb1", "sai", where=proxy, **{"X-Forwarded-For": "1.2.3.4"})
        assert (
            attempt(client, "cb1", PASSWORD, proxy, **{"X-Forwarded-For": "1.2.3.4"})
        ).status_code == 429
        assert (
            attempt(client, "cb1", PASSWORD, proxy, **{"X-Forwarded-For": "5.6.7.8"})
        ).status_code == 303
    finally:
        app.wsgi_app = original
        app.config["TRUSTED_PROXIES"] = 0


def test_admins_are_told_of_an_account_guessed_from_many_clients(world, client):
    for i in range(login_throttle.ACCOUNT_ALERT):
        where = {"REMOTE_ADDR": f"198.51.100.{i}"}
        attempt(client, "bgh1", "sai-mat-khau1", where=where)
    notice = db.session.scalar(select(Notice).where(Notice.kind == "security"))
    assert notice is not None and notice.unit_id == world.admin.unit_id
    assert "bgh1" in notice.title and notice.url == f"/accounts/{world.leader.id}"


def test_the_admin_sees_and_lifts_the_waits_on_an_account(world, client, login):
    for _ in range(5):
        attempt(client, "cb1", "sai-mat-khau1")
    admin = login(world.admin)
    page = admin.get(f"/accounts/{world.clerk.id}")
    assert "1 máy bị chặn tạm thời" in page.text and "Mở khóa đăng nhập" in page.text
    assert admin.post(f"/accounts/{world.clerk.id}/unlock").status_code == 303
    assert "máy bị chặn" not in admin.get(f"/accounts/{world.clerk.id}").text
    other = client.application.test_client()
    assert attempt(other, "cb1", PASSWORD).status_code == 303
