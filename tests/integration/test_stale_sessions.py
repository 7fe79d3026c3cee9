"""Issue 13, case 9: a session that no longer holds saves nothing more.

A respondent link revoked, or a coordinator's account switched off, while the
questionnaire is open in a browser: the next save is refused (Dutch message) inside
its transaction, and neither the answer nor an audit line under that name is stored.
The same for the consensus meeting's writes (open, record a level, with follow-up,
close, reopen) when the account changes between the permission check and the write.
Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from readiness.access import AccessDenied
from readiness.config import load_settings
from readiness.models import AnswerKind
from readiness.services import INVITATION_ENDED, SESSION_ENDED, App, accounts, assessment, consensus, open_app, plans

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


# --------------------------------------------------------------------------- the consensus meeting


def _move_account(app: App, change: str) -> None:
    """What a beheerder (or another session) does to the coordinator's account meanwhile."""
    if change == "uitgeschakeld":
        accounts.deactivate_account(app, "coord@delinde.nl")
        return
    record = app.repo.find_account("coord@delinde.nl")
    if change == "andere rol":
        update, values = "UPDATE accounts SET role = :v, org_id = NULL WHERE id = :i", {"v": "denktank"}
    else:  # "andere corporatie"
        other = assessment.create_organisation(app, "Woonstichting Elders", "S", "Drenthe")
        update, values = "UPDATE accounts SET org_id = :v WHERE id = :i", {"v": other.id}
    with app.repo.engine.begin() as conn:
        conn.execute(text(update), {**values, "i": record.id})


CONSENSUS_WRITES = {
    # name: (meeting state before, the write)
    "open_meeting": (None, lambda me, r, item: consensus.open_meeting(me, r.id, dt.date(2026, 3, 20))),
    "record_level": ("open", lambda me, r, item: consensus.record_level(
        me, r.id, item, 2, "Samen besproken.", expected_version=None)),
    "record_level met vervolg": ("open", lambda me, r, item: consensus.record_level(
        me, r.id, item, 1, "De werkvloer merkt er niets van.", follow_up=True, expected_version=None)),
    "close_meeting": ("open", lambda me, r, item: consensus.close_meeting(me, r.id)),
    "reopen_meeting": ("gesloten", lambda me, r, item: consensus.reopen_meeting(me, r.id)),
}  # fmt: skip


@pytest.mark.parametrize("change", ["uitgeschakeld", "andere rol", "andere corporatie"])
@pytest.mark.parametrize("write", list(CONSENSUS_WRITES))
def test_a_coordinator_changed_after_the_check_writes_nothing_in_the_consensus_meeting(
    app, world, monkeypatch, write, change
):
    """The page was loaded and the permission check passed with the coordinator's session;
    then the account is switched off, or given another role or corporation, before the
    change is written. The check inside the write transaction refuses it with the one Dutch
    message, and neither the meeting, an agreed level, a follow-up action nor an audit line
    is stored."""
    from readiness.services import consensus as consensus_service

    org, round_, _link = world
    state, call = CONSENSUS_WRITES[write]
    if state is not None:
        consensus.open_meeting(app, round_.id, dt.date(2026, 3, 20))
    if state == "gesloten":
        consensus.close_meeting(app, round_.id)
    item = app.checklist.items[0].id
    me = app.as_actor(accounts.authenticate(app, "coord@delinde.nl", PASSWORD))

    def snapshot():
        meeting = app.repo.find_meeting(round_.id)
        levels = app.repo.list_agreed_levels(meeting.id) if meeting else []
        return meeting, levels, plans.list_plan(app, org.id), audit_lines(app, org.id, me.actor.username)

    before = snapshot()
    real = consensus_service.authorise

    def checked_then_changed(*args, **kwargs):
        allowed = real(*args, **kwargs)  # the session still holds at the check ...
        _move_account(app, change)  # ... and no longer when the change is written
        monkeypatch.setattr(consensus_service, "authorise", real)
        return allowed

    monkeypatch.setattr(consensus_service, "authorise", checked_then_changed)
    with pytest.raises(AccessDenied) as refused:
        call(me, round_, item)
    assert str(refused.value) == SESSION_ENDED
    # the meeting, its agreed levels, the plan and the coordinator's audit lines as they were
    assert snapshot() == before
