"""Issue 23: a checklist nested 1,000 levels deep gives one Dutch message in the browser,
not a RecursionError traceback with the server's source paths (a real Streamlit server,
headless Chromium)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import REPO_ROOT, StreamlitServer, open_page, wait_for_app
from tests.hostile import deeply_nested_checklist

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("browser")]


@pytest.fixture(scope="module")
def deep_checklist_server(tmp_path_factory) -> StreamlitServer:
    folder = tmp_path_factory.mktemp("e2e_deep")
    items = folder / "items.yaml"
    items.write_text(
        deeply_nested_checklist((Path(REPO_ROOT) / "checklist" / "items.yaml").read_text("utf-8"), 1000),
        encoding="utf-8",
    )
    server = StreamlitServer(
        f"sqlite:///{folder / 'voordeurcheck.db'}", folder / "streamlit.log",
        extra_env={"VOORDEURCHECK_CHECKLIST": str(items)},
    ).start()  # fmt: skip
    yield server
    server.stop()


def test_a_checklist_nested_1000_levels_shows_a_dutch_message_in_the_browser(page, deep_checklist_server):
    open_page(page, deep_checklist_server.url)
    wait_for_app(page)
    main = page.locator('[data-testid="stMain"]').inner_text()
    assert "Voordeurcheck kan niet starten" in main
    assert "dieper genest dan 20 niveaus" in main
    assert page.locator('[data-testid="stException"]').count() == 0
    for trace in ("Traceback", "RecursionError", ".py\"", "site-packages", "readiness/"):
        assert trace not in main, trace
