"""党员大会计票单的不赞成票、弃权票存入计票单明细（不再以日期事实的附注存放）；职位标明“就票数相等者再次投票”

Revision ID: 0018_count_details
Revises: 0017_count
Create Date: 2026-11-26 09:10:00

Until now the 不赞成 and 弃权 figures of a Party tally sheet were kept as JSON in the note of a
dated fact (``party_sheet:<entry id>``) beside the entry. They become lines of the tally sheet
itself (``count_sheet_line.line`` = ``against`` / ``abstain``), so the double entry compares them
like every other figure. Each moved figure and each removed fact is its own audit event.

``count_contest.tie_revote`` marks a contest of a re-vote among candidates tied for the last
seats (PV-10: most votes wins, no threshold); existing contests are not (false), and the
audited table's rows are snapshotted after the new column (see 0012).
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0018_count_details"
down_revision = "0017_count"
branch_labels = None
depends_on = None

FACT_PREFIX = "party_sheet:"


def upgrade() -> None:
    from workflows.core import audit

    connection = op.get_bind()
    # a plain ADD COLUMN: a batch (copy-and-move) rebuild would drop the table and cascade its rows away
    op.add_column("count_contest", sa.Column("tie_revote", sa.Boolean(), nullable=False, server_default=sa.false()))
    audit.snapshot(connection, ["count_contest"], reason="计票职位增加“就票数相等者再次投票”一栏")
    _move_sheet_notes(connection)


def _move_sheet_notes(connection) -> None:
    from workflows.core import audit

    facts = connection.execute(sa.text(
        "SELECT id, election_id, key, note FROM milestone_fact WHERE key LIKE :prefix"),
        {"prefix": FACT_PREFIX + "%"}).all()
    if not facts:
        return
    readable = [(fact, _figures(fact)) for fact in facts]
    moved = [fact for fact, figures in readable if figures is not None]  # anything else is left as it is
    old = audit.stored_rows(connection, "milestone_fact", [f.id for f in moved])
    inserted = []
    for fact, figures in readable:
        if figures is None:
            continue
        entry_id = int(fact.key.removeprefix(FACT_PREFIX))
        contests = dict(connection.execute(sa.text(
            "SELECT c.id, c.contest_id FROM count_candidate c JOIN count_sheet_line l ON l.candidate_id = c.id "
            "WHERE l.entry_id = :entry"), {"entry": entry_id}).all())
        for candidate, (against, abstain) in figures.items():
            contest = contests.get(candidate)
            if contest is None:  # the entry or the candidate is gone: nothing to attach the figure to
                continue
            for line, votes in (("against", against), ("abstain", abstain)):
                inserted.append(connection.execute(sa.text(
                    "INSERT INTO count_sheet_line (election_id, entry_id, contest_id, candidate_id, line, votes) "
                    "VALUES (:election, :entry, :contest, :candidate, :line, :votes) RETURNING id"),
                    {"election": fact.election_id, "entry": entry_id, "contest": contest,
                     "candidate": candidate, "line": line, "votes": votes}).scalar_one())
    for fact in moved:
        connection.execute(sa.text("DELETE FROM milestone_fact WHERE id = :id"), {"id": fact.id})
    audit.migration_events(connection, inserted={"count_sheet_line": inserted}, deleted={"milestone_fact": old},
                           note="（程序升级：不赞成票、弃权票移入计票单明细）")


def _figures(fact) -> dict[int, tuple[int, int]] | None:
    """The note's {candidate: [against, abstain]}; None when the fact is not one this program
    wrote (a changed key or note is kept as it is, never guessed at)."""
    try:
        int(fact.key.removeprefix(FACT_PREFIX))
        figures = json.loads(fact.note or "{}")
        return {int(k): (int(v[0]), int(v[1])) for k, v in figures.items()}
    except (ValueError, TypeError, AttributeError, IndexError, KeyError):
        return None


def downgrade() -> None:
    _move_sheet_lines_back(op.get_bind())
    # No snapshot here: the models describe the newest schema, so count_contest's digests can be
    # replayed again only after the next upgrade (which snapshots the table anew).
    op.execute("ALTER TABLE count_contest DROP COLUMN tie_revote")  # SQLite 3.35+, PostgreSQL: no rebuild


def _move_sheet_lines_back(connection) -> None:
    from workflows.core import audit

    rows = connection.execute(sa.text(
        "SELECT l.id, l.election_id, l.entry_id, l.candidate_id, l.line, l.votes, r.held_on FROM count_sheet_line l "
        "JOIN count_entry e ON e.id = l.entry_id JOIN count_box b ON b.id = e.box_id "
        "JOIN count_round r ON r.id = b.round_id WHERE l.line IN ('against', 'abstain')")).all()
    if not rows:
        return
    old = audit.stored_rows(connection, "count_sheet_line", [row.id for row in rows])
    by_entry: dict[tuple, dict] = {}
    for row in rows:
        figures = by_entry.setdefault((row.election_id, row.entry_id, row.held_on), {})
        figures.setdefault(str(row.candidate_id), [0, 0])[0 if row.line == "against" else 1] = row.votes
    inserted = [connection.execute(sa.text(
        "INSERT INTO milestone_fact (election_id, key, day, note) VALUES (:election, :key, :day, :note) RETURNING id"),
        {"election": election, "key": f"{FACT_PREFIX}{entry}", "day": held_on,
         "note": json.dumps(figures)}).scalar_one() for (election, entry, held_on), figures in by_entry.items()]
    connection.execute(sa.text("DELETE FROM count_sheet_line WHERE line IN ('against', 'abstain')"))
    audit.migration_events(connection, inserted={"milestone_fact": inserted}, deleted={"count_sheet_line": old},
                           note="（程序降级：不赞成票、弃权票移回日期事实附注）")
