"""Answers -> item, section and overall scores, readiness phase and next steps.

Pure Python. Rules (documented in docs/score.md):
- an item's score is the mean of the respondents' 0-4 answers, shown as 0-100;
  "weet ik niet" and "n.v.t." are left out of the mean but counted and reported;
- a section's score is the mean of its scored items; the overall score is the mean
  of all scored items (every checklist point weighs the same);
- the readiness phase is the highest phase whose required sections are all at the
  target level, and phases are cumulative, so a corporation cannot pass a later
  gate while draagvlak (the first section) lags;
- next steps are the earliest gaps in checklist order, because the handreiking
  says the early points are needed for the later ones (Checklist, p. 21).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from readiness.formatting import display_score  # noqa: F401 - re-exported: the one display rule
from readiness.models import MAX_SCORE, Answer, AnswerKind, Checklist, Phase, Respondent

DISAGREEMENT_SPREAD = 2.0  # points on the 0-4 scale between the highest and lowest role
DONT_KNOW_SHARE = 0.3  # share of "weet ik niet" that makes an item a knowledge gap
#: The concept rule: a round that is not final shows a section's scores only when every
#: item of the section has at least this many answers that are a score or "n.v.t."
#: ("weet ik niet" and open answers do not count). See :func:`has_enough_answers`.
MIN_ANSWERS_PER_ITEM = 2


def to_pct(mean: float | None) -> float | None:
    return None if mean is None else mean / MAX_SCORE * 100


def target_pct(target_level: int) -> float:
    return target_level / MAX_SCORE * 100


def _mean(values: Iterable[float]) -> float | None:
    values = list(values)
    return sum(values) / len(values) if values else None


BASIS_MEAN = "gemiddelde"  # the item's result is the respondents' mean
BASIS_CONSENSUS = "consensus"  # the item's result was agreed in a consensus meeting


@dataclass(frozen=True)
class Agreement:
    """An item's result as agreed in a consensus meeting (see :mod:`readiness.consensus`).

    ``level`` is None when the team agreed the level cannot be judged yet ("nog niet te
    bepalen"). ``respondents_mean`` keeps what the respondents said (0-4), so the spread
    stays visible beside the agreed level.
    """

    held_on: dt.date
    level: int | None
    respondents_mean: float | None
    rationale: str = ""  # the onderbouwing the meeting recorded with the level
    closed: bool = True  # False while the meeting is still open (the level may still change)


@dataclass(frozen=True)
class ItemScore:
    item_id: str
    section_id: str
    number: int
    mean: float | None  # 0-4
    n_scored: int
    n_dont_know: int
    n_na: int
    n_open: int  # respondents who have not answered yet
    by_role: dict[str, float | None] = field(default_factory=dict)
    #: Set when the result was agreed in a consensus meeting; `mean` is then the agreed level.
    agreement: Agreement | None = None

    @property
    def score(self) -> float | None:
        return to_pct(self.mean)

    @property
    def basis(self) -> str:
        """Where the result comes from: BASIS_CONSENSUS or BASIS_MEAN."""
        return BASIS_MEAN if self.agreement is None else BASIS_CONSENSUS

    @property
    def respondents_mean(self) -> float | None:
        """The mean of the respondents' answers (0-4), whatever the basis of the result."""
        return self.mean if self.agreement is None else self.agreement.respondents_mean

    @property
    def n_answered(self) -> int:
        return self.n_scored + self.n_dont_know + self.n_na

    @property
    def dont_know_share(self) -> float:
        return self.n_dont_know / self.n_answered if self.n_answered else 0.0


@dataclass(frozen=True)
class SectionScore:
    section_id: str
    title: str
    score: float | None  # 0-100
    n_items: int
    n_items_scored: int


@dataclass(frozen=True)
class PhaseResult:
    level: int
    name: str
    description: str
    next_phase: Phase | None
    blocking_sections: list[str]  # section ids that keep the next phase out of reach


@dataclass(frozen=True)
class NextStep:
    item_id: str
    number: int
    section_id: str
    reason: str  # "achterstand" (below target) or "onbekend" (mostly "weet ik niet")
    score: float | None


@dataclass(frozen=True)
class Disagreement:
    item_id: str
    high_role: str
    high_mean: float
    low_role: str
    low_mean: float

    @property
    def spread(self) -> float:
        return self.high_mean - self.low_mean


@dataclass(frozen=True)
class RoundResult:
    items: list[ItemScore]
    sections: list[SectionScore]
    overall: float | None
    phase: PhaseResult
    gaps: list[NextStep]
    disagreements: list[Disagreement]
    unknowns: list[ItemScore]
    n_respondents: int
    target_level: int
    #: Sections whose scores are held back (a concept round without enough answers,
    #: see :func:`provisional_result`). Empty for a final round.
    withheld_sections: tuple[str, ...] = ()

    @property
    def is_complete(self) -> bool:
        """True when every figure may be shown: phase, total, comparison, next steps."""
        return not self.withheld_sections

    @property
    def next_steps(self) -> list[NextStep]:
        return self.gaps[:3]

    def item(self, item_id: str) -> ItemScore:
        return next(i for i in self.items if i.item_id == item_id)

    def section(self, section_id: str) -> SectionScore:
        return next(s for s in self.sections if s.section_id == section_id)

    @property
    def n_answered_items(self) -> int:
        return sum(1 for i in self.items if i.n_answered > 0)


def score_item(
    checklist: Checklist,
    item_id: str,
    respondents: list[Respondent],
    answers: list[Answer],
) -> ItemScore:
    """Score one item from the answers given to it (answers of other items are ignored)."""
    item = checklist.item(item_id)
    role_of = {r.id: r.role for r in respondents}
    own = [a for a in answers if a.item_id == item_id and a.respondent_id in role_of]
    scored = [a for a in own if a.kind == AnswerKind.SCORE]
    per_role: dict[str, list[int]] = defaultdict(list)
    for a in scored:
        per_role[role_of[a.respondent_id]].append(a.score or 0)
    answered = {a.respondent_id for a in own}
    return ItemScore(
        item_id=item_id,
        section_id=checklist.section_of(item_id).id,
        number=item.number,
        mean=_mean(a.score or 0 for a in scored),
        n_scored=len(scored),
        n_dont_know=sum(1 for a in own if a.kind == AnswerKind.DONT_KNOW),
        n_na=sum(1 for a in own if a.kind == AnswerKind.NOT_APPLICABLE),
        n_open=sum(1 for r in respondents if r.id not in answered),
        by_role={role: _mean(values) for role, values in sorted(per_role.items())},
    )


def readiness_phase(
    checklist: Checklist, sections: list[SectionScore], target_level: int
) -> PhaseResult:
    """Highest phase whose gates (and all earlier gates) are met."""
    at_target = {
        s.section_id
        for s in sections
        if s.score is not None and s.score >= target_pct(target_level) - 1e-9
    }
    phases = sorted(checklist.phases, key=lambda p: p.level)
    reached = phases[0]
    for phase in phases[1:]:
        if not set(phase.requires) <= at_target:
            break
        reached = phase
    later = [p for p in phases if p.level > reached.level]
    next_phase = later[0] if later else None
    blocking = (
        [sid for sid in next_phase.requires if sid not in at_target] if next_phase else []
    )
    return PhaseResult(reached.level, reached.name, reached.description, next_phase, blocking)


def score_round(
    checklist: Checklist,
    respondents: list[Respondent],
    answers: list[Answer],
    target_level: int = 3,
) -> RoundResult:
    """Score a round: items, sections, overall, phase, gaps in build-up order."""
    by_item: dict[str, list[Answer]] = defaultdict(list)
    for a in answers:
        by_item[a.item_id].append(a)
    items = [score_item(checklist, it.id, respondents, by_item[it.id]) for it in checklist.items]
    return summarise(checklist, items, len(respondents), target_level)


def summarise(
    checklist: Checklist, items: list[ItemScore], n_respondents: int, target_level: int = 3
) -> RoundResult:
    """Sections, overall, phase and gaps from scored items (in checklist order).

    An item agreed in a consensus meeting is a gap only by its agreed level; agreed as
    "nog niet te bepalen" it is a gap of kind "onbekend"."""
    item_by_id = {i.item_id: i for i in items}

    sections = []
    for section in checklist.sections:
        scored = [item_by_id[it.id].score for it in section.items]
        scored = [s for s in scored if s is not None]
        sections.append(
            SectionScore(section.id, section.title, _mean(scored), len(section.items), len(scored))
        )
    overall = _mean(i.score for i in items if i.score is not None)
    goal = target_pct(target_level)

    gaps = []
    for i in items:  # checklist order == build-up order
        if i.score is not None and i.score < goal - 1e-9:
            gaps.append(NextStep(i.item_id, i.number, i.section_id, "achterstand", i.score))
        elif i.agreement is not None:
            if i.agreement.level is None:
                gaps.append(NextStep(i.item_id, i.number, i.section_id, "onbekend", i.score))
        elif i.n_answered and i.dont_know_share >= DONT_KNOW_SHARE and i.n_dont_know:
            gaps.append(NextStep(i.item_id, i.number, i.section_id, "onbekend", i.score))

    disagreements = []
    for i in items:
        roles = {r: m for r, m in i.by_role.items() if m is not None}
        if len(roles) < 2:
            continue
        high = max(roles, key=lambda r: roles[r])
        low = min(roles, key=lambda r: roles[r])
        if roles[high] - roles[low] >= DISAGREEMENT_SPREAD:
            disagreements.append(Disagreement(i.item_id, high, roles[high], low, roles[low]))

    unknowns = [i for i in items if i.n_dont_know and i.dont_know_share >= DONT_KNOW_SHARE]
    return RoundResult(
        items=items,
        sections=sections,
        overall=overall,
        phase=readiness_phase(checklist, sections, target_level),
        gaps=gaps,
        disagreements=disagreements,
        unknowns=unknowns,
        n_respondents=n_respondents,
        target_level=target_level,
    )


def has_enough_answers(items: Iterable[ItemScore]) -> bool:
    """The concept rule: True when every item has at least :data:`MIN_ANSWERS_PER_ITEM`
    answers that are a score or "n.v.t." (a single answer, or a round of "weet ik niet",
    says nothing yet about where the corporation stands)."""
    return all(i.n_scored + i.n_na >= MIN_ANSWERS_PER_ITEM for i in items)


def provisional_result(result: RoundResult) -> RoundResult:
    """A concept round's result as it may be shown: the scores of sections that do not
    meet :func:`has_enough_answers` are removed, and while any section is withheld there is
    no total, no phase to show and no next steps. What the answers themselves say stays:
    who answered what, where roles disagree, where people do not know. A concept with enough answers
    everywhere comes back unchanged (it is still marked as a concept where it is shown)."""
    withheld = tuple(
        s.section_id
        for s in result.sections
        if not has_enough_answers(i for i in result.items if i.section_id == s.section_id)
    )
    if not withheld:
        return result
    hidden = set(withheld)
    return replace(
        result,
        items=[replace(i, mean=None) if i.section_id in hidden else i for i in result.items],
        sections=[replace(s, score=None, n_items_scored=0) if s.section_id in hidden else s for s in result.sections],
        overall=None,
        gaps=[],
        withheld_sections=withheld,
    )


@dataclass(frozen=True)
class AnswerProgress:
    """A concept's progress: the one count every page and export shows (issue 22).

    Answers given out of answers needed for a score, by the concept rule: every item needs
    :data:`MIN_ANSWERS_PER_ITEM` answers that are a score or "n.v.t."; answers beyond that,
    "weet ik niet" and open answers do not count. A section gets its score exactly when its
    ``given`` reaches its ``needed``."""

    given: int
    needed: int
    sections: tuple[tuple[str, int, int], ...]  # (section id, given, needed), checklist order

    @property
    def remaining(self) -> int:
        return self.needed - self.given

    @property
    def short_sections(self) -> tuple[str, ...]:
        """Ids of the sections that still lack answers for a score."""
        return tuple(sid for sid, given, needed in self.sections if given < needed)

    def text(self) -> str:
        """``"34 van 40"``: the figure of the tile, the sentence and every export."""
        return f"{self.given} van {self.needed}"


def answer_progress(result: RoundResult) -> AnswerProgress:
    """The :class:`AnswerProgress` of a round (its answer counts; scores are not needed)."""
    per_section: dict[str, list[int]] = {s.section_id: [0, 0] for s in result.sections}
    for item in result.items:
        counts = per_section.setdefault(item.section_id, [0, 0])
        counts[0] += min(item.n_scored + item.n_na, MIN_ANSWERS_PER_ITEM)
        counts[1] += MIN_ANSWERS_PER_ITEM
    sections = tuple((sid, given, needed) for sid, (given, needed) in per_section.items())
    return AnswerProgress(sum(g for _, g, _ in sections), sum(n for _, _, n in sections), sections)


@dataclass(frozen=True)
class ItemChange:
    item_id: str
    before: float | None
    after: float | None

    @property
    def delta(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


@dataclass(frozen=True)
class Comparison:
    overall_delta: float | None
    section_deltas: dict[str, float | None]
    up: list[ItemChange]
    down: list[ItemChange]
    newly_unknown: list[str]  # items that had a score and are now mostly "weet ik niet"
    phase_before: int
    phase_after: int
    #: The totals and section scores the deltas are taken from (0-100), on the basis the
    #: comparison was made on: a page shows these, never "now minus delta".
    overall_before: float | None = None
    overall_after: float | None = None
    sections_before: dict[str, float | None] = field(default_factory=dict)
    sections_after: dict[str, float | None] = field(default_factory=dict)
    #: Set by :func:`readiness.consensus.compare_like_for_like` when the two rounds rest on
    #: a different basis (agreed levels in one, not in the other): the comparison above is
    #: then on the respondents' mean for both, ``shown`` the one with the agreed levels.
    shown: Comparison | None = None
    basis_items: tuple[int, ...] = ()  # numbers of the items whose basis differs
    basis_note: str = ""  # one sentence naming the basis change and the items; "" when none
    phase_note: str = ""  # said when the phase differs only because of the basis; else ""

    @property
    def basis_changed(self) -> bool:
        return self.shown is not None


def _delta(before: float | None, after: float | None) -> float | None:
    return None if before is None or after is None else after - before


def compare(previous: RoundResult, current: RoundResult) -> Comparison:
    """What changed from `previous` to `current` (matched on stable item and section ids)."""
    before_items = {i.item_id: i for i in previous.items}
    up, down, newly_unknown = [], [], []
    for item in current.items:
        old = before_items.get(item.item_id)
        if old is None:
            continue
        change = ItemChange(item.item_id, old.score, item.score)
        if change.delta is not None and change.delta > 0:
            up.append(change)
        elif change.delta is not None and change.delta < 0:
            down.append(change)
        was_known = old.score is not None and old.dont_know_share < DONT_KNOW_SHARE
        if was_known and item.n_dont_know and item.dont_know_share >= DONT_KNOW_SHARE:
            newly_unknown.append(item.item_id)
    before_sections = {s.section_id: s.score for s in previous.sections}
    return Comparison(
        overall_before=previous.overall,
        overall_after=current.overall,
        sections_before=before_sections,
        sections_after={s.section_id: s.score for s in current.sections},
        overall_delta=_delta(previous.overall, current.overall),
        section_deltas={
            s.section_id: _delta(before_sections.get(s.section_id), s.score)
            for s in current.sections
        },
        up=sorted(up, key=lambda c: -(c.delta or 0)),
        down=sorted(down, key=lambda c: c.delta or 0),
        newly_unknown=newly_unknown,
        phase_before=previous.phase.level,
        phase_after=current.phase.level,
    )
