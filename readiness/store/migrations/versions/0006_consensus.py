"""Consensus meetings: per round one meeting, per item the level it agreed on.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29

``consensus_meetings`` holds a round's meeting (its date and whether it is open);
``agreed_levels`` the level (0-4, NULL for "nog niet te bepalen"), rationale and
follow-up flag per item, with the improvement action a follow-up put in the plan.
Existing rounds have no meeting, so their results are unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "consensus_meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("closed_at", TS, nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"], ["rounds.id"], name="fk_consensus_meetings_round_id_rounds", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_consensus_meetings"),
        sa.UniqueConstraint("round_id", name="uq_consensus_meetings_round_id"),
    )
    op.create_table(
        "agreed_levels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.String(40), nullable=False),
        sa.Column("level", sa.Integer(), nullable=True),
        sa.Column("rationale", sa.Text(), nullable=False),
        sa.Column("follow_up", sa.Boolean(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", TS, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("level IS NULL OR level BETWEEN 0 AND 4", name="ck_agreed_levels_level_on_scale"),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["consensus_meetings.id"], name="fk_agreed_levels_meeting_id_consensus_meetings",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["action_id"], ["actions.id"], name="fk_agreed_levels_action_id_actions", ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_agreed_levels"),
        sa.UniqueConstraint("meeting_id", "item_id", name="uq_agreed_levels_meeting_id_item_id"),
    )


def downgrade() -> None:
    op.drop_table("agreed_levels")
    op.drop_table("consensus_meetings")
