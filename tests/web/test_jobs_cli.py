"""`flask smas jobs run-due`, `flask smas scheduler` and `flask smas import`: two
processes run each lock hook once; the scheduler stops cleanly; the CLI import obeys
permissions and entry windows like the web import."""

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from datetime import datetime
from io import BytesIO
from pathlib import Path

import pytest
import time_machine
from openpyxl import Workbook
from sqlalchemy import func, insert, make_url, select, text

from smasweb import clock
from smasweb.extensions import db
from smasweb.models import AuditEntry, JobRun, Notice, ReportPeriod, Room
from smasweb.models.reports import RenderJob
from smasweb.services import reports as registry
from smasweb.services import years as school_years
from smasweb.services.facilities import imports as facilities_import
from smasweb.services.jobs import runner as jobs
from smasweb.services.reports import render_jobs
from smasweb.services.reports.scope import resolve

ROOT = Path(__file__).resolve().parents[2]
ROOM_HEADERS = list(facilities_import.ROOM_COLUMNS.values())
GOOD_ROOMS = [
    ["Phòng học", "Kiên cố", "Không", "", "Phòng 1A", 4, 48, "Tốt"],
    ["Thư viện", "Bán kiên cố", "", "", None, 1, None, ""],
]


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def flask_command(app, tmp_path, *args: str, today: str = "") -> subprocess.Popen:
    """`flask --app wsgi smas …` in a new process, on the test's database."""
    env = os.environ | {
        "SMAS_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "SMAS_INSTANCE_PATH": str(tmp_path),
        "SMAS_SECRET_KEY": "test-secret",
        "SMAS_ENV": "development",
        "SMAS_TODAY": today,
        "PYTHONUNBUFFERED": "1",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "wsgi", "smas", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def waiting_for_the_claim(procs, url: str) -> bool:
    """Have both processes reached the first claim (and are blocked on it)?"""
    if url.startswith("postgresql"):
        with db.engine.connect() as conn:
            blocked = conn.scalar(
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE "
                    "datname = current_database() AND wait_event_type = 'Lock'"
                )
            )
        return blocked == len(procs)
    path = os.path.realpath(make_url(url).database)
    return all(  # SQLite: the file is open, the INSERT is a few statements away
        any(os.path.realpath(fd) == path for fd in Path(f"/proc/{p.pid}/fd").iterdir())
        for p in procs
    )


@pytest.mark.real_calendar
def test_two_processes_started_together_run_each_lock_hook_once(app, world, tmp_path):
    """Both processes wait on the first claim, held by the test, then race for every
    job: each key runs in exactly one of them."""
    db.session.commit()
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    with db.engine.connect() as blocker:
        held = blocker.begin()
        blocker.execute(insert(JobRun).values(key="calendar:2026", job="calendar"))
        procs = [
            flask_command(app, tmp_path, "jobs", "run-due", today="2026-10-20")
            for _ in range(2)
        ]
        deadline = time.monotonic() + 30
        while not waiting_for_the_claim(procs, url) and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.3)
        held.rollback()
    outputs = [p.communicate(timeout=60) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    ran = [line.strip() for out, _ in outputs for line in out.splitlines()[1:]]
    assert len(ran) == len(set(ran))  # no key ran in both processes
    db.session.expire_all()
    locked = db.session.scalars(
        select(ReportPeriod).where(ReportPeriod.locked_at.is_not(None))
    ).all()
    assert len(locked) == 3  # after opening, September, October
    hook_keys = db.session.scalars(
        select(JobRun.key).where(JobRun.job == "lock-hooks")
    ).all()
    assert sorted(hook_keys) == sorted(f"lock-hooks:{p.id}:1" for p in locked)
    lock_notices = db.session.scalars(select(Notice).filter_by(kind="lock")).all()
    assert sorted(n.period_id for n in lock_notices) == sorted(p.id for p in locked)
    jobs = select(JobRun.key).where(JobRun.job != "planner-stats")  # housekeeping
    assert set(ran) == set(db.session.scalars(jobs))


def test_run_due_prints_the_jobs_it_ran_then_nothing(runner):
    first = runner.invoke(args=["smas", "jobs", "run-due"])
    assert first.exit_code == 0, first.output
    assert "Đã chạy" in first.output or "Không có việc" in first.output
    again = runner.invoke(args=["smas", "jobs", "run-due"])
    assert again.exit_code == 0 and "Không có việc nào đến hạn." in again.output


def test_scheduler_runs_and_stops_on_sigterm(app, tmp_path):
    db.session.commit()
    proc = flask_command(app, tmp_path, "scheduler", "--interval", "1")
    lines: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(target=lambda: [lines.put(x) for x in proc.stdout])
    reader.start()
    seen: list[str] = []
    try:
        while not any("run-due:" in line for line in seen):
            seen.append(lines.get(timeout=20))
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        reader.join(timeout=5)
        errors = proc.stderr.read()
        proc.stdout.close()
        proc.stderr.close()
    assert code == 0, errors
    assert seen[0].startswith("Bộ lập lịch chạy mỗi 1 giây")
    assert "Bộ lập lịch đã dừng." in [*seen, *lines.queue][-1]


def test_render_worker_renders_the_queue_and_stops_on_sigterm(app, world, tmp_path):
    """`smas render-jobs --loop`: a job queued while it waits is rendered and
    logged with the worker's name; SIGTERM ends it cleanly."""
    db.session.commit()
    proc = flask_command(app, tmp_path, "render-jobs", "--loop", "--interval", "1")
    lines: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(target=lambda: [lines.put(x) for x in proc.stdout])
    reader.start()
    seen: list[str] = []
    try:
        seen.append(lines.get(timeout=30))  # started, and looked at the empty queue
        year = school_years.period_year(clock.today())
        scope = resolve(world.leader, world.s1.id, "02", year, None)
        job, _ = render_jobs.request_pdf(
            world.leader, registry.get("after_opening"), scope
        )
        db.session.commit()
        while not any(f"PDF {job.id}:" in line for line in seen):
            seen.append(lines.get(timeout=60))
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        reader.join(timeout=5)
        errors = proc.stderr.read()
        proc.stdout.close()
        proc.stderr.close()
    assert code == 0, errors
    assert seen[0] == "Tạo PDF: xem hàng đợi mỗi 1 giây (dừng: SIGTERM).\n"
    assert f"PDF {job.id}: done ({jobs.HOST.split(':')[0]}:" in seen[-1]
    assert [*seen, *lines.queue][-1] == "Tạo PDF: đã dừng.\n"
    db.session.expire_all()
    assert db.session.get(RenderJob, job.id).pdf.startswith(b"%PDF")


def rooms_file(tmp_path, rows) -> str:
    wb = Workbook()
    ws = wb.active
    ws.append(ROOM_HEADERS)
    for row in rows:
        ws.append(row)
    out = BytesIO()
    wb.save(out)
    path = tmp_path / "phong.xlsx"
    path.write_bytes(out.getvalue())
    return str(path)


def import_rooms(runner, path: str, school: str, user: str, *extra: str):
    args = ["smas", "import", "rooms", path, "--school", school, "--user", user]
    return runner.invoke(args=[*args, *extra])


def test_cli_import_inside_a_window_saves_and_audits_as_the_user(
    runner, world, tmp_path
):
    path = rooms_file(tmp_path, GOOD_ROOMS)
    dry = import_rooms(runner, path, world.s1.code, "cb1", "--dry-run")
    assert dry.exit_code == 0 and "Kiểm tra xong: 2 dòng hợp lệ" in dry.output
    assert count(Room) == 0
    result = import_rooms(runner, path, world.s1.code, "cb1")
    assert result.exit_code == 0, result.output
    assert "Đã nhập 2 dòng" in result.output
    assert count(Room) == 2
    entries = db.session.scalars(select(AuditEntry)).all()
    assert {(e.user_id, e.field, e.table_name) for e in entries} == {
        (world.clerk.id, "facilities", "rooms")
    }
    assert len(entries) == 2


@pytest.mark.real_calendar
def test_cli_import_after_the_lock_exits_1_with_the_423_message(
    runner, world, tmp_path
):
    path = rooms_file(tmp_path, GOOD_ROOMS)
    with time_machine.travel(datetime(2026, 9, 10, 9, 0, tzinfo=clock.VN_TZ)):
        for extra in ((), ("--dry-run",)):
            result = import_rooms(runner, path, world.s1.code, "cb1", *extra)
            assert result.exit_code == 1
            assert "Không lưu được «Cơ sở vật chất" in result.stderr
            assert "đã khóa số liệu ngày 09/09/2026" in result.stderr
    assert count(Room) == 0 and count(AuditEntry) == 0


def test_cli_import_with_a_bad_row_prints_it_and_saves_nothing(runner, world, tmp_path):
    path = rooms_file(tmp_path, [*GOOD_ROOMS, ["Phòng bơi", "Kiên cố", "", "", "", 1]])
    result = import_rooms(runner, path, world.s1.code, "cb1")
    assert result.exit_code == 1
    assert "Dòng 4, cột Loại phòng: “Phòng bơi” không có trong danh mục." in (
        result.stderr.splitlines()
    )
    assert count(Room) == 0 and count(AuditEntry) == 0


@pytest.mark.parametrize(
    ("school", "user", "message"),
    [
        ("86857001", "gv1", "quyền"),  # a teacher may not write facilities
        ("86862001", "cb1", "Không tìm thấy"),  # another school
        ("99999999", "cb1", "Không có trường mã 99999999"),
        ("86857001", "nobody", "Không có tài khoản"),
    ],
)
def test_cli_import_acts_with_the_users_permissions(
    runner, world, tmp_path, school, user, message
):
    result = import_rooms(runner, rooms_file(tmp_path, GOOD_ROOMS), school, user)
    assert result.exit_code == 1 and message in result.stderr
    assert count(Room) == 0
