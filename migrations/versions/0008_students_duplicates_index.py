"""students: an index for the name + birth date duplicates join

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 15:45:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("students", schema=None) as batch_op:
        batch_op.create_index(
            "ix_students_active_name_birth",
            ["sort_key", "birth_date", "school_id", "id"],
            unique=False,
            sqlite_where=sa.text("active"),
            postgresql_where=sa.text("active"),
        )


def downgrade():
    with op.batch_alter_table("students", schema=None) as batch_op:
        batch_op.drop_index("ix_students_active_name_birth")
