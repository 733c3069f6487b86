"""Prometheus metrics at /metrics (prometheus_client).

Counted in each process: requests and their latency by endpoint and status, Excel
import durations. Read from the database at each scrape (the same on every node):
the PDF render queue and the scheduler's job runs.

Access: only a request with `Authorization: Bearer <SMAS_METRICS_TOKEN>`; without
the setting, or with another token, /metrics is a 404. (Not "loopback only": behind a
reverse proxy on the same host every visitor comes from 127.0.0.1.)

Several gunicorn workers: set PROMETHEUS_MULTIPROC_DIR to an empty directory before
gunicorn starts (and empty it at each start); each worker then writes its counts
there and any worker answers with the sum. See the README's Production section.
"""

import hmac
import os
import time
from collections.abc import Callable
from datetime import UTC

from flask import Blueprint, Flask, Response, abort, current_app, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from sqlalchemy import func, select

from smasweb.extensions import db
from smasweb.services.errors import ValidationFailed

REQUESTS = Counter(
    "smas_http_requests",
    "HTTP requests answered, by endpoint, method and status.",
    ["endpoint", "method", "status"],
)
LATENCY = Histogram(
    "smas_http_request_duration_seconds",
    "Time to answer a request, by endpoint.",
    ["endpoint"],
    buckets=(0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
)
IMPORTS = Histogram(
    "smas_import_duration_seconds",
    "Excel imports: kind (students, staff, rooms, equipment), mode (check, save) "
    "and outcome (ok, rows_refused, file_refused, error).",
    ["kind", "mode", "outcome"],
    buckets=(0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300),
)

bp = Blueprint("metrics", __name__)


def timed_import(service: Callable, *args):
    """Run an import service (`check_students`, `import_rooms`, …) and observe how
    long it took; kind and mode come from the service's name."""
    verb, _, kind = service.__name__.partition("_")
    mode = "check" if verb == "check" else "save"
    started, outcome = time.perf_counter(), "error"
    try:
        report = service(*args)
        outcome = "rows_refused" if report.errors else "ok"
        return report
    except ValidationFailed:
        outcome = "file_refused"
        raise
    finally:
        IMPORTS.labels(kind, mode, outcome).observe(time.perf_counter() - started)


def _observe(resp: Response) -> Response:
    started = g.get("request_started")
    if started is not None:
        endpoint = request.endpoint or "none"
        status = str(resp.status_code)
        REQUESTS.labels(endpoint, request.method, status).inc()
        LATENCY.labels(endpoint).observe(time.perf_counter() - started)
    return resp


class QueueCollector:
    """The render queue and the scheduler's job runs, read at each scrape."""

    def collect(self):
        from smasweb.models import JobRun, RenderJob

        queue = GaugeMetricFamily(
            "smas_render_jobs", "PDF render jobs waiting or running.", labels=["status"]
        )
        counts = dict(
            db.session.execute(
                select(RenderJob.status, func.count())
                .where(RenderJob.status.in_(("queued", "running")))
                .group_by(RenderJob.status)
            ).all()
        )
        for status in ("queued", "running"):
            queue.add_metric([status], counts.get(status, 0))
        yield queue
        runs = CounterMetricFamily(
            "smas_job_runs", "Scheduled job runs done, by job.", labels=["job"]
        )
        last = GaugeMetricFamily(
            "smas_job_last_run_timestamp_seconds",
            "When each scheduled job last ran (Unix time).",
            labels=["job"],
        )
        stmt = select(JobRun.job, func.count(), func.max(JobRun.ran_at)).group_by(
            JobRun.job
        )
        for job, count, ran_at in db.session.execute(stmt):
            runs.add_metric([job], count)
            if ran_at is not None and ran_at.tzinfo is None:  # SQLite: stored UTC
                ran_at = ran_at.replace(tzinfo=UTC)
            last.add_metric([job], ran_at.timestamp() if ran_at else 0)
        yield runs
        yield last


def _registry():
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return registry
    return REGISTRY


def _authorized() -> bool:
    token = current_app.config.get("METRICS_TOKEN")
    given = request.headers.get("Authorization", "")
    return bool(token) and hmac.compare_digest(
        given.encode(), f"Bearer {token}".encode()
    )


@bp.get("/metrics")
def scrape():
    if not _authorized():
        abort(404)
    body = generate_latest(_registry()) + generate_latest(QueueCollector())
    db.session.rollback()
    return Response(body, headers={"Content-Type": CONTENT_TYPE_LATEST})


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.after_request(_observe)
