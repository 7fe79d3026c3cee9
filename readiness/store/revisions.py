"""The schema revision the code expects, read without Alembic or SQLAlchemy.

Commands that only read (``readiness orgs``) check that the database is at this revision
before they trust it; reading it from the migration files costs a few milliseconds, where
importing Alembic costs about a third of a command's start-up.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

_REVISION_LINE = re.compile(r"^(down_revision|revision)\b[^=]*=\s*(None|[\"']([^\"']+)[\"'])", re.M)


@cache
def head_revision() -> str:
    """The newest migration's revision, read from the files in ``migrations/versions``.

    A plain scan of the ``revision = "..."`` / ``down_revision = "..."`` lines, so that a
    command that only reads does not import Alembic (about a third of a CLI command's
    start-up) to learn that there is nothing to do. ``tests/integration/test_store.py``
    checks the answer against Alembic's own.
    """
    revisions, parents = set(), set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        found = dict((key, value) for key, _, value in _REVISION_LINE.findall(path.read_text("utf-8")))
        if found.get("revision"):
            revisions.add(found["revision"])
        if found.get("down_revision"):
            parents.add(found["down_revision"])
    heads = revisions - parents
    if len(heads) != 1:
        raise RuntimeError(f"migrations have {len(heads)} heads ({sorted(heads)}); expected one")
    return heads.pop()
