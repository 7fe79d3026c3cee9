"""Improvement actions remember the checklist suggestion they were accepted from.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23

Proposals used to be compared with the plan by text only, so a suggestion came back as
a proposal once the user had rewritten the accepted action. ``actions.suggestion_key``
(``dra-01:`` and 12 hex digits of the suggestion text's digest, see
``readiness.planning.suggestion_key``) links an action to its suggestion whatever its
current text. Existing actions get NULL: they are still matched by text, and
``readiness.services.plans.update_action`` links one whose text is still a suggestion's
before its text is changed.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # batch mode: SQLite rebuilds the table where it must, PostgreSQL runs ALTER TABLE
    with op.batch_alter_table("actions") as batch:
        batch.add_column(sa.Column("suggestion_key", sa.String(60), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("actions") as batch:
        batch.drop_column("suggestion_key")
