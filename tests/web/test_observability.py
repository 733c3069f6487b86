"""D9, D11 and /metrics: request ids and logged 500s, the statement timeout, metrics.

This module's app runs the production error path (PROPAGATE_EXCEPTIONS off) and has
test-only routes that fail or run slow SQL.
"""

import logging
import time

import pytest
from flask import request
from flask_migrate import upgrade
from sqlalchemy import text

from smasweb.extensions import db
from smasweb.metrics import timed_import
from smasweb.request_log import LogfmtFormatter
from smasweb.services.imports.pipeline import ImportReport
from tests.conftest import HX, make_test_app

TOKEN = "metrics-test-token"


@pytest.fixture(scope="module")
def app(backend, fresh_db_url, tmp_path_factory):
    app = make_test_app(
        fresh_db_url(backend),
        tmp_path_factory.mktemp("observability"),
        PROPAGATE_EXCEPTIONS=False,
        METRICS_TOKEN=TOKEN,
    )
    app.config["BACKEND"] = backend

    @app.get("/test/boom")
    def boom():
        raise RuntimeError("forced failure for the log")

    @app.get("/test/slow")
    def slow():
        if app.config["BACKEND"] == "postgresql":
            db.session.execute(text("SELECT pg_sleep(5)"))
        else:  # a counting loop SQLite needs far more than a second for
            db.session.execute(
                text(
                    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c "
                    "WHERE x < 300000000) SELECT count(*) FROM c"
                )
            )
        return "finished"

    @app.get("/test/count")
    def count():
        return str(db.session.execute(text(COUNTING)).scalar())

    @app.get("/test/budget")
    def budget():
        return db.session.execute(text("SHOW statement_timeout")).scalar()

    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def timeout_of(app):
    def set_to(seconds):
        app.config["STATEMENT_TIMEOUT_S"] = seconds

    yield set_to
    app.config["STATEMENT_TIMEOUT_S"] = 30


def test_every_response_carries_a_request_id_and_one_access_line(world, login, caplog):
    client = login(world.clerk)
    caplog.set_level(logging.INFO, logger="smasweb")
    first = client.get("/students/")
    second = client.get("/students/", headers={"X-Request-ID": "lb-7f3a.91"})
    bad = client.get("/students/", headers={"X-Request-ID": "x" * 200 + "; rm"})

    assert len(first.headers["X-Request-ID"]) == 16
    assert second.headers["X-Request-ID"] == "lb-7f3a.91"  # the proxy's id is kept
    assert bad.headers["X-Request-ID"] not in (
        "x" * 200 + "; rm",
        first.headers["X-Request-ID"],
    )
    access = [r for r in caplog.records if r.name == "smasweb.access"]
    assert [r.request_id for r in access] == [
        first.headers["X-Request-ID"],
        "lb-7f3a.91",
        bad.headers["X-Request-ID"],
    ]
    fields = access[1].fields
    assert fields["method"] == "GET" and fields["path"] == "/students/"
    assert fields["status"] == 200 and fields["user_id"] == str(world.clerk.id)
    assert fields["duration_ms"] >= 0
    line = LogfmtFormatter().format(access[1])
    assert "request_id=lb-7f3a.91 msg=request method=GET path=/students/" in line


def test_a_refused_form_is_logged_with_its_id_too(world, login, csrf_on, caplog):
    resp = login(world.clerk).post("/logout")  # no CSRF token: refused first thing
    assert resp.status_code == 400
    rid = resp.headers["X-Request-ID"]
    access = [r for r in caplog.records if r.name == "smasweb.access"]
    assert [(r.request_id, r.fields["status"]) for r in access] == [(rid, 400)]


def test_a_forced_500_is_logged_with_traceback_and_id_shown_to_the_user(
    world, login, caplog
):
    client = login(world.clerk)
    resp = client.get("/test/boom")

    assert resp.status_code == 500
    rid = resp.headers["X-Request-ID"]
    assert f"Mã lỗi: <code>{rid}</code>" in resp.text
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1 and errors[0].request_id == rid
    assert errors[0].exc_info[0] is RuntimeError
    assert "forced failure for the log" in caplog.text
    assert "Traceback (most recent call last)" in caplog.text
    assert ", in boom\n" in caplog.text  # down to the failing view
    hx = client.get("/test/boom", headers=HX)
    assert hx.headers["HX-Retarget"] == "#alerts"
    assert f"Mã lỗi: {hx.headers['X-Request-ID']}." in hx.text


def test_a_slow_web_query_stops_at_the_statement_timeout(
    app, world, login, timeout_of, caplog
):
    timeout_of(1)
    client = login(world.clerk)
    started = time.monotonic()
    resp = client.get("/test/slow")
    elapsed = time.monotonic() - started

    assert resp.status_code == 503
    assert elapsed < 2.5
    assert "Truy vấn quá lâu nên đã dừng (giới hạn 1 giây)" in resp.text
    assert "statement timeout" in caplog.text
    if app.config["BACKEND"] == "postgresql":
        # the server stopped the query itself: no backend is still running it
        running = db.session.scalar(
            text(
                "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' "
                "AND query LIKE '%pg_sleep(5)%' AND pid <> pg_backend_pid()"
            )
        )
        assert running == 0
    timeout_of(30)
    assert client.get("/students/").status_code == 200  # the pool is fine after


COUNTING = (
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c "
    "WHERE x < 1000000) SELECT count(*) FROM c"
)


def test_web_requests_and_jobs_have_their_own_budgets(app, world, login, timeout_of):
    client = login(world.clerk)
    if app.config["BACKEND"] == "postgresql":
        assert client.get("/test/budget").text == "30s"
    timeout_of(0.05)
    assert client.get("/test/count").status_code == 503
    # outside a request (jobs, CLI, this test) JOB_STATEMENT_TIMEOUT_S applies: none
    db.session.commit()
    assert db.session.scalar(text(COUNTING)) == 1000000
    if app.config["BACKEND"] == "postgresql":
        assert db.session.scalar(text("SHOW statement_timeout")) == "0"


def metric(body: str, name: str, **labels) -> float:
    want = ",".join(f'{k}="{v}"' for k, v in labels.items())
    for line in body.splitlines():
        if line.startswith(f"{name}{{") and all(p in line for p in want.split(",")):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_metrics_count_requests_by_endpoint_for_the_token_holder_only(
    world, login, client
):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    before = client.get("/metrics", headers=auth).text
    user = login(world.clerk)
    for _ in range(3):
        assert user.get("/students/").status_code == 200
    user.get("/students/999999")
    user.get("/test/boom")

    resp = client.get("/metrics", headers=auth)
    assert resp.status_code == 200
    assert resp.headers["Content-Type"].startswith("text/plain; version=")
    body = resp.text
    key = {"endpoint": "students.index", "method": "GET", "status": "200"}
    assert (
        metric(body, "smas_http_requests_total", **key)
        - metric(before, "smas_http_requests_total", **key)
        == 3
    )
    assert metric(body, "smas_http_requests_total", endpoint="boom", status="500")
    assert (
        metric(
            body, "smas_http_request_duration_seconds_count", endpoint="students.index"
        )
        >= 3
    )
    assert 'smas_render_jobs{status="queued"} 0.0' in body
    assert "smas_import_duration_seconds" in body


def test_metrics_without_the_token_are_not_found(client, login, world):
    assert client.get("/metrics").status_code == 404
    wrong = {"Authorization": "Bearer guess"}
    assert client.get("/metrics", headers=wrong).status_code == 404
    # a signed-in user is not enough either
    assert login(world.admin).get("/metrics").status_code == 404


def test_imports_observe_their_duration(app):
    def check_students(*_args):
        return ImportReport(items=[1])

    with app.test_request_context():
        assert request.path == "/"
        timed_import(check_students)
    from prometheus_client import REGISTRY

    count = REGISTRY.get_sample_value(
        "smas_import_duration_seconds_count",
        {"kind": "students", "mode": "check", "outcome": "ok"},
    )
    assert count and count >= 1


def test_a_crafted_path_cannot_forge_a_log_line(world, login, caplog):
    login(world.clerk).get("/students/%0Ats=x%20level=ERROR%20msg=forged")
    access = [r for r in caplog.records if r.name == "smasweb.access"]
    line = LogfmtFormatter().format(access[-1])
    assert "\n" not in line
    assert 'path="/students/\\nts=x level=ERROR msg=forged"' in line
