"""投票公告、投票站、流动票箱、工作人员、委托投票（村委会选举之四）

Revision ID: 0016_vc_polling
Revises: 0015_vc_review
Create Date: 2026-11-26 05:40:00

Villager-committee track (issue 11). Any migration that writes audited rows or changes the
columns of an audited table must call ``workflows.core.audit.snapshot(...)`` (see 0012).
"""

import sqlalchemy as sa  # noqa: F401  (used as the tables are added)
from alembic import op  # noqa: F401

revision = '0016_vc_polling'
down_revision = '0015_vc_review'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
