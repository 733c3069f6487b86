"""Shared data for the backup tests: an app on its own database, rows of every
awkward type in most tables, and a row-by-row snapshot of every table."""

from datetime import UTC, date, datetime

from flask_migrate import upgrade
from sqlalchemy import (
    delete,
    select,
    text,
    update,
)

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
from smasweb.services.system import system_override
from tests import factories
from tests.conftest import make_test_app

PDF = b"%PDF-1.7\n" + bytes(range(256)) * 64 + b"\n%%EOF"


def own_database_app(url: str, folder):
    """An app on its own upgraded database, its context pushed (restores replace all
    of the database: never the shared test one). A fixture body: yields the app."""
    app = make_test_app(url, folder / "instance")
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
