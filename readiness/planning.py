"""Gaps -> proposed improvement actions, and the life cycle of an improvement plan.

Pure domain: standard library, pydantic models and scoring results only.

Proposals
---------
An item needs attention when, at the target level, it is

* **below target** ("achterstand"): its score (0-100) is lower than the target, or
* **mostly unknown** ("onbekend"): at least 30 % of the answers are "weet ik niet"
  (the same rule as :mod:`readiness.scoring`; "weet ik niet" is itself a gap: people
  do not know how the corporation handles this point).

Items answered only with "n.v.t." have no score and no "weet ik niet", so they never
need attention. For every such item the checklist's suggested actions (derived from the
handreiking; each cites its part and page or is marked as an own suggestion) are proposed, except those already in the plan, whatever the status of the
existing action (a dropped action is a decision and is not proposed again). A suggestion
is in the plan when

* an action *came from* it: the action's ``suggestion_key`` is the suggestion's
  :func:`suggestion_key`. An accepted suggestion stays taken after the user rewrote its
  text or moved it to another item;
* or an action has the same item and the same description, compared without regard to
  case and spacing (actions the user typed in, and actions from before the key existed).

An action that is no longer in the plan at all (deleted, or left out of a rebuilt plan)
takes nothing: its suggestion is proposed again while the gap remains. Only "vervallen"
records the decision not to do it.

Priority rule (the handreiking's checklist is a build-up: the early points are needed
before the later ones, Checklist p. 21):

* **hoog**   - below target in a foundation section (draagvlak, stappenplan),
               or below target with a score under 50 (a large gap) anywhere;
* **middel** - below target with a score from 50 up to the target, outside the
               foundation sections; and every item that is mostly unknown
               (first find out, then act);
* **laag**   - not used for proposals; users may set it on their own actions.

Proposals are sorted by (priority, item number), and within an item in the order of
the checklist's suggestions.

Plan life cycle
---------------
``gepland -> bezig -> gereed``, and ``gepland``/``bezig`` may become ``vervallen``.
A finished action can be reopened (``gereed -> bezig``) and a dropped one revived
(``vervallen -> gepland``). :data:`TRANSITIONS` is the one place that defines this;
:func:`check_transition` raises ``ValueError`` with a Dutch message otherwise.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from readiness import glossary
from readiness.models import (
    SUGGESTION_KEY_PATTERN,
    ActionStatus,
    Checklist,
    ImprovementAction,
    Priority,
    Quote,
)
from readiness.formatting import format_score
from readiness.scoring import DONT_KNOW_SHARE, ItemScore, RoundResult, target_pct

__all__ = [
    "FOUNDATION_SECTIONS",
    "LARGE_GAP_BELOW",
    "OPEN_STATUSES",
    "PRIORITY_RANK",
    "STATUS_LABELS",
    "SUGGESTION_KEY_PATTERN",
    "TRANSITIONS",
    "PlanSummary",
    "Proposal",
    "allowed_next",
    "check_transition",
    "closable_actions",
    "is_at_target",
    "overdue",
    "plan_summary",
    "propose_actions",
    "same_action",
    "suggestion_key",
]

#: Sections that come first in the handreiking's build-up: a gap here is urgent.
FOUNDATION_SECTIONS: frozenset[str] = frozenset({"draagvlak", "stappenplan"})
#: An item score (0-100) below this is a large gap, wherever the item sits.
LARGE_GAP_BELOW = 50.0

PRIORITY_RANK: dict[Priority, int] = {Priority.HIGH: 0, Priority.MEDIUM: 1, Priority.LOW: 2}

#: Statuses of actions that still need work.
OPEN_STATUSES: frozenset[ActionStatus] = frozenset({ActionStatus.PLANNED, ActionStatus.IN_PROGRESS})

#: The plan life cycle: for each status, the statuses it may change into.
TRANSITIONS: dict[ActionStatus, frozenset[ActionStatus]] = {
    ActionStatus.PLANNED: frozenset({ActionStatus.IN_PROGRESS, ActionStatus.DONE, ActionStatus.DROPPED}),
    ActionStatus.IN_PROGRESS: frozenset({ActionStatus.DONE, ActionStatus.DROPPED}),
    ActionStatus.DONE: frozenset({ActionStatus.IN_PROGRESS}),
    ActionStatus.DROPPED: frozenset({ActionStatus.PLANNED}),
}

#: Dutch display labels, in life-cycle order.
STATUS_LABELS: dict[ActionStatus, str] = glossary.ACTION_STATUS

_EPS = 1e-9


# --------------------------------------------------------------------------- proposals


@dataclass(frozen=True)
class Proposal:
    """A suggested action for one item, not yet in the plan."""

    item_id: str
    item_number: int
    description: str
    source: str | None  # where in the handreiking it comes from; None: an own suggestion
    priority: Priority
    reason: str  # Dutch: "Score 25 (streefniveau 75)" or "Veel 'weet ik niet' (2 van 3 antwoorden)"
    key: str | None = None  # suggestion_key(item_id, suggestion text); None: not from the checklist
    kind: str | None = None  # "bron", "uitwerking" or "eigen suggestie" (readiness.provenance)
    quotes: tuple[Quote, ...] = ()  # what the handreiking says, verbatim, with the page


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def suggestion_key(item_id: str, text: str) -> str:
    """The stable key of a checklist suggestion: its item and a digest of its text.

    Derived from the suggestion's own text (case and spacing ignored), not from its
    position, so reordering or adding suggestions in ``items.yaml`` leaves the keys of
    the others alone. An action accepted from a suggestion keeps this key whatever the
    user later makes of its text, so the suggestion is not proposed again. When the
    checklist rewords a suggestion, the new wording is a new suggestion, unless it lists the
    key of the earlier wording in ``replaces`` (same meaning, new words): then an action
    accepted from the earlier wording takes the new one too.
    """
    digest = hashlib.sha256(_normalise(text).encode("utf-8")).hexdigest()[:12]
    return f"{item_id}:{digest}"


def same_action(item_a: str, text_a: str, item_b: str, text_b: str) -> bool:
    """True when two actions are the same: same item, same text apart from case/spacing."""
    return item_a == item_b and _normalise(text_a) == _normalise(text_b)


def _is_mostly_unknown(score: ItemScore) -> bool:
    if score.agreement is not None:  # agreed in a consensus meeting: only "nog niet te bepalen"
        return score.agreement.level is None
    return score.n_dont_know > 0 and score.dont_know_share >= DONT_KNOW_SHARE - _EPS


def _is_below(score: ItemScore, goal: float) -> bool:
    return score.score is not None and score.score < goal - _EPS


def is_at_target(score: ItemScore, target_level: int) -> bool:
    """An item is at target when its score reaches the target and it is not mostly unknown."""
    return (
        score.score is not None
        and score.score >= target_pct(target_level) - _EPS
        and not _is_mostly_unknown(score)
    )


def _fmt(value: float) -> str:
    return format_score(value)  # the one display rule: 62.5 reads 63 here as on Resultaten


def propose_actions(
    checklist: Checklist,
    result: RoundResult,
    existing: Iterable[ImprovementAction],
    target_level: int | None = None,
) -> list[Proposal]:
    """Suggested actions for every item below target or mostly unknown (see module doc).

    ``target_level`` (1-4) defaults to the level the round was scored at.
    """
    level = result.target_level if target_level is None else target_level
    goal = target_pct(level)
    existing = list(existing)
    taken = {(a.item_id, _normalise(a.description)) for a in existing}
    taken_keys = {a.suggestion_key for a in existing if a.suggestion_key}
    proposals: list[tuple[int, int, int, Proposal]] = []
    for score in result.items:
        if _is_below(score, goal):
            large = score.score < LARGE_GAP_BELOW - _EPS
            foundation = score.section_id in FOUNDATION_SECTIONS
            priority = Priority.HIGH if (large or foundation) else Priority.MEDIUM
            reason = f"Score {_fmt(score.score)} ({glossary.TARGET_LEVEL} {_fmt(goal)})"
            if score.agreement is not None:  # the level the consensus meeting agreed on
                reason = f"Vastgesteld in het consensusgesprek op niveau {score.agreement.level}: " + reason.lower()
        elif _is_mostly_unknown(score):
            priority = Priority.MEDIUM
            if score.agreement is not None:  # the meeting itself said it cannot judge it yet
                reason = "In het consensusgesprek 'nog niet te bepalen': eerst uitzoeken hoe het ervoor staat"
            else:
                reason = f"Veel 'weet ik niet' ({score.n_dont_know} van {score.n_answered} antwoorden)"
        else:
            continue
        item = checklist.item(score.item_id)
        seen_here: set[str] = set()
        for position, suggestion in enumerate(item.actions):
            key = _normalise(suggestion.text)
            source_key = suggestion_key(item.id, suggestion.text)
            keys = {source_key, *suggestion.replaces}  # earlier wordings with the same meaning
            if (item.id, key) in taken or keys & taken_keys or key in seen_here:
                continue
            seen_here.add(key)
            proposals.append(
                (
                    PRIORITY_RANK[priority],
                    item.number,
                    position,
                    Proposal(
                        item_id=item.id,
                        item_number=item.number,
                        description=suggestion.text,
                        source=suggestion.source,
                        kind=suggestion.kind,
                        quotes=tuple(suggestion.quotes),
                        priority=priority,
                        reason=reason,
                        key=source_key,
                    ),
                )
            )
    proposals.sort(key=lambda entry: entry[:3])
    return [proposal for *_, proposal in proposals]


# --------------------------------------------------------------------------- plan follow-up


def closable_actions(
    result: RoundResult, actions: Iterable[ImprovementAction], target_level: int | None = None
) -> list[ImprovementAction]:
    """Open actions (gepland/bezig) whose item is now at target: candidates for closing.

    Nothing is closed here; the user decides. ``target_level`` defaults to the round's.
    """
    level = result.target_level if target_level is None else target_level
    by_item = {s.item_id: s for s in result.items}
    return [
        a
        for a in actions
        if a.status in OPEN_STATUSES
        and a.item_id in by_item
        and is_at_target(by_item[a.item_id], level)
    ]


def overdue(actions: Iterable[ImprovementAction], today: dt.date) -> list[ImprovementAction]:
    """Open actions whose due date has passed, the longest overdue first."""
    late = [a for a in actions if a.is_overdue(today)]
    return sorted(late, key=lambda a: (a.due_date, a.id or 0))


@dataclass(frozen=True)
class PlanSummary:
    counts: dict[ActionStatus, int]
    overdue: int

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def open(self) -> int:
        return sum(self.counts[s] for s in OPEN_STATUSES)


def plan_summary(actions: Iterable[ImprovementAction], today: dt.date) -> PlanSummary:
    """Number of actions per status (every status present, possibly 0) and how many are overdue."""
    actions = list(actions)
    counted = Counter(a.status for a in actions)
    return PlanSummary(
        counts={status: counted.get(status, 0) for status in STATUS_LABELS},
        overdue=len(overdue(actions, today)),
    )


# --------------------------------------------------------------------------- life cycle


def allowed_next(status: ActionStatus) -> list[ActionStatus]:
    """The statuses an action with ``status`` may get, in life-cycle order (itself first)."""
    status = ActionStatus(status)
    return [status] + [s for s in STATUS_LABELS if s in TRANSITIONS[status]]


def check_transition(current: ActionStatus, new: ActionStatus) -> None:
    """Raise ValueError (Dutch) when ``current -> new`` is not part of the life cycle.

    Keeping the same status is always allowed.
    """
    current, new = ActionStatus(current), ActionStatus(new)
    if new == current or new in TRANSITIONS[current]:
        return
    options = ", ".join(f"'{STATUS_LABELS[s].lower()}'" for s in allowed_next(current)[1:])
    raise ValueError(
        f"Een actie met status '{STATUS_LABELS[current].lower()}' kan niet naar "
        f"'{STATUS_LABELS[new].lower()}'. Mogelijk is: {options}."
    )
