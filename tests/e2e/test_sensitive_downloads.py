"""Issue 13, case 11: a generated download with a corporation's data (the audit log on
Toegang) cannot be fetched by its media address without the session that made it.

In a real browser: the download works; the same address fetched without the browser's
cookie (another client, another browser) gets a 404 with a Dutch text, and so does
the browser itself once the grant has run out (readiness/ui/sensitive.py).
"""

from __future__ import annotations

import datetime as dt
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest

from readiness.config import load_settings
from readiness.services import assessment, open_app
from readiness.ui import sensitive
from tests.e2e.conftest import StreamlitServer, new_page, open_page, run_cli, DESKTOP

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("browser")]


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[StreamlitServer]:
    folder = tmp_path_factory.mktemp("e2e_downloads")
    database_url = f"sqlite:///{folder / 'voordeurcheck.db'}"
    run_cli(database_url, "init-db")
    app = open_app(load_settings({"DATABASE_URL": database_url}))
    org = assessment.create_organisation(app, "Woonstichting Logboek", "M", "Utrecht")
    assessment.start_round(app, org.id, "Nulmeting 2026", dt.date(2026, 3, 1))  # audit lines
    app.repo.engine.dispose()
    server = StreamlitServer(database_url, folder / "streamlit.log").start()
    yield server
    server.stop()


def fetch(url: str, cookie: str | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def test_the_audit_log_download_is_only_for_the_session_that_made_it(server, browser, monkeypatch):
    with new_page(browser, DESKTOP) as page:
        open_page(page, f"{server.url}/toegang")
        with page.expect_download() as info:
            page.get_by_role("button", name="Logboek downloaden (CSV)").click()
        download = info.value
        content = open(download.path(), encoding="utf-8").read()
        assert content.startswith("tijdstip_utc,wie,corporatie,onderdeel,nummer,wijziging")
        assert "Nulmeting 2026" in content
        url = download.url
        assert "/media/" in url

        # the same address without the browser's cookie: another client, another browser
        status, text = fetch(url)
        assert (status, text) == (404, sensitive.REFUSED)
        with new_page(browser, DESKTOP) as stranger:
            response = stranger.request.get(url)
            assert response.status == 404 and response.text() == sensitive.REFUSED

        # the browser that clicked still may, for a short while (a repeated download)
        cookies = "; ".join(f"{c['name']}={c['value']}" for c in page.context.cookies())
        assert fetch(url, cookies)[0] == 200
