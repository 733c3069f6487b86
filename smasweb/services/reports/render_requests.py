"""Asking for a report PDF: the job that prints a scope's numbers as they are now.

A job is keyed by what it prints (report, unit, level, period, official or draft,
the checksum of the data, and for an official copy the document number the
officer recorded), so asking again for the same document finds the finished job
and serves its file. render_jobs.py renders the jobs; `queue_official` is called
when a school's snapshot becomes official, so the officer's download is already
rendered when asked for.
"""

from flask import current_app
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import defer

from smasweb.extensions import db
from smasweb.models import Unit, User
from smasweb.models.calendar import ReportPeriod
from smasweb.models.reports import RenderJob, ReportSubmission
from smasweb.services import reports as registry
from smasweb.services.errors import NotFound
from smasweb.services.jobs import runner as jobs
from smasweb.services.reports import ReportDefinition, class_jobs, official
from smasweb.services.reports import documents as docs
from smasweb.services.reports.scope import ReportScope, may_read


def key_prefix(code: str, scope: ReportScope, is_official: bool) -> str:
    period = scope.period.id if scope.period else 0
    kind = "official" if is_official else "draft"
    return f"{code}:{scope.unit.id}:{scope.level}:{period}:{kind}:"


def job_key(
    code: str,
    scope: ReportScope,
    printed: official.Printed,
    number: str | None = None,
) -> str:
    """The job's key; a recorded number makes another document (`:n<number>`)."""
    key = key_prefix(code, scope, printed.official) + printed.checksum
    return f"{key}:n{number}" if number and printed.official else key


def request_pdf(
    actor: User | None,
    definition: ReportDefinition,
    scope: ReportScope,
    number: str | None = None,
    printed: official.Printed | None = None,
) -> tuple[RenderJob, bool]:
    """The job for the scope's PDF as its numbers are now, and whether it needs
    starting (new, or failed before and queued again). Flushed, not committed.

    `number` (already checked by documents.clean_number) is printed after "Số:"
    on an official copy; a draft never carries one. Older draft jobs of the same
    report and unit are dropped: their numbers are gone. Official ones stay, as
    their files carry issued codes.
    """
    printed = printed or official.current(definition, scope)
    number = number if printed.official else None
    key = job_key(definition.code, scope, printed, number)
    job = db.session.scalar(select(RenderJob).where(RenderJob.key == key))
    if job is not None:
        if job.status != "failed":
            return job, False
        _requeue(job)
        return job, True
    if not printed.official:
        db.session.execute(
            delete(RenderJob).where(
                RenderJob.key.startswith(
                    key_prefix(definition.code, scope, False), autoescape=True
                ),
                RenderJob.status.in_(("done", "failed")),
            )
        )
    job = RenderJob(
        key=key,
        report_code=definition.code,
        unit_id=scope.unit.id,
        period_id=scope.period.id if scope.period else None,
        level=scope.level,
        official=printed.official,
        status="queued",
        progress=0,
        requested_by_id=actor.id if actor else None,
        document_number=number,
    )
    try:
        with db.session.begin_nested():
            db.session.add(job)
    except IntegrityError:  # another request made it first: use that one
        job = db.session.scalar(select(RenderJob).where(RenderJob.key == key))
        return job, False
    return job, True


OFF = ("0", "false", "no", "off", "")
AHEAD = "render_ahead"  # session.info: ids of jobs queued ahead, to start on commit


def queue_official(
    actor: User | None, definition: ReportDefinition, scope: ReportScope
) -> RenderJob | None:
    """Queue the scope's official PDF ahead of any download (flushed), unless
    there is none yet (before the lock every copy is a draft) or it is queued or
    rendered already. The new job, or None. Its id waits in the session for
    `render_jobs.launch_ahead` to start it once committed."""
    printed = official.current(definition, scope)
    if not printed.official:
        return None
    job, start = request_pdf(actor, definition, scope, printed=printed)
    if not start:
        return None
    db.session.info.setdefault(AHEAD, []).append(job.id)
    return job


def ahead_at_lock() -> bool:
    """RENDER_AHEAD_AT_LOCK (SMAS_RENDER_AHEAD_AT_LOCK); by default on when render
    workers run (RENDER_SPAWN off), as a lock may queue a PDF per school (1,300
    at province scale): without workers the first renderer a request starts
    would drain them all on a web node."""
    config = current_app.config
    value = config.get("RENDER_AHEAD_AT_LOCK")
    if value is None:
        value = config.get("RENDER_SPAWN", True)
        value = (
            isinstance(value, str) and value.strip().lower() in OFF or value is False
        )
    if isinstance(value, str):
        return value.strip().lower() not in OFF
    return bool(value)


@jobs.lock_hook  # registered after official.freeze_at_lock (imported above)
def queue_at_lock(period: ReportPeriod) -> None:
    """Every school's official PDF of the period, queued as the lock makes its
    snapshot official. The render workers take them (or the next renderer a
    request starts, which drains the queue), so a download is usually ready."""
    if not ahead_at_lock():
        return
    for definition in registry.for_period(period.kind):
        rows = db.session.scalars(
            select(ReportSubmission).where(
                ReportSubmission.report_code == definition.code,
                ReportSubmission.period_id == period.id,
                ReportSubmission.official_snapshot_id.is_not(None),
            )
        )
        for row in rows:
            school = row.school
            scope = ReportScope(school, row.level, period.year, period, [school])
            queue_official(None, definition, scope)
    db.session.info.pop(AHEAD, None)  # no request to start them: workers do


def queued_ahead() -> list[int]:
    """The ids `queue_official` left in this session (and forgets them)."""
    return db.session.info.pop(AHEAD, [])


def _requeue(job: RenderJob) -> None:
    job.status, job.progress, job.error, job.pages = "queued", 0, None, None
    job.started_at = job.finished_at = None
    db.session.flush()


def get_job(actor: User, job_id: int, finished: bool = False) -> RenderJob:
    """A job of a report the actor may read, or of a class document it may build
    (class_jobs.check); `finished`: with its file, loaded.

    Raises:
        NotFound: no such job, outside the actor's scope, or (finished) no file yet.
        PermissionDenied: a class document the actor may not print.
    """
    options = () if finished else (defer(RenderJob.pdf),)
    job = db.session.get(RenderJob, job_id, options=options)
    if job is not None and job.class_id is not None:
        class_jobs.check(actor, job)
    elif job is None or not may_read(
        actor, db.session.get(Unit, job.unit_id), job.level
    ):
        raise NotFound()
    if finished and (job.status != "done" or job.pdf is None):
        raise NotFound()
    return job


def file_name(job: RenderJob) -> str:
    """The finished job's download name."""
    if job.class_id is not None:
        return class_jobs.job_file_name(job)
    return docs.job_file_name(job)
