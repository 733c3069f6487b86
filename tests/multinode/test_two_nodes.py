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
from types import SimpleNamespace

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
BUDGET = 120  # seconds: the bound of every wait (an idle 2-core machine needs ~25)
SCHEDULER = ("scheduler", "--interval", "1")
WORKER = ("render-jobs", "--loop", "--interval", "1")
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
def cluster(database, tmp_path):
    """Two app servers, two schedulers, two render workers, on the database; all
    stopped at the end (killed if stuck)."""
    app, _ = database
    url = app.config["SQLALCHEMY_DATABASE_URI"]

    def env(name: str) -> dict[str, str]:
        return node_env(
            url,
            tmp_path / name,
            SMAS_TODAY=TODAY.isoformat(),
            SMAS_RENDER_SPAWN="0",
            SMAS_PUBLIC_URL="http://smas.test/",
        )

    nodes = SimpleNamespace(webs=[], schedulers=[], workers=[])
    try:
        for n in "ab":
            nodes.webs.append(gunicorn(f"web-{n}", env(f"web-{n}")))
            nodes.schedulers.append(
                flask(f"scheduler-{n}", env(f"sched-{n}"), *SCHEDULER)
            )
            nodes.workers.append(flask(f"worker-{n}", env(f"worker-{n}"), *WORKER))
        nodes.all = [*nodes.webs, *nodes.schedulers, *nodes.workers]
        yield nodes
    finally:
        for node in [*nodes.webs, *nodes.schedulers, *nodes.workers]:
            node.stop(timeout=5)


def test_two_nodes_share_one_postgresql(database, cluster, tmp_path):
    _, world = database
    deadline = time.monotonic() + BUDGET

    def wait(what, check):
        return wait_for(what, check, deadline, cluster.all)

    # Due jobs: both schedulers tick until each has seen nothing left to do.
    def idle(node) -> bool:
        return any("run-due: 0 việc" in line for line in node.lines)

    wait("idle schedulers", lambda: all(map(idle, cluster.schedulers)))
    assert_each_due_job_ran_once(
        [key for s in cluster.schedulers for key in ran_keys(s.lines)]
    )
    period = db.session.scalar(
        select(ReportPeriod).where(
            ReportPeriod.kind == "after_opening", ReportPeriod.year == TODAY.year
        )
    )
    queued = queue_official_pdfs(world, period)

    # A PDF asked for on node A by a district officer signed in there…
    a, b = (Browser(wait("web", partial(base_url, w))) for w in cluster.webs)
    wait("both app servers", lambda: a.alive() and b.alive())
    sign_in(a, world.district.username, factories.PASSWORD)
    asked = ask_pdf(a, f"/reports/?period={period.id}&unit={world.d1.id}&level=02")
    queued.append(asked)
    wait("every PDF", lambda: set(queued) <= {i for i, _ in logged(cluster.workers)})
    assert_each_pdf_rendered_once(queued, cluster.workers)

    # …downloads from node B with the same cookie (and only with it).
    b.cookies = dict(a.cookies)
    status, headers, body = b.request("GET", f"/reports/jobs/{asked}.pdf")
    assert status == 200 and headers["Content-Type"] == "application/pdf"
    assert body == db.session.get(RenderJob, asked).pdf
    assert Browser(b.base).request("GET", f"/reports/jobs/{asked}.pdf")[0] == 302

    for node in [*cluster.schedulers, *cluster.workers]:
        assert node.stop(timeout=15) == 0, node.output()  # SIGTERM: a clean exit
    assert all("Tạo PDF: đã dừng." in w.lines for w in cluster.workers)
    for folder in ("web-a", "web-b", "sched-a", "sched-b", "worker-a", "worker-b"):
        assert not (tmp_path / folder).exists()  # no node kept anything on its disk


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
    """Official PDFs of a school and a district, queued for the workers."""
    definition = registry.get("after_opening")
    ids = []
    for unit in (world.s1, world.d2):
        level = "02" if unit.kind == "district" else sorted(unit.level_codes)[0]
        scope = resolve(world.admin, unit.id, level, period.year, period)
        job, start = render_jobs.request_pdf(world.admin, definition, scope)
        # with render workers the lock already queued every school's official PDF
        # (SMAS_RENDER_AHEAD_AT_LOCK): only the district's is new here
        assert job.official and start == (unit.kind == "district")
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
    found = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', page)
    return found[1].decode()


def logged(workers) -> list[tuple[int, str]]:
    """(job id, status) of every job the workers say they finished (after commit)."""
    return [
        (int(m[1]), m[2])
        for w in workers
        for line in list(w.lines)
        if (m := RENDERED.search(line))
    ]


def assert_each_pdf_rendered_once(ids: list[int], workers) -> None:
    """Each job done, named by exactly one worker, with its own issued document."""
    rendered = Counter(i for i, status in logged(workers) if status == "done")
    # the lock's queued PDFs of the other schools are rendered too, each once
    once = set(ids) <= set(rendered) and set(rendered.values()) == {1}
    assert once, "\n".join(w.output() for w in workers)
    db.session.rollback()  # read what the workers committed
    jobs = db.session.scalars(select(RenderJob).where(RenderJob.id.in_(ids))).all()
    assert {j.status for j in jobs} == {"done"}
    assert all(j.official and j.pdf.startswith(b"%PDF") for j in jobs)
    documents = {j.document_id for j in jobs}
    assert None not in documents and len(documents) == len(ids)
    issued = db.session.scalar(select(func.count()).select_from(IssuedDocument))
    assert issued == len(rendered)  # one issued document per rendered PDF
