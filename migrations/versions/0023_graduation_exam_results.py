"""graduation_exam_results: the THPT graduation exam's results (issue 18)

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-03 21:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None

TABLE = "graduation_exam_results"


def upgrade():
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("registration_no", sa.String(length=12), nullable=False),
        sa.Column("personal_id", sa.String(length=12), nullable=True),
        sa.Column("full_name", sa.String(length=120), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("toan", sa.Numeric(precision=4, scale=2), nullable=True),
        sa.Column("ngu_van", sa.Numeric(precision=4, scale=2), nullable=True),
        sa.Column("ngoai_ngu", sa.Numeric(precision=4, scale=2), nullable=True),
        sa.Column("vat_li", sa.Numeric(precision=4, scale=2), nullable=True),
        sa.Column("hoa_hoc", sa.Numeric(precision=4, scale=2), nullable=True),
        sa.Column("sinh_hoc", sa.Numeric(precision=4, scale=2), nullable=True),
        sa.Column("lich_su", sa.Numeric(precision=4, scale=2), nullable=True),
        sa.Column("dia_li", sa.Numeric(precision=4, scale=2), nullable=True),
        sa.Column("gdcd", sa.Numeric(precision=4, scale=2), nullable=True),
        sa.Column("gdktpl", sa.Numeric(precision=4, scale=2), nullable=True),
        sa.Column("tin_hoc", sa.Numeric(precision=4, scale=2), nullable=True),
        sa.Column("cong_nghe", sa.Numeric(precision=4, scale=2), nullable=True),
        sa.Column("bonus", sa.Numeric(precision=4, scale=2), nullable=False),
        sa.Column("priority", sa.Numeric(precision=4, scale=2), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["school_id"], ["units.id"], name=op.f(f"fk_{TABLE}_school_id_units")
        ),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["students.id"],
            name=op.f(f"fk_{TABLE}_student_id_students"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["year"],
            ["school_years.year"],
            name=op.f(f"fk_{TABLE}_year_school_years"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{TABLE}")),
        sa.UniqueConstraint("student_id", "year", name=op.f(f"uq_{TABLE}_student_id")),
    )
    with op.batch_alter_table(TABLE, schema=None) as batch_op:
        for column in ("school_id", "student_id", "year"):
            batch_op.create_index(
                batch_op.f(f"ix_{TABLE}_{column}"), [column], unique=False
            )


def downgrade():
    with op.batch_alter_table(TABLE, schema=None) as batch_op:
        for column in ("year", "student_id", "school_id"):
            batch_op.drop_index(batch_op.f(f"ix_{TABLE}_{column}"))
    op.drop_table(TABLE)
