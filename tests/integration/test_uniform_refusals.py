"""Issue 13, case 10: a refusal never tells whether another corporation's record exists.

Walks every use case that takes an id, a short name or a record: called by corporation
A's coordinator with corporation B's record and with a record that does not exist,
both must be refused with the same AccessDenied message, and change nothing.
``test_every_use_case_with_a_reference_is_walked`` fails when a new use case that
takes a reference is not in the table. Uses the prepared world of the authorisation
matrix (tests/integration/test_authorisation_matrix.py).
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
from dataclasses import dataclass
from typing import Any

import pytest

from readiness.access import DENIED, AccessDenied
from readiness.models import ActionStatus, AnswerKind, Priority
from readiness.planning import Proposal
from readiness.services import (
    accounts, assessment, consensus, export_files, importing, mailing, plans, progress, publications, reports,
    responses, standing,
)  # fmt: skip
from tests.integration.test_authorisation_matrix import (  # noqa: F401 - fixtures
    MODULES,
    fresh,
    snapshot,
    template,
)

MISSING = 987_654


@dataclass(frozen=True)
class Ref:
    """The references a use case can be handed: someone else's, or ones that do not exist."""

    org_id: int
    slug: str
    round_id: int
    final_id: int
    respondent_id: int
    action_id: int
    invitation_id: int
    round_label: str
    round: Any
    action: Any


def other(world) -> Ref:
    b = world.b
    return Ref(b.org.id, b.org.slug, b.draft.id, b.final.id, b.resp.id, b.action.id, b.invitation_id,
               b.final.label, b.draft, b.action)  # fmt: skip


def missing(world) -> Ref:
    b = world.b
    return Ref(MISSING, "bestaat-niet", MISSING, MISSING + 1, MISSING, MISSING, MISSING, "Meting 1999",
               b.draft.model_copy(update={"id": MISSING, "org_id": MISSING}),
               b.action.model_copy(update={"id": MISSING, "org_id": MISSING}))  # fmt: skip


def _proposal(app, item_id: str) -> Proposal:
    item = app.checklist.item(item_id)
    return Proposal(item_id=item.id, item_number=item.number, description="Werkinstructie opstellen",
                    source="p. 12", priority=Priority.HIGH, reason="Score 25 (doel 75)")  # fmt: skip


A_ITEM = 0  # index of a checklist item

#: use case -> how to call it with a reference r (A's coordinator acting). Own corporation
#: arguments come from world.a where a call needs both (e.g. org A with round r).
CALLS = {
    "assessment.get_organisation": lambda app, w, r: assessment.get_organisation(app, r.slug),
    "assessment.list_rounds": lambda app, w, r: assessment.list_rounds(app, r.org_id),
    "assessment.get_round": lambda app, w, r: assessment.get_round(app, r.round_id),
    "assessment.find_round": lambda app, w, r: assessment.find_round(app, r.org_id, r.round_label),
    "assessment.start_round": lambda app, w, r: assessment.start_round(app, r.org_id, "Meting 2030"),
    "assessment.start_round(copy)": lambda app, w, r: assessment.start_round(app, w.a.org.id, "Meting 2030", copy_respondents_from=r.round_id),
    "assessment.previous_round": lambda app, w, r: assessment.previous_round(app, r.round),
    "assessment.unanswered": lambda app, w, r: assessment.unanswered(app, r.round_id),
    "assessment.finalise_round": lambda app, w, r: assessment.finalise_round(app, r.round_id),
    "assessment.list_respondents": lambda app, w, r: assessment.list_respondents(app, r.round_id),
    "assessment.add_respondent": lambda app, w, r: assessment.add_respondent(app, r.round_id, "management"),
    "assessment.answers_of": lambda app, w, r: assessment.answers_of(app, r.respondent_id),
    "assessment.save_answer": lambda app, w, r: assessment.save_answer(app, r.respondent_id, app.checklist.items[A_ITEM].id, AnswerKind.DONT_KNOW, expected_version=None),
    "assessment.round_data": lambda app, w, r: assessment.round_data(app, r.round_id),
    "assessment.round_result": lambda app, w, r: assessment.round_result(app, r.round_id),
    "assessment.change_since_previous": lambda app, w, r: assessment.change_since_previous(app, r.round_id),
    "plans.list_plan": lambda app, w, r: plans.list_plan(app, r.org_id),
    "plans.get_action": lambda app, w, r: plans.get_action(app, r.action_id),
    "plans.latest_final_round": lambda app, w, r: plans.latest_final_round(app, r.org_id),
    "plans.proposals_for_round": lambda app, w, r: plans.proposals_for_round(app, r.final_id),
    "plans.close_suggestions": lambda app, w, r: plans.close_suggestions(app, w.a.org.id, r.round_id),
    "plans.close_suggestions(org)": lambda app, w, r: plans.close_suggestions(app, r.org_id, r.round_id),
    "plans.accept_proposal": lambda app, w, r: plans.accept_proposal(app, w.a.org.id, r.final_id, _proposal(app, app.checklist.items[3].id)),
    "plans.accept_proposals": lambda app, w, r: plans.accept_proposals(app, w.a.org.id, r.final_id, [_proposal(app, app.checklist.items[3].id)]),
    "plans.add_action": lambda app, w, r: plans.add_action(app, r.org_id, app.checklist.items[2].id, "Werkinstructie opstellen"),
    "plans.update_action": lambda app, w, r: plans.update_action(app, r.action.model_copy(update={"owner": "manager"}), expected_version=r.action.version),
    "plans.set_status": lambda app, w, r: plans.set_status(app, r.action_id, ActionStatus.IN_PROGRESS, 1),
    "plans.drop_action": lambda app, w, r: plans.drop_action(app, r.action_id, 1),
    "plans.close_action": lambda app, w, r: plans.close_action(app, r.action_id, 1),
    "plans.close_action(round)": lambda app, w, r: plans.close_action(app, w.a.action.id, w.a.action.version, r.final_id),
    "export_files.build_report": lambda app, w, r: export_files.build_report(app, r.slug),
    "export_files.organisation_data": lambda app, w, r: export_files.organisation_data(app, r.slug),
    "export_files.render": lambda app, w, r: export_files.render(app, r.slug, "json"),
    "export_files.export_round": lambda app, w, r: export_files.export_round(app, r.slug, "csv"),
    "export_files.export_latest": lambda app, w, r: export_files.export_latest(
        app, w.b.org.model_copy(update={"id": r.org_id, "slug": r.slug}), "pdf", "/tmp/nooit-geschreven"
    ),
    "export_files.read_report_inputs": lambda app, w, r: export_files.read_report_inputs(
        app, [w.b.org.model_copy(update={"id": r.org_id, "slug": r.slug})]
    ),
    "importing.import_bytes": lambda app, w, r: importing.import_bytes(app, b"ronde,datum,rol,respondent,item,antwoord\n", "a.csv", r.slug),
    "importing.import_file": lambda app, w, r: importing.import_file(app, "/nonexistent/a.csv", r.slug),
    "publications.own_position": lambda app, w, r: publications.own_position(app, r.org_id),
    "progress.round_scores": lambda app, w, r: progress.round_scores(app, r.org_id),
    "progress.compare_rounds": lambda app, w, r: progress.compare_rounds(app, w.a.org.id, w.a.final.id, r.round_id),
    "progress.compare_rounds(org)": lambda app, w, r: progress.compare_rounds(app, r.org_id, r.final_id, r.round_id),
    "progress.plan_progress": lambda app, w, r: progress.plan_progress(app, r.org_id),
    "progress.progress": lambda app, w, r: progress.progress(app, r.org_id),
    "accounts.create_invitation": lambda app, w, r: accounts.create_invitation(app, r.slug, r.round_label, "uitvoering"),
    "accounts.invite_respondent": lambda app, w, r: accounts.invite_respondent(app, r.respondent_id),
    "accounts.list_invitations": lambda app, w, r: accounts.list_invitations(app, r.round_id),
    "accounts.revoke_invitation": lambda app, w, r: accounts.revoke_invitation(app, r.invitation_id),
    "accounts.list_audit": lambda app, w, r: accounts.list_audit(app, r.org_id),
    "accounts.audit_csv": lambda app, w, r: accounts.audit_csv(app, r.org_id),
    "assessment.previous_final_round": lambda app, w, r: assessment.previous_final_round(app, r.round),
    "assessment.latest_final_round": lambda app, w, r: assessment.latest_final_round(app, r.org_id),
    "standing.latest_standing": lambda app, w, r: standing.latest_standing(app, r.org_id),
    "consensus.find_meeting": lambda app, w, r: consensus.find_meeting(app, r.round_id),
    "consensus.consensus_view": lambda app, w, r: consensus.consensus_view(app, r.round_id),
    "consensus.open_meeting": lambda app, w, r: consensus.open_meeting(app, r.round_id),
    "consensus.close_meeting": lambda app, w, r: consensus.close_meeting(app, r.round_id),
    "consensus.reopen_meeting": lambda app, w, r: consensus.reopen_meeting(app, r.round_id),
    "consensus.record_level": lambda app, w, r: consensus.record_level(app, r.round_id, app.checklist.items[A_ITEM].id, 2, "Besproken in het overleg", expected_version=None),
    "consensus.agenda_data": lambda app, w, r: consensus.agenda_data(app, r.round_id),
    "consensus.agenda_document": lambda app, w, r: consensus.agenda_document(app, r.round_id, "pdf"),
    "consensus.set_meeting_details": lambda app, w, r: consensus.set_meeting_details(app, r.round_id, dt.date(2026, 6, 1)),
    "accounts.new_invitation": lambda app, w, r: accounts.new_invitation(app, r.round, w.b.resp.model_copy(update={"id": r.respondent_id, "round_id": r.round.id})),
    "mailing.invite_by_email": lambda app, w, r: mailing.invite_by_email(app, r.slug, r.round_label, "uitvoering", "team@example.nl"),
    "mailing.mail_text": lambda app, w, r: mailing.mail_text(app, r.org_id, "uitnodiging"),
    "mailing.save_mail_text": lambda app, w, r: mailing.save_mail_text(app, r.org_id, "uitnodiging", "Uitnodiging", "Vul de vragenlijst in: {link}"),
    "mailing.reset_mail_text": lambda app, w, r: mailing.reset_mail_text(app, r.org_id, "herinnering"),
    "mailing.mailed_respondents": lambda app, w, r: mailing.mailed_respondents(app, r.round_id),
    "mailing.remind": lambda app, w, r: mailing.remind(app, r.round_id),
    "plans.update_actions": lambda app, w, r: plans.update_actions(app, w.a.org.id, [(1, r.action.model_copy(update={"owner": "manager"}), r.action.version)]),
    "plans.update_actions(org)": lambda app, w, r: plans.update_actions(app, r.org_id, [(1, r.action.model_copy(update={"owner": "manager"}), r.action.version)]),
    "responses.response": lambda app, w, r: responses.response(app, r.round_id),
    "responses.finished_respondents": lambda app, w, r: responses.finished_respondents(app, r.round_id),
    "responses.set_closing_date": lambda app, w, r: responses.set_closing_date(app, r.round_id, dt.date(2030, 1, 1)),
}  # fmt: skip

#: Use cases whose references are not a corporation's records (or that only the platform may use).
NO_CORPORATION_REFERENCE = {
    "mailing.mail_configured",  # whether the installation has a mail server: no corporation's record
    "assessment.list_organisations", "assessment.create_organisation", "reports.export_all",
    "reports.template_csv", "reports.template_xlsx", "publications.publish", "publications.list_publications",
    "publications.catalogue_version", "publications.get_publication", "publications.export_publication",
    "publications.compare", "publications.can_publish", "publications.budget", "accounts.activate_account", "accounts.authenticate",
    "accounts.authenticate_sso", "accounts.create_account", "accounts.deactivate_account",
    "accounts.has_active_beheerder", "accounts.list_accounts", "accounts.refresh_actor",
    "accounts.resolve_invitation", "accounts.set_password",
}  # fmt: skip


def test_every_use_case_with_a_reference_is_walked():
    found = set()
    for name in MODULES:
        module = importlib.import_module(f"readiness.services.{name}")
        for fname, func in inspect.getmembers(module, inspect.isfunction):
            params = list(inspect.signature(func).parameters)
            if func.__module__ == module.__name__ and not fname.startswith("_") and params[:1] == ["app"]:
                found.add(f"{name}.{fname}")
    walked = {key.split("(")[0] for key in CALLS}
    assert found - walked - NO_CORPORATION_REFERENCE == set()
    assert walked <= found and not walked & NO_CORPORATION_REFERENCE


@pytest.mark.parametrize("name", sorted(CALLS))
def test_someone_elses_record_and_a_missing_one_are_refused_alike(fresh, name):
    app, world = fresh
    coordinator = app.as_actor(world.actors["coordinator"])
    before = snapshot(app)
    messages = []
    for ref in (other(world), missing(world)):
        with pytest.raises(AccessDenied) as refused:
            CALLS[name](coordinator, world, ref)
        messages.append(str(refused.value))
    assert messages == [DENIED, DENIED]
    assert snapshot(app) == before


def test_close_suggestions_for_lokaal_still_names_a_missing_round(fresh):
    """lokaal and beheerder see every corporation: for them "not found" is no leak."""
    app, world = fresh
    from readiness.models import NotFoundError

    with pytest.raises(NotFoundError):
        plans.close_suggestions(app, world.a.org.id, MISSING)
    assert isinstance(plans.close_suggestions(app, world.a.org.id, world.a.draft.id), list)
