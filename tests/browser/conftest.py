"""Browser fixtures: the real app served on loopback, driven by Debian's Chromium.

The app runs once for the whole browser suite (a file SQLite database, CSRF on),
not once per backend like the `app` fixture of tests/conftest.py.
"""

import os
import threading

import pytest
from flask_migrate import upgrade
from werkzeug.serving import WSGIRequestHandler, make_server

from smasweb.extensions import db
from tests import factories
from tests.conftest import make_test_app, unavailable

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # reported by the `browser` fixture
    sync_playwright = None

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 10_000


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs) -> None:  # keep the test output readable
        pass


@pytest.fixture(scope="session")
def live_app(fresh_db_url, tmp_path_factory):
    """The app the live server serves (a test may change its calendar, then put it back)."""
    app = make_test_app(
        fresh_db_url("sqlite"),
        tmp_path_factory.mktemp("browser"),
        WTF_CSRF_ENABLED=True,
    )
    with app.app_context():
        upgrade()
        factories.open_calendar()
        world = factories.make_world()
        factories.make_staff(world.s1, full_name="Đỗ Thị Ánh", code="GVANH")
        db.session.commit()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def live_server(live_app):
    """Base URL of the app, served by a threaded werkzeug server on 127.0.0.1."""
    app = live_app
    server = make_server(
        "127.0.0.1", 0, app, threaded=True, request_handler=_QuietHandler
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser():
    if sync_playwright is None or not os.access(CHROMIUM, os.X_OK):
        unavailable("Chromium")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server):
    """new_page(js=True): a page in its own fresh context (no cookies, no cache)."""
    contexts = []

    def make(js: bool = True):
        context = browser.new_context(
            base_url=live_server, java_script_enabled=js, locale="vi-VN"
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
