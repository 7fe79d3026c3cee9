"""Frozen sector publications and the yearly privacy budget.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29

The denktank's sector view is no longer computed live: a publication is computed once
and stored with its figures (``sector_publications.figures``, the JSON text as
published) and the rounds it covered (``covered``, internal). ``sector_budget`` holds
the privacy budget ρ spent per calendar year, so the yearly limit holds across
restarts. Publications are never updated (there is no update path in the repository).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sector_publications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(120), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Text(), nullable=False),
        sa.Column("reference_date", sa.Date(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("checklist_version", sa.String(40), nullable=False),
        sa.Column("k", sa.Integer(), nullable=False),
        sa.Column("rho", sa.Float(), nullable=False),
        sa.Column("epsilon", sa.Float(), nullable=False),
        sa.Column("budget_year", sa.Integer(), nullable=False),
        sa.Column("demo", sa.Boolean(), nullable=False),
        sa.Column("figures", sa.Text(), nullable=False),
        sa.Column("covered", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_sector_publications"),
        sa.UniqueConstraint("label", name="uq_sector_publications_label"),
    )
    op.create_index("ix_sector_publications_budget_year", "sector_publications", ["budget_year"])
    op.create_table(
        "sector_budget",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("spent", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("year", name="pk_sector_budget"),
    )


def downgrade() -> None:
    op.drop_table("sector_budget")
    op.drop_index("ix_sector_publications_budget_year", table_name="sector_publications")
    op.drop_table("sector_publications")
