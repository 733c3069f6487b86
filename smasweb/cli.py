"""`flask --app wsgi smas …`: init, demo, jobs run-due, scheduler, import
(backup and restore live in cli_ops)."""

import json
import os
import signal
import time
from datetime import datetime

import click
from flask import Flask, current_app
from sqlalchemy import func, select

from smasweb import cli_ops, cli_reports, clock
from smasweb.cli_ops import fail as _fail
from smasweb.cli_ops import needs_schema
from smasweb.demo import load as demo
from smasweb.extensions import db
from smasweb.metrics import timed_import
from smasweb.models import EquipmentItem, Room, Unit, User
from smasweb.services import school_data
from smasweb.services.accounts import auth, passwords
from smasweb.services.calendar import windows as calendar
from smasweb.services.errors import DomainError
from smasweb.services.facilities import imports as import_svc
from smasweb.services.facilities import records as facilities
from smasweb.services.jobs import runner as jobs
from smasweb.services.operations import reset


@click.group("smas")
def smas() -> None:
    """SMAS Web administration commands."""


@smas.command("init")
@click.option("--username", prompt="Tên đăng nhập quản trị", default="admin")
@click.option(
    "--password", prompt="Mật khẩu", hide_input=True, confirmation_prompt=True
)
@click.option("--full-name", default="Quản trị hệ thống")
def init_command(username: str, password: str, full_name: str) -> None:
    """Upgrade the database and create the first admin (Văn phòng Sở)."""
    cli_ops.upgrade_if_needed()
    _, office = demo.ensure_department()
    if db.session.scalar(
        select(User).where(func.lower(User.username) == username.lower())
    ):
        db.session.commit()
        click.echo(f"Tài khoản {username} đã có; không tạo lại.")
        return
    try:
        passwords.check_strength(password, username)
    except DomainError as exc:
        raise click.BadParameter(exc.message, param_hint="--password") from exc
    user = User(
        username=username.lower(),
        full_name=full_name,
        role="admin",
        unit=office,
        **User.search_keys(full_name, username),
    )
    auth.set_password(user, password, must_change=False)
    db.session.add(user)
    db.session.commit()
    click.echo(f"Đã tạo tài khoản quản trị {username}.")


@smas.command("demo")
@click.option("--password", required=True, help="Password of every demo account.")
@click.option("--scale", type=click.Choice(["small", "province"]), default="small")
@click.option(
    "--manifest",
    type=click.Path(dir_okay=False, writable=True),
    help="Write the demo accounts as JSON to this file.",
)
@click.option("--if-empty", is_flag=True, help="Do nothing when schools already exist.")
@click.option(
    "--reset",
    is_flag=True,
    help="Drop EVERY table of the current database first (never in production).",
)
@click.option("--yes", is_flag=True, help="With --reset: do not ask for confirmation.")
def demo_command(
    password: str,
    scale: str,
    manifest: str | None,
    if_empty: bool,
    reset: bool,
    yes: bool,
) -> None:
    """Load a realistic demo Vĩnh Long with accounts for every role."""
    if reset:
        _reset_database(yes)
    cli_ops.upgrade_if_needed()
    if if_empty and db.session.scalar(
        select(func.count()).where(Unit.kind == "school")
    ):
        click.echo("Cơ sở dữ liệu đã có dữ liệu; bỏ qua dữ liệu mẫu.")
        if manifest and os.path.exists(manifest):
            with open(manifest, encoding="utf-8") as fh:
                _print_logins(json.load(fh), password, manifest)
        return
    try:
        result = demo.load_demo(password, scale)
    except DomainError as exc:
        db.session.rollback()
        raise click.ClickException(exc.message) from exc
    db.session.commit()
    if manifest:
        os.makedirs(os.path.dirname(os.path.abspath(manifest)), exist_ok=True)
        with open(manifest, "w", encoding="utf-8") as fh:
            json.dump(result.accounts, fh, ensure_ascii=False, indent=1)
    click.echo(f"Đã nạp {result.schools} trường, {len(result.accounts)} tài khoản mẫu.")
    if result.assessment and result.assessment.total:
        w = result.assessment
        rate = w.total / max(w.seconds, 1e-9)
        click.echo(f"Điểm, đánh giá mẫu: {w.total:,} dòng ({rate:,.0f} dòng/giây).")
    _print_logins(result.accounts, password, manifest)


def _reset_database(yes: bool) -> None:
    """Drop everything, so the demo is rebuilt around today's (or the pinned) date."""
    if current_app.config["ENV_NAME"] == "production":
        _fail(["smas demo --reset xóa toàn bộ dữ liệu: không dùng trên máy chủ thật."])
    url = db.engine.url.render_as_string(hide_password=True)
    if not yes:
        click.confirm(
            f"Xóa TOÀN BỘ dữ liệu trong {url} rồi nạp lại dữ liệu mẫu. Tiếp tục?",
            abort=True,
        )
    dropped = reset.drop_everything()
    click.echo(f"Đã xóa {len(dropped)} bảng trong {url}.")


def _print_logins(
    accounts: list[dict], password: str, manifest: str | None = None
) -> None:
    """Two logins per role (the first and the last: a Department-level and a district
    school) and the file that lists every account."""
    click.echo(f"Tài khoản mẫu (mật khẩu: {password}):")
    by_role: dict[str, list[dict]] = {}
    for a in accounts:
        by_role.setdefault(a["role"], []).append(a)
    for rows in by_role.values():
        for a in {id(r): r for r in (rows[0], rows[-1])}.values():
            click.echo(f"  {a['username']:<18} {a['role']:<14} {a['unit_name']}")
    if manifest:
        click.echo(f"Danh sách đủ {len(accounts)} tài khoản mẫu: {manifest}")


@smas.group("jobs")
def jobs_group() -> None:
    """Scheduled jobs (locks, lock hooks, relocks, reminders)."""


@jobs_group.command("run-due")
@needs_schema
def run_due_command() -> None:
    """Run every due job once and exit (for cron and tests)."""
    try:
        ran = jobs.run_due()
    except jobs.JobsFailed as exc:
        _echo_ran(exc.ran)
        _fail([f"Việc {key} lỗi: {err!r}" for key, err in exc.failed])
    except jobs.SchedulerBusy:
        _fail([f"Bộ lập lịch khác vẫn chạy sau {jobs.RUN_LOCK_WAIT}; hãy thử lại."])
    _echo_ran(ran)


def _echo_ran(keys: list[str]) -> None:
    if not keys:
        click.echo("Không có việc nào đến hạn.")
        return
    click.echo(f"Đã chạy {len(keys)} việc đến hạn:")
    for key in keys:
        click.echo(f"  {key}")


@smas.command("scheduler")
@needs_schema
@click.option("--interval", type=click.IntRange(min=1), default=60, show_default=True)
def scheduler_command(interval: int) -> None:
    """Run the due jobs every --interval seconds, until SIGINT or SIGTERM.

    Start it in its own process, on one machine or on each (every due job runs
    once; on PostgreSQL one scheduler at a time computes them); never inside web
    workers.
    """
    from apscheduler.schedulers.blocking import BlockingScheduler

    app = current_app._get_current_object()
    scheduler = BlockingScheduler(timezone=clock.VN_TZ)
    scheduler.add_job(
        _tick,
        "interval",
        args=[app],
        seconds=interval,
        next_run_time=datetime.now(clock.VN_TZ),
        max_instances=1,
        coalesce=True,
        id="run-due",
    )

    def stop(_signum, _frame) -> None:
        scheduler.shutdown(wait=False)  # a running job finishes before the exit

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    click.echo(f"Bộ lập lịch chạy mỗi {interval} giây (dừng: Ctrl+C hoặc SIGTERM).")
    scheduler.start()
    click.echo("Bộ lập lịch đã dừng.")


def _tick(app: Flask) -> None:
    """One scheduled run, one log line (its own app context and session)."""
    with app.app_context():
        stamp = f"{clock.now():%d/%m/%Y %H:%M:%S}"
        try:
            ran = jobs.run_due(wait=False)
        except jobs.JobsFailed as exc:
            click.echo(f"{stamp} run-due: lỗi {exc}; đã chạy {len(exc.ran)}", err=True)
            return
        except jobs.SchedulerBusy:  # the other one runs them; the next tick looks again
            click.echo(f"{stamp} run-due: bộ lập lịch khác đang chạy; bỏ qua")
            return
        except Exception as exc:  # keep the scheduler alive; the next run retries
            click.echo(f"{stamp} run-due: lỗi {exc!r}", err=True)
            return
        click.echo(f"{stamp} run-due: {len(ran)} việc {' '.join(ran)}".rstrip())


@smas.command("render-job")
@needs_schema
@click.argument("job_id", type=int)
@click.option(
    "--base-url", help="Site address for verify links (default SMAS_PUBLIC_URL)."
)
@click.option("--drain", is_flag=True, help="Then render any other queued job.")
def render_job_command(job_id: int, base_url: str | None, drain: bool) -> None:
    """Render one queued report PDF (started in the background by the web request)."""
    from smasweb.services.reports import render_jobs

    app = current_app._get_current_object()
    job = render_jobs.run(app, job_id, base_url)
    if job is None:
        click.echo(f"Việc tạo PDF {job_id} không ở trạng thái chờ; bỏ qua.")
    else:
        click.echo(f"Việc tạo PDF {job_id}: {job.status}.")
    if drain:
        render_jobs.run_queued(app, base_url)
    if job is not None and job.status == "failed":
        _fail([job.error or "Lỗi không rõ."])


@smas.command("render-jobs")
@needs_schema
@click.option("--loop", is_flag=True, help="Keep watching the queue until SIGTERM.")
@click.option("--interval", type=click.IntRange(min=1), default=5, show_default=True)
def render_jobs_command(loop: bool, interval: int) -> None:
    """Render every queued report PDF (jobs no request started), fail dead ones.

    With --loop this is the render worker (any number, on any machine): it looks
    at the queue every --interval seconds; SIGTERM or SIGINT lets the PDF being
    rendered finish, then it exits.
    """
    from smasweb.services.reports import render_jobs

    app = current_app._get_current_object()
    if not loop:
        stale = render_jobs.fail_stale()
        done = render_jobs.run_queued(app)
        click.echo(f"Đã tạo {len(done)} tệp PDF; {stale} việc quá hạn.")
        return
    stopping = _StopFlag()
    signal.signal(signal.SIGINT, stopping.set)
    signal.signal(signal.SIGTERM, stopping.set)
    click.echo(f"Tạo PDF: xem hàng đợi mỗi {interval} giây (dừng: SIGTERM).")
    while not stopping.is_set():
        _render_tick(app, stopping)
        stopping.sleep(interval)
    click.echo("Tạo PDF: đã dừng.")


class _StopFlag:
    """Set by a signal handler, read by the loop. Not a threading.Event: its set()
    takes a lock the interrupted main thread may be holding."""

    def __init__(self) -> None:
        self.requested = False

    def set(self, _signum=None, _frame=None) -> None:
        self.requested = True

    def is_set(self) -> bool:
        return self.requested

    def sleep(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while not self.requested and time.monotonic() < end:
            time.sleep(0.2)


def _render_tick(app: Flask, stopping: _StopFlag) -> None:
    """Fail dead jobs, render the queue; a database outage is logged, not fatal."""
    from smasweb.services.reports import render_jobs

    def echo(job) -> None:
        stamp = f"{clock.now():%d/%m/%Y %H:%M:%S}"
        click.echo(f"{stamp} PDF {job.id}: {job.status} ({jobs.HOST})")

    try:
        stale = render_jobs.fail_stale()
        if stale:
            click.echo(f"{stale} việc tạo PDF quá hạn: đã đánh dấu lỗi.")
        render_jobs.run_queued(app, stop=stopping.is_set, each=echo)
    except Exception as exc:  # the next look at the queue retries
        db.session.rollback()
        click.echo(f"Tạo PDF: lỗi {exc!r}", err=True)
    finally:
        db.session.remove()


@smas.command("import")
@needs_schema
@click.argument("what", type=click.Choice(["rooms", "equipment"]))
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--school", "school_code", required=True, help="Mã trường.")
@click.option("--user", "username", required=True, help="Nhập với quyền tài khoản này.")
@click.option("--dry-run", is_flag=True, help="Chỉ kiểm tra, không lưu.")
def import_command(
    what: str, path: str, school_code: str, username: str, dry_run: bool
) -> None:
    """Import rooms or equipment from Excel as --user (exit 1 on any refusal).

    The same checks, permissions and entry windows as the web import: every row is
    saved, or none (the row errors are printed).
    """
    check, save, model = IMPORTS[what]
    try:
        actor = _active_user(username)
        school = school_data.writable_school(
            actor, facilities.FIELD, _school_id(school_code)
        )
        calendar.require_open(school, model.calendar_field())  # a dry run tells too
        with open(path, "rb") as stream:
            report = timed_import(check if dry_run else save, actor, school, stream)
    except DomainError as exc:
        db.session.rollback()
        _fail([exc.message])
    if report.errors or not report.items:
        db.session.rollback()
        _fail(import_svc.error_lines(report) or ["Tệp không có dòng dữ liệu nào."])
    if dry_run:
        db.session.rollback()
        click.echo(f"Kiểm tra xong: {len(report.items)} dòng hợp lệ, chưa lưu.")
        return
    db.session.commit()
    click.echo(f"Đã nhập {len(report.items)} dòng vào {school.name}.")


IMPORTS = {
    "rooms": (import_svc.check_rooms, import_svc.import_rooms, Room),
    "equipment": (
        import_svc.check_equipment,
        import_svc.import_equipment,
        EquipmentItem,
    ),
}


def _active_user(username: str) -> User:
    user = db.session.scalar(
        select(User).where(func.lower(User.username) == username.strip().lower())
    )
    if user is None or not user.is_active:
        raise DomainError(f"Không có tài khoản đang hoạt động tên {username}.")
    return user


def _school_id(code: str) -> int:
    school = db.session.scalar(
        select(Unit).where(Unit.kind == "school", Unit.code == code.strip())
    )
    if school is None:
        raise DomainError(f"Không có trường mã {code}.")
    return school.id


def init_app(app: Flask) -> None:
    cli_ops.register(smas)
    cli_reports.register(smas)
    app.cli.add_command(smas)
