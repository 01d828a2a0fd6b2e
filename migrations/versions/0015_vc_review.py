"""村委会候选人资格联审与考察（村委会选举之三）

Revision ID: 0015_vc_review
Revises: 0014_vc_candidates
Create Date: 2026-11-26 05:40:00

Villager-committee track (issue 11). Any migration that writes audited rows or changes the
columns of an audited table must call ``workflows.core.audit.snapshot(...)`` (see 0012).
"""

import sqlalchemy as sa  # noqa: F401  (used as the tables are added)
from alembic import op  # noqa: F401

revision = '0015_vc_review'
down_revision = '0014_vc_candidates'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
