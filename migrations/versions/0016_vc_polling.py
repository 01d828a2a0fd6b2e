"""投票公告、投票站、流动票箱、工作人员、委托投票（村委会选举之四）

Revision ID: 0016_vc_polling
Revises: 0015_vc_review
Create Date: 2026-11-26 05:40:00

Villager-committee track (issue 11). Any migration that writes audited rows or changes the
columns of an audited table must call ``workflows.core.audit.snapshot(...)`` (see 0012).
New tables start empty, so nothing needs a snapshot here.
"""

import sqlalchemy as sa
from alembic import op

revision = '0016_vc_polling'
down_revision = '0015_vc_review'
branch_labels = None
depends_on = None


def _stamps() -> list[sa.Column]:
    return [sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
            sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False)]


def _election(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(['election_id'], ['election_process.id'],
                                   name=op.f(f'fk_{table}_election_id_election_process'), ondelete='CASCADE')


def upgrade() -> None:
    op.create_table(
        'vc_polling_station', *_stamps(),
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('election_id', sa.Integer(), nullable=False),
        sa.Column('main', sa.Boolean(), nullable=False),
        sa.Column('name', sa.String(length=60), nullable=False),
        sa.Column('place', sa.String(length=120), nullable=False),
        sa.Column('opens_at', sa.String(length=5), nullable=False),
        sa.Column('closes_at', sa.String(length=5), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        _election('vc_polling_station'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_vc_polling_station')),
    )
    op.create_table(
        'vc_station_group',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('election_id', sa.Integer(), nullable=False),
        sa.Column('station_id', sa.Integer(), nullable=False),
        sa.Column('group_id', sa.Integer(), nullable=False),
        _election('vc_station_group'),
        sa.ForeignKeyConstraint(['station_id'], ['vc_polling_station.id'],
                                name=op.f('fk_vc_station_group_station_id_vc_polling_station'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['group_id'], ['village_group.id'],
                                name=op.f('fk_vc_station_group_group_id_village_group'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_vc_station_group')),
        sa.UniqueConstraint('election_id', 'group_id', name=op.f('uq_vc_station_group_election_id')),
    )
    op.create_table(
        'vc_mobile_box', *_stamps(),
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('election_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=60), nullable=False),
        sa.Column('area', sa.Text(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        _election('vc_mobile_box'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_vc_mobile_box')),
    )
    op.create_table(
        'vc_mobile_box_voter',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('election_id', sa.Integer(), nullable=False),
        sa.Column('box_id', sa.Integer(), nullable=False),
        sa.Column('voter_id', sa.Integer(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        _election('vc_mobile_box_voter'),
        sa.ForeignKeyConstraint(['box_id'], ['vc_mobile_box.id'],
                                name=op.f('fk_vc_mobile_box_voter_box_id_vc_mobile_box'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['voter_id'], ['voter.id'],
                                name=op.f('fk_vc_mobile_box_voter_voter_id_voter'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_vc_mobile_box_voter')),
        sa.UniqueConstraint('election_id', 'voter_id', name=op.f('uq_vc_mobile_box_voter_election_id')),
    )
    op.create_table(
        'vc_official',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('election_id', sa.Integer(), nullable=False),
        sa.Column('role', sa.String(length=20), nullable=False),
        sa.Column('box_id', sa.Integer(), nullable=True),
        sa.Column('voter_id', sa.Integer(), nullable=True),
        sa.Column('name', sa.String(length=60), nullable=False),
        sa.Column('id_number', sa.String(length=18), nullable=False),
        _election('vc_official'),
        sa.ForeignKeyConstraint(['box_id'], ['vc_mobile_box.id'],
                                name=op.f('fk_vc_official_box_id_vc_mobile_box'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['voter_id'], ['voter.id'], name=op.f('fk_vc_official_voter_id_voter'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_vc_official')),
        sa.UniqueConstraint('election_id', 'id_number', 'role', name=op.f('uq_vc_official_election_id')),
    )
    op.create_table(
        'vc_proxy', *_stamps(),
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('election_id', sa.Integer(), nullable=False),
        sa.Column('principal_id', sa.Integer(), nullable=False),
        sa.Column('proxy_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=8), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('authorised_on', sa.Date(), nullable=False),
        sa.Column('registered_on', sa.Date(), nullable=False),
        sa.Column('card_number', sa.Integer(), nullable=True),
        sa.Column('published_on', sa.Date(), nullable=True),
        _election('vc_proxy'),
        sa.ForeignKeyConstraint(['principal_id'], ['voter.id'], name=op.f('fk_vc_proxy_principal_id_voter'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['proxy_id'], ['voter.id'], name=op.f('fk_vc_proxy_proxy_id_voter'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_vc_proxy')),
        sa.UniqueConstraint('election_id', 'principal_id', name=op.f('uq_vc_proxy_election_id')),
    )


def downgrade() -> None:
    for table in ('vc_proxy', 'vc_official', 'vc_mobile_box_voter', 'vc_mobile_box', 'vc_station_group',
                  'vc_polling_station'):
        op.drop_table(table)
