"""import uploads kept between the check and the import

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 17:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "import_uploads",
        sa.Column("id", sa.String(length=43), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["units.id"],
            name=op.f("fk_import_uploads_school_id_units"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_import_uploads_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_uploads")),
    )
    op.create_index(
        op.f("ix_import_uploads_expires_at"),
        "import_uploads",
        ["expires_at"],
        unique=False,
    )
    op.create_index(
        op.f("ix_import_uploads_user_id"), "import_uploads", ["user_id"], unique=False
    )


def downgrade():
    op.drop_index(op.f("ix_import_uploads_user_id"), table_name="import_uploads")
    op.drop_index(op.f("ix_import_uploads_expires_at"), table_name="import_uploads")
    op.drop_table("import_uploads")
