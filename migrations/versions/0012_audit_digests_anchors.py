"""Audit log: a digest of the record after every change, anchors printed on paper, guards
that also refuse REPLACE, TRUNCATE, inserts off the head and moving the head backwards;
a snapshot event of every stored row so replay starts from what is stored now

Revision ID: 0012_audit_digests_anchors
Revises: 0011_record_versions
Create Date: 2026-11-26 18:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_audit_digests_anchors"
down_revision = "0011_record_versions"
branch_labels = None
depends_on = None

SQLITE_OLD_GUARDS = (  # as 0002 made them
    """CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
       BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END""",
    """CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
       BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END""",
)


def upgrade() -> None:
    from workflows.core import audit

    op.add_column("audit_event", sa.Column("digest", sa.String(64), nullable=True))
    op.create_table(
        "audit_anchor",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(16), nullable=False),
        sa.Column("anchor", sa.String(19), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("township_id", sa.Integer(), nullable=True),
        sa.Column("village_id", sa.Integer(), nullable=True),
        sa.Column("election_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_audit_anchor"),
        sa.UniqueConstraint("code", name="uq_audit_anchor_code"),
    )
    connection = op.get_bind()
    audit.install_guards(connection)
    audit.snapshot(connection)


def downgrade() -> None:
    from workflows.core import audit

    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for name in audit.SQLITE_GUARDS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        for statement in SQLITE_OLD_GUARDS:
            op.execute(statement)
    elif dialect == "postgresql":
        for name, (table, *_rest) in audit.POSTGRES_TRIGGERS.items():
            if name != "audit_event_no_change":
                op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        op.execute("DROP FUNCTION IF EXISTS audit_event_append_check()")
        op.execute("DROP FUNCTION IF EXISTS audit_head_forward_only()")
    op.drop_table("audit_anchor")
    op.execute("ALTER TABLE audit_event DROP COLUMN digest")
