"""Running a round: a closing date, invitations by e-mail and the corporation's mail texts.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06

All additive. ``rounds.closes_on``: after this date a round's invitation links accept no
answers (NULL: no closing date). On ``invitations``: ``email`` (the address, encrypted
with VOORDEURCHECK_MAIL_KEY; NULL for a link that was copied by hand, and cleared when
the invitation is revoked or its round finalised), when the invitation was mailed, and
when and how often a reminder went out. ``mail_templates``: a corporation's own subject
and text of the invitation and the reminder (none: the built-in Dutch texts).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("rounds") as batch:
        batch.add_column(sa.Column("closes_on", sa.Date(), nullable=True))
    with op.batch_alter_table("invitations") as batch:
        batch.add_column(sa.Column("email", sa.Text(), nullable=True))
        batch.add_column(sa.Column("mailed_at", TS, nullable=True))
        batch.add_column(sa.Column("reminded_at", TS, nullable=True))
        batch.add_column(sa.Column("reminders", sa.Integer(), nullable=False, server_default="0"))
    with op.batch_alter_table("consensus_meetings") as batch:
        batch.add_column(sa.Column("starts_at", sa.Time(), nullable=True))
        batch.add_column(sa.Column("place", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("attendees", sa.Text(), nullable=False, server_default=""))
    op.create_table(
        "mail_templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisations.id"], name="fk_mail_templates_org_id_organisations", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_mail_templates"),
        sa.UniqueConstraint("org_id", "kind", name="uq_mail_templates_org_id_kind"),
    )


def downgrade() -> None:
    op.drop_table("mail_templates")
    with op.batch_alter_table("consensus_meetings") as batch:
        batch.drop_column("attendees")
        batch.drop_column("place")
        batch.drop_column("starts_at")
    with op.batch_alter_table("invitations") as batch:
        batch.drop_column("reminders")
        batch.drop_column("reminded_at")
        batch.drop_column("mailed_at")
        batch.drop_column("email")
    with op.batch_alter_table("rounds") as batch:
        batch.drop_column("closes_on")
