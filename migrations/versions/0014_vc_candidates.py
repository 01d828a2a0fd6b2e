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
        sa.Column('tiebreak_votes', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['election_id'], ['election_process.id'],
                                name=op.f('fk_vc_candidate_election_id_election_process'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['voter_id'], ['voter.id'], name=op.f('fk_vc_candidate_voter_id_voter'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_vc_candidate')),
        sa.UniqueConstraint('election_id', 'voter_id', 'office',
                            name=op.f('uq_vc_candidate_election_id')),
    )

    op.create_table(
        'vc_nomination',
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('election_id', sa.Integer(), nullable=False),
        sa.Column('held_on', sa.Date(), nullable=True),
        sa.Column('mode', sa.String(length=8), nullable=False),
        sa.Column('nominators', sa.Integer(), nullable=False),
        sa.Column('determined_on', sa.Date(), nullable=True),
        sa.Column('formal_posted_on', sa.Date(), nullable=True),
        sa.Column('formal_document_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['election_id'], ['election_process.id'],
                                name=op.f('fk_vc_nomination_election_id_election_process'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['formal_document_id'], ['document.id'],
                                name=op.f('fk_vc_nomination_formal_document_id_document'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_vc_nomination')),
        sa.UniqueConstraint('election_id', name=op.f('uq_vc_nomination_election_id')),
    )
    op.create_table(
        'vc_candidate_quota',
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('election_id', sa.Integer(), nullable=False),
        sa.Column('office', sa.String(length=12), nullable=False),
        sa.Column('candidates', sa.Integer(), nullable=False),
        sa.Column('decided_on', sa.Date(), nullable=False),
        sa.Column('basis', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['election_id'], ['election_process.id'],
                                name=op.f('fk_vc_candidate_quota_election_id_election_process'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_vc_candidate_quota')),
        sa.UniqueConstraint('election_id', 'office', name=op.f('uq_vc_candidate_quota_election_id')),
    )
    op.create_table(
        'vc_nomination_ballot',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('election_id', sa.Integer(), nullable=False),
        sa.Column('serial', sa.Integer(), nullable=False),
        sa.Column('invalid_offices', sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(['election_id'], ['election_process.id'],
                                name=op.f('fk_vc_nomination_ballot_election_id_election_process'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_vc_nomination_ballot')),
        sa.UniqueConstraint('election_id', 'serial', name=op.f('uq_vc_nomination_ballot_election_id')),
    )
    op.create_table(
        'vc_nomination_mark',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('election_id', sa.Integer(), nullable=False),
        sa.Column('ballot_id', sa.Integer(), nullable=False),
        sa.Column('office', sa.String(length=12), nullable=False),
        sa.Column('voter_id', sa.Integer(), nullable=False),
        sa.Column('valid', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['ballot_id'], ['vc_nomination_ballot.id'],
                                name=op.f('fk_vc_nomination_mark_ballot_id_vc_nomination_ballot'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['election_id'], ['election_process.id'],
                                name=op.f('fk_vc_nomination_mark_election_id_election_process'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['voter_id'], ['voter.id'], name=op.f('fk_vc_nomination_mark_voter_id_voter'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_vc_nomination_mark')),
    )
    op.create_index(op.f('ix_vc_nomination_mark_ballot_id'), 'vc_nomination_mark', ['ballot_id'], unique=False)
    op.create_index('ix_vc_nomination_mark_count', 'vc_nomination_mark',
                    ['election_id', 'office', 'voter_id', 'valid'], unique=False)
    op.create_table(
        'vc_nomination_total',
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('election_id', sa.Integer(), nullable=False),
        sa.Column('office', sa.String(length=12), nullable=False),
        sa.Column('voter_id', sa.Integer(), nullable=False),
        sa.Column('votes', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['election_id'], ['election_process.id'],
                                name=op.f('fk_vc_nomination_total_election_id_election_process'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['voter_id'], ['voter.id'], name=op.f('fk_vc_nomination_total_voter_id_voter'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_vc_nomination_total')),
        sa.UniqueConstraint('election_id', 'office', 'voter_id', name=op.f('uq_vc_nomination_total_election_id')),
    )
    op.create_table(
        'vc_candidate_change',
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('election_id', sa.Integer(), nullable=False),
        sa.Column('candidate_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('happened_on', sa.Date(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('filled', sa.Boolean(), nullable=False),
        sa.Column('replacement_id', sa.Integer(), nullable=True),
        sa.Column('notice_on', sa.Date(), nullable=True),
        sa.Column('notice_document_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['candidate_id'], ['vc_candidate.id'],
                                name=op.f('fk_vc_candidate_change_candidate_id_vc_candidate'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['election_id'], ['election_process.id'],
                                name=op.f('fk_vc_candidate_change_election_id_election_process'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['notice_document_id'], ['document.id'],
                                name=op.f('fk_vc_candidate_change_notice_document_id_document'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['replacement_id'], ['vc_candidate.id'],
                                name=op.f('fk_vc_candidate_change_replacement_id_vc_candidate'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_vc_candidate_change')),
    )
    op.create_table(
        'vc_candidate_meeting',
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('election_id', sa.Integer(), nullable=False),
        sa.Column('held_on', sa.Date(), nullable=False),
        sa.Column('time_text', sa.String(length=40), nullable=False),
        sa.Column('place', sa.String(length=100), nullable=False),
        sa.Column('attendance', sa.Integer(), nullable=True),
        sa.Column('notes', sa.Text(), nullable=False),
        sa.Column('notice_document_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['election_id'], ['election_process.id'],
                                name=op.f('fk_vc_candidate_meeting_election_id_election_process'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['notice_document_id'], ['document.id'],
                                name=op.f('fk_vc_candidate_meeting_notice_document_id_document'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_vc_candidate_meeting')),
    )


def downgrade() -> None:
    for table in ('vc_candidate_meeting', 'vc_candidate_change', 'vc_nomination_total'):
        op.drop_table(table)
    op.drop_index('ix_vc_nomination_mark_count', table_name='vc_nomination_mark')
    op.drop_index(op.f('ix_vc_nomination_mark_ballot_id'), table_name='vc_nomination_mark')
    for table in ('vc_nomination_mark', 'vc_nomination_ballot', 'vc_candidate_quota', 'vc_nomination',
                  'vc_candidate'):
        op.drop_table(table)
