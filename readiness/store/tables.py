"""SQLAlchemy table definitions (the storage schema).

Only the store package imports this module; everything outside it speaks in the domain
models of :mod:`readiness.models`. Enumerations are stored as plain strings (their
``StrEnum`` values), so the schema does not change when a label changes.

Identifiers and codes have a length limit; text that people type (names, labels,
owners) is unbounded ``Text``, so PostgreSQL never refuses what SQLite would accept.

Every change to these tables needs a new Alembic revision in ``migrations/versions``;
``tests/integration/test_store.py`` fails when the migrations and this module disagree.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    Time,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Stable constraint names, so later migrations (and SQLite batch mode) can refer to them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timestamp that is always timezone-aware UTC in Python, on every backend.

    PostgreSQL keeps the zone (``timestamptz``); SQLite does not, so values are stored
    as naive UTC there. Naive input is taken to be UTC already.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None, dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class OrganisationRow(Base):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(Text)
    size_class: Mapped[str] = mapped_column(String(4))
    region: Mapped[str] = mapped_column(Text)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)


class RoundRow(Base):
    __tablename__ = "rounds"
    # The unique (org_id, label) index also serves "rounds of one corporation".
    __table_args__ = (UniqueConstraint("org_id", "label"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    label: Mapped[str] = mapped_column(Text)
    date: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), index=True)
    checklist_version: Mapped[str] = mapped_column(String(40))
    finalised_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # After this date the invitation links accept no answers (revision 0008); NULL: none.
    closes_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)


class RespondentRow(Base):
    __tablename__ = "respondents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("rounds.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(60))
    label: Mapped[str] = mapped_column(Text, default="")


class RoundSummaryRow(Base):
    """Per final round: the mean score of every answered item, computed once when the
    round is finalised (a final round's answers cannot change) and removed when it is
    reopened. The sector figures read these instead of aggregating every answer again.
    """

    __tablename__ = "round_summaries"

    round_id: Mapped[int] = mapped_column(
        ForeignKey("rounds.id", ondelete="CASCADE"), primary_key=True
    )
    # Two aligned JSON arrays (arrays, not an object: they decode twice as fast, and the
    # id list is the same text for almost every round): the answered item ids, sorted,
    # and per item the mean of the 0-4 scores (12 significant digits), or null when
    # nobody gave a score.
    item_ids: Mapped[str] = mapped_column(Text)
    item_means: Mapped[str] = mapped_column(Text)


class AnswerRow(Base):
    __tablename__ = "answers"
    # The unique (respondent_id, item_id) index also serves "answers of one respondent".
    __table_args__ = (
        UniqueConstraint("respondent_id", "item_id"),
        CheckConstraint(
            "(kind = 'score' AND score BETWEEN 0 AND 4) OR (kind <> 'score' AND score IS NULL)",
            name="score_matches_kind",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    respondent_id: Mapped[int] = mapped_column(
        ForeignKey("respondents.id", ondelete="CASCADE")
    )
    item_id: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(20))
    score: Mapped[int | None] = mapped_column(Integer, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class ActionRow(Base):
    __tablename__ = "actions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    item_id: Mapped[str] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(Text, default="")
    due_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    status: Mapped[str] = mapped_column(String(20))
    priority: Mapped[str] = mapped_column(String(20))
    notes: Mapped[str] = mapped_column(Text, default="")
    origin_round_id: Mapped[int | None] = mapped_column(
        ForeignKey("rounds.id", ondelete="SET NULL"), nullable=True
    )
    closed_round_id: Mapped[int | None] = mapped_column(
        ForeignKey("rounds.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # The checklist suggestion it was accepted from (revision 0004); NULL for own actions.
    suggestion_key: Mapped[str | None] = mapped_column(String(60), nullable=True)


class AccountRow(Base):
    """A login of the shared deployment. Only a password *hash* is stored (argon2)."""

    __tablename__ = "accounts"
    __table_args__ = (
        CheckConstraint("role IN ('beheerder', 'denktank', 'coordinator')", name="known_role"),
        CheckConstraint("(role = 'coordinator') = (org_id IS NOT NULL)", name="org_for_coordinator"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(254), unique=True)  # lower case
    password_hash: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(20))
    org_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id"), nullable=True, index=True
    )
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)


class InvitationRow(Base):
    """A respondent's personal link. Only the SHA-256 of the token is stored."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("rounds.id", ondelete="CASCADE"), index=True
    )
    respondent_id: Mapped[int] = mapped_column(
        ForeignKey("respondents.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    # Revision 0008: the address it was mailed to, encrypted (readiness.mail.AddressBox);
    # cleared when the invitation is revoked or its round finalised.
    email: Mapped[str | None] = mapped_column(Text, nullable=True)
    mailed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    reminded_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    reminders: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class MailTemplateRow(Base):
    """A corporation's own subject and text of one kind of message (revision 0008)."""

    __tablename__ = "mail_templates"
    __table_args__ = (UniqueConstraint("org_id", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))  # "uitnodiging" or "herinnering"
    subject: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class AuditRow(Base):
    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_org_id_at", "org_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(Text)
    # No foreign key: the log outlives what it describes.
    org_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    entity: Mapped[str] = mapped_column(String(60))
    entity_id: Mapped[str] = mapped_column(Text)
    change: Mapped[str] = mapped_column(Text)


class MeetingRow(Base):
    """A round's consensus meeting (revision 0006): one per round."""

    __tablename__ = "consensus_meetings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), unique=True)
    held_on: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Revision 0008: when and where, and which roles were present (role ids, comma-separated).
    starts_at: Mapped[dt.time | None] = mapped_column(Time, nullable=True)
    place: Mapped[str] = mapped_column(Text, default="", server_default="")
    attendees: Mapped[str] = mapped_column(Text, default="", server_default="")


class AgreedLevelRow(Base):
    """The level a consensus meeting agreed on for one item; level NULL: "nog niet te bepalen"."""

    __tablename__ = "agreed_levels"
    # The unique (meeting_id, item_id) index also serves "agreed levels of one meeting".
    __table_args__ = (
        UniqueConstraint("meeting_id", "item_id"),
        CheckConstraint("level IS NULL OR level BETWEEN 0 AND 4", name="level_on_scale"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("consensus_meetings.id", ondelete="CASCADE"))
    item_id: Mapped[str] = mapped_column(String(40))
    level: Mapped[int | None] = mapped_column(Integer, nullable=True)
    rationale: Mapped[str] = mapped_column(Text, default="")
    follow_up: Mapped[bool] = mapped_column(Boolean, default=False)
    action_id: Mapped[int | None] = mapped_column(
        ForeignKey("actions.id", ondelete="SET NULL"), nullable=True
    )
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)


class SectorPublicationRow(Base):
    """A frozen sector publication (revision 0005): written once, never updated.

    ``figures`` is the published JSON text exactly as it was released; ``covered`` (the
    corporation -> round map it was computed from) is internal, for the differencing
    rule, and never exported.
    """

    __tablename__ = "sector_publications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    label: Mapped[str] = mapped_column(String(120), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    created_by: Mapped[str] = mapped_column(Text)
    reference_date: Mapped[dt.date] = mapped_column(Date)
    year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    checklist_version: Mapped[str] = mapped_column(String(40))
    k: Mapped[int] = mapped_column(Integer)
    rho: Mapped[float] = mapped_column(Float)
    epsilon: Mapped[float] = mapped_column(Float)
    budget_year: Mapped[int] = mapped_column(Integer, index=True)
    demo: Mapped[bool] = mapped_column(Boolean, default=False)
    figures: Mapped[str] = mapped_column(Text)
    covered: Mapped[str] = mapped_column(Text)


class SectorBudgetRow(Base):
    """The privacy budget (ρ) spent per calendar year (revision 0005); no longer read since
    revision 0007 (the limit is over a rolling 365 days: :class:`SectorSpendRow`)."""

    __tablename__ = "sector_budget"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    spent: Mapped[float] = mapped_column(Float, default=0.0)


class SectorSpendRow(Base):
    """One spend of sector privacy budget (revision 0007): a stored publication, or the
    released count of a publication refused as not useful."""

    __tablename__ = "sector_budget_spends"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    spent_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    rho: Mapped[float] = mapped_column(Float)
    what: Mapped[str] = mapped_column(String(200))
