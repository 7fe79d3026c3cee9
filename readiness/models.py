"""Domain models: the instrument (checklist) and a corporation's self-assessments.

Pure pydantic; no framework imports. Every other layer speaks in these types.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator

# --------------------------------------------------------------------------- instrument


class Strict(BaseModel):
    """Base for instrument models: unknown keys are an error, values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class ScaleLevel(Strict):
    value: int = Field(ge=0, le=4)
    label: str = Field(min_length=1)
    description: str = Field(min_length=1)


class Role(Strict):
    id: str = Field(min_length=1, pattern=r"^[a-z_]+$")
    label: str = Field(min_length=1)
    description: str = ""


#: The key of a checklist suggestion (readiness.planning.suggestion_key): item id, ':' and
#: 12 hexadecimal digits of the digest of its text, e.g. ``dra-01:3f2a9c1b0d4e``.
SUGGESTION_KEY_PATTERN = r"^[a-z]+-[0-9]{2}:[0-9a-f]{12}$"


#: How far a text of the instrument rests on the handreiking (see readiness.provenance):
#: "bron" - the handreiking says this; "uitwerking" - the concrete form is Voordeurcheck's,
#: of what the quoted passage says; "eigen suggestie" - Voordeurcheck's own, not from it.
SourceKind = Literal["bron", "uitwerking", "eigen suggestie"]

#: The longest quote: a quote shows the passage a claim rests on, it does not copy a page.
MAX_QUOTE_CHARS = 320


class Quote(Strict):
    """A short passage quoted verbatim from the handreiking, with its page. "…" marks an
    omission: each fragment occurs in the text, in this order."""

    page: int = Field(ge=1, le=99)
    text: str = Field(min_length=1, max_length=MAX_QUOTE_CHARS)


class SuggestedAction(Strict):
    """A suggested improvement action. It either cites the handreiking (``source``:
    "Handreiking, <section> p. N"; checked by the loader) with ``kind`` "bron" or
    "uitwerking" and at least one verbatim quote, or is Voordeurcheck's own suggestion
    (``kind: eigen suggestie``, no source)."""

    text: str = Field(min_length=1)
    source: str | None = Field(default=None, min_length=1, description="Section/page of the handreiking")
    kind: SourceKind | None = None
    quotes: list[Quote] = Field(default_factory=list)
    # Keys of earlier wordings of this suggestion with the same meaning (an earlier checklist
    # version): an action accepted from one of them takes this suggestion too.
    replaces: list[Annotated[str, Field(pattern=SUGGESTION_KEY_PATTERN)]] = Field(default_factory=list)

    @property
    def own_suggestion(self) -> bool:
        """True for Voordeurcheck's own suggestion (not from the handreiking)."""
        return self.kind == "eigen suggestie"


class Item(Strict):
    id: str = Field(min_length=1, pattern=r"^[a-z]+-[0-9]{2}$")
    number: int = Field(ge=1, description="Position in the handreiking's checklist, 1-based")
    question: str = Field(min_length=1)
    explanation: str = Field(min_length=1, description="What 'done' looks like")
    source: str = Field(min_length=1)
    # The checklist point the question restates (kind and quotes of ``source``), and what
    # the explanation rests on; both quote pages of the parts ``source`` cites.
    kind: SourceKind | None = None
    quotes: list[Quote] = Field(default_factory=list)
    explanation_kind: SourceKind | None = None
    explanation_quotes: list[Quote] = Field(default_factory=list)
    allows_na: bool = False
    roles: list[str] = Field(min_length=1, description="Role ids that can judge this item")
    actions: list[SuggestedAction] = Field(min_length=2)


class Section(Strict):
    id: str = Field(min_length=1, pattern=r"^[a-z_]+$")
    title: str = Field(min_length=1)
    description: str = ""
    items: list[Item] = Field(min_length=1)


class Phase(Strict):
    """A readiness phase: reached when every section in `requires` is at target."""

    level: int = Field(ge=0)
    name: str = Field(min_length=1)
    description: str = Field(min_length=1)
    requires: list[str] = Field(default_factory=list)


class Checklist(Strict):
    version: str = Field(min_length=1)
    # Earlier versions with the same item ids and the same meaning of every question: rounds
    # answered against them keep their version and compare directly with new rounds.
    earlier_versions: list[str] = Field(default_factory=list)
    title: str = Field(min_length=1)
    source: str = Field(min_length=1)
    scale: list[ScaleLevel] = Field(min_length=5, max_length=5)
    dont_know_label: str = Field(min_length=1)
    na_label: str = Field(min_length=1)
    roles: list[Role] = Field(min_length=1)
    phases: list[Phase] = Field(min_length=2)
    sections: list[Section] = Field(min_length=1)

    @property
    def items(self) -> list[Item]:
        return [item for section in self.sections for item in section.items]

    def item(self, item_id: str) -> Item:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    def section(self, section_id: str) -> Section:
        for section in self.sections:
            if section.id == section_id:
                return section
        raise KeyError(section_id)

    def section_of(self, item_id: str) -> Section:
        for section in self.sections:
            if any(item.id == item_id for item in section.items):
                return section
        raise KeyError(item_id)

    @property
    def comparable_versions(self) -> list[str]:
        """This version and the earlier ones with the same questions, newest first."""
        return [self.version, *self.earlier_versions]

    def is_comparable_version(self, version: str) -> bool:
        """True when a round answered against ``version`` can be scored with this checklist
        and compared with its rounds: this version or one of its ``earlier_versions``."""
        return version in self.comparable_versions

    def unknown_version_message(self, version: str) -> str:
        """Dutch: why a round of ``version`` cannot be scored or compared here."""
        known = " of ".join(f"'{v}'" for v in self.comparable_versions)
        return (
            f"checklistversie '{version}' is onbekend: deze installatie kent {known}, met "
            "dezelfde twintig vragen. Een meting van een andere versie kan niet worden "
            "ingelezen of vergeleken."
        )

    def role_label(self, role_id: str) -> str:
        return next((r.label for r in self.roles if r.id == role_id), role_id)

    def scale_label(self, value: int) -> str:
        return next(level.label for level in self.scale if level.value == value)


# --------------------------------------------------------------------------- assessments

MAX_SCORE = 4


class AnswerKind(StrEnum):
    SCORE = "score"
    DONT_KNOW = "weet_ik_niet"
    NOT_APPLICABLE = "nvt"


class RoundStatus(StrEnum):
    DRAFT = "concept"
    FINAL = "definitief"


class ActionStatus(StrEnum):
    PLANNED = "gepland"
    IN_PROGRESS = "bezig"
    DONE = "gereed"
    DROPPED = "vervallen"


class Priority(StrEnum):
    HIGH = "hoog"
    MEDIUM = "middel"
    LOW = "laag"


SIZE_CLASSES: dict[str, str] = {
    "XS": "tot 1.000 woningen",
    "S": "1.000 tot 5.000 woningen",
    "M": "5.000 tot 10.000 woningen",
    "L": "10.000 tot 25.000 woningen",
    "XL": "25.000 woningen of meer",
}


def size_class_for(homes: int) -> str:
    """Size class code for a number of homes (woningen)."""
    if homes < 1_000:
        return "XS"
    if homes < 5_000:
        return "S"
    if homes < 10_000:
        return "M"
    if homes < 25_000:
        return "L"
    return "XL"


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Organisation(Model):
    id: int | None = None
    slug: str = Field(min_length=1, pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
    name: str = Field(min_length=1)
    size_class: str
    region: str = Field(min_length=1)
    is_demo: bool = False

    @model_validator(mode="after")
    def _known_size(self) -> "Organisation":
        if self.size_class not in SIZE_CLASSES:
            raise ValueError(f"onbekende grootteklasse {self.size_class!r}")
        return self


class Round(Model):
    id: int | None = None
    org_id: int
    label: str = Field(min_length=1)
    date: dt.date
    status: RoundStatus = RoundStatus.DRAFT
    checklist_version: str
    finalised_at: dt.datetime | None = None
    closes_on: dt.date | None = None  # after this date invitation links accept no answers

    @property
    def is_final(self) -> bool:
        return self.status == RoundStatus.FINAL

    def is_closed(self, today: dt.date) -> bool:
        """Whether the closing date has passed (answers are accepted through that date)."""
        return self.closes_on is not None and today > self.closes_on


class Respondent(Model):
    id: int | None = None
    round_id: int
    role: str
    label: str = ""  # e.g. "Uitvoering 2": never a person's name


class Answer(Model):
    respondent_id: int
    item_id: str
    kind: AnswerKind
    score: int | None = Field(default=None, ge=0, le=MAX_SCORE)
    note: str = ""
    version: int = 1  # optimistic-lock counter, bumped on every save

    @model_validator(mode="after")
    def _score_matches_kind(self) -> "Answer":
        if self.kind == AnswerKind.SCORE and self.score is None:
            raise ValueError("een score-antwoord heeft een score van 0 tot 4 nodig")
        if self.kind != AnswerKind.SCORE and self.score is not None:
            raise ValueError("'weet ik niet' en 'n.v.t.' hebben geen score")
        return self




class ImprovementAction(Model):
    id: int | None = None
    org_id: int
    item_id: str
    description: str = Field(min_length=1)
    owner: str = ""  # a function ("sociaal consulent"), never a person's name
    due_date: dt.date | None = None
    status: ActionStatus = ActionStatus.PLANNED
    priority: Priority = Priority.MEDIUM
    notes: str = ""
    origin_round_id: int | None = None
    closed_round_id: int | None = None
    # The checklist suggestion the action was accepted from (None: the user's own action).
    # Kept when the text is rewritten, so that suggestion is not proposed again.
    suggestion_key: str | None = Field(default=None, pattern=SUGGESTION_KEY_PATTERN)
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    version: int = 1

    def is_overdue(self, today: dt.date) -> bool:
        return (
            self.due_date is not None
            and self.due_date < today
            and self.status in (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)
        )


class RoundData(Model):
    """A round with everything needed to score it."""

    round: Round
    respondents: list[Respondent]
    answers: list[Answer]


class ConflictError(Exception):
    """Someone else saved the same record since it was read."""


class NotFoundError(LookupError):
    """A requested record does not exist."""


# The 28 regions of the national programme "Geweld hoort nergens thuis"
# (sixth progress report, 2021, Bijlage 1): a natural region list for corporations.
REGIONS: tuple[str, ...] = (
    "Alkmaar – West-Friesland", "Amsterdam-Amstelland", "Arnhem-Achterhoek", "Drenthe",
    "Flevoland", "Friesland", "Gelderland-Zuid", "Gooi en Vechtstreek", "Groningen",
    "Haaglanden", "Hart van Brabant", "Hollands-Midden", "IJsselland", "Kennemerland",
    "Kop van Noord-Holland", "Noord- en Midden-Limburg", "Noordoost-Brabant",
    "Noord- en Oost-Gelderland", "Rotterdam-Rijnmond", "Twente", "Utrecht", "West-Brabant",
    "West-Veluwe Vallei", "Zaanstreek-Waterland", "Zeeland", "Zuid-Holland Zuid",
    "Zuid-Limburg Westelijke Mijnstreek en Maastricht Heuvelland", "Zuid-Limburg Parkstad",
    "Zuidoost-Brabant",
)
