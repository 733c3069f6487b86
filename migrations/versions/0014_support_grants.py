"""students: supports as dated grants (support_grants) instead of a code list

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 08:00:00

Every code of students.supports becomes an open grant. The old list had no date;
the model's nearest one is the school year of the pupil's latest enrolment, so a
grant starts on that year's first day (school_years.starts_on, else 05/09), which
keeps every report of that year counting it as before. A pupil never enrolled
starts on the newest school year's first day. Downgrade keeps the open grants.
"""

from datetime import UTC, date, datetime

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

students = sa.table(
    "students",
    sa.column("id", sa.Integer),
    sa.column("school_id", sa.Integer),
    sa.column("supports", sa.String),
)
enrollments = sa.table(
    "enrollments", sa.column("student_id", sa.Integer), sa.column("year", sa.Integer)
)
years = sa.table(
    "school_years", sa.column("year", sa.Integer), sa.column("starts_on", sa.Date)
)
grants = sa.table(
    "support_grants",
    sa.column("student_id", sa.Integer),
    sa.column("school_id", sa.Integer),
    sa.column("code", sa.String),
    sa.column("starts_on", sa.Date),
    sa.column("ends_on", sa.Date),
    sa.column("version", sa.Integer),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("updated_at", sa.DateTime(timezone=True)),
)


def _create_table():
    op.create_table(
        "support_grants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=2), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["school_id"], ["units.id"], name=op.f("fk_support_grants_school_id_units")
        ),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["students.id"],
            name=op.f("fk_support_grants_student_id_students"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_support_grants")),
    )
    op.create_index(
        op.f("ix_support_grants_school_id"),
        "support_grants",
        ["school_id"],
        unique=False,
    )
    op.create_index(
        "ix_support_grants_student_code",
        "support_grants",
        ["student_id", "code", "starts_on"],
        unique=False,
    )


def _starts(bind) -> tuple[dict[int, date], date]:
    """{pupil id: first day of their latest enrolled year}, and the fallback."""
    firsts = dict(bind.execute(sa.select(years.c.year, years.c.starts_on)).all())
    latest = sa.select(enrollments.c.student_id, sa.func.max(enrollments.c.year))
    latest = latest.group_by(enrollments.c.student_id)

    def first_day(year: int) -> date:
        return firsts.get(year) or date(year, 9, 5)

    by_pupil = {sid: first_day(y) for sid, y in bind.execute(latest)}
    newest = max(firsts, default=None)
    today = datetime.now(UTC).date()
    fallback = first_day(newest or (today.year if today.month >= 9 else today.year - 1))
    return by_pupil, fallback


def upgrade():
    _create_table()
    bind = op.get_bind()
    by_pupil, fallback = _starts(bind)
    now = datetime.now(UTC)
    stmt = sa.select(students.c.id, students.c.school_id, students.c.supports).where(
        sa.func.coalesce(students.c.supports, "") != ""
    )
    rows = []
    for sid, school_id, codes in bind.execute(stmt).all():
        for code in dict.fromkeys(c.strip() for c in codes.split(",") if c.strip()):
            rows.append(
                {
                    "student_id": sid,
                    "school_id": school_id,
                    "code": code[:2],
                    "starts_on": by_pupil.get(sid, fallback),
                    "ends_on": None,
                    "version": 1,
                    "created_at": now,
                    "updated_at": now,
                }
            )
    for i in range(0, len(rows), 5000):
        bind.execute(grants.insert(), rows[i : i + 5000])
    # A plain ALTER TABLE … DROP COLUMN (SQLite ≥ 3.35): a batch copy of students
    # would drop the table that enrolments, movements and grants point to.
    op.drop_column("students", "supports")


def downgrade():
    op.add_column(
        "students", sa.Column("supports", sa.String(length=40), nullable=True)
    )
    bind = op.get_bind()
    stmt = (
        sa.select(grants.c.student_id, grants.c.code)
        .where(grants.c.ends_on.is_(None))
        .order_by(grants.c.student_id, grants.c.code)
    )
    by_pupil: dict[int, list[str]] = {}
    for sid, code in bind.execute(stmt):
        by_pupil.setdefault(sid, []).append(code)
    for sid, codes in by_pupil.items():
        csv = ",".join(dict.fromkeys(codes))[:40]
        bind.execute(students.update().where(students.c.id == sid).values(supports=csv))
    op.drop_index("ix_support_grants_student_code", table_name="support_grants")
    op.drop_index(op.f("ix_support_grants_school_id"), table_name="support_grants")
    op.drop_table("support_grants")
