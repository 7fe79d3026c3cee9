"""Issue 13, case 8: a broken checklist, setting or database gives one Dutch message on
the page, and no traceback (no exception element) reaches the browser."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import ENTRY_POINT, TIMEOUT
from tests.hostile import yaml_alias_bomb

ITEMS_YAML = Path(__file__).resolve().parents[2] / "checklist" / "items.yaml"


def run_app() -> AppTest:
    at = AppTest.from_file(str(ENTRY_POINT), default_timeout=TIMEOUT)
    at.run()
    return at


def shows_only_a_dutch_error(at: AppTest, *fragments: str) -> None:
    assert not at.exception, at.exception  # st.exception is how Streamlit shows a traceback
    (error,) = at.error
    assert error.value.startswith("**Voordeurcheck kan niet starten.**")
    for fragment in fragments:
        assert fragment in error.value
    assert "Traceback" not in error.value and 'File "' not in error.value


@pytest.mark.parametrize(
    ("broken", "expected"),
    [
        (lambda text: text.replace("sections:", "sections: [", 1), "ongeldige YAML"),
        (lambda text: text.replace("version:", "versie:", 1), "veld 'version'"),
        (lambda text: text.replace('title: ', "title: " + yaml_alias_bomb(9) + " #", 1), "YAML-verwijzing"),
    ],
    ids=["syntax", "missing-field", "alias-bomb"],
)
def test_a_broken_items_yaml_shows_the_dutch_message_only(app_db, tmp_path, monkeypatch, broken, expected):
    path = tmp_path / "items.yaml"
    path.write_text(broken(ITEMS_YAML.read_text(encoding="utf-8")), encoding="utf-8")
    monkeypatch.setenv("VOORDEURCHECK_CHECKLIST", str(path))
    shows_only_a_dutch_error(run_app(), str(path), expected)


def test_a_bad_setting_shows_the_dutch_message_only(app_db, monkeypatch):
    monkeypatch.setenv("VOORDEURCHECK_MIN_GROUP", "vijf")
    shows_only_a_dutch_error(run_app(), "VOORDEURCHECK_MIN_GROUP is 'vijf'; dat moet een geheel getal zijn")


def test_a_database_that_cannot_be_opened_shows_the_dutch_message_only(app_db, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://gebruiker:geheim@127.0.0.1:1/voordeurcheck")
    at = run_app()
    shows_only_a_dutch_error(at, "kan niet worden geopend", "gebruiker:***@127.0.0.1:1")
    assert "geheim" not in at.error[0].value
