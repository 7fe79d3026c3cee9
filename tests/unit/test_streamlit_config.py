"""The project's .streamlit/config.toml: every option is one Streamlit knows.

Streamlit only warns about an unknown option and then ignores it, so a typo or an
option that a Streamlit upgrade renamed would silently undo what the file is for (the
loopback address, no file watcher, no post-run garbage collection: see BENCHMARKS.md).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from streamlit import config as st_config

CONFIG = Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml"


def _options() -> list[tuple[str, object]]:
    data = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    return [(f"{section}.{key}", value) for section, keys in data.items() for key, value in keys.items()]


@pytest.mark.parametrize(("name", "value"), _options(), ids=[name for name, _ in _options()])
def test_option_is_known_to_streamlit(name: str, value: object) -> None:
    try:
        default = st_config.get_option(name)
    except RuntimeError:  # 'Config key "..." not defined.'
        pytest.fail(f"Streamlit kent de optie {name} uit .streamlit/config.toml niet (meer)")
    if isinstance(default, bool):
        assert isinstance(value, bool), f"{name} is een ja/nee-optie, maar staat op {value!r}"


def test_speed_settings_are_in_place() -> None:
    # What the first-render figures in BENCHMARKS.md were measured with.
    options = dict(_options())
    assert options["server.fileWatcherType"] == "none"
    assert options["runner.postScriptGC"] is False
    assert options["runner.magicEnabled"] is False
