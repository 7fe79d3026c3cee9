"""Fixtures for AppTest tests of the Streamlit pages.

Every test gets its own SQLite database: ``DATABASE_URL`` is set (monkeypatch) before
any AppTest runs, and because ``readiness.ui.state`` caches the App per database URL,
each test's app talks to its own fresh database.

- ``app_db``:   the database URL, already in the environment
- ``services``: an App on that database, for setting up data and reading it back
- ``seeded``:   the same App after ``seed_demo``
- ``open_page``: start the Streamlit app (optionally with URL parameters) on a page
- ``draft``:    a corporation with a draft round and two respondents (bestuur, uitvoering)
"""

from __future__ import annotations

import datetime as dt
import functools
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest
from streamlit.components.v2 import manifest_scanner
from streamlit.testing.v1 import AppTest

from readiness.config import load_settings
from readiness.models import Answer, Organisation, Respondent, Round
from readiness.services import App, assessment, open_app
from readiness.services.demo import seed_demo

# Every fresh AppTest scans all installed packages for custom-component manifests (about
# 0.35 s each here, most of an AppTest's run of a page); a server does it once at start.
# The packages do not change during a test run, so the scan is done once per process.
manifest_scanner.scan_component_manifests = functools.cache(manifest_scanner.scan_component_manifests)

ENTRY_POINT = Path(__file__).resolve().parents[2] / "app.py"
PAGES = "readiness/ui/pages"
TIMEOUT = 30


@pytest.fixture
def app_db(tmp_path, monkeypatch) -> str:
    url = f"sqlite:///{tmp_path / 'voordeurcheck.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    for name in ("VOORDEURCHECK_CHECKLIST", "VOORDEURCHECK_TARGET", "VOORDEURCHECK_MODE"):
        monkeypatch.delenv(name, raising=False)
    return url


@pytest.fixture
def services(app_db) -> App:
    return open_app(load_settings())


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    """The seeded demo database, built once per test session (seeding takes seconds)."""
    path = tmp_path_factory.mktemp("demo-template") / "voordeurcheck.db"
    app = open_app(load_settings({"DATABASE_URL": f"sqlite:///{path}"}))
    seed_demo(app)
    app.repo.engine.dispose()  # closes the last connection: the WAL is checkpointed
    return path


@pytest.fixture
def seeded(app_db, demo_template) -> App:
    """An App on a private copy of the seeded demo database (do not combine with `services`)."""
    target = Path(app_db.removeprefix("sqlite:///"))
    source, copy = sqlite3.connect(demo_template), sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        source.close()
        copy.close()
    return open_app(load_settings())


def start_app(page: str | None = None, query: dict[str, object] | None = None) -> AppTest:
    """Run the app like a fresh browser tab (URL parameters ``query``), then open ``page``."""
    at = AppTest.from_file(str(ENTRY_POINT), default_timeout=TIMEOUT)
    at.query_params = {k: str(v) for k, v in (query or {}).items() if v is not None}
    at.run()
    assert not at.exception, at.exception
    if page is not None:
        at.switch_page(f"{PAGES}/{page}.py").run()
        assert not at.exception, at.exception
    return at


@pytest.fixture
def open_page(app_db):
    return start_app


@dataclass
class Draft:
    org: Organisation
    round: Round
    bestuur: Respondent
    uitvoering: Respondent

    @property
    def query(self) -> dict[str, object]:
        return {"org": self.org.slug, "round": self.round.id}


@pytest.fixture
def draft(services) -> Draft:
    org = assessment.create_organisation(services, "Woonstichting Proefhuis", "M", "Utrecht")
    round_ = assessment.start_round(services, org.id, "Nulmeting 2026", dt.date(2026, 3, 1))
    bestuur = assessment.add_respondent(services, round_.id, "bestuur")
    uitvoering = assessment.add_respondent(services, round_.id, "uitvoering", "Team Noord")
    return Draft(org, round_, bestuur, uitvoering)


def stored_answers(app: App, round_id: int, respondent_id: int) -> dict[str, Answer]:
    """What the database holds for one respondent, read through the services."""
    data = assessment.round_data(app, round_id)
    return {a.item_id: a for a in data.answers if a.respondent_id == respondent_id}
