"""村民选举委员会、工作方案、专职专选岗位（村委会选举之一）

Revision ID: 0013_vc_committee
Revises: 0012_audit_digests_anchors
Create Date: 2026-11-26 05:40:00

Villager-committee track (issue 11): the election committee's meeting, list notice, filing
and work plan (vc_election_committee), each group's meeting when the groups choose it
(vc_committee_group), the people of the election result (vc_committee_member) and the
专职专选 positions (vc_seat_label). New tables only: no stored row changes, no snapshot.
"""

import sqlalchemy as sa
from alembic import op

revision = '0013_vc_committee'
down_revision = '0012_audit_digests_anchors'
branch_labels = None
depends_on = None


def _election_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(['election_id'], ['election_process.id'],
                                   name=op.f(f'fk_{table}_election_id_election_process'),
                                   ondelete='CASCADE')


def _timestamps() -> list[sa.Column]:
    return [sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
            sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False)]


def upgrade() -> None:
    op.create_table(
        'vc_election_committee',
        *_timestamps(),
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('election_id', sa.Integer(), nullable=False),
        sa.Column('chosen_by', sa.String(length=16), nullable=False),
        sa.Column('meeting_on', sa.Date(), nullable=True),
        sa.Column('adults', sa.Integer(), nullable=False),
        sa.Column('households', sa.Integer(), nullable=False),
        sa.Column('representatives', sa.Integer(), nullable=False),
        sa.Column('present', sa.Integer(), nullable=False),
        sa.Column('present_households', sa.Integer(), nullable=False),
        sa.Column('chair_note', sa.Text(), nullable=False),
        sa.Column('list_published_on', sa.Date(), nullable=True),
        sa.Column('published_seats', sa.Text(), nullable=False),
        sa.Column('filed_on', sa.Date(), nullable=True),
        sa.Column('plan_adopted_by', sa.String(length=16), nullable=False),
        sa.Column('plan_adopted_on', sa.Date(), nullable=True),
        sa.Column('plan_published_on', sa.Date(), nullable=True),
        _election_fk('vc_election_committee'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_vc_election_committee')),
        sa.UniqueConstraint('election_id', name=op.f('uq_vc_election_committee_election_id')),
    )
    op.create_table(
        'vc_committee_group',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('election_id', sa.Integer(), nullable=False),
        sa.Column('group_name', sa.String(length=60), nullable=False),
        sa.Column('held_on', sa.Date(), nullable=True),
        sa.Column('adults', sa.Integer(), nullable=False),
        sa.Column('households', sa.Integer(), nullable=False),
        sa.Column('present', sa.Integer(), nullable=False),
        sa.Column('present_households', sa.Integer(), nullable=False),
        _election_fk('vc_committee_group'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_vc_committee_group')),
        sa.UniqueConstraint('election_id', 'group_name', name=op.f('uq_vc_committee_group_election_id')),
    )
    op.create_table(
        'vc_committee_member',
        *_timestamps(),
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('election_id', sa.Integer(), nullable=False),
        sa.Column('rank', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=60), nullable=False),
        sa.Column('id_number', sa.String(length=18), nullable=False),
        sa.Column('sex', sa.String(length=2), nullable=False),
        sa.Column('birth_date', sa.Date(), nullable=False),
        sa.Column('votes', sa.Integer(), nullable=False),
        sa.Column('role', sa.String(length=12), nullable=False),
        sa.Column('by_election', sa.Boolean(), nullable=False),
        sa.Column('joined_on', sa.Date(), nullable=True),
        sa.Column('replaces_id', sa.Integer(), nullable=True),
        sa.Column('left_on', sa.Date(), nullable=True),
        sa.Column('left_reason', sa.String(length=12), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        _election_fk('vc_committee_member'),
        sa.ForeignKeyConstraint(['replaces_id'], ['vc_committee_member.id'],
                                name=op.f('fk_vc_committee_member_replaces_id_vc_committee_member'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_vc_committee_member')),
        sa.UniqueConstraint('election_id', 'rank', name=op.f('uq_vc_committee_member_election_id')),
    )
    op.create_table(
        'vc_seat_label',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('election_id', sa.Integer(), nullable=False),
        sa.Column('office', sa.String(length=12), nullable=False),
        sa.Column('label', sa.String(length=40), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.Column('women', sa.Boolean(), nullable=False),
        _election_fk('vc_seat_label'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_vc_seat_label')),
        sa.UniqueConstraint('election_id', 'office', 'label', name=op.f('uq_vc_seat_label_election_id')),
    )


def downgrade() -> None:
    op.drop_table('vc_seat_label')
    op.drop_table('vc_committee_member')
    op.drop_table('vc_committee_group')
    op.drop_table('vc_election_committee')
