"""Shared mode in a real browser: a coordinator cannot reach another corporation, a
respondent link shows one questionnaire only.

The server runs with VOORDEURCHECK_MODE=shared on a demo database; the accounts and the
invitation are made with the command line, as an administrator would.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator

import pytest

from tests.e2e import conftest as e2e
from tests.e2e.conftest import REPO_ROOT, StreamlitServer, open_page, rerun, run_cli, shots_dir

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("browser")]

PASSWORD = "Sleutelbos-aan-de-deur-7"
COORDINATOR = "coord@kempenhof.nl"
OWN = ("demo-huisvesting-kempenhof", "Huisvesting Kempenhof")
OTHER = ("demo-woonkracht-duinrand", "Woonkracht Duinrand")


def _shared_env(database_url: str) -> dict[str, str]:
    env = _plain_env(database_url)
    env["VOORDEURCHECK_MODE"] = "shared"
    return env


_plain_env = e2e._app_env


def _cli(database_url: str, *args: str, stdin: str | None = None) -> str:
    result = subprocess.run(
        [e2e._console_script("readiness"), *args],
        cwd=REPO_ROOT, env=_plain_env(database_url), input=stdin, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def shared_server(tmp_path_factory) -> Iterator[tuple[StreamlitServer, str]]:
    """The app in shared mode, with a beheerder, a coordinator of OWN and an invitation."""
    folder = tmp_path_factory.mktemp("e2e_shared")
    database_url = f"sqlite:///{folder / 'voordeurcheck.db'}"
    run_cli(database_url, "init-db")
    run_cli(database_url, "seed-demo")
    _cli(database_url, "users", "create", "--role", "beheerder", "--username", "beheer@example.org",
         "--password-stdin", stdin=PASSWORD + "\n")  # fmt: skip
    _cli(database_url, "users", "create", "--role", "coordinator", "--username", COORDINATOR,
         "--org", OWN[0], "--password-stdin", stdin=PASSWORD + "\n")  # fmt: skip
    link = _cli(database_url, "invite", OWN[0], "--round", "Meting 2026", "--role", "uitvoering",
                "--label", "Team Noord").strip()  # fmt: skip
    with pytest.MonkeyPatch.context() as patch:  # the fixture's server with shared mode on
        patch.setattr(e2e, "_app_env", _shared_env)
        server = StreamlitServer(database_url, folder / "streamlit.log").start()
    yield server, link.split("uitnodiging=")[1]
    server.stop()
    log = server.log()
    assert PASSWORD not in log  # nothing the app logs contains the password


def log_in(page, username: str = COORDINATOR, password: str = PASSWORD) -> None:
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord", exact=True).fill(password)
    rerun(page, lambda: page.get_by_role("button", name="Inloggen").click())


def main_text(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def shot(page, name: str) -> None:
    folder = shots_dir()
    if folder is not None:
        page.screenshot(path=str(folder / f"auth_{name}.png"), full_page=True)


def test_every_page_asks_for_a_login_and_a_wrong_password_is_refused(shared_server, page):
    server, _ = shared_server
    open_page(page, f"{server.url}/resultaten?org={OWN[0]}")
    assert page.get_by_role("heading", name="Inloggen").is_visible()
    assert OWN[1] not in main_text(page)
    log_in(page, password="Niet-het-goede-wachtwoord")
    assert "Inloggen is niet gelukt" in main_text(page)
    assert page.get_by_label("Wachtwoord", exact=True).input_value() == ""
    shot(page, "login_refused")


def test_coordinator_cannot_reach_another_corporation_by_url(shared_server, page):
    server, _ = shared_server
    for path in ("", "resultaten", "verbeterplan", "voortgang", "beheer"):
        open_page(page, f"{server.url}/{path}?org={OTHER[0]}")  # a new session each time
        log_in(page)
        text = main_text(page)
        assert OTHER[1] not in text, path
        assert f"org={OWN[0]}" in page.url, path  # the own corporation instead
        assert OTHER[0] not in page.url, path
        if path == "resultaten":
            assert OWN[1] in text
    shot(page, "coordinator_beheer")


def test_coordinator_cannot_pick_another_corporation_in_the_widget(shared_server, page):
    server, _ = shared_server
    open_page(page, server.url)
    log_in(page)
    assert page.get_by_role("heading", name="Voordeurcheck").is_visible()
    menu = page.locator("[class*='st-key-pick_org_menu'] button")  # a corporation is chosen: behind its button
    if menu.count():
        menu.first.click()
    page.locator(".st-key-pick_org").get_by_role("combobox").click()
    options = page.get_by_role("option").all_inner_texts()
    assert options == [f"{OWN[1]} (demo)"]
    page.keyboard.press("Escape")
    sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
    assert COORDINATOR in sidebar and "Uitloggen" in sidebar
    shot(page, "coordinator_start")


def respondents(page) -> list[str]:
    """The respondents the Vragenlijst's picker offers (a row of radio buttons)."""
    return [t.strip() for t in page.locator(".st-key-vl_respondent [data-testid='stRadioOption']").all_inner_texts()]


def test_respondent_link_shows_only_that_questionnaire(shared_server, page):
    server, token = shared_server
    open_page(page, f"{server.url}/?uitnodiging={token}")
    assert page.get_by_role("heading", name="Vragenlijst").is_visible()
    assert page.locator('[data-testid="stSidebarNav"]').count() == 0  # no other pages
    assert page.locator(".st-key-pick_org").count() == 0  # no corporation picker
    assert respondents(page) == ["Uitvoering · Team Noord"]  # only the link's own respondent
    assert not page.locator(".st-key-vl_finalise_box").is_visible()
    shot(page, "respondent")

    open_page(page, f"{server.url}/resultaten?uitnodiging={token}")
    assert page.get_by_role("heading", name="Geen toegang").is_visible()
    open_page(page, f"{server.url}/resultaten")  # without the link: a login, nothing else
    assert page.get_by_role("heading", name="Inloggen").is_visible()


def test_coordinator_invites_a_respondent_on_the_toegang_page(shared_server, page, browser):
    server, _ = shared_server
    open_page(page, f"{server.url}/toegang")
    log_in(page)
    assert page.get_by_role("heading", name="Respondenten uitnodigen").is_visible()
    assert page.get_by_role("heading", name="Accounts").count() == 0  # the beheerder's part
    page.get_by_text("Eén link maken zonder e-mail").click()  # the form for a link to copy by hand
    page.locator(".st-key-tg_label input").fill("Wijkbeheer")
    rerun(page, lambda: page.get_by_role("button", name="Uitnodiging maken").click())
    link = page.locator('[data-testid="stCode"]').inner_text().strip()
    assert link.startswith("http://localhost:8501/?uitnodiging=")
    shot(page, "coordinator_toegang")
    log = main_text(page)
    assert "Wijkbeheer" in log and OTHER[1] not in log

    token = link.split("uitnodiging=")[1]
    with e2e.new_page(browser, e2e.PHONE) as respondent:
        open_page(respondent, f"{server.url}/?uitnodiging={token}")
        assert respondent.get_by_role("heading", name="Vragenlijst").is_visible()
        assert respondents(respondent) == ["Bestuur · Wijkbeheer"]


def test_a_downloaded_audit_log_dies_with_the_logout(shared_server, browser):
    """Issue 23: the audit CSV stayed fetchable with the same browser's cookie for 60 s
    after logging out. Its address now stops working at the logout."""
    import urllib.error
    import urllib.request

    from readiness.ui import sensitive
    from tests.e2e.conftest import DESKTOP, new_page

    server, _ = shared_server

    def fetch(url: str, cookies: str) -> int:
        try:
            with urllib.request.urlopen(urllib.request.Request(url, headers={"Cookie": cookies}), timeout=30) as r:
                return r.status
        except urllib.error.HTTPError as error:
            return error.code

    with new_page(browser, DESKTOP) as page:
        open_page(page, f"{server.url}/toegang")
        log_in(page, "beheer@example.org")  # the beheerder reads the whole log
        with page.expect_download() as info:
            page.get_by_role("button", name="Logboek downloaden (CSV)").click()
        url = info.value.url
        cookies = "; ".join(f"{c['name']}={c['value']}" for c in page.context.cookies())
        assert fetch(url, cookies) == 200  # still logged in: a repeated download works
        rerun(page, lambda: page.get_by_role("button", name="Uitloggen").click())
        assert page.get_by_role("heading", name="Inloggen").is_visible()
        cookies = "; ".join(f"{c['name']}={c['value']}" for c in page.context.cookies())
        assert fetch(url, cookies) == 404  # the same browser, seconds later: gone
        response = page.request.get(url)
        assert response.status == 404 and response.text() == sensitive.REFUSED
