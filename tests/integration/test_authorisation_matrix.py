"""Every role × every use case × own/other corporation.

The table ``CALLS`` names every public use case of the services modules (a function
whose first parameter is ``app``) with who may call it and how to call it on the own
corporation (A) and on another one (B). ``test_every_use_case_is_in_the_matrix`` fails
when a new use case appears without a row here, so nobody can add one and forget to
decide who may use it.

For each (use case, role, target): an allowed call must succeed; a forbidden call must
raise AccessDenied and leave every table exactly as it was. Each case runs on a fresh
copy of one prepared SQLite database, so the cases do not influence each other.

Who is who: "coordinator" and "respondent" belong to corporation A. The respondent's
invitation is for respondent ``a.resp`` in A's draft round.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect as sa_inspect
from sqlalchemy import text

from readiness.access import LOCAL_ACTOR, AccessDenied, Actor
from readiness.config import load_settings
from readiness.models import (
    ActionStatus,
    Answer,
    AnswerKind,
    ImprovementAction,
    Organisation,
    Priority,
    Respondent,
    Round,
    RoundStatus,
)
from readiness.planning import Proposal
from readiness.services import (
    App, accounts, assessment, consensus, export_files, importing, open_app, plans, progress, publications, reports, standing,
)  # fmt: skip

MODULES = ("assessment", "plans", "reports", "export_files", "importing", "publications", "progress", "accounts", "standing", "consensus")
ROLES = ("lokaal", "beheerder", "denktank", "coordinator", "respondent")
TARGETS = ("own", "other")
PASSWORD = "lang-genoeg-en-geheim-42"

# Who may call, per target. "own" = corporation A (the coordinator's and respondent's).
EVERYONE = {(r, t) for r in ROLES for t in TARGETS}
PLATFORM = {(r, t) for r in ("lokaal", "beheerder") for t in TARGETS}
ORG = PLATFORM | {("coordinator", "own")}
ANSWER = ORG | {("respondent", "own")}
SECTOR = PLATFORM | {(r, t) for r in ("denktank", "coordinator") for t in TARGETS}


# --------------------------------------------------------------------------- the world


@dataclass(frozen=True)
class Corp:
    org: Organisation
    draft: Round  # "Meting 2026", draft
    final: Round  # "Nulmeting 2025", final
    resp: Respondent  # in the draft round, with answers
    resp2: Respondent  # a colleague in the draft round
    action: ImprovementAction
    coordinator: str  # username of the corporation's coordinator account
    invitation_id: int


@dataclass(frozen=True)
class World:
    a: Corp
    b: Corp
    actors: dict[str, Actor]
    token: str  # a valid invitation token of A's respondent


def _corp(app: App, name: str, slug: str) -> tuple[Organisation, Round, Round, Respondent, Respondent, ImprovementAction]:
    repo = app.repo
    org = repo.add_organisation(Organisation(slug=slug, name=name, size_class="M", region="Utrecht"))
    final = repo.add_round(Round(org_id=org.id, label="Nulmeting 2025", date=dt.date(2025, 3, 1),
                                 checklist_version=app.checklist.version))  # fmt: skip
    draft = repo.add_round(Round(org_id=org.id, label="Meting 2026", date=dt.date(2026, 3, 1),
                                 checklist_version=app.checklist.version))  # fmt: skip
    for round_ in (final, draft):
        for role in ("bestuur", "uitvoering"):
            respondent = repo.add_respondent(Respondent(round_id=round_.id, role=role, label=role.title()))
            for n, item in enumerate(app.checklist.items):
                repo.save_answer(Answer(respondent_id=respondent.id, item_id=item.id, kind=AnswerKind.SCORE,
                                        score=(n + len(role)) % 5), None)  # fmt: skip
    repo.set_round_status(final.id, RoundStatus.FINAL)
    resp, resp2 = repo.list_respondents(draft.id)
    action = repo.add_action(ImprovementAction(org_id=org.id, item_id=app.checklist.items[0].id,
                                               description="Aandachtsfunctionaris aanstellen",
                                               origin_round_id=final.id))  # fmt: skip
    return org, draft, final, resp, resp2, action


@pytest.fixture(scope="session")
def template(tmp_path_factory) -> tuple[Path, World]:
    """One prepared database (two corporations, accounts, an invitation), made once."""
    path = tmp_path_factory.mktemp("matrix") / "template.db"
    app = open_app(load_settings({"DATABASE_URL": f"sqlite:///{path}"}))
    corps = {}
    for key, name, slug in (("a", "Woonstichting Eigen", "eigen"), ("b", "Woonstichting Ander", "ander")):
        org, draft, final, resp, resp2, action = _corp(app, name, slug)
        coordinator = accounts.create_account(app, f"coord-{slug}@example.org", PASSWORD, "coordinator", slug)
        invitation = accounts.invite_respondent(app, resp.id)
        corps[key] = (org, draft, final, resp, resp2, action, coordinator.username, invitation)
    accounts.create_account(app, "beheer@example.org", PASSWORD, "beheerder")
    accounts.create_account(app, "denktank@example.org", PASSWORD, "denktank")
    token = corps["a"][7].link.split("uitnodiging=")[1]
    actors = {
        "lokaal": LOCAL_ACTOR,
        "beheerder": accounts.authenticate(app, "beheer@example.org", PASSWORD),
        "denktank": accounts.authenticate(app, "denktank@example.org", PASSWORD),
        "coordinator": accounts.authenticate(app, "coord-eigen@example.org", PASSWORD),
        "respondent": accounts.resolve_invitation(app, token),
    }
    world = World(
        a=Corp(*corps["a"][:7], invitation_id=corps["a"][7].id),
        b=Corp(*corps["b"][:7], invitation_id=corps["b"][7].id),
        actors=actors,
        token=token,
    )
    app.repo.engine.dispose()
    return path, world


@pytest.fixture
def fresh(template, tmp_path) -> tuple[App, World]:
    """An App on a private copy of the prepared database."""
    source, world = template
    target = tmp_path / "matrix.db"
    shutil.copyfile(source, target)
    app = open_app(load_settings({"DATABASE_URL": f"sqlite:///{target}",
                                  "VOORDEURCHECK_REPORTS": str(tmp_path / "reports")}),
                   migrate_db=False)  # fmt: skip
    yield app, world
    app.repo.engine.dispose()


def snapshot(app: App) -> dict[str, list[tuple]]:
    """Every row of every table."""
    with app.repo.engine.connect() as conn:
        tables = sa_inspect(conn).get_table_names()
        return {t: [tuple(r) for r in conn.execute(text(f'SELECT * FROM "{t}" ORDER BY 1'))] for t in tables}


# --------------------------------------------------------------------------- the calls

Call = Callable[[App, Corp, World, Path], Any]


def _meeting(app: App, c: Corp):
    """The draft round's consensus meeting, opened if needed (refused like any call for outsiders)."""
    return consensus.find_meeting(app, c.draft.id) or consensus.open_meeting(app, c.draft.id)


def _csv(label: str) -> bytes:
    return (
        "ronde,datum,rol,respondent,item,antwoord,toelichting\n"
        f"{label},2026-05-01,bestuur,Bestuur import,dra-01,3,\n"
    ).encode()


def _proposal(app: App, c: Corp) -> Proposal:
    item = app.checklist.items[1]
    return Proposal(item_id=item.id, item_number=item.number, description="Training signaleren voor de uitvoering",
                    source="p. 12", priority=Priority.HIGH, reason="Score 25 (streefniveau 75)")  # fmt: skip


def _edited(app: App, c: Corp) -> ImprovementAction:
    return c.action.model_copy(update={"owner": "manager wonen"})


CALLS: dict[str, tuple[set, Call]] = {
    # assessment
    "assessment.list_organisations": (EVERYONE, lambda app, c, w, tmp: assessment.list_organisations(app)),
    "assessment.get_organisation": (ANSWER, lambda app, c, w, tmp: assessment.get_organisation(app, c.org.slug)),
    "assessment.create_organisation": (PLATFORM, lambda app, c, w, tmp: assessment.create_organisation(app, "Woonstichting Nieuw", "S", "Drenthe")),
    "assessment.list_rounds": (ANSWER, lambda app, c, w, tmp: assessment.list_rounds(app, c.org.id)),
    "assessment.get_round": (ANSWER, lambda app, c, w, tmp: assessment.get_round(app, c.draft.id)),
    "assessment.find_round": (ORG, lambda app, c, w, tmp: assessment.find_round(app, c.org.id, c.final.label)),
    "assessment.start_round": (ORG, lambda app, c, w, tmp: assessment.start_round(app, c.org.id, "Meting 2027", dt.date(2027, 1, 1), copy_respondents_from=c.draft.id)),
    "assessment.previous_round": (ORG, lambda app, c, w, tmp: assessment.previous_round(app, c.draft)),
    "assessment.unanswered": (ANSWER, lambda app, c, w, tmp: assessment.unanswered(app, c.draft.id)),
    "assessment.finalise_round": (ORG, lambda app, c, w, tmp: assessment.finalise_round(app, c.draft.id)),
    "assessment.list_respondents": (ANSWER, lambda app, c, w, tmp: assessment.list_respondents(app, c.draft.id)),
    "assessment.add_respondent": (ORG, lambda app, c, w, tmp: assessment.add_respondent(app, c.draft.id, "management")),
    "assessment.answers_of": (ANSWER, lambda app, c, w, tmp: assessment.answers_of(app, c.resp.id)),
    "assessment.save_answer": (ANSWER, lambda app, c, w, tmp: assessment.save_answer(app, c.resp.id, app.checklist.items[0].id, AnswerKind.DONT_KNOW, expected_version=1)),
    "assessment.round_data": (ANSWER, lambda app, c, w, tmp: assessment.round_data(app, c.draft.id)),
    "assessment.latest_final_round": (ORG, lambda app, c, w, tmp: assessment.latest_final_round(app, c.org.id)),
    "assessment.previous_final_round": (ORG, lambda app, c, w, tmp: assessment.previous_final_round(app, c.draft)),
    "assessment.round_result": (ORG, lambda app, c, w, tmp: assessment.round_result(app, c.final.id)),
    "assessment.change_since_previous": (ORG, lambda app, c, w, tmp: assessment.change_since_previous(app, c.draft.id)),
    # plans
    "plans.list_plan": (ORG, lambda app, c, w, tmp: plans.list_plan(app, c.org.id)),
    "plans.get_action": (ORG, lambda app, c, w, tmp: plans.get_action(app, c.action.id)),
    "plans.latest_final_round": (ORG, lambda app, c, w, tmp: plans.latest_final_round(app, c.org.id)),
    "plans.proposals_for_round": (ORG, lambda app, c, w, tmp: plans.proposals_for_round(app, c.final.id)),
    "plans.close_suggestions": (ORG, lambda app, c, w, tmp: plans.close_suggestions(app, c.org.id, c.draft.id)),
    "plans.accept_proposal": (ORG, lambda app, c, w, tmp: plans.accept_proposal(app, c.org.id, c.final.id, _proposal(app, c))),
    "plans.accept_proposals": (ORG, lambda app, c, w, tmp: plans.accept_proposals(app, c.org.id, c.final.id, [_proposal(app, c)])),
    "plans.add_action": (ORG, lambda app, c, w, tmp: plans.add_action(app, c.org.id, app.checklist.items[2].id, "Werkinstructie opstellen")),
    "plans.update_actions": (ORG, lambda app, c, w, tmp: plans.update_actions(app, c.org.id, [(1, _edited(app, c), c.action.version)])),
    "plans.update_action": (ORG, lambda app, c, w, tmp: plans.update_action(app, _edited(app, c), expected_version=c.action.version)),
    "plans.set_status": (ORG, lambda app, c, w, tmp: plans.set_status(app, c.action.id, ActionStatus.IN_PROGRESS, c.action.version)),
    "plans.drop_action": (ORG, lambda app, c, w, tmp: plans.drop_action(app, c.action.id, c.action.version)),
    "plans.close_action": (ORG, lambda app, c, w, tmp: plans.close_action(app, c.action.id, c.action.version, c.final.id)),
    # consensus meeting (opened on the draft round where a call needs one)
    "consensus.find_meeting": (ORG, lambda app, c, w, tmp: consensus.find_meeting(app, c.draft.id)),
    "consensus.consensus_view": (ORG, lambda app, c, w, tmp: consensus.consensus_view(app, c.draft.id)),
    "consensus.open_meeting": (ORG, lambda app, c, w, tmp: consensus.open_meeting(app, c.draft.id)),
    "consensus.record_level": (ORG, lambda app, c, w, tmp: _meeting(app, c) and consensus.record_level(app, c.draft.id, app.checklist.items[0].id, 2, "Samen besproken.", expected_version=None)),
    "consensus.close_meeting": (ORG, lambda app, c, w, tmp: _meeting(app, c) and consensus.close_meeting(app, c.draft.id)),
    "consensus.reopen_meeting": (ORG, lambda app, c, w, tmp: _meeting(app, c) and consensus.close_meeting(app, c.draft.id) and consensus.reopen_meeting(app, c.draft.id)),
    "consensus.set_meeting_details": (ORG, lambda app, c, w, tmp: _meeting(app, c) and consensus.set_meeting_details(app, c.draft.id, dt.date(2026, 4, 2), dt.time(14), "Kantoor", ["bestuur"])),
    "consensus.agenda_data": (ORG, lambda app, c, w, tmp: consensus.agenda_data(app, c.draft.id)),
    "consensus.agenda_document": (ORG, lambda app, c, w, tmp: consensus.agenda_document(app, c.draft.id, "docx")),
    # reports
    "export_files.build_report": (ORG, lambda app, c, w, tmp: export_files.build_report(app, c.org.slug)),
    "export_files.organisation_data": (ORG, lambda app, c, w, tmp: export_files.organisation_data(app, c.org.slug)),
    "export_files.render": (ORG, lambda app, c, w, tmp: export_files.render(app, c.org.slug, "json")),
    "export_files.export_round": (ORG, lambda app, c, w, tmp: export_files.export_round(app, c.org.slug, "csv", out_dir=tmp / "out")),
    "export_files.export_latest": (ORG, lambda app, c, w, tmp: export_files.export_latest(app, c.org, "pdf", tmp / "out")),
    "export_files.read_report_inputs": (ORG, lambda app, c, w, tmp: export_files.read_report_inputs(app, [c.org])),
    "reports.export_all": (PLATFORM, lambda app, c, w, tmp: reports.export_all(app, "csv", out_dir=tmp / "all")),
    "reports.template_csv": (EVERYONE, lambda app, c, w, tmp: reports.template_csv(app)),
    "reports.template_xlsx": (EVERYONE, lambda app, c, w, tmp: reports.template_xlsx(app)),
    "importing.import_bytes": (ORG, lambda app, c, w, tmp: importing.import_bytes(app, _csv("Import 2026"), "antwoorden.csv", c.org.slug)),
    "importing.import_file": (ORG, lambda app, c, w, tmp: (tmp / "in.csv").write_bytes(_csv("Import 2026")) and importing.import_file(app, tmp / "in.csv", c.org.slug)),
    # sector publications (no corporation involved: both targets behave alike). The world
    # has too few corporations to publish and no publication: an allowed call gets the
    # Dutch refusal or "not found", a forbidden one AccessDenied before anything else.
    "publications.publish": (PLATFORM, lambda app, c, w, tmp: _allowed(publications.publish, app, "Sectorbeeld")),
    "publications.list_publications": (SECTOR, lambda app, c, w, tmp: publications.list_publications(app)),
    "publications.catalogue_version": (SECTOR, lambda app, c, w, tmp: publications.catalogue_version(app)),
    "publications.get_publication": (SECTOR, lambda app, c, w, tmp: _allowed(publications.get_publication, app)),
    "publications.export_publication": (SECTOR, lambda app, c, w, tmp: _allowed(publications.export_publication, app, "pdf")),
    "publications.compare": (SECTOR, lambda app, c, w, tmp: _allowed(publications.compare, app, "a", "b")),
    "publications.can_publish": (EVERYONE, lambda app, c, w, tmp: publications.can_publish(app)),
    "publications.own_position": (ORG, lambda app, c, w, tmp: _allowed(publications.own_position, app, c.org.id)),
    "publications.budget": (SECTOR, lambda app, c, w, tmp: publications.budget(app)),
    # progress
    "progress.round_scores": (ORG, lambda app, c, w, tmp: progress.round_scores(app, c.org.id)),
    "progress.compare_rounds": (ORG, lambda app, c, w, tmp: progress.compare_rounds(app, c.org.id, c.final.id, c.draft.id)),
    "progress.plan_progress": (ORG, lambda app, c, w, tmp: progress.plan_progress(app, c.org.id)),
    "progress.progress": (ORG, lambda app, c, w, tmp: progress.progress(app, c.org.id)),
    "standing.latest_standing": (ORG, lambda app, c, w, tmp: standing.latest_standing(app, c.org.id)),
    # accounts, invitations, audit
    "accounts.create_account": (PLATFORM, lambda app, c, w, tmp: accounts.create_account(app, f"nieuw-{c.org.slug}@example.org", PASSWORD, "coordinator", c.org.slug)),
    "accounts.list_accounts": (PLATFORM, lambda app, c, w, tmp: accounts.list_accounts(app)),
    "accounts.deactivate_account": (PLATFORM, lambda app, c, w, tmp: accounts.deactivate_account(app, c.coordinator)),
    "accounts.activate_account": (PLATFORM, lambda app, c, w, tmp: accounts.activate_account(app, c.coordinator)),
    "accounts.set_password": (PLATFORM, lambda app, c, w, tmp: accounts.set_password(app, c.coordinator, "een-heel-ander-wachtwoord-7")),
    "accounts.has_active_beheerder": (EVERYONE, lambda app, c, w, tmp: accounts.has_active_beheerder(app)),
    "accounts.authenticate": (EVERYONE, lambda app, c, w, tmp: accounts.authenticate(app, c.coordinator, PASSWORD)),
    "accounts.authenticate_sso": (EVERYONE, lambda app, c, w, tmp: accounts.authenticate_sso(app, c.coordinator)),
    "accounts.refresh_actor": (EVERYONE, lambda app, c, w, tmp: accounts.refresh_actor(app, app.actor)),
    "accounts.resolve_invitation": (EVERYONE, lambda app, c, w, tmp: accounts.resolve_invitation(app, w.token)),
    "accounts.create_invitation": (ORG, lambda app, c, w, tmp: accounts.create_invitation(app, c.org.slug, c.draft.label, "uitvoering")),
    "accounts.invite_respondent": (ORG, lambda app, c, w, tmp: accounts.invite_respondent(app, c.resp2.id)),
    "accounts.list_invitations": (ORG, lambda app, c, w, tmp: accounts.list_invitations(app, c.draft.id)),
    "accounts.revoke_invitation": (ORG, lambda app, c, w, tmp: accounts.revoke_invitation(app, c.invitation_id)),
    "accounts.new_invitation": (ORG, lambda app, c, w, tmp: accounts.new_invitation(app, c.draft, c.resp2)),
    "mailing.mail_configured": (EVERYONE, lambda app, c, w, tmp: mailing.mail_configured(app)),
    "mailing.mail_text": (ORG, lambda app, c, w, tmp: mailing.mail_text(app, c.org.id, "uitnodiging")),
    "mailing.save_mail_text": (ORG, lambda app, c, w, tmp: mailing.save_mail_text(app, c.org.id, "herinnering", "Herinnering", "Klik op {link}")),
    "mailing.reset_mail_text": (ORG, lambda app, c, w, tmp: mailing.reset_mail_text(app, c.org.id, "herinnering")),
    "mailing.invite_by_email": (ORG, lambda app, c, w, tmp: mailing.invite_by_email(app, c.org.slug, c.draft.label, "uitvoering", "x@example.org")),
    "mailing.remind": (ORG, lambda app, c, w, tmp: _without_mail_server(mailing.remind, app, c.draft.id)),
    "mailing.mailed_respondents": (ORG, lambda app, c, w, tmp: mailing.mailed_respondents(app, c.draft.id)),
    "responses.response": (ORG, lambda app, c, w, tmp: responses.response(app, c.draft.id)),
    "responses.finished_respondents": (ORG, lambda app, c, w, tmp: responses.finished_respondents(app, c.draft.id)),
    "responses.set_closing_date": (ORG, lambda app, c, w, tmp: responses.set_closing_date(app, c.draft.id, dt.date.today() + dt.timedelta(days=30))),
    "accounts.list_audit": (ORG, lambda app, c, w, tmp: accounts.list_audit(app, c.org.id)),
    "accounts.audit_csv": (ORG, lambda app, c, w, tmp: accounts.audit_csv(app, c.org.id)),
    "accounts.list_audit(all)": (PLATFORM, lambda app, c, w, tmp: accounts.list_audit(app)),
    "accounts.audit_csv(all)": (PLATFORM, lambda app, c, w, tmp: accounts.audit_csv(app)),
}  # fmt: skip


def _allowed(call, *args):
    """Call a use case that may refuse for lack of data (not for lack of rights)."""
    try:
        return call(*args)
    except (publications.PublicationRefused, LookupError):
        return None


def use_cases() -> set[str]:
    """Every public function of the services modules that takes the App first."""
    found = set()
    for name in MODULES:
        module = importlib.import_module(f"readiness.services.{name}")
        for fname, func in inspect.getmembers(module, inspect.isfunction):
            if func.__module__ != module.__name__ or fname.startswith("_"):
                continue
            params = list(inspect.signature(func).parameters)
            if params and params[0] == "app":
                found.add(f"{name}.{fname}")
    return found


def test_every_use_case_is_in_the_matrix():
    missing = use_cases() - {key.split("(")[0] for key in CALLS}
    assert not missing, f"use cases without a row in the authorisation matrix: {sorted(missing)}"
    stale = {key.split("(")[0] for key in CALLS} - use_cases()
    assert not stale, f"rows for use cases that no longer exist: {sorted(stale)}"


# Issue 27: running a round (mail, response, closing date).
from readiness.services import mailing, responses  # noqa: E402
from readiness.services.assessment import ValidationError  # noqa: E402

MODULES = (*MODULES, "mailing", "responses")


def _without_mail_server(use_case, app, *args):
    """Call a use case that needs a mail server: here (none configured) an allowed call
    ends in the Dutch "geen mailserver" refusal, a forbidden one in AccessDenied first."""
    try:
        use_case(app, *args)
    except ValidationError as exc:
        assert "geen mailserver" in str(exc)


CASES = [(name, role, target) for name in CALLS for role in ROLES for target in TARGETS]


@pytest.mark.parametrize(("name", "role", "target"), CASES, ids=["-".join(c) for c in CASES])
def test_role_may_call_exactly_what_the_matrix_allows(fresh, tmp_path, name, role, target):
    app, world = fresh
    allowed, call = CALLS[name]
    acting = app.as_actor(world.actors[role])
    corp = world.a if target == "own" else world.b
    if (role, target) in allowed:
        call(acting, corp, world, tmp_path)  # must simply work
        return
    before = snapshot(app)
    with pytest.raises(AccessDenied) as refused:
        call(acting, corp, world, tmp_path)
    assert snapshot(app) == before, "a refused call changed the database"
    message = str(refused.value)
    assert corp.org.name not in message and corp.org.slug not in message


# --------------------------------------------------------------------------- what lists and reads show


def test_lists_show_each_role_only_what_is_theirs(fresh):
    app, world = fresh
    seen = {
        role: {o.slug for o in assessment.list_organisations(app.as_actor(actor))}
        for role, actor in world.actors.items()
    }
    assert seen == {
        "lokaal": {"eigen", "ander"},
        "beheerder": {"eigen", "ander"},
        "denktank": set(),
        "coordinator": {"eigen"},
        "respondent": {"eigen"},
    }


def test_a_respondent_sees_only_their_own_round_respondent_and_answers(fresh):
    app, world = fresh
    a = world.a
    me = app.as_actor(world.actors["respondent"])
    assert [r.id for r in assessment.list_rounds(me, a.org.id)] == [a.draft.id]
    assert [r.id for r in assessment.list_respondents(me, a.draft.id)] == [a.resp.id]
    data = assessment.round_data(me, a.draft.id)
    assert {x.respondent_id for x in data.answers} == {a.resp.id}
    assert [r.id for r in data.respondents] == [a.resp.id]
    assert set(assessment.unanswered(me, a.draft.id)) == {a.resp.id}
    with pytest.raises(AccessDenied):
        assessment.answers_of(me, a.resp2.id)  # a colleague in the same round
    with pytest.raises(AccessDenied):
        assessment.get_round(me, a.final.id)  # another round of the own corporation


def test_coordinator_cannot_probe_ids_of_other_corporations(fresh):
    """Someone else's record and a record that does not exist get the same refusal."""
    app, world = fresh
    coordinator = app.as_actor(world.actors["coordinator"])
    refusals = []
    for round_id in (world.b.draft.id, 987_654):
        with pytest.raises(AccessDenied) as info:
            assessment.get_round(coordinator, round_id)
        refusals.append(str(info.value))
    for slug in (world.b.org.slug, "bestaat-niet"):
        with pytest.raises(AccessDenied) as info:
            assessment.get_organisation(coordinator, slug)
        refusals.append(str(info.value))
    assert len(set(refusals)) == 1


def test_a_respondent_cannot_answer_after_the_round_is_finalised(fresh):
    app, world = fresh
    assessment.finalise_round(app, world.a.draft.id)
    me = app.as_actor(world.actors["respondent"])
    before = snapshot(app)
    with pytest.raises(AccessDenied, match="afgerond"):
        assessment.save_answer(me, world.a.resp.id, app.checklist.items[0].id, AnswerKind.DONT_KNOW, expected_version=1)
    assert snapshot(app) == before
