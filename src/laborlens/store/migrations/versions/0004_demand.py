"""demand aggregates and posting closing dates

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 07:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("posting") as batch:
        batch.add_column(sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "demand_cluster",
        sa.Column("cluster_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("code", sa.String(length=10), nullable=True),
        sa.Column("soc_code", sa.String(length=7), nullable=True),
        sa.Column("major_code", sa.String(length=7), nullable=True),
        sa.Column("state_fips", sa.String(length=2), nullable=True),
        sa.Column("cbsa_code", sa.String(length=5), nullable=True),
        sa.Column("start_month", sa.Integer(), nullable=False),
        sa.Column("end_month", sa.Integer(), nullable=False),
        sa.Column("start_week", sa.Integer(), nullable=False),
        sa.Column("end_week", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("cluster_id"),
    )
    op.create_table(
        "demand_cluster_skill",
        sa.Column("cluster_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("skill", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("cluster_id", "skill"),
    )
    periods = ["start_month", "end_month", "start_week", "end_week"]
    op.create_index("ix_demand_cluster_code", "demand_cluster", ["code", *periods])
    op.create_index("ix_demand_cluster_state", "demand_cluster", ["state_fips", "code", *periods])
    op.create_index("ix_demand_cluster_cbsa", "demand_cluster", ["cbsa_code", "code", *periods])
    op.create_index("ix_demand_cluster_skill_skill", "demand_cluster_skill", ["skill", "cluster_id"])
    op.create_table(
        "demand_build",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("built_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("watermark", sa.JSON(), nullable=False),
        sa.Column("clusters", sa.Integer(), nullable=False),
        sa.Column("seconds", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("demand_build")
    op.drop_table("demand_cluster_skill")
    op.drop_table("demand_cluster")
    with op.batch_alter_table("posting") as batch:
        batch.drop_column("expires_at")
