"""Verbeterplan as one table in a real browser: five actions edited in the grid and saved
with one click; a date in the past in one row saves nothing and names that row. On a phone
the table gives way to one-action-at-a-time editing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from readiness.formatting import format_date
from tests.e2e import conftest as e2e
from tests.e2e.conftest import StreamlitServer, open_page, rerun, shots_dir, show_whole_page, wait_for_app

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("browser")]

SLUG = "woonstichting-tabel"
ITEMS = ["ken-01", "stp-05", "dra-01", "dra-02", "stp-01"]


def _app(database_url: str):
    from readiness.config import load_settings
    from readiness.services import open_app

    return open_app(load_settings({"DATABASE_URL": database_url}))


@pytest.fixture(scope="module")
def grid_server(tmp_path_factory) -> Iterator[StreamlitServer]:
    from readiness.services import assessment, plans

    folder = tmp_path_factory.mktemp("e2e_grid")
    database_url = f"sqlite:///{folder / 'voordeurcheck.db'}"
    app = _app(database_url)
    org = assessment.create_organisation(app, "Woonstichting Tabel", "M", "Utrecht", slug=SLUG)
    for n, item in enumerate(ITEMS, 1):
        plans.add_action(app, org.id, item, f"Actie {n} voor de tabel", due_date=dt.date.today() + dt.timedelta(days=30))
    app.repo.engine.dispose()
    server = StreamlitServer(database_url, folder / "streamlit.log").start()
    yield server
    server.stop()


def _plan(database_url: str):
    from readiness.services import plans

    app = _app(database_url)
    try:
        return plans.list_plan(app, app.repo.get_organisation(SLUG).id)
    finally:
        app.repo.engine.dispose()


class Grid:
    """Cells of the data editor, found by the fixed column widths (the grid is a canvas)."""

    def __init__(self, page) -> None:
        from readiness.ui.plan_grid import WIDTHS

        self.page, self.widths = page, WIDTHS
        grid = page.locator(".st-key-vp_grid [data-testid='stDataFrame']")
        grid.scroll_into_view_if_needed()
        self.box = grid.bounding_box()

    def open(self, row: int, column: str, editor: str) -> None:
        """Open the cell's editor (a double click); tried again when the grid was still busy."""
        order = list(self.widths)
        x = self.box["x"] + sum(self.widths[c] for c in order[: order.index(column)]) + self.widths[column] / 2
        y = self.box["y"] + 35 * row + 17  # header and rows are 35 px high
        for _attempt in range(5):
            self.page.mouse.click(self.box["x"] + self.widths["row"] / 2, y)  # another cell first:
            self.page.wait_for_timeout(150)  # a double click on the selected cell does not open it
            self.page.mouse.dblclick(x, y)
            try:
                self.page.locator(editor).wait_for(state="visible", timeout=1500)
                return
            except PlaywrightTimeout:
                self.page.keyboard.press("Escape")
        raise AssertionError(f"the editor of row {row}, column {column} did not open")

    def type(self, row: int, column: str, text: str) -> None:
        self.open(row, column, "textarea.gdg-input")
        editor = self.page.locator("textarea.gdg-input")
        editor.fill(text)
        editor.press("Enter")
        self.page.locator("textarea.gdg-input").wait_for(state="hidden")
        self.settle()

    def date(self, row: int, day: dt.date) -> None:
        self.open(row, "due_date", "[data-testid='date-picker-cell']")
        editor = self.page.locator("[data-testid='date-picker-cell']")
        editor.fill(day.isoformat())
        editor.press("Enter")
        self.page.locator("[data-testid='date-picker-cell']").wait_for(state="hidden")
        self.settle()

    def settle(self) -> None:
        """An edit reaches the app (which reruns) a moment after the cell closes: wait for it."""
        self.page.wait_for_timeout(500)
        wait_for_app(self.page)


def shot(page, name: str) -> None:
    folder = shots_dir()
    if folder is not None:
        show_whole_page(page)
        page.screenshot(path=str(folder / f"plan-grid-{name}.png"), full_page=True)


def test_five_actions_in_one_save_and_a_past_date_saves_nothing(grid_server, page):
    server = grid_server
    before = _plan(server.database_url)
    page.set_viewport_size({"width": 1400, "height": 1400})
    open_page(page, f"{server.url}/verbeterplan?org={SLUG}")
    rerun(page, lambda: page.locator(".st-key-vp_part button").filter(has_text="Alles bewerken").click())
    grid = Grid(page)
    for row in range(1, 6):
        grid.type(row, "owner", f"teamleider {row}")
    past = dt.date.today() - dt.timedelta(days=10)
    grid.date(3, past)
    rerun(page, lambda: page.get_by_role("button", name="Alle wijzigingen opslaan").click())
    text = page.locator(".st-key-vp_grid").inner_text()
    number = _app(server.database_url).checklist.item(before[2].item_id).number
    assert "Er is niets opgeslagen. Eén rij klopt niet" in text
    assert f"Rij 3 (actie bij vraag {number}): De streefdatum {format_date(past)} ligt in het verleden." in text
    assert _plan(server.database_url) == before  # not one of the five was saved

    later = dt.date.today() + dt.timedelta(days=90)
    grid.date(3, later)  # the other edits are still in the table
    rerun(page, lambda: page.get_by_role("button", name="Alle wijzigingen opslaan").click())
    assert "5 acties opgeslagen." in page.locator(".st-key-vp_grid").inner_text()
    after = {a.id: a for a in _plan(server.database_url)}  # (the plan is ordered by date: row 3 moved)
    assert [after[a.id].owner for a in before] == [f"teamleider {n}" for n in range(1, 6)]
    assert after[before[2].id].due_date == later
    assert [after[a.id].version for a in before] == [a.version + 1 for a in before]  # one save each
    shot(page, "saved")


def test_the_refusal_names_the_row_on_the_page(grid_server, page):
    """What the user sees after a refused save (for looking at: a screenshot)."""
    page.set_viewport_size({"width": 1400, "height": 1400})
    open_page(page, f"{grid_server.url}/verbeterplan?org={SLUG}")
    rerun(page, lambda: page.locator(".st-key-vp_part button").filter(has_text="Alles bewerken").click())
    Grid(page).date(2, dt.date.today() - dt.timedelta(days=1))
    rerun(page, lambda: page.get_by_role("button", name="Alle wijzigingen opslaan").click())
    assert "Rij 2 (actie bij vraag" in page.locator(".st-key-vp_grid").inner_text()
    shot(page, "refused")


def test_on_a_phone_the_plan_is_edited_one_action_at_a_time(grid_server, browser):
    with e2e.new_page(browser, e2e.PHONE) as phone:
        open_page(phone, f"{grid_server.url}/verbeterplan?org={SLUG}")
        rerun(phone, lambda: phone.locator(".st-key-vp_part button").filter(has_text="Alles bewerken").click())
        assert not phone.locator(".st-key-vp_grid").is_visible()
        assert phone.get_by_text("Op een smal scherm past de tabel niet").is_visible()
        shot(phone, "phone")


def test_an_edit_reruns_only_the_table_and_a_save_the_whole_page(grid_server, page):
    """A click reruns only what it changes (issue 24): editing a cell reruns the table (a
    fragment), not the page above it; a save that succeeds reruns the page, whose plan
    then shows the saved owner. The probe is what the server sends (see test_click_reruns)."""
    from tests.e2e.test_click_reruns import Recorder

    server = grid_server
    page.set_viewport_size({"width": 1400, "height": 1400})
    recorder = Recorder(page)
    open_page(page, f"{server.url}/verbeterplan?org={SLUG}")
    rerun(page, lambda: page.locator(".st-key-vp_part button").filter(has_text="Alles bewerken").click())
    grid = Grid(page)
    grid.type(1, "owner", "wijkconsulent")
    edit = recorder.last_finished()
    assert len(edit.fragment_ids) == 1 and "" not in edit.fragment_ids, edit.fragment_ids
    assert "Verbeterplan" not in edit.texts and "Alle acties bewerken" in edit.texts, edit.texts
    assert "wijkconsulent" not in page.locator("[data-testid='stMain']").inner_text().split("Alle acties bewerken")[0]

    rerun(page, lambda: page.get_by_role("button", name="Alle wijzigingen opslaan").click())
    page.wait_for_timeout(300)
    wait_for_app(page)
    saved = recorder.last_finished()
    assert "" in saved.fragment_ids and "Verbeterplan" in saved.texts, (saved.fragment_ids, saved.texts)
    assert "1 actie opgeslagen." in page.locator(".st-key-vp_grid").inner_text()
    assert "wijkconsulent" in page.locator("[data-testid='stMain']").inner_text().split("Alle acties bewerken")[0]
    assert any(a.owner == "wijkconsulent" for a in _plan(server.database_url))
