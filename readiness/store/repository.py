"""The repository: the only way into the database for the rest of the application.

One store per aggregate, each in its own module; :class:`Repository` joins them so the
services keep one object that shares one engine and one unit of work:

- :mod:`~readiness.store.organisations`: corporations
- :mod:`~readiness.store.rounds`: rounds, respondents, answers, the round summaries
- :mod:`~readiness.store.plans`: improvement actions
- :mod:`~readiness.store.consensus_repo`: consensus meetings and agreed levels
- :mod:`~readiness.store.accounts`: accounts, lock-outs, invitations
- :mod:`~readiness.store.mail`: a corporation's own mail texts
- :mod:`~readiness.store.audit`: the audit log
- :mod:`~readiness.store.sector`: the sector's reads and the stored publications
- :mod:`~readiness.store.bulk`: bulk loading (synthetic data)
- :mod:`~readiness.store.imports`: imported answers, actions and agreed levels in bulk

Every public method takes and returns domain objects (:mod:`readiness.models`,
:mod:`readiness.consensus`) or the frozen records of :mod:`readiness.store.records`;
ORM rows never leave the package. Transactions, optimistic locking and the mapping are
described in :mod:`readiness.store.base`.
"""

from __future__ import annotations

from readiness.store.accounts import AccountStore
from readiness.store.audit import AuditStore
from readiness.store.base import StoreBase
from readiness.store.bulk import BulkStore
from readiness.store.consensus_repo import ConsensusStore
from readiness.store.imports import ImportStore
from readiness.store.mail import MailTemplateStore
from readiness.store.organisations import OrganisationStore
from readiness.store.plans import PlanStore
from readiness.store.rounds import RoundStore
from readiness.store.sector import SectorStore


class Repository(
    OrganisationStore,
    RoundStore,
    PlanStore,
    ConsensusStore,
    AccountStore,
    MailTemplateStore,
    AuditStore,
    SectorStore,
    BulkStore,
    ImportStore,
    StoreBase,
):
    """Persistence for every aggregate, in one transaction scope (``unit_of_work``)."""
