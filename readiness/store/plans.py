"""The improvement plan aggregate: a corporation's improvement actions."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import case, select, update
from sqlalchemy.orm import Session

from readiness.models import ConflictError, ImprovementAction, NotFoundError, Priority
from readiness.store.base import MISSING, StoreBase, all_to_domain, get_row, now, row_values, to_domain
from readiness.store.tables import ActionRow, OrganisationRow

ACTION_CONFLICT = (
    "Deze verbeteractie is intussen door iemand anders gewijzigd; "
    "laad de pagina opnieuw en kijk het na."
)

_PRIORITY_ORDER = {Priority.HIGH.value: 0, Priority.MEDIUM.value: 1, Priority.LOW.value: 2}
# What a save may change: not the corporation, the creation time or the lock.
_FIXED = ("id", "org_id", "created_at", "updated_at", "version")


class PlanStore(StoreBase):
    def add_action(self, action: ImprovementAction) -> ImprovementAction:
        moment = now()
        values = row_values(action, exclude=("id", "version"))
        values["created_at"] = action.created_at or moment
        values["updated_at"] = action.updated_at or moment
        row = ActionRow(**values, version=1)
        with self._session(write=True) as s:
            get_row(s, OrganisationRow, action.org_id)
            s.add(row)
            s.flush()
            return to_domain(ImprovementAction, row)

    def update_action(
        self, action: ImprovementAction, expected_version: int
    ) -> ImprovementAction:
        """Save changes to an action (not its corporation or creation time).

        ConflictError when the stored version is no longer `expected_version`.
        """
        if action.id is None:
            raise ValueError("Een verbeteractie zonder nummer kan niet worden bijgewerkt.")
        with self._session(write=True) as s:
            result = s.execute(
                update(ActionRow)
                .where(ActionRow.id == action.id, ActionRow.version == expected_version)
                .values(**row_values(action, exclude=_FIXED), updated_at=now(), version=ActionRow.version + 1)
                .execution_options(synchronize_session=False)
            )
            if result.rowcount != 1:
                if s.get(ActionRow, action.id) is None:
                    raise NotFoundError(MISSING[ActionRow].format(action.id))
                raise ConflictError(ACTION_CONFLICT)
            return to_domain(ImprovementAction, self._action_row(s, action.id))

    def get_action(self, action_id: int) -> ImprovementAction:
        with self._session() as s:
            return to_domain(ImprovementAction, self._action_row(s, action_id))

    def list_actions(self, org_id: int) -> list[ImprovementAction]:
        """A corporation's actions: high priority first, then by due date (none last)."""
        with self._session() as s:
            return all_to_domain(ImprovementAction, s.scalars(_actions_query(ActionRow.org_id == org_id)))

    def actions_of_organisations(self, org_ids: Iterable[int]) -> dict[int, list[ImprovementAction]]:
        """Per corporation id: :meth:`list_actions`, in one query for all (``export --all``)."""
        ids = list(org_ids)
        found: dict[int, list[ImprovementAction]] = {org_id: [] for org_id in ids}
        if ids:
            with self._session() as s:
                for action in all_to_domain(ImprovementAction, s.scalars(_actions_query(ActionRow.org_id.in_(ids)))):
                    found[action.org_id].append(action)
        return found

    @staticmethod
    def _action_row(s: Session, action_id: int) -> ActionRow:
        # A query, not s.get: after the UPDATE above the identity map may hold the old row.
        row = s.scalars(select(ActionRow).where(ActionRow.id == action_id)).first()
        if row is None:
            raise NotFoundError(MISSING[ActionRow].format(action_id))
        return row


def _actions_query(org_condition):
    """Actions in the plan's order: high priority first, then by due date (none last)."""
    priority_rank = case(_PRIORITY_ORDER, value=ActionRow.priority, else_=len(_PRIORITY_ORDER))
    no_due_date = case((ActionRow.due_date.is_(None), 1), else_=0)
    return (
        select(ActionRow)
        .where(org_condition)
        .order_by(priority_rank, no_due_date, ActionRow.due_date, ActionRow.id)
    )
