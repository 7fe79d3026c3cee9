"""Issue 24: a page's first render loads no code for element kinds it does not draw.

Streamlit loads the code of most element kinds only when one is first drawn: a selectbox
(~145 kB in 21 files), a metric tile (~65 kB in 9 files)... fetched and compiled on every
fresh visit. The pages draw their figures as Markdown tiles (readiness.ui.widgets.tiles),
the Vragenlijst's respondents as radio buttons, and put the corporation and round pickers
behind a button that shows the choice (a popover: its content, and its code, come when it
is opened; Start shows the plain selectbox while no corporation is chosen). Each visit
here is a fresh browser context, as a first visit is; the test reads which of Streamlit's
JavaScript files the browser asked for. And the menus work: they open, the corporation
can still be searched, a choice shows on the page, and they close.
"""

from __future__ import annotations

import pytest

from tests.e2e.conftest import DESKTOP, new_page, open_page, rerun, wait_for_app

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("browser")]

# page path -> the element kinds (Streamlit's file names) its first render must not load
NOT_LOADED = {
    "": ("Metric", "Selectbox"),  # Start: the corporation's selectbox is behind its button
    "resultaten": ("Metric", "Selectbox"),
    "verbeterplan": ("Metric", "Selectbox"),
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
        menu = page.locator("[class*='st-key-pick_round_menu'] button").first
        assert demo_org.latest_round_label in menu.inner_text()  # the chosen round, on the button
        menu.click()  # opening runs nothing on the server
        options = page.locator(".st-key-pick_round [data-testid='stRadioOption']")
        options.first.wait_for()  # the radio buttons' code comes now
        labels = [t.strip() for t in options.all_inner_texts()]
        assert len(labels) == demo_org.n_rounds and labels[0].startswith(demo_org.latest_round_label)
        older = labels[-1]
        rerun(page, lambda: options.last.click())
        wait_for_app(page)
        assert page.locator(".st-key-pick_round [data-testid='stRadioOption']").count() == 0  # closed
        assert older in page.locator("[class*='st-key-pick_round_menu'] button").first.inner_text()  # the choice
        assert "round=" in page.url and older.split(" (")[0] in page.locator("[data-testid='stMain']").inner_text()


def test_corporation_menu_keeps_the_search_and_closes_on_a_choice(browser, seeded_server, demo_org):
    with new_page(browser, DESKTOP) as page:
        open_page(page, f"{seeded_server.url}/?org={demo_org.slug}")
        menu = page.locator("[class*='st-key-pick_org_menu'] button").first
        assert demo_org.name in menu.inner_text()
        menu.click()
        box = page.locator(".st-key-pick_org [role='combobox']")
        box.wait_for()  # the selectbox's code comes now
        box.click()
        options = [t.strip() for t in page.get_by_role("option").all_inner_texts()]
        other = next(o for o in options if demo_org.name not in o)
        box.fill(other[:8])  # searchable, as before: typing narrows the list
        assert other in [t.strip() for t in page.get_by_role("option").all_inner_texts()]
        rerun(page, lambda: page.get_by_role("option", name=other, exact=True).click())
        wait_for_app(page)
        assert page.locator(".st-key-pick_org [role='combobox']").count() == 0  # the menu closed
        assert other in page.locator("[class*='st-key-pick_org_menu'] button").first.inner_text()
        name = other.removesuffix(" (demo)")
        assert page.get_by_role("heading", name=f"Waar staat {name}", exact=False).count() == 1
