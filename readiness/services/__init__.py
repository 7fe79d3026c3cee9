"""Use cases: the one API that the Streamlit UI and the command line both call.

`open_app()` wires settings, storage and the checklist together once; every use case
takes that `App` as its first argument, so tests can hand in their own.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from typing import TYPE_CHECKING

from readiness.access import (
    LOCAL_ACTOR,
    ROUND_CLOSED,
    AccessDenied,
    Actor,
    Kind,
    Permission,
    require,
    sees_everything,
)
from readiness.config import Settings, SettingsError, load_settings
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


SESSION_ENDED = (
    "Uw account is uitgeschakeld of gewijzigd; deze wijziging is niet opgeslagen. Log opnieuw in."
)
INVITATION_ENDED = (
    "Deze uitnodigingslink is ingetrokken; dit antwoord is niet opgeslagen. Vraag de coördinator "
    "van uw corporatie om een nieuwe link."
)

CLOSING_DATE_PASSED = (
    "De meting is gesloten na {date}; dit antwoord is niet opgeslagen. Vraag de coördinator van uw "
    "corporatie om de sluitingsdatum te verlengen als u nog wilt invullen."
)


@dataclass
class App:
    settings: Settings
    repo: Repository
    checklist: Checklist = _ChecklistOnFirstUse()  # type: ignore[assignment]
    today: Callable[[], dt.date] = field(default=dt.date.today)
    #: the moment (UTC) of a publication and of its spend of privacy budget
    now: Callable[[], dt.datetime] = field(default=lambda: dt.datetime.now(dt.UTC))
    actor: Actor = LOCAL_ACTOR  # who is asking; every use case checks it (readiness.access)

    def as_actor(self, actor: Actor) -> App:
        """The same App (repository, settings, checklist) acting for `actor`."""
        return dataclasses.replace(self, actor=actor)

    @contextmanager
    def writing(self) -> Iterator[Repository]:
        """One transaction for a change, that first checks (inside it) that the actor may
        still write: see :meth:`ensure_still_allowed`. Every use case that changes
        something opens its transaction with this."""
        with self.repo.unit_of_work() as repo:
            self.ensure_still_allowed()
            yield repo

    def ensure_still_allowed(self) -> None:
        """Raise AccessDenied (nothing is written) when the session that acts no longer
        holds: an account switched off or changed, an invitation link revoked, or the
        respondent's round finalised or past its closing date since the page was opened.
        Called inside the write transaction, at its start and again when the change is
        recorded in the audit trail.

        The rows it reads (account, invitation, the respondent's round) are share-locked
        until the transaction ends (SELECT … FOR SHARE on PostgreSQL; SQLite's write
        transaction, BEGIN IMMEDIATE, holds the database). A revoke, a deactivation or a
        finalisation updates one of those rows, so it either commits before this check
        (which then sees it) or waits until this write has committed: no write is
        committed after the revoke that ended its session."""
        actor = self.actor
        if actor.account_id is not None:
            try:
                record = self.repo.get_account(actor.account_id, lock=True)
            except NotFoundError:
                raise AccessDenied(SESSION_ENDED) from None
            if not record.active or record.role != actor.kind or record.org_id != actor.org_id:
                raise AccessDenied(SESSION_ENDED)
        if actor.kind == Kind.RESPONDENT:
            if actor.invitation_id is not None:
                try:
                    revoked = self.repo.invitation_revoked(actor.invitation_id, lock=True)
                except NotFoundError:
                    revoked = True
                if revoked:
                    raise AccessDenied(INVITATION_ENDED)
            try:
                place = self.repo.respondent_place(actor.respondent_id, lock=True)
            except NotFoundError:
                raise AccessDenied(INVITATION_ENDED) from None
            if place.round_final:
                raise AccessDenied(ROUND_CLOSED)
            if place.closes_on is not None and self.today() > place.closes_on:
                from readiness.export.labels import long_date

                raise AccessDenied(CLOSING_DATE_PASSED.format(date=long_date(place.closes_on)))

    def audit(self, org_id: int | None, entity: str, entity_id: int | str, change: str) -> None:
        """Record a change in the audit trail under the actor's name ("lokaal" locally),
        after checking once more that the actor may still write."""
        self.ensure_still_allowed()
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
    try:
        engine = make_engine(settings.database_url)
        if migrate_db:
            migrate(engine)
    except Exception as exc:
        raise _database_error(settings.database_url, exc) from None
    return App(settings=settings, repo=Repository(engine))


def _database_error(url: str, exc: Exception) -> Exception:
    """A database that cannot be opened, as a Dutch SettingsError (no traceback, no password)."""
    from sqlalchemy.exc import SQLAlchemyError
    from sqlalchemy.engine import make_url

    if not isinstance(exc, SQLAlchemyError | OSError):
        return exc
    try:
        shown = make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - an unreadable URL: show only its scheme
        shown = url.split(":", 1)[0] + ":…"
    return SettingsError(
        f"De database ({shown}, uit DATABASE_URL) kan niet worden geopend ({type(exc).__name__}). "
        "Controleer het adres, of de databaseserver draait, en de gebruikersnaam en het wachtwoord."
    )
