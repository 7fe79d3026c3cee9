"""A read path on Python's own sqlite3 module, for a command that must start at once.

``readiness orgs`` prints a short list; through the repository it first imports
SQLAlchemy's ORM and pydantic (about 0.8 s of a 1.1 s command, BENCHMARKS.md). On a
SQLite file that is already at the newest schema this module answers the same question
with one query on the bare driver, in a few milliseconds after Python has started.

Everywhere else it steps aside and returns ``None``, and the caller takes the ordinary
way through ``open_app()`` and the repository: a database that does not exist yet or is
behind (that way creates or migrates it), a URL this module does not parse itself (query
options, ``:memory:``, ``file:`` URIs, percent-escapes) and PostgreSQL (importing psycopg
alone takes 0.35 s, and a second, driver-specific copy of the query for a server that is
not the default is not worth it).

The SQL names the columns of ``tables.OrganisationRow`` and the order of
``Repository.list_organisations``; ``tests/integration/test_sqlite_read.py`` compares
both ways on the same database, so a renamed column or a changed order fails there.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote

from readiness.store.revisions import head_revision

SQLITE_PREFIXES = ("sqlite:///", "sqlite+pysqlite:///")
BUSY_TIMEOUT_S = 15  # as the engine's (readiness.store.engine.SQLITE_BUSY_TIMEOUT_S)

ORGANISATIONS_SQL = "SELECT slug, name, size_class, region FROM organisations ORDER BY name, id"


class OrganisationLine(NamedTuple):
    slug: str
    name: str
    size_class: str
    region: str


def sqlite_file(url: str) -> Path | None:
    """The file of a plain ``sqlite:///path`` URL, or None for anything this module leaves to SQLAlchemy."""
    prefix = next((p for p in SQLITE_PREFIXES if url.startswith(p)), None)
    if prefix is None:
        return None
    path = url[len(prefix) :]
    if not path or any(c in path for c in "?%#") or path == ":memory:" or path.startswith("file:"):
        return None
    return Path(path)


def list_organisations(url: str) -> list[OrganisationLine] | None:
    """Every corporation, in the repository's order; None when this path does not apply."""
    path = sqlite_file(url)
    if path is None or not path.is_file():
        return None
    try:
        connection = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S)
    except sqlite3.Error:
        return None
    try:
        stored = connection.execute("SELECT version_num FROM alembic_version").fetchall()
        if [row[0] for row in stored] != [head_revision()]:
            return None  # behind (or ahead): the ordinary way migrates it, or says what is wrong
        return [OrganisationLine(*row) for row in connection.execute(ORGANISATIONS_SQL)]
    except sqlite3.Error:  # no such table, a damaged file...: the ordinary way explains it in Dutch
        return None
    finally:
        connection.close()
