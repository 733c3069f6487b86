"""preschool health checks (cân đo) with WHO 2006 z-scores

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 18:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "health_checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("class_id", sa.Integer(), nullable=True),
        sa.Column("checked_on", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=2), nullable=False),
        sa.Column("weight_kg", sa.Numeric(5, 2), nullable=False),
        sa.Column("height_cm", sa.Numeric(5, 1), nullable=False),
        sa.Column("age_months", sa.Integer(), nullable=False),
        sa.Column("waz", sa.Numeric(5, 2), nullable=True),
        sa.Column("haz", sa.Numeric(5, 2), nullable=True),
        sa.Column("whz", sa.Numeric(5, 2), nullable=True),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["class_id"],
            ["class_groups.id"],
            name=op.f("fk_health_checks_class_id_class_groups"),
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["units.id"], name=op.f("fk_health_checks_school_id_units")
        ),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["students.id"],
            name=op.f("fk_health_checks_student_id_students"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_health_checks")),
        sa.UniqueConstraint(
            "student_id", "checked_on", name=op.f("uq_health_checks_student_id")
        ),
    )
    op.create_index(
        "ix_health_checks_school_checked_on",
        "health_checks",
        ["school_id", "checked_on"],
        unique=False,
    )
    op.create_index(
        op.f("ix_health_checks_school_id"), "health_checks", ["school_id"], unique=False
    )
    op.create_index(
        op.f("ix_health_checks_student_id"),
        "health_checks",
        ["student_id"],
        unique=False,
    )


def downgrade():
    op.drop_index(op.f("ix_health_checks_student_id"), table_name="health_checks")
    op.drop_index(op.f("ix_health_checks_school_id"), table_name="health_checks")
    op.drop_index("ix_health_checks_school_checked_on", table_name="health_checks")
    op.drop_table("health_checks")
