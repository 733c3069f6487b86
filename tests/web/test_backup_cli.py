"""`smas backup FILE` / `smas restore FILE`: a restore brings back every row of every
table exactly, into the same or a new database, and upgrades a backup of an older
app; a backup taken while others write is consistent."""

import threading
from datetime import UTC, datetime

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, func, insert, select, text, update
from sqlalchemy.pool import NullPool

from smasweb.extensions import db
from smasweb.models import JobRun, RenderJob, Unit, User
from smasweb.services.operations import schema
from tests.conftest import make_test_app
from tests.web.backup_fixtures import (
    PDF,
    build_data,
    change_everything,
    own_database_app,
    smas,
    snapshot,
)


@pytest.fixture
def ops_app(backend, fresh_db_url, tmp_path):
    yield from own_database_app(fresh_db_url(backend), tmp_path)


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
        "login_throttles",
        "user_sessions",
        "import_uploads",
        "password_reset_requests",
    }
    new = make_test_app(fresh_db_url(backend), tmp_path / "new")
    with new.app_context():
        result = smas(new, "restore", "--yes", str(target))
        assert result.exit_code == 0, result.output
        restored = snapshot()
        db.engine.dispose()
    for name in demo:
        assert restored[name] == demo[name], name


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
