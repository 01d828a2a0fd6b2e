"""Party candidates' nomination date; other townships' voter lists kept for VC-09; the 两推 rounds as dated steps

* ``party_candidate.nominated_on``: the nomination day the clerk records (SD-40's windows
  count from it). Left empty for stored candidates: the day a record was typed is not the
  nomination day, so the clerk enters it before the review goes on.
* ``reference_roll`` / ``reference_voter``: another township's published voter list,
  imported as reference data for the double-registration check (VC-09) only.
* ``milestone_fact`` rows ``party_member_round`` / ``party_mass_round`` for rounds already
  recorded, so the calendar sees the first step of the election stage (SD-46).

Revision ID: 0010_nomination_dates
Revises: 0009_voter_id_order_index
Create Date: 2026-11-26 12:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0010_nomination_dates'
down_revision = '0009_voter_id_order_index'
branch_labels = None
depends_on = None

track = sa.table("party_track", sa.column("election_id", sa.Integer),
                 sa.column("member_round_on", sa.Date), sa.column("mass_round_on", sa.Date))
fact = sa.table("milestone_fact", sa.column("election_id", sa.Integer), sa.column("key", sa.String),
                sa.column("day", sa.Date), sa.column("note", sa.Text))
ROUND_FACTS = {"member_round_on": "party_member_round", "mass_round_on": "party_mass_round"}


def upgrade() -> None:
    # A plain ADD COLUMN, never a table copy (it would cascade to the reviews, see 0008).
    op.add_column('party_candidate', sa.Column('nominated_on', sa.Date(), nullable=True))
    op.create_table('reference_roll',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('township_id', sa.Integer(), nullable=False),
    sa.Column('source_township', sa.String(length=60), nullable=False),
    sa.Column('term_label', sa.String(length=20), nullable=False),
    sa.Column('file_name', sa.String(length=200), nullable=False),
    sa.Column('imported_on', sa.Date(), nullable=False),
    sa.Column('voter_count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['township_id'], ['township.id'], name=op.f('fk_reference_roll_township_id_township'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reference_roll')),
    sa.UniqueConstraint('township_id', 'source_township', 'term_label', name=op.f('uq_reference_roll_township_id'))
    )
    op.create_table('reference_voter',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('roll_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('id_number', sa.String(length=18), nullable=False),
    sa.Column('village', sa.String(length=60), nullable=False),
    sa.ForeignKeyConstraint(['roll_id'], ['reference_roll.id'], name=op.f('fk_reference_voter_roll_id_reference_roll'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reference_voter'))
    )
    op.create_index(op.f('ix_reference_voter_id_number'), 'reference_voter', ['id_number'], unique=False)
    op.create_index(op.f('ix_reference_voter_roll_id'), 'reference_voter', ['roll_id'], unique=False)
    bind = op.get_bind()
    known = {(e, k) for e, k in bind.execute(sa.select(fact.c.election_id, fact.c.key))}
    for row in bind.execute(sa.select(track)).mappings().all():
        for column, key in ROUND_FACTS.items():
            if row[column] is not None and (row["election_id"], key) not in known:
                bind.execute(fact.insert().values(election_id=row["election_id"], key=key,
                                                  day=row[column], note=""))


def downgrade() -> None:
    op.execute(fact.delete().where(fact.c.key.in_(list(ROUND_FACTS.values()))))
    op.drop_index(op.f('ix_reference_voter_roll_id'), table_name='reference_voter')
    op.drop_index(op.f('ix_reference_voter_id_number'), table_name='reference_voter')
    op.drop_table('reference_voter')
    op.drop_table('reference_roll')
    op.execute("ALTER TABLE party_candidate DROP COLUMN nominated_on")
