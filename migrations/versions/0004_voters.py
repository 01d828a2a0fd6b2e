"""Voter registration: voters, publications, corrections, objections

Revision ID: 0004_voters
Revises: 0003_documents
Create Date: 2026-11-21 14:42:36.532302
"""

import sqlalchemy as sa
from alembic import op


revision = '0004_voters'
down_revision = '0003_documents'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('voter',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('election_id', sa.Integer(), nullable=False),
    sa.Column('village_id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('sex', sa.String(length=2), nullable=False),
    sa.Column('ethnicity', sa.String(length=20), nullable=False),
    sa.Column('id_number', sa.String(length=18), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=False),
    sa.Column('education', sa.String(length=20), nullable=False),
    sa.Column('political_status', sa.String(length=20), nullable=False),
    sa.Column('category', sa.Integer(), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('residence_since', sa.Date(), nullable=True),
    sa.Column('applied_on', sa.Date(), nullable=True),
    sa.Column('approved_on', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('removal_reason', sa.Text(), nullable=False),
    sa.Column('card_number', sa.Integer(), nullable=True),
    sa.Column('source', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['election_id'], ['election_process.id'], name=op.f('fk_voter_election_id_election_process'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['group_id'], ['village_group.id'], name=op.f('fk_voter_group_id_village_group'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['village_id'], ['village.id'], name=op.f('fk_voter_village_id_village'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_voter')),
    sa.UniqueConstraint('election_id', 'id_number', name=op.f('uq_voter_election_id'))
    )
    with op.batch_alter_table('voter', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_voter_id_number'), ['id_number'], unique=False)
        batch_op.create_index(batch_op.f('ix_voter_village_id'), ['village_id'], unique=False)

    op.create_table('objection',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('election_id', sa.Integer(), nullable=False),
    sa.Column('filed_by', sa.String(length=60), nullable=False),
    sa.Column('about', sa.String(length=60), nullable=False),
    sa.Column('voter_id', sa.Integer(), nullable=True),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('decision', sa.Text(), nullable=False),
    sa.Column('upheld', sa.Boolean(), nullable=True),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], name=op.f('fk_objection_document_id_document'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['election_id'], ['election_process.id'], name=op.f('fk_objection_election_id_election_process'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['voter_id'], ['voter.id'], name=op.f('fk_objection_voter_id_voter'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_objection'))
    )
    op.create_table('voter_publication',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('election_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('published_on', sa.Date(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('voter_count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], name=op.f('fk_voter_publication_document_id_document'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['election_id'], ['election_process.id'], name=op.f('fk_voter_publication_election_id_election_process'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_voter_publication'))
    )
    op.create_table('voter_correction',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('election_id', sa.Integer(), nullable=False),
    sa.Column('voter_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=12), nullable=False),
    sa.Column('voter_name', sa.String(length=60), nullable=False),
    sa.Column('group_name', sa.String(length=60), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('changed_on', sa.Date(), nullable=False),
    sa.Column('publication_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['election_id'], ['election_process.id'], name=op.f('fk_voter_correction_election_id_election_process'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['publication_id'], ['voter_publication.id'], name=op.f('fk_voter_correction_publication_id_voter_publication'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['voter_id'], ['voter.id'], name=op.f('fk_voter_correction_voter_id_voter'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_voter_correction'))
    )


def downgrade() -> None:
    op.drop_table('voter_correction')
    op.drop_table('voter_publication')
    op.drop_table('objection')
    with op.batch_alter_table('voter', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_voter_village_id'))
        batch_op.drop_index(batch_op.f('ix_voter_id_number'))

    op.drop_table('voter')
