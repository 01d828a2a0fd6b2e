"""投票与计票：轮次、职务、候选人、票箱、领票、录入、选票、计票单、检查处理（两条线共用）

Revision ID: 0017_count
Revises: 0016_vc_polling
Create Date: 2026-11-26 06:50:00

The stored count of both tracks (issue 12). Any migration that writes audited rows or changes
the columns of an audited table must call ``workflows.core.audit.snapshot(...)`` (see 0012).
New tables start empty, so nothing needs a snapshot here.
"""

import sqlalchemy as sa
from alembic import op

revision = '0017_count'
down_revision = '0016_vc_polling'
branch_labels = None
depends_on = None


def _stamps() -> list[sa.Column]:
    return [sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
            sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False)]


def _election(table: str) -> list:
    return [sa.Column('id', sa.Integer(), nullable=False),
            sa.Column('election_id', sa.Integer(), nullable=False),
            sa.ForeignKeyConstraint(['election_id'], ['election_process.id'],
                                    name=op.f(f'fk_{table}_election_id_election_process'), ondelete='CASCADE'),
            sa.PrimaryKeyConstraint('id', name=op.f(f'pk_{table}'))]


def _parent(table: str, column: str, parent: str, ondelete: str = 'CASCADE',
            nullable: bool = False) -> list:
    return [sa.Column(column, sa.Integer(), nullable=nullable),
            sa.ForeignKeyConstraint([column], [f'{parent}.id'], name=op.f(f'fk_{table}_{column}_{parent}'),
                                    ondelete=ondelete)]


def upgrade() -> None:
    op.create_table(
        'count_round', *_stamps(), *_election('count_round'),
        sa.Column('track', sa.String(length=8), nullable=False),
        sa.Column('kind', sa.String(length=8), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('held_on', sa.Date(), nullable=False),
        sa.Column('registered', sa.Integer(), nullable=True),
        sa.Column('expected', sa.Integer(), nullable=True),
        sa.Column('attended', sa.Integer(), nullable=True),
        sa.Column('quorum', sa.String(length=2), nullable=True),
        sa.Column('void', sa.Boolean(), nullable=False),
        sa.Column('void_reason', sa.Text(), nullable=False),
        *_parent('count_round', 'revote_of_id', 'count_round', 'SET NULL', nullable=True),
        sa.Column('official_by', sa.String(length=60), nullable=True),
        sa.Column('official_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('revert_reason', sa.Text(), nullable=False),
    )
    op.create_table(
        'count_contest', *_election('count_contest'),
        *_parent('count_contest', 'round_id', 'count_round'),
        sa.Column('office', sa.String(length=12), nullable=False),
        sa.Column('seats', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('women_seat', sa.Boolean(), nullable=False),
        sa.UniqueConstraint('round_id', 'position', name=op.f('uq_count_contest_round_id')),
    )
    op.create_table(
        'count_candidate', *_election('count_candidate'),
        *_parent('count_candidate', 'contest_id', 'count_contest'),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=60), nullable=False),
        sa.Column('id_number', sa.String(length=18), nullable=False),
        sa.Column('female', sa.Boolean(), nullable=False),
        sa.Column('write_in', sa.Boolean(), nullable=False),
        sa.Column('source', sa.String(length=16), nullable=False),
        sa.Column('source_id', sa.Integer(), nullable=True),
        sa.UniqueConstraint('contest_id', 'position', name=op.f('uq_count_candidate_contest_id')),
    )
    op.create_table(
        'count_box', *_stamps(), *_election('count_box'),
        *_parent('count_box', 'round_id', 'count_round'),
        sa.Column('name', sa.String(length=60), nullable=False),
        sa.Column('kind', sa.String(length=8), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        *_parent('count_box', 'station_id', 'vc_polling_station', 'SET NULL', nullable=True),
        *_parent('count_box', 'mobile_box_id', 'vc_mobile_box', 'SET NULL', nullable=True),
        sa.Column('ballots_issued', sa.Integer(), nullable=True),
        sa.Column('voters', sa.Integer(), nullable=True),
        sa.Column('ballots_returned', sa.Integer(), nullable=True),
        sa.Column('confirmed_by', sa.String(length=60), nullable=True),
        sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        'count_checkin', *_election('count_checkin'),
        *_parent('count_checkin', 'round_id', 'count_round'),
        *_parent('count_checkin', 'box_id', 'count_box'),
        *_parent('count_checkin', 'voter_id', 'voter'),
        *_parent('count_checkin', 'proxy_voter_id', 'voter', 'SET NULL', nullable=True),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint('round_id', 'voter_id', name=op.f('uq_count_checkin_round_id')),
    )
    op.create_index(op.f('ix_count_checkin_box_id'), 'count_checkin', ['box_id'], unique=False)
    op.create_table(
        'count_entry', *_election('count_entry'),
        *_parent('count_entry', 'box_id', 'count_box'),
        sa.Column('operator', sa.String(length=60), nullable=False),
        sa.Column('pass_no', sa.Integer(), nullable=False),
        sa.Column('mode', sa.String(length=8), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('returned', sa.Integer(), nullable=True),
        sa.Column('void_ballots', sa.Integer(), nullable=True),
        sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index('ix_count_entry_box_pass', 'count_entry', ['box_id', 'pass_no'], unique=False)
    op.create_table(
        'count_ballot', *_election('count_ballot'),
        *_parent('count_ballot', 'entry_id', 'count_entry'),
        sa.Column('serial', sa.Integer(), nullable=False),
        sa.Column('marks', sa.Text(), nullable=False),
        sa.Column('void', sa.Boolean(), nullable=False),
        sa.UniqueConstraint('entry_id', 'serial', name=op.f('uq_count_ballot_entry_id')),
    )
    op.create_table(
        'count_sheet_line', *_election('count_sheet_line'),
        *_parent('count_sheet_line', 'entry_id', 'count_entry'),
        *_parent('count_sheet_line', 'contest_id', 'count_contest'),
        *_parent('count_sheet_line', 'candidate_id', 'count_candidate', nullable=True),
        sa.Column('line', sa.String(length=8), nullable=False),
        sa.Column('votes', sa.Integer(), nullable=False),
        sa.UniqueConstraint('entry_id', 'contest_id', 'candidate_id', 'line',
                            name=op.f('uq_count_sheet_line_entry_id')),
    )
    op.create_table(
        'count_decision', *_election('count_decision'),
        *_parent('count_decision', 'round_id', 'count_round'),
        *_parent('count_decision', 'box_id', 'count_box', nullable=True),
        *_parent('count_decision', 'entry_id', 'count_entry', nullable=True),
        sa.Column('code', sa.String(length=12), nullable=False),
        sa.Column('field', sa.String(length=60), nullable=False),
        sa.Column('resolution', sa.String(length=16), nullable=False),
        sa.Column('decided_by', sa.String(length=60), nullable=False),
        sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
    )


def downgrade() -> None:
    op.drop_index('ix_count_entry_box_pass', table_name='count_entry')
    op.drop_index(op.f('ix_count_checkin_box_id'), table_name='count_checkin')
    for table in ('count_decision', 'count_sheet_line', 'count_ballot', 'count_entry', 'count_checkin',
                  'count_box', 'count_candidate', 'count_contest', 'count_round'):
        op.drop_table(table)
