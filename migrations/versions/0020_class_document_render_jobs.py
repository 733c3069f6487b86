"""render_jobs: a class's results PDFs (report cards, học bạ, summary) as jobs

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-06 09:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("render_jobs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("class_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("term", sa.String(length=3), nullable=True))
        batch_op.add_column(sa.Column("names", sa.Boolean(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_render_jobs_class_id_class_groups"),
            "class_groups",
            ["class_id"],
            ["id"],
            ondelete="CASCADE",
        )


def downgrade():
    with op.batch_alter_table("render_jobs", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_render_jobs_class_id_class_groups"), type_="foreignkey"
        )
        batch_op.drop_column("names")
        batch_op.drop_column("term")
        batch_op.drop_column("class_id")
