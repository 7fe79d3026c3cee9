"""Paths that work (issue 25): every page opens at its own address, the root goes on to the
first page, an unknown address gets a Dutch page, and none of Streamlit's own English
(the "Page not found" dialog, "Skip to main content", the "Connection error" dialog)
reaches the user."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest

from tests.e2e.conftest import StreamlitServer, new_page, open_page, rerun, wait_for_app, DESKTOP
from tests.unit.test_docs import app_pages
from tests.vocabulary import forbidden_in

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("browser")]

# Streamlit's own English that a user could meet on a page of this app.
STREAMLIT_ENGLISH = [
    r"page not found",
    r"does not seem to exist",
    r"you have requested",
    r"running the app's main page",
    r"\brunning\b",
    r"skip to main content",
    r"connection error",
    r"not responding",
    r"\bdeploy\b",
]

# Everything a sighted user can read: the app's visible text, dialogs included (a dialog
# is drawn outside the main block), and the tab's title.
_VISIBLE_TEXT = """() => {
  const hide = document.createElement('style');
  hide.textContent = '[data-testid="stIconMaterial"], [data-testid="stIconEmoji"] { display: none !important; }';
  document.head.appendChild(hide);
  const text = document.body.innerText;
  hide.remove();
  return document.title + '\\n' + text;
}"""


def english(page) -> list[str]:
    text = page.evaluate(_VISIBLE_TEXT)
    found = [p for p in STREAMLIT_ENGLISH if re.search(p, text, re.IGNORECASE)]
    return found + forbidden_in(text)


def path_of(page) -> str:
    return urlparse(page.url).path


PAGES = sorted(app_pages().items())


@pytest.mark.parametrize(("url_path", "title"), PAGES, ids=[p[0] for p in PAGES])
def test_every_page_opens_at_its_own_path(browser, seeded_server, demo_org, page, url_path, title):
    open_page(page, f"{seeded_server.url}/{url_path}?org={demo_org.slug}")
    assert path_of(page) == f"/{url_path}", "the address changed"
    assert page.get_by_role("dialog").count() == 0, page.get_by_role("dialog").first.inner_text()
    nav = page.get_by_test_id("stSidebarNav")
    if nav.get_by_role("link", name=title, exact=True).count():  # local mode: the menu marks the page
        link = nav.get_by_role("link", name=title, exact=True)
        assert link.get_attribute("aria-current") == "page", f"the menu does not mark {title}"
    heading = "Voordeurcheck" if url_path == "start" else title
    assert page.get_by_role("heading", name=heading, exact=True).first.is_visible()
    assert english(page) == []


def test_the_root_goes_on_to_start_and_keeps_the_corporation(browser, seeded_server, demo_org, page):
    open_page(page, f"{seeded_server.url}/?org={demo_org.slug}")
    assert path_of(page) == "/start"
    assert f"org={demo_org.slug}" in page.url
    assert page.get_by_role("heading", name=f"Waar staat {demo_org.name}?").is_visible()
    assert english(page) == []


@pytest.mark.parametrize("path", ["/bestaat-niet", "/Resultaten", "/verbeterplan%20oud"])
def test_an_unknown_path_shows_a_dutch_page(browser, seeded_server, page, path):
    open_page(page, f"{seeded_server.url}{path}")
    assert page.get_by_role("dialog").count() == 0, "Streamlit's own 'Page not found' dialog"
    assert page.get_by_role("heading", name="Pagina niet gevonden").is_visible()
    assert page.get_by_text("Dit adres hoort niet bij een pagina van Voordeurcheck").is_visible()
    assert english(page) == []
    rerun(page, lambda: page.get_by_role("link", name="Naar Start").click())
    assert path_of(page) == "/start"
    assert page.get_by_role("heading", name="Voordeurcheck", exact=True).is_visible()


def test_a_nested_address_goes_to_its_first_part(browser, seeded_server, demo_org, page):
    """Streamlit alone shows an empty page under /resultaten/oud (its scripts are looked for
    at /resultaten/static/...)."""
    open_page(page, f"{seeded_server.url}/resultaten/oud?org={demo_org.slug}")
    assert path_of(page) == "/resultaten"
    assert page.get_by_role("heading", name="Resultaten", exact=True).is_visible()
    open_page(page, f"{seeded_server.url}/bestaat/niet")
    assert page.get_by_role("heading", name="Pagina niet gevonden").is_visible()
    assert english(page) == []


def test_a_lost_connection_is_told_in_dutch(browser, tmp_path):
    """Streamlit's 'Connection error' dialog, when the server stops, reads in Dutch."""
    server = StreamlitServer(f"sqlite:///{tmp_path / 'voordeurcheck.db'}", tmp_path / "streamlit.log").start()
    try:
        with new_page(browser, DESKTOP) as page:
            open_page(page, f"{server.url}/start")
            server.stop()
            dialog = page.get_by_role("dialog")
            dialog.wait_for(state="visible", timeout=30_000)
            drawn = page.evaluate(
                """() => {
                  const d = document.querySelector('[role="dialog"]');
                  const after = (e) => getComputedStyle(e, '::after').content;
                  const title = d.querySelector('h2'), body = d.querySelector('h2 + div > div');
                  return {title: after(title), body: after(body),
                          hidden: [getComputedStyle(title).fontSize, getComputedStyle(body).fontSize]};
                }"""
            )
            assert drawn["title"] == '"Geen verbinding"'
            assert "Voordeurcheck reageert op dit moment niet" in drawn["body"]
            assert drawn["hidden"] == ["0px", "0px"], "the English text is still drawn"
    finally:
        server.stop()


def test_no_skip_link_in_english(browser, seeded_server, page):
    open_page(page, f"{seeded_server.url}/start")
    page.keyboard.press("Tab")  # the skip link would show on the first Tab
    wait_for_app(page)
    assert not page.get_by_text("Skip to main content").is_visible()
    assert english(page) == []


@pytest.mark.parametrize("url_path", ["start", "verbeterplan"])
def test_a_page_at_its_own_path_connects_without_a_failed_probe(browser, seeded_server, demo_org, page, url_path):
    """Streamlit's browser code used to ask /<page>/_stcore/health first (404), wait, and
    then find the server at the root (readiness/ui/page_head.py): a round trip and 100 ms
    of every first render. Now it connects at the root at once, and the page still works."""
    asked: list[str] = []
    page.on("request", lambda request: asked.append(urlparse(request.url).path))
    sockets: list[str] = []
    page.on("websocket", lambda ws: sockets.append(urlparse(ws.url).path))
    open_page(page, f"{seeded_server.url}/{url_path}?org={demo_org.slug}")
    assert not [p for p in asked if p.startswith(f"/{url_path}/")], asked
    assert "/_stcore/health" in asked
    assert sockets == ["/_stcore/stream"]
    assert path_of(page) == f"/{url_path}" and not english(page)
    # a click in the menu still goes to the other page's own address, in the same session
    page.get_by_role("link", name="Resultaten").first.click()
    wait_for_app(page)
    assert path_of(page) == "/resultaten" and sockets == ["/_stcore/stream"]
