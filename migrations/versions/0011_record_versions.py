"""Record versions: voters, Party members and candidates carry a version (server mode
refuses to save a form another user changed meanwhile)

A plain ADD COLUMN with a default of 1 for every stored row, never a table copy (it would
cascade to dependent rows, see 0008).

Revision ID: 0011_record_versions
Revises: 0010_nomination_dates
Create Date: 2026-11-26 16:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0011_record_versions'
down_revision = '0010_nomination_dates'
branch_labels = None
depends_on = None

TABLES = ('voter', 'party_member', 'party_candidate')


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column('version', sa.Integer(), nullable=False, server_default='1'))


def downgrade() -> None:
    for table in TABLES:
        op.execute(f"ALTER TABLE {table} DROP COLUMN version")
