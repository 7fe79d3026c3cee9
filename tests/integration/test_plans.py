"""Improvement plans through the services, on SQLite and PostgreSQL (the `repo` fixture)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from readiness.access import AccessDenied

from readiness.config import DEFAULT_CHECKLIST, Settings
from readiness.models import ActionStatus, AnswerKind, ConflictError, Priority
from readiness.privacy import PersonalDataError
from readiness.services import App
from readiness.services import plans
from readiness.services.assessment import (
    ValidationError,
    add_respondent,
    create_organisation,
    finalise_round,
    save_answer,
    start_round,
)

TODAY = dt.date(2026, 5, 1)


@pytest.fixture
def app(repo, checklist, tmp_path: Path) -> App:
    settings = Settings(
        database_url="sqlite://", checklist_path=DEFAULT_CHECKLIST, reports_dir=tmp_path, target_level=3
    )
    return App(settings=settings, repo=repo, checklist=checklist, today=lambda: TODAY)


@pytest.fixture
def org(app):
    return create_organisation(app, "Woonstede Test", "M", "Utrecht")


def measured_round(app, org, label: str, scores: dict[str, int | str], date: dt.date, default: int = 4):
    """A final round with one respondent: `scores` per item id (0-4 or 'wn'), others `default`."""
    round_ = start_round(app, org.id, label, date)
    resp = add_respondent(app, round_.id, "management")
    for item in app.checklist.items:
        value = scores.get(item.id, default)
        if value == "wn":
            save_answer(app, resp.id, item.id, AnswerKind.DONT_KNOW, expected_version=None)
        else:
            save_answer(app, resp.id, item.id, AnswerKind.SCORE, value, expected_version=None)
    return finalise_round(app, round_.id)


@pytest.fixture
def first_round(app, org):
    """Draagvlak item dra-02 and kennis item ken-01 lag behind; everything else is at 4."""
    return measured_round(app, org, "Nulmeting 2025", {"dra-02": 1, "ken-01": 2}, dt.date(2025, 3, 1))


# --------------------------------------------------------------------------- proposals


def test_proposals_cover_the_lagging_items_with_the_checklist_suggestions(app, org, first_round):
    proposals = plans.proposals_for_round(app, first_round.id)
    expected = [a.text for a in app.checklist.item("dra-02").actions + app.checklist.item("ken-01").actions]
    assert [p.description for p in proposals] == expected
    assert {p.item_id: p.priority for p in proposals} == {"dra-02": Priority.HIGH, "ken-01": Priority.MEDIUM}


def test_accepting_a_proposal_puts_it_in_the_plan_and_it_is_not_proposed_again(app, org, first_round):
    proposal = plans.proposals_for_round(app, first_round.id)[0]
    action = plans.accept_proposal(app, org.id, first_round.id, proposal, owner="manager wonen",
                                   due_date=dt.date(2026, 9, 1))

    stored = plans.list_plan(app, org.id)
    assert [(a.id, a.item_id, a.description, a.owner, a.status, a.priority, a.origin_round_id) for a in stored] == [
        (action.id, proposal.item_id, proposal.description, "manager wonen", ActionStatus.PLANNED,
         proposal.priority, first_round.id)
    ]
    assert proposal not in plans.proposals_for_round(app, first_round.id)
    with pytest.raises(ValidationError, match="staat al in het verbeterplan"):
        plans.accept_proposal(app, org.id, first_round.id, proposal)
    assert len(plans.list_plan(app, org.id)) == 1


def test_accepting_all_is_all_or_nothing(app, org, first_round):
    proposals = plans.proposals_for_round(app, first_round.id)
    plans.accept_proposal(app, org.id, first_round.id, proposals[-1])
    with pytest.raises(ValidationError, match="staat al in het verbeterplan"):
        plans.accept_proposals(app, org.id, first_round.id, proposals)  # the last one is a duplicate
    assert len(plans.list_plan(app, org.id)) == 1

    added = plans.accept_proposals(app, org.id, first_round.id, proposals[:-1])
    assert len(added) == len(proposals) - 1
    assert plans.proposals_for_round(app, first_round.id) == []


def test_a_round_of_another_corporation_is_refused(app, org, first_round):
    other = create_organisation(app, "Andere Corporatie", "S", "Twente")
    proposal = plans.proposals_for_round(app, first_round.id)[0]
    with pytest.raises(AccessDenied):  # the same refusal as for a round that does not exist
        plans.accept_proposal(app, other.id, first_round.id, proposal)
    assert plans.list_plan(app, other.id) == []


def test_a_rewritten_accepted_proposal_is_not_proposed_again_in_this_or_a_later_round(app, org, first_round):
    proposal = plans.proposals_for_round(app, first_round.id)[0]
    accepted = plans.accept_proposal(app, org.id, first_round.id, proposal)
    assert accepted.suggestion_key == proposal.key is not None
    rewritten = plans.update_action(
        app, accepted.model_copy(update={"description": "Draagvlak bespreken in het MT van september"}),
        accepted.version,
    )  # fmt: skip
    assert plans.get_action(app, accepted.id).suggestion_key == proposal.key
    assert proposal.description not in [p.description for p in plans.proposals_for_round(app, first_round.id)]
    later = measured_round(app, org, "Meting 2026", {"dra-02": 1}, dt.date(2026, 3, 1))
    assert proposal.description not in [p.description for p in plans.proposals_for_round(app, later.id)]
    # and accepting the stale proposal (a second browser tab) is refused
    with pytest.raises(ValidationError, match="staat al in het verbeterplan"):
        plans.accept_proposal(app, org.id, first_round.id, proposal)
    assert [a.id for a in plans.list_plan(app, org.id)] == [rewritten.id]


def test_an_action_from_before_the_key_is_linked_to_its_suggestion_when_first_edited(app, org, first_round):
    suggestion = app.checklist.item("dra-02").actions[0].text
    plans.add_action(app, org.id, "dra-02", suggestion)  # as stored before revision 0004: no key
    (legacy,) = plans.list_plan(app, org.id)
    assert legacy.suggestion_key is None
    plans.update_action(app, legacy.model_copy(update={"description": "In eigen woorden"}), legacy.version)
    assert suggestion not in [p.description for p in plans.proposals_for_round(app, first_round.id)]


# --------------------------------------------------------------------------- own actions


def test_own_action_is_validated_and_stored(app, org):
    action = plans.add_action(app, org.id, "stp-05", "  Sociale kaart op intranet zetten ", "sociaal consulent",
                              dt.date(2026, 6, 1), "hoog", "Afstemmen met gemeente")
    assert plans.get_action(app, action.id).model_dump(include={"description", "owner", "priority", "notes"}) == {
        "description": "Sociale kaart op intranet zetten", "owner": "sociaal consulent",
        "priority": Priority.HIGH, "notes": "Afstemmen met gemeente",
    }
    with pytest.raises(ValidationError, match="Onbekend checklistpunt 'xyz-99'"):
        plans.add_action(app, org.id, "xyz-99", "Iets doen")
    with pytest.raises(ValidationError, match="Kies het checklistpunt"):
        plans.add_action(app, org.id, "", "Iets doen")
    with pytest.raises(ValidationError, match="Vul het veld 'Actie' in"):
        plans.add_action(app, org.id, "stp-05", "   ")
    with pytest.raises(ValidationError, match="ligt in het verleden"):
        plans.add_action(app, org.id, "stp-05", "Later doen", due_date=TODAY - dt.timedelta(days=1))
    assert len(plans.list_plan(app, org.id)) == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [("notes", "Bel de huurder op 06-12345678"), ("owner", "j.jansen@corporatie.nl")],
)
def test_personal_data_in_an_action_is_refused_and_nothing_is_stored(app, org, field, value):
    kwargs = {"description": "Huisbezoeken evalueren", "owner": "", "notes": ""} | {field: value}
    with pytest.raises(PersonalDataError) as refused:
        plans.add_action(app, org.id, "ken-01", **kwargs)
    assert "persoonsgegevens" in str(refused.value)
    assert plans.list_plan(app, org.id) == []


# --------------------------------------------------------------------------- editing


def test_concurrent_edit_is_refused_and_the_first_edit_survives(app, org):
    action = plans.add_action(app, org.id, "ken-01", "Training signaleren", "teamleider")
    mine = action.model_copy(update={"notes": "Eerste sessie in juni"})
    theirs = action.model_copy(update={"owner": "HR-adviseur"})

    saved = plans.update_action(app, mine, expected_version=action.version)
    with pytest.raises(ConflictError, match="door iemand anders gewijzigd"):
        plans.update_action(app, theirs, expected_version=action.version)

    stored = plans.get_action(app, action.id)
    assert (stored.notes, stored.owner, stored.version) == ("Eerste sessie in juni", "teamleider", saved.version)


def test_edit_with_personal_data_changes_nothing(app, org):
    action = plans.add_action(app, org.id, "ken-01", "Training signaleren")
    with pytest.raises(PersonalDataError):
        plans.update_action(app, action.model_copy(update={"notes": "Kerkstraat 12 bezocht"}), action.version)
    assert plans.get_action(app, action.id) == action


def test_status_follows_the_life_cycle(app, org):
    action = plans.add_action(app, org.id, "ken-01", "Training signaleren")
    busy = plans.set_status(app, action.id, "bezig", action.version)
    done = plans.set_status(app, action.id, ActionStatus.DONE, busy.version)
    with pytest.raises(ValidationError, match="status 'gereed' kan niet naar 'geschrapt'"):
        plans.drop_action(app, action.id, done.version)
    with pytest.raises(ConflictError):
        plans.set_status(app, action.id, "bezig", busy.version)  # stale version
    assert plans.get_action(app, action.id).status == ActionStatus.DONE


# --------------------------------------------------------------------------- a new round


def test_new_round_offers_closing_and_closing_keeps_what_the_user_wrote(app, org, first_round):
    proposals = plans.proposals_for_round(app, first_round.id)
    accepted = plans.accept_proposals(app, org.id, first_round.id, proposals)
    on_dra = next(a for a in accepted if a.item_id == "dra-02")
    on_ken = next(a for a in accepted if a.item_id == "ken-01")
    user_edit = on_dra.model_copy(update={
        "description": "Eigen formulering: bijeenkomsten per regioteam",
        "owner": "manager wonen", "notes": "Start na de zomer", "status": ActionStatus.IN_PROGRESS,
    })
    edited = plans.update_action(app, user_edit, on_dra.version)

    # dra-02 is now at target, ken-01 still lags
    second = measured_round(app, org, "Meting 2026", {"ken-01": 2}, dt.date(2026, 3, 1))
    offered = plans.close_suggestions(app, org.id, second.id)
    assert {a.item_id for a in offered} == {"dra-02"}
    assert edited.id in {a.id for a in offered}

    # the new round proposes nothing that is already planned, and changes no action
    before = {a.id: a for a in plans.list_plan(app, org.id)}
    assert plans.proposals_for_round(app, second.id) == []  # ken-01 lags, but all its actions are planned
    assert {a.id: a for a in plans.list_plan(app, org.id)} == before

    closed = plans.close_action(app, edited.id, edited.version, round_id=second.id)
    assert (closed.status, closed.closed_round_id) == (ActionStatus.DONE, second.id)
    assert (closed.description, closed.owner, closed.notes) == (
        "Eigen formulering: bijeenkomsten per regioteam", "manager wonen", "Start na de zomer",
    )
    assert edited.id not in {a.id for a in plans.close_suggestions(app, org.id, second.id)}
    assert plans.get_action(app, on_ken.id) == before[on_ken.id]


def test_reopening_a_closed_action_clears_the_closing_round(app, org, first_round):
    action = plans.accept_proposal(app, org.id, first_round.id, plans.proposals_for_round(app, first_round.id)[0])
    second = measured_round(app, org, "Meting 2026", {}, dt.date(2026, 3, 1))
    closed = plans.close_action(app, action.id, action.version, round_id=second.id)
    reopened = plans.set_status(app, action.id, "bezig", closed.version)
    assert (reopened.status, reopened.closed_round_id) == (ActionStatus.IN_PROGRESS, None)


def test_latest_final_round_skips_drafts(app, org, first_round):
    start_round(app, org.id, "Meting 2026 (concept)", dt.date(2026, 3, 1))
    assert plans.latest_final_round(app, org.id) == first_round


def test_an_action_planned_after_the_round_is_not_offered_for_closing(app, org):
    before = plans.add_action(app, org.id, "ken-01", "Training signaleren voor huismeesters")
    round_ = measured_round(app, org, "Meting 2026", {}, dt.date(2026, 3, 1))  # everything at target
    after = plans.add_action(app, org.id, "ken-01", "Opfriscursus signaleren na een jaar")
    offered = {a.id for a in plans.close_suggestions(app, org.id, round_.id)}
    assert before.id in offered
    assert after.id not in offered
