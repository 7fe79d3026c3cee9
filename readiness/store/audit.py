"""The audit log: who changed what, and when."""

from __future__ import annotations

from sqlalchemy import select

from readiness.store.base import StoreBase, all_to_domain, now, to_domain
from readiness.store.records import AuditEntry
from readiness.store.tables import AuditRow


class AuditStore(StoreBase):
    def record_audit(
        self,
        actor: str,
        org_id: int | None,
        entity: str,
        entity_id: int | str,
        change: str,
    ) -> AuditEntry:
        row = AuditRow(
            at=now(),
            actor=actor,
            org_id=org_id,
            entity=entity,
            entity_id=str(entity_id),
            change=change,
        )
        with self._session(write=True) as s:
            s.add(row)
            s.flush()
            return to_domain(AuditEntry, row)

    def list_audit(self, org_id: int | None = None) -> list[AuditEntry]:
        """Audit entries, oldest first; all of them, or those of one corporation."""
        query = select(AuditRow).order_by(AuditRow.at, AuditRow.id)
        if org_id is not None:
            query = query.where(AuditRow.org_id == org_id)
        with self._session() as s:
            return all_to_domain(AuditEntry, s.scalars(query))
