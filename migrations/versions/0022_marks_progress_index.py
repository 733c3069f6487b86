"""marks: a covering index for the monthly report's Tiến độ nhập điểm (issue 17)

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-03 20:30:00

"""

from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

# As in models/assessment.py PROGRESS_COLUMNS, frozen here
PROGRESS_COLUMNS = ["subject_code", "class_id", "student_id"]


def upgrade():
    with op.batch_alter_table("marks", schema=None) as batch_op:
        batch_op.create_index(
            "ix_marks_progress",
            ["school_id", "year", "semester", "kind", "day"],
            unique=False,
            postgresql_include=PROGRESS_COLUMNS,
        )


def downgrade():
    with op.batch_alter_table("marks", schema=None) as batch_op:
        batch_op.drop_index("ix_marks_progress")
