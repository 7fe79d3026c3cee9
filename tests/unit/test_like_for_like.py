"""Like for like (readiness.consensus.compare_like_for_like): a change between two rounds is
computed on one basis, so agreed levels from a consensus meeting never read as a decline."""

from __future__ import annotations

import datetime as dt

from readiness.consensus import (
    AgreedLevel,
    Meeting,
    agreed_change_text,
    apply_consensus,
    compare_like_for_like,
    respondents_result,
)
from readiness.scoring import compare, score_round
from tests.unit.test_scoring import CHECKLIST, ITEM_IDS, respondents, score

HELD_ON = dt.date(2026, 5, 31)


def _answers():
    # bestuur 4, uitvoering 2 on every item: mean 3 (75, at target) everywhere
    return [score(1, i, 4) for i in ITEM_IDS] + [score(2, i, 2) for i in ITEM_IDS]


def _rounds(levels: dict[str, int | None]):
    """Two rounds with the same answers; the second has a meeting that agreed `levels`."""
    before = score_round(CHECKLIST, respondents(2), _answers())
    plain = score_round(CHECKLIST, respondents(2), _answers())
    meeting = Meeting(id=1, round_id=2, held_on=HELD_ON)
    agreed = [AgreedLevel(meeting_id=1, item_id=i, level=lv, rationale="besproken") for i, lv in levels.items()]
    return before, apply_consensus(CHECKLIST, plain, meeting, agreed)


def test_two_rounds_that_differ_only_in_basis_show_no_change_and_name_the_basis_and_the_items():
    before, after = _rounds({"dra-01": 2, "dra-02": 2})  # the meeting agreed lower levels
    shown = compare(before, after)
    assert shown.overall_delta < 0 and shown.phase_after < shown.phase_before  # what used to be shown

    change = compare_like_for_like(CHECKLIST, before, after)
    assert change.basis_changed
    assert change.overall_delta == 0 and change.overall_before == change.overall_after == 75
    assert change.phase_before == change.phase_after == before.phase.level
    assert all(d == 0 for d in change.section_deltas.values())
    assert change.up == [] and change.down == []
    assert change.basis_items == (1, 2)
    assert "vragen 1 en 2" in change.basis_note and "31 mei 2026" in change.basis_note
    assert "gemiddelde van de respondenten in beide metingen" in change.basis_note
    assert "(75 → 75, 0)" in change.basis_note  # the like-for-like figure …
    assert "met de vastgestelde niveaus is het 75 → 65 (−10)" in change.basis_note  # … and the one with agreed levels
    assert change.shown.phase_after == after.phase.level
    assert "alleen door de andere basis" in change.phase_note
    assert f"blijft de fase {before.phase.level}" in change.phase_note
    assert agreed_change_text(change) == f"met vastgestelde niveaus: 65 (−10), fase {after.phase.level}"


def test_rounds_on_the_same_basis_compare_as_shown():
    before, after = _rounds({})
    change = compare_like_for_like(CHECKLIST, before, after)
    assert not change.basis_changed and change.basis_note == "" and change.phase_note == ""
    assert change == compare(before, after)


def test_an_item_agreed_as_not_yet_determinable_counts_on_the_respondents_mean_for_the_change():
    before, after = _rounds({"stp-01": None})
    assert after.item("stp-01").mean is None
    change = compare_like_for_like(CHECKLIST, before, after)
    assert change.basis_items == (3,) and "vraag 3 " in change.basis_note
    assert change.overall_delta == 0


def test_respondents_result_takes_every_agreed_level_out_again():
    before, after = _rounds({"dra-01": 0, "ken-01": None})
    back = respondents_result(CHECKLIST, after)
    assert back.overall == before.overall and back.phase == before.phase
    assert all(i.agreement is None for i in back.items)
    assert [i.mean for i in back.items] == [i.mean for i in before.items]


def test_a_question_the_meeting_could_not_judge_is_named_apart_from_the_agreed_levels():
    """Start's note and Resultaten's basis count must not seem to disagree: an agreed "nog
    niet te bepalen" has no score, so it is not among the questions whose level was agreed."""
    before, after = _rounds({"dra-01": 2, "dra-02": None})
    change = compare_like_for_like(CHECKLIST, before, after)
    assert change.basis_items == (1, 2)
    assert "bij vraag 1 geldt in deze meting het niveau" in change.basis_note
    assert "vraag 2 is in het consensusgesprek van 31 mei 2026 'nog niet te bepalen' genoemd" in change.basis_note
    assert "vragen 1 en 2" not in change.basis_note
