"""Progress of one corporation over time: scores per round, two rounds compared, and
how far the improvement plan had come at each round.

Plan progress "as of" a round's date (the plan keeps no status history, so it is
reconstructed from each action's current state; the rule is deliberately simple):

- an action **exists** at a date when it was created on or before that date;
- it is **done** (gereed) at a date when its status is now *gereed* and it was closed
  on or before that date: closed in a round dated on or before it (``closed_round_id``),
  or, without a closing round, last changed (``updated_at``) on or before it;
- it is **dropped** (vervallen) at a date when its status is now *vervallen* and it
  was last changed on or before that date;
- otherwise it is **open** at that date, and **overdue** when its due date lies before
  that date.

An action that was finished and later reopened counts as open at earlier rounds too;
that is the price of not keeping a history, and it errs on the side of "not done yet".
The last row ("Vandaag") shows the plan as it stands now.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from readiness.models import ActionStatus, ImprovementAction, NotFoundError, Round
from readiness.access import Permission
from readiness.consensus import compare_like_for_like, respondents_result, total_basis_text
from readiness.scoring import MIN_ANSWERS_PER_ITEM, Comparison
from readiness.services import App, authorise
from readiness.services.assessment import ValidationError, round_result, shown_result

TODAY_LABEL = "Vandaag"


# --------------------------------------------------------------------------- scores per round


@dataclass(frozen=True)
class RoundScores:
    """The scores of one round, for trend lines (0-100; None without any score)."""

    round_id: int
    label: str
    date: dt.date
    is_final: bool
    overall: float | None
    sections: dict[str, float | None]
    phase_level: int | None  # None: a concept without enough answers has no phase yet
    phase_name: str
    n_respondents: int
    withheld_sections: tuple[str, ...] = ()  # a concept's sections without enough answers
    basis: str = ""  # what the total score rests on (consensus.total_basis_text); "" without a total
    #: Numbers of the items whose level was agreed in a consensus meeting, and the total on
    #: the respondents' mean only: the trend chart marks such a round and shows both.
    agreed_items: tuple[int, ...] = ()
    overall_respondents: float | None = None
    phase_respondents: int | None = None  # the phase on the respondents' mean only

    def change_from(self, previous: RoundScores) -> tuple[float | None, float | None, bool]:
        """(total before, total after, other basis) since `previous`, like for like (the rule
        of :func:`readiness.consensus.compare_like_for_like`): when the two rounds have agreed
        levels for different items, both totals are on the respondents' mean."""
        if set(self.agreed_items) == set(previous.agreed_items):
            return previous.overall, self.overall, False
        return previous.overall_respondents, self.overall_respondents, True

    def phase_change_from(self, previous: RoundScores) -> tuple[int | None, int | None]:
        """(phase before, phase after) since `previous`, on the basis of :meth:`change_from`."""
        if set(self.agreed_items) == set(previous.agreed_items):
            return previous.phase_level, self.phase_level
        return previous.phase_respondents, self.phase_respondents


def round_scores(app: App, org_id: int) -> list[RoundScores]:
    """Every round of the corporation (final and draft), oldest first."""
    authorise(app, Permission.ORG_READ, org_id=org_id)
    out = []
    rounds = app.repo.rounds_data(org_id)  # all rounds in three queries, not three per round
    agreed = app.repo.consensus_of_rounds(d.round.id for d in rounds)
    for data in rounds:
        round_ = data.round
        result = shown_result(app.checklist, round_, data, app.settings.target_level, agreed.get(round_.id, (None, ())))
        mean_only = respondents_result(app.checklist, result)
        out.append(
            RoundScores(
                round_id=round_.id,
                label=round_.label,
                date=round_.date,
                is_final=round_.is_final,
                overall=result.overall,
                sections={s.section_id: s.score for s in result.sections},
                phase_level=result.phase.level if result.is_complete else None,
                phase_name=result.phase.name if result.is_complete else "",
                n_respondents=result.n_respondents,
                withheld_sections=result.withheld_sections,
                basis=total_basis_text(result),
                agreed_items=tuple(i.number for i in result.items if i.agreement is not None),
                overall_respondents=mean_only.overall,
                phase_respondents=mean_only.phase.level if mean_only.is_complete else None,
            )
        )
    return out


# --------------------------------------------------------------------------- comparison


@dataclass(frozen=True)
class ItemMove:
    """One item between two rounds (scores 0-100)."""

    item_id: str
    number: int
    question: str
    section_id: str
    before: float | None
    after: float | None
    # "weet ik niet" answers out of all answers, in each round (for the wording of a
    # newly unknown item: more "weet ik niet" is lost knowledge, not a better score)
    dont_know_before: int = 0
    answered_before: int = 0
    dont_know_after: int = 0
    answered_after: int = 0

    @property
    def delta(self) -> float | None:
        return None if self.before is None or self.after is None else self.after - self.before


@dataclass(frozen=True)
class RoundComparison:
    before: Round
    after: Round
    overall_before: float | None
    overall_after: float | None
    overall_delta: float | None
    section_deltas: dict[str, float | None]
    up: list[ItemMove]  # largest rise first
    down: list[ItemMove]  # largest fall first
    newly_unknown: list[ItemMove]  # had a score, now mostly "weet ik niet"
    phase_before: int
    phase_after: int
    #: The rounds rest on a different basis (agreed levels in one only): the figures above
    #: are then on the respondents' mean for both (:func:`readiness.consensus.compare_like_for_like`).
    comparison: Comparison | None = None

    @property
    def basis_note(self) -> str:
        return "" if self.comparison is None else self.comparison.basis_note

    @property
    def phase_note(self) -> str:
        return "" if self.comparison is None else self.comparison.phase_note


def default_pair(round_ids: list[int], final_ids: set[int] | None = None) -> tuple[int, int] | None:
    """The two rounds compared by default (ids oldest first): the last two final rounds
    when ``final_ids`` names at least two, else the last two rounds, or None."""
    final = [rid for rid in round_ids if final_ids is None or rid in final_ids]
    if len(final) >= 2:
        return final[-2], final[-1]
    return (round_ids[-2], round_ids[-1]) if len(round_ids) >= 2 else None


def compare_rounds(app: App, org_id: int, first_id: int, second_id: int) -> RoundComparison:
    """Compare two rounds of the same corporation; the older one is "before".

    Raises ValidationError (Dutch) when the rounds are the same, or one was answered
    against a checklist version that is neither the current one nor one of its
    ``earlier_versions`` (only those have the same questions); AccessDenied when one
    belongs to another corporation or does not exist (the same refusal for both).
    """
    authorise(app, Permission.ORG_READ, org_id=org_id)
    if first_id == second_id:
        raise ValidationError("Kies twee verschillende metingen om te vergelijken.")
    for round_id in (first_id, second_id):
        authorise(app, Permission.ORG_READ, org_id=org_id, round_id=round_id, resolve=True)
    rounds = {r.id: r for r in app.repo.list_rounds(org_id)}
    before, after = sorted((rounds[first_id], rounds[second_id]), key=lambda r: (r.date, r.id))
    for round_ in (before, after):  # same questions, same meaning: see docs/instrument.md
        if not app.checklist.is_comparable_version(round_.checklist_version):
            raise ValidationError(
                f"Meting '{round_.label}': {app.checklist.unknown_version_message(round_.checklist_version)}"
            )
    previous, current = round_result(app, before.id), round_result(app, after.id)
    for round_, result in ((before, previous), (after, current)):
        if not result.is_complete:
            raise ValidationError(
                f"{round_.label} is een concept met nog te weinig antwoorden om te vergelijken "
                f"(per vraag minstens {MIN_ANSWERS_PER_ITEM} scores of 'n.v.t.'). Kies een andere meting."
            )
    comparison = compare_like_for_like(app.checklist, previous, current)
    scores_before = {i.item_id: i.score for i in previous.items}

    def move(item_id: str, before_score: float | None, after_score: float | None) -> ItemMove:
        item = app.checklist.item(item_id)
        old, new = previous.item(item_id), current.item(item_id)
        return ItemMove(
            item_id=item_id,
            number=item.number,
            question=item.question,
            section_id=app.checklist.section_of(item_id).id,
            before=before_score,
            after=after_score,
            dont_know_before=old.n_dont_know,
            answered_before=old.n_answered,
            dont_know_after=new.n_dont_know,
            answered_after=new.n_answered,
        )

    return RoundComparison(
        before=before,
        after=after,
        overall_before=comparison.overall_before,
        overall_after=comparison.overall_after,
        overall_delta=comparison.overall_delta,
        section_deltas=dict(comparison.section_deltas),
        up=[move(c.item_id, c.before, c.after) for c in comparison.up],
        down=[move(c.item_id, c.before, c.after) for c in comparison.down],
        newly_unknown=[
            move(item_id, scores_before.get(item_id), current.item(item_id).score)
            for item_id in comparison.newly_unknown
        ],
        phase_before=comparison.phase_before,
        phase_after=comparison.phase_after,
        comparison=comparison,
    )


# --------------------------------------------------------------------------- plan progress


@dataclass(frozen=True)
class PlanStatusAt:
    """The improvement plan as it stood on `date` (see the module doc for the rule)."""

    label: str
    date: dt.date
    round_id: int | None  # None for the "Vandaag" row
    total: int  # actions that existed (done + open + dropped)
    done: int
    open: int
    overdue: int  # part of `open`
    dropped: int


def _day(moment: dt.datetime | None) -> dt.date | None:
    return None if moment is None else moment.date()


def plan_status_at(
    actions: list[ImprovementAction], date: dt.date, round_dates: dict[int, dt.date]
) -> tuple[int, int, int, int, int]:
    """(total, done, open, overdue, dropped) on `date`; pure, for the rule in the module doc."""
    done = open_ = overdue = dropped = 0
    for action in actions:
        created = _day(action.created_at)
        if created is not None and created > date:
            continue
        changed = _day(action.updated_at)
        if action.status == ActionStatus.DONE:
            closed = round_dates.get(action.closed_round_id) if action.closed_round_id else changed
            if closed is not None and closed <= date:
                done += 1
                continue
        elif action.status == ActionStatus.DROPPED and changed is not None and changed <= date:
            dropped += 1
            continue
        open_ += 1
        if action.due_date is not None and action.due_date < date:
            overdue += 1
    return done + open_ + dropped, done, open_, overdue, dropped


def plan_progress(app: App, org_id: int) -> list[PlanStatusAt]:
    """The plan at the date of every round, oldest first, plus a "Vandaag" row."""
    authorise(app, Permission.ORG_READ, org_id=org_id)
    rounds = app.repo.list_rounds(org_id)
    actions = app.repo.list_actions(org_id)
    round_dates = {r.id: r.date for r in rounds}
    moments = [(r.label, r.date, r.id) for r in rounds] + [(TODAY_LABEL, app.today(), None)]
    out = []
    for label, date, round_id in moments:
        total, done, open_, overdue, dropped = plan_status_at(actions, date, round_dates)
        out.append(PlanStatusAt(label, date, round_id, total, done, open_, overdue, dropped))
    return out


# --------------------------------------------------------------------------- overview


@dataclass(frozen=True)
class Progress:
    """Everything the Voortgang page shows for one corporation."""

    rounds: list[RoundScores]
    plan: list[PlanStatusAt]

    @property
    def n_rounds(self) -> int:
        return len(self.rounds)


def progress(app: App, org_id: int) -> Progress:
    """Scores of every round and plan progress of one corporation."""
    authorise(app, Permission.ORG_READ, org_id=org_id)
    try:
        app.repo.get_organisation_by_id(org_id)
    except NotFoundError as exc:
        raise ValidationError(str(exc)) from None
    return Progress(rounds=round_scores(app, org_id), plan=plan_progress(app, org_id))


__all__ = [
    "TODAY_LABEL",
    "ItemMove",
    "PlanStatusAt",
    "Progress",
    "RoundComparison",
    "RoundScores",
    "compare_rounds",
    "default_pair",
    "plan_progress",
    "plan_status_at",
    "progress",
    "round_scores",
]
