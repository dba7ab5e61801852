"""posting look-up indexes that keep ingest's plans bounded as the store grows

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 07:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # uq_posting_source_id leads with source and serves the same look-ups; one index fewer to update per insert.
    op.drop_index("ix_posting_source", table_name="posting")
    op.drop_index("ix_posting_content_hash", table_name="posting")
    op.create_index("ix_posting_content_hash_id", "posting", ["content_hash", "id"])


def downgrade() -> None:
    op.drop_index("ix_posting_content_hash_id", table_name="posting")
    op.create_index("ix_posting_content_hash", "posting", ["content_hash"])
    op.create_index("ix_posting_source", "posting", ["source"])
