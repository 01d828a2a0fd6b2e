"""Township, villages, groups, election processes, stage states and the audit log.

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-21
"""

import sqlalchemy as sa
from alembic import op

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None


def _timestamps() -> list[sa.Column]:
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "township",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(60), nullable=False),
        sa.Column("county", sa.String(60), nullable=False),
        sa.Column("province", sa.String(30), nullable=False),
        sa.Column("rules_profile", sa.Text(), nullable=False),
        *_timestamps(),
        sa.PrimaryKeyConstraint("id", name="pk_township"),
    )
    op.create_table(
        "village",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("township_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(60), nullable=False),
        sa.Column("population", sa.Integer(), nullable=False),
        sa.Column("households", sa.Integer(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        *_timestamps(),
        sa.ForeignKeyConstraint(
            ["township_id"], ["township.id"], name="fk_village_township_id_township", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_village"),
        sa.UniqueConstraint("township_id", "name", name="uq_village_township_id"),
    )
    op.create_table(
        "village_group",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("village_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(60), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("households", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["village_id"], ["village.id"], name="fk_village_group_village_id_village", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_village_group"),
        sa.UniqueConstraint("village_id", "name", name="uq_village_group_village_id"),
    )
    op.create_table(
        "election_process",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("village_id", sa.Integer(), nullable=False),
        sa.Column("term_label", sa.String(20), nullable=False),
        sa.Column("party_election_day", sa.Date(), nullable=True),
        sa.Column("committee_election_day", sa.Date(), nullable=True),
        sa.Column("party_members", sa.Integer(), nullable=False),
        sa.Column("party_deputies", sa.Integer(), nullable=False),
        sa.Column("vc_chairs", sa.Integer(), nullable=False),
        sa.Column("vc_vice_chairs", sa.Integer(), nullable=False),
        sa.Column("vc_members", sa.Integer(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        *_timestamps(),
        sa.ForeignKeyConstraint(
            ["village_id"], ["village.id"], name="fk_election_process_village_id_village", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_election_process"),
        sa.UniqueConstraint("village_id", "term_label", name="uq_election_process_village_id"),
    )
    op.create_table(
        "stage_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("election_id", sa.Integer(), nullable=False),
        sa.Column("stage_key", sa.String(60), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_by", sa.String(60), nullable=False),
        sa.ForeignKeyConstraint(
            ["election_id"],
            ["election_process.id"],
            name="fk_stage_state_election_id_election_process",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_stage_state"),
        sa.UniqueConstraint("election_id", "stage_key", name="uq_stage_state_election_id"),
    )
    op.create_table(
        "milestone_fact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("election_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(60), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["election_id"],
            ["election_process.id"],
            name="fk_milestone_fact_election_id_election_process",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_milestone_fact"),
        sa.UniqueConstraint("election_id", "key", name="uq_milestone_fact_election_id"),
    )
    op.create_table(
        "audit_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("operator", sa.String(60), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("entity", sa.String(60), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("township_id", sa.Integer(), nullable=True),
        sa.Column("village_id", sa.Integer(), nullable=True),
        sa.Column("election_id", sa.Integer(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_audit_event"),
    )
    op.create_index("ix_audit_event_township_id", "audit_event", ["township_id"])
    op.create_index("ix_audit_event_village_id", "audit_event", ["village_id"])
    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("appended", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_audit_head"),
    )
    op.execute("INSERT INTO audit_head (id, appended) VALUES (1, 0)")


def downgrade() -> None:
    for table in (
        "audit_head",
        "audit_event",
        "milestone_fact",
        "stage_state",
        "election_process",
        "village_group",
        "village",
        "township",
    ):
        op.drop_table(table)
