"""Background report PDFs: jobs keyed by their numbers, claimed once, progress,
failures, the CLI and detached-process paths; signers, numbers and verification codes."""

import subprocess
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text

from smasweb import clock
from smasweb.extensions import db
from smasweb.models.calendar import ReportPeriod
from smasweb.models.reports import IssuedDocument, RenderJob
from smasweb.models.schools import ClassGroup, SchoolProfile
from smasweb.services import reports as registry
from smasweb.services import years as school_years
from smasweb.services.calendar import windows as calendar
from smasweb.services.errors import NotFound
from smasweb.services.reports import documents as docs
from smasweb.services.reports import official, render_jobs
from smasweb.services.reports.scope import resolve


class FakeDocument:
    """Stands in for WeasyPrint's layout where only the job machinery is tested."""

    pages = [1, 2, 3]

    def write_pdf(self):
        return b"%PDF-1.7 fake"


@pytest.fixture
def period(app):
    year = school_years.ensure_year(school_years.current_year()).year
    return db.session.scalar(
        select(ReportPeriod).where(
            ReportPeriod.kind == "after_opening", ReportPeriod.year == year
        )
    )


@pytest.fixture
def definition():
    return registry.get("after_opening")


@pytest.fixture
def fake_layout(monkeypatch):
    seen = []
    monkeypatch.setattr(
        render_jobs, "_layout", lambda html: seen.append(html) or FakeDocument()
    )
    return seen


def scope_of(actor, unit, period, level="02"):
    return resolve(actor, unit.id, level, period.year, period)


def add_class(school, year: int) -> None:
    """A class this year: the report's numbers change."""
    db.session.add(ClassGroup(school_id=school.id, year=year, grade="01", name="1Z"))
    db.session.flush()


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_same_numbers_same_job_new_numbers_new_job(
    app, world, period, definition, fake_layout
):
    scope = scope_of(world.leader, world.s1, period)
    job, start = render_jobs.request_pdf(world.leader, definition, scope)
    db.session.commit()
    first = job.key
    assert start and job.status == "queued" and not job.official
    assert job.key.startswith(f"after_opening:{world.s1.id}:02:{period.id}:draft:")
    assert job.key.endswith(official.current(definition, scope).checksum)
    again, start = render_jobs.request_pdf(world.leader, definition, scope)
    assert again.id == job.id and not start
    render_jobs.run(app, job.id)
    add_class(world.s1, period.year)  # new numbers: a new draft, the old one dropped
    db.session.commit()
    newer, start = render_jobs.request_pdf(world.leader, definition, scope)
    db.session.commit()
    assert start and newer.key != first
    assert db.session.scalars(select(RenderJob.key)).all() == [newer.key]


def test_a_job_is_claimed_once_and_reports_progress(
    app, world, period, definition, fake_layout, monkeypatch
):
    job, _ = render_jobs.request_pdf(
        world.leader, definition, scope_of(world.leader, world.s1, period)
    )
    db.session.commit()
    steps = []
    real = render_jobs._progress

    def record(j, percent, pages=None):
        steps.append((percent, pages))
        real(j, percent, pages)

    monkeypatch.setattr(render_jobs, "_progress", record)
    done = render_jobs.run(app, job.id)
    assert steps == [(10, None), (30, None), (60, 3)]
    assert (done.status, done.progress, done.pages) == ("done", 100, 3)
    assert done.pdf == b"%PDF-1.7 fake" and done.finished_at is not None
    assert render_jobs.claim(job.id) is False
    assert render_jobs.run(app, job.id) is None  # not queued any more
    assert len(fake_layout) == 1 and "BẢN NHÁP" in fake_layout[0]


def test_a_failure_is_recorded_and_asking_again_retries(
    app, world, period, definition, monkeypatch
):
    def boom(html):
        raise RuntimeError("hết bộ nhớ")

    monkeypatch.setattr(render_jobs, "_layout", boom)
    scope = scope_of(world.leader, world.s1, period)
    job, _ = render_jobs.request_pdf(world.leader, definition, scope)
    db.session.commit()
    failed = render_jobs.run(app, job.id)
    assert failed.status == "failed" and failed.error == "hết bộ nhớ"
    again, start = render_jobs.request_pdf(world.leader, definition, scope)
    assert (
        again.id == job.id
        and start
        and again.status == "queued"
        and again.error is None
    )


def test_numbers_changed_while_queued_fail_the_job(
    app, world, period, definition, fake_layout
):
    job, _ = render_jobs.request_pdf(
        world.leader, definition, scope_of(world.leader, world.s1, period)
    )
    add_class(world.s1, period.year)
    db.session.commit()
    assert render_jobs.run(app, job.id).status == "failed"
    assert "Số liệu đã thay đổi" in job.error and not fake_layout


def test_official_job_issues_a_verifiable_document(
    app, world, period, definition, fake_layout
):
    add_class(world.s1, period.year)
    calendar.lock(period)
    official.freeze_at_lock(period)
    db.session.commit()
    scope = scope_of(world.district, world.d1, period)
    job, _ = render_jobs.request_pdf(world.district, definition, scope)
    db.session.commit()
    assert job.official and ":official:" in job.key
    render_jobs.run(app, job.id, "https://smas.example.vn/")
    doc = db.session.get(IssuedDocument, job.document_id)
    assert doc.checksum == official.current(definition, scope).checksum
    assert doc.number == "/BC-PGDĐT" and doc.issued_by_id == world.district.id
    assert f"https://smas.example.vn/verify/{doc.code}" in fake_layout[0]
    found = docs.verify(f" {doc.code.lower().replace('-', ' ')} ")
    assert (found.unit_name, found.level_label) == (world.d1.name, "Tiểu học")
    assert found.period_title == period.title and found.issued_on == clock.today()
    with pytest.raises(NotFound, match="Không tìm thấy văn bản với mã ABCD"):
        docs.verify("ABCD-EFGH-JKLM")


def test_codes_are_grouped_unambiguous_and_normalized(app):
    code = docs.new_code()
    assert len(code) == 14 and code.count("-") == 2
    assert set(code.replace("-", "")) <= set(docs.ALPHABET)
    assert docs.normalize_code(code.lower().replace("-", " ")) == code
    assert docs.normalize_code("7kq2m9xa4tpd") == "7KQ2-M9XA-4TPD"
    assert docs.normalize_code("O0I1-AAAA-AAAA") is None  # ambiguous letters
    assert docs.normalize_code("ABC") is None and docs.normalize_code(None) is None


def test_signers_and_recipients_per_kind_of_unit(app, world, period):
    db.session.add(
        SchoolProfile(
            school_id=world.s1.id,
            year=period.year,
            name=world.s1.name,
            level_group="06",
            ownership="01",
            principal_name="Nguyễn Văn Hiệu",
        )
    )
    db.session.flush()
    school = docs.signer(world.s1, period.year)
    assert school.governing_body == "PHÒNG GD&ĐT HUYỆN LONG HỒ"
    assert school.unit_name == "TRƯỜNG TIỂU HỌC LONG PHƯỚC"
    assert (school.title, school.name) == ("HIỆU TRƯỞNG", "Nguyễn Văn Hiệu")
    assert school.recipients == ("Phòng GD&ĐT huyện Long Hồ",)
    thpt = docs.signer(world.thpt, period.year)
    assert thpt.governing_body == "SỞ GD&ĐT VĨNH LONG" and thpt.name == ""
    assert thpt.recipients == ("Sở GD&ĐT Vĩnh Long",)
    office = docs.signer(world.d1, period.year)
    assert (office.governing_body, office.unit_name, office.title) == (
        "UBND HUYỆN LONG HỒ",
        "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO",
        "TRƯỞNG PHÒNG",
    )
    assert office.recipients == ("Sở GD&ĐT Vĩnh Long",)
    dept = docs.signer(world.dept, period.year)
    assert (dept.governing_body, dept.unit_name, dept.title) == (
        "UBND TỈNH VĨNH LONG",
        "SỞ GIÁO DỤC VÀ ĐÀO TẠO",
        "GIÁM ĐỐC",
    )
    assert dept.recipients == ("Bộ GD&ĐT",)
    units = (world.s1, world.s1b, world.thpt, world.d1, world.dept)
    assert [docs.short_code(u) for u in units] == [
        "THLP",
        "THCSLP",
        "THPTTÔ",
        "PGDĐT",
        "SGDĐT",
    ]
    assert docs.number(world.s1).endswith("/BC-THLP")


def test_cli_renders_a_queued_job_for_real(app, world, period, definition):
    job, _ = render_jobs.request_pdf(
        world.leader, definition, scope_of(world.leader, world.s1, period)
    )
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["smas", "render-job", str(job.id)])
    assert result.exit_code == 0, result.output
    assert f"Việc tạo PDF {job.id}: done." in result.output
    db.session.expire_all()
    job = db.session.get(RenderJob, job.id)
    assert job.pdf.startswith(b"%PDF") and job.pages >= 2
    again = app.test_cli_runner().invoke(args=["smas", "render-job", str(job.id)])
    assert "bỏ qua" in again.output


def test_render_jobs_command_takes_queued_and_fails_dead_ones(
    app, world, period, definition, fake_layout
):
    job, _ = render_jobs.request_pdf(
        world.leader, definition, scope_of(world.leader, world.s1, period)
    )
    hour_ago = clock.as_utc(clock.now() - timedelta(hours=1))
    dead = RenderJob(
        key="dead",
        report_code="after_opening",
        unit_id=world.s1.id,
        level="02",
        status="running",
        started_at=hour_ago,
    )
    db.session.add(dead)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["smas", "render-jobs"])
    assert (
        result.exit_code == 0 and "Đã tạo 1 tệp PDF; 1 việc quá hạn." in result.output
    )
    db.session.expire_all()
    assert db.session.get(RenderJob, job.id).status == "done"
    assert db.session.get(RenderJob, dead.id).status == "failed"


def test_launch_starts_a_detached_renderer_that_finishes_the_job(
    app, world, period, definition, monkeypatch, tmp_path
):
    """The request's path outside tests: a separate `flask smas render-job` process."""
    job, _ = render_jobs.request_pdf(
        world.leader, definition, scope_of(world.leader, world.s1, period)
    )
    db.session.commit()
    started = []
    real_popen = subprocess.Popen

    def popen(*args, **kwargs):
        started.append(real_popen(*args, **kwargs))
        return started[-1]

    monkeypatch.setattr(subprocess, "Popen", popen)
    for name, value in {
        "SMAS_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "SMAS_INSTANCE_PATH": str(tmp_path),
        "SMAS_SECRET_KEY": "x",
        "SMAS_ENV": "development",
    }.items():
        monkeypatch.setenv(name, value)
    app.config["RENDER_INLINE"] = False
    try:
        render_jobs.launch(app, job.id, "https://smas.example.vn/")
    finally:
        del app.config["RENDER_INLINE"]
    assert len(started) == 1 and started[0].args[-4:] == [
        str(job.id),
        "--base-url",
        "https://smas.example.vn/",
        "--drain",
    ]
    try:
        assert started[0].wait(timeout=180) == 0
    finally:
        if started[0].poll() is None:
            started[0].kill()
    db.session.expire_all()
    assert db.session.get(RenderJob, job.id).status == "done"


def test_launch_leaves_the_job_queued_when_renderers_are_busy(
    app, world, period, monkeypatch
):
    for i in range(render_jobs.MAX_PARALLEL):
        db.session.add(
            RenderJob(
                key=f"busy{i}",
                report_code="after_opening",
                unit_id=world.s1.id,
                level="02",
                status="running",
                started_at=clock.now(),
            )
        )
    db.session.commit()
    monkeypatch.setattr(subprocess, "Popen", lambda *a, **k: pytest.fail("started"))
    app.config["RENDER_INLINE"] = False
    try:
        render_jobs.launch(app, 12345, "http://localhost/")
    finally:
        del app.config["RENDER_INLINE"]


def test_get_job_checks_the_reader(app, world, period, definition):
    job, _ = render_jobs.request_pdf(
        world.leader, definition, scope_of(world.leader, world.s1, period)
    )
    db.session.commit()
    assert render_jobs.get_job(world.district, job.id) is job
    for outsider in (world.leader2, world.district2, world.leader_thpt):
        with pytest.raises(NotFound):
            render_jobs.get_job(outsider, job.id)
    with pytest.raises(NotFound):
        render_jobs.get_job(world.leader, job.id, finished=True)  # no file yet
    assert count(RenderJob) == 1


def test_configured_public_url_wins_over_the_requests_host(app):
    assert docs.public_url(app, "http://evil.example/") == "http://evil.example/"
    app.config["PUBLIC_URL"] = "https://smas.vinhlong.edu.vn/"
    try:
        assert docs.public_url(app, "http://evil.example/") == app.config["PUBLIC_URL"]
        url = docs.verify_url(app, docs.public_url(app), "7KQ2-M9XA-4TPD")
        assert url == "https://smas.vinhlong.edu.vn/verify/7KQ2-M9XA-4TPD"
    finally:
        del app.config["PUBLIC_URL"]


def queued_jobs(world, n: int) -> list[RenderJob]:
    """n queued jobs, oldest first."""
    start = clock.as_utc(clock.now() - timedelta(minutes=n))
    made = [
        RenderJob(
            key=f"q{i}",
            report_code="after_opening",
            unit_id=world.s1.id,
            level="02",
            status="queued",
            created_at=start + timedelta(minutes=i),
        )
        for i in range(n)
    ]
    db.session.add_all(made)
    db.session.commit()
    return made


def test_workers_claim_the_oldest_job_and_skip_one_another_claims(app, world):
    """Each claim takes a different job, oldest first. On PostgreSQL a job another
    worker is claiming (its row locked) is skipped without waiting."""
    first, second, third = (j.id for j in queued_jobs(world, 3))
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect() as other:
            other.execute(
                select(RenderJob.id).where(RenderJob.id == first).with_for_update()
            )
            db.session.execute(text("SET LOCAL lock_timeout = '2s'"))
            assert render_jobs.claim_next() == second
            other.rollback()
        assert render_jobs.claim_next() == first
    else:
        assert [render_jobs.claim_next() for _ in range(2)] == [first, second]
    assert render_jobs.claim_next() == third
    assert render_jobs.claim_next() is None
    db.session.expire_all()
    assert {j.status for j in db.session.scalars(select(RenderJob))} == {"running"}


def test_a_stopping_worker_finishes_its_job_and_takes_no_other(
    app, world, period, definition, fake_layout
):
    jobs = [
        render_jobs.request_pdf(user, definition, scope_of(user, user.unit, period))[0]
        for user in (world.leader, world.leader2)
    ]
    db.session.commit()
    finished = []
    done = render_jobs.run_queued(
        app, stop=lambda: bool(finished), each=finished.append
    )
    assert done == [jobs[0].id] and [j.status for j in finished] == ["done"]
    db.session.expire_all()
    assert db.session.get(RenderJob, jobs[1].id).status == "queued"


@pytest.mark.parametrize("setting", ["0", "off", False])
def test_with_render_spawn_off_requests_only_queue(app, world, monkeypatch, setting):
    """Dedicated render workers (SMAS_RENDER_SPAWN=0): no renderer on the web node."""
    (job,) = queued_jobs(world, 1)
    monkeypatch.setattr(subprocess, "Popen", lambda *a, **k: pytest.fail("started"))
    app.config.update(RENDER_INLINE=False, RENDER_SPAWN=setting)
    try:
        render_jobs.launch(app, job.id, "http://localhost/")
    finally:
        del app.config["RENDER_INLINE"], app.config["RENDER_SPAWN"]
    db.session.expire_all()
    assert db.session.get(RenderJob, job.id).status == "queued"
    assert render_jobs.spawns(app)  # on by default
