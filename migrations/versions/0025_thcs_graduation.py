"""thcs_dossiers, thcs_decisions, thcs_graduates: THCS graduation (TT 31/2023)

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-03 20:23:15.338342

"""

import sqlalchemy as sa
from alembic import op

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "thcs_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("round", sa.SmallInteger(), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=False),
        sa.Column("signer_name", sa.String(length=120), nullable=False),
        sa.Column("signer_title", sa.String(length=120), nullable=False),
        sa.Column("council_unit_id", sa.Integer(), nullable=True),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["council_unit_id"],
            ["units.id"],
            name=op.f("fk_thcs_decisions_council_unit_id_units"),
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["units.id"], name=op.f("fk_thcs_decisions_school_id_units")
        ),
        sa.ForeignKeyConstraint(
            ["year"],
            ["school_years.year"],
            name=op.f("fk_thcs_decisions_year_school_years"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_thcs_decisions")),
        sa.UniqueConstraint(
            "school_id", "year", "round", name=op.f("uq_thcs_decisions_school_id")
        ),
    )
    with op.batch_alter_table("thcs_decisions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_thcs_decisions_school_id"), ["school_id"], unique=False
        )

    op.create_table(
        "thcs_dossiers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("complete", sa.Boolean(), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=True),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["school_id"], ["units.id"], name=op.f("fk_thcs_dossiers_school_id_units")
        ),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["students.id"],
            name=op.f("fk_thcs_dossiers_student_id_students"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["year"],
            ["school_years.year"],
            name=op.f("fk_thcs_dossiers_year_school_years"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_thcs_dossiers")),
        sa.UniqueConstraint(
            "student_id", "year", name=op.f("uq_thcs_dossiers_student_id")
        ),
    )
    with op.batch_alter_table("thcs_dossiers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_thcs_dossiers_school_id"), ["school_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_thcs_dossiers_student_id"), ["student_id"], unique=False
        )

    op.create_table(
        "thcs_graduates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("class_id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["class_id"],
            ["class_groups.id"],
            name=op.f("fk_thcs_graduates_class_id_class_groups"),
        ),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["thcs_decisions.id"],
            name=op.f("fk_thcs_graduates_decision_id_thcs_decisions"),
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["units.id"], name=op.f("fk_thcs_graduates_school_id_units")
        ),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["students.id"],
            name=op.f("fk_thcs_graduates_student_id_students"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["year"],
            ["school_years.year"],
            name=op.f("fk_thcs_graduates_year_school_years"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_thcs_graduates")),
        sa.UniqueConstraint(
            "student_id", "year", name=op.f("uq_thcs_graduates_student_id")
        ),
    )
    with op.batch_alter_table("thcs_graduates", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_thcs_graduates_decision_id"), ["decision_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_thcs_graduates_school_id"), ["school_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_thcs_graduates_student_id"), ["student_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("thcs_graduates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_thcs_graduates_student_id"))
        batch_op.drop_index(batch_op.f("ix_thcs_graduates_school_id"))
        batch_op.drop_index(batch_op.f("ix_thcs_graduates_decision_id"))

    op.drop_table("thcs_graduates")
    with op.batch_alter_table("thcs_dossiers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_thcs_dossiers_student_id"))
        batch_op.drop_index(batch_op.f("ix_thcs_dossiers_school_id"))

    op.drop_table("thcs_dossiers")
    with op.batch_alter_table("thcs_decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_thcs_decisions_school_id"))

    op.drop_table("thcs_decisions")
