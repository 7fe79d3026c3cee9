"""Issue 13, case 9: a session that no longer holds saves nothing more.

A respondent link revoked, or a coordinator's account switched off, while the
questionnaire is open in a browser: the next save is refused (Dutch message) inside
its transaction, and neither the answer nor an audit line under that name is stored.
Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from readiness.access import AccessDenied
from readiness.config import load_settings
from readiness.models import AnswerKind
from readiness.services import INVITATION_ENDED, SESSION_ENDED, App, accounts, assessment, open_app, plans

PASSWORD = "Voordeur-sleutel-2026!"


@pytest.fixture
def app(db_url: str) -> App:
    app = open_app(load_settings({"DATABASE_URL": db_url, "VOORDEURCHECK_MODE": "shared"}))
    yield app
    app.repo.engine.dispose()


@pytest.fixture
def world(app: App):
    org = assessment.create_organisation(app, "Woonstichting De Linde", "M", "Utrecht")
    round_ = assessment.start_round(app, org.id, "Nulmeting 2026", dt.date(2026, 3, 1))
    link = accounts.create_invitation(app, org.slug, round_.label, "uitvoering")
    accounts.create_account(app, "coord@delinde.nl", PASSWORD, "coordinator", org.slug)
    return org, round_, link


def stored(app: App, respondent_id: int) -> dict[str, int | None]:
    return {a.item_id: a.score for a in app.repo.list_answers_of(respondent_id)}


def audit_lines(app: App, org_id: int, who: str) -> int:
    return sum(1 for e in app.repo.list_audit(org_id) if e.actor == who)


def test_a_revoked_link_saves_not_one_more_answer(app, world):
    org, _round, link = world
    respondent = accounts.resolve_invitation(app, link.link.split("uitnodiging=")[1])
    me = app.as_actor(respondent)  # the questionnaire is open in the respondent's browser
    first, second = app.checklist.items[0].id, app.checklist.items[1].id
    assessment.save_answer(me, link.respondent.id, first, AnswerKind.SCORE, 2, expected_version=None)

    accounts.revoke_invitation(app, link.id)  # the coordinator revokes the link meanwhile
    lines = audit_lines(app, org.id, respondent.username)
    with pytest.raises(AccessDenied) as refused:
        assessment.save_answer(me, link.respondent.id, second, AnswerKind.SCORE, 3, expected_version=None)
    assert str(refused.value) == INVITATION_ENDED
    assert stored(app, link.respondent.id) == {first: 2}
    assert audit_lines(app, org.id, respondent.username) == lines


def test_a_finalised_round_ends_an_open_questionnaire(app, world):
    org, round_, link = world
    me = app.as_actor(accounts.resolve_invitation(app, link.link.split("uitnodiging=")[1]))
    assessment.finalise_round(app, round_.id, confirm_incomplete=True)
    with pytest.raises(AccessDenied, match="afgerond"):
        assessment.save_answer(me, link.respondent.id, app.checklist.items[0].id, AnswerKind.DONT_KNOW,
                               expected_version=None)  # fmt: skip
    assert stored(app, link.respondent.id) == {}


def test_a_deactivated_coordinator_saves_not_one_more_answer_or_action(app, world):
    org, _round, link = world
    coordinator = accounts.authenticate(app, "coord@delinde.nl", PASSWORD)
    me = app.as_actor(coordinator)  # logged in, the questionnaire open
    first, second = app.checklist.items[0].id, app.checklist.items[1].id
    assessment.save_answer(me, link.respondent.id, first, AnswerKind.SCORE, 1, expected_version=None)

    accounts.deactivate_account(app, "coord@delinde.nl")  # the beheerder switches it off
    lines = audit_lines(app, org.id, coordinator.username)
    with pytest.raises(AccessDenied) as refused:
        assessment.save_answer(me, link.respondent.id, second, AnswerKind.SCORE, 4, expected_version=None)
    assert str(refused.value) == SESSION_ENDED
    with pytest.raises(AccessDenied):
        plans.add_action(me, org.id, second, "Werkinstructie opstellen")
    with pytest.raises(AccessDenied):
        assessment.start_round(me, org.id, "Meting 2027")
    assert stored(app, link.respondent.id) == {first: 1}
    assert plans.list_plan(app, org.id) == []
    assert [r.label for r in assessment.list_rounds(app, org.id)] == ["Nulmeting 2026"]
    assert audit_lines(app, org.id, coordinator.username) == lines  # nothing logged under that name


def test_an_account_moved_to_another_role_or_corporation_ends_its_sessions(app, world):
    org, _round, _link = world
    coordinator = accounts.authenticate(app, "coord@delinde.nl", PASSWORD)
    other = assessment.create_organisation(app, "Woonstichting Elders", "S", "Drenthe")
    record = app.repo.find_account("coord@delinde.nl")
    with app.repo.engine.begin() as conn:  # the account moved to another corporation meanwhile
        conn.execute(text("UPDATE accounts SET org_id = :o WHERE id = :i"), {"o": other.id, "i": record.id})
    with pytest.raises(AccessDenied, match="uitgeschakeld of gewijzigd"):
        plans.add_action(app.as_actor(coordinator), org.id, app.checklist.items[0].id, "Werkinstructie opstellen")
    assert plans.list_plan(app, org.id) == []
