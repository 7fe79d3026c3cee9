"""The sector privacy budget as a ledger of spends, for a rolling 365-day limit.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06

``sector_budget_spends`` holds one row per spend of privacy budget (ρ) with its moment:
a stored publication, or the released number of corporations of a publication that
was refused as not useful (that number was drawn, so its ρ is spent). The limit is
checked over the spends of the last 365 days, not per calendar year. Existing real
publications are copied in as spends. ``sector_budget`` (per calendar year) is no
longer read.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sector_budget_spends",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("spent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("rho", sa.Float(), nullable=False),
        sa.Column("what", sa.String(200), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_sector_budget_spends"),
    )
    op.create_index("ix_sector_budget_spends_spent_at", "sector_budget_spends", ["spent_at"])
    op.execute(
        "INSERT INTO sector_budget_spends (spent_at, rho, what) "
        "SELECT created_at, rho, label FROM sector_publications WHERE demo = false"
    )


def downgrade() -> None:
    op.drop_index("ix_sector_budget_spends_spent_at", table_name="sector_budget_spends")
    op.drop_table("sector_budget_spends")
