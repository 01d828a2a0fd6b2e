"""党员大会对空缺委员名额的决定（PT-15）存入党组织换届记录（不再以日期事实的 JSON 附注存放）

Revision ID: 0019_party_vacancy_decision
Revises: 0018_count_details
Create Date: 2026-11-26 10:00:00

Until now the members' meeting's PT-15 decision (re-elect the empty seats, or reduce the seats
with a majority's consent) was a dated fact ``party_unfilled_choice`` whose note held JSON. It
becomes four columns of ``party_track``: the choice, the day, the seats left empty and the
number who consented. The facts are removed (each an audit event); ``party_track``'s rows are
snapshotted after the change of its columns and content (see 0012).
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0019_party_vacancy_decision"
down_revision = "0018_count_details"
branch_labels = None
depends_on = None

FACT = "party_unfilled_choice"
COLUMNS = ("vacancy_choice", "vacancy_decided_on", "vacancy_unfilled", "vacancy_consent")


def upgrade() -> None:
    from workflows.core import audit

    # plain ADD COLUMN: a table copy would cascade away the rows that point at party_track
    op.add_column("party_track", sa.Column("vacancy_choice", sa.String(8), nullable=False, server_default=""))
    op.add_column("party_track", sa.Column("vacancy_decided_on", sa.Date(), nullable=True))
    op.add_column("party_track", sa.Column("vacancy_unfilled", sa.Integer(), nullable=False, server_default="0"))
    op.add_column("party_track", sa.Column("vacancy_consent", sa.Integer(), nullable=True))
    connection = op.get_bind()
    facts = connection.execute(sa.text("SELECT id, election_id, day, note FROM milestone_fact WHERE key = :key"),
                               {"key": FACT}).all()
    readable = [(fact, _decision(fact)) for fact in facts]
    moved = [fact for fact, values in readable if values is not None]  # anything else is left as it is
    old = audit.stored_rows(connection, "milestone_fact", [f.id for f in moved]) if moved else {}
    for fact, values in readable:
        if values is None:
            continue
        updated = connection.execute(sa.text(
            "UPDATE party_track SET vacancy_choice = :choice, vacancy_decided_on = :day, "
            "vacancy_unfilled = :unfilled, vacancy_consent = :consent WHERE election_id = :election"), values)
        if updated.rowcount == 0:
            connection.execute(sa.text(
                "INSERT INTO party_track (election_id, member_round_participants, mass_round_participants, "
                "publicity_outcome, reply_number, reply_text, vacancy_choice, vacancy_decided_on, vacancy_unfilled, "
                "vacancy_consent) VALUES (:election, 0, 0, '', '', '', :choice, :day, :unfilled, :consent)"), values)
    for fact in moved:
        connection.execute(sa.text("DELETE FROM milestone_fact WHERE id = :id"), {"id": fact.id})
    audit.snapshot(connection, ["party_track"], reason="党组织换届记录增加“空缺名额的决定”各栏")
    audit.migration_events(connection, deleted={"milestone_fact": old},
                           note="（程序升级：空缺名额的决定移入党组织换届记录）")


def _decision(fact) -> dict | None:
    """The note's decision as column values; None when it is not one this program wrote."""
    try:
        decided = json.loads(fact.note or "{}")
        choice, consent = decided["choice"], decided.get("consent")
        if choice not in ("reelect", "reduce") or not (consent is None or isinstance(consent, int)):
            return None
        return {"election": fact.election_id, "choice": choice, "day": fact.day,
                "unfilled": int(decided.get("unfilled") or 0), "consent": consent}
    except (ValueError, TypeError, AttributeError, KeyError):
        return None


def downgrade() -> None:
    from workflows.core import audit

    connection = op.get_bind()
    rows = connection.execute(sa.text(
        "SELECT election_id, vacancy_choice, vacancy_decided_on, vacancy_unfilled, vacancy_consent FROM party_track "
        "WHERE vacancy_choice <> ''")).all()
    inserted = [connection.execute(sa.text(
        "INSERT INTO milestone_fact (election_id, key, day, note) VALUES (:election, :key, :day, :note) RETURNING id"),
        {"election": row.election_id, "key": FACT, "day": row.vacancy_decided_on,
         "note": json.dumps({"choice": row.vacancy_choice, "consent": row.vacancy_consent,
                             "unfilled": row.vacancy_unfilled})}).scalar_one() for row in rows]
    audit.migration_events(connection, inserted={"milestone_fact": inserted},
                           note="（程序降级：空缺名额的决定移回日期事实附注）")
    # no snapshot: the models describe the newest schema (see 0018)
    for column in reversed(COLUMNS):
        op.execute(f"ALTER TABLE party_track DROP COLUMN {column}")
