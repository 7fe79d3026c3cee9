"""Consensus meeting (readiness.consensus): agreed levels take precedence, nothing else moves."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from readiness import scoring
from readiness.consensus import (
    BASIS_MEAN_TEXT,
    LOCKED_CLOSED,
    LOCKED_FINAL,
    REASON_DISAGREEMENT,
    REASON_UNKNOWN,
    AgreedLevel,
    Meeting,
    MeetingStatus,
    agenda,
    apply_consensus,
    basis_text,
    can_reopen,
    locked_reason,
    section_basis_text,
    total_basis_text,
)
from readiness.models import AnswerKind
from readiness.planning import propose_actions
from readiness.scoring import (
    DISAGREEMENT_SPREAD,
    DONT_KNOW_SHARE,
    Disagreement,
    NextStep,
    RoundResult,
    SectionScore,
    readiness_phase,
    score_item,
    score_round,
    target_pct,
)
from tests.unit.test_scoring import CHECKLIST, ITEM_IDS, respondents, rounds, score, special

HELD_ON = dt.date(2026, 3, 10)
MEETING = Meeting(id=1, round_id=1, held_on=HELD_ON)


def agreed(item_id: str, level: int | None, rationale: str = "") -> AgreedLevel:
    return AgreedLevel(meeting_id=1, item_id=item_id, level=level, rationale=rationale)


def score_round_before_consensus(checklist, respondents, answers, target_level=3) -> RoundResult:
    """score_round exactly as it was before consensus meetings existed (a frozen copy)."""
    by_item = defaultdict(list)
    for a in answers:
        by_item[a.item_id].append(a)
    items = [score_item(checklist, it.id, respondents, by_item[it.id]) for it in checklist.items]
    item_by_id = {i.item_id: i for i in items}
    sections = []
    for section in checklist.sections:
        scored = [item_by_id[it.id].score for it in section.items]
        scored = [s for s in scored if s is not None]
        sections.append(
            SectionScore(section.id, section.title, sum(scored) / len(scored) if scored else None,
                         len(section.items), len(scored))
        )  # fmt: skip
    all_scored = [i.score for i in items if i.score is not None]
    overall = sum(all_scored) / len(all_scored) if all_scored else None
    goal = target_pct(target_level)
    gaps = []
    for i in items:
        if i.score is not None and i.score < goal - 1e-9:
            gaps.append(NextStep(i.item_id, i.number, i.section_id, "achterstand", i.score))
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
        items=items, sections=sections, overall=overall,
        phase=readiness_phase(checklist, sections, target_level), gaps=gaps,
        disagreements=disagreements, unknowns=unknowns, n_respondents=len(respondents),
        target_level=target_level,
    )  # fmt: skip


# ---------------------------------------------------------------- without a meeting nothing changes


@settings(max_examples=150, deadline=None)
@given(rounds(), st.integers(1, 4))
def test_without_a_meeting_every_result_is_exactly_as_before(data, target):
    resp, answers = data
    before = score_round_before_consensus(CHECKLIST, resp, answers, target)
    now = score_round(CHECKLIST, resp, answers, target)
    assert now == before
    assert apply_consensus(CHECKLIST, now, None, []) == before
    assert apply_consensus(CHECKLIST, now, MEETING, []) == before  # a meeting that agreed nothing yet
    assert all(i.basis == scoring.BASIS_MEAN and basis_text(i) == BASIS_MEAN_TEXT for i in now.items)


# ---------------------------------------------------------------- an agreed level takes precedence


@settings(max_examples=150, deadline=None)
@given(rounds(), st.data())
def test_an_agreed_level_takes_precedence_and_the_others_keep_their_mean(data, pick):
    resp, answers = data
    plain = score_round(CHECKLIST, resp, answers)
    chosen = pick.draw(st.lists(st.sampled_from(ITEM_IDS), unique=True, max_size=len(ITEM_IDS)))
    levels = {i: pick.draw(st.one_of(st.none(), st.integers(0, 4))) for i in chosen}
    result = apply_consensus(CHECKLIST, plain, MEETING, [agreed(i, lv) for i, lv in levels.items()])
    for before, after in zip(plain.items, result.items, strict=True):
        if after.item_id in levels:
            level = levels[after.item_id]
            assert after.mean == (None if level is None else level)
            assert after.basis == scoring.BASIS_CONSENSUS
            assert basis_text(after) == "vastgesteld in het consensusgesprek van 10 maart 2026"
            # what the respondents said stays visible beside the agreed level
            assert after.respondents_mean == before.mean
            assert (after.by_role, after.n_dont_know, after.n_scored) == (
                before.by_role, before.n_dont_know, before.n_scored,
            )
        else:
            assert after == before
    # sections, total and phase follow the items as the ordinary rules say
    expected = scoring.summarise(CHECKLIST, result.items, len(resp))
    assert (result.sections, result.overall, result.phase, result.gaps) == (
        expected.sections, expected.overall, expected.phase, expected.gaps,
    )
    assert result.disagreements == plain.disagreements and result.unknowns == plain.unknowns


def test_an_agreed_level_changes_section_total_phase_and_next_steps():
    resp = respondents(2)  # bestuur, uitvoering
    answers = [
        score(1, "dra-01", 4), score(2, "dra-01", 0),  # mean 2: below target, roles 4 apart
        score(1, "dra-02", 3), score(2, "dra-02", 3),
        score(1, "stp-01", 3), score(2, "stp-01", 3),
        score(1, "stp-02", 3), score(2, "stp-02", 3),
        special(1, "ken-01", AnswerKind.DONT_KNOW), special(2, "ken-01", AnswerKind.DONT_KNOW),
    ]
    plain = score_round(CHECKLIST, resp, answers)
    assert plain.section("draagvlak").score == pytest.approx(62.5) and plain.phase.level == 0
    assert [g.item_id for g in plain.gaps] == ["dra-01", "ken-01"]

    result = apply_consensus(CHECKLIST, plain, MEETING, [agreed("dra-01", 3), agreed("ken-01", 2)])
    assert result.item("dra-01").score == pytest.approx(75)
    assert result.item("dra-01").respondents_mean == pytest.approx(2)
    assert result.section("draagvlak").score == pytest.approx(75)
    assert result.phase.level == 2  # draagvlak and stappenplan now at target
    assert result.overall == pytest.approx((75 + 75 + 75 + 75 + 50) / 5)
    # ken-01 is no longer unknown for the plan: the team agreed on 2 (below target)
    assert [(g.item_id, g.reason) for g in result.gaps] == [("ken-01", "achterstand")]
    # the disagreement between roles is still reported: it is what people answered
    assert [d.item_id for d in result.disagreements] == ["dra-01"]


def test_section_and_total_scores_say_their_basis_in_the_items_words():
    resp = respondents(2)
    answers = [score(r, item_id, 3) for r in (1, 2) for item_id in ("dra-01", "dra-02", "stp-01", "stp-02")]
    plain = score_round(CHECKLIST, resp, answers)
    assert section_basis_text(plain, "draagvlak") == total_basis_text(plain) == BASIS_MEAN_TEXT
    assert section_basis_text(plain, "kennis") == ""  # no score, no basis

    result = apply_consensus(CHECKLIST, plain, MEETING, [agreed("dra-01", 2), agreed("dra-02", 4),
                                                         agreed("stp-01", None)])  # fmt: skip
    agreed_words = basis_text(result.item("dra-01"))
    assert agreed_words == "vastgesteld in het consensusgesprek van 10 maart 2026"
    assert section_basis_text(result, "draagvlak") == agreed_words  # every scored item agreed
    # "nog niet te bepalen" has no score, so it is not part of the section's score
    assert section_basis_text(result, "stappenplan") == BASIS_MEAN_TEXT
    assert total_basis_text(result) == f"bij 2 van de 3 vragen {agreed_words}, verder {BASIS_MEAN_TEXT}"
    everything = apply_consensus(CHECKLIST, plain, MEETING, [agreed(i, 1) for i in ("dra-01", "dra-02", "stp-01", "stp-02")])
    assert total_basis_text(everything) == agreed_words


def test_not_yet_determinable_is_no_score_and_an_unknown_next_step():
    resp = respondents(2)
    answers = [score(1, "dra-01", 4), score(2, "dra-01", 4)]
    plain = score_round(CHECKLIST, resp, answers)
    assert plain.gaps == []
    result = apply_consensus(CHECKLIST, plain, MEETING, [agreed("dra-01", None)])
    assert result.item("dra-01").score is None
    assert result.item("dra-01").respondents_mean == 4
    assert [(g.item_id, g.reason) for g in result.gaps] == [("dra-01", "onbekend")]


def test_plan_proposals_follow_the_agreed_level():
    resp = respondents(2)
    answers = [special(1, "dra-01", AnswerKind.DONT_KNOW), score(2, "dra-01", 4)]
    plain = score_round(CHECKLIST, resp, answers)
    assert {p.item_id for p in propose_actions(CHECKLIST, plain, [])} == {"dra-01"}
    at_target = apply_consensus(CHECKLIST, plain, MEETING, [agreed("dra-01", 3)])
    assert propose_actions(CHECKLIST, at_target, []) == []
    below = apply_consensus(CHECKLIST, plain, MEETING, [agreed("dra-01", 1)])
    assert {p.priority.value for p in propose_actions(CHECKLIST, below, [])} == {"hoog"}


# ---------------------------------------------------------------- agenda


def test_agenda_puts_disagreement_and_unknowns_first_in_build_up_order():
    resp = respondents(4)  # bestuur, uitvoering, bestuur, uitvoering
    answers = [
        score(1, "dra-01", 3), score(2, "dra-01", 3), score(3, "dra-01", 3), score(4, "dra-01", 3),
        score(1, "dra-02", 3), score(2, "dra-02", 3),
        special(3, "dra-02", AnswerKind.DONT_KNOW), special(4, "dra-02", AnswerKind.DONT_KNOW),
        score(1, "stp-01", 4), score(2, "stp-01", 1), score(3, "stp-01", 4), score(4, "stp-01", 1),
        score(1, "ken-01", 4), score(2, "ken-01", 0),
        special(3, "ken-01", AnswerKind.DONT_KNOW), special(4, "ken-01", AnswerKind.DONT_KNOW),
    ]
    rows = agenda(score_round(CHECKLIST, resp, answers))
    assert [(r.item_id, r.reasons) for r in rows] == [
        ("dra-02", (REASON_UNKNOWN,)),
        ("stp-01", (REASON_DISAGREEMENT,)),
        ("ken-01", (REASON_DISAGREEMENT, REASON_UNKNOWN)),
        ("dra-01", ()),  # answered, no reason: after the priority items
    ]  # stp-02 has no answers: not on the agenda
    assert rows[1].spread == 3 and rows[3].spread == 0


@settings(max_examples=100, deadline=None)
@given(rounds())
def test_agenda_priority_items_are_exactly_the_disagreements_and_unknowns(data):
    result = score_round(CHECKLIST, *data)
    rows = agenda(result)
    flagged = {d.item_id for d in result.disagreements} | {i.item_id for i in result.unknowns}
    assert {r.item_id for r in rows if r.priority} == flagged
    priority_numbers = [r.number for r in rows if r.priority]
    assert priority_numbers == sorted(priority_numbers)
    assert all(not r.priority for r in rows[len(priority_numbers):])


# ---------------------------------------------------------------- life cycle


def test_life_cycle_rule():
    open_ = MEETING
    closed = MEETING.model_copy(update={"status": MeetingStatus.CLOSED})
    assert locked_reason(open_, round_final=False) is None
    assert locked_reason(open_, round_final=True) is None  # held after finalising: still open
    assert locked_reason(closed, round_final=False) == LOCKED_CLOSED
    assert locked_reason(closed, round_final=True) == LOCKED_FINAL
    assert can_reopen(closed, round_final=False) and not can_reopen(closed, round_final=True)


def test_agreed_level_validates_its_range():
    with pytest.raises(ValueError):
        agreed("dra-01", 5)
