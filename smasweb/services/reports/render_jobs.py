"""Report PDFs rendered in the background, each kept as its own cache (and a
class's results documents the same way: class_jobs.py).

A request asks for a PDF with `request_pdf` (render_requests.py): the job is keyed
by what it prints, so asking again for unchanged numbers finds the finished job and
serves its file. A new job
is rendered by `run` in another process (`flask smas render-job <id>`, started by
the request; `flask smas render-jobs` picks up any job left queued), never in a web
worker: a province report takes tens of seconds and hundreds of MB.

`run` claims a job with one UPDATE … WHERE status = 'queued' (two processes never
render the same job), commits its progress as it goes (10 % data, 30 % layout,
60 % laid out in N pages, 100 % done) so the status page can show it, and marks
the job failed with the error if anything goes wrong. It commits: call it from a
command or a test, never inside a request's transaction.

Workers on several machines (`flask smas render-jobs --loop`) take the oldest
queued job with `claim_next`: on PostgreSQL `SELECT … FOR UPDATE SKIP LOCKED` hands
each worker a different row without waiting; the same UPDATE … WHERE status =
'queued' then claims it, which alone keeps SQLite (no row locks) safe. With
RENDER_SPAWN off (SMAS_RENDER_SPAWN=0) requests only queue jobs, for the workers.
"""

import logging
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from flask import Flask
from sqlalchemy import select, update

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import Unit
from smasweb.models.calendar import ReportPeriod
from smasweb.models.reports import RenderJob
from smasweb.services import reports as registry
from smasweb.services import years as school_years
from smasweb.services.reports import class_jobs, official, pdf, render_requests
from smasweb.services.reports import documents as docs
from smasweb.services.reports.scope import ReportScope, as_of, schools_under

log = logging.getLogger(__name__)
# asking for jobs lives in render_requests.py; these names are kept for callers
key_prefix, job_key = render_requests.key_prefix, render_requests.job_key
request_pdf, get_job = render_requests.request_pdf, render_requests.get_job
queue_official, file_name = render_requests.queue_official, render_requests.file_name

PROJECT_ROOT = Path(__file__).resolve().parents[3]  # where wsgi.py is
STALE_AFTER = timedelta(minutes=15)  # a running job older than this has died
NUDGE_AFTER = timedelta(seconds=10)  # a queued job nobody took: start a renderer
MAX_PARALLEL = 2  # renders started by requests at once; the rest wait for a worker


def launch(app: Flask, job_id: int, base_url: str) -> None:
    """Start rendering a committed job: in this process when RENDER_INLINE is set
    (tests), else in a detached `flask smas render-job` process. When MAX_PARALLEL
    renders already run the job stays queued for them (each drains the queue)."""
    if app.config.get("RENDER_INLINE", app.testing):
        run(app, job_id, base_url)
        return
    if not spawns(app):
        return  # the render workers take it
    running = db.session.scalar(
        select(db.func.count()).where(RenderJob.status == "running")
    )
    if running >= MAX_PARALLEL:
        return
    cmd = [
        sys.executable,
        "-m",
        "flask",
        "--app",
        "wsgi",
        "smas",
        "render-job",
        str(job_id),
        "--base-url",
        base_url,
        "--drain",
    ]
    try:
        subprocess.Popen(  # noqa: S603 - our own interpreter and fixed arguments
            cmd,
            cwd=PROJECT_ROOT,
            env=os.environ.copy(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # outlives the worker, ignores its signals
        )
    except OSError:  # the job stays queued; `flask smas render-jobs` takes it
        log.exception("Could not start the renderer for job %s", job_id)


def launch_ahead(app: Flask, base_url: str) -> None:
    """Start the official PDFs queued ahead in this (committed) transaction, as
    `launch` does; rendering inline (tests) they stay queued for the workers, so
    a decision never waits for a PDF."""
    for job_id in render_requests.queued_ahead():
        if not app.config.get("RENDER_INLINE", app.testing):
            launch(app, job_id, base_url)


def spawns(app: Flask) -> bool:
    """Do requests start renderer processes (RENDER_SPAWN, default on)? Off when
    dedicated render workers run: a web node then needs no spare memory for PDFs."""
    value = app.config.get("RENDER_SPAWN", True)
    if isinstance(value, str):  # from SMAS_RENDER_SPAWN
        return value.strip().lower() not in ("0", "false", "no", "off", "")
    return bool(value)


def claim(job_id: int) -> bool:
    """Mark a queued job running (True), or False if another process has it."""
    result = db.session.execute(
        update(RenderJob)
        .where(RenderJob.id == job_id, RenderJob.status == "queued")
        .values(status="running", progress=0, started_at=clock.as_utc(clock.now()))
    )
    db.session.commit()
    return result.rowcount == 1


def claim_next(attempts: int = 5) -> int | None:
    """Claim the oldest queued job; its id, or None when none is left (or every
    try lost its race: the worker's next look retries).

    PostgreSQL skips rows another worker has locked for its own claim, so workers
    never queue behind each other; SQLite ignores FOR UPDATE and a claim lost to
    another process (its UPDATE matched nothing) just tries the next job.
    """
    for _ in range(attempts):
        job_id = db.session.scalar(
            select(RenderJob.id)
            .where(RenderJob.status == "queued")
            .order_by(RenderJob.created_at, RenderJob.id)
            .limit(1)
            .with_for_update(skip_locked=True)
        )
        if job_id is None:
            db.session.commit()
            return None
        if claim(job_id):
            return job_id
    return None


def run(app: Flask, job_id: int, base_url: str | None = None) -> RenderJob | None:
    """Render one queued job; None if another process claimed it. Commits."""
    if not claim(job_id):
        return None
    return _run_claimed(app, job_id, base_url)


def _run_claimed(app: Flask, job_id: int, base_url: str | None) -> RenderJob:
    job = db.session.get(RenderJob, job_id)
    try:
        _render(app, job, base_url)
    except Exception as exc:  # any failure is the job's, shown on its status page
        db.session.rollback()
        log.exception("Render job %s failed", job_id)
        job = db.session.get(RenderJob, job_id)
        job.status, job.error = "failed", str(exc)[:500] or exc.__class__.__name__
        job.finished_at = clock.as_utc(clock.now())
        db.session.commit()
    return job


def _progress(job: RenderJob, percent: int, pages: int | None = None) -> None:
    job.progress = percent
    if pages is not None:
        job.pages = pages
    db.session.commit()


def _scope(job: RenderJob) -> ReportScope:
    unit = db.session.get(Unit, job.unit_id)
    period = db.session.get(ReportPeriod, job.period_id) if job.period_id else None
    year = period.year if period else school_years.period_year(clock.today())
    schools = schools_under(unit, job.level, as_of(period))
    return ReportScope(unit, job.level, year, period, schools)


def _render(app: Flask, job: RenderJob, base_url: str | None) -> None:
    if job.class_id is not None:  # a class's results document
        _progress(job, 10)
        html = class_jobs.current_html(job)
        return _write(job, html, None)
    definition = registry.get(job.report_code)
    if definition is None:
        raise ValueError(f"Không có báo cáo {job.report_code}.")
    scope = _scope(job)
    printed = official.current(definition, scope)
    if job_key(definition.code, scope, printed, job.document_number) != job.key:
        raise ValueError("Số liệu đã thay đổi từ khi yêu cầu; hãy tạo lại bản PDF.")
    _progress(job, 10)
    unit = scope.unit
    code = docs.new_code() if printed.official else None
    number = docs.number(unit, job.document_number if printed.official else None)
    html = pdf.render_html(
        printed.data,
        signer=docs.signer(unit, scope.year),
        draft=not printed.official,
        number=number,
        issued_on=clock.today(),
        verification_code=code,
        verify_url=docs.verify_url(app, base_url, code) if code else None,
        place=docs.province_name(unit),
        template=definition.template,
    )

    def issue() -> int:  # the official copy's verification record
        return docs.issue(
            code=code,
            report_code=definition.code,
            unit=unit,
            period=scope.period,
            level=job.level,
            checksum=printed.checksum,
            number_text=number,
            issued_by_id=job.requested_by_id,
            document_number=job.document_number,
        ).id

    _write(job, html, issue if code else None)


def _write(job: RenderJob, html: str, issue: Callable[[], int] | None) -> None:
    """Lay out and write the job's PDF, then `issue` its document (an official
    copy), and mark it done. Commits."""
    _progress(job, 30)
    document = _layout(html)
    _progress(job, 60, pages=len(document.pages))
    job.pdf = pdf.write(document)
    if issue is not None:
        job.document_id = issue()
    job.status, job.progress = "done", 100
    job.finished_at = clock.as_utc(clock.now())
    db.session.commit()


def _layout(html: str):
    """WeasyPrint's layout pass (the slow half), with pdf.py's safe URL fetcher."""
    return pdf.layout(html)


def fail_stale(now=None) -> int:
    """Jobs running for longer than STALE_AFTER died with their process: failed
    (asking again queues them anew). Commits; the number failed."""
    cutoff = clock.as_utc((now or clock.now()) - STALE_AFTER)
    result = db.session.execute(
        update(RenderJob)
        .where(RenderJob.status == "running", RenderJob.started_at < cutoff)
        .values(
            status="failed",
            error="Quá thời gian tạo PDF.",
            finished_at=clock.as_utc(clock.now()),
        )
    )
    db.session.commit()
    return result.rowcount


def run_queued(
    app: Flask,
    base_url: str | None = None,
    limit: int = 100,
    stop: Callable[[], bool] = lambda: False,
    each: Callable[[RenderJob], None] = lambda job: None,
) -> list[int]:
    """Render queued jobs, oldest first, until none is left or `stop()` says so
    (checked between jobs: a render is never cut short); the ids rendered here.
    `each(job)` is told of every finished job (done or failed)."""
    done: list[int] = []
    for _ in range(limit):
        if stop():
            break
        job_id = claim_next()
        if job_id is None:
            break
        each(_run_claimed(app, job_id, base_url))
        done.append(job_id)
    return done


def nudge(app: Flask, job: RenderJob, base_url: str) -> None:
    """Keep a polled job moving: a queued job nobody took for a while gets a
    renderer; a running one whose process died is marked failed. Commits."""
    now = clock.now()
    if job.status == "running" and job.started_at:
        if clock.as_utc(job.started_at) < clock.as_utc(now - STALE_AFTER):
            fail_stale(now)
            db.session.refresh(job)
        return
    if job.status == "queued" and clock.as_utc(job.created_at) < clock.as_utc(
        now - NUDGE_AFTER
    ):
        launch(app, job.id, base_url)
        db.session.refresh(job)
