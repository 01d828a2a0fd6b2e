"""海选提名、候选人、正式候选人名单、见面会（村委会选举之二）

Revision ID: 0014_vc_candidates
Revises: 0013_vc_committee
Create Date: 2026-11-26 05:40:00

Villager-committee track (issue 11). Any migration that writes audited rows or changes the
columns of an audited table must call ``workflows.core.audit.snapshot(...)`` (see 0012).
"""

import sqlalchemy as sa  # noqa: F401  (used as the tables are added)
from alembic import op  # noqa: F401

revision = '0014_vc_candidates'
down_revision = '0013_vc_committee'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
