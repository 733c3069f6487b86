"""Fixtures: every test that uses `app` runs on SQLite and on a real PostgreSQL server.

PostgreSQL: SMAS_TEST_POSTGRES_URL (an admin URL, default the local server) is used to
create a fresh database for the run, dropped at the end. Where no server answers the
PostgreSQL half is skipped, except in CI (CI=true), where that is a failure.
"""

import os
import uuid
from datetime import date

import pytest
from flask import has_app_context
from flask.testing import FlaskClient
from flask_migrate import upgrade
from jinja2 import StrictUndefined
from sqlalchemy import event, make_url

from smasweb import create_app
from smasweb.extensions import db
from smasweb.services.accounts import sessions
from smasweb.services.guard_core import unguarded
from tests import factories

PG_ADMIN_URL = os.environ.get(
    "SMAS_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
# SMAS_TEST_BACKEND=sqlite|postgresql runs one half of the suite (see `make test`).
ONLY_BACKEND = os.environ.get("SMAS_TEST_BACKEND", "")
BACKENDS = [ONLY_BACKEND] if ONLY_BACKEND else ["sqlite", "postgresql"]


def _pg_connect(url: str, dbname: str | None = None):
    import psycopg

    u = make_url(url)
    return psycopg.connect(
        host=u.host or "127.0.0.1",
        port=u.port or 5432,
        user=u.username or "postgres",
        password=u.password,
        dbname=dbname or u.database or "postgres",
        autocommit=True,
        connect_timeout=5,
    )


def unavailable(what: str):
    """Skip outside CI; in CI a missing PostgreSQL or browser is a failure."""
    if IN_CI:
        pytest.fail(f"{what} is required in CI but unavailable")
    pytest.skip(f"{what} unavailable")


class PgDatabases:
    """Creates throwaway databases on the test server and drops them at the end."""

    def __init__(self) -> None:
        self.created: list[str] = []

    def new(self) -> str:
        name = f"smas_test_{uuid.uuid4().hex[:10]}"
        try:
            with _pg_connect(PG_ADMIN_URL) as conn:
                conn.execute(f'CREATE DATABASE "{name}"')
        except Exception as exc:  # no server, no rights: report why
            unavailable(f"PostgreSQL at {PG_ADMIN_URL} ({exc.__class__.__name__})")
        self.created.append(name)
        return (
            make_url(PG_ADMIN_URL)
            .set(database=name)
            .render_as_string(hide_password=False)
        )

    def drop_all(self) -> None:
        if not self.created:
            return
        with _pg_connect(PG_ADMIN_URL) as conn:
            for name in self.created:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def pg_databases():
    dbs = PgDatabases()
    yield dbs
    dbs.drop_all()


@pytest.fixture(scope="session")
def fresh_db_url(pg_databases, tmp_path_factory):
    """Factory: a URL of a new, empty database of the given backend."""

    def make(backend: str) -> str:
        if backend == "postgresql":
            return pg_databases.new()
        path = tmp_path_factory.mktemp("db") / f"{uuid.uuid4().hex[:8]}.sqlite3"
        return f"sqlite:///{path}"

    return make


class IsolatedClient(FlaskClient):
    """Each request runs in its own app context, like in a real worker.

    The test's own session commits what the test built before the request and forgets
    its cached state afterwards, so assertions read what the request really stored.
    """

    def open(self, *args, **kwargs):
        if has_app_context():
            db.session.commit()
        with self.application.app_context():
            resp = super().open(*args, **kwargs)
        if has_app_context():
            db.session.expire_all()
        return resp


def make_test_app(url: str, tmp_path, **overrides):
    config = {
        "ENV_NAME": "testing",
        "DATABASE_URL": url,
        "SECRET_KEY": "test-secret",
        "WTF_CSRF_ENABLED": False,
        "SERVER_NAME": "localhost",
    }
    config.update(overrides)
    app = create_app(config)
    app.instance_path = str(tmp_path)
    app.jinja_env.undefined = StrictUndefined
    app.test_client_class = IsolatedClient
    return app


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request):
    return request.param


def pytest_collection_modifyitems(config, items):
    """SMAS_TEST_BACKEND=postgresql runs only the backend's tests and those marked
    postgres: `make test` runs that half beside a SQLite run that takes the
    backend-free tests too, but not the postgres ones."""
    if ONLY_BACKEND == "postgresql":
        keep = [
            i
            for i in items
            if "backend" in getattr(getattr(i, "callspec", None), "params", {})
            or i.get_closest_marker("postgres")
        ]
    elif ONLY_BACKEND == "sqlite":
        keep = [i for i in items if not i.get_closest_marker("postgres")]
    else:
        return
    if len(keep) != len(items):
        config.hook.pytest_deselected(items=[i for i in items if i not in keep])
        items[:] = keep


@pytest.fixture(scope="session")
def app(backend, fresh_db_url, tmp_path_factory):
    app = make_test_app(fresh_db_url(backend), tmp_path_factory.mktemp("instance"))
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        db.engine.dispose()


DEMO_TODAY = date(2026, 12, 1)  # the demo tests' "today": their calendar is fixed


def _demo_app(url: str, folder, scale: str):
    app = make_test_app(url, folder, TODAY=DEMO_TODAY)
    app.config["DEMO_MANIFEST"] = str(folder / "demo.json")
    with app.app_context():
        upgrade()
        result = app.test_cli_runner().invoke(
            args=[
                "smas",
                "demo",
                "--password",
                "Demo2019x",
                "--scale",
                scale,
                "--manifest",
                app.config["DEMO_MANIFEST"],
            ]
        )
        assert result.exit_code == 0, result.output
        app.config["DEMO_OUTPUT"] = result.output
    return app


@pytest.fixture(scope="session")
def demo_app(backend, fresh_db_url, tmp_path_factory):
    """The small demo, loaded once per backend for the demo tests, which only read
    it (each load takes seconds). Its manifest is at app.config["DEMO_MANIFEST"]."""
    app = _demo_app(fresh_db_url(backend), tmp_path_factory.mktemp("demo"), "small")
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def province_demo_app(backend, fresh_db_url, tmp_path_factory):
    """The province-scale demo (pupils in a sample of schools), loaded once per
    backend into its own database: tests read it, nothing deletes its rows."""
    folder = tmp_path_factory.mktemp("province")
    app = _demo_app(fresh_db_url(backend), folder, "province")
    yield app
    with app.app_context():
        db.engine.dispose()


def _demo_context(app):
    with app.app_context():
        yield app
        db.session.rollback()
        db.session.remove()
    app.config["TODAY"] = DEMO_TODAY


@pytest.fixture
def demo_db(demo_app):
    """An app context on the shared demo. The test's own session is rolled back
    after it, but requests commit: tests of the shared demo only read it."""
    yield from _demo_context(demo_app)


@pytest.fixture
def province_demo_db(province_demo_app):
    """An app context on the shared province demo (see province_demo_app)."""
    yield from _demo_context(province_demo_app)


@pytest.fixture(autouse=True)
def _clean_database(request):
    """Each test starts on empty tables (and the app context is pushed for it)."""
    if "app" not in request.fixturenames:
        yield
        return
    app = request.getfixturevalue("app")
    with app.app_context():
        if not request.node.get_closest_marker("real_calendar"):
            factories.open_calendar()
        yield
        db.session.remove()
        with db.engine.begin() as conn:
            unguarded(conn, "test database reset")
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())
        factories.reset()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def csrf_on(app):
    """Turn CSRF protection on for one test (it is off for the rest of the suite)."""
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False


@pytest.fixture
def world(app):
    """A small province: Department, office, divisions, two districts, schools, users."""
    return factories.make_world()


def sign_in(client, user):
    """Sign a test client in as user without the form: a live server-side session."""
    with client.session_transaction() as sess:
        sess["_user_id"] = user.get_id()
        sess[sessions.SESSION_KEY] = sessions.start(user)
        sess["_fresh"] = True
    db.session.commit()  # requests in other threads see the session
    return client


@pytest.fixture
def login(client):
    """login(user): sign the test client in as user (fast path, no form)."""

    def do(user):
        return sign_in(client, user)

    return do


@pytest.fixture
def count_queries(app):
    """count_queries(fn) → how many SQL statements fn() sent to the database."""

    def run(fn) -> int:
        statements = []

        def record(*_args):
            statements.append(1)

        event.listen(db.engine, "before_cursor_execute", record)
        try:
            fn()
        finally:
            event.remove(db.engine, "before_cursor_execute", record)
        return len(statements)

    return run


HX = {"HX-Request": "true"}
HX_BOOSTED = {"HX-Request": "true", "HX-Boosted": "true"}
HX_HISTORY = {"HX-Request": "true", "HX-History-Restore-Request": "true"}


@pytest.fixture(autouse=True)
def _no_scheduler_in_process(monkeypatch):
    """The scheduler runs in its own process, never inside the app or the tests."""
    from apscheduler.schedulers.blocking import BlockingScheduler

    def refuse(self, *args, **kwargs):
        raise AssertionError("a scheduler was started inside the test process")

    monkeypatch.setattr(BlockingScheduler, "start", refuse)
