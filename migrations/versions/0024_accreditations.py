"""accreditations: dated kiểm định chất lượng and chuẩn quốc gia decisions

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-03 20:40:00.000000

"""

import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "accreditations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("decision_number", sa.String(length=50), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("issued_by", sa.String(length=200), nullable=True),
        sa.Column("expires_on", sa.Date(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["units.id"],
            name=op.f("fk_accreditations_school_id_units"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accreditations")),
    )
    with op.batch_alter_table("accreditations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_accreditations_school_id"), ["school_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_accreditations_expires_on"), ["expires_on"], unique=False
        )


def downgrade():
    with op.batch_alter_table("accreditations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_accreditations_expires_on"))
        batch_op.drop_index(batch_op.f("ix_accreditations_school_id"))

    op.drop_table("accreditations")
