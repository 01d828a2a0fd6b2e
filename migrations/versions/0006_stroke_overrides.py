"""Clerk-entered stroke data

Revision ID: 0006_stroke_overrides
Revises: 0005_party
Create Date: 2026-11-21 15:24:31.394461
"""

import sqlalchemy as sa
from alembic import op


revision = '0006_stroke_overrides'
down_revision = '0005_party'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('stroke_override',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('char', sa.String(length=2), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('sequence', sa.String(length=64), nullable=False),
    sa.Column('note', sa.String(length=120), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stroke_override')),
    sa.UniqueConstraint('char', name=op.f('uq_stroke_override_char'))
    )


def downgrade() -> None:
    op.drop_table('stroke_override')
