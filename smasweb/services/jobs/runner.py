"""Due jobs: store the year's periods, lock on the lock date, run the lock hooks,
relock expired unlocks, remind schools before a window closes.

Each job runs in its own transaction: claim its key (a JobRun row; the key is
unique), do the work, commit. A second process racing for the same key blocks on
the INSERT (PostgreSQL waits for the first transaction; SQLite serializes writers
with busy_timeout), then fails on the unique key, rolls back and skips. A job that
fails rolls its claim back with its work, so the next run tries again.
`run_due()` commits: call it from a command or the scheduler, never from a request.

A scheduler may run on every machine. On PostgreSQL a run first takes a
session-level advisory lock, so two schedulers never even compute the same work
at once: a scheduler that finds it taken skips its tick (SchedulerBusy), a
`jobs run-due` waits for it. The key claims above still make each job run once.
SQLite (one machine) relies on the claims alone.
"""

import logging
import os
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial

from sqlalchemy import func, or_, select, text
from sqlalchemy.exc import IntegrityError, OperationalError

from smasweb import clock
from smasweb.codelists import calendar_field_label
from smasweb.extensions import db
from smasweb.models import JobRun, ReportPeriod, UnlockRequest
from smasweb.services import notices
from smasweb.services import years as school_years
from smasweb.services.accounts import login_throttle, sessions
from smasweb.services.calendar import rules as calendar_rules
from smasweb.services.calendar import unlocks
from smasweb.services.calendar import windows as calendar
from smasweb.services.imports import uploads as import_uploads
from smasweb.services.jobs import reminders as jobs_reminders
from smasweb.services.jobs.reminders import FINISHED_CHECKS  # noqa: F401 (re-export)
from smasweb.services.operations import planner_stats
from smasweb.text import vn_date

log = logging.getLogger(__name__)

HOST = f"{socket.gethostname()}:{os.getpid()}"[:120]
NOTICE_DAYS = 14  # how long a lock or expiry notice stays on the home page
RUN_LOCK = 0x534D4153  # "SMAS": the advisory lock key of a run of the due jobs
RUN_LOCK_WAIT = "300s"  # how long `jobs run-due` waits for another scheduler

LockHook = Callable[[ReportPeriod], None]
LOCK_HOOKS: list[LockHook] = []


def lock_hook(fn: LockHook) -> LockHook:
    """Register fn(period) to run once per lock of a period (in the job's transaction)."""
    LOCK_HOOKS.append(fn)
    return fn


@lock_hook
def announce_lock(period: ReportPeriod) -> None:
    """Tell everyone the period is locked."""
    notices.post(
        None,
        "lock",
        f"Kỳ «{period.title}» đã khóa số liệu",
        period_id=period.id,
        expires_at=clock.end_of(clock.today() + timedelta(days=NOTICE_DAYS)),
    )


class JobsFailed(RuntimeError):
    """Some jobs failed (rolled back, retried next run); the others ran."""

    def __init__(self, ran: list[str], failed: list[tuple[str, Exception]]):
        super().__init__(", ".join(f"{key}: {exc!r}" for key, exc in failed))
        self.ran = ran
        self.failed = failed


class SchedulerBusy(RuntimeError):
    """Another scheduler is running the due jobs right now (PostgreSQL)."""


@contextmanager
def run_lock(wait: bool) -> Iterator[None]:
    """Hold the PostgreSQL advisory lock of a run on its own connection (the
    session's commits must not release it). Raises SchedulerBusy when it is taken
    (wait=False) or still taken after RUN_LOCK_WAIT."""
    if db.engine.dialect.name != "postgresql":
        yield
        return
    with db.engine.connect() as conn:
        if wait:
            conn.execute(text(f"SET LOCAL lock_timeout = '{RUN_LOCK_WAIT}'"))
            try:
                conn.execute(select(func.pg_advisory_lock(RUN_LOCK)))
            except OperationalError as exc:  # lock_timeout
                raise SchedulerBusy() from exc
            got = True
        else:
            got = conn.scalar(select(func.pg_try_advisory_lock(RUN_LOCK)))
        conn.commit()  # a session-level lock outlives the transaction
        if not got:
            raise SchedulerBusy()
        try:
            yield
        finally:
            try:
                conn.execute(select(func.pg_advisory_unlock(RUN_LOCK)))
                conn.commit()
            except Exception:  # a broken connection: closing it drops the lock
                conn.invalidate()
                raise


def claim(key: str, job: str, detail: str = "") -> bool:
    """Insert the job's run record; False (and the transaction rolled back) when
    another process holds or has done this key. Call at the start of a transaction."""
    return _claim(key, job, detail) is not None


def _claim(key: str, job: str, detail: str = "") -> JobRun | None:
    record = JobRun(key=key, job=job, host=HOST, detail=detail[:255])
    db.session.add(record)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        return None
    return record


def done_keys(keys: list[str]) -> set[str]:
    """The keys among these that already ran (a cheap check before claiming)."""
    if not keys:
        return set()
    return set(db.session.scalars(select(JobRun.key).where(JobRun.key.in_(keys))))


@dataclass
class _Run:
    at: datetime
    ran: list[str] = field(default_factory=list)
    failed: list[tuple[str, Exception]] = field(default_factory=list)

    def job(self, key: str, job: str, work: Callable[[], str | None]) -> None:
        """One job in its own transaction: claim, work, commit (or skip, or fail)."""
        try:
            record = _claim(key, job)
            if record is None:
                return
            record.detail = (work() or "")[:255]
            db.session.commit()
        except IntegrityError:  # the work met a concurrent writer: it is done there
            db.session.rollback()
            return
        except Exception as exc:
            db.session.rollback()
            log.exception("Job %s failed", key)
            self.failed.append((key, exc))
            return
        log.info("Job %s ran", key)
        self.ran.append(key)

    def pending(self, keyed: dict[str, Callable[[], str | None]], job: str) -> None:
        for key in sorted(set(keyed) - done_keys(list(keyed)), key=list(keyed).index):
            self.job(key, job, keyed[key])


def run_due(at: datetime | None = None, wait: bool = True) -> list[str]:
    """Run every due job once; the keys that ran here. Raises JobsFailed when some
    failed (after the others ran), SchedulerBusy when another scheduler holds the
    run (at once with wait=False, else after RUN_LOCK_WAIT)."""
    steps = (
        store_calendars,
        auto_lock,
        run_lock_hooks,
        relock_expired,
        remind,
        purge,
        refresh_statistics,
    )
    db.session.commit()  # each job starts its own transaction
    with run_lock(wait):
        run = _Run(at or clock.now())
        for step in steps:
            step(run)
    if run.failed:
        raise JobsFailed(run.ran, run.failed)
    return run.ran


def store_calendars(run: _Run) -> None:
    """The periods of this school year, and in August of the next one, are stored."""
    today = run.at.date()
    years = [school_years.period_year(today)]
    if today.month == 8:
        years.append(today.year)
    run.pending(
        {f"calendar:{y}": partial(_store_year, y) for y in years}, job="calendar"
    )


def _store_year(year: int) -> str:
    return f"{len(calendar_rules.ensure_year(year))} kỳ mới"


def auto_lock(run: _Run) -> None:
    """Lock every period whose lock date has come (unless reopened until later)."""
    today = run.at.date()
    due = db.session.execute(
        select(ReportPeriod.id, ReportPeriod.lock_count)
        .where(
            ReportPeriod.locks_on <= today,
            ReportPeriod.locked_at.is_(None),
            ReportPeriod.fields != "",
            or_(
                ReportPeriod.reopened_until.is_(None),
                ReportPeriod.reopened_until < today,
            ),
        )
        .order_by(ReportPeriod.locks_on, ReportPeriod.position)
    ).all()
    run.pending(
        {f"lock:{pid}:{n + 1}": partial(_lock, pid, run.at) for pid, n in due},
        job="lock",
    )


def _lock(period_id: int, at: datetime) -> str:
    period = db.session.get(ReportPeriod, period_id)
    calendar.lock(period, lock_moment(period, at))
    return period.title


def lock_moment(period: ReportPeriod, at: datetime) -> datetime:
    """When the period locked: its lock date (or the day after a reopening ended),
    not the later moment a scheduler that was down got to it."""
    due = clock.start_of(period.locks_on)
    if period.reopened_until is not None:
        due = max(due, clock.start_of(period.reopened_until + timedelta(days=1)))
    return min(due, at)


def run_lock_hooks(run: _Run) -> None:
    """Run LOCK_HOOKS once for each lock of each period (keyed by lock_count)."""
    locked = db.session.execute(
        select(ReportPeriod.id, ReportPeriod.lock_count)
        .where(ReportPeriod.locked_at.is_not(None), ReportPeriod.lock_count > 0)
        .order_by(ReportPeriod.locked_at, ReportPeriod.id)
    ).all()
    run.pending(
        {f"lock-hooks:{pid}:{n}": partial(_hooks, pid) for pid, n in locked},
        job="lock-hooks",
    )


def _hooks(period_id: int) -> str:
    period = db.session.get(ReportPeriod, period_id)
    for hook in list(LOCK_HOOKS):
        hook(period)
    db.session.flush()
    return period.title


def relock_expired(run: _Run) -> None:
    """Mark granted unlocks past their expiry as expired and tell each school.

    One transaction for the batch: the expiry, a key per request and the notices
    commit together, or (another process had one of them) roll back together.
    """
    due = select(UnlockRequest.id).where(
        UnlockRequest.status == "granted",
        UnlockRequest.expires_at <= clock.as_utc(run.at),
    )
    if db.session.scalar(due.limit(1)) is None:
        return
    try:
        expired = unlocks.expire_due(run.at)
        keys = [f"relock:{r.id}" for r in expired]
        for request in expired:
            notices.post(
                request.school_id,
                "unlock",
                "Hết hạn mở khóa",
                body=_expiry_text(request),
                period_id=request.period_id,
                expires_at=clock.end_of(run.at.date() + timedelta(days=NOTICE_DAYS)),
            )
        for key in keys:
            if not claim(key, "relock"):
                return
        db.session.commit()
    except Exception as exc:
        db.session.rollback()
        log.exception("Relock failed")
        run.failed.append(("relock", exc))
        return
    run.ran.extend(keys)


def remind(run: _Run) -> None:
    """Two days before an open window closes, remind the schools not finished."""
    today = run.at.date()
    keyed = {
        f"remind:{p.id}:{today.isoformat()}": partial(
            jobs_reminders.post_reminders, p.id, run.at
        )
        for p in jobs_reminders.closing_soon(run.at)
    }
    run.pending(keyed, job="remind")


def purge(run: _Run) -> None:
    """Forget old sessions, finished login throttles and expired import files.
    Idempotent, so it needs no claim: two schedulers at once delete the same rows once."""
    try:
        ended, throttles = sessions.purge(), login_throttle.purge()
        files = import_uploads.purge()  # import files past SMAS_IMPORT_UPLOAD_MINUTES
        db.session.commit()
    except Exception as exc:
        db.session.rollback()
        log.exception("Purge failed")
        run.failed.append(("purge", exc))
        return
    if ended or throttles or files:
        log.info("Purged %s sessions, %s throttles, %s files", ended, throttles, files)


def refresh_statistics(run: _Run) -> None:
    """Once a day, fresh planner statistics (SQLite: data entered since the last
    ANALYZE changes which index answers fastest). Housekeeping, like purge: claimed
    so it runs once a day, not listed among the jobs that ran."""
    if not planner_stats.needed():
        return
    key = f"planner-stats:{clock.local(run.at).date().isoformat()}"
    try:
        if _claim(key, "planner-stats") is not None:
            planner_stats.refresh()
            db.session.commit()
    except IntegrityError:  # another scheduler claimed it: done there
        db.session.rollback()
    except Exception as exc:
        db.session.rollback()
        log.exception("Planner statistics failed")
        run.failed.append((key, exc))


def _expiry_text(request: UnlockRequest) -> str:
    fields = ", ".join(calendar_field_label(f) for f in request.granted_codes)
    until = clock.local(request.expires_at)
    return (
        f"Quyền nhập lại «{fields}» đã hết hạn lúc {until:%H:%M} ngày "
        f"{vn_date(until.date())}; số liệu đã khóa lại."
    )
