"""Party candidates: the township's nomination reason in its own column

Until now ``party_candidate.status_reason`` held both the township's reason for a direct
nomination (as “镇党委直接提名理由：…”, cut to its first line whenever the status was
recomputed) and, on a later line, why the candidacy was cancelled (“取消资格：…”,
“考察未通过：…”). The nomination reason moves to ``nomination_reason``; ``status_reason``
keeps only the cancellation reason.

Revision ID: 0008_party_nomination_reason
Revises: 0007_voter_list_indexes
Create Date: 2026-11-26 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0008_party_nomination_reason'
down_revision = '0007_voter_list_indexes'
branch_labels = None
depends_on = None

PREFIX = "镇党委直接提名理由："
CANCELLED = ("disqualified", "not_approved")
CANCEL_STARTS = ("取消资格：", "考察未通过：")

candidates = sa.table(
    "party_candidate",
    sa.column("id", sa.Integer), sa.column("source", sa.String), sa.column("status", sa.String),
    sa.column("nomination_reason", sa.Text), sa.column("status_reason", sa.Text),
)


def split_reason(source: str, status: str, text: str) -> tuple[str, str]:
    """(nomination reason, cancellation reason) of a stored ``status_reason``."""
    text = text or ""
    if source != "township" or not text.startswith(PREFIX):
        return "", text
    body = text[len(PREFIX):]
    if status in CANCELLED:
        cuts = [body.find("\n" + start) for start in CANCEL_STARTS]
        cuts = [cut for cut in cuts if cut >= 0]
        if cuts:
            return body[:min(cuts)], body[min(cuts) + 1:]
    return body, ""


def upgrade() -> None:
    # A plain ADD COLUMN (and DROP COLUMN below), never a table copy: with foreign keys on,
    # dropping the old party_candidate table would cascade to its reviews and inspections.
    op.add_column('party_candidate', sa.Column('nomination_reason', sa.Text(), nullable=False,
                                               server_default=''))
    bind = op.get_bind()
    rows = bind.execute(sa.select(candidates.c.id, candidates.c.source, candidates.c.status,
                                  candidates.c.status_reason)).all()
    for ident, source, status, text in rows:
        nomination, reason = split_reason(source, status, text)
        if nomination or reason != (text or ""):
            bind.execute(candidates.update().where(candidates.c.id == ident).values(
                nomination_reason=nomination, status_reason=reason))


def downgrade() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.select(candidates.c.id, candidates.c.nomination_reason,
                                  candidates.c.status_reason)).all()
    for ident, nomination, reason in rows:
        if nomination:
            joined = "\n".join(t for t in (PREFIX + nomination, reason) if t)
            bind.execute(candidates.update().where(candidates.c.id == ident).values(status_reason=joined))
    op.execute("ALTER TABLE party_candidate DROP COLUMN nomination_reason")
