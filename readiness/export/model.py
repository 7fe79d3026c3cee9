"""What the writers write: report data for one round, and a corporation's full data.

- :class:`ReportData` feeds the documents for people (PDF, DOCX): one round of one
  corporation with its scores, the comparison with the round before and the plan.
- :class:`OrganisationData` feeds the data files (XLSX, CSV, JSON): every round of a
  corporation with respondents and answers, plus the improvement actions.
- :class:`ExportDocument` and friends are the JSON schema (``docs/export-schema.md``);
  the JSON writer produces it and the importer validates against it.

The services layer builds these from the repository; the writers only read them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from readiness.models import (
    MAX_SCORE,
    SUGGESTION_KEY_PATTERN,
    ActionStatus,
    Answer,
    AnswerKind,
    Checklist,
    ImprovementAction,
    Organisation,
    Priority,
    Respondent,
    Round,
    RoundStatus,
)
from readiness.consensus import MAX_RATIONALE, AgreedLevel, Meeting, MeetingStatus
from readiness.scoring import Comparison, RoundResult

# --------------------------------------------------------------------------- report data


@dataclass(frozen=True)
class ReportData:
    """One round of one corporation, with everything a report shows.

    ``respondents`` carry their role only (the services layer blanks the descriptions):
    reports for people never name or describe individual respondents.
    """

    checklist: Checklist
    organisation: Organisation
    round: Round
    respondents: list[Respondent]
    answers: list[Answer]
    result: RoundResult
    previous_round: Round | None
    previous_result: RoundResult | None
    comparison: Comparison | None
    actions: list[ImprovementAction]
    generated_on: dt.date
    #: The round's consensus meeting: agreed levels (with rationale) by item id.
    agreed: dict[str, AgreedLevel] = field(default_factory=dict)
    meeting: Meeting | None = None  # when, where and who (by role) the meeting was
    #: The corporation against the latest sector publication, for the bestuursvoorstel
    #: ("" when it does not take part or nothing is published).
    sector_line: str = ""

    @property
    def roles(self) -> list[str]:
        return [r.role for r in self.respondents]

    @property
    def chart_previous(self) -> RoundResult | None:
        """The previous round as the section chart draws it (a grey stripe): not when the
        two rounds rest on a different basis, where the stripe would show a change of
        basis as a rise or fall (the change section gives the like-for-like figures)."""
        if self.comparison is not None and self.comparison.basis_changed:
            return None
        return self.previous_result


@dataclass(frozen=True)
class RoundRecord:
    """A round with its respondents, answers and scores."""

    round: Round
    respondents: list[Respondent]
    answers: list[Answer]
    result: RoundResult
    meeting: Meeting | None = None  # the round's consensus meeting, if one was held
    agreed_levels: list[AgreedLevel] = field(default_factory=list)


@dataclass(frozen=True)
class OrganisationData:
    """A corporation's rounds (oldest first) and improvement actions."""

    checklist: Checklist
    organisation: Organisation
    rounds: list[RoundRecord]
    actions: list[ImprovementAction]
    exported_at: dt.datetime

    def round_label(self, round_id: int | None) -> str | None:
        return next((r.round.label for r in self.rounds if r.round.id == round_id), None)


# --------------------------------------------------------------------------- JSON schema

SCHEMA_NAME = "voordeurcheck-export"
SCHEMA_VERSION = 1


class _Doc(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AnswerDoc(_Doc):
    item_id: str = Field(min_length=1)
    kind: AnswerKind
    score: int | None = Field(default=None, ge=0, le=MAX_SCORE, strict=True)  # no true, "3" or 3.0
    note: str = ""

    @model_validator(mode="after")
    def _score_matches_kind(self) -> AnswerDoc:
        if self.kind == AnswerKind.SCORE and self.score is None:
            raise ValueError("bij kind 'score' hoort een score van 0 tot 4")
        if self.kind != AnswerKind.SCORE and self.score is not None:
            raise ValueError(f"bij kind '{self.kind.value}' hoort geen score (laat 'score' leeg: null)")
        return self


class RespondentDoc(_Doc):
    role: str = Field(min_length=1)
    label: str = ""
    answers: list[AnswerDoc] = Field(default_factory=list)


class AgreedLevelDoc(_Doc):
    item_id: str = Field(min_length=1)
    level: int | None = Field(ge=0, le=MAX_SCORE, strict=True)  # null: "nog niet te bepalen"; no true or "3"
    rationale: str = Field(min_length=1, max_length=MAX_RATIONALE)
    follow_up: bool = Field(default=False, strict=True)
    action: int | None = Field(default=None, ge=0, strict=True)  # index in the document's `actions`


class ConsensusDoc(_Doc):
    """A round's consensus meeting; absent in exports made before meetings existed."""

    held_on: dt.date
    status: MeetingStatus = MeetingStatus.CLOSED
    closed_at: dt.datetime | None = None
    agreed_levels: list[AgreedLevelDoc] = Field(default_factory=list, max_length=200)


class RoundDoc(_Doc):
    label: str = Field(min_length=1)
    date: dt.date
    status: RoundStatus = RoundStatus.DRAFT
    checklist_version: str = Field(min_length=1)
    finalised_at: dt.datetime | None = None
    respondents: list[RespondentDoc] = Field(default_factory=list)
    consensus: ConsensusDoc | None = None


class ActionDoc(_Doc):
    item_id: str = Field(min_length=1)
    description: str = Field(min_length=1)
    owner: str = ""
    due_date: dt.date | None = None
    status: ActionStatus = ActionStatus.PLANNED
    priority: Priority = Priority.MEDIUM
    notes: str = ""
    origin_round: str | None = None  # label of a round in this document
    closed_round: str | None = None
    # the checklist suggestion it was accepted from; absent in exports made before it existed
    suggestion_key: str | None = Field(default=None, pattern=SUGGESTION_KEY_PATTERN)
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None


class OrganisationDoc(_Doc):
    slug: str = Field(min_length=1)
    name: str = Field(min_length=1)
    size_class: str
    region: str = Field(min_length=1)
    is_demo: bool = False


class ExportDocument(_Doc):
    """The JSON export of one corporation (``docs/export-schema.md``)."""

    format: Literal["voordeurcheck-export"] = SCHEMA_NAME
    schema_version: Literal[1] = SCHEMA_VERSION
    exported_at: dt.datetime
    checklist_version: str = Field(min_length=1)
    organisation: OrganisationDoc
    rounds: list[RoundDoc] = Field(default_factory=list)
    actions: list[ActionDoc] = Field(default_factory=list)
