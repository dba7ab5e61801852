"""narrow table of cluster heads' MinHash signatures

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26 11:35:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "posting_signature",
        sa.Column("posting_id", sa.Integer(), nullable=False),
        sa.Column("signature", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["posting_id"], ["posting.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("posting_id"),
    )
    # Stores made before this revision: the band index already names each cluster's first posting.
    op.execute(
        """
        INSERT INTO posting_signature (posting_id, signature)
        SELECT p.id, p.signature FROM posting p
        WHERE p.signature IS NOT NULL AND p.id IN (SELECT DISTINCT posting_id FROM posting_band)
        """
    )


def downgrade() -> None:
    op.drop_table("posting_signature")
