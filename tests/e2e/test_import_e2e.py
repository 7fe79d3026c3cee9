"""Issue 23: an import through the browser is read in the budget's child process, forked
from the running Streamlit server: a good file is imported, the 128 KB file that used to
keep the import busy for minutes is refused in Dutch within seconds, and the server keeps
serving (headless Chromium against a real server)."""

from __future__ import annotations

import time

import pytest

from tests.e2e.conftest import open_page, rerun, wait_for_app

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("browser")]

GOOD = (
    "meting,datum,rol,respondent,item,antwoord,toelichting\n"
    "Browsermeting 2026,2026-04-01,management,Management 1,dra-01,3,Besproken in het MT.\n"
)
QUADRATIC = '{"format": "voordeurcheck-export", "x": "' + '\\"' * 64 * 1024


def upload(page, name: str, content: str, mime: str) -> None:
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        files=[{"name": name, "mimeType": mime, "buffer": content.encode()}]
    )
    wait_for_app(page)


def test_an_import_in_the_browser_is_read_within_the_budget(seeded_server, demo_org, page):
    open_page(page, f"{seeded_server.url}/beheer?org={demo_org.draft_slug}")
    upload(page, "antwoorden.csv", GOOD, "text/csv")
    rerun(page, lambda: page.get_by_role("button", name="Importeren").click())
    assert "Ingelezen voor" in page.locator('[data-testid="stMain"]').inner_text()

    open_page(page, f"{seeded_server.url}/beheer?org={demo_org.draft_slug}")
    upload(page, "export.json", QUADRATIC, "application/json")
    page.get_by_role("textbox", name="Korte naam van de corporatie").fill("nieuwe-browsercorporatie")
    page.keyboard.press("Enter")
    wait_for_app(page)
    started = time.monotonic()
    rerun(page, lambda: page.get_by_role("button", name="Importeren").click())
    assert time.monotonic() - started < 20
    main = page.locator('[data-testid="stMain"]').inner_text()
    assert "niet ingelezen" in main and "geen geldige JSON" in main
    assert "Traceback" not in main and page.locator('[data-testid="stException"]').count() == 0
    assert "Unterminated" not in main and "een tekst tussen aanhalingstekens wordt niet gesloten" in main
