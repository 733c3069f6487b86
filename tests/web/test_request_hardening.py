"""Requests from other sites, proxies and HSTS, and private downloads never cached."""

import pytest

from smasweb.security import FOREIGN_ORIGIN, _trust_proxies
from tests.factories import make_staff, make_student


def test_a_post_with_a_valid_token_from_another_site_is_refused(world, login):
    client = login(world.clerk)
    foreign = client.post("/logout", headers={"Origin": "http://evil.example"})
    assert foreign.status_code == 403 and FOREIGN_ORIGIN in foreign.text
    assert client.get("/").status_code == 200  # still signed in: nothing happened
    cross = client.post("/logout", headers={"Sec-Fetch-Site": "cross-site"})
    assert cross.status_code == 403
    same = client.post("/logout", headers={"Origin": "http://localhost"})
    assert same.status_code == 303


def test_the_public_url_is_a_trusted_origin(world, login, app):
    app.config["PUBLIC_URL"] = "https://smas.example.vn/"
    try:
        client = login(world.clerk)
        resp = client.post("/logout", headers={"Origin": "https://smas.example.vn"})
        assert resp.status_code == 303
    finally:
        app.config["PUBLIC_URL"] = None


@pytest.mark.parametrize(("hops", "hsts"), [(0, False), (1, True)])
def test_hsts_only_when_a_trusted_proxy_says_https(world, client, app, hops, hsts):
    original = app.wsgi_app
    app.config["TRUSTED_PROXIES"] = hops
    _trust_proxies(app)
    try:
        resp = app.test_client().get("/login", headers={"X-Forwarded-Proto": "https"})
        assert ("Strict-Transport-Security" in resp.headers) is hsts
    finally:
        app.wsgi_app = original
        app.config["TRUSTED_PROXIES"] = 0


def test_personal_data_downloads_are_never_cached(world, login):
    make_staff(world.s1)
    make_student(world.s1)
    client = login(world.clerk)
    for url in ("/schools/classes.xlsx", "/staff/export.xlsx", "/students/export.xlsx"):
        resp = client.get(url)
        assert resp.status_code == 200, url
        assert resp.headers["Cache-Control"] == "no-store", url
        assert "Expires" not in resp.headers


def test_static_files_stay_cacheable(world, client):
    from flask import url_for

    with client.application.test_request_context():
        css = url_for("static", filename="css/app.css")
    with client.get(css) as resp:
        assert "max-age" in resp.headers["Cache-Control"]
