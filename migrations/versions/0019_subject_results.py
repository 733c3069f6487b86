"""subject_results: each pupil's subject results of a confirmed term (issue 17)

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-05 10:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "subject_results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("class_id", sa.Integer(), nullable=False),
        sa.Column("term", sa.String(length=3), nullable=False),
        sa.Column("subject_code", sa.String(length=24), nullable=False),
        sa.Column("average", sa.Numeric(precision=3, scale=1), nullable=True),
        sa.Column("verdict", sa.String(length=2), nullable=True),
        sa.Column("level", sa.String(length=1), nullable=True),
        sa.Column("test_score", sa.SmallInteger(), nullable=True),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["class_id"],
            ["class_groups.id"],
            name=op.f("fk_subject_results_class_id_class_groups"),
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["units.id"], name=op.f("fk_subject_results_school_id_units")
        ),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["students.id"],
            name=op.f("fk_subject_results_student_id_students"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["year"],
            ["school_years.year"],
            name=op.f("fk_subject_results_year_school_years"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subject_results")),
        sa.UniqueConstraint(
            "student_id",
            "year",
            "term",
            "subject_code",
            name=op.f("uq_subject_results_student_id"),
        ),
    )
    with op.batch_alter_table("subject_results", schema=None) as batch_op:
        batch_op.create_index(
            "ix_subject_results_school_term",
            ["school_id", "year", "term"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_subject_results_school_id"), ["school_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_subject_results_student_id"), ["student_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("subject_results", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_subject_results_student_id"))
        batch_op.drop_index(batch_op.f("ix_subject_results_school_id"))
        batch_op.drop_index("ix_subject_results_school_term")

    op.drop_table("subject_results")
