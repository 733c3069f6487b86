"""Two machines on one PostgreSQL: two app servers, two schedulers and two render
workers, each with its own empty instance folder. Every due job runs once, every
PDF is rendered once by one worker, and a PDF asked for on one node downloads
from the other with the same cookie."""

import html
import re
import time
from collections import Counter
from datetime import date
from functools import partial

import pytest
from flask_migrate import upgrade
from sqlalchemy import func, select

from smasweb.extensions import db
from smasweb.models import JobRun, Notice, ReportPeriod
from smasweb.models.reports import IssuedDocument, RenderJob, ReportSnapshot
from smasweb.services import reports as registry
from smasweb.services.reports import render_jobs
from smasweb.services.reports.scope import resolve
from tests import factories
from tests.conftest import make_test_app
from tests.multinode.processes import (
    Browser,
    base_url,
    flask,
    gunicorn,
    node_env,
    wait_for,
)

pytestmark = pytest.mark.postgres

TODAY = date(2026, 10, 20)  # after the lock dates of after-opening, September, October
BUDGET = 55  # seconds for the whole run on two cores
RAN = re.compile(r"run-due: (\d+) việc(.*)$")
RENDERED = re.compile(r"PDF (\d+): (\w+)")


@pytest.fixture
def database(pg_databases, tmp_path):
    """A migrated PostgreSQL database with the small test province; the test runs
    in an app context on it (today pinned like the nodes')."""
    app = make_test_app(pg_databases.new(), tmp_path / "test", TODAY=TODAY)
    with app.app_context():
        upgrade()
        world = factories.make_world()
        yield app, world
        db.session.remove()
        db.engine.dispose()
    factories.reset()


@pytest.fixture
def start(tmp_path):
    """start(kind, name, env) → a node; every node is stopped (killed if stuck)."""
    nodes = []

    def make(kind, name, env):
        node = kind(name, env) if kind is gunicorn else flask(name, env, *kind)
        nodes.append(node)
        return node

    yield make
    for node in nodes:
        node.stop(timeout=5)


def test_two_nodes_share_one_postgresql(database, start, tmp_path):
    app, world = database
    deadline = time.monotonic() + BUDGET
    url = app.config["SQLALCHEMY_DATABASE_URI"]

    def env(name):
        return node_env(url, tmp_path / name, SMAS_TODAY=TODAY.isoformat(),
                        SMAS_RENDER_SPAWN="0", SMAS_PUBLIC_URL="http://smas.test/")  # fmt: skip

    webs = [start(gunicorn, f"web-{n}", env(f"web-{n}")) for n in "ab"]
    schedulers = [
        start(("scheduler", "--interval", "1"), f"scheduler-{n}", env(f"sched-{n}"))
        for n in "ab"
    ]
    workers = [
        start(
            ("render-jobs", "--loop", "--interval", "1"), f"worker-{n}", env(f"w-{n}")
        )
        for n in "ab"
    ]
    nodes = [*webs, *schedulers, *workers]

    # Due jobs: both schedulers tick until each has seen nothing left to do.
    def idle(node) -> bool:
        return any("run-due: 0 việc" in line for line in node.lines)

    wait_for("idle schedulers", lambda: all(map(idle, schedulers)), deadline, nodes)
    ran = [key for s in schedulers for key in ran_keys(s.lines)]
    assert_each_due_job_ran_once(ran)
    period = db.session.scalar(
        select(ReportPeriod).where(
            ReportPeriod.kind == "after_opening", ReportPeriod.year == TODAY.year
        )
    )
    queued = queue_official_pdfs(world, period)

    # A PDF asked for on node A, by a district officer signed in there.
    a, b = (
        Browser(wait_for("web", partial(base_url, w), deadline, nodes)) for w in webs
    )
    wait_for("both app servers", lambda: a.alive() and b.alive(), deadline, nodes)
    sign_in(a, world.district.username, factories.PASSWORD)
    asked = ask_pdf(a, f"/reports/?period={period.id}&unit={world.d1.id}&level=02")
    queued.append(asked)

    # Node B serves it with A's cookie once a worker has rendered it.
    b.cookies = dict(a.cookies)
    status, headers, body = wait_for(
        "the PDF on node B",
        lambda: ready(b.request("GET", f"/reports/jobs/{asked}.pdf")),
        deadline,
        nodes,
    )
    assert headers["Content-Type"] == "application/pdf" and body.startswith(b"%PDF")
    assert Browser(b.base).request("GET", f"/reports/jobs/{asked}.pdf")[0] == 302

    wait_for("every PDF", lambda: all_finished(queued), deadline, nodes)
    assert_each_pdf_rendered_once(queued, workers)
    assert db.session.get(RenderJob, asked).pdf == body

    for node in [*schedulers, *workers]:
        assert node.stop(timeout=10) == 0, node.output()
    assert all("Tạo PDF: đã dừng." in w.lines for w in workers)
    for name in ("web-a", "web-b", "sched-a", "sched-b", "w-a", "w-b"):
        assert not (tmp_path / name).exists()  # no node kept anything on its disk


def ran_keys(lines: list[str]) -> list[str]:
    return [key for line in lines if (m := RAN.search(line)) for key in m[2].split()]


def assert_each_due_job_ran_once(ran: list[str]) -> None:
    """No key ran in both schedulers; the locks' effects exist once each."""
    assert ran and len(ran) == len(set(ran)), ran
    assert set(ran) == set(db.session.scalars(select(JobRun.key)))
    locked = db.session.scalars(
        select(ReportPeriod.id).where(ReportPeriod.locked_at.is_not(None))
    ).all()
    assert len(locked) == 3
    assert sorted(k for k in ran if k.startswith("lock-hooks:")) == sorted(
        f"lock-hooks:{pid}:1" for pid in locked
    )
    notices = db.session.scalars(select(Notice.period_id).filter_by(kind="lock"))
    assert sorted(notices) == sorted(locked)
    versions = db.session.scalars(
        select(ReportSnapshot.version).where(ReportSnapshot.reason == "lock")
    ).all()
    assert versions and set(versions) == {1}  # each school's report frozen once


def queue_official_pdfs(world, period) -> list[int]:
    """Official PDFs of three schools and a district, queued for the workers."""
    definition = registry.get("after_opening")
    ids = []
    for unit in (world.s1, world.s2, world.thpt, world.d2):
        level = "02" if unit.kind == "district" else sorted(unit.level_codes)[0]
        scope = resolve(world.admin, unit.id, level, period.year, period)
        job, start = render_jobs.request_pdf(world.admin, definition, scope)
        assert start and job.official
        ids.append(job.id)
    db.session.commit()
    return ids


def sign_in(browser: Browser, username: str, password: str) -> None:
    token = csrf_token(browser.request("GET", "/login")[2])
    form = {"username": username, "password": password, "csrf_token": token}
    status, headers, _ = browser.request("POST", "/login", form)
    assert status == 303, headers


def ask_pdf(browser: Browser, page: str) -> int:
    """Press the report page's PDF button; the id of the job it started."""
    status, _, body = browser.request("GET", page)
    assert status == 200
    action = re.search(rb'<form method="post" action="([^"]+\.pdf[^"]*)"', body)
    status, headers, _ = browser.request(
        "POST", html.unescape(action[1].decode()), {"csrf_token": csrf_token(body)}
    )
    assert status == 303, headers
    return int(re.search(r"/reports/jobs/(\d+)$", headers["Location"])[1])


def csrf_token(page: bytes) -> str:
    return re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', page)[
        1
    ].decode()


def ready(response):
    return response if response[0] == 200 else None


def all_finished(ids: list[int]) -> bool:
    db.session.rollback()
    statuses = db.session.scalars(
        select(RenderJob.status).where(RenderJob.id.in_(ids))
    ).all()
    return len(statuses) == len(ids) and not {"queued", "running"} & set(statuses)


def assert_each_pdf_rendered_once(ids: list[int], workers) -> None:
    """Each job done, named by exactly one worker, with its own issued document."""
    rendered = Counter(
        int(m[1])
        for w in workers
        for line in w.lines
        if (m := RENDERED.search(line)) and m[2] == "done"
    )
    assert rendered == Counter(ids), "\n".join(w.output() for w in workers)
    jobs = db.session.scalars(select(RenderJob).where(RenderJob.id.in_(ids))).all()
    assert {j.status for j in jobs} == {"done"}
    assert all(j.official and j.pdf.startswith(b"%PDF") for j in jobs)
    documents = {j.document_id for j in jobs}
    assert None not in documents and len(documents) == len(ids)
    assert db.session.scalar(select(func.count()).select_from(IssuedDocument)) == len(
        ids
    )
