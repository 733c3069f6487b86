"""Settings from SMAS_* variables; production refuses unsafe defaults; SQLite pragmas."""

import pytest
from sqlalchemy import text

from smasweb import create_app
from smasweb.extensions import db
from tests.conftest import make_test_app


def test_production_requires_a_secret_key_a_database_url_and_its_address(
    monkeypatch, tmp_path
):
    monkeypatch.setenv("SMAS_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("SMAS_ENV", "production")
    monkeypatch.delenv("SMAS_SECRET_KEY", raising=False)
    monkeypatch.delenv("SMAS_DATABASE_URL", raising=False)
    with pytest.raises(RuntimeError, match="SMAS_DATABASE_URL"):
        create_app()
    monkeypatch.setenv("SMAS_DATABASE_URL", f"sqlite:///{tmp_path}/x.sqlite3")
    with pytest.raises(RuntimeError, match="SMAS_SECRET_KEY"):
        create_app()
    monkeypatch.setenv("SMAS_SECRET_KEY", "0123456789")
    monkeypatch.delenv("SMAS_PUBLIC_URL", raising=False)
    with pytest.raises(RuntimeError, match="SMAS_PUBLIC_URL"):
        create_app()
    monkeypatch.setenv("SMAS_PUBLIC_URL", "https://smas.vinhlong.edu.vn/")
    app = create_app()
    assert app.config["SECRET_KEY"] == "0123456789"  # a string even if it looks numeric
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_local_run_generates_one_secret_key_in_the_instance_folder(
    monkeypatch, tmp_path
):
    monkeypatch.setenv("SMAS_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("SMAS_SECRET_KEY", raising=False)
    monkeypatch.delenv("SMAS_DATABASE_URL", raising=False)
    monkeypatch.delenv("SMAS_ENV", raising=False)
    first, second = create_app(), create_app()
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
    assert len(first.config["SECRET_KEY"]) == 64
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    assert (
        first.config["SQLALCHEMY_DATABASE_URI"]
        == f"sqlite:///{tmp_path}/smasweb.sqlite3"
    )


def test_postgres_urls_use_psycopg_3(monkeypatch, tmp_path):
    monkeypatch.setenv("SMAS_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("SMAS_DATABASE_URL", "postgresql://u:p@db/smas")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u:p@db/smas"


def test_sqlite_runs_in_wal_with_foreign_keys_and_a_busy_timeout(
    fresh_db_url, tmp_path
):
    app = make_test_app(fresh_db_url("sqlite"), tmp_path)
    with app.app_context(), db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 15000


def test_unknown_environment_name_is_refused(monkeypatch):
    monkeypatch.setenv("SMAS_ENV", "staging")
    with pytest.raises(RuntimeError, match="SMAS_ENV"):
        create_app()
