"""A tour of every page on the demo database, at desktop (1400 px) and phone (390 px) width.

A demo corporation is chosen through the URL (``?org=<slug>``), as a bookmarked link
would. Every page must show its heading and its key element, and no Streamlit
exception box. Denktank must explain its anonymity and show no corporation's name. At 390 px the tables
in FIT_ON_PHONE must fit without sideways scrolling.
With ``SCREENSHOTS=1`` every page is saved as a full-length PNG in /tmp/e2e_shots/.
"""

from __future__ import annotations

import math
import re

import pytest

from readiness.services.demo import DEMO_CORPORATIONS
from tests.e2e.conftest import DESKTOP, PHONE, new_page, open_page, shots_dir, show_whole_page, wait_for_app

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("browser")]


def shown(score: float) -> str:
    """A 0-100 score as the app shows it: whole number, halves up."""
    return str(math.floor(score + 0.5))


def metric_value(page, label: str) -> str:
    metric = page.locator("[data-testid='stMetric']").filter(has=page.get_by_text(label, exact=True)).first
    return metric.locator("[data-testid='stMetricValue']").inner_text().strip()


def heading(page, text: str):
    return page.get_by_role("heading", name=text, exact=True)


# --------------------------------------------------------------------------- key elements


def check_start(page, demo):
    assert page.locator(".st-key-pick_org input").input_value() == demo.name  # chosen from the URL
    assert metric_value(page, "Status") == "Definitief"
    assert heading(page, demo.latest_round_label).is_visible()


def check_vragenlijst(page, demo):
    assert page.locator(".st-key-vl_respondent").is_visible()
    assert page.get_by_text(re.compile(r"^\d+ van 20 vragen beantwoord door deze respondent$")).is_visible()
    assert page.get_by_text("Deze meting is definitief").is_visible()  # the latest round is final


def check_resultaten(page, demo):
    assert demo.overall is not None
    assert metric_value(page, "Totaalscore") == f"{shown(demo.overall)} / 100"
    assert heading(page, "Score per onderdeel").is_visible()


def check_verbeterplan(page, demo):
    assert page.get_by_role("tab", name="Het plan").is_visible()
    assert page.get_by_role("tab", name="Voorstellen uit de meting").is_visible()
    assert re.fullmatch(r"\d+", metric_value(page, "Gepland"))


def check_voortgang(page, demo):
    assert heading(page, "Scores per meting").is_visible()
    assert demo.n_rounds >= 2
    assert heading(page, "Twee metingen vergelijken").is_visible()


def check_denktank(page, demo):
    assert re.fullmatch(r"\d+", metric_value(page, "Corporaties"))
    explanation = page.get_by_text("Wat ziet u hier, en hoe blijft het anoniem?")
    assert explanation.is_visible()
    rules = page.get_by_text(re.compile(r"Minimale groepsgrootte k = \d+"))
    if not rules.is_visible():
        explanation.click()  # opens the expander (in the browser, no rerun)
    rules.wait_for()
    text = page.locator("body").inner_text().lower()
    html = page.content().lower()
    named = [name for name, _size, _region in DEMO_CORPORATIONS if name.lower() in text or name.lower() in html]
    assert not named, f"Denktank shows corporation names: {named}"


def check_beheer(page, demo):
    assert heading(page, "1. Corporatie").is_visible()
    assert page.locator(".st-key-bh_pick_org input").input_value() == demo.name
    assert heading(page, f"3. Respondenten van '{demo.latest_round_label}'").is_visible()


# --------------------------------------------------------------------------- phone width

# Tables that must be readable at 390 px without sideways scrolling, per page: the
# st-key of the container around each (a st.dataframe, st.table or a list).
FIT_ON_PHONE = {
    "start": ["start_respondents"],
    "beheer": ["bh_rounds", "bh_respondents"],
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


def check_fits_on_phone(page, name: str) -> None:
    for key in FIT_ON_PHONE.get(name, []):
        over = page.evaluate(_OVERFLOW, key)
        assert over is not None, f"{name}: no element .st-key-{key}"
        assert over <= 1, f"{name}: '{key}' needs {over}px sideways scrolling at 390px"


PAGES = [
    # (name, path, heading, check)
    ("start", "/", "Voordeurcheck", check_start),
    ("vragenlijst", "/vragenlijst", "Vragenlijst", check_vragenlijst),
    ("resultaten", "/resultaten", "Resultaten", check_resultaten),
    ("verbeterplan", "/verbeterplan", "Verbeterplan", check_verbeterplan),
    ("voortgang", "/voortgang", "Voortgang", check_voortgang),
    ("denktank", "/denktank", "Denktank", check_denktank),
    ("beheer", "/beheer", "Beheer", check_beheer),
]


@pytest.mark.parametrize(("name", "path", "title", "check"), PAGES, ids=[p[0] for p in PAGES])
def test_page_shows_its_heading_and_key_element(browser, seeded_server, demo_org, name, path, title, check):
    """At 1400 px, then the same page narrowed to a phone's 390 px (Streamlit's layout is
    responsive in the browser, so narrowing needs no new run)."""
    with new_page(browser, DESKTOP) as page:
        open_page(page, f"{seeded_server.url}{path}?org={demo_org.slug}")
        for viewport in (DESKTOP, PHONE):
            if viewport is not DESKTOP:
                page.set_viewport_size(viewport)
                wait_for_app(page)
            width = viewport["width"]
            errors = page.locator("[data-testid='stException']")
            assert errors.count() == 0, f"{width}px: {errors.first.inner_text()}"
            assert heading(page, title).is_visible(), f"{width}px: heading '{title}' not visible"
            check(page, demo_org)
            if viewport is PHONE:
                check_fits_on_phone(page, name)
            folder = shots_dir()
            if folder is not None:
                show_whole_page(page)
                page.screenshot(path=str(folder / f"{name}_{width}.png"))
