"""reports: the document number (số văn bản) recorded when an official PDF is issued

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 17:40:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("render_jobs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("document_number", sa.String(12), nullable=True))
    with op.batch_alter_table("issued_documents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("document_number", sa.String(12), nullable=True))


def downgrade():
    with op.batch_alter_table("issued_documents", schema=None) as batch_op:
        batch_op.drop_column("document_number")
    with op.batch_alter_table("render_jobs", schema=None) as batch_op:
        batch_op.drop_column("document_number")
