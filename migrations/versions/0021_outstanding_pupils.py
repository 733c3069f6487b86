"""outstanding_pupils: the primary pupils marked "tiêu biểu" (TT 27/2020 Điều 15)

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-03 20:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "outstanding_pupils",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("class_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["class_id"],
            ["class_groups.id"],
            name=op.f("fk_outstanding_pupils_class_id_class_groups"),
        ),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["units.id"],
            name=op.f("fk_outstanding_pupils_school_id_units"),
        ),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["students.id"],
            name=op.f("fk_outstanding_pupils_student_id_students"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["year"],
            ["school_years.year"],
            name=op.f("fk_outstanding_pupils_year_school_years"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outstanding_pupils")),
        sa.UniqueConstraint(
            "student_id", "year", name=op.f("uq_outstanding_pupils_student_id")
        ),
    )
    with op.batch_alter_table("outstanding_pupils", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_outstanding_pupils_school_id"), ["school_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_outstanding_pupils_student_id"), ["student_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("outstanding_pupils", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outstanding_pupils_student_id"))
        batch_op.drop_index(batch_op.f("ix_outstanding_pupils_school_id"))

    op.drop_table("outstanding_pupils")
