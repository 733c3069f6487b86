"""Migrations upgrade an empty database on both backends and agree with the models."""

from datetime import UTC, date, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

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


def _insert(table: str, **values) -> int:
    """One row by plain SQL (the models are newer than the schema); its id."""
    names = ", ".join(values)
    marks = ", ".join(f":{k}" for k in values)
    with db.engine.begin() as conn:
        conn.execute(text(f"INSERT INTO {table} ({names}) VALUES ({marks})"), values)  # noqa: S608 - test-made names
        if "id" in values or table == "school_years":
            return values.get("id", 0)
        return conn.execute(text(f"SELECT max(id) FROM {table}")).scalar()  # noqa: S608


def _pupil(n: int, school: int, supports: str | None) -> int:
    now = datetime.now(UTC)
    return _insert(
        "students",
        id=n,
        school_id=school,
        school_code=f"HS{n:05d}",
        full_name=f"Học Sinh {n}",
        name_folded=f"hoc sinh {n}",
        sort_key=f"sinh {n}",
        birth_date=date(2018, 1, 1),
        gender="01",
        ethnicity="01",
        religion="99",
        nationality="VN",
        supports=supports,
        pioneer=False,
        youth_union=False,
        status="01",
        active=True,
        version=1,
        created_at=now,
        updated_at=now,
    )


def _grants() -> list[tuple]:
    with db.engine.connect() as conn:
        stmt = text(
            "SELECT student_id, school_id, code, starts_on, ends_on FROM support_grants"
            " ORDER BY student_id, code"
        )
        return [
            (a, b, c, date.fromisoformat(str(d)), e)
            for a, b, c, d, e in conn.execute(stmt)
        ]


@pytest.mark.parametrize("backend_name", BACKENDS)
def test_0014_moves_every_support_code_into_a_dated_grant_and_back(
    backend_name, fresh_db_url, tmp_path
):
    app = make_test_app(fresh_db_url(backend_name), tmp_path)
    with app.app_context():
        upgrade(revision="0013")
        now = datetime.now(UTC)
        school = _insert(
            "units", code="S1", name="Trường", name_folded="truong", sort_key="truong",
            kind="school", created_at=now, updated_at=now,
        )  # fmt: skip
        for year, first in ((2025, date(2025, 9, 8)), (2026, date(2026, 9, 5))):
            _insert(
                "school_years",
                year=year,
                starts_on=first,
                ends_on=date(year + 1, 5, 31),
            )
        cls = _insert(
            "class_groups", school_id=school, year=2025, grade="01", name="1A",
            is_combined=False, semi_boarding=False, mixed_age=False, version=1,
            created_at=now,
            updated_at=now,
        )  # fmt: skip
        enrolled = _pupil(1, school, "01,03")
        _insert(
            "enrollments", school_id=school, student_id=enrolled, year=2025,
            class_id=cls, two_sessions=False, semi_boarding=False, version=1,
            created_at=now, updated_at=now,
        )  # fmt: skip
        never_enrolled = _pupil(2, school, "05")
        _pupil(3, school, None)
        _pupil(4, school, "")

        upgrade(revision="0014")
        # the latest enrolled year's first day; else the newest school year's
        assert _grants() == [
            (enrolled, school, "01", date(2025, 9, 8), None),
            (enrolled, school, "03", date(2025, 9, 8), None),
            (never_enrolled, school, "05", date(2026, 9, 5), None),
        ]
        assert "supports" not in {
            c["name"] for c in inspect(db.engine).get_columns("students")
        }

        downgrade(revision="0013")
        with db.engine.connect() as conn:
            back = conn.execute(text("SELECT id, supports FROM students ORDER BY id"))
            assert back.all() == [(1, "01,03"), (2, "05"), (3, None), (4, None)]
        assert "support_grants" not in inspect(db.engine).get_table_names()
        db.engine.dispose()
