"""Accounts, logging in, throttling, invitations and the audit trail (SQLite and PostgreSQL)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
from pathlib import Path

import pytest
from sqlalchemy import inspect as sa_inspect
from sqlalchemy import text

from readiness.access import AccessDenied, Kind
from readiness.config import load_settings
from readiness.models import AnswerKind
from readiness.services import App, accounts, assessment, open_app
from readiness.services.assessment import ValidationError

PASSWORD = "Voordeur-sleutel-2026!"  # meets the policy


@pytest.fixture
def app(db_url: str, tmp_path: Path) -> App:
    app = open_app(load_settings({"DATABASE_URL": db_url, "VOORDEURCHECK_BASE_URL": "https://vdc.example.nl/"}))
    yield app
    app.repo.engine.dispose()


@pytest.fixture
def org(app: App):
    return assessment.create_organisation(app, "Woonstichting De Linde", "M", "Utrecht")


@pytest.fixture
def draft(app: App, org):
    return assessment.start_round(app, org.id, "Nulmeting 2026", dt.date(2026, 3, 1))


def all_text_in_database(app: App) -> str:
    """Every value of every row of every table, as one string."""
    with app.repo.engine.connect() as conn:
        tables = sa_inspect(conn).get_table_names()
        return "\n".join(
            repr(tuple(row)) for t in tables for row in conn.execute(text(f'SELECT * FROM "{t}"'))
        )


# --------------------------------------------------------------------------- passwords


def test_passwords_are_never_stored_or_logged_in_plain_text(app, org, db_url, caplog):
    caplog.set_level(logging.DEBUG)  # everything, including SQLAlchemy's statements
    logging.getLogger("sqlalchemy.engine").setLevel(logging.INFO)
    try:
        accounts.create_account(app, "coord@delinde.nl", PASSWORD, "coordinator", org.slug)
        accounts.authenticate(app, "coord@delinde.nl", PASSWORD)
        wrong = PASSWORD + "x"
        with pytest.raises(accounts.LoginFailed):
            accounts.authenticate(app, "coord@delinde.nl", wrong)
        new = "Een-nieuw-wachtwoord-voor-2027"
        accounts.set_password(app, "coord@delinde.nl", new)
    finally:
        logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)
    assert caplog.records, "the check needs logged SQL to look at"
    logs = "\n".join(r.getMessage() + repr(r.args) for r in caplog.records)
    stored = all_text_in_database(app)
    for secret in (PASSWORD, wrong, new):
        assert secret not in logs
        assert secret not in stored
    assert "$argon2id$" in stored  # a hash is what is kept
    if db_url.startswith("sqlite:///"):  # also the raw file, WAL included
        app.repo.engine.dispose()
        for path in Path(db_url.removeprefix("sqlite:///")).parent.glob("*.db*"):
            raw = path.read_bytes()
            assert PASSWORD.encode() not in raw and new.encode() not in raw


@pytest.mark.parametrize(
    ("password", "why"),
    [
        ("kort-1", "te kort"),
        ("wachtwoord1234", "te bekend"),
        ("Welkom123456!", "te bekend"),
        ("aaaaaaaaaaaaaaa", "te weinig verschillende"),
        ("coord-delinde-geheim", "gebruikersnaam"),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(app, org, password, why):
    with pytest.raises(ValidationError, match=why):
        accounts.create_account(app, "coord-delinde@example.org", password, "coordinator", org.slug)
    assert accounts.list_accounts(app) == []


def test_usernames_are_unique_whatever_their_case(app):
    accounts.create_account(app, "Beheer@Example.org", PASSWORD, "beheerder")
    with pytest.raises(ValueError, match="bestaat al"):
        accounts.create_account(app, "beheer@example.ORG ", PASSWORD, "beheerder")
    assert [a.username for a in accounts.list_accounts(app)] == ["beheer@example.org"]


def test_a_coordinator_needs_an_existing_corporation_and_others_none(app, org):
    with pytest.raises(ValidationError, match="hoort bij één corporatie"):
        accounts.create_account(app, "c@example.org", PASSWORD, "coordinator")
    with pytest.raises(ValidationError, match="geen corporatie met de korte naam 'onbekend'"):
        accounts.create_account(app, "c@example.org", PASSWORD, "coordinator", "onbekend")
    with pytest.raises(ValidationError, match="hoort niet bij één corporatie"):
        accounts.create_account(app, "d@example.org", PASSWORD, "denktank", org.slug)
    with pytest.raises(ValidationError, match="Onbekende rol"):
        accounts.create_account(app, "r@example.org", PASSWORD, "respondent")


# --------------------------------------------------------------------------- logging in


def test_login_gives_the_accounts_role_and_corporation(app, org):
    accounts.create_account(app, "coord@delinde.nl", PASSWORD, "coordinator", org.slug)
    actor = accounts.authenticate(app, "  COORD@delinde.nl", PASSWORD)
    assert (actor.kind, actor.org_id, actor.username) == (Kind.COORDINATOR, org.id, "coord@delinde.nl")
    [info] = accounts.list_accounts(app)
    assert info.last_login_at is not None and info.org_name == org.name


def test_the_refusal_does_not_tell_whether_the_account_exists(app, org, monkeypatch):
    accounts.create_account(app, "coord@delinde.nl", PASSWORD, "coordinator", org.slug)
    verified = []
    real = accounts._verify
    monkeypatch.setattr(accounts, "_verify", lambda h, p: verified.append(h) or real(h, p))
    messages = []
    for name in ("coord@delinde.nl", "niemand@delinde.nl"):
        with pytest.raises(accounts.LoginFailed) as info:
            accounts.authenticate(app, name, "Niet-het-goede-wachtwoord")
        messages.append(str(info.value))
    assert messages[0] == messages[1] == accounts.LOGIN_FAILED
    assert len(verified) == 2  # an unknown name costs a full hash check too


def test_five_failures_lock_the_account_for_fifteen_minutes(app, org, db_url, monkeypatch):
    accounts.create_account(app, "coord@delinde.nl", PASSWORD, "coordinator", org.slug)
    now = dt.datetime.now(dt.UTC)
    monkeypatch.setattr(accounts, "_now", lambda: now)
    for _ in range(accounts.MAX_FAILED_ATTEMPTS - 1):
        with pytest.raises(accounts.LoginFailed):
            accounts.authenticate(app, "coord@delinde.nl", "Fout-wachtwoord-123")
    assert accounts.authenticate(app, "coord@delinde.nl", PASSWORD)  # 4 failures: still open
    for _ in range(accounts.MAX_FAILED_ATTEMPTS):  # a success starts the count again
        with pytest.raises(accounts.LoginFailed):
            accounts.authenticate(app, "coord@delinde.nl", "Fout-wachtwoord-123")
    with pytest.raises(accounts.LoginFailed):  # locked: even the right password fails
        accounts.authenticate(app, "coord@delinde.nl", PASSWORD)

    # The lock is in the database: another process (a second App) sees it too.
    other = open_app(load_settings({"DATABASE_URL": db_url}), migrate_db=False)
    try:
        monkeypatch.setattr(accounts, "_now", lambda: now + dt.timedelta(minutes=14))
        with pytest.raises(accounts.LoginFailed):
            accounts.authenticate(other, "coord@delinde.nl", PASSWORD)
        monkeypatch.setattr(accounts, "_now", lambda: now + dt.timedelta(minutes=15, seconds=1))
        assert accounts.authenticate(other, "coord@delinde.nl", PASSWORD).org_id == org.id
    finally:
        other.repo.engine.dispose()
    assert any("geblokkeerd" in e.change for e in accounts.list_audit(app, org.id))


def test_a_deactivated_account_cannot_log_in_and_its_session_ends(app, org):
    accounts.create_account(app, "beheer@example.org", PASSWORD, "beheerder")
    accounts.create_account(app, "coord@delinde.nl", PASSWORD, "coordinator", org.slug)
    actor = accounts.authenticate(app, "coord@delinde.nl", PASSWORD)
    assert accounts.refresh_actor(app, actor) == actor
    accounts.deactivate_account(app, "coord@delinde.nl")
    assert accounts.refresh_actor(app, actor) is None
    with pytest.raises(accounts.LoginFailed):
        accounts.authenticate(app, "coord@delinde.nl", PASSWORD)
    accounts.activate_account(app, "coord@delinde.nl")
    assert accounts.authenticate(app, "coord@delinde.nl", PASSWORD) == actor


def test_the_last_beheerder_cannot_be_switched_off(app):
    assert not accounts.has_active_beheerder(app)
    accounts.create_account(app, "beheer@example.org", PASSWORD, "beheerder")
    assert accounts.has_active_beheerder(app)
    with pytest.raises(ValidationError, match="laatste actieve beheerder"):
        accounts.deactivate_account(app, "beheer@example.org")
    accounts.create_account(app, "beheer2@example.org", PASSWORD, "beheerder")
    accounts.deactivate_account(app, "beheer@example.org")
    assert accounts.has_active_beheerder(app)


def test_single_sign_on_maps_the_email_to_an_active_account(app, org):
    accounts.create_account(app, "coord@delinde.nl", PASSWORD, "coordinator", org.slug)
    assert accounts.authenticate_sso(app, "Coord@DeLinde.nl").org_id == org.id
    with pytest.raises(accounts.LoginFailed, match="geen actief account"):
        accounts.authenticate_sso(app, "iemand@delinde.nl")


# --------------------------------------------------------------------------- invitations


def test_an_invitation_opens_exactly_one_questionnaire(app, org, draft):
    invitation = accounts.create_invitation(app, org.slug, draft.label, "uitvoering")
    assert invitation.link.startswith("https://vdc.example.nl/?uitnodiging=")
    token = invitation.link.split("uitnodiging=")[1]
    assert len(token) >= 43  # 32 random bytes
    assert token not in all_text_in_database(app)  # only its hash is stored

    actor = accounts.resolve_invitation(app, token)
    assert (actor.kind, actor.respondent_id, actor.round_id) == (Kind.RESPONDENT, invitation.respondent.id, draft.id)
    me = app.as_actor(actor)
    item = app.checklist.items[0].id
    assessment.save_answer(me, invitation.respondent.id, item, AnswerKind.SCORE, 3, expected_version=None)
    colleague = assessment.add_respondent(app, draft.id, "bestuur")
    with pytest.raises(AccessDenied):
        assessment.save_answer(me, colleague.id, item, AnswerKind.SCORE, 1, expected_version=None)
    with pytest.raises(AccessDenied):
        assessment.round_result(me, draft.id)


def test_unknown_revoked_and_expired_links_are_refused_in_dutch(app, org, draft):
    with pytest.raises(accounts.InvitationInvalid, match="niet geldig"):
        accounts.resolve_invitation(app, "x" * 43)
    first = accounts.create_invitation(app, org.slug, draft.label, "bestuur")
    second = accounts.invite_respondent(app, first.respondent.id)  # a new link, same respondent
    accounts.revoke_invitation(app, first.id)
    with pytest.raises(accounts.InvitationInvalid, match="ingetrokken"):
        accounts.resolve_invitation(app, first.link.split("=")[1])
    assert accounts.resolve_invitation(app, second.link.split("=")[1]).respondent_id == first.respondent.id
    assessment.finalise_round(app, draft.id, confirm_incomplete=True)
    with pytest.raises(accounts.InvitationInvalid, match="verlopen"):
        accounts.resolve_invitation(app, second.link.split("=")[1])
    assert [i.revoked for i in accounts.list_invitations(app, draft.id)] == [True, False]


def test_no_invitations_into_a_final_round_or_an_unknown_one(app, org, draft):
    with pytest.raises(ValidationError, match="geen meting met de naam 'Meting 2030'"):
        accounts.create_invitation(app, org.slug, "Meting 2030", "bestuur")
    assessment.add_respondent(app, draft.id, "bestuur")
    assessment.finalise_round(app, draft.id, confirm_incomplete=True)
    with pytest.raises(ValidationError, match="definitief"):
        accounts.create_invitation(app, org.slug, draft.label, "bestuur")


# --------------------------------------------------------------------------- audit trail


def test_changes_are_recorded_with_who_did_them(app, org, draft):
    other = assessment.create_organisation(app, "Woonstichting Elders", "S", "Drenthe")
    accounts.create_account(app, "coord@delinde.nl", PASSWORD, "coordinator", org.slug)
    coordinator = app.as_actor(accounts.authenticate(app, "coord@delinde.nl", PASSWORD))
    respondent = assessment.add_respondent(coordinator, draft.id, "bestuur")
    assessment.save_answer(coordinator, respondent.id, app.checklist.items[0].id, AnswerKind.SCORE, 2,
                           expected_version=None)  # fmt: skip
    assessment.finalise_round(coordinator, draft.id, confirm_incomplete=True)
    assessment.start_round(app, other.id, "Meting elders")

    own = accounts.list_audit(coordinator, org.id)
    assert [(e.actor, e.entity) for e in own[:4]] == [
        ("coord@delinde.nl", "meting"),  # newest first: finalised
        ("coord@delinde.nl", "antwoord"),
        ("coord@delinde.nl", "respondent"),
        ("coord@delinde.nl", "account"),  # logged in
    ]
    assert all(e.org_id == org.id for e in own)
    assert {e.actor for e in accounts.list_audit(app)} >= {"lokaal", "coord@delinde.nl"}
    with pytest.raises(AccessDenied):
        accounts.list_audit(coordinator, other.id)
    with pytest.raises(AccessDenied):
        accounts.list_audit(coordinator)


def test_audit_csv_holds_every_entry_of_the_corporation(app, org, draft):
    assessment.add_respondent(app, draft.id, "bestuur", 'Team "Noord", wijk 3')
    other = assessment.create_organisation(app, "Woonstichting Elders", "S", "Drenthe")
    assessment.start_round(app, other.id, "Meting elders")
    rows = list(csv.reader(io.StringIO(accounts.audit_csv(app, org.id).decode())))
    assert tuple(rows[0]) == accounts.AUDIT_COLUMNS
    entries = accounts.list_audit(app, org.id)
    assert [(r[1], r[2], r[3], r[5]) for r in rows[1:]] == [
        (e.actor, org.slug, e.entity, e.change) for e in entries
    ]
    assert any('Team "Noord", wijk 3' in r[5] for r in rows[1:])
    assert not any("elders" in r[5] for r in rows[1:])


# --------------------------------------------------------------------------- command line


def test_cli_creates_accounts_without_showing_the_password_and_prints_invitations(
    app, org, draft, db_url, monkeypatch, capsys
):
    from readiness import cli

    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("VOORDEURCHECK_BASE_URL", "https://vdc.example.nl")
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    args = ["users", "create", "--role", "coordinator", "--username", "coord@delinde.nl", "--org", org.slug]
    assert cli.main([*args, "--password-stdin"]) == 0
    assert cli.main(["users", "list"]) == 0
    assert cli.main(["invite", org.slug, "--round", draft.label, "--role", "uitvoering"]) == 0
    out, err = capsys.readouterr()
    assert PASSWORD not in out + err
    assert "coord@delinde.nl\tcoordinator\tWoonstichting De Linde\tactief" in out
    link = out.strip().splitlines()[-1]
    assert accounts.resolve_invitation(app, link.split("uitnodiging=")[1]).round_id == draft.id

    monkeypatch.setattr("sys.stdin", io.StringIO("te-kort\n"))
    assert cli.main(["users", "create", "--role", "beheerder", "--username", "b@x.nl", "--password-stdin"]) == 2
    assert "te kort" in capsys.readouterr().err
