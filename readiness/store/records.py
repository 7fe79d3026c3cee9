"""The plain frozen rows the store returns besides the domain models of
:mod:`readiness.models` and :mod:`readiness.consensus`.

Records read from one table are pydantic models, so the store maps them from ORM rows
as it maps domain models. The sector aggregates (:class:`ItemMeans`, :class:`RoundMeans`)
stay slotted dataclasses: they are built from SQL aggregates, positionally, tens of
thousands at a time on the sector read path.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict, field_validator

from readiness.models import Respondent


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


@dataclass(frozen=True, slots=True)
class ItemMeans:
    """Aggregate of one item in one round (computed in SQL; feeds sector comparisons).

    ``mean_score`` averages the 0-4 scores only; "weet ik niet" and "n.v.t." answers are
    counted in ``n_dont_know`` / ``n_na`` and never averaged. None when nobody scored.
    """

    org_id: int
    size_class: str
    region: str
    round_id: int
    round_date: dt.date
    item_id: str
    mean_score: float | None
    n_scored: int
    n_dont_know: int
    n_na: int


class AnswerLine(NamedTuple):
    """One imported answer for :meth:`Repository.save_imported_answers`: its respondent
    (a position in the call's list of respondents), item, kind, score and note."""

    respondent: int
    item_id: str
    kind: str
    score: int | None
    note: str


@dataclass(frozen=True, slots=True)
class ImportedAnswers:
    """What :meth:`Repository.save_imported_answers` did with one round's answers."""

    respondents_added: int
    inserted: int  # answers a respondent had not given yet
    updated: int  # stored answers that the file changed (version + 1)


@dataclass(frozen=True, slots=True)
class RoundMeans:
    """One final round with the mean score (0-4) per item: what the sector figures need.

    ``item_ids`` are the items answered in the round (sorted; rounds with the same items
    share one tuple object) and ``means`` the mean score of each, None when nobody gave
    a score ("weet ik niet" / "n.v.t." only). Means carry 12 significant digits.
    """

    org_id: int
    size_class: str
    region: str
    round_id: int
    round_date: dt.date
    item_ids: tuple[str, ...]
    means: list[float | None]

    @property
    def item_means(self) -> dict[str, float | None]:
        return dict(zip(self.item_ids, self.means, strict=True))


class PublicationRecord(_Record):
    """A stored sector publication. `figures` is the published JSON text, as stored;
    `covered` (corporation id -> content fingerprint; a round id in publications made
    before fingerprints) is internal and never exported."""

    id: int
    label: str
    created_at: dt.datetime
    created_by: str
    reference_date: dt.date
    year: int | None
    checklist_version: str
    k: int
    rho: float
    epsilon: float
    budget_year: int
    demo: bool
    figures: str
    covered: dict[int, str | int]

    @field_validator("covered", mode="before")
    @classmethod
    def _stored_text(cls, value):
        """The column holds JSON text (``{"12": "ab12..."}``); keys become ints."""
        return json.loads(value) if isinstance(value, str) else value


class BudgetExceeded(ValueError):
    """The privacy budget of the last 365 days would be exceeded (the message is Dutch)."""


class AuditEntry(_Record):
    id: int
    at: dt.datetime
    actor: str
    org_id: int | None
    entity: str
    entity_id: str
    change: str


class AccountRecord(_Record):
    """A stored account. ``password_hash`` is an argon2 hash, never a password."""

    id: int
    username: str
    password_hash: str
    role: str
    org_id: int | None
    active: bool
    created_at: dt.datetime
    failed_attempts: int
    locked_until: dt.datetime | None
    last_login_at: dt.datetime | None


class InvitationRecord(_Record):
    """A respondent's invitation. ``token_hash`` is the SHA-256 of the token."""

    id: int
    token_hash: str
    round_id: int
    respondent_id: int
    created_at: dt.datetime
    revoked: bool
    email: str | None = None  # encrypted (readiness.mail.AddressBox), never the address itself
    mailed_at: dt.datetime | None = None
    reminded_at: dt.datetime | None = None
    reminders: int = 0


class MailTemplateRecord(_Record):
    """A corporation's own text of one kind of message ("uitnodiging", "herinnering")."""

    org_id: int
    kind: str
    subject: str
    body: str
    updated_at: dt.datetime


@dataclass(frozen=True, slots=True)
class RespondentPlace:
    """Where a respondent belongs: corporation, round, whether that round is final and
    the date after which it accepts no answers."""

    respondent: Respondent
    org_id: int
    round_final: bool
    closes_on: dt.date | None = None
