"""A round by e-mail in a real browser: the coordinator invites by e-mail, a respondent
answers through the mailed link, the reminder goes only to who has not finished, and
after finalising no address is left and the links refuse.

The server runs in shared mode with a real local SMTP server (aiosmtpd, in this test's
process) as its mail server.
"""

from __future__ import annotations

import datetime as dt
import re
import socket
import subprocess
from collections.abc import Iterator
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller

from tests.e2e import conftest as e2e
from tests.e2e.conftest import REPO_ROOT, StreamlitServer, open_page, rerun, run_cli, shots_dir, show_whole_page

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("browser")]

PASSWORD = "Sleutelbos-aan-de-deur-7"
COORDINATOR = "coord@kempenhof.nl"
ORG = "demo-huisvesting-kempenhof"
ROUND = "Meting najaar 2026"
ADDRESSES = ["a.jansen@kempenhof.nl", "b.smit@kempenhof.nl"]
LINK = re.compile(r"http://localhost:8501/\?uitnodiging=([A-Za-z0-9_-]+)")


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[str, object]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        (rcpt,) = envelope.rcpt_tos
        self.messages.append((rcpt, message_from_bytes(envelope.content, policy=policy.default)))
        return "250 OK"

    def take(self) -> dict[str, str]:
        """The messages received since the last take: recipient -> plain text body."""
        taken, self.messages = self.messages, []
        return {rcpt: m.get_body(preferencelist=("plain",)).get_content() for rcpt, m in taken}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def mail_server(tmp_path_factory) -> Iterator[tuple[StreamlitServer, Inbox, str]]:
    inbox = Inbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    smtp.start()
    folder = tmp_path_factory.mktemp("e2e_mail")
    database_url = f"sqlite:///{folder / 'voordeurcheck.db'}"
    run_cli(database_url, "init-db")
    run_cli(database_url, "seed-demo")
    env = e2e._app_env(database_url)
    for role, extra in (("beheerder", []), ("coordinator", ["--org", ORG])):
        name = COORDINATOR if role == "coordinator" else "beheer@example.org"
        subprocess.run(
            [e2e._console_script("readiness"), "users", "create", "--role", role, "--username", name, *extra,
             "--password-stdin"],
            cwd=REPO_ROOT, env=env, input=PASSWORD + "\n", capture_output=True, text=True, check=True, timeout=120,
        )  # fmt: skip
    key = subprocess.run(
        [e2e._console_script("readiness"), "mail-key"], cwd=REPO_ROOT, env=env, capture_output=True, text=True,
        check=True, timeout=60,
    ).stdout.strip()  # fmt: skip
    _start_round(database_url)

    plain = e2e._app_env

    def shared_env(url: str) -> dict[str, str]:
        return {
            **plain(url),
            "VOORDEURCHECK_MODE": "shared",
            "VOORDEURCHECK_SMTP_HOST": "127.0.0.1",
            "VOORDEURCHECK_SMTP_PORT": str(smtp.port),
            "VOORDEURCHECK_SMTP_STARTTLS": "0",
            "VOORDEURCHECK_SMTP_SENDER": "Voordeurcheck <noreply@kempenhof.nl>",
            "VOORDEURCHECK_MAIL_KEY": key,
        }

    with pytest.MonkeyPatch.context() as patch:  # the fixture's server with shared mode and mail on
        patch.setattr(e2e, "_app_env", shared_env)
        server = StreamlitServer(database_url, folder / "streamlit.log").start()
    yield server, inbox, database_url
    server.stop()
    smtp.stop()
    for address in ADDRESSES:
        assert address not in server.log()  # the app never logs an address


def _start_round(database_url: str) -> None:
    from readiness.config import load_settings
    from readiness.services import assessment, open_app

    app = open_app(load_settings({"DATABASE_URL": database_url}))
    org = assessment.get_organisation(app, ORG)
    assessment.start_round(app, org.id, ROUND, dt.date.today())
    app.repo.engine.dispose()


def _app(database_url: str):
    from readiness.config import load_settings
    from readiness.services import open_app

    return open_app(load_settings({"DATABASE_URL": database_url}))


def log_in(page) -> None:
    page.get_by_label("Gebruikersnaam").fill(COORDINATOR)
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    rerun(page, lambda: page.get_by_role("button", name="Inloggen").click())


def main_text(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def shot(page, name: str) -> None:
    folder = shots_dir()
    if folder is not None:
        show_whole_page(page)
        page.screenshot(path=str(folder / f"mail_{name}.png"), full_page=True)


def test_invite_answer_remind_finalise(mail_server, page, browser):
    server, inbox, database_url = mail_server
    open_page(page, f"{server.url}/toegang")
    log_in(page)
    assert "Nog geen respondenten." in main_text(page)  # the new round, the latest, is chosen

    # --- invite two colleagues of one role by e-mail ------------------------------------------
    box = page.locator(".st-key-tg_mail_role [role='combobox']")
    box.click()
    box.fill("Uitvoering")
    page.get_by_role("option", name="Uitvoering", exact=True).click()
    page.locator(".st-key-tg_addresses textarea").fill("\n".join(ADDRESSES))
    rerun(page, lambda: page.get_by_role("button", name="Uitnodigingen versturen").click())
    assert "2 uitnodiging(en) gemaild: Uitvoering 1, Uitvoering 2." in main_text(page)
    mails = inbox.take()
    assert sorted(mails) == sorted(ADDRESSES)
    links = {rcpt: LINK.findall(body) for rcpt, body in mails.items()}
    assert all(len(found) == 1 for found in links.values())
    text = main_text(page)
    assert not any(a in text for a in ADDRESSES), "the page shows no stored address"
    assert "Uitvoering: 0 van 2 klaar · 0 begonnen · 2 uitgenodigd" in text
    shot(page, "invited")

    # --- A answers through the mailed link (the first question in the browser, the rest after)
    token_a = links[ADDRESSES[0]][0]
    with e2e.new_page(browser, e2e.PHONE) as respondent:
        open_page(respondent, f"{server.url}/?uitnodiging={token_a}")
        assert respondent.get_by_role("heading", name="Vragenlijst").is_visible()
        first = respondent.locator("[class*='st-key-vl_ans_']").first
        rerun(respondent, lambda: first.get_by_role("radio").nth(3).click(force=True))
        assert respondent.get_by_text("Opgeslagen").first.is_visible()
        shot(respondent, "respondent_phone")
    _finish(database_url, token_a)

    # --- remind: only B, who has not started ----------------------------------------------------
    open_page(page, f"{server.url}/toegang")
    log_in(page)
    text = main_text(page)
    assert "Uitvoering: 1 van 2 klaar · 1 begonnen · 2 uitgenodigd" in text
    assert "Herinneren: 1 per e-mail uitgenodigde respondent(en) zijn nog niet klaar." in text
    rerun(page, lambda: page.get_by_role("button", name="Herinnering sturen").click())
    assert "Herinnering gemaild aan 1 respondent(en) die nog niet klaar zijn: Uitvoering 2." in main_text(page)
    assert "1 respondent(en) zijn al klaar en kregen niets." in main_text(page)
    reminders = inbox.take()
    assert list(reminders) == [ADDRESSES[1]]
    assert "nog niet compleet" in reminders[ADDRESSES[1]] and len(LINK.findall(reminders[ADDRESSES[1]])) == 1
    shot(page, "reminded")

    # --- finalise on the Vragenlijst page: the addresses are gone, the links refuse ------------
    open_page(page, f"{server.url}/vragenlijst")
    log_in(page)
    rerun(page, lambda: page.locator(".st-key-vl_finalise button").click())
    page.locator(".st-key-vl_confirm_check").get_by_text("Ik wil de meting toch afronden").click()
    page.wait_for_timeout(300)
    rerun(page, lambda: page.locator(".st-key-vl_confirm_finalise button").click())
    assert page.get_by_text("Deze meting is definitief").first.is_visible()
    app = _app(database_url)
    with app.repo.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM invitations WHERE email IS NOT NULL").scalar_one() == 0
    app.repo.engine.dispose()
    with e2e.new_page(browser, e2e.DESKTOP) as late:
        open_page(late, f"{server.url}/?uitnodiging={LINK.findall(reminders[ADDRESSES[1]])[0]}")
        assert "Deze uitnodigingslink is verlopen" in late.locator('[data-testid="stMain"]').inner_text()


def _finish(database_url: str, token: str) -> None:
    """The rest of A's questionnaire, through the services as A (the browser part is above)."""
    from readiness.models import AnswerKind
    from readiness.services import accounts, assessment

    app = _app(database_url)
    me = app.as_actor(accounts.resolve_invitation(app, token))
    done = assessment.answers_of(me, me.actor.respondent_id)
    for item in app.checklist.items:
        if item.id not in done:
            assessment.save_answer(me, me.actor.respondent_id, item.id, AnswerKind.SCORE, 3, expected_version=None)
    app.repo.engine.dispose()


def test_after_the_closing_date_the_link_refuses_and_extending_reopens_it(mail_server, page, browser):
    server, _inbox, database_url = mail_server
    from readiness.services import accounts, assessment

    app = _app(database_url)
    org = assessment.get_organisation(app, ORG)
    late = assessment.start_round(app, org.id, "Meting winter 2026", dt.date.today())
    token = accounts.create_invitation(app, ORG, late.label, "bestuur").link.split("uitnodiging=")[1]
    with app.repo.engine.begin() as conn:  # the closing date was yesterday (the app only sets future ones)
        conn.exec_driver_sql(
            f"UPDATE rounds SET closes_on = '{dt.date.today() - dt.timedelta(days=1)}' WHERE id = {late.id}"
        )
    app.repo.engine.dispose()

    with e2e.new_page(browser, e2e.PHONE) as respondent:
        open_page(respondent, f"{server.url}/?uitnodiging={token}")
        text = respondent.locator('[data-testid="stMain"]').inner_text()
        assert "De meting 'Meting winter 2026' is gesloten na" in text and "sluitingsdatum te verlengen" in text
        shot(respondent, "closed_link_phone")

    open_page(page, f"{server.url}/toegang")
    log_in(page)
    assert "gesloten na" in main_text(page)
    extended = dt.date.today() + dt.timedelta(days=7)
    field = page.locator(".st-key-tg_closes_on")
    for part, value in (("day", f"{extended:%d}"), ("month", f"{extended:%m}"), ("year", f"{extended:%Y}")):
        field.locator(f"[data-type='{part}']").click()
        page.keyboard.type(value)
    rerun(page, lambda: page.locator(".st-key-tg_closes_save button").click())
    text = main_text(page)
    assert "(nog 7 dagen)" in text, text[:1500]
    shot(page, "extended")

    with e2e.new_page(browser, e2e.PHONE) as respondent:
        open_page(respondent, f"{server.url}/?uitnodiging={token}")
        assert respondent.get_by_role("heading", name="Vragenlijst").is_visible()
        assert "Invullen kan tot en met" in respondent.locator('[data-testid="stMain"]').inner_text()
