"""Party track: members, relatives, recommendations, candidates, reviews, inspections, attendance

Revision ID: 0005_party
Revises: 0004_voters
Create Date: 2026-11-21 15:07:54.692385
"""

import sqlalchemy as sa
from alembic import op


revision = '0005_party'
down_revision = '0004_voters'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('relative',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('township_id', sa.Integer(), nullable=False),
    sa.Column('name_a', sa.String(length=60), nullable=False),
    sa.Column('id_number_a', sa.String(length=18), nullable=False),
    sa.Column('name_b', sa.String(length=60), nullable=False),
    sa.Column('id_number_b', sa.String(length=18), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['township_id'], ['township.id'], name=op.f('fk_relative_township_id_township'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_relative')),
    sa.UniqueConstraint('township_id', 'id_number_a', 'id_number_b', name=op.f('uq_relative_township_id'))
    )
    op.create_table('party_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('election_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('id_number', sa.String(length=18), nullable=False),
    sa.Column('sex', sa.String(length=2), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=False),
    sa.Column('ethnicity', sa.String(length=20), nullable=False),
    sa.Column('education', sa.String(length=20), nullable=False),
    sa.Column('joined_on', sa.Date(), nullable=True),
    sa.Column('full_member', sa.Boolean(), nullable=False),
    sa.Column('probation_discipline', sa.Boolean(), nullable=False),
    sa.Column('rights_suspended', sa.Boolean(), nullable=False),
    sa.Column('mobile', sa.Boolean(), nullable=False),
    sa.Column('organisation', sa.String(length=60), nullable=False),
    sa.Column('current_post', sa.String(length=60), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['election_id'], ['election_process.id'], name=op.f('fk_party_member_election_id_election_process'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_party_member')),
    sa.UniqueConstraint('election_id', 'id_number', name=op.f('uq_party_member_election_id'))
    )
    op.create_table('party_track',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('election_id', sa.Integer(), nullable=False),
    sa.Column('member_round_on', sa.Date(), nullable=True),
    sa.Column('member_round_participants', sa.Integer(), nullable=False),
    sa.Column('mass_round_on', sa.Date(), nullable=True),
    sa.Column('mass_round_participants', sa.Integer(), nullable=False),
    sa.Column('review_reference', sa.Date(), nullable=True),
    sa.Column('publicity_start', sa.Date(), nullable=True),
    sa.Column('publicity_end', sa.Date(), nullable=True),
    sa.Column('publicity_outcome', sa.Text(), nullable=False),
    sa.Column('request_on', sa.Date(), nullable=True),
    sa.Column('reply_on', sa.Date(), nullable=True),
    sa.Column('reply_number', sa.String(length=60), nullable=False),
    sa.Column('reply_text', sa.Text(), nullable=False),
    sa.Column('attendance_reported_on', sa.Date(), nullable=True),
    sa.Column('attendance_approved_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['election_id'], ['election_process.id'], name=op.f('fk_party_track_election_id_election_process'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_party_track')),
    sa.UniqueConstraint('election_id', name=op.f('uq_party_track_election_id'))
    )
    op.create_table('recommendation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('election_id', sa.Integer(), nullable=False),
    sa.Column('round', sa.String(length=8), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('id_number', sa.String(length=18), nullable=False),
    sa.Column('votes', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['election_id'], ['election_process.id'], name=op.f('fk_recommendation_election_id_election_process'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recommendation')),
    sa.UniqueConstraint('election_id', 'round', 'id_number', name=op.f('uq_recommendation_election_id'))
    )
    op.create_table('attendance_exclusion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('election_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('category', sa.Text(), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('member_consulted', sa.Boolean(), nullable=False),
    sa.Column('family_consulted', sa.Boolean(), nullable=False),
    sa.Column('township_approved_on', sa.Date(), nullable=True),
    sa.Column('meeting_adopted_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['election_id'], ['election_process.id'], name=op.f('fk_attendance_exclusion_election_id_election_process'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['party_member.id'], name=op.f('fk_attendance_exclusion_member_id_party_member'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendance_exclusion')),
    sa.UniqueConstraint('member_id', name=op.f('uq_attendance_exclusion_member_id'))
    )
    op.create_table('party_candidate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('election_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('id_number', sa.String(length=18), nullable=False),
    sa.Column('sex', sa.String(length=2), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=False),
    sa.Column('education', sa.String(length=20), nullable=False),
    sa.Column('source', sa.String(length=12), nullable=False),
    sa.Column('proposed_office', sa.String(length=12), nullable=False),
    sa.Column('incumbent', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('status_reason', sa.Text(), nullable=False),
    sa.Column('preliminary_office', sa.String(length=12), nullable=False),
    sa.Column('age_exception', sa.Text(), nullable=False),
    sa.Column('tiebreak', sa.Integer(), nullable=False),
    sa.Column('tiebreak_reason', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['election_id'], ['election_process.id'], name=op.f('fk_party_candidate_election_id_election_process'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['party_member.id'], name=op.f('fk_party_candidate_member_id_party_member'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_party_candidate')),
    sa.UniqueConstraint('election_id', 'id_number', name=op.f('uq_party_candidate_election_id'))
    )
    op.create_table('department_review',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('department', sa.String(length=40), nullable=False),
    sa.Column('passed', sa.Boolean(), nullable=True),
    sa.Column('finding', sa.Text(), nullable=False),
    sa.Column('reviewer', sa.String(length=60), nullable=False),
    sa.Column('leader', sa.String(length=60), nullable=False),
    sa.Column('reviewed_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['candidate_id'], ['party_candidate.id'], name=op.f('fk_department_review_candidate_id_party_candidate'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_department_review')),
    sa.UniqueConstraint('candidate_id', 'department', name=op.f('uq_department_review_candidate_id'))
    )
    op.create_table('disqualifier_check',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('item', sa.Integer(), nullable=False),
    sa.Column('found', sa.Boolean(), nullable=False),
    sa.Column('event_on', sa.Date(), nullable=True),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['candidate_id'], ['party_candidate.id'], name=op.f('fk_disqualifier_check_candidate_id_party_candidate'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_disqualifier_check')),
    sa.UniqueConstraint('candidate_id', 'item', name=op.f('uq_disqualifier_check_candidate_id'))
    )
    op.create_table('inspection',
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
    sa.ForeignKeyConstraint(['candidate_id'], ['party_candidate.id'], name=op.f('fk_inspection_candidate_id_party_candidate'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspection')),
    sa.UniqueConstraint('candidate_id', name=op.f('uq_inspection_candidate_id'))
    )


def downgrade() -> None:
    op.drop_table('inspection')
    op.drop_table('disqualifier_check')
    op.drop_table('department_review')
    op.drop_table('party_candidate')
    op.drop_table('attendance_exclusion')
    op.drop_table('recommendation')
    op.drop_table('party_track')
    op.drop_table('party_member')
    op.drop_table('relative')
