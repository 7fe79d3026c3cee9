"""Use cases: the one API that the Streamlit UI and the command line both call.

`open_app()` wires settings, storage and the checklist together once; every use case
takes that `App` as its first argument, so tests can hand in their own.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from typing import TYPE_CHECKING

from readiness.access import LOCAL_ACTOR, AccessDenied, Actor, Permission, require, sees_everything
from readiness.config import Settings, load_settings
from readiness.models import NotFoundError

if TYPE_CHECKING:
    from readiness.models import Checklist
    from readiness.store import Repository


class _ChecklistOnFirstUse:
    """The App's checklist: the one handed in, or loaded from ``settings.checklist_path``
    the first time it is read. A command that never looks at the instrument (``readiness
    orgs``, ``users list``) then does not parse and validate items.yaml.

    A descriptor used as a dataclass default: ``App(..., checklist=c)`` stores ``c``;
    without it the class-level read gives ``None`` and the instance loads on first use.
    """

    def __get__(self, app: App | None, owner: type | None = None) -> Checklist | None:
        if app is None:
            return None
        checklist = app.__dict__.get("_checklist")
        if checklist is None:
            from readiness.checklist import load_checklist

            checklist = app.__dict__["_checklist"] = load_checklist(app.settings.checklist_path)
        return checklist

    def __set__(self, app: App, checklist: Checklist | None) -> None:
        app.__dict__["_checklist"] = checklist


@dataclass
class App:
    settings: Settings
    repo: Repository
    checklist: Checklist = _ChecklistOnFirstUse()  # type: ignore[assignment]
    today: Callable[[], dt.date] = field(default=dt.date.today)
    actor: Actor = LOCAL_ACTOR  # who is asking; every use case checks it (readiness.access)

    def as_actor(self, actor: Actor) -> App:
        """The same App (repository, settings, checklist) acting for `actor`."""
        return dataclasses.replace(self, actor=actor)

    def audit(self, org_id: int | None, entity: str, entity_id: int | str, change: str) -> None:
        """Record a change in the audit trail under the actor's name ("lokaal" locally)."""
        self.repo.record_audit(self.actor.label, org_id, entity, entity_id, change)


def authorise(
    app: App,
    permission: Permission,
    *,
    org_id: int | None = None,
    round_id: int | None = None,
    respondent_id: int | None = None,
    action_id: int | None = None,
    resolve: bool = False,
) -> int | None:
    """Check that the app's actor may use `permission` on the record named; return its
    corporation id (when one was named).

    The corporation is looked up from the round, respondent or action id. For an actor
    whose permission reaches every corporation (lokaal, beheerder) with only an org_id,
    nothing is looked up; nor for a round/respondent/action id unless ``resolve=True``
    (then None is returned). A record that does not exist is refused with the same message
    as someone else's record, so ids cannot be probed; lokaal and beheerder get the
    ordinary "not found" error instead.
    """
    actor = app.actor
    if org_id is not None and round_id is None and respondent_id is None and action_id is None:
        require(actor, permission, org_id)
        return org_id
    if round_id is None and respondent_id is None and action_id is None:
        require(actor, permission)
        return None
    if not resolve and org_id is None and sees_everything(actor, permission):
        return None  # lokaal / beheerder: allowed everywhere, the use case finds the record
    try:
        round_final = None
        if respondent_id is not None:
            place = app.repo.respondent_place(respondent_id)
            found_org, round_id_of, round_final = place.org_id, place.respondent.round_id, place.round_final
            if round_id is not None and round_id != round_id_of:
                raise AccessDenied()
            round_id = round_id_of
        elif round_id is not None:
            round_ = app.repo.get_round(round_id)
            found_org, round_final = round_.org_id, round_.is_final
        else:
            found_org = app.repo.get_action(action_id).org_id
    except NotFoundError:
        if sees_everything(actor, permission):
            raise
        raise AccessDenied() from None
    if org_id is not None and org_id != found_org:
        raise AccessDenied()
    require(actor, permission, found_org, respondent_id, round_id=round_id, round_final=round_final)
    return found_org


def open_app(settings: Settings | None = None, *, migrate_db: bool = True) -> App:
    """Connect to the configured database (migrating it when it is behind); the checklist
    is loaded when a use case first needs it."""
    from readiness.store import Repository, make_engine, migrate

    settings = settings or load_settings()
    engine = make_engine(settings.database_url)
    if migrate_db:
        migrate(engine)
    return App(settings=settings, repo=Repository(engine))
