"""The consensus meeting (consensusgesprek): from many answers to one agreed judgement.

Pure domain: standard library, pydantic and :mod:`readiness.scoring` only.

When bestuur, management and uitvoering answer an item differently, or many do not know,
the corporation can hold a consensus meeting for the round: the team discusses the items
on the agenda and records, per item, the level it agrees on (0-4, or "nog niet te
bepalen") with a short rationale, and may mark the item for follow-up.

Rules
-----
* **Result.** The round's result uses the agreed level where one was recorded and the
  respondents' mean elsewhere (:func:`apply_consensus`). Sections, total, phase and next
  steps follow from those item results by the ordinary scoring rules. An item agreed as
  "nog niet te bepalen" has no score and is a next step of the kind "onbekend": the team
  itself says it cannot judge it yet. Every item says its basis (:func:`basis_text`), and
  so does every section and total score (:func:`section_basis_text`, :func:`total_basis_text`).
  What the respondents answered (their mean, the spread by role, the "weet ik niet"s)
  stays in the item result beside the agreed level.
* **Agenda.** Items where roles differ two points or more, or where at least 30 % of the
  answers is "weet ik niet" (the rules of :mod:`readiness.scoring`), come first, in the
  checklist's build-up order; the other answered items follow (:func:`agenda`).
* **Life cycle.** One meeting per round. It can be opened before or after the round is
  final. While it is open, agreed levels can be recorded and changed. Closing it fixes
  them; a closed meeting of a concept round can be reopened. Once the round is final and
  the meeting closed, its agreed levels are final: nothing can be changed or reopened
  (:func:`locked_reason`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator

from readiness.formatting import format_change, format_date, format_score
from readiness.models import MAX_SCORE, Checklist
from readiness.scoring import Agreement, Comparison, RoundResult, compare, provisional_result, summarise

NOT_YET_LABEL = "nog niet te bepalen"
BASIS_MEAN_TEXT = "gemiddelde van de respondenten"
MAX_RATIONALE = 1000


class MeetingStatus(StrEnum):
    OPEN = "open"
    CLOSED = "gesloten"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Meeting(_Model):
    """A round's consensus meeting."""

    id: int | None = None
    round_id: int
    held_on: dt.date
    status: MeetingStatus = MeetingStatus.OPEN
    created_at: dt.datetime | None = None
    closed_at: dt.datetime | None = None
    version: int = 1
    starts_at: dt.time | None = None
    place: str = ""
    attendees: list[str] = Field(default_factory=list)  # role ids of who was there; never names

    @field_validator("attendees", mode="before")
    @classmethod
    def _stored_text(cls, value):
        """Stored as comma-separated role ids."""
        if value is None:
            return []
        return [v for v in value.split(",") if v] if isinstance(value, str) else value

    @property
    def is_open(self) -> bool:
        return self.status == MeetingStatus.OPEN

    def when_text(self) -> str:
        """``12 maart 2026, 14:00 uur, Kantoor Noord``: date, time and place as known."""
        parts = [long_date(self.held_on)]
        if self.starts_at is not None:
            parts.append(f"{self.starts_at:%H:%M} uur")
        if self.place:
            parts.append(self.place)
        return ", ".join(parts)

    def attendees_text(self, checklist: Checklist) -> str:
        """``Bestuur, Management en Uitvoering``; empty when not recorded."""
        labels = [checklist.role_label(r) for r in self.attendees]
        if len(labels) <= 1:
            return "".join(labels)
        return ", ".join(labels[:-1]) + " en " + labels[-1]


class AgreedLevel(_Model):
    """The level a meeting agreed on for one item; ``level`` None is "nog niet te bepalen"."""

    id: int | None = None
    meeting_id: int
    item_id: str = Field(min_length=1)
    level: int | None = Field(default=None, ge=0, le=MAX_SCORE)
    rationale: str = Field(default="", max_length=MAX_RATIONALE)
    follow_up: bool = False
    action_id: int | None = None  # the improvement action the follow-up put in the plan
    recorded_at: dt.datetime | None = None
    version: int = 1

    @property
    def undetermined(self) -> bool:
        return self.level is None


def long_date(value: dt.date) -> str:
    """``2026-03-10`` -> ``"10 maart 2026"`` (:func:`readiness.formatting.format_date`)."""
    return format_date(value)


def level_text(level: int | None, checklist: Checklist | None = None) -> str:
    """``3`` -> ``"3"`` (or ``"3 – grotendeels"`` with the checklist), None -> "nog niet te bepalen"."""
    if level is None:
        return NOT_YET_LABEL
    if checklist is None:
        return str(level)
    return f"{level} – {checklist.scale_label(level).lower()}"


def basis_text(item) -> str:
    """The basis of an item result (a :class:`readiness.scoring.ItemScore`), in words."""
    if item.agreement is None:
        return BASIS_MEAN_TEXT
    return f"vastgesteld in het consensusgesprek van {long_date(item.agreement.held_on)}"


def scope_basis_text(items: Iterable) -> str:
    """The basis of a score over several items (a section's or the total score), in the
    words of :func:`basis_text`: the score is the mean of the items that have one, so it
    says how many of those were agreed in the meeting. "" when no item has a score.

    "gemiddelde van de respondenten", "vastgesteld in het consensusgesprek van 10 maart
    2026", or "bij 2 van de 4 vragen vastgesteld in het consensusgesprek van 10 maart 2026,
    verder gemiddelde van de respondenten". One wording for Resultaten, Voortgang and every
    export (an agreed "nog niet te bepalen" has no score, so it is not part of the count)."""
    scored = [i for i in items if i.mean is not None]
    agreed = [i for i in scored if i.agreement is not None]
    if not scored:
        return ""
    if not agreed:
        return BASIS_MEAN_TEXT
    if len(agreed) == len(scored):
        return basis_text(agreed[0])
    return f"bij {len(agreed)} van de {len(scored)} vragen {basis_text(agreed[0])}, verder {BASIS_MEAN_TEXT}"


def section_basis_text(result: RoundResult, section_id: str) -> str:
    """The basis of a section's score (:func:`scope_basis_text`); "" when it has no score."""
    if result.section(section_id).score is None:
        return ""
    return scope_basis_text(i for i in result.items if i.section_id == section_id)


def total_basis_text(result: RoundResult) -> str:
    """The basis of the total score (:func:`scope_basis_text`); "" when there is no total."""
    if result.overall is None:
        return ""
    return scope_basis_text(result.items)


# --------------------------------------------------------------------------- result


def apply_consensus(
    checklist: Checklist,
    result: RoundResult,
    meeting: Meeting | None,
    levels: Iterable[AgreedLevel],
) -> RoundResult:
    """The round's result with the meeting's agreed levels taking precedence.

    Without a meeting, or without agreed levels, `result` comes back unchanged. Agreed
    levels of items the checklist no longer has are ignored."""
    if meeting is None:
        return result
    agreed = {a.item_id: a for a in levels}
    if not agreed:
        return result
    items = []
    for item in result.items:
        level = agreed.get(item.item_id)
        if level is None:
            items.append(item)
            continue
        agreement = Agreement(
            meeting.held_on, level.level, item.respondents_mean, level.rationale, meeting.status == MeetingStatus.CLOSED
        )
        items.append(replace(item, mean=None if level.level is None else float(level.level), agreement=agreement))
    rescored = summarise(checklist, items, result.n_respondents, result.target_level)
    # Who disagrees and who does not know is what the respondents said: kept as it was.
    return replace(rescored, disagreements=result.disagreements, unknowns=result.unknowns)


# --------------------------------------------------------------------------- like for like


def respondents_result(checklist: Checklist, result: RoundResult) -> RoundResult:
    """The result on the respondents' mean only: every agreed level taken out again.

    The opposite of :func:`apply_consensus`; a result without agreed levels comes back
    unchanged. Sections a concept withholds stay withheld."""
    if not any(i.agreement is not None for i in result.items):
        return result
    items = [
        i if i.agreement is None else replace(i, mean=i.agreement.respondents_mean, agreement=None)
        for i in result.items
    ]
    rescored = summarise(checklist, items, result.n_respondents, result.target_level)
    rescored = replace(rescored, disagreements=result.disagreements, unknowns=result.unknowns)
    return provisional_result(rescored) if result.withheld_sections else rescored


def _agreed(result: RoundResult) -> dict[str, Agreement]:
    return {i.item_id: i.agreement for i in result.items if i.agreement is not None}


def _numbers(numbers: Iterable[int]) -> str:
    words = [str(n) for n in sorted(numbers)]
    head = "vraag" if len(words) == 1 else "vragen"
    return f"{head} {words[0]}" if len(words) == 1 else f"{head} {', '.join(words[:-1])} en {words[-1]}"


def compare_like_for_like(checklist: Checklist, previous: RoundResult, current: RoundResult) -> Comparison:
    """What changed from `previous` to `current`, on one basis: **the rule** for every
    change a page, chart or export shows.

    When both rounds rest on the same basis (no agreed levels, or agreed levels for the
    same items), this is :func:`readiness.scoring.compare` of the results as shown. When
    one round has agreed levels for items the other has not, a difference would mix a
    change of basis with a change in the corporation; then the change is computed on the
    respondents' mean for both rounds, and the comparison with the agreed levels comes
    along in ``shown``, with one sentence naming the basis change and its items
    (``basis_note``) and, when the phase differs only because of the basis, a second one
    (``phase_note``)."""
    before, after = _agreed(previous), _agreed(current)
    differing = set(before) ^ set(after)
    if not differing:
        return compare(previous, current)
    shown = compare(previous, current)
    like = compare(respondents_result(checklist, previous), respondents_result(checklist, current))
    agreement = {**before, **after}
    changed = sorted((i for i in current.items if i.item_id in differing), key=lambda i: i.number)
    numbers = tuple(i.number for i in changed)
    # "nog niet te bepalen" (no level) is said apart: that question has no score in its round
    undecided = tuple(i.number for i in changed if agreement[i.item_id].level is None)
    leveled = tuple(n for n in numbers if n not in undecided)
    dates = sorted({a.held_on for a in (*before.values(), *after.values())})
    where = (
        "deze meting" if differing <= set(after) else "de vorige meting" if differing <= set(before) else "één van beide metingen"
    )
    meeting = "het consensusgesprek van " + " en ".join(format_date(d) for d in dates)
    parts = []
    if leveled:
        parts.append(f"bij {_numbers(leveled)} geldt in {where} het niveau uit {meeting}, in de andere het gemiddelde van de respondenten")
    if undecided:
        parts.append(
            f"{_numbers(undecided)} {'is' if len(undecided) == 1 else 'zijn'} in {meeting} 'nog niet te bepalen' "
            "genoemd en tellen daar niet mee"
        )
    note = (
        f"De basis verschilt: {'; '.join(parts)}. Daarom is het verschil berekend op het gemiddelde van de "
        f"respondenten in beide metingen ({format_score(like.overall_before)} → {format_score(like.overall_after)}, "
        f"{format_change(like.overall_before, like.overall_after)}); met de vastgestelde niveaus is het "
        f"{format_score(shown.overall_before)} → {format_score(shown.overall_after)} "
        f"({format_change(shown.overall_before, shown.overall_after)})."
    )
    phase_note = ""
    if (shown.phase_before, shown.phase_after) != (like.phase_before, like.phase_after):
        if like.phase_before == like.phase_after:
            phase_note = (
                f"De fase gaat met de vastgestelde niveaus van {shown.phase_before} naar {shown.phase_after}; "
                f"dat komt alleen door de andere basis: op het gemiddelde van de respondenten blijft de fase "
                f"{like.phase_after}."
            )
        else:
            phase_note = (
                f"Op het gemiddelde van de respondenten gaat de fase van {like.phase_before} naar "
                f"{like.phase_after}; met de vastgestelde niveaus van {shown.phase_before} naar {shown.phase_after}. "
                "Het verschil tussen beide komt alleen door de vastgestelde niveaus."
            )
    return replace(like, shown=shown, basis_items=numbers, basis_note=note, phase_note=phase_note)


def change_text(comparison: Comparison) -> str:
    """The change of the total in words: ``"+5 punten (63 → 68)"``, on the comparison's basis."""
    points = format_change(comparison.overall_before, comparison.overall_after)
    return f"{points} punten ({format_score(comparison.overall_before)} → {format_score(comparison.overall_after)})"


def phase_change_text(comparison: Comparison) -> str:
    """``"fase 1 → 2"`` or ``"fase gelijk"``, on the comparison's basis."""
    if comparison.phase_before == comparison.phase_after:
        return "fase gelijk"
    return f"fase {comparison.phase_before} → {comparison.phase_after}"


def agreed_change_text(comparison: Comparison) -> str:
    """The figure with the agreed levels beside a like-for-like change; "" when the basis
    did not change: ``"met vastgestelde niveaus: 66 (+3), fase 0"``."""
    shown = comparison.shown
    if shown is None:
        return ""
    return (
        f"met vastgestelde niveaus: {format_score(shown.overall_after)} "
        f"({format_change(shown.overall_before, shown.overall_after)}), fase {shown.phase_after}"
    )


# --------------------------------------------------------------------------- agenda

REASON_DISAGREEMENT = "verschil tussen rollen"
REASON_UNKNOWN = "veel 'weet ik niet'"


@dataclass(frozen=True)
class AgendaItem:
    item_id: str
    number: int
    section_id: str
    reasons: tuple[str, ...]  # REASON_DISAGREEMENT and/or REASON_UNKNOWN; empty: no priority
    spread: float | None  # highest minus lowest role mean (0-4); None with fewer than 2 roles
    n_dont_know: int
    n_answered: int

    @property
    def priority(self) -> bool:
        return bool(self.reasons)


def agenda(result: RoundResult) -> list[AgendaItem]:
    """The items to discuss: first those where roles differ or many do not know, then the
    other answered items, each group in the checklist's build-up order."""
    disagreeing = {d.item_id: d.spread for d in result.disagreements}
    unknown = {i.item_id for i in result.unknowns}
    rows = []
    for item in result.items:
        if not item.n_answered:
            continue
        reasons = []
        if item.item_id in disagreeing:
            reasons.append(REASON_DISAGREEMENT)
        if item.item_id in unknown:
            reasons.append(REASON_UNKNOWN)
        roles = [m for m in item.by_role.values() if m is not None]
        spread = max(roles) - min(roles) if len(roles) >= 2 else None
        rows.append(
            AgendaItem(
                item.item_id, item.number, item.section_id, tuple(reasons), spread,
                item.n_dont_know, item.n_answered,
            )
        )  # fmt: skip
    return [r for r in rows if r.priority] + [r for r in rows if not r.priority]


# --------------------------------------------------------------------------- outcome


SETTLED_LABEL = "afgehandeld in het consensusgesprek"
UNSETTLED_LABEL = "eerst bespreken"


def settled_text(item, checklist: Checklist | None = None) -> str:
    """What the meeting settled for an item (an :class:`ItemScore`), in one line with the
    onderbouwing; "" when no level was agreed. ``"Afgehandeld in het consensusgesprek van
    12 mei 2026: vastgesteld op 2 – gedeeltelijk. Onderbouwing: …"``."""
    agreement = item.agreement
    if agreement is None:
        return ""
    state = "" if agreement.closed else " (het gesprek is nog open)"
    what = "nog niet te bepalen" if agreement.level is None else f"vastgesteld op {level_text(agreement.level, checklist)}"
    text = f"Afgehandeld in het consensusgesprek van {format_date(agreement.held_on)}{state}: {what}."
    return text + (f" Onderbouwing: {agreement.rationale.strip()}" if agreement.rationale.strip() else "")


def unsettled(result: RoundResult) -> list[str]:
    """Ids of the items the agenda puts first ("eerst bespreken": roles differ or many do not
    know) that have no agreed level yet, in the agenda's order."""
    return [row.item_id for row in agenda(result) if row.priority and result.item(row.item_id).agreement is None]


# --------------------------------------------------------------------------- life cycle

LOCKED_FINAL = (
    "De meting is definitief en het consensusgesprek is gesloten: de vastgestelde niveaus "
    "zijn definitief en kunnen niet meer worden gewijzigd."
)
LOCKED_CLOSED = "Het consensusgesprek is gesloten. Open het opnieuw om een niveau te wijzigen."


def locked_reason(meeting: Meeting, round_final: bool) -> str | None:
    """Why agreed levels cannot be recorded now (Dutch), or None when they can."""
    if meeting.is_open:
        return None
    return LOCKED_FINAL if round_final else LOCKED_CLOSED


def can_reopen(meeting: Meeting, round_final: bool) -> bool:
    """A closed meeting can be reopened only while its round is not final."""
    return not meeting.is_open and not round_final


# --------------------------------------------------------------------------- what each role said


@dataclass(frozen=True)
class RoleAnswers:
    """One role's answers to one item: the spread the meeting looks at."""

    role: str
    scores: tuple[int, ...]  # the 0-4 answers, sorted
    n_dont_know: int
    n_na: int

    @property
    def mean(self) -> float | None:
        return sum(self.scores) / len(self.scores) if self.scores else None


def role_answers(respondents, answers, item_id: str) -> list[RoleAnswers]:
    """Per role (in the order roles first appear among the respondents): what its
    respondents answered to `item_id`. Roles without an answer to the item are left out."""
    role_of = {r.id: r.role for r in respondents}
    order = list(dict.fromkeys(r.role for r in respondents))
    found: dict[str, list] = {role: [] for role in order}
    for a in answers:
        if a.item_id == item_id and a.respondent_id in role_of:
            found[role_of[a.respondent_id]].append(a)
    rows = []
    for role in order:
        given = found[role]
        if not given:
            continue
        rows.append(
            RoleAnswers(
                role=role,
                scores=tuple(sorted(a.score for a in given if a.score is not None)),
                n_dont_know=sum(1 for a in given if a.kind == "weet_ik_niet"),
                n_na=sum(1 for a in given if a.kind == "nvt"),
            )
        )
    return rows


def item_notes(respondents, answers, item_id: str) -> list[tuple[str, str]]:
    """(role, note) for every respondent's note on `item_id`: by role, never by name."""
    role_of = {r.id: r.role for r in respondents}
    return [
        (role_of[a.respondent_id], a.note.strip())
        for a in answers
        if a.item_id == item_id and a.respondent_id in role_of and a.note.strip()
    ]
