"""GET /healthz reports the database."""

from tests.conftest import make_test_app


def test_healthz_is_public_json_with_the_database_status(client):
    resp = client.get("/healthz")
    assert resp.status_code == 200
    assert resp.get_json() == {"status": "ok", "database": "ok"}


def test_healthz_is_503_when_the_database_is_down(tmp_path):
    dead = "postgresql://nobody@127.0.0.1:1/none?connect_timeout=1"
    app = make_test_app(dead, tmp_path)
    resp = app.test_client().get("/healthz")
    assert resp.status_code == 503
    assert resp.get_json()["database"] == "unavailable"
