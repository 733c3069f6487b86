"""Sessions live in the database: logout, idle time and age end them everywhere."""

from datetime import UTC, datetime, timedelta

import time_machine
from sqlalchemy import select

from smasweb.extensions import db
from smasweb.models import UserSession
from tests.factories import PASSWORD


def sign_in(client, username):
    resp = client.post("/login", data={"username": username, "password": PASSWORD})
    assert resp.status_code == 303
    return client.get_cookie("session").value


def replay(app, cookie):
    """Another browser (an attacker) holding a copy of the cookie."""
    thief = app.test_client()
    thief.set_cookie("session", cookie, domain="localhost")
    return thief


def test_a_cookie_copied_before_logout_opens_nothing_after_it(world, client, app):
    cookie = sign_in(client, "cb1")
    assert replay(app, cookie).get("/").status_code == 200
    assert client.post("/logout").status_code == 303
    after = replay(app, cookie).get("/")
    assert after.status_code == 302 and after.headers["Location"].startswith("/login")
    ended = db.session.scalar(select(UserSession.ended_at))
    assert ended is not None


def test_logout_ends_only_this_browser(world, client, app):
    other = app.test_client()
    sign_in(other, "cb1")
    sign_in(client, "cb1")
    client.post("/logout")
    assert other.get("/").status_code == 200


def test_an_idle_session_ends(world, client, app):
    sign_in(client, "cb1")
    idle = app.config["SESSION_IDLE_MINUTES"]
    with time_machine.travel(datetime.now(UTC) + timedelta(minutes=idle - 5)):
        assert client.get("/").status_code == 200  # still working
    with time_machine.travel(datetime.now(UTC) + timedelta(minutes=2 * idle - 8)):
        assert client.get("/").status_code == 200  # seen 5 min ago: alive
    with time_machine.travel(datetime.now(UTC) + timedelta(minutes=3 * idle)):
        assert client.get("/").status_code == 302


def test_no_session_outlives_its_maximum_age(world, client, app):
    sign_in(client, "cb1")
    hours = app.config["SESSION_MAX_HOURS"]
    for step in range(1, hours * 2):  # active every half hour all day long
        with time_machine.travel(datetime.now(UTC) + timedelta(minutes=30 * step)):
            assert client.get("/").status_code == 200
    with time_machine.travel(datetime.now(UTC) + timedelta(hours=hours, minutes=1)):
        assert client.get("/").status_code == 302


def test_a_disabled_account_loses_its_open_session(world, client):
    sign_in(client, "cb1")
    world.clerk.active = False
    db.session.commit()
    assert client.get("/").status_code == 302


def test_the_scheduler_forgets_sessions_a_month_after_they_ended(world, client):
    from smasweb.services.jobs import runner as jobs

    sign_in(client, "cb1")
    client.post("/logout")
    sign_in(client, "cb1")  # still open
    jobs.run_due()
    assert len(db.session.scalars(select(UserSession)).all()) == 2
    with time_machine.travel(datetime.now(UTC) + timedelta(days=31)):
        jobs.run_due()
    assert db.session.scalars(select(UserSession)).all() == []
