"""海选提名、候选人、正式候选人名单、见面会（村委会选举之二）

Revision ID: 0014_vc_candidates
Revises: 0013_vc_committee
Create Date: 2026-11-26 05:40:00

Villager-committee track (issue 11). Any migration that writes audited rows or changes the
columns of an audited table must call ``workflows.core.audit.snapshot(...)`` (see 0012).
"""

import sqlalchemy as sa
from alembic import op

revision = '0014_vc_candidates'
down_revision = '0013_vc_committee'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'vc_candidate',
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('election_id', sa.Integer(), nullable=False),
        sa.Column('voter_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=60), nullable=False),
        sa.Column('id_number', sa.String(length=18), nullable=False),
        sa.Column('sex', sa.String(length=2), nullable=False),
        sa.Column('birth_date', sa.Date(), nullable=False),
        sa.Column('office', sa.String(length=12), nullable=False),
        sa.Column('nomination_votes', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=12), nullable=False),
        sa.Column('status_on', sa.Date(), nullable=True),
        sa.Column('status_reason', sa.Text(), nullable=False),
        sa.Column('women_seat', sa.Boolean(), nullable=False),
        sa.Column('nominated_on', sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(['election_id'], ['election_process.id'],
                                name=op.f('fk_vc_candidate_election_id_election_process'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['voter_id'], ['voter.id'], name=op.f('fk_vc_candidate_voter_id_voter'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_vc_candidate')),
        sa.UniqueConstraint('election_id', 'voter_id', 'office',
                            name=op.f('uq_vc_candidate_election_id')),
    )


def downgrade() -> None:
    op.drop_table('vc_candidate')
