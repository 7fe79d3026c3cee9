"""The audit log: who changed what, and when."""

from __future__ import annotations

from sqlalchemy import insert, select

from readiness.store.base import StoreBase, all_to_domain, now
from readiness.store.records import AuditEntry
from readiness.store.tables import AuditRow


_INSERT = insert(AuditRow.__table__).returning(AuditRow.__table__.c.id)


class AuditStore(StoreBase):
    def record_audit(
        self,
        actor: str,
        org_id: int | None,
        entity: str,
        entity_id: int | str,
        change: str,
    ) -> AuditEntry:
        values = {
            "at": now(), "actor": actor, "org_id": org_id, "entity": entity,
            "entity_id": str(entity_id), "change": change,
        }  # fmt: skip
        with self._session(write=True) as s:  # a Core INSERT built once: every answer click writes one
            new_id = s.execute(_INSERT, values).scalar_one()
        return AuditEntry(id=new_id, **values)

    def list_audit(self, org_id: int | None = None) -> list[AuditEntry]:
        """Audit entries, oldest first; all of them, or those of one corporation."""
        query = select(AuditRow).order_by(AuditRow.at, AuditRow.id)
        if org_id is not None:
            query = query.where(AuditRow.org_id == org_id)
        with self._session() as s:
            return all_to_domain(AuditEntry, s.scalars(query))
