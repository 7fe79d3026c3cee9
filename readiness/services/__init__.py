"""Use cases: the one API that the Streamlit UI and the command line both call.

`open_app()` wires settings, storage and the checklist together once; every use case
takes that `App` as its first argument, so tests can hand in their own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from readiness.checklist import load_checklist
from readiness.config import Settings, load_settings
from readiness.models import Checklist
from readiness.store import Repository, make_engine, migrate


@dataclass
class App:
    settings: Settings
    repo: Repository
    checklist: Checklist
    today: Callable[[], dt.date] = field(default=dt.date.today)


def open_app(settings: Settings | None = None, *, migrate_db: bool = True) -> App:
    """Connect to the configured database (migrating it) and load the checklist."""
    settings = settings or load_settings()
    engine = make_engine(settings.database_url)
    if migrate_db:
        migrate(engine)
    return App(settings=settings, repo=Repository(engine), checklist=load_checklist(settings.checklist_path))
