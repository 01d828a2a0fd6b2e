"""The document archive (PDF bytes, spec, SHA-256, verification code).

Revision ID: 0003_documents
Revises: 0002_calendar_audit_guard
Create Date: 2026-11-21
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_documents"
down_revision = "0002_calendar_audit_guard"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("township_id", sa.Integer(), nullable=True),
        sa.Column("village_id", sa.Integer(), nullable=True),
        sa.Column("election_id", sa.Integer(), nullable=True),
        sa.Column("notice_number", sa.Integer(), nullable=True),
        sa.Column("spec_json", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("operator", sa.String(60), nullable=False),
        sa.ForeignKeyConstraint(["township_id"], ["township.id"],
                                name="fk_document_township_id_township", ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["village_id"], ["village.id"],
                                name="fk_document_village_id_village", ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["election_id"], ["election_process.id"],
                                name="fk_document_election_id_election_process", ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_document"),
        sa.UniqueConstraint("code", name="uq_document_code"),
    )
    op.create_index("ix_document_township_id", "document", ["township_id"])
    op.create_index("ix_document_village_id", "document", ["village_id"])


def downgrade() -> None:
    op.drop_index("ix_document_village_id", table_name="document")
    op.drop_index("ix_document_township_id", table_name="document")
    op.drop_table("document")
