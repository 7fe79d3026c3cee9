"""The Denktank page in a real browser, in shared mode: a denktank account sees the
stored publication and downloads it (the report as PDF and the open data as JSON),
and the page does not scroll sideways on a phone."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator

import pytest

from tests.e2e import conftest as e2e
from tests.e2e.conftest import REPO_ROOT, StreamlitServer, open_page, rerun, run_cli, shots_dir

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("browser")]

PASSWORD = "Sleutelbos-aan-de-deur-7"
DENKTANK = "lid@denktank.nl"


def _shared_env(database_url: str) -> dict[str, str]:
    env = _plain_env(database_url)
    env["VOORDEURCHECK_MODE"] = "shared"
    return env


_plain_env = e2e._app_env


@pytest.fixture(scope="module")
def denktank_server(tmp_path_factory) -> Iterator[StreamlitServer]:
    folder = tmp_path_factory.mktemp("e2e_denktank")
    database_url = f"sqlite:///{folder / 'voordeurcheck.db'}"
    run_cli(database_url, "init-db")
    run_cli(database_url, "seed-demo")  # includes the demo publication
    for role, name in (("beheerder", "beheer@example.org"), ("denktank", DENKTANK)):
        result = subprocess.run(
            [e2e._console_script("readiness"), "users", "create", "--role", role, "--username", name,
             "--password-stdin"],
            cwd=REPO_ROOT, env=_plain_env(database_url), input=PASSWORD + "\n", capture_output=True, text=True,
            timeout=120,
        )  # fmt: skip
        assert result.returncode == 0, result.stdout + result.stderr
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(e2e, "_app_env", _shared_env)
        server = StreamlitServer(database_url, folder / "streamlit.log").start()
    yield server
    server.stop()


def log_in(page) -> None:
    page.get_by_label("Gebruikersnaam").fill(DENKTANK)
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    # the first render after a login loads the page's modules: allow for a busy machine
    rerun(page, lambda: page.get_by_role("button", name="Inloggen").click(), timeout=120_000)


def choose(page, part: str) -> None:
    """Choose a part in the Denktank's picker (only that part is drawn)."""
    rerun(page, lambda: page.locator(".st-key-dt_part").get_by_role("radio", name=part, exact=True).click())


def test_the_denktank_role_downloads_a_publication(denktank_server, page, tmp_path):
    open_page(page, f"{denktank_server.url}/denktank")
    log_in(page)
    main = page.locator('[data-testid="stMain"]')
    assert page.get_by_role("heading", name="Denktank").is_visible()
    assert "publicatie van de fictieve demo-corporaties" in main.inner_text()
    assert "U heeft geen toegang" not in main.inner_text()
    picker = page.locator(".st-key-dt_part")
    assert picker.get_by_role("radio", name="Nieuwe publicatie").count() == 0  # no right to publish
    assert picker.get_by_role("radio", name="Eigen positie").count() == 0  # a denktank member has no corporation
    choose(page, "Downloaden")

    with page.expect_download() as pdf:
        page.get_by_role("button", name="Rapport (PDF)").click()
    path = tmp_path / pdf.value.suggested_filename
    pdf.value.save_as(path)
    assert path.name == "voordeurcheck-sectorbeeld-demo.pdf"
    assert path.read_bytes().startswith(b"%PDF")

    with page.expect_download() as data:
        page.get_by_role("button", name="JSON").click()
    figures = json.loads(open(data.value.path(), encoding="utf-8").read())
    assert figures["label"] == "Sectorbeeld demo" and figures["kind"] == "voordeurcheck_sector_publication"
    folder = shots_dir()
    if folder is not None:
        page.screenshot(path=str(folder / "denktank_shared.png"), full_page=True)


def test_the_denktank_page_does_not_scroll_sideways_on_a_phone(denktank_server, phone_page):
    open_page(phone_page, f"{denktank_server.url}/denktank")
    log_in(phone_page)
    width = phone_page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390, width
    buttons = phone_page.locator(".st-key-dt_part").get_by_role("radio")
    parts = [buttons.nth(i).inner_text().strip() for i in range(buttons.count())]
    assert "Per vraag" in parts
    folder = shots_dir()
    for part in parts:  # every part of the page, drawn on request
        choose(phone_page, part)
        width = phone_page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 390, (part, width)
        if folder is not None:  # the part itself (the page scrolls inside its main element)
            name = part.replace(" ", "_")
            phone_page.screenshot(path=str(folder / f"denktank_phone_{name}.png"))
            charts = phone_page.locator('[data-testid="stPlotlyChart"]')
            for i in range(charts.count()):
                charts.nth(i).screenshot(path=str(folder / f"denktank_phone_{name}_chart{i}.png"))
    choose(phone_page, "Per vraag")
    assert phone_page.get_by_role("heading", name="Per vraag").is_visible()
    if folder is not None:
        phone_page.screenshot(path=str(folder / "denktank_phone.png"), full_page=True)
