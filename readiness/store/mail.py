"""A corporation's own texts of the messages Voordeurcheck mails (invitation, reminder)."""

from __future__ import annotations

from sqlalchemy import delete, select

from readiness.store.base import StoreBase, get_row, now, to_domain
from readiness.store.records import MailTemplateRecord
from readiness.store.tables import MailTemplateRow, OrganisationRow


class MailTemplateStore(StoreBase):
    def get_mail_template(self, org_id: int, kind: str) -> MailTemplateRecord | None:
        with self._session() as s:
            row = s.scalars(
                select(MailTemplateRow).where(MailTemplateRow.org_id == org_id, MailTemplateRow.kind == kind)
            ).first()
            return None if row is None else to_domain(MailTemplateRecord, row)

    def save_mail_template(self, org_id: int, kind: str, subject: str, body: str) -> MailTemplateRecord:
        with self._session(write=True) as s:
            get_row(s, OrganisationRow, org_id)
            row = s.scalars(
                select(MailTemplateRow)
                .where(MailTemplateRow.org_id == org_id, MailTemplateRow.kind == kind)
                .with_for_update()
            ).first()
            if row is None:
                row = MailTemplateRow(org_id=org_id, kind=kind)
                s.add(row)
            row.subject, row.body, row.updated_at = subject, body, now()
            s.flush()
            return to_domain(MailTemplateRecord, row)

    def delete_mail_template(self, org_id: int, kind: str) -> None:
        with self._session(write=True) as s:
            s.execute(
                delete(MailTemplateRow).where(MailTemplateRow.org_id == org_id, MailTemplateRow.kind == kind)
            )
