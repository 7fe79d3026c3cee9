"""Accounts (shared mode logins) and respondent invitations.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23

Only a password hash (argon2) and the SHA-256 of an invitation token are stored; the
password and the token themselves never reach the database.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(254), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("failed_attempts", sa.Integer(), nullable=False),
        sa.Column("locked_until", TS, nullable=True),
        sa.Column("last_login_at", TS, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_accounts"),
        sa.UniqueConstraint("username", name="uq_accounts_username"),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisations.id"], name="fk_accounts_org_id_organisations"
        ),
        sa.CheckConstraint(
            "role IN ('beheerder', 'denktank', 'coordinator')",
            name=op.f("ck_accounts_known_role"),
        ),
        sa.CheckConstraint(
            "(role = 'coordinator') = (org_id IS NOT NULL)",
            name=op.f("ck_accounts_org_for_coordinator"),
        ),
    )
    op.create_index("ix_accounts_org_id", "accounts", ["org_id"])

    op.create_table(
        "invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("respondent_id", sa.Integer(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("revoked", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_invitations"),
        sa.UniqueConstraint("token_hash", name="uq_invitations_token_hash"),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["rounds.id"],
            name="fk_invitations_round_id_rounds",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["respondent_id"],
            ["respondents.id"],
            name="fk_invitations_respondent_id_respondents",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_invitations_round_id", "invitations", ["round_id"])
    op.create_index("ix_invitations_respondent_id", "invitations", ["respondent_id"])


def downgrade() -> None:
    op.drop_table("invitations")
    op.drop_table("accounts")
