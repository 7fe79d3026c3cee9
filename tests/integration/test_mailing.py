"""Invitations and reminders by e-mail through a real local SMTP server (aiosmtpd), the
privacy of the addresses, the response per role and the closing date (SQLite and
PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import re
import socket
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from readiness.access import AccessDenied
from readiness.config import load_settings
from readiness.mail import new_key
from readiness.models import AnswerKind
from readiness.services import App, accounts, assessment, mailing, open_app, responses
from readiness.services.assessment import ValidationError
from tests.integration.test_accounts import all_text_in_database

BASE = "https://vdc.example.nl"
UITVOERING = ["a.jansen@delinde.nl", "b.pietersen@delinde.nl", "c.de.vries@delinde.nl"]
BESTUUR = ["directeur@delinde.nl"]
LINK = re.compile(re.escape(BASE) + r"/\?uitnodiging=([A-Za-z0-9_-]+)")


class Inbox:
    """aiosmtpd handler: keeps every message it receives, with its envelope."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], object]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append((list(envelope.rcpt_tos), message_from_bytes(envelope.content, policy=policy.default)))
        return "250 OK"

    def take(self):
        taken, self.messages = self.messages, []
        return taken


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield controller, inbox
    controller.stop()


@pytest.fixture
def today():
    return {"date": dt.date(2026, 3, 2)}


def _app(db_url: str, today, **env) -> App:
    settings = load_settings({"DATABASE_URL": db_url, "VOORDEURCHECK_BASE_URL": BASE, **env})
    app = open_app(settings)
    app.today = lambda: today["date"]
    return app


@pytest.fixture
def app(db_url: str, smtp_server, today) -> App:
    controller, _ = smtp_server
    app = _app(
        db_url, today,
        VOORDEURCHECK_SMTP_HOST="127.0.0.1", VOORDEURCHECK_SMTP_PORT=str(controller.port),
        VOORDEURCHECK_SMTP_STARTTLS="0", VOORDEURCHECK_SMTP_SENDER="Voordeurcheck <noreply@delinde.nl>",
        VOORDEURCHECK_MAIL_KEY=new_key(),
    )  # fmt: skip
    yield app
    app.repo.engine.dispose()


@pytest.fixture
def round_(app: App):
    org = assessment.create_organisation(app, "Woonstichting De Linde", "M", "Utrecht")
    return org, assessment.start_round(app, org.id, "Nulmeting 2026", dt.date(2026, 3, 1))


def _body(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")


def _respondent(app: App, link: str):
    return app.as_actor(accounts.resolve_invitation(app, LINK.search(link).group(1)))


def _answer_all(app: App, respondent_app: App, *, only: int | None = None, start: int = 0) -> None:
    for item in app.checklist.items[start:only]:
        assessment.save_answer(
            respondent_app, respondent_app.actor.respondent_id, item.id, AnswerKind.SCORE, 2, expected_version=None
        )


def test_invite_two_roles_remind_only_the_unfinished_and_forget_the_addresses(app, round_, smtp_server):
    org, draft = round_
    _, inbox = smtp_server
    responses.set_closing_date(app, draft.id, dt.date(2026, 3, 20))

    first = mailing.invite_by_email(app, org.slug, draft.label, "uitvoering", "\n".join(UITVOERING))
    second = mailing.invite_by_email(app, org.slug, draft.label, "bestuur", f"Directeur <{BESTUUR[0]}>")
    assert (first.mailed, first.failed, first.links) == (["Uitvoering 1", "Uitvoering 2", "Uitvoering 3"], [], [])
    assert second.mailed == ["Bestuur 1"]

    invitations = inbox.take()
    assert len(invitations) == 4
    everyone = UITVOERING + BESTUUR
    links: dict[str, str] = {}
    for rcpt, message in invitations:
        assert len(rcpt) == 1 and message["To"] == rcpt[0] and message["Cc"] is None and message["Bcc"] is None
        body = _body(message)
        found = LINK.findall(body)
        assert len(found) == 1, "one personal link per message"
        assert message["Subject"].startswith("Uitnodiging: vragenlijst Signaleren achter de voordeur")
        assert message["Content-Language"] == "nl"
        assert "Beste collega" in body and "Woonstichting De Linde" in body and "Nulmeting 2026" in body
        assert "20 maart 2026" in body  # the closing date, in Dutch
        assert ("als Bestuur" in body) == (rcpt[0] in BESTUUR)
        for other in everyone:  # nobody else's address
            assert other == rcpt[0] or other not in message.as_string()
        links[rcpt[0]] = LINK.search(body).group(0)
    assert len(set(links.values())) == 4

    # the addresses are nowhere readable: not in the tables (encrypted on the invitation),
    # not in the respondents' labels, not in the audit trail
    stored = all_text_in_database(app)
    for address in everyone:
        assert address not in stored and address.split("@")[0] not in stored
    assert {r.label for r in assessment.list_respondents(app, draft.id)} == {
        "Uitvoering 1", "Uitvoering 2", "Uitvoering 3", "Bestuur 1"
    }  # fmt: skip
    assert all(i.by_mail and i.mailed_at for i in accounts.list_invitations(app, draft.id))

    # A finishes, B starts, C and the director do nothing
    a, b = _respondent(app, links[UITVOERING[0]]), _respondent(app, links[UITVOERING[1]])
    _answer_all(app, a)
    _answer_all(app, b, only=3)
    overview = responses.response(app, draft.id)
    by_role = {r.role: (r.respondents, r.invited, r.started, r.finished) for r in overview.roles}
    assert by_role == {"bestuur": (1, 1, 0, 0), "uitvoering": (3, 3, 2, 1)}
    assert overview.closing_text() == "sluit 20 maart 2026 (nog 18 dagen)"

    outcome = mailing.remind(app, draft.id)
    assert sorted(outcome.reminded) == ["Bestuur 1", "Uitvoering 2", "Uitvoering 3"]
    assert outcome.skipped_finished == 1
    reminders = inbox.take()
    assert sorted(r[0] for r, _ in reminders) == sorted([UITVOERING[1], UITVOERING[2], BESTUUR[0]])
    for rcpt, message in reminders:
        body = _body(message)
        assert message["Subject"].startswith("Herinnering:") and "nog niet compleet" in body
        (new_link,) = LINK.findall(body)
        assert new_link not in links[rcpt[0]]  # a fresh link...
        fresh = _respondent(app, LINK.search(body).group(0))
        old = _respondent(app, links[rcpt[0]])  # ...and the first one still works
        assert fresh.actor.respondent_id == old.actor.respondent_id
    assert [i.reminders for i in accounts.list_invitations(app, draft.id) if i.by_mail].count(1) == 3
    assert not any(a_ for a_ in all_text_in_database(app).split() if "@delinde.nl" in a_ and "noreply" not in a_)

    # finalising forgets every address
    assessment.finalise_round(app, draft.id, confirm_incomplete=True)
    assert not any(i.by_mail for i in accounts.list_invitations(app, draft.id))
    with app.repo.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM invitations WHERE email IS NOT NULL").scalar_one() == 0
        assert conn.exec_driver_sql("SELECT count(*) FROM invitations").scalar_one() == 7


def test_a_revoked_invitation_keeps_no_address_and_is_not_reminded(app, round_, smtp_server):
    org, draft = round_
    _, inbox = smtp_server
    mailing.invite_by_email(app, org.slug, draft.label, "management", "m1@delinde.nl, m2@delinde.nl")
    inbox.take()
    first = accounts.list_invitations(app, draft.id)[0]
    accounts.revoke_invitation(app, first.id)
    assert [i.by_mail for i in accounts.list_invitations(app, draft.id)] == [False, True]
    assert mailing.remind(app, draft.id).reminded == ["Management 2"]
    assert [r for r, _ in inbox.take()] == [["m2@delinde.nl"]]


def test_the_corporations_own_text_is_used_and_checked(app, round_, smtp_server):
    org, draft = round_
    _, inbox = smtp_server
    with pytest.raises(ValueError, match=r"\{link\}"):
        mailing.save_mail_text(app, org.id, "uitnodiging", "Doe mee", "Vul de lijst in.")
    with pytest.raises(ValueError, match=r"Onbekende invulplek in de tekst: \{naam\}"):
        mailing.save_mail_text(app, org.id, "uitnodiging", "Doe mee", "Hallo {naam}: {link}")
    with pytest.raises(ValueError, match="e-mailadres"):  # the privacy guard reads the texts too
        mailing.save_mail_text(app, org.id, "uitnodiging", "Doe mee", "Vragen? Mail j.jansen@gmail.com. {link}")
    mailing.save_mail_text(app, org.id, "uitnodiging", "Doe mee, {rol}!", "Hoi,\n\nKlik op {link} voor {meting}.")
    assert mailing.mail_text(app, org.id, "uitnodiging").own
    mailing.invite_by_email(app, org.slug, draft.label, "uitvoering", "x@delinde.nl")
    ((_, message),) = inbox.take()
    assert message["Subject"] == "Doe mee, Uitvoering!"
    assert re.fullmatch(r"Hoi,\n\nKlik op " + LINK.pattern + r" voor Nulmeting 2026\.\n", _body(message))
    assert not mailing.reset_mail_text(app, org.id, "uitnodiging").own


def test_a_wrong_list_invites_nobody(app, round_, smtp_server):
    org, draft = round_
    with pytest.raises(ValueError, match=r"Dit is geen e-mailadres: nr\. 2 \('geen-adres'\).*niemand uitgenodigd"):
        mailing.invite_by_email(app, org.slug, draft.label, "uitvoering", "a@delinde.nl\ngeen-adres\nb@delinde.nl")
    assert assessment.list_respondents(app, draft.id) == []
    assert smtp_server[1].take() == []


def test_an_unreachable_mail_server_is_said_in_dutch_and_the_invitations_can_be_sent_later(
    db_url, today, smtp_server
):
    controller, inbox = smtp_server
    key = new_key()
    env = dict(VOORDEURCHECK_SMTP_STARTTLS="0", VOORDEURCHECK_SMTP_SENDER="noreply@delinde.nl",
               VOORDEURCHECK_MAIL_KEY=key, VOORDEURCHECK_SMTP_HOST="127.0.0.1")  # fmt: skip
    down = _app(db_url, today, VOORDEURCHECK_SMTP_PORT=str(_free_port()), **env)
    org = assessment.create_organisation(down, "Woonstichting De Linde", "M", "Utrecht")
    draft = assessment.start_round(down, org.id, "Nulmeting 2026", dt.date(2026, 3, 1))
    outcome = mailing.invite_by_email(down, org.slug, draft.label, "uitvoering", "a@delinde.nl")
    assert outcome.mailed == [] and outcome.failed == ["Uitvoering 1"]
    assert "mailserver" in outcome.error and "niet bereikbaar" in outcome.error
    assert [i.mailed_at for i in accounts.list_invitations(down, draft.id)] == [None]
    up = _app(db_url, today, VOORDEURCHECK_SMTP_PORT=str(controller.port), **env)
    assert mailing.remind(up, draft.id).reminded == ["Uitvoering 1"]  # the reminder button sends it after all
    ((rcpt, message),) = inbox.take()
    assert rcpt == ["a@delinde.nl"] and message["Subject"].startswith("Uitnodiging:")  # as the invitation
    for app in (down, up):
        app.repo.engine.dispose()


def test_without_a_mail_server_the_links_are_shown_and_no_address_is_stored(db_url, today):
    app = _app(db_url, today)
    org = assessment.create_organisation(app, "Woonstichting De Linde", "M", "Utrecht")
    draft = assessment.start_round(app, org.id, "Nulmeting 2026", dt.date(2026, 3, 1))
    outcome = mailing.invite_by_email(app, org.slug, draft.label, "uitvoering", "a@delinde.nl\nb@delinde.nl")
    assert [address for address, _ in outcome.links] == ["a@delinde.nl", "b@delinde.nl"]
    assert all(LINK.fullmatch(link) for _, link in outcome.links)
    assert "delinde.nl" not in all_text_in_database(app).replace("Woonstichting De Linde", "")
    with pytest.raises(ValidationError, match="geen mailserver"):
        mailing.remind(app, draft.id)
    app.repo.engine.dispose()


def test_after_the_closing_date_links_refuse_and_extending_reopens(app, round_, today):
    org, draft = round_
    link = accounts.create_invitation(app, org.slug, draft.label, "uitvoering").link
    responses.set_closing_date(app, draft.id, dt.date(2026, 3, 10))
    today["date"] = dt.date(2026, 3, 10)  # the closing date itself still counts
    respondent = _respondent(app, link)
    _answer_all(app, respondent, only=1)

    today["date"] = dt.date(2026, 3, 11)
    with pytest.raises(accounts.InvitationInvalid, match="gesloten na 10 maart 2026.*verlengen"):
        _respondent(app, link)
    with pytest.raises(AccessDenied, match="gesloten na 10 maart 2026; dit antwoord is niet opgeslagen"):
        _answer_all(app, respondent, start=1, only=2)  # a page opened before the date cannot save after it
    assert responses.response(app, draft.id).closing_text() == "gesloten na 10 maart 2026"
    with pytest.raises(ValidationError, match="Verleng eerst de sluitingsdatum"):
        mailing.invite_by_email(app, org.slug, draft.label, "uitvoering", "a@delinde.nl")
    with pytest.raises(ValidationError, match="in het verleden"):
        responses.set_closing_date(app, draft.id, dt.date(2026, 3, 5))

    responses.set_closing_date(app, draft.id, dt.date(2026, 3, 17))  # extended
    _answer_all(app, _respondent(app, link), start=1, only=2)
    assert responses.response(app, draft.id).closing_text() == "sluit 17 maart 2026 (nog 6 dagen)"
    assert any("sluitingsdatum" in e.change for e in accounts.list_audit(app, org.id))


def test_a_mail_server_without_a_key_is_refused_in_dutch():
    from readiness.config import SettingsError

    with pytest.raises(SettingsError, match="VOORDEURCHECK_MAIL_KEY.*readiness mail-key"):
        load_settings({"VOORDEURCHECK_SMTP_HOST": "smtp.delinde.nl", "VOORDEURCHECK_SMTP_SENDER": "vdc@delinde.nl"})


def test_the_command_line_runs_a_round(db_url, smtp_server, monkeypatch, capsys):
    """readiness invite --email, rounds, closing-date, remind [--due], mail-key: as an administrator would."""
    from readiness.cli import main

    controller, inbox = smtp_server
    env = {"DATABASE_URL": db_url, "VOORDEURCHECK_BASE_URL": BASE, "VOORDEURCHECK_SMTP_HOST": "127.0.0.1",
           "VOORDEURCHECK_SMTP_PORT": str(controller.port), "VOORDEURCHECK_SMTP_STARTTLS": "0",
           "VOORDEURCHECK_SMTP_SENDER": "noreply@delinde.nl", "VOORDEURCHECK_MAIL_KEY": new_key()}  # fmt: skip
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    app = open_app()
    org = assessment.create_organisation(app, "Woonstichting De Linde", "M", "Utrecht")
    draft = assessment.start_round(app, org.id, "Nulmeting 2026", dt.date.today())
    app.repo.engine.dispose()

    assert main(["invite", org.slug, "--round", draft.label, "--role", "uitvoering",
                 "--email", UITVOERING[0], "--email", UITVOERING[1]]) == 0  # fmt: skip
    assert "2 uitnodiging(en) gemaild: Uitvoering 1, Uitvoering 2." in capsys.readouterr().out
    assert sorted(r[0] for r, _ in inbox.take()) == sorted(UITVOERING[:2])

    closing = dt.date.today() + dt.timedelta(days=7)
    assert main(["closing-date", org.slug, "--round", draft.label, closing.strftime("%d-%m-%Y")]) == 0
    assert "(nog 7 dagen)" in capsys.readouterr().out
    assert main(["rounds", org.slug]) == 0
    out = capsys.readouterr().out
    assert "Nulmeting 2026" in out and "(nog 7 dagen)" in out
    assert "  Uitvoering: 2 respondenten, 2 uitgenodigd, 0 begonnen, 0 klaar" in out
    assert not any(address in out for address in UITVOERING)

    assert main(["remind", org.slug, "--due", "--days", "2"]) == 0  # not today: 7 days left
    assert "vandaag geen herinnering (nog 7 dagen)" in capsys.readouterr().out and inbox.take() == []
    assert main(["remind", org.slug, "--due"]) == 0  # 7 is a default reminder day
    assert "2 herinnering(en) gemaild" in capsys.readouterr().out
    assert len(inbox.take()) == 2

    assert main(["closing-date", org.slug, "--round", draft.label, "gisteren"]) == 2
    assert "is geen datum" in capsys.readouterr().err
    assert main(["mail-key"]) == 0
    assert len(capsys.readouterr().out.strip()) == 44
