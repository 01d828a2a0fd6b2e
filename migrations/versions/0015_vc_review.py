"""村委会候选人资格联审与考察（村委会选举之三）

Revision ID: 0015_vc_review
Revises: 0014_vc_candidates
Create Date: 2026-11-26 05:40:00

Villager-committee track (issue 11). Any migration that writes audited rows or changes the
columns of an audited table must call ``workflows.core.audit.snapshot(...)`` (see 0012).
"""

import sqlalchemy as sa
from alembic import op

revision = '0015_vc_review'
down_revision = '0014_vc_candidates'
branch_labels = None
depends_on = None


def _candidate(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(['candidate_id'], ['vc_candidate.id'],
                                   name=op.f(f'fk_{table}_candidate_id_vc_candidate'), ondelete='CASCADE')


def upgrade() -> None:
    op.create_table(
        'vc_disqualifier_check',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('candidate_id', sa.Integer(), nullable=False),
        sa.Column('item', sa.Integer(), nullable=False),
        sa.Column('found', sa.Boolean(), nullable=False),
        sa.Column('event_on', sa.Date(), nullable=True),
        sa.Column('evidence', sa.Text(), nullable=False),
        _candidate('vc_disqualifier_check'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_vc_disqualifier_check')),
        sa.UniqueConstraint('candidate_id', 'item', name=op.f('uq_vc_disqualifier_check_candidate_id')),
    )
    op.create_table(
        'vc_department_review',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('candidate_id', sa.Integer(), nullable=False),
        sa.Column('department', sa.String(length=60), nullable=False),
        sa.Column('passed', sa.Boolean(), nullable=True),
        sa.Column('finding', sa.Text(), nullable=False),
        sa.Column('reviewer', sa.String(length=60), nullable=False),
        sa.Column('leader', sa.String(length=60), nullable=False),
        sa.Column('reviewed_on', sa.Date(), nullable=True),
        _candidate('vc_department_review'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_vc_department_review')),
        sa.UniqueConstraint('candidate_id', 'department', name=op.f('uq_vc_department_review_candidate_id')),
    )
    op.create_table(
        'vc_inspection',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('candidate_id', sa.Integer(), nullable=False),
        sa.Column('assessed', sa.Integer(), nullable=False),
        sa.Column('excellent', sa.Integer(), nullable=False),
        sa.Column('competent', sa.Integer(), nullable=False),
        sa.Column('basically', sa.Integer(), nullable=False),
        sa.Column('incompetent', sa.Integer(), nullable=False),
        sa.Column('talks', sa.Integer(), nullable=False),
        sa.Column('site_visit_on', sa.Date(), nullable=True),
        sa.Column('conclusion', sa.Text(), nullable=False),
        sa.Column('approved', sa.Boolean(), nullable=True),
        sa.Column('approved_by', sa.String(length=60), nullable=False),
        sa.Column('approved_on', sa.Date(), nullable=True),
        _candidate('vc_inspection'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_vc_inspection')),
        sa.UniqueConstraint('candidate_id', name=op.f('uq_vc_inspection_candidate_id')),
    )
    op.create_table(
        'vc_nominee_post',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('candidate_id', sa.Integer(), nullable=False),
        sa.Column('current_post', sa.String(length=60), nullable=False),
        sa.Column('incumbent', sa.Boolean(), nullable=False),
        _candidate('vc_nominee_post'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_vc_nominee_post')),
        sa.UniqueConstraint('candidate_id', name=op.f('uq_vc_nominee_post_candidate_id')),
    )


def downgrade() -> None:
    for table in ('vc_nominee_post', 'vc_inspection', 'vc_department_review', 'vc_disqualifier_check'):
        op.drop_table(table)
