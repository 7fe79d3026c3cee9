"""Improvement plans: proposals from gaps, follow-up after a round, the status life cycle."""

from __future__ import annotations

import datetime as dt

import pytest

from readiness.config import DEFAULT_CHECKLIST
from readiness.checklist import load_checklist
from readiness.models import (
    ActionStatus,
    Answer,
    AnswerKind,
    Checklist,
    ImprovementAction,
    Item,
    Phase,
    Priority,
    Respondent,
    Role,
    ScaleLevel,
    Section,
    SuggestedAction,
)
from readiness.planning import (
    TRANSITIONS,
    allowed_next,
    check_transition,
    closable_actions,
    overdue,
    plan_summary,
    propose_actions,
    suggestion_key,
)
from readiness.scoring import score_round

TODAY = dt.date(2026, 5, 1)


def make_checklist() -> Checklist:
    """Foundation sections first (draagvlak, stappenplan), then a later one; 2 actions per item."""
    layout = {
        "draagvlak": ["dra-01", "dra-02"],
        "stappenplan": ["stp-01"],
        "kennis_ondersteuning": ["ken-01", "ken-02", "ken-03"],
    }
    number, sections = 0, []
    for sid, ids in layout.items():
        items = []
        for iid in ids:
            number += 1
            actions = [
                SuggestedAction(text=f"Actie A voor {iid}", source=f"Handreiking p. {number}"),
                SuggestedAction(text=f"Actie B voor {iid}", source=f"Handreiking p. {number + 1}"),
            ]
            items.append(
                Item(id=iid, number=number, question=f"Vraag {number}", explanation="e", source="p. 21",
                     allows_na=iid == "ken-03", roles=["bestuur", "uitvoering"], actions=actions)
            )
        sections.append(Section(id=sid, title=sid, items=items))
    return Checklist(
        version="test", title="t", source="s",
        scale=[ScaleLevel(value=v, label=str(v), description="d") for v in range(5)],
        dont_know_label="Weet ik niet", na_label="N.v.t.",
        roles=[Role(id="bestuur", label="Bestuur"), Role(id="uitvoering", label="Uitvoering")],
        phases=[Phase(level=0, name="Start", description="d"),
                Phase(level=1, name="Draagvlak", description="d", requires=["draagvlak"])],
        sections=sections,
    )


CHECKLIST = make_checklist()
RESPONDENTS = [Respondent(id=1, round_id=1, role="bestuur"), Respondent(id=2, round_id=1, role="uitvoering")]


def answers(spec: dict[str, tuple]) -> list[Answer]:
    """{item: (value of respondent 1, value of respondent 2)}; a value is 0-4, 'wn' or 'nvt'."""
    out = []
    for item_id, values in spec.items():
        for rid, value in enumerate(values, start=1):
            if value == "wn":
                out.append(Answer(respondent_id=rid, item_id=item_id, kind=AnswerKind.DONT_KNOW))
            elif value == "nvt":
                out.append(Answer(respondent_id=rid, item_id=item_id, kind=AnswerKind.NOT_APPLICABLE))
            else:
                out.append(Answer(respondent_id=rid, item_id=item_id, kind=AnswerKind.SCORE, score=value))
    return out


def result(spec: dict[str, tuple], target: int = 3):
    return score_round(CHECKLIST, RESPONDENTS, answers(spec), target)


def action(item_id: str, text: str, status=ActionStatus.PLANNED, due=None, id=1) -> ImprovementAction:
    return ImprovementAction(id=id, org_id=1, item_id=item_id, description=text, status=status, due_date=due)


ALL_AT_TARGET = {"dra-01": (3, 4), "dra-02": (4, 4), "stp-01": (3, 3), "ken-01": (4, 3), "ken-02": (3, 3), "ken-03": (3, 4)}


# ---------------------------------------------------------------- proposals


def test_items_at_target_get_no_proposals():
    assert propose_actions(CHECKLIST, result(ALL_AT_TARGET), [], 3) == []


def test_a_gap_proposes_all_suggested_actions_of_that_item_with_source_and_reason():
    proposals = propose_actions(CHECKLIST, result({**ALL_AT_TARGET, "ken-02": (1, 1)}), [], 3)
    assert [(p.item_id, p.description, p.source) for p in proposals] == [
        ("ken-02", "Actie A voor ken-02", "Handreiking p. 5"),
        ("ken-02", "Actie B voor ken-02", "Handreiking p. 6"),
    ]
    assert {p.reason for p in proposals} == {"Score 25 (streefniveau 75)"}


def test_priority_high_for_foundation_sections_and_large_gaps_medium_otherwise():
    spec = {
        **ALL_AT_TARGET,
        "dra-02": (2, 3),   # 62.5: small gap, but in draagvlak -> hoog
        "ken-01": (1, 2),   # 37.5: large gap in a later section -> hoog
        "ken-02": (2, 3),   # 62.5: small gap in a later section -> middel
    }
    priority = {p.item_id: p.priority for p in propose_actions(CHECKLIST, result(spec), [], 3)}
    assert priority == {"dra-02": Priority.HIGH, "ken-01": Priority.HIGH, "ken-02": Priority.MEDIUM}


def test_proposals_sorted_by_priority_then_item_number():
    spec = {**ALL_AT_TARGET, "ken-02": (0, 0), "dra-01": (2, 2), "ken-01": (2, 3), "stp-01": ("wn", "wn")}
    order = []
    for p in propose_actions(CHECKLIST, result(spec), [], 3):
        if p.item_id not in order:
            order.append(p.item_id)
    # hoog: dra-01 (1), ken-02 (5); middel: stp-01 (3, unknown), ken-01 (4)
    assert order == ["dra-01", "ken-02", "stp-01", "ken-01"]


def test_mostly_unknown_item_is_proposed_with_medium_priority_and_dont_know_reason():
    proposals = propose_actions(CHECKLIST, result({**ALL_AT_TARGET, "ken-01": (4, "wn")}), [], 3)
    assert {(p.item_id, p.priority) for p in proposals} == {("ken-01", Priority.MEDIUM)}
    assert proposals[0].reason == "Veel 'weet ik niet' (1 van 2 antwoorden)"


def test_item_answered_only_not_applicable_gets_no_proposal():
    assert propose_actions(CHECKLIST, result({**ALL_AT_TARGET, "ken-03": ("nvt", "nvt")}), [], 3) == []


def test_actions_already_in_the_plan_are_not_proposed_again_ignoring_case_and_spacing():
    existing = [action("ken-02", "  actie a   VOOR ken-02 ", status=ActionStatus.DROPPED)]
    proposals = propose_actions(CHECKLIST, result({**ALL_AT_TARGET, "ken-02": (1, 1)}), existing, 3)
    assert [p.description for p in proposals] == ["Actie B voor ken-02"]


def test_same_text_on_another_item_does_not_count_as_already_planned():
    existing = [action("ken-01", "Actie A voor ken-02")]
    proposals = propose_actions(CHECKLIST, result({**ALL_AT_TARGET, "ken-02": (1, 1)}), existing, 3)
    assert len(proposals) == 2


def test_an_accepted_suggestion_is_not_proposed_again_after_its_text_was_rewritten():
    gap = result({**ALL_AT_TARGET, "ken-02": (1, 1)})
    first = propose_actions(CHECKLIST, gap, [], 3)[0]
    assert first.key == suggestion_key("ken-02", "Actie A voor ken-02")
    rewritten = action("ken-02", "Training signaleren voor alle huismeesters, in het voorjaar").model_copy(
        update={"suggestion_key": first.key}
    )
    proposals = propose_actions(CHECKLIST, gap, [rewritten], 3)
    assert [p.description for p in proposals] == ["Actie B voor ken-02"]


def test_across_checklist_versions_a_reworded_suggestion_stays_taken_a_changed_one_is_proposed():
    """Checklist 2026.2 reworded suggestions of 2026.1. Where the meaning stayed, the new
    wording lists the old key in ``replaces`` and an action accepted from the old wording
    takes it; where the meaning changed (str-01's case register, issue 12) it is proposed."""
    checklist = load_checklist(DEFAULT_CHECKLIST)
    resp = [Respondent(id=1, round_id=1, role="management")]
    zero = [Answer(respondent_id=1, item_id=i.id, kind=AnswerKind.SCORE, score=0) for i in checklist.items]
    gaps = score_round(checklist, resp, zero, 3)
    old_text = {  # 2026.1 wordings, as accepted into a plan then
        "str-01:054d05fb1d63": "Wijs een aandachtsfunctionaris huiselijk geweld en kindermishandeling aan "
        "en leg taken en uren vast in de functie.",
        "str-01:f06667eed094": "Laat de aandachtsfunctionaris het verloop van casussen bijhouden, zonder "
        "gegevens van huurders, en daar periodiek over rapporteren aan het management.",
    }
    for key, text in old_text.items():
        assert suggestion_key("str-01", text) == key
    accepted = [action("str-01", text).model_copy(update={"suggestion_key": key}) for key, text in old_text.items()]
    proposed = [p.description for p in propose_actions(checklist, gaps, accepted, 3) if p.item_id == "str-01"]
    reworded, _, changed = checklist.item("str-01").actions
    assert "str-01:054d05fb1d63" in reworded.replaces and not changed.replaces
    assert reworded.text not in proposed
    assert changed.text in proposed


def test_an_accepted_suggestion_moved_to_another_item_still_counts_as_taken():
    gap = result({**ALL_AT_TARGET, "ken-02": (1, 1)})
    moved = action("ken-01", "Iets anders", id=2).model_copy(
        update={"suggestion_key": suggestion_key("ken-02", "Actie B voor ken-02")}
    )
    assert [p.description for p in propose_actions(CHECKLIST, gap, [moved], 3)] == ["Actie A voor ken-02"]


def test_a_deleted_suggestion_is_proposed_again_a_dropped_one_is_not():
    gap = result({**ALL_AT_TARGET, "ken-02": (1, 1)})
    accepted = [
        action(p.item_id, f"Herschreven {p.description}", id=n, status=ActionStatus.DROPPED).model_copy(
            update={"suggestion_key": p.key}
        )
        for n, p in enumerate(propose_actions(CHECKLIST, gap, [], 3), start=1)
    ]
    assert propose_actions(CHECKLIST, gap, accepted, 3) == []  # both dropped: a decision
    remaining = [a for a in accepted if a.id != 1]  # action 1 deleted from the plan
    assert [p.description for p in propose_actions(CHECKLIST, gap, remaining, 3)] == ["Actie A voor ken-02"]


def test_suggestion_key_ignores_case_and_spacing_and_differs_per_item_and_text():
    key = suggestion_key("ken-02", "Actie A voor ken-02")
    assert key == suggestion_key("ken-02", "  actie a   VOOR ken-02 ")
    assert len({key, suggestion_key("ken-01", "Actie A voor ken-02"), suggestion_key("ken-02", "Actie B")}) == 3


def test_target_level_decides_what_is_a_gap():
    spec = {**ALL_AT_TARGET, "ken-02": (3, 3)}  # 75
    assert propose_actions(CHECKLIST, result(spec), [], 3) == []
    at_four = propose_actions(CHECKLIST, result(spec), [], 4)
    assert "ken-02" in {p.item_id for p in at_four}
    assert next(p for p in at_four if p.item_id == "ken-02").reason == "Score 75 (streefniveau 100)"


def test_real_checklist_every_item_at_zero_proposes_its_handreiking_actions_foundation_first():
    checklist = load_checklist(DEFAULT_CHECKLIST)
    resp = [Respondent(id=1, round_id=1, role="bestuur")]
    zero = [Answer(respondent_id=1, item_id=i.id, kind=AnswerKind.SCORE, score=0) for i in checklist.items]
    proposals = propose_actions(checklist, score_round(checklist, resp, zero, 3), [], 3)
    assert len(proposals) == sum(len(i.actions) for i in checklist.items)
    assert all(p.priority == Priority.HIGH for p in proposals)
    # every proposal carries its citation, or None for an own suggestion (shown as such)
    suggestions = {(i.id, a.text): a for i in checklist.items for a in i.actions}
    for p in proposals:
        action = suggestions[(p.item_id, p.description)]
        assert p.source == action.source
        assert (p.source is None) == action.own_suggestion
        assert p.source is None or p.source.startswith("Handreiking, ")
    assert any(p.source is None for p in proposals) and any(p.source for p in proposals)
    assert [p.item_number for p in proposals] == sorted(p.item_number for p in proposals)


# ---------------------------------------------------------------- closing and overdue


def test_open_actions_on_items_now_at_target_are_offered_for_closing():
    actions = [
        action("dra-01", "x", ActionStatus.PLANNED, id=1),
        action("dra-01", "y", ActionStatus.DONE, id=2),          # already closed
        action("ken-02", "z", ActionStatus.IN_PROGRESS, id=3),   # item still below target
        action("ken-01", "w", ActionStatus.IN_PROGRESS, id=4),
    ]
    res = result({**ALL_AT_TARGET, "ken-02": (1, 2)})
    assert [a.id for a in closable_actions(res, actions, 3)] == [1, 4]


def test_item_at_target_score_but_mostly_unknown_is_not_offered_for_closing():
    res = result({**ALL_AT_TARGET, "ken-01": (4, "wn")})
    assert closable_actions(res, [action("ken-01", "x")], 3) == []


def test_overdue_only_open_actions_past_their_due_date_oldest_first():
    actions = [
        action("dra-01", "a", ActionStatus.PLANNED, due=TODAY - dt.timedelta(days=1), id=1),
        action("dra-01", "b", ActionStatus.IN_PROGRESS, due=TODAY - dt.timedelta(days=30), id=2),
        action("dra-01", "c", ActionStatus.DONE, due=TODAY - dt.timedelta(days=30), id=3),
        action("dra-01", "d", ActionStatus.PLANNED, due=TODAY, id=4),
        action("dra-01", "e", ActionStatus.PLANNED, due=None, id=5),
    ]
    assert [a.id for a in overdue(actions, TODAY)] == [2, 1]


def test_plan_summary_counts_per_status_and_overdue():
    actions = [
        action("dra-01", "a", ActionStatus.PLANNED, due=TODAY - dt.timedelta(days=1), id=1),
        action("dra-01", "b", ActionStatus.PLANNED, id=2),
        action("dra-01", "c", ActionStatus.IN_PROGRESS, id=3),
        action("dra-01", "d", ActionStatus.DONE, due=TODAY - dt.timedelta(days=9), id=4),
    ]
    summary = plan_summary(actions, TODAY)
    assert summary.counts == {
        ActionStatus.PLANNED: 2, ActionStatus.IN_PROGRESS: 1, ActionStatus.DONE: 1, ActionStatus.DROPPED: 0,
    }
    assert (summary.open, summary.overdue, summary.total) == (3, 1, 4)


# ---------------------------------------------------------------- life cycle


@pytest.mark.parametrize(
    ("current", "new"),
    [
        (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS),
        (ActionStatus.IN_PROGRESS, ActionStatus.DONE),
        (ActionStatus.PLANNED, ActionStatus.DROPPED),
        (ActionStatus.IN_PROGRESS, ActionStatus.DROPPED),
        (ActionStatus.DONE, ActionStatus.IN_PROGRESS),   # reopen
        (ActionStatus.DROPPED, ActionStatus.PLANNED),    # revive
        (ActionStatus.DONE, ActionStatus.DONE),
    ],
)
def test_allowed_transitions(current, new):
    check_transition(current, new)


@pytest.mark.parametrize(
    ("current", "new"),
    [
        (ActionStatus.DONE, ActionStatus.DROPPED),
        (ActionStatus.DROPPED, ActionStatus.DONE),
        (ActionStatus.DROPPED, ActionStatus.IN_PROGRESS),
        (ActionStatus.IN_PROGRESS, ActionStatus.PLANNED),
    ],
)
def test_disallowed_transition_raises_a_dutch_message_naming_both_statuses(current, new):
    # the words people read (a dropped action is "geschrapt", whatever value is stored)
    words = {ActionStatus.PLANNED: "gepland", ActionStatus.IN_PROGRESS: "bezig",
             ActionStatus.DONE: "gereed", ActionStatus.DROPPED: "geschrapt"}  # fmt: skip
    with pytest.raises(ValueError, match=f"status '{words[current]}' kan niet naar '{words[new]}'"):
        check_transition(current, new)


def test_allowed_next_lists_current_status_first_and_matches_the_transition_table():
    for status, targets in TRANSITIONS.items():
        options = allowed_next(status)
        assert options[0] == status
        assert set(options[1:]) == set(targets)
        for target in ActionStatus:
            if target not in options:
                with pytest.raises(ValueError):
                    check_transition(status, target)


def test_from_checklist_2026_2_a_reworded_suggestion_stays_taken_a_changed_one_is_proposed():
    """Checklist 2026.3 (issue 26). str-05's reworded referral line keeps its 2026.2 key in
    ``replaces``; its survey action changed meaning (only an anonymous awareness survey) and
    is proposed again to a corporation that accepted the 2026.2 wording."""
    checklist = load_checklist(DEFAULT_CHECKLIST)
    resp = [Respondent(id=1, round_id=1, role="management")]
    zero = [Answer(respondent_id=1, item_id=i.id, kind=AnswerKind.SCORE, score=0) for i in checklist.items]
    gaps = score_round(checklist, resp, zero, 3)
    old_text = {  # 2026.2 wordings, as accepted into a plan then
        "str-05:7fff2bb7f655": "Voeg vragen over veiligheid achter de voordeur toe aan het "
        "huurderstevredenheidsonderzoek.",
        "str-05:e4fe3a45c254": "Vermeld bij die vragen waar huurders met zorgen terechtkunnen: Veilig Thuis "
        "(0800-2000), en bij acuut gevaar 112.",
    }
    for key, text in old_text.items():
        assert suggestion_key("str-05", text) == key
    accepted = [action("str-05", text).model_copy(update={"suggestion_key": key}) for key, text in old_text.items()]
    proposed = {p.description: p for p in propose_actions(checklist, gaps, accepted, 3) if p.item_id == "str-05"}
    survey, referral, _totals = checklist.item("str-05").actions
    assert "str-05:e4fe3a45c254" in referral.replaces and referral.text not in proposed
    assert "str-05:7fff2bb7f655" not in survey.replaces and survey.text in proposed
    assert proposed[survey.text].kind == "uitwerking" and proposed[survey.text].quotes
