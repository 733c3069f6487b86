"""`smas restore FILE` refuses what it must not restore (asked first, other backend,
no app, damaged, newer app) and changes nothing then; pg_dump is checked and gets
the password only through its environment."""

import shutil

import pytest
from sqlalchemy import make_url, text, update

from smasweb.extensions import db
from smasweb.models import User
from smasweb.services.operations import schema
from tests.conftest import make_test_app
from tests.web.backup_fixtures import (
    build_data,
    own_database_app,
    smas,
    snapshot,
)


@pytest.fixture
def ops_app(backend, fresh_db_url, tmp_path):
    yield from own_database_app(fresh_db_url(backend), tmp_path)


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
