"""students: a covering index for the reports' section III (issue 15)

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 08:20:00

"""

from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

# As in models/students.py SUMMARY_COLUMNS, frozen here
SUMMARY_COLUMNS = [
    "id",
    "active",
    "birth_date",
    "gender",
    "ethnicity",
    "disability",
    "policy_categories",
]


def upgrade():
    with op.batch_alter_table("students", schema=None) as batch_op:
        batch_op.create_index(
            "ix_students_summary",
            ["school_id"],
            unique=False,
            postgresql_include=SUMMARY_COLUMNS,
        )


def downgrade():
    with op.batch_alter_table("students", schema=None) as batch_op:
        batch_op.drop_index("ix_students_summary")
