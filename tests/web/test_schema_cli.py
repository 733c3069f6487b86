"""D10: `smas demo` on a new or older database upgrades it first and says so; the
other data commands refuse it with the command to run (exit 1, no traceback)."""

import pytest
from flask_migrate import upgrade
from sqlalchemy import func, select, text

from smasweb.demo import load as demo
from smasweb.extensions import db
from smasweb.models import Unit
from smasweb.services.operations import schema
from tests.conftest import make_test_app

UPGRADE_HINT = "flask --app wsgi db upgrade"


@pytest.fixture
def bare_app(backend, fresh_db_url, tmp_path):
    """An app on a brand-new database: no tables, not even alembic_version."""
    app = make_test_app(fresh_db_url(backend), tmp_path)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def quick_demo(monkeypatch):
    """The demo loader reduced to its first real query (the one that used to fail
    with `no such table: units`): the full load takes half a minute per backend."""

    def load(password, scale="small"):
        demo.ensure_department()
        return demo.DemoResult(accounts=[], schools=0)

    monkeypatch.setattr(demo, "load_demo", load)


def heads() -> str:
    return schema.describe(schema.state().heads)


def test_demo_upgrades_an_empty_database_first(bare_app, quick_demo):
    result = bare_app.test_cli_runner().invoke(args=["smas", "demo", "--password", "x"])
    assert result.exit_code == 0, result.output
    assert f"Cơ sở dữ liệu trống: nâng cấp lên {heads()}" in result.output
    assert schema.state().up_to_date
    assert db.session.scalar(select(func.count()).select_from(Unit)) >= 1


def test_demo_upgrades_an_older_database(bare_app, quick_demo):
    upgrade(revision="0005")
    result = bare_app.test_cli_runner().invoke(args=["smas", "demo", "--password", "x"])
    assert result.exit_code == 0, result.output
    assert f"ở phiên bản 0005: nâng cấp lên {heads()}" in result.output
    assert schema.state().up_to_date


DATA_COMMANDS = [
    ["jobs", "run-due"],
    ["scheduler"],
    ["render-job", "1"],
    ["render-jobs"],
    ["import", "rooms", "README.md", "--school", "86857001", "--user", "cb1"],
]


@pytest.mark.parametrize("command", DATA_COMMANDS, ids=lambda c: c[0])
def test_data_commands_refuse_an_empty_database(bare_app, command):
    result = bare_app.test_cli_runner().invoke(args=["smas", *command])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)  # no traceback
    assert f"Cơ sở dữ liệu trống; hãy chạy `{UPGRADE_HINT}` trước." in result.output
    assert "Traceback" not in result.output


def test_data_commands_refuse_an_older_database(bare_app):
    upgrade(revision="0005")
    result = bare_app.test_cli_runner().invoke(args=["smas", "jobs", "run-due"])
    assert result.exit_code == 1
    assert f"phiên bản 0005, cũ hơn ứng dụng ({heads()})" in result.output
    assert UPGRADE_HINT in result.output


def test_a_database_newer_than_the_app_is_never_touched(bare_app, quick_demo):
    upgrade()
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    runner = bare_app.test_cli_runner()
    init = ["init", "--username", "quantri", "--password", "MatKhau2019"]
    for args in (["demo", "--password", "x"], ["jobs", "run-due"], init):
        result = runner.invoke(args=["smas", *args])
        assert result.exit_code == 1, result.output
        assert "phiên bản 9999_future, mới hơn ứng dụng" in result.output
    assert db.session.scalar(select(func.count()).select_from(Unit)) == 0


def test_init_still_upgrades_a_new_database(bare_app):
    result = bare_app.test_cli_runner().invoke(
        args=["smas", "init", "--username", "quantri", "--password", "MatKhau2019"]
    )
    assert result.exit_code == 0, result.output
    assert f"Cơ sở dữ liệu trống: nâng cấp lên {heads()}" in result.output
    assert schema.state().up_to_date


def test_demo_reset_rebuilds_the_database_after_asking(bare_app, quick_demo):
    from tests.factories import make_unit

    upgrade()
    demo.ensure_department()
    make_unit("school", None, name="Trường Cũ", code="86999001")
    db.session.commit()
    runner = bare_app.test_cli_runner()
    asked = runner.invoke(
        args=["smas", "demo", "--password", "x", "--reset"], input="n\n"
    )
    assert asked.exit_code != 0 and "Xóa TOÀN BỘ dữ liệu" in asked.output
    assert db.session.scalar(select(Unit.id).where(Unit.name == "Trường Cũ"))
    db.session.rollback()

    result = runner.invoke(args=["smas", "demo", "--password", "x", "--reset", "--yes"])
    assert result.exit_code == 0, result.output
    assert "Đã xóa" in result.output
    assert f"Cơ sở dữ liệu trống: nâng cấp lên {heads()}" in result.output
    assert schema.state().up_to_date
    assert db.session.scalar(select(Unit.id).where(Unit.name == "Trường Cũ")) is None
    assert db.session.scalar(select(func.count()).select_from(Unit)) >= 1


def test_demo_reset_is_refused_in_production(bare_app, quick_demo):
    upgrade()
    demo.ensure_department()
    db.session.commit()
    bare_app.config["ENV_NAME"] = "production"
    result = bare_app.test_cli_runner().invoke(
        args=["smas", "demo", "--password", "x", "--reset", "--yes"]
    )
    assert result.exit_code == 1 and "không dùng trên máy chủ thật" in result.output
    assert db.session.scalar(select(func.count()).select_from(Unit)) >= 1
