"""Due jobs: auto-locks, lock hooks once per lock (even with two schedulers), relocks
of expired unlocks, reminders to the schools that have not finished."""

import threading
from datetime import date, datetime

import pytest
import time_machine
from sqlalchemy import func, select, text

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import AuditEntry, JobRun, Notice, ReportPeriod, UnlockRequest
from smasweb.services.calendar import rules as calendar_rules
from smasweb.services.calendar import windows as calendar
from smasweb.services.jobs import reminders as jobs_reminders
from smasweb.services.jobs import runner as jobs
from tests.factories import make_unit

pytestmark = pytest.mark.real_calendar

LOCK_DAY = datetime(2026, 9, 9, 0, 0, 1, tzinfo=clock.VN_TZ)
TWO_DAYS_LEFT = datetime(2026, 9, 4, 10, 0, tzinfo=clock.VN_TZ)


@pytest.fixture
def hook_calls():
    """A registered test hook: the (period id, lock_count) of every call."""
    calls: list[tuple[int, int]] = []
    guard = threading.Lock()

    def record(period):
        with guard:
            calls.append((period.id, period.lock_count))

    jobs.lock_hook(record)
    yield calls
    jobs.LOCK_HOOKS.remove(record)


def after_opening(year: int = 2026) -> ReportPeriod:
    return db.session.scalar(
        select(ReportPeriod).filter_by(year=year, kind="after_opening")
    )


def notices(kind: str) -> list[Notice]:
    return list(db.session.scalars(select(Notice).filter_by(kind=kind)))


def test_lock_day_locks_the_period_and_runs_each_hook_once(world, hook_calls):
    with time_machine.travel(LOCK_DAY, tick=False):
        ran = jobs.run_due()
        period = after_opening()
        assert ran == [
            "calendar:2026",
            f"lock:{period.id}:1",
            f"lock-hooks:{period.id}:1",
        ]
        assert jobs.run_due() == []
    assert clock.local(period.locked_at) == clock.start_of(date(2026, 9, 9))
    assert hook_calls == [(period.id, 1)]
    (notice,) = notices("lock")
    assert notice.unit_id is None and notice.period_id == period.id
    assert notice.title == "Kỳ «Báo cáo sau khai giảng 2026-2027» đã khóa số liệu"


def test_reopening_then_relocking_runs_the_hooks_again(world, hook_calls):
    with time_machine.travel(LOCK_DAY, tick=False) as traveller:
        jobs.run_due()
        period = after_opening()
        calendar.reopen(period, date(2026, 9, 12))
        db.session.commit()
        traveller.move_to(datetime(2026, 9, 12, 23, 0, tzinfo=clock.VN_TZ))
        ran = jobs.run_due()  # the last day of the reopening: a reminder, no lock
        assert ran == [f"remind:{period.id}:2026-09-12"]
        traveller.move_to(datetime(2026, 9, 13, 8, 0, tzinfo=clock.VN_TZ))
        assert jobs.run_due() == [f"lock:{period.id}:2", f"lock-hooks:{period.id}:2"]
        assert clock.local(period.locked_at) == clock.start_of(date(2026, 9, 13))
        calendar.reopen(period, date(2026, 9, 20))
        calendar.lock(period)  # the Department locks by hand: only the hooks are due
        db.session.commit()
        assert jobs.run_due() == [f"lock-hooks:{period.id}:3"]
    assert hook_calls == [(period.id, 1), (period.id, 2), (period.id, 3)]
    assert len(notices("lock")) == 3


def test_a_failing_hook_rolls_back_its_claim_and_is_retried(world, hook_calls):
    def broken(period):
        raise RuntimeError("snapshot failed")

    jobs.lock_hook(broken)
    try:
        with (
            time_machine.travel(LOCK_DAY, tick=False),
            pytest.raises(jobs.JobsFailed) as failed,
        ):
            jobs.run_due()
    finally:
        jobs.LOCK_HOOKS.remove(broken)
    period = after_opening()
    assert failed.value.ran == ["calendar:2026", f"lock:{period.id}:1"]
    assert period.locked_at is not None  # the lock is its own job
    assert notices("lock") == [] and hook_calls == [(period.id, 1)]
    with time_machine.travel(LOCK_DAY, tick=False):
        assert jobs.run_due() == [f"lock-hooks:{period.id}:1"]
    assert len(notices("lock")) == 1


def test_two_schedulers_started_together_run_each_lock_hook_once(
    app, world, hook_calls
):
    """Two threads, each with its own app context and connection, race for every key."""
    db.session.commit()
    barrier = threading.Barrier(2)
    results: list[list[str]] = []
    errors: list[BaseException] = []

    def scheduler():
        try:
            with app.app_context():
                barrier.wait(timeout=10)
                results.append(jobs.run_due())
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)

    when = datetime(2026, 10, 20, 8, 0, tzinfo=clock.VN_TZ)  # three locks due
    with time_machine.travel(when, tick=False):
        threads = [threading.Thread(target=scheduler) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
    assert errors == []
    locked = db.session.scalars(
        select(ReportPeriod).where(ReportPeriod.locked_at.is_not(None))
    ).all()
    assert sorted(p.kind for p in locked) == ["after_opening", "monthly", "monthly"]
    assert sorted(hook_calls) == sorted((p.id, 1) for p in locked)
    first, second = results
    assert not set(first) & set(second)
    # The SQLite planner statistics are housekeeping, claimed but not reported.
    keys = set(
        db.session.scalars(select(JobRun.key).where(JobRun.job != "planner-stats"))
    )
    assert set(first) | set(second) == keys
    assert len(notices("lock")) == 3


def test_expired_unlocks_are_marked_and_the_school_told_once(world):
    db.session.add(
        UnlockRequest(
            school_id=world.s1.id,
            fields="facilities",
            reason="Sai số phòng học",
            status="granted",
            granted_fields="facilities",
            expires_at=clock.as_utc(clock.end_of(date(2026, 10, 3))),
        )
    )
    db.session.commit()
    with time_machine.travel(datetime(2026, 10, 4, 0, 1, tzinfo=clock.VN_TZ)):
        ran = jobs.run_due()
        request = db.session.scalar(select(UnlockRequest))
        assert f"relock:{request.id}" in ran
        assert request.status == "expired"
        assert f"relock:{request.id}" not in jobs.run_due()
    (notice,) = notices("unlock")
    assert notice.unit_id == world.s1.id and notice.title == "Hết hạn mở khóa"
    assert "Cơ sở vật chất" in notice.body and "03/10/2026" in notice.body


def audit(school, field: str, at: datetime) -> AuditEntry:
    return AuditEntry(
        at=clock.as_utc(at),
        actor="Test",
        school_id=school.id,
        table_name="x",
        action="insert",
        field=field,
        changes={},
    )


def test_reminders_go_to_schools_that_have_not_finished_once_a_day(world):
    fields = set(after_opening_fields()) & jobs_reminders.governed_fields()
    during = datetime(2026, 9, 2, 9, 0, tzinfo=clock.VN_TZ)
    before = datetime(2026, 8, 30, 9, 0, tzinfo=clock.VN_TZ)
    db.session.add_all(audit(world.s1, f, during) for f in fields)  # finished
    db.session.add_all(audit(world.s2, f, before) for f in fields)  # too early
    db.session.add(audit(world.s1b, "facilities", during))  # one field only
    closed = make_unit("school", world.d1, closed_on=date(2026, 6, 30))
    db.session.commit()
    with time_machine.travel(TWO_DAYS_LEFT, tick=False) as traveller:
        ran = jobs.run_due()
        period = after_opening()
        assert f"remind:{period.id}:2026-09-04" in ran
        assert f"remind:{period.id}:2026-09-04" not in jobs.run_due()
        traveller.move_to(datetime(2026, 9, 5, 7, 0, tzinfo=clock.VN_TZ))
        assert f"remind:{period.id}:2026-09-05" in jobs.run_due()
    sent = notices("reminder")
    by_day = {n.title: {x.unit_id for x in sent if x.title == n.title} for n in sent}
    unfinished = {world.s1b.id, world.s2.id, world.thpt.id}
    assert by_day == {
        "Còn 2 ngày để cập nhật «Báo cáo sau khai giảng 2026-2027»": unfinished,
        "Còn 1 ngày để cập nhật «Báo cáo sau khai giảng 2026-2027»": unfinished,
    }
    assert closed.id not in {n.unit_id for n in sent}
    assert {clock.local(n.expires_at) for n in sent} == {clock.end_of(date(2026, 9, 6))}


def after_opening_fields() -> tuple[str, ...]:
    built = calendar_rules.build(2026)
    return next(p for p in built if p.kind == "after_opening").field_codes


def test_no_reminders_before_the_last_two_days_or_for_reopened_periods(world):
    with time_machine.travel(datetime(2026, 9, 3, 9, 0, tzinfo=clock.VN_TZ)):
        assert not any(k.startswith("remind:") for k in jobs.run_due())
    period = after_opening()
    period.reopened_until = date(2026, 9, 30)
    db.session.commit()
    with time_machine.travel(TWO_DAYS_LEFT, tick=False):
        assert not any(k.startswith("remind:") for k in jobs.run_due())
    assert notices("reminder") == []


def test_august_stores_the_coming_school_year_too(world):
    with time_machine.travel(datetime(2027, 8, 20, 9, 0, tzinfo=clock.VN_TZ)):
        ran = jobs.run_due()
    assert ran[:2] == ["calendar:2026", "calendar:2027"]
    years = db.session.scalars(select(func.distinct(ReportPeriod.year))).all()
    assert sorted(years) == [2026, 2027]


def test_a_scheduler_skips_or_waits_while_another_computes_the_run(app, world):
    """PostgreSQL: while another scheduler holds the run's advisory lock, a
    scheduler tick skips at once and `jobs run-due` waits, computing nothing
    meanwhile. SQLite (one machine) has no such lock: its key claims suffice."""
    db.session.commit()
    if db.engine.dialect.name != "postgresql":
        assert jobs.run_due(wait=False)
        return
    waited: list[list[str]] = []

    def run_due_command():
        with app.app_context():
            waited.append(jobs.run_due())

    with db.engine.connect() as other:
        other.execute(select(func.pg_advisory_lock(jobs.RUN_LOCK)))
        other.commit()
        with pytest.raises(jobs.SchedulerBusy):
            jobs.run_due(wait=False)
        waiting = threading.Thread(target=run_due_command)
        waiting.start()
        waiting.join(timeout=1)
        assert waiting.is_alive() and waited == []
        assert db.session.scalar(select(func.count()).select_from(JobRun)) == 0
        other.execute(select(func.pg_advisory_unlock(jobs.RUN_LOCK)))
        other.commit()
        waiting.join(timeout=60)
    assert waited and waited[0][0].startswith("calendar:")
    assert jobs.run_due(wait=False) == []  # the lock was given back


def test_sqlite_gets_fresh_planner_statistics_once_a_day(world):
    """SQLite picks indexes by their shape until ANALYZE has run (a school's pupils
    counted through the `active` flag's index: 50× slower); PostgreSQL keeps its own
    statistics, so no job is claimed there."""
    sqlite = db.session.get_bind().dialect.name == "sqlite"
    with time_machine.travel(datetime(2026, 10, 5, 1, 0, tzinfo=clock.VN_TZ)):
        jobs.run_due()
        jobs.run_due()
    with time_machine.travel(datetime(2026, 10, 6, 1, 0, tzinfo=clock.VN_TZ)):
        ran = jobs.run_due()
    assert not [k for k in ran if k.startswith("planner-stats")]  # housekeeping
    claimed = db.session.scalars(
        select(JobRun.key).where(JobRun.job == "planner-stats").order_by(JobRun.key)
    ).all()
    if sqlite:
        assert claimed == ["planner-stats:2026-10-05", "planner-stats:2026-10-06"]
        tables = db.session.execute(
            text("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
        )
        assert tables.scalar() == 1
    else:
        assert claimed == []
