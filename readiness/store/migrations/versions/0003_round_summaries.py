"""Round summaries: per final round the mean score per item, for the sector figures.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23

The denktank's figures used to aggregate every answer of every final round on each
request (2.88 M answers at ten times the Dutch sector). A final round's answers cannot
change, so its item means are computed once, when it is finalised; this revision
creates the table and fills it for the rounds that are final already.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    summaries = op.create_table(
        "round_summaries",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("item_ids", sa.Text(), nullable=False),
        sa.Column("item_means", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"], ["rounds.id"], name="fk_round_summaries_round_id_rounds", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("round_id", name="pk_round_summaries"),
    )
    connection = op.get_bind()
    means: dict[int, dict[str, float | None]] = {
        round_id: {}
        for (round_id,) in connection.execute(sa.text("SELECT id FROM rounds WHERE status = 'definitief'"))
    }
    rows = connection.execute(
        sa.text(
            "SELECT p.round_id, a.item_id, AVG(CASE WHEN a.kind = 'score' THEN a.score END) "
            "FROM answers a JOIN respondents p ON p.id = a.respondent_id "
            "JOIN rounds r ON r.id = p.round_id WHERE r.status = 'definitief' "
            "GROUP BY p.round_id, a.item_id"
        )
    )
    by_round: dict[int, dict[str, float | None]] = defaultdict(dict)
    for round_id, item_id, mean in rows:
        by_round[round_id][item_id] = None if mean is None else float(mean)
    means.update(by_round)
    values = [{"round_id": round_id, **_texts(item_means)} for round_id, item_means in means.items()]
    for start in range(0, len(values), 5000):
        op.bulk_insert(summaries, values[start : start + 5000])


def _texts(means: dict[str, float | None]) -> dict[str, str]:
    """The two columns as the repository writes them (its dump_means at revision 0003)."""
    ids = sorted(means)
    values = [None if means[i] is None else float(f"{means[i]:.12g}") for i in ids]
    return {"item_ids": json.dumps(ids, separators=(",", ":")), "item_means": json.dumps(values, separators=(",", ":"))}


def downgrade() -> None:
    op.drop_table("round_summaries")
