"""A new one-time password is shown again on a reload for a short while, only in the
browser that made it, and never in the database or the cookie alone."""

from datetime import UTC, datetime, timedelta

import time_machine
from sqlalchemy import select

from smasweb.extensions import db
from smasweb.models import UserSession
from tests.conftest import sign_in


def reset(client, user) -> str:
    resp = client.post(f"/accounts/{user.id}/reset-password")
    assert resp.status_code == 303
    page = client.get(resp.headers["Location"]).text
    return page.split('id="temp-password">')[1].split("<")[0]


def test_neither_the_database_nor_the_cookie_holds_the_password(world, login, client):
    temp = reset(login(world.admin), world.clerk)
    rows = db.session.scalars(select(UserSession.note_cipher)).all()
    assert rows and all(temp not in (r or "") for r in rows)
    assert all(temp.encode().hex() != r for r in rows)
    with client.session_transaction() as sess:
        assert temp not in str(dict(sess))


def test_another_browser_of_the_same_admin_does_not_see_it(world, login, app):
    temp = reset(login(world.admin), world.clerk)
    other = sign_in(app.test_client(), world.admin)
    assert temp not in other.get(f"/accounts/{world.clerk.id}").text


def test_it_is_gone_after_ten_minutes(world, login):
    client = login(world.admin)
    temp = reset(client, world.clerk)
    later = datetime.now(UTC) + timedelta(minutes=11)
    with time_machine.travel(later):
        assert temp not in client.get(f"/accounts/{world.clerk.id}").text


def test_another_accounts_page_does_not_show_it(world, login):
    client = login(world.admin)
    temp = reset(client, world.clerk)
    assert temp not in client.get(f"/accounts/{world.teacher.id}").text
