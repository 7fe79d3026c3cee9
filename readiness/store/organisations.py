"""The organisation (corporation) aggregate."""

from __future__ import annotations

from sqlalchemy import select

from readiness.models import NotFoundError, Organisation
from readiness.store.base import StoreBase, get_row, model_columns, row_values, rows_to_domain, to_domain
from readiness.store.tables import OrganisationRow


class OrganisationStore(StoreBase):
    def add_organisation(self, org: Organisation) -> Organisation:
        row = OrganisationRow(**row_values(org))
        with self._session(write=True) as s:
            self._add_unique(
                s, row, ValueError(f"Er bestaat al een corporatie met de korte naam '{org.slug}'")
            )
            return to_domain(Organisation, row)

    def get_organisation(self, slug: str) -> Organisation:
        with self._session() as s:
            row = s.scalars(select(OrganisationRow).where(OrganisationRow.slug == slug)).first()
            if row is None:
                raise NotFoundError(f"Er is geen corporatie met de korte naam '{slug}'.")
            return to_domain(Organisation, row)

    def get_organisation_by_id(self, org_id: int) -> Organisation:
        with self._session() as s:
            return to_domain(Organisation, get_row(s, OrganisationRow, org_id))

    def list_organisations(self) -> list[Organisation]:
        """Every corporation, by name. Selected columns validated as dicts, not ORM objects:
        Start and Verbeterplan list all of them (300 at 1x) for the picker on every first
        render, and this halves what that costs."""
        with self._session() as s:
            rows = s.execute(
                select(*model_columns(Organisation, OrganisationRow)).order_by(
                    OrganisationRow.name, OrganisationRow.id
                )
            )
            return rows_to_domain(Organisation, rows)
