"""村民选举委员会、工作方案、专职专选岗位（村委会选举之一）

Revision ID: 0013_vc_committee
Revises: 0012_audit_digests_anchors
Create Date: 2026-11-26 05:40:00

Villager-committee track (issue 11). Any migration that writes audited rows or changes the
columns of an audited table must call ``workflows.core.audit.snapshot(...)`` (see 0012).
"""

import sqlalchemy as sa  # noqa: F401  (used as the tables are added)
from alembic import op  # noqa: F401

revision = '0013_vc_committee'
down_revision = '0012_audit_digests_anchors'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
