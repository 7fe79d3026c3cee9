"""Issue 23: a checklist nested 1,000 levels deep gives the one Dutch start-up message on
the page; it used to show a RecursionError traceback with the server's paths."""

from __future__ import annotations

import pytest

from tests.app.test_startup_errors import ITEMS_YAML, run_app, shows_only_a_dutch_error
from tests.hostile import deeply_nested_checklist


@pytest.mark.parametrize("style", ["block", "flow", "mapping"])
def test_a_checklist_nested_1000_levels_shows_the_dutch_message_only(app_db, tmp_path, monkeypatch, style):
    path = tmp_path / "items.yaml"
    path.write_text(deeply_nested_checklist(ITEMS_YAML.read_text(encoding="utf-8"), 1000, style), encoding="utf-8")
    monkeypatch.setenv("VOORDEURCHECK_CHECKLIST", str(path))
    at = run_app()
    shows_only_a_dutch_error(at, str(path), "dieper genest dan 20 niveaus")
    assert "RecursionError" not in at.error[0].value
