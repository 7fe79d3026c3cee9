"""Every page speaks the glossary (issue 11, point 5): the rendered text of every page, in
local and in shared mode, holds no English Streamlit default we can avoid, no losing
synonym, no setting name and no folder name (tests/vocabulary.py). Fields are typed into,
so the hints Streamlit shows only then are scanned too. In shared mode Toegang and Inloggen
are also checked at a phone's width (390 px) for sideways scrolling.
"""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import PHONE, open_page, rerun, wait_for_app
from tests.e2e.test_auth_e2e import PASSWORD, log_in, shared_server  # noqa: F401 (fixture)
from tests.e2e.test_pages import _SIDEWAYS
from tests.vocabulary import forbidden_in

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("browser")]

# What a reader sees: the visible text of the app (main block and sidebar; icons, which
# are ligature names such as "upload", left out) and the placeholders shown in empty fields.
# (Text hidden with display:none is not part of innerText.)
_READABLE = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  const hide = document.createElement('style');
  hide.textContent = '[data-testid="stIconMaterial"], [data-testid="stIconEmoji"] { display: none !important; }';
  document.head.appendChild(hide);
  const text = app.innerText;
  hide.remove();
  const placeholders = [...document.querySelectorAll('input[placeholder], textarea[placeholder]')]
    .filter((e) => {
      if (e.value) return false;
      const select = e.closest('[data-baseweb="select"]');  // a chosen option hides the placeholder
      return !select || select.innerText.trim() === '';
    })
    .map((e) => e.getAttribute('placeholder'));
  return [document.title, text, ...placeholders].join('\\n');
}"""


def readable(page) -> str:
    return page.evaluate(_READABLE)


def scan(page, where: str) -> None:
    found = forbidden_in(readable(page))
    assert not found, f"{where}: {found}"


# Pages that draw their lower parts only when chosen: every part is scanned in turn.
PICKERS = {
    "start": "start_part",
    "resultaten": "rs_section",
    "voortgang": "vg_section",
    "consensusgesprek": "consensus_section",
    "verbeterplan": "vp_part",
    "denktank": "dt_part",
}


def open_parts_and_scan(page, where: str, key: str) -> None:
    scan(page, where)
    parts = page.locator(f".st-key-{key}").get_by_role("radio")
    assert parts.count(), f"{where}: no picker .st-key-{key}"
    for index in range(parts.count()):
        rerun(page, lambda i=index: parts.nth(i).click())
        scan(page, f"{where}, {parts.nth(index).inner_text()}")


LOCAL_PAGES = [
    ("start", "/"),
    ("vragenlijst", "/vragenlijst"),
    ("resultaten", "/resultaten"),
    ("consensusgesprek", "/consensusgesprek"),
    ("verbeterplan", "/verbeterplan"),
    ("voortgang", "/voortgang"),
    ("denktank", "/denktank"),
    ("beheer", "/beheer"),
    ("toegang", "/toegang"),
    ("inloggen", "/inloggen"),
]


# A corporation with only final rounds on every page; one in the middle of a concept round
# where that changes what a page shows.
LOCAL_CASES = [(name, path, "final") for name, path in LOCAL_PAGES] + [
    (name, path, "draft") for name, path in LOCAL_PAGES
    if name in ("start", "vragenlijst", "resultaten", "consensusgesprek", "verbeterplan", "voortgang", "beheer")
]


@pytest.mark.parametrize(("name", "path", "which"), LOCAL_CASES, ids=[f"{c[2]}-{c[0]}" for c in LOCAL_CASES])
def test_local_pages_use_only_the_glossary_words(browser, seeded_server, demo_org, page, name, path, which):
    slug = demo_org.slug if which == "final" else demo_org.draft_slug
    open_page(page, f"{seeded_server.url}{path}?org={slug}")
    if name in PICKERS:
        open_parts_and_scan(page, name, PICKERS[name])
    else:
        scan(page, name)


def test_typing_shows_no_english_hint(browser, seeded_server, demo_org, page):
    """Streamlit's 'Press Enter to submit form' / 'Press Ctrl+Enter to apply' appear while typing."""
    open_page(page, f"{seeded_server.url}/beheer?org={demo_org.slug}")
    page.get_by_text("Nieuwe corporatie toevoegen").click()
    field = page.get_by_label("Naam van de corporatie")
    field.fill("Woonstichting Proef")  # typed, not yet submitted: the hint would show now
    scan(page, "Beheer, a form field being typed in")

    open_page(page, f"{seeded_server.url}/vragenlijst?org={demo_org.draft_slug}")
    note = page.locator("textarea").first
    if note.is_enabled():
        note.fill("Besproken in het MT")  # outside a form: 'Press Ctrl+Enter to apply'
        scan(page, "Vragenlijst, a note being typed")
    scan(page, "Vragenlijst")


def test_the_upload_field_speaks_dutch(browser, seeded_server, demo_org, page):
    open_page(page, f"{seeded_server.url}/beheer?org={demo_org.slug}")
    uploader = page.locator('[data-testid="stFileUploader"]')
    assert uploader.get_by_role("button", name="Bestand kiezen").is_visible()
    scan(page, "Beheer, upload field")


def test_shared_pages_use_only_the_glossary_words_and_fit_a_phone(shared_server, page):  # noqa: F811
    server, _token = shared_server
    open_page(page, server.url)  # the login page is the default page: it has no path of its own
    page.get_by_label("Gebruikersnaam").fill("beheer@example.org")  # the login form submits on Enter
    scan(page, "Inloggen (shared)")
    fits_on_phone(page, "Inloggen (shared)")

    log_in(page, "beheer@example.org", PASSWORD)
    # Within the session, by the sidebar: loading a URL afresh starts a new session (log in again).
    nav = page.get_by_test_id("stSidebarNav")
    rerun(page, lambda: nav.get_by_role("link", name="Toegang").click())
    assert page.get_by_role("heading", name="Toegang", exact=True).is_visible()
    scan(page, "Toegang (shared, beheerder)")
    fits_on_phone(page, "Toegang (shared, beheerder)")
    for title in ("Start", "Vragenlijst", "Resultaten", "Verbeterplan", "Voortgang", "Denktank", "Beheer"):
        rerun(page, lambda title=title: nav.get_by_role("link", name=title).click())
        scan(page, f"{title} (shared, beheerder)")


def fits_on_phone(page, where: str) -> None:
    desktop = page.viewport_size
    page.set_viewport_size(PHONE)
    wait_for_app(page)
    sideways = page.evaluate(_SIDEWAYS)
    page.set_viewport_size(desktop)
    wait_for_app(page)
    assert sideways["document"] <= sideways["window"], f"{where}: {sideways}"
    assert not sideways["found"], f"{where}: {sideways['found']}"
