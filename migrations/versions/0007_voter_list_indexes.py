"""Indexes behind the voter table: search and group order at 100,000 voters

Revision ID: 0007_voter_list_indexes
Revises: 0006_stroke_overrides
Create Date: 2026-11-26 05:00:00
"""

from alembic import op

revision = '0007_voter_list_indexes'
down_revision = '0006_stroke_overrides'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_voter_list_search', 'voter',
                    ['election_id', 'status', 'name', 'id_number', 'phone', 'group_id'])
    op.create_index('ix_voter_list_group', 'voter', ['election_id', 'status', 'group_id'])


def downgrade() -> None:
    op.drop_index('ix_voter_list_group', table_name='voter')
    op.drop_index('ix_voter_list_search', table_name='voter')
