"""Issue 24: a page's first render loads no code for element kinds it does not draw.

Streamlit loads the code of most element kinds only when one is first drawn: a selectbox
(~145 kB in 21 files), a metric tile (~65 kB in 9 files)... fetched and compiled on every
fresh visit. The pages draw their figures as Markdown tiles (readiness.ui.widgets.tiles),
the Vragenlijst's respondents as radio buttons, and Resultaten and Consensusgesprek put
their round picker behind a button (a popover: its content, and its code, come when it is
opened). Each visit here is a fresh browser context, as a first visit is; the test reads
which of Streamlit's JavaScript files the browser asked for. And the round menu works: it
opens, a choice shows that round, and it closes.
"""

from __future__ import annotations

import pytest

from tests.e2e.conftest import DESKTOP, new_page, open_page, rerun, wait_for_app

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("browser")]

# page path -> the element kinds (Streamlit's file names) its first render must not load
NOT_LOADED = {
    "": ("Metric",),  # Start: the corporation picker stays a selectbox (300 names: search)
    "resultaten": ("Metric", "Selectbox"),
    "verbeterplan": ("Metric",),
    "consensusgesprek": ("Metric", "Selectbox", "DateInput"),  # the date: behind "Consensusgesprek openen"
    "denktank": ("Metric",),
}


def loaded_kinds(browser, url: str) -> set[str]:
    """The first part of every JavaScript file name a fresh visit of ``url`` fetched."""
    names: set[str] = set()
    with new_page(browser, DESKTOP) as page:
        page.on("request", lambda r: r.url.endswith(".js") and names.add(r.url.rsplit("/", 1)[-1].split(".", 1)[0]))
        open_page(page, url)
        wait_for_app(page)
    return names


@pytest.mark.parametrize("path", list(NOT_LOADED), ids=[p or "start" for p in NOT_LOADED])
def test_first_render_loads_no_code_for_kinds_it_does_not_draw(browser, seeded_server, demo_org, path):
    kinds = loaded_kinds(browser, f"{seeded_server.url}/{path}?org={demo_org.slug}")
    assert kinds, "no JavaScript seen: the request log is empty"
    assert not set(NOT_LOADED[path]) & kinds, f"/{path}: loaded {sorted(set(NOT_LOADED[path]) & kinds)}"


def test_vragenlijst_loads_no_selectbox_or_metric_code(browser, seeded_server, demo_org):
    kinds = loaded_kinds(browser, f"{seeded_server.url}/vragenlijst?org={demo_org.draft_slug}")
    assert "Radio" in kinds  # the answers and the respondents
    assert not {"Selectbox", "Metric"} & kinds


def test_round_menu_opens_shows_the_chosen_round_and_closes(browser, seeded_server, demo_org):
    with new_page(browser, DESKTOP) as page:
        open_page(page, f"{seeded_server.url}/resultaten?org={demo_org.slug}")
        menu = page.locator(".st-key-pick_round_menu button").first
        assert demo_org.latest_round_label in menu.inner_text()  # the chosen round, on the button
        rerun(page, menu.click)  # opening reruns the page (the menu tracks its state)
        options = page.locator(".st-key-pick_round [data-testid='stRadioOption']")
        labels = [t.strip() for t in options.all_inner_texts()]
        assert len(labels) == demo_org.n_rounds and labels[0].startswith(demo_org.latest_round_label)
        older = labels[-1]
        rerun(page, lambda: options.last.click())
        wait_for_app(page)
        assert page.locator(".st-key-pick_round [data-testid='stRadioOption']").count() == 0  # closed
        assert older in page.locator(".st-key-pick_round_menu button").first.inner_text()  # the new choice
        assert "round=" in page.url and older.split(" (")[0] in page.locator("[data-testid='stMain']").inner_text()
