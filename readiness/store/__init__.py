"""Persistence adapter: SQLAlchemy tables, the repository and Alembic migrations.

Outside this package only the names below are used; they speak in domain models. They
are loaded on first use (PEP 562), so that importing a module of this package that needs
no SQLAlchemy (``readiness.store.sqlite_read``, ``readiness.store.revisions``) does not
load it: ``readiness orgs`` must start in a fraction of a second (BENCHMARKS.md).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

_HOMES = {
    "current_revision": "readiness.store.engine",
    "make_engine": "readiness.store.engine",
    "migrate": "readiness.store.engine",
    "AccountRecord": "readiness.store.records",
    "AnswerLine": "readiness.store.records",
    "AuditEntry": "readiness.store.records",
    "BudgetExceeded": "readiness.store.records",
    "InvitationRecord": "readiness.store.records",
    "ImportedAnswers": "readiness.store.records",
    "ItemMeans": "readiness.store.records",
    "MailTemplateRecord": "readiness.store.records",
    "PublicationRecord": "readiness.store.records",
    "Repository": "readiness.store.repository",
    "RespondentPlace": "readiness.store.records",
    "RoundMeans": "readiness.store.records",
}

__all__ = sorted(_HOMES)


def __getattr__(name: str):
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'readiness.store' has no attribute {name!r}")
    value = globals()[name] = getattr(importlib.import_module(home), name)
    return value


if TYPE_CHECKING:
    from readiness.store.engine import current_revision, make_engine, migrate
    from readiness.store.records import (
        AccountRecord,
        AnswerLine,
        AuditEntry,
        BudgetExceeded,
        ImportedAnswers,
        InvitationRecord,
        ItemMeans,
        MailTemplateRecord,
        PublicationRecord,
        RespondentPlace,
        RoundMeans,
    )
    from readiness.store.repository import Repository
