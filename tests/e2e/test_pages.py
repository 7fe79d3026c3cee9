"""A tour of every page on the demo database, at desktop (1400 px) and phone (390 px) width.

A demo corporation is chosen through the URL (``?org=<slug>``), as a bookmarked link
would. Every page must show its heading and its key element, and no Streamlit
exception box. Denktank must explain its anonymity and show no corporation's name. At 390 px
no page may scroll sideways: the document is no wider than the window, and no element in
the main block sticks out of it or scrolls sideways itself (a wide table hides the question
text there). The tables in FIT_ON_PHONE are named explicitly.
With ``SCREENSHOTS=1`` every page is saved as a full-length PNG in /tmp/e2e_shots/.
"""

from __future__ import annotations

import math
import re

import pytest

from readiness.services.demo import DEMO_CORPORATIONS
from tests.e2e.conftest import (
    DESKTOP, PHONE, new_page, open_page, rerun, shots_dir, show_whole_page, tile_value, wait_for_app,
)  # fmt: skip

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("browser")]


def shown(score: float) -> str:
    """A 0-100 score as the app shows it: whole number, halves up."""
    return str(math.floor(score + 0.5))


def heading(page, text: str):
    return page.get_by_role("heading", name=text, exact=True)


# --------------------------------------------------------------------------- key elements


def check_start(page, demo):
    assert demo.name in page.locator("[class*='st-key-pick_org_menu'] button").first.inner_text()  # from the URL
    assert heading(page, f"Waar staat {demo.name}?").is_visible()  # the answer first
    assert tile_value(page, "Totaalscore").endswith("/ 100")
    # the latest round is final: its status and respondents are one click away
    if not heading(page, demo.latest_round_label).is_visible():
        choose(page, "start_part", f"{demo.latest_round_label} (definitief): status en respondenten")
    assert tile_value(page, "Status") == "Definitief"
    assert heading(page, demo.latest_round_label).is_visible()


def check_vragenlijst(page, demo):
    assert page.locator(".st-key-vl_respondent").is_visible()
    assert page.get_by_text(re.compile(r"^\d+ van 20 vragen beantwoord door deze respondent$")).is_visible()
    assert page.get_by_text("Deze meting is definitief").is_visible()  # the latest round is final


def choose(page, key: str, label: str) -> None:
    """Click one part of a page's section picker (the page draws only the chosen part)."""
    rerun(page, lambda: page.locator(f".st-key-{key} button").filter(has_text=label).click())


def each_part(page, key: str, parts: dict[str, str], name: str) -> None:
    """Choose every part of a section picker in turn: its heading shows, and at a phone's
    width it does not scroll sideways either."""
    for label, title in parts.items():
        choose(page, key, label)
        assert heading(page, title).is_visible(), f"{name}: '{label}' shows no heading '{title}'"
        if page.viewport_size["width"] == PHONE["width"]:
            check_fits_on_phone(page, f"{name} ({label})")


def check_resultaten(page, demo):
    assert demo.overall is not None
    assert tile_value(page, "Totaalscore") == f"{shown(demo.overall)} / 100"
    assert page.get_by_text("Basis van de scores:", exact=False).first.is_visible()  # the answer
    each_part(page, "rs_section", {
        "Score per onderdeel": "Score per onderdeel",
        "Volgende stappen": "Volgende stappen",
        "Verschillen": "Waar verschillen de respondenten?",
        "Weet ik niet": "Waar weet men het niet?",
        "Alle antwoorden": "Antwoorden per respondent",
        "Verandering": "Verandering sinds de vorige meting",
        "Downloaden": "Rapport downloaden",
    }, "resultaten")  # fmt: skip


def check_verbeterplan(page, demo):
    assert heading(page, "Het plan").is_visible()
    picker = page.locator(".st-key-vp_part")  # the rest on request, one click away
    for part in ("Actie bewerken", "Voorstellen", "Eigen actie", "Downloaden"):
        assert picker.get_by_role("radio", name=part, exact=True).is_visible()
    assert re.fullmatch(r"\d+", tile_value(page, "Gepland"))


def check_voortgang(page, demo):
    assert demo.n_rounds >= 2
    trend = page.locator(".st-key-vg_trend li")  # the answer: every round with its phase and basis
    assert trend.count() == demo.n_rounds
    assert "Basis: " in trend.first.inner_text() and "Fase " in trend.first.inner_text()
    each_part(page, "vg_section", {
        "Scores per meting": "Scores per meting",
        "Twee metingen vergelijken": "Twee metingen vergelijken",
        "Verbeterplan": "Voortgang van het verbeterplan",
    }, "voortgang")  # fmt: skip


def check_consensus(page, demo):
    assert page.locator(".st-key-consensus_agenda li").count() > 0  # the agenda first
    each_part(page, "consensus_section", {"Vraag bespreken": "Vraag bespreken"}, "consensusgesprek")
    assert page.locator(".st-key-consensus_roles li").count() > 0  # the first question's answers per role
    each_part(page, "consensus_section", {"Agenda downloaden": "Agenda downloaden"}, "consensusgesprek")
    assert page.get_by_role("button", name="Agenda als PDF").is_visible()


def check_denktank(page, demo):
    assert re.fullmatch(r"\d+ ± \d+", tile_value(page, "Corporaties"))  # a released count with its margin
    explanation = page.get_by_text("Wat ziet u hier, en hoe blijft het anoniem?")
    assert explanation.is_visible()
    rules = page.get_by_text(re.compile(r"k = \d+\."))
    if not rules.is_visible():
        explanation.click()  # opens the expander (in the browser, no rerun)
    rules.wait_for()
    text = page.locator("body").inner_text().lower()
    html = page.content().lower()
    named = [name for name, _size, _region in DEMO_CORPORATIONS if name.lower() in text or name.lower() in html]
    assert not named, f"Denktank shows corporation names: {named}"


def check_vragenlijst_concept(page, demo):
    assert page.locator("[class*='st-key-vl_item_']").first.is_visible()  # the form, one card per question
    assert page.get_by_text("Wat betekenen de antwoorden?").is_visible()


def check_toegang(page, demo):
    assert heading(page, "Logboek").is_visible()


def check_inloggen(page, demo):
    assert page.get_by_text("inloggen is niet nodig").is_visible()  # local mode


def check_beheer(page, demo):
    assert heading(page, "1. Corporatie").is_visible()
    assert page.locator(".st-key-bh_pick_org input").input_value() == demo.name
    assert heading(page, f"3. Respondenten van '{demo.latest_round_label}'").is_visible()


# --------------------------------------------------------------------------- phone width

# Tables that must be readable at 390 px without sideways scrolling, per page: the
# st-key of the container around each (a st.dataframe, st.table or a list).
FIT_ON_PHONE = {
    "start": ["start_respondents", "start_next_steps"],
    "beheer": ["bh_rounds", "bh_respondents"],
    "verbeterplan": ["vp_plan"],
}

# For one keyed container: how much wider its content is than the room it has (0 when it
# fits). Glide data grids (st.dataframe) scroll inside '.dvn-scroller'; st.table inside its
# own wrapper; anything else must not stick out of the viewport.
_OVERFLOW = """(key) => {
  const box = document.querySelector('.st-key-' + key);
  if (!box) return null;
  let over = Math.max(0, box.getBoundingClientRect().right - document.documentElement.clientWidth);
  for (const el of box.querySelectorAll('.dvn-scroller, [data-testid="stTable"] > div')) {
    over = Math.max(over, el.scrollWidth - el.clientWidth);
  }
  return over;
}"""


# Everything in the main block that makes a reader scroll sideways: an element (not clipped
# by an ancestor) whose box reaches past the block's edges, or an element that scrolls
# sideways itself (overflow auto/scroll, content wider than its box: a wide data grid).
_SIDEWAYS = """() => {
  const main = document.querySelector('[data-testid="stMainBlockContainer"]');
  const box = main.getBoundingClientRect();
  const right = Math.min(document.documentElement.clientWidth, box.right) + 1;
  const left = Math.max(0, box.left) - 1;
  const label = (el) => el.getAttribute('data-testid') || String(el.className).split(' ')[0] || el.tagName;
  const clipped = (el) => {
    for (let a = el.parentElement; a && a !== main; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible') return true;
    }
    return false;
  };
  const found = [];
  for (const el of main.querySelectorAll('*')) {
    const style = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    if (style.visibility === 'hidden' || r.width === 0 || r.height === 0) continue;
    if (['auto', 'scroll'].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1) {
      found.push(`${label(el)} scrolls ${el.scrollWidth - el.clientWidth}px sideways`);
    } else if ((r.right > right || r.left < left) && !clipped(el)) {
      found.push(`${label(el)} sticks out ${Math.round(Math.max(r.right - right, left - r.left))}px`);
    }
  }
  return {document: document.scrollingElement.scrollWidth, window: window.innerWidth, found: found.slice(0, 8)};
}"""


def check_fits_on_phone(page, name: str) -> None:
    for key in FIT_ON_PHONE.get(name, []):
        over = page.evaluate(_OVERFLOW, key)
        assert over is not None, f"{name}: no element .st-key-{key}"
        assert over <= 1, f"{name}: '{key}' needs {over}px sideways scrolling at 390px"
    sideways = page.evaluate(_SIDEWAYS)
    assert sideways["document"] <= sideways["window"], f"{name}: the page scrolls sideways at 390px ({sideways})"
    assert not sideways["found"], f"{name}: sideways scrolling at 390px: {sideways['found']}"


_CUT_TILES = """() => Array.from(document.querySelectorAll("[data-testid='stMetric'] *, [class*='st-key-vc_tile_'] p"))
    .filter(el => el.scrollWidth > el.clientWidth + 1
        && (getComputedStyle(el).textOverflow === "ellipsis" || el.tagName === "P"))
    .map(el => el.textContent.trim())"""


def check_tiles_show_whole_figures(page, name: str, width: int) -> None:
    """A tile's label and figure are never cut off with '…': "+12 pun…" says less than the
    figure it stands for (issue 11: every number with what it is about)."""
    cut = page.evaluate(_CUT_TILES)
    assert not cut, f"{name} at {width}px: tiles cut off: {cut}"


_PAGES = [
    # (name, path, heading, check)
    ("start", "/", "Voordeurcheck", check_start),
    ("vragenlijst", "/vragenlijst", "Vragenlijst", check_vragenlijst),
    ("vragenlijst-concept", "/vragenlijst?draft", "Vragenlijst", check_vragenlijst_concept),
    ("resultaten", "/resultaten", "Resultaten", check_resultaten),
    ("consensusgesprek", "/consensusgesprek", "Consensusgesprek", check_consensus),
    ("verbeterplan", "/verbeterplan", "Verbeterplan", check_verbeterplan),
    ("voortgang", "/voortgang", "Voortgang", check_voortgang),
    ("denktank", "/denktank", "Denktank", check_denktank),
    ("beheer", "/beheer", "Beheer", check_beheer),
    ("toegang", "/toegang", "Toegang", check_toegang),
    ("inloggen", "/inloggen", "Inloggen", check_inloggen),
]
PAGES = _PAGES


@pytest.mark.parametrize(("name", "path", "title", "check"), PAGES, ids=[p[0] for p in PAGES])
def test_page_shows_its_heading_and_key_element(browser, seeded_server, demo_org, name, path, title, check):
    """At 1400 px, then the same page narrowed to a phone's 390 px (Streamlit's layout is
    responsive in the browser, so narrowing needs no new run)."""
    slug = demo_org.draft_slug if path.endswith("?draft") else demo_org.slug
    path = path.removesuffix("?draft")
    with new_page(browser, DESKTOP) as page:
        open_page(page, f"{seeded_server.url}{path}?org={slug}")
        for viewport in (DESKTOP, PHONE):
            if viewport is not DESKTOP:
                page.set_viewport_size(viewport)
                wait_for_app(page)
            width = viewport["width"]
            errors = page.locator("[data-testid='stException']")
            assert errors.count() == 0, f"{width}px: {errors.first.inner_text()}"
            assert heading(page, title).is_visible(), f"{width}px: heading '{title}' not visible"
            check(page, demo_org)
            check_tiles_show_whole_figures(page, name, width)
            if viewport is PHONE:
                check_fits_on_phone(page, name)
            folder = shots_dir()
            if folder is not None:
                show_whole_page(page)
                page.screenshot(path=str(folder / f"{name}_{width}.png"))


def test_vragenlijst_answer_column_has_one_width_in_every_section(browser, seeded_server, demo_org, checklist):
    """The answers sit in a column of the same width in every section (issue 11, point 7)."""
    widths: dict[str, set[int]] = {}
    with new_page(browser, DESKTOP) as page:
        open_page(page, f"{seeded_server.url}/vragenlijst?org={demo_org.draft_slug}")
        titles = re.compile("|".join(re.escape(section.title) for section in checklist.sections))
        pills = page.locator(".st-key-vl_section_pick button").filter(has_text=titles)
        for index in range(pills.count()):
            if index:
                rerun(page, lambda i=index: pills.nth(i).click())
            section = page.get_by_role("heading", level=2).filter(has_text=re.compile(r"^\d\. ")).first.inner_text()
            widths[section] = set(
                page.evaluate(
                    """() => [...document.querySelectorAll('[class*="st-key-vl_item_"]')].map(card =>
                         Math.round(card.querySelectorAll('[data-testid="stColumn"]')[1].getBoundingClientRect().width))"""
                )
            )
    assert len(widths) == 6, widths
    assert all(widths.values()), widths
    assert len(set().union(*widths.values())) == 1, f"answer column widths per section: {widths}"
