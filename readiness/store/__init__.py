"""Persistence adapter: SQLAlchemy tables, the repository and Alembic migrations.

Outside this package only the names below are used; they speak in domain models.
"""

from readiness.store.engine import current_revision, make_engine, migrate
from readiness.store.records import (
    AccountRecord,
    AuditEntry,
    BudgetExceeded,
    InvitationRecord,
    ItemMeans,
    PublicationRecord,
    RespondentPlace,
    RoundMeans,
)
from readiness.store.repository import Repository

__all__ = [
    "AccountRecord",
    "AuditEntry",
    "BudgetExceeded",
    "InvitationRecord",
    "ItemMeans",
    "PublicationRecord",
    "Repository",
    "RespondentPlace",
    "RoundMeans",
    "current_revision",
    "make_engine",
    "migrate",
]
