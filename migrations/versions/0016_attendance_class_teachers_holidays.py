"""attendance: absences by day and session, class teachers, school holidays

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 14:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "school_holidays",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["year"],
            ["school_years.year"],
            name=op.f("fk_school_holidays_year_school_years"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_school_holidays")),
    )
    with op.batch_alter_table("school_holidays", schema=None) as batch_op:
        batch_op.create_index(
            "ix_school_holidays_year_start", ["year", "starts_on"], unique=False
        )

    op.create_table(
        "attendance_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("class_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("session", sa.String(length=8), nullable=False),
        sa.Column("status", sa.String(length=1), nullable=False),
        sa.Column("reason", sa.String(length=120), nullable=True),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["class_id"],
            ["class_groups.id"],
            name=op.f("fk_attendance_records_class_id_class_groups"),
        ),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["units.id"],
            name=op.f("fk_attendance_records_school_id_units"),
        ),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["students.id"],
            name=op.f("fk_attendance_records_student_id_students"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance_records")),
        sa.UniqueConstraint(
            "student_id",
            "day",
            "session",
            name=op.f("uq_attendance_records_student_id"),
        ),
    )
    with op.batch_alter_table("attendance_records", schema=None) as batch_op:
        batch_op.create_index(
            "ix_attendance_records_class_day", ["class_id", "day"], unique=False
        )
        batch_op.create_index(
            "ix_attendance_records_school_day", ["school_id", "day"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_attendance_records_school_id"), ["school_id"], unique=False
        )

    op.create_table(
        "class_teachers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("class_id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["class_id"],
            ["class_groups.id"],
            name=op.f("fk_class_teachers_class_id_class_groups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["units.id"], name=op.f("fk_class_teachers_school_id_units")
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff_members.id"],
            name=op.f("fk_class_teachers_staff_id_staff_members"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_class_teachers")),
        sa.UniqueConstraint(
            "class_id", "staff_id", name=op.f("uq_class_teachers_class_id")
        ),
    )
    with op.batch_alter_table("class_teachers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_class_teachers_school_id"), ["school_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_class_teachers_staff_id"), ["staff_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("class_teachers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_class_teachers_staff_id"))
        batch_op.drop_index(batch_op.f("ix_class_teachers_school_id"))

    op.drop_table("class_teachers")
    with op.batch_alter_table("attendance_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attendance_records_school_id"))
        batch_op.drop_index("ix_attendance_records_school_day")
        batch_op.drop_index("ix_attendance_records_class_day")

    op.drop_table("attendance_records")
    with op.batch_alter_table("school_holidays", schema=None) as batch_op:
        batch_op.drop_index("ix_school_holidays_year_start")

    op.drop_table("school_holidays")
