"""assessment: class electives, teaching assignments, marks, primary evaluations,
conduct, results (issue 17)

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03 16:36:40.087355

"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "class_subjects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("class_id", sa.Integer(), nullable=False),
        sa.Column("subject_code", sa.String(length=24), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["class_id"],
            ["class_groups.id"],
            name=op.f("fk_class_subjects_class_id_class_groups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["units.id"], name=op.f("fk_class_subjects_school_id_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_class_subjects")),
        sa.UniqueConstraint(
            "class_id", "subject_code", "kind", name=op.f("uq_class_subjects_class_id")
        ),
    )
    with op.batch_alter_table("class_subjects", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_class_subjects_school_id"), ["school_id"], unique=False
        )

    op.create_table(
        "conduct_results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("class_id", sa.Integer(), nullable=False),
        sa.Column("semester", sa.SmallInteger(), nullable=False),
        sa.Column("level", sa.String(length=2), nullable=False),
        sa.Column("comment", sa.String(length=300), nullable=True),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["class_id"],
            ["class_groups.id"],
            name=op.f("fk_conduct_results_class_id_class_groups"),
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["units.id"], name=op.f("fk_conduct_results_school_id_units")
        ),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["students.id"],
            name=op.f("fk_conduct_results_student_id_students"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["year"],
            ["school_years.year"],
            name=op.f("fk_conduct_results_year_school_years"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conduct_results")),
        sa.UniqueConstraint(
            "student_id", "year", "semester", name=op.f("uq_conduct_results_student_id")
        ),
    )
    with op.batch_alter_table("conduct_results", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_conduct_results_class_id"), ["class_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_conduct_results_school_id"), ["school_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_conduct_results_student_id"), ["student_id"], unique=False
        )

    op.create_table(
        "marks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("class_id", sa.Integer(), nullable=False),
        sa.Column("subject_code", sa.String(length=24), nullable=False),
        sa.Column("semester", sa.SmallInteger(), nullable=False),
        sa.Column("kind", sa.String(length=2), nullable=False),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.Column("score", sa.Numeric(precision=3, scale=1), nullable=True),
        sa.Column("verdict", sa.String(length=2), nullable=True),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["class_id"],
            ["class_groups.id"],
            name=op.f("fk_marks_class_id_class_groups"),
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["units.id"], name=op.f("fk_marks_school_id_units")
        ),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["students.id"],
            name=op.f("fk_marks_student_id_students"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["year"], ["school_years.year"], name=op.f("fk_marks_year_school_years")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_marks")),
        sa.UniqueConstraint(
            "student_id",
            "year",
            "subject_code",
            "semester",
            "kind",
            "position",
            name=op.f("uq_marks_student_id"),
        ),
    )
    with op.batch_alter_table("marks", schema=None) as batch_op:
        batch_op.create_index(
            "ix_marks_class_subject",
            ["class_id", "subject_code", "semester"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_marks_school_id"), ["school_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_marks_student_id"), ["student_id"], unique=False
        )

    op.create_table(
        "primary_evaluations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("class_id", sa.Integer(), nullable=False),
        sa.Column("item", sa.String(length=24), nullable=False),
        sa.Column("term", sa.String(length=3), nullable=False),
        sa.Column("level", sa.String(length=1), nullable=True),
        sa.Column("test_score", sa.SmallInteger(), nullable=True),
        sa.Column("comment", sa.String(length=300), nullable=True),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["class_id"],
            ["class_groups.id"],
            name=op.f("fk_primary_evaluations_class_id_class_groups"),
        ),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["units.id"],
            name=op.f("fk_primary_evaluations_school_id_units"),
        ),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["students.id"],
            name=op.f("fk_primary_evaluations_student_id_students"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["year"],
            ["school_years.year"],
            name=op.f("fk_primary_evaluations_year_school_years"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_primary_evaluations")),
        sa.UniqueConstraint(
            "student_id",
            "year",
            "item",
            "term",
            name=op.f("uq_primary_evaluations_student_id"),
        ),
    )
    with op.batch_alter_table("primary_evaluations", schema=None) as batch_op:
        batch_op.create_index(
            "ix_primary_evaluations_class_term", ["class_id", "term"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_primary_evaluations_school_id"), ["school_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_primary_evaluations_student_id"),
            ["student_id"],
            unique=False,
        )

    op.create_table(
        "student_results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("class_id", sa.Integer(), nullable=False),
        sa.Column("term", sa.String(length=3), nullable=False),
        sa.Column("learning", sa.String(length=4), nullable=True),
        sa.Column("conduct", sa.String(length=2), nullable=True),
        sa.Column("absences", sa.SmallInteger(), nullable=True),
        sa.Column("decision", sa.String(length=16), nullable=True),
        sa.Column("award", sa.String(length=16), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["class_id"],
            ["class_groups.id"],
            name=op.f("fk_student_results_class_id_class_groups"),
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["units.id"], name=op.f("fk_student_results_school_id_units")
        ),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["students.id"],
            name=op.f("fk_student_results_student_id_students"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["year"],
            ["school_years.year"],
            name=op.f("fk_student_results_year_school_years"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_student_results")),
        sa.UniqueConstraint(
            "student_id", "year", "term", name=op.f("uq_student_results_student_id")
        ),
    )
    with op.batch_alter_table("student_results", schema=None) as batch_op:
        batch_op.create_index(
            "ix_student_results_class_term", ["class_id", "term"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_student_results_school_id"), ["school_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_student_results_student_id"), ["student_id"], unique=False
        )

    op.create_table(
        "teaching_assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("class_id", sa.Integer(), nullable=False),
        sa.Column("subject_code", sa.String(length=24), nullable=False),
        sa.Column("semester", sa.SmallInteger(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["class_id"],
            ["class_groups.id"],
            name=op.f("fk_teaching_assignments_class_id_class_groups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["units.id"],
            name=op.f("fk_teaching_assignments_school_id_units"),
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff_members.id"],
            name=op.f("fk_teaching_assignments_staff_id_staff_members"),
        ),
        sa.ForeignKeyConstraint(
            ["year"],
            ["school_years.year"],
            name=op.f("fk_teaching_assignments_year_school_years"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teaching_assignments")),
        sa.UniqueConstraint(
            "class_id",
            "subject_code",
            "semester",
            name=op.f("uq_teaching_assignments_class_id"),
        ),
    )
    with op.batch_alter_table("teaching_assignments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_teaching_assignments_school_id"), ["school_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_teaching_assignments_staff_id"), ["staff_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_teaching_assignments_year"), ["year"], unique=False
        )


def downgrade():
    with op.batch_alter_table("teaching_assignments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_teaching_assignments_year"))
        batch_op.drop_index(batch_op.f("ix_teaching_assignments_staff_id"))
        batch_op.drop_index(batch_op.f("ix_teaching_assignments_school_id"))

    op.drop_table("teaching_assignments")
    with op.batch_alter_table("student_results", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_student_results_student_id"))
        batch_op.drop_index(batch_op.f("ix_student_results_school_id"))
        batch_op.drop_index("ix_student_results_class_term")

    op.drop_table("student_results")
    with op.batch_alter_table("primary_evaluations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_primary_evaluations_student_id"))
        batch_op.drop_index(batch_op.f("ix_primary_evaluations_school_id"))
        batch_op.drop_index("ix_primary_evaluations_class_term")

    op.drop_table("primary_evaluations")
    with op.batch_alter_table("marks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_marks_student_id"))
        batch_op.drop_index(batch_op.f("ix_marks_school_id"))
        batch_op.drop_index("ix_marks_class_subject")

    op.drop_table("marks")
    with op.batch_alter_table("conduct_results", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_conduct_results_student_id"))
        batch_op.drop_index(batch_op.f("ix_conduct_results_school_id"))
        batch_op.drop_index(batch_op.f("ix_conduct_results_class_id"))

    op.drop_table("conduct_results")
    with op.batch_alter_table("class_subjects", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_class_subjects_school_id"))

    op.drop_table("class_subjects")
