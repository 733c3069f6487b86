"""Migrations upgrade an empty database on both backends and agree with the models."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from smasweb.extensions import db
from tests.conftest import BACKENDS, make_test_app


@pytest.mark.parametrize("backend_name", BACKENDS)
def test_upgrade_from_empty_matches_the_models_and_downgrades(
    backend_name, fresh_db_url, tmp_path
):
    app = make_test_app(fresh_db_url(backend_name), tmp_path)
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(ctx, db.metadata) == []
        assert {"units", "unit_links", "users"} <= set(
            inspect(db.engine).get_table_names()
        )
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade()
        db.engine.dispose()
