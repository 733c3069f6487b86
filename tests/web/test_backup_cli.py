"""`smas backup FILE` / `smas restore FILE`: a restore brings back every row of every
table exactly; it refuses files of the other backend, of no app or of a newer app,
and upgrades a backup of an older app."""

import shutil
import threading
from datetime import UTC, date, datetime

import pytest
from flask_migrate import upgrade
from sqlalchemy import (
    create_engine,
    delete,
    func,
    insert,
    make_url,
    select,
    text,
    update,
)
from sqlalchemy.pool import NullPool

from smasweb.extensions import db
from smasweb.models import (
    AuditEntry,
    BudgetLine,
    ClassGroup,
    JobRun,
    Notice,
    RenderJob,
    Room,
    SchoolYear,
    Student,
    Unit,
    User,
)
from smasweb.services import schema
from smasweb.services.system import system_override
from tests import factories
from tests.conftest import make_test_app

PDF = b"%PDF-1.7\n" + bytes(range(256)) * 64 + b"\n%%EOF"


@pytest.fixture
def ops_app(backend, fresh_db_url, tmp_path):
    """An app on its own upgraded database: restores replace all of it."""
    app = make_test_app(fresh_db_url(backend), tmp_path / "instance")
    with app.app_context():
        upgrade()
        yield app
        db.session.remove()
        db.engine.dispose()
    factories.reset()


def smas(app, *args, input=None):
    return app.test_cli_runner().invoke(args=["smas", *args], input=input)


def build_data() -> None:
    """Rows in most tables, with the awkward types: JSON, bytes, decimals, dates,
    time zones, Vietnamese text and NULLs."""
    w = factories.make_world()
    factories.open_calendar()
    with system_override("dữ liệu thử sao lưu"):
        if db.session.get(SchoolYear, 2026) is None:
            db.session.add(
                SchoolYear(
                    year=2026, starts_on=date(2026, 9, 5), ends_on=date(2027, 5, 31)
                )
            )
            db.session.flush()
        cls = ClassGroup(school_id=w.s1.id, year=2026, grade="01", name="1A")
        db.session.add(cls)
        db.session.flush()
        factories.make_student(w.s1, cls, full_name="Nguyễn Thị Ánh Tuyết")
        factories.make_student(w.s2, full_name="Trần 'O''Brien' Văn")
        factories.make_staff(w.s1, full_name="Lê Văn Đức", phone=None)
        db.session.add(
            Room(
                school_id=w.s1.id,
                kind="classroom",
                construction="kien_co",
                area_m2="48.50",
                quantity=3,
            )
        )
        db.session.add(
            BudgetLine(
                school_id=w.s1.id,
                year=2026,
                category="01",
                description="Chi thường xuyên",
                planned=1_250_000_000,
                executed=3,
            )
        )
    db.session.add(
        AuditEntry(
            actor="Võ Văn An",
            user_id=w.clerk.id,
            school_id=w.s1.id,
            table_name="students",
            record_id=1,
            action="update",
            field="students",
            changes={"full_name": ["Cũ", "Mới"], "n": [1, None]},
        )
    )
    db.session.add(
        JobRun(key="calendar:2026", job="calendar", host="node-1", detail="ok")
    )
    db.session.add(
        Notice(
            unit_id=w.s1.id,
            kind="reminder",
            title="Sắp khóa sổ",
            body="Còn 2 ngày",
            expires_at=datetime(2027, 1, 1, 3, 4, 5, tzinfo=UTC),
        )
    )
    db.session.add(
        RenderJob(
            key="after_opening:test",
            report_code="after_opening",
            unit_id=w.s1.id,
            level="02",
            status="done",
            pdf=PDF,
            pages=3,
            requested_by_id=w.leader.id,
        )
    )
    db.session.commit()


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every table (and alembic_version), ordered by primary key."""
    rows = {}
    with db.engine.connect() as conn:
        for table in db.metadata.sorted_tables:
            order = list(table.primary_key.columns)
            rows[table.name] = [
                tuple(r) for r in conn.execute(select(table).order_by(*order))
            ]
        rows["alembic_version"] = conn.execute(
            text("SELECT version_num FROM alembic_version")
        ).all()
    return rows


def change_everything() -> None:
    db.session.execute(update(User).values(full_name="Đã đổi"))
    db.session.add(
        AuditEntry(
            actor="x", table_name="units", action="insert", field="units", changes={}
        )
    )
    db.session.execute(update(RenderJob).values(pdf=b"other"))
    with system_override("thay đổi sau sao lưu"):
        db.session.execute(delete(Room))
        db.session.execute(update(Student).values(full_name="Đổi tên"))
        factories.make_staff(
            db.session.scalar(select(Unit).where(Unit.code == "86862001"))
        )
    db.session.add(JobRun(key="after-backup", job="x"))
    db.session.commit()


def test_restore_brings_back_every_row_of_every_table(ops_app, tmp_path):
    build_data()
    before = snapshot()
    filled = [name for name, rows in before.items() if rows]
    assert set(filled) >= {
        *("units", "unit_links", "users", "students", "enrollments", "staff_members"),
        *("audit_entries", "render_jobs", "rooms", "budget_lines", "notices"),
    }
    target = tmp_path / "smas.backup"
    made = smas(ops_app, "backup", str(target))
    assert made.exit_code == 0, made.output
    assert f"Đã sao lưu vào {target}" in made.output
    change_everything()
    assert snapshot() != before

    restored = smas(ops_app, "restore", "--yes", str(target))
    assert restored.exit_code == 0, restored.output
    assert f"Đã khôi phục từ {target}." in restored.output
    after = snapshot()
    assert after.keys() == before.keys()
    for name in before:
        assert after[name] == before[name], name
    assert db.session.get(RenderJob, 1).pdf == PDF
    assert smas(ops_app, "jobs", "run-due").exit_code == 0  # the app works on it


def test_a_backup_restores_into_a_new_server(ops_app, backend, fresh_db_url, tmp_path):
    build_data()
    before = snapshot()
    target = tmp_path / "smas.backup"
    assert smas(ops_app, "backup", str(target)).exit_code == 0
    new = make_test_app(fresh_db_url(backend), tmp_path / "new")
    with new.app_context():
        result = smas(new, "restore", "--yes", str(target))
        assert result.exit_code == 0, result.output
        assert snapshot() == before
        db.engine.dispose()


def test_connections_open_during_a_restore_see_the_restored_data(ops_app, tmp_path):
    """A web worker keeps its connection through a restore: it reads the restored
    rows afterwards (a file swapped under it would leave it on the old one)."""
    build_data()
    target = tmp_path / "smas.backup"
    assert smas(ops_app, "backup", str(target)).exit_code == 0
    db.session.execute(update(User).values(full_name="Sau sao lưu"))
    db.session.commit()
    worker = create_engine(
        ops_app.config["SQLALCHEMY_DATABASE_URI"], poolclass=NullPool
    )
    with worker.connect() as conn:
        names = select(User.full_name).where(User.username == "admin")
        assert conn.scalar(names) == "Sau sao lưu"
        conn.commit()
        assert smas(ops_app, "restore", "--yes", str(target)).exit_code == 0
        assert conn.scalar(names) == "Quản Trị Viên"
    worker.dispose()


def test_the_demo_province_round_trips_into_a_new_server(
    demo_app, backend, fresh_db_url, tmp_path
):
    """The shared demo (rows in nearly every table) is only read: backed up, then
    restored into another database, which must hold the very same rows."""
    target = tmp_path / "demo.backup"
    with demo_app.app_context():
        assert smas(demo_app, "backup", str(target)).exit_code == 0
        demo = snapshot()
    empty = {name for name, rows in demo.items() if not rows}
    assert empty <= {
        "export_logs",
        "issued_documents",
        "render_jobs",
        "staff_transfers",
    }
    new = make_test_app(fresh_db_url(backend), tmp_path / "new")
    with new.app_context():
        result = smas(new, "restore", "--yes", str(target))
        assert result.exit_code == 0, result.output
        restored = snapshot()
        db.engine.dispose()
    for name in demo:
        assert restored[name] == demo[name], name


def test_restore_asks_first_and_a_no_changes_nothing(ops_app, tmp_path):
    build_data()
    target = tmp_path / "smas.backup"
    assert smas(ops_app, "backup", str(target)).exit_code == 0
    db.session.execute(update(User).values(full_name="Sau sao lưu"))
    db.session.commit()
    changed = snapshot()
    answer = smas(ops_app, "restore", str(target), input="n\n")
    assert answer.exit_code == 1
    assert "Khôi phục sẽ thay TOÀN BỘ dữ liệu hiện có. Tiếp tục?" in answer.output
    assert snapshot() == changed


def test_restore_refuses_files_of_the_other_backend_or_of_no_app(
    ops_app, tmp_path, backend
):
    build_data()
    before = snapshot()
    other = {"sqlite": "PGDMP", "postgresql": "SQLite format 3\x00"}[backend]
    foreign = tmp_path / "other.backup"
    foreign.write_bytes(other.encode() + bytes(2048))
    result = smas(ops_app, "restore", "--yes", str(foreign))
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    ours, theirs = {"sqlite": ("SQLite", "PostgreSQL")}.get(
        backend, ("PostgreSQL", "SQLite")
    )
    assert (
        f"Bản sao lưu là của {theirs}, còn ứng dụng đang dùng {ours}" in result.output
    )
    junk = tmp_path / "notes.txt"
    junk.write_text("không phải CSDL")
    result = smas(ops_app, "restore", "--yes", str(junk))
    assert result.exit_code == 1
    assert "không phải bản sao lưu SMAS Web" in result.output
    assert snapshot() == before


DAMAGES = {
    "cut short": lambda data: data[: len(data) * 2 // 3],
    "zeroed middle": lambda data: (
        data[: len(data) // 2] + bytes(8192) + data[len(data) // 2 + 8192 :]
    ),
}


@pytest.mark.parametrize("damage", DAMAGES)
def test_a_damaged_backup_is_refused_and_changes_nothing(ops_app, tmp_path, damage):
    build_data()
    target = tmp_path / "smas.backup"
    assert smas(ops_app, "backup", str(target)).exit_code == 0
    target.write_bytes(DAMAGES[damage](target.read_bytes()))
    db.session.execute(update(User).values(full_name="Sau sao lưu"))
    db.session.commit()
    before = snapshot()
    result = smas(ops_app, "restore", "--yes", str(target))
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "Đã khôi phục" not in result.output
    assert snapshot() == before


def test_restore_refuses_a_backup_of_a_newer_app(ops_app, tmp_path):
    build_data()
    current = schema.describe(schema.state().heads)
    set_revision("9999_future")
    target = tmp_path / "future.backup"
    assert smas(ops_app, "backup", str(target)).exit_code == 0
    set_revision(current)
    before = snapshot()
    result = smas(ops_app, "restore", "--yes", str(target))
    assert result.exit_code == 1
    assert (
        f"phiên bản CSDL 9999_future, mới hơn ứng dụng này ({current})" in result.output
    )
    assert snapshot() == before


def set_revision(rev: str) -> None:
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": rev})


def test_a_backup_of_an_older_app_is_upgraded_after_the_restore(
    backend, fresh_db_url, tmp_path
):
    app = make_test_app(fresh_db_url(backend), tmp_path / "instance")
    with app.app_context():
        upgrade(revision="0005")  # the models are newer: plain SQL
        add_unit("OLD001", "Trường cũ")
        target = tmp_path / "old.backup"
        assert smas(app, "backup", str(target)).exit_code == 0
        upgrade()
        add_unit("NEW001", "Trường mới")
        result = smas(app, "restore", "--yes", str(target))
        assert result.exit_code == 0, result.output
        heads = schema.describe(schema.state().heads)
        assert f"Đã nâng cấp cơ sở dữ liệu lên phiên bản {heads}" in result.output
        assert schema.state().up_to_date
        assert db.session.scalars(select(Unit.name)).all() == ["Trường cũ"]
        db.session.remove()
        db.engine.dispose()


def add_unit(code: str, name: str) -> None:
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO units (code, name, name_folded, sort_key, kind, created_at,"
                " updated_at) VALUES (:c, :n, :n, :n, 'school', :t, :t)"
            ),
            {"c": code, "n": name, "t": datetime.now(UTC)},
        )


def test_backup_of_an_empty_database_says_so(backend, fresh_db_url, tmp_path):
    app = make_test_app(fresh_db_url(backend), tmp_path / "instance")
    with app.app_context():
        result = smas(app, "backup", str(tmp_path / "x.backup"))
        db.engine.dispose()
    assert result.exit_code == 1
    assert "Cơ sở dữ liệu trống; không có gì để sao lưu." in result.output
    assert not (tmp_path / "x.backup").exists()


def test_a_backup_taken_while_others_write_is_consistent(ops_app, tmp_path):
    """A writer commits pairs of job rows during the backup: the copy never holds
    half a pair."""
    stop = threading.Event()

    def write_pairs():
        with ops_app.app_context():
            n = 0
            while not stop.is_set():
                db.session.execute(
                    insert(JobRun),
                    [
                        {"key": f"p{n}a", "job": "pair"},
                        {"key": f"p{n}b", "job": "pair"},
                    ],
                )
                db.session.commit()
                n += 1
            db.session.remove()

    writer = threading.Thread(target=write_pairs)
    writer.start()
    try:
        targets = [tmp_path / f"b{i}.backup" for i in range(2)]
        for target in targets:
            assert smas(ops_app, "backup", str(target)).exit_code == 0
    finally:
        stop.set()
        writer.join()
    counts = []
    for target in targets:
        assert smas(ops_app, "restore", "--yes", str(target)).exit_code == 0
        counts.append(db.session.scalar(select(func.count()).select_from(JobRun)))
        db.session.remove()
    assert all(n % 2 == 0 for n in counts) and counts[-1] > 0, counts


def fake_tool(folder, name: str, script: str) -> None:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text("#!/bin/sh\n" + script)
    path.chmod(0o755)


@pytest.mark.parametrize("backend", ["postgresql"])
def test_a_missing_or_older_pg_dump_is_named(ops_app, tmp_path):
    build_data()
    bin_dir = tmp_path / "bin"
    ops_app.config["PG_BIN_DIR"] = str(bin_dir)
    target = tmp_path / "smas.backup"
    result = smas(ops_app, "backup", str(target))
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "Không tìm thấy pg_dump: hãy cài gói postgresql-client 15" in result.output
    fake_tool(bin_dir, "pg_dump", 'echo "pg_dump (PostgreSQL) 9.6.24"\n')
    result = smas(ops_app, "backup", str(target))
    assert result.exit_code == 1
    assert "pg_dump phiên bản 9 cũ hơn máy chủ PostgreSQL 15" in result.output
    assert not target.exists()


@pytest.mark.parametrize("backend", ["postgresql"])
def test_the_password_goes_through_the_environment_only(ops_app, tmp_path):
    """The password never shows in `ps`: PGPASSWORD, not the command line."""
    build_data()
    url = make_url(ops_app.config["SQLALCHEMY_DATABASE_URI"])
    app = make_test_app(url.set(password="s3cret pw").render_as_string(False), tmp_path)
    bin_dir, log = tmp_path / "bin", tmp_path / "calls.log"
    for tool in ("pg_dump", "pg_restore"):
        real = shutil.which(tool)
        record = f'echo "$* PGPASSWORD=$PGPASSWORD" >> {log}\n'
        fake_tool(bin_dir, tool, record + f'exec {real} "$@"\n')
    app.config["PG_BIN_DIR"] = str(bin_dir)
    target = tmp_path / "smas.backup"
    with app.app_context():
        assert smas(app, "backup", str(target)).exit_code == 0
        assert smas(app, "restore", "--yes", str(target)).exit_code == 0
        db.engine.dispose()
    calls = log.read_text().splitlines()
    assert any(c.startswith("--format=custom") for c in calls)
    assert any(c.startswith("--clean --if-exists --no-owner") for c in calls)
    for call in (c for c in calls if c != "--version PGPASSWORD="):
        args, _, env = call.partition(" PGPASSWORD=")
        assert "s3cret" not in args and env == "s3cret pw"
