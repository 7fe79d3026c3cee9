"""The repository: the only way into the database for the rest of the application.

Every public method takes and returns domain objects (:mod:`readiness.models`) or the
plain frozen rows defined here; ORM rows never leave this module.

Transactions: each call runs in its own transaction, unless it is made inside
``with repo.unit_of_work():``, in which case all calls in that block (in the same
thread) share one transaction that commits when the block ends and rolls back entirely
when an exception leaves it. Nested ``unit_of_work`` blocks join the outer one.

Optimistic locking: answers and actions carry a ``version``. A save names the version
the caller last saw; if the stored row has moved on, :class:`ConflictError` is raised
and nothing is written. The check and the write are one ``UPDATE ... WHERE version =
:expected`` (or, for a first answer, an INSERT guarded by the unique constraint), so
concurrent saves cannot both win.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass

from sqlalchemy import Engine, Float, case, cast, delete, event, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import ORMExecuteState, Session

from readiness.models import (
    ActionStatus,
    Answer,
    AnswerKind,
    ConflictError,
    ImprovementAction,
    NotFoundError,
    Organisation,
    Priority,
    Respondent,
    Round,
    RoundData,
    RoundStatus,
)
from readiness.store.consensus_repo import ConsensusStore
from readiness.store.tables import (
    AccountRow,
    ActionRow,
    AnswerRow,
    AuditRow,
    InvitationRow,
    OrganisationRow,
    RespondentRow,
    RoundRow,
    RoundSummaryRow,
    SectorBudgetRow,
    SectorPublicationRow,
)

ANSWER_CONFLICT = (
    "Dit antwoord is intussen door iemand anders gewijzigd; "
    "laad de pagina opnieuw en kijk het na."
)
ACTION_CONFLICT = (
    "Deze verbeteractie is intussen door iemand anders gewijzigd; "
    "laad de pagina opnieuw en kijk het na."
)
ROUND_IS_FINAL = "Deze meting is definitief; antwoorden kunnen niet meer worden gewijzigd."
RESPONDENTS_FROZEN = (
    "Deze meting is definitief; respondenten kunnen niet meer worden toegevoegd of verwijderd."
)

_PRIORITY_ORDER = {Priority.HIGH.value: 0, Priority.MEDIUM.value: 1, Priority.LOW.value: 2}


@dataclass(frozen=True, slots=True)
class ItemMeans:
    """Aggregate of one item in one round (computed in SQL; feeds sector comparisons).

    ``mean_score`` averages the 0-4 scores only; "weet ik niet" and "n.v.t." answers are
    counted in ``n_dont_know`` / ``n_na`` and never averaged. None when nobody scored.
    """

    org_id: int
    size_class: str
    region: str
    round_id: int
    round_date: dt.date
    item_id: str
    mean_score: float | None
    n_scored: int
    n_dont_know: int
    n_na: int


@dataclass(frozen=True, slots=True)
class RoundMeans:
    """One final round with the mean score (0-4) per item: what the sector figures need.

    ``item_ids`` are the items answered in the round (sorted; rounds with the same items
    share one tuple object) and ``means`` the mean score of each, None when nobody gave
    a score ("weet ik niet" / "n.v.t." only). Means carry 12 significant digits.
    """

    org_id: int
    size_class: str
    region: str
    round_id: int
    round_date: dt.date
    item_ids: tuple[str, ...]
    means: list[float | None]

    @property
    def item_means(self) -> dict[str, float | None]:
        return dict(zip(self.item_ids, self.means, strict=True))


@dataclass(frozen=True, slots=True)
class PublicationRecord:
    """A stored sector publication. `figures` is the published JSON text, as stored;
    `covered` (corporation id -> round id) is internal and never exported."""

    id: int
    label: str
    created_at: dt.datetime
    created_by: str
    reference_date: dt.date
    year: int | None
    checklist_version: str
    k: int
    rho: float
    epsilon: float
    budget_year: int
    demo: bool
    figures: str
    covered: dict[int, int]


class BudgetExceeded(ValueError):
    """The yearly privacy budget would be exceeded (the message is Dutch)."""


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    at: dt.datetime
    actor: str
    org_id: int | None
    entity: str
    entity_id: str
    change: str


@dataclass(frozen=True, slots=True)
class AccountRecord:
    """A stored account. ``password_hash`` is an argon2 hash, never a password."""

    id: int
    username: str
    password_hash: str
    role: str
    org_id: int | None
    active: bool
    created_at: dt.datetime
    failed_attempts: int
    locked_until: dt.datetime | None
    last_login_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class InvitationRecord:
    """A respondent's invitation. ``token_hash`` is the SHA-256 of the token."""

    id: int
    token_hash: str
    round_id: int
    respondent_id: int
    created_at: dt.datetime
    revoked: bool


@dataclass(frozen=True, slots=True)
class RespondentPlace:
    """Where a respondent belongs: corporation, round and whether that round is final."""

    respondent: Respondent
    org_id: int
    round_final: bool


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def dump_means(means: dict[str, float | None]) -> dict[str, str]:
    """The ``item_ids`` and ``item_means`` texts of a round summary (see RoundSummaryRow)."""
    ids = sorted(means)
    values = [None if means[i] is None else float(f"{means[i]:.12g}") for i in ids]
    return {
        "item_ids": json.dumps(ids, separators=(",", ":")),
        "item_means": json.dumps(values, separators=(",", ":")),
    }


def _check_refs(what: str, refs: Iterable[int], keys: Iterable[int]) -> None:
    """KeyError for the first reference that is not among the batch's keys."""
    known = set(keys)
    for ref in refs:
        if ref not in known:
            raise KeyError(f"{what} {ref} refers to no record of this call")


_SQLITE_CONSTRAINT_UNIQUE = 2067  # sqlite3 extended result codes
_SQLITE_CONSTRAINT_PRIMARYKEY = 1555


def _is_unique_violation(exc: IntegrityError) -> bool:
    """True when a unique constraint failed (not a foreign key, check or not-null)."""
    orig = exc.orig
    if getattr(orig, "sqlstate", None) == "23505":  # PostgreSQL unique_violation
        return True
    return getattr(orig, "sqlite_errorcode", None) in (
        _SQLITE_CONSTRAINT_UNIQUE,
        _SQLITE_CONSTRAINT_PRIMARYKEY,
    )


# --------------------------------------------------------------------------- row -> domain


def _organisation(row: OrganisationRow) -> Organisation:
    return Organisation(
        id=row.id,
        slug=row.slug,
        name=row.name,
        size_class=row.size_class,
        region=row.region,
        is_demo=row.is_demo,
    )


def _round(row: RoundRow) -> Round:
    return Round(
        id=row.id,
        org_id=row.org_id,
        label=row.label,
        date=row.date,
        status=RoundStatus(row.status),
        checklist_version=row.checklist_version,
        finalised_at=row.finalised_at,
    )


def _respondent(row: RespondentRow) -> Respondent:
    return Respondent(id=row.id, round_id=row.round_id, role=row.role, label=row.label)


def _answer(row: AnswerRow) -> Answer:
    return Answer(
        respondent_id=row.respondent_id,
        item_id=row.item_id,
        kind=AnswerKind(row.kind),
        score=row.score,
        note=row.note,
        version=row.version,
    )


def _action(row: ActionRow) -> ImprovementAction:
    return ImprovementAction(
        id=row.id,
        org_id=row.org_id,
        item_id=row.item_id,
        description=row.description,
        owner=row.owner,
        due_date=row.due_date,
        status=ActionStatus(row.status),
        priority=Priority(row.priority),
        notes=row.notes,
        origin_round_id=row.origin_round_id,
        closed_round_id=row.closed_round_id,
        suggestion_key=row.suggestion_key,
        created_at=row.created_at,
        updated_at=row.updated_at,
        version=row.version,
    )


def _account(row: AccountRow) -> AccountRecord:
    return AccountRecord(
        id=row.id,
        username=row.username,
        password_hash=row.password_hash,
        role=row.role,
        org_id=row.org_id,
        active=row.active,
        created_at=row.created_at,
        failed_attempts=row.failed_attempts,
        locked_until=row.locked_until,
        last_login_at=row.last_login_at,
    )


def _invitation(row: InvitationRow) -> InvitationRecord:
    return InvitationRecord(
        id=row.id,
        token_hash=row.token_hash,
        round_id=row.round_id,
        respondent_id=row.respondent_id,
        created_at=row.created_at,
        revoked=row.revoked,
    )


def _audit(row: AuditRow) -> AuditEntry:
    return AuditEntry(
        id=row.id,
        at=row.at,
        actor=row.actor,
        org_id=row.org_id,
        entity=row.entity,
        entity_id=row.entity_id,
        change=row.change,
    )


# --------------------------------------------------------------------------- repository


class _StoreSession(Session):
    """A Session whose queries always return the database's current values.

    The repository changes rows with plain UPDATE/DELETE statements (the optimistic
    locks); inside a unit of work, rows loaded earlier in the same session must not be
    served from the identity map with stale values afterwards.
    """


@event.listens_for(_StoreSession, "do_orm_execute")
def _always_refresh(state: ORMExecuteState) -> None:
    if state.is_select:
        state.update_execution_options(populate_existing=True)


class Repository(ConsensusStore):
    """Persistence for organisations, rounds, respondents, answers, actions and audit;
    consensus meetings come from :class:`~readiness.store.consensus_repo.ConsensusStore`."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._is_sqlite = engine.dialect.name == "sqlite"
        self._local = threading.local()  # the current unit of work, per thread

    # ----------------------------------------------------------------- transactions

    @contextmanager
    def unit_of_work(self) -> Iterator[Repository]:
        """Run every repository call in the block in one transaction (all or nothing)."""
        if self._current() is not None:  # nested: join the outer unit of work
            yield self
            return
        with self._new_session(write=True) as session:
            self._local.session = session
            try:
                yield self
            finally:
                self._local.session = None

    def _current(self) -> Session | None:
        return getattr(self._local, "session", None)

    @contextmanager
    def _new_session(self, write: bool) -> Iterator[Session]:
        with _StoreSession(self.engine, expire_on_commit=False, autoflush=False) as session:
            with session.begin():
                if write and self._is_sqlite:
                    # Take SQLite's write lock at BEGIN: a deferred transaction that read
                    # first and writes later fails outright ("database is locked") when
                    # another writer committed in between, instead of waiting its turn.
                    session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
                yield session

    @contextmanager
    def _session(self, write: bool = False) -> Iterator[Session]:
        current = self._current()
        if current is not None:
            yield current
        else:
            with self._new_session(write) as session:
                yield session

    def _guard(self, session: Session):
        """A savepoint around a statement that may violate a constraint.

        Only needed inside a unit of work: there the transaction must stay usable after
        the error (PostgreSQL aborts the whole transaction otherwise). Outside one, the
        failing call's own transaction simply rolls back.
        """
        return session.begin_nested() if self._current() is session else nullcontext()

    # ----------------------------------------------------------------- organisations

    def add_organisation(self, org: Organisation) -> Organisation:
        row = OrganisationRow(
            slug=org.slug,
            name=org.name,
            size_class=org.size_class,
            region=org.region,
            is_demo=org.is_demo,
        )
        with self._session(write=True) as s:
            try:
                with self._guard(s):
                    s.add(row)
                    s.flush()
            except IntegrityError as exc:
                if not _is_unique_violation(exc):
                    raise
                raise ValueError(
                    f"Er bestaat al een corporatie met de korte naam '{org.slug}'"
                ) from None
            return _organisation(row)

    def get_organisation(self, slug: str) -> Organisation:
        with self._session() as s:
            row = s.scalars(select(OrganisationRow).where(OrganisationRow.slug == slug)).first()
            if row is None:
                raise NotFoundError(f"Er is geen corporatie met de korte naam '{slug}'.")
            return _organisation(row)

    def get_organisation_by_id(self, org_id: int) -> Organisation:
        with self._session() as s:
            row = s.get(OrganisationRow, org_id)
            if row is None:
                raise NotFoundError(f"Er is geen corporatie met nummer {org_id}.")
            return _organisation(row)

    def list_organisations(self) -> list[Organisation]:
        with self._session() as s:
            rows = s.scalars(
                select(OrganisationRow).order_by(OrganisationRow.name, OrganisationRow.id)
            )
            return [_organisation(r) for r in rows]

    # ----------------------------------------------------------------- rounds

    def add_round(self, round: Round) -> Round:
        row = RoundRow(
            org_id=round.org_id,
            label=round.label,
            date=round.date,
            status=round.status.value,
            checklist_version=round.checklist_version,
            finalised_at=round.finalised_at,
        )
        with self._session(write=True) as s:
            if s.get(OrganisationRow, round.org_id) is None:
                raise NotFoundError(f"Er is geen corporatie met nummer {round.org_id}.")
            try:
                with self._guard(s):
                    s.add(row)
                    s.flush()
            except IntegrityError as exc:
                if not _is_unique_violation(exc):
                    raise
                raise ValueError(
                    f"Deze corporatie heeft al een meting met de naam '{round.label}'"
                ) from None
            return _round(row)

    def get_round(self, round_id: int) -> Round:
        with self._session() as s:
            return _round(self._round_row(s, round_id))

    def list_rounds(self, org_id: int) -> list[Round]:
        with self._session() as s:
            rows = s.scalars(
                select(RoundRow)
                .where(RoundRow.org_id == org_id)
                .order_by(RoundRow.date, RoundRow.id)
            )
            return [_round(r) for r in rows]

    def find_round(self, org_id: int, label: str) -> Round | None:
        with self._session() as s:
            row = s.scalars(
                select(RoundRow).where(RoundRow.org_id == org_id, RoundRow.label == label)
            ).first()
            return None if row is None else _round(row)

    def set_round_status(
        self, round_id: int, status: RoundStatus, finalised_at: dt.datetime | None = None
    ) -> Round:
        """Finalise (finalised_at defaults to now) or reopen (finalised_at cleared) a round."""
        status = RoundStatus(status)
        if status == RoundStatus.FINAL:
            finalised_at = finalised_at or _now()
        else:
            finalised_at = None
        with self._session(write=True) as s:
            row = self._round_row(s, round_id)
            row.status = status.value
            row.finalised_at = finalised_at
            s.flush()
            # A final round's answers are frozen: summarise them once, here.
            s.execute(delete(RoundSummaryRow).where(RoundSummaryRow.round_id == round_id))
            if status == RoundStatus.FINAL:
                means = self._compute_means(s, [round_id]).get(round_id, {})
                s.execute(insert(RoundSummaryRow).values(round_id=round_id, **dump_means(means)))
            return _round(row)

    @staticmethod
    def _round_row(s: Session, round_id: int) -> RoundRow:
        row = s.get(RoundRow, round_id)
        if row is None:
            raise NotFoundError(f"Er is geen meting met nummer {round_id}.")
        return row

    # ----------------------------------------------------------------- respondents

    def add_respondent(self, respondent: Respondent) -> Respondent:
        with self._session(write=True) as s:
            if self._round_row(s, respondent.round_id).status == RoundStatus.FINAL:
                raise ValueError(RESPONDENTS_FROZEN)
            row = RespondentRow(
                round_id=respondent.round_id, role=respondent.role, label=respondent.label
            )
            s.add(row)
            s.flush()
            return _respondent(row)

    def list_respondents(self, round_id: int) -> list[Respondent]:
        with self._session() as s:
            rows = s.scalars(
                select(RespondentRow)
                .where(RespondentRow.round_id == round_id)
                .order_by(RespondentRow.id)
            )
            return [_respondent(r) for r in rows]

    def delete_respondent(self, respondent_id: int) -> None:
        """Delete a respondent and (by cascade) their answers; not in a final round."""
        with self._session(write=True) as s:
            status = self._round_status_of_respondent(s, respondent_id)
            if status == RoundStatus.FINAL:
                raise ValueError(RESPONDENTS_FROZEN)
            s.execute(delete(RespondentRow).where(RespondentRow.id == respondent_id))

    @staticmethod
    def _round_status_of_respondent(s: Session, respondent_id: int) -> str:
        """The status of the respondent's round, share-locked against finalisation."""
        status = s.execute(
            select(RoundRow.status)
            .join(RespondentRow, RespondentRow.round_id == RoundRow.id)
            .where(RespondentRow.id == respondent_id)
            .with_for_update(read=True, of=RoundRow)  # FOR SHARE on PostgreSQL
        ).scalar_one_or_none()
        if status is None:
            raise NotFoundError(f"Er is geen respondent met nummer {respondent_id}.")
        return status

    # ----------------------------------------------------------------- answers

    def save_answer(self, answer: Answer, expected_version: int | None) -> Answer:
        """Store an answer; returns it with its new version.

        `expected_version` is the version the caller last saw: None means "there was no
        answer yet". If the stored state differs, ConflictError and nothing changes.
        """
        values = {
            "kind": AnswerKind(answer.kind).value,
            "score": answer.score,
            "note": answer.note,
            "updated_at": _now(),
        }
        with self._session(write=True) as s:
            if self._round_status_of_respondent(s, answer.respondent_id) == RoundStatus.FINAL:
                raise ValueError(ROUND_IS_FINAL)
            if expected_version is None:
                try:
                    with self._guard(s):
                        s.execute(
                            insert(AnswerRow).values(
                                respondent_id=answer.respondent_id,
                                item_id=answer.item_id,
                                version=1,
                                **values,
                            )
                        )
                except IntegrityError as exc:
                    if not _is_unique_violation(exc):
                        raise
                    raise ConflictError(ANSWER_CONFLICT) from None
                new_version = 1
            else:
                result = s.execute(
                    update(AnswerRow)
                    .where(
                        AnswerRow.respondent_id == answer.respondent_id,
                        AnswerRow.item_id == answer.item_id,
                        AnswerRow.version == expected_version,
                    )
                    .values(version=AnswerRow.version + 1, **values)
                    .execution_options(synchronize_session=False)
                )
                if result.rowcount != 1:
                    raise ConflictError(ANSWER_CONFLICT)
                new_version = expected_version + 1
        return answer.model_copy(update={"version": new_version})

    def get_answer(self, respondent_id: int, item_id: str) -> Answer | None:
        with self._session() as s:
            row = s.scalars(
                select(AnswerRow).where(
                    AnswerRow.respondent_id == respondent_id, AnswerRow.item_id == item_id
                )
            ).first()
            return None if row is None else _answer(row)

    def list_answers_of(self, respondent_id: int) -> list[Answer]:
        """One respondent's answers, by item id."""
        with self._session() as s:
            rows = s.scalars(
                select(AnswerRow)
                .where(AnswerRow.respondent_id == respondent_id)
                .order_by(AnswerRow.item_id)
            )
            return [_answer(r) for r in rows]

    def list_answers(self, round_id: int) -> list[Answer]:
        with self._session() as s:
            return self._answers_of_round(s, round_id)

    @staticmethod
    def _answers_of_round(s: Session, round_id: int) -> list[Answer]:
        rows = s.scalars(
            select(AnswerRow)
            .join(RespondentRow, RespondentRow.id == AnswerRow.respondent_id)
            .where(RespondentRow.round_id == round_id)
            .order_by(AnswerRow.respondent_id, AnswerRow.item_id)
        )
        return [_answer(r) for r in rows]

    def round_data(self, round_id: int) -> RoundData:
        """The round, its respondents and all their answers, in three queries."""
        with self._session() as s:
            round_ = _round(self._round_row(s, round_id))
            respondents = [
                _respondent(r)
                for r in s.scalars(
                    select(RespondentRow)
                    .where(RespondentRow.round_id == round_id)
                    .order_by(RespondentRow.id)
                )
            ]
            answers = self._answers_of_round(s, round_id)
        return RoundData(round=round_, respondents=respondents, answers=answers)

    def rounds_data(self, org_id: int) -> list[RoundData]:
        """Every round of a corporation with its respondents and answers, oldest first
        (date, then id): three queries, whatever the number of rounds."""
        with self._session() as s:
            rounds = [
                _round(r)
                for r in s.scalars(
                    select(RoundRow).where(RoundRow.org_id == org_id).order_by(RoundRow.date, RoundRow.id)
                )
            ]
            if not rounds:
                return []
            ids = [r.id for r in rounds]
            respondents: dict[int, list[Respondent]] = {round_id: [] for round_id in ids}
            round_of: dict[int, int] = {}
            for row in s.scalars(
                select(RespondentRow).where(RespondentRow.round_id.in_(ids)).order_by(RespondentRow.id)
            ):
                respondents[row.round_id].append(_respondent(row))
                round_of[row.id] = row.round_id
            answers: dict[int, list[Answer]] = {round_id: [] for round_id in ids}
            for row in s.scalars(
                select(AnswerRow)
                .join(RespondentRow, RespondentRow.id == AnswerRow.respondent_id)
                .where(RespondentRow.round_id.in_(ids))
                .order_by(AnswerRow.respondent_id, AnswerRow.item_id)
            ):
                answers[round_of[row.respondent_id]].append(_answer(row))
        return [RoundData(round=r, respondents=respondents[r.id], answers=answers[r.id]) for r in rounds]

    # ----------------------------------------------------------------- actions

    def add_action(self, action: ImprovementAction) -> ImprovementAction:
        now = _now()
        row = ActionRow(
            org_id=action.org_id,
            item_id=action.item_id,
            description=action.description,
            owner=action.owner,
            due_date=action.due_date,
            status=ActionStatus(action.status).value,
            priority=Priority(action.priority).value,
            notes=action.notes,
            origin_round_id=action.origin_round_id,
            closed_round_id=action.closed_round_id,
            suggestion_key=action.suggestion_key,
            created_at=action.created_at or now,
            updated_at=action.updated_at or now,
            version=1,
        )
        with self._session(write=True) as s:
            if s.get(OrganisationRow, action.org_id) is None:
                raise NotFoundError(f"Er is geen corporatie met nummer {action.org_id}.")
            s.add(row)
            s.flush()
            return _action(row)

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
                .values(
                    item_id=action.item_id,
                    description=action.description,
                    owner=action.owner,
                    due_date=action.due_date,
                    status=ActionStatus(action.status).value,
                    priority=Priority(action.priority).value,
                    notes=action.notes,
                    origin_round_id=action.origin_round_id,
                    closed_round_id=action.closed_round_id,
                    suggestion_key=action.suggestion_key,
                    updated_at=_now(),
                    version=ActionRow.version + 1,
                )
                .execution_options(synchronize_session=False)
            )
            if result.rowcount != 1:
                if s.get(ActionRow, action.id) is None:
                    raise NotFoundError(f"Er is geen verbeteractie met nummer {action.id}.")
                raise ConflictError(ACTION_CONFLICT)
            return _action(self._action_row(s, action.id))

    def get_action(self, action_id: int) -> ImprovementAction:
        with self._session() as s:
            return _action(self._action_row(s, action_id))

    def list_actions(self, org_id: int) -> list[ImprovementAction]:
        """A corporation's actions: high priority first, then by due date (none last)."""
        priority_rank = case(_PRIORITY_ORDER, value=ActionRow.priority, else_=len(_PRIORITY_ORDER))
        no_due_date = case((ActionRow.due_date.is_(None), 1), else_=0)
        with self._session() as s:
            rows = s.scalars(
                select(ActionRow)
                .where(ActionRow.org_id == org_id)
                .order_by(priority_rank, no_due_date, ActionRow.due_date, ActionRow.id)
            )
            return [_action(r) for r in rows]

    @staticmethod
    def _action_row(s: Session, action_id: int) -> ActionRow:
        row = s.scalars(select(ActionRow).where(ActionRow.id == action_id)).first()
        if row is None:
            raise NotFoundError(f"Er is geen verbeteractie met nummer {action_id}.")
        return row

    # ----------------------------------------------------------------- bulk

    def bulk_insert(
        self,
        organisations: Sequence[Organisation],
        rounds: Sequence[Round] = (),
        respondents: Sequence[Respondent] = (),
        answers: Sequence[Answer] = (),
        actions: Sequence[ImprovementAction] = (),
    ) -> dict[str, int]:
        """Insert many new corporations with their rounds, respondents, answers and
        actions in a few multi-row statements (synthetic sector data, load tests).

        The ``id`` of each organisation, round and respondent passed here is a key within
        this call only: ``org_id``, ``round_id``, ``respondent_id``, ``origin_round_id``
        and ``closed_round_id`` refer to those keys, and the database assigns the real
        ids. A reference to an unknown key raises KeyError before anything is written.
        Records are stored as given (status, finalised_at, versions, timestamps; no
        finality or optimistic-lock checks: everything is new). One transaction, or part
        of the current unit of work; a short name that already exists raises ValueError
        and nothing of the call is written. Returns the number of rows per table.
        """
        org_keys = [o.id for o in organisations]
        round_keys = [r.id for r in rounds]
        respondent_keys = [r.id for r in respondents]
        for name, keys in (("organisation", org_keys), ("round", round_keys), ("respondent", respondent_keys)):
            if None in keys or len(set(keys)) != len(keys):
                raise KeyError(f"every {name} needs a key (id) of its own within the call")
        _check_refs("round.org_id", (r.org_id for r in rounds), org_keys)
        _check_refs("respondent.round_id", (r.round_id for r in respondents), round_keys)
        _check_refs("answer.respondent_id", (a.respondent_id for a in answers), respondent_keys)
        _check_refs("action.org_id", (a.org_id for a in actions), org_keys)
        _check_refs(
            "action round",
            (k for a in actions for k in (a.origin_round_id, a.closed_round_id) if k is not None),
            round_keys,
        )
        now = _now()
        with self._session(write=True) as s:
            connection = s.connection()

            def insert_ids(table, rows: list[dict]) -> list[int]:
                if not rows:
                    return []
                statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
                return list(connection.execute(statement, rows).scalars())

            try:
                with self._guard(s):
                    org_id = dict(zip(org_keys, insert_ids(OrganisationRow.__table__, [
                        {"slug": o.slug, "name": o.name, "size_class": o.size_class,
                         "region": o.region, "is_demo": o.is_demo}
                        for o in organisations
                    ]), strict=True))  # fmt: skip
            except IntegrityError as exc:
                if not _is_unique_violation(exc):
                    raise
                raise ValueError(
                    "Een of meer korte namen van deze corporaties bestaan al; er is niets toegevoegd."
                ) from None
            round_id = dict(zip(round_keys, insert_ids(RoundRow.__table__, [
                {"org_id": org_id[r.org_id], "label": r.label, "date": r.date,
                 "status": RoundStatus(r.status).value, "checklist_version": r.checklist_version,
                 "finalised_at": r.finalised_at}
                for r in rounds
            ]), strict=True))  # fmt: skip
            respondent_id = dict(zip(respondent_keys, insert_ids(RespondentRow.__table__, [
                {"round_id": round_id[r.round_id], "role": r.role, "label": r.label}
                for r in respondents
            ]), strict=True))  # fmt: skip
            if answers:
                connection.execute(insert(AnswerRow.__table__), [
                    {"respondent_id": respondent_id[a.respondent_id], "item_id": a.item_id,
                     "kind": AnswerKind(a.kind).value, "score": a.score, "note": a.note,
                     "version": a.version, "updated_at": now}
                    for a in answers
                ])  # fmt: skip
            final_rounds = {r.id for r in rounds if RoundStatus(r.status) == RoundStatus.FINAL}
            if final_rounds:
                round_of = {r.id: r.round_id for r in respondents}
                sums: dict[int, dict[str, list[int]]] = {key: {} for key in final_rounds}
                for a in answers:
                    per_item = sums.get(round_of[a.respondent_id])
                    if per_item is not None:
                        total = per_item.setdefault(a.item_id, [0, 0])
                        if a.kind == AnswerKind.SCORE:
                            total[0] += a.score
                            total[1] += 1
                connection.execute(insert(RoundSummaryRow.__table__), [
                    {"round_id": round_id[key],
                     **dump_means({item: t / n if n else None for item, (t, n) in per_item.items()})}
                    for key, per_item in sums.items()
                ])  # fmt: skip
            if actions:
                connection.execute(insert(ActionRow.__table__), [
                    {"org_id": org_id[a.org_id], "item_id": a.item_id, "description": a.description,
                     "owner": a.owner, "due_date": a.due_date, "status": ActionStatus(a.status).value,
                     "priority": Priority(a.priority).value, "notes": a.notes,
                     "suggestion_key": a.suggestion_key,
                     "origin_round_id": None if a.origin_round_id is None else round_id[a.origin_round_id],
                     "closed_round_id": None if a.closed_round_id is None else round_id[a.closed_round_id],
                     "created_at": a.created_at or now, "updated_at": a.updated_at or now,
                     "version": a.version}
                    for a in actions
                ])  # fmt: skip
        return {
            "organisations": len(organisations),
            "rounds": len(rounds),
            "respondents": len(respondents),
            "answers": len(answers),
            "actions": len(actions),
        }

    def refresh_statistics(self) -> None:
        """Let the database's query planner see the current table sizes (ANALYZE).

        Needed after a bulk load: until autovacuum gets round to it, PostgreSQL plans
        with the statistics of the empty tables and reads a round's answers with a full
        table scan (34 ms instead of 0.1 ms per round at 288,000 answers).
        """
        with self.engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")

    # ----------------------------------------------------------------- sector

    def final_round_means(self, *, exclude_demo: bool = False) -> list[RoundMeans]:
        """Every final round with its item means, oldest first (by date, then id).

        Reads the summaries written at finalisation: one row per round, no answers
        aggregated. A final round without a summary (finalised outside this
        repository) is aggregated from its answers instead, so the result is the same.
        """
        query = (
            select(
                RoundRow.org_id,
                OrganisationRow.size_class,
                OrganisationRow.region,
                RoundRow.id,
                RoundRow.date,
                RoundSummaryRow.item_ids,
                RoundSummaryRow.item_means,
            )
            .join(OrganisationRow, OrganisationRow.id == RoundRow.org_id)
            .outerjoin(RoundSummaryRow, RoundSummaryRow.round_id == RoundRow.id)
            .where(RoundRow.status == RoundStatus.FINAL.value)
            .order_by(RoundRow.date, RoundRow.id)
        )
        if exclude_demo:
            query = query.where(OrganisationRow.is_demo.is_(False))
        with self._session() as s:
            # Core execution (no ORM entities involved): a third cheaper per row
            rows = s.connection().execute(query).all()
            missing = [row[3] for row in rows if row[5] is None]
            computed = self._compute_means(s, missing) if missing else {}
        loads = json.loads
        # all means arrays in one parse: a json.loads call per round cost as much again
        stored = iter(loads("[" + ",".join(row[6] for row in rows if row[6] is not None) + "]"))
        id_lists: dict[str, tuple[str, ...]] = {}  # one decoded tuple per distinct id list
        out = []
        for org_id, size_class, region, round_id, round_date, ids, means in rows:
            if ids is None:
                found = computed.get(round_id, {})
                ids, means = json.dumps(sorted(found)), [found[i] for i in sorted(found)]
            else:
                means = next(stored)
            item_ids = id_lists.get(ids)
            if item_ids is None:
                item_ids = id_lists[ids] = tuple(loads(ids))
            out.append(RoundMeans(org_id, size_class, region, round_id, round_date, item_ids, means))
        return out

    def final_rounds_fingerprint(self) -> str:
        """A short text that changes whenever the set of final rounds changes: a round
        finalised, reopened, stored as final or deleted (their number, the sum of their
        ids and the latest finalisation). One aggregate over the status index; for
        caches of figures derived from the final rounds."""
        query = select(
            func.count(RoundRow.id), func.coalesce(func.sum(RoundRow.id), 0), func.max(RoundRow.finalised_at)
        ).where(RoundRow.status == RoundStatus.FINAL.value)
        with self._session() as s:
            count, id_sum, latest = s.execute(query).one()
        return f"{count}:{id_sum}:{latest.isoformat() if latest else '-'}"

    @staticmethod
    def _compute_means(s: Session, round_ids: list[int]) -> dict[int, dict[str, float | None]]:
        """Item means per round, aggregated from the answers (one query)."""
        scored = case((AnswerRow.kind == AnswerKind.SCORE.value, AnswerRow.score))
        out: dict[int, dict[str, float | None]] = {}
        for start in range(0, len(round_ids), 1000):
            query = (
                select(RespondentRow.round_id, AnswerRow.item_id, func.avg(cast(scored, Float)))
                .join(RespondentRow, RespondentRow.id == AnswerRow.respondent_id)
                .where(RespondentRow.round_id.in_(round_ids[start : start + 1000]))
                .group_by(RespondentRow.round_id, AnswerRow.item_id)
            )
            for round_id, item_id, mean in s.execute(query):
                out.setdefault(round_id, {})[item_id] = None if mean is None else float(mean)
        return out

    def final_round_item_means(self, *, exclude_demo: bool = False) -> list[ItemMeans]:
        """Per final round and item: mean score and counts, for every corporation.

        One aggregate query; draft rounds are left out. Ordered by corporation, round
        date, round, item.
        """
        condition = RoundRow.status == RoundStatus.FINAL.value
        if exclude_demo:
            condition = condition & RoundRow.org_id.in_(
                select(OrganisationRow.id).where(OrganisationRow.is_demo.is_(False))
            )
        return self._item_means(condition)

    def round_item_means(self, round_id: int) -> list[ItemMeans]:
        """The same aggregate for one round (whatever its status)."""
        return self._item_means(RoundRow.id == round_id)

    def _item_means(self, round_condition) -> list[ItemMeans]:
        # Aggregate per (round, item) first and join corporation details onto the
        # result: about twice as fast as grouping by all output columns at once.
        def count_of(kind: AnswerKind):
            return func.coalesce(func.sum(case((AnswerRow.kind == kind.value, 1), else_=0)), 0)

        scored = case((AnswerRow.kind == AnswerKind.SCORE.value, AnswerRow.score))
        per_item = (
            select(
                RespondentRow.round_id.label("round_id"),
                AnswerRow.item_id.label("item_id"),
                func.avg(cast(scored, Float)).label("mean_score"),
                count_of(AnswerKind.SCORE).label("n_scored"),
                count_of(AnswerKind.DONT_KNOW).label("n_dont_know"),
                count_of(AnswerKind.NOT_APPLICABLE).label("n_na"),
            )
            .join(RespondentRow, RespondentRow.id == AnswerRow.respondent_id)
            .join(RoundRow, RoundRow.id == RespondentRow.round_id)
            .where(round_condition)
            .group_by(RespondentRow.round_id, AnswerRow.item_id)
            .subquery("per_item")
        )
        query = (
            select(
                RoundRow.org_id,
                OrganisationRow.size_class,
                OrganisationRow.region,
                RoundRow.id,
                RoundRow.date,
                per_item.c.item_id,
                per_item.c.mean_score,
                per_item.c.n_scored,
                per_item.c.n_dont_know,
                per_item.c.n_na,
            )
            .select_from(per_item)
            .join(RoundRow, RoundRow.id == per_item.c.round_id)
            .join(OrganisationRow, OrganisationRow.id == RoundRow.org_id)
            .order_by(RoundRow.org_id, RoundRow.date, RoundRow.id, per_item.c.item_id)
        )
        with self._session() as s:
            return [
                ItemMeans(
                    org_id=org_id,
                    size_class=size_class,
                    region=region,
                    round_id=round_id,
                    round_date=round_date,
                    item_id=item_id,
                    mean_score=None if mean is None else float(mean),
                    n_scored=int(n_scored),
                    n_dont_know=int(n_dont_know),
                    n_na=int(n_na),
                )
                for (
                    org_id,
                    size_class,
                    region,
                    round_id,
                    round_date,
                    item_id,
                    mean,
                    n_scored,
                    n_dont_know,
                    n_na,
                ) in s.execute(query)
            ]

    def round_answer_counts(self, round_ids: Sequence[int]) -> dict[int, dict[str, tuple[int, int]]]:
        """Per round and item: (number of "weet ik niet" answers, number of answers)."""
        dont_know = func.sum(case((AnswerRow.kind == AnswerKind.DONT_KNOW.value, 1), else_=0))
        out: dict[int, dict[str, tuple[int, int]]] = {}
        ids = list(round_ids)
        with self._session() as s:
            for start in range(0, len(ids), 1000):
                query = (
                    select(RespondentRow.round_id, AnswerRow.item_id, dont_know, func.count(AnswerRow.id))
                    .join(RespondentRow, RespondentRow.id == AnswerRow.respondent_id)
                    .where(RespondentRow.round_id.in_(ids[start : start + 1000]))
                    .group_by(RespondentRow.round_id, AnswerRow.item_id)
                )
                for round_id, item_id, n_dk, n_all in s.connection().execute(query):
                    out.setdefault(round_id, {})[item_id] = (int(n_dk or 0), int(n_all))
        return out

    # ----------------------------------------------------------------- sector publications

    @staticmethod
    def _publication(row: SectorPublicationRow) -> PublicationRecord:
        return PublicationRecord(
            id=row.id, label=row.label, created_at=row.created_at, created_by=row.created_by,
            reference_date=row.reference_date, year=row.year, checklist_version=row.checklist_version,
            k=row.k, rho=row.rho, epsilon=row.epsilon, budget_year=row.budget_year, demo=row.demo,
            figures=row.figures, covered={int(o): int(r) for o, r in json.loads(row.covered).items()},
        )  # fmt: skip

    def add_publication(
        self,
        *,
        label: str,
        created_at: dt.datetime,
        created_by: str,
        reference_date: dt.date,
        year: int | None,
        checklist_version: str,
        k: int,
        rho: float,
        epsilon: float,
        demo: bool,
        figures: str,
        covered: dict[int, int],
        yearly_rho: float,
        budget_refusal,
    ) -> PublicationRecord:
        """Store a publication and spend its ρ from the year's budget, in one transaction.

        The year's budget row is locked (PostgreSQL: ``FOR UPDATE``; SQLite holds the
        write lock from BEGIN), so two publications at once cannot both fit in the rest
        of the budget. `budget_refusal(spent, cost, limit, year)` returns a Dutch reason
        or None; a reason raises :class:`BudgetExceeded` and nothing is written. Demo
        publications spend no budget.
        """
        year_of_budget = created_at.year
        with self._session(write=True) as s:
            if not demo:
                budget = s.execute(
                    select(SectorBudgetRow).where(SectorBudgetRow.year == year_of_budget).with_for_update()
                ).scalar_one_or_none()
                if budget is None:
                    budget = SectorBudgetRow(year=year_of_budget, spent=0.0)
                    s.add(budget)
                    s.flush()
                reason = budget_refusal(budget.spent, rho, yearly_rho, year_of_budget)
                if reason:
                    raise BudgetExceeded(reason)
                budget.spent = budget.spent + rho
            if s.execute(select(SectorPublicationRow.id).where(SectorPublicationRow.label == label)).first():
                raise ValueError(f"Er is al een publicatie met de naam '{label}'; kies een andere naam.")
            row = SectorPublicationRow(
                label=label, created_at=created_at, created_by=created_by, reference_date=reference_date,
                year=year, checklist_version=checklist_version, k=k, rho=rho, epsilon=epsilon,
                budget_year=year_of_budget, demo=demo, figures=figures,
                covered=json.dumps({str(o): r for o, r in sorted(covered.items())}),
            )  # fmt: skip
            s.add(row)
            s.flush()
            return self._publication(row)

    def list_publications(self) -> list[PublicationRecord]:
        """Every publication, oldest first."""
        with self._session() as s:
            query = select(SectorPublicationRow).order_by(SectorPublicationRow.created_at, SectorPublicationRow.id)
            return [self._publication(r) for r in s.scalars(query)]

    def get_publication(self, label: str) -> PublicationRecord:
        with self._session() as s:
            row = s.scalars(select(SectorPublicationRow).where(SectorPublicationRow.label == label)).first()
            if row is None:
                raise NotFoundError(f"Er is geen publicatie met de naam '{label}'.")
            return self._publication(row)

    def budget_spent(self, year: int) -> float:
        with self._session() as s:
            spent = s.execute(select(SectorBudgetRow.spent).where(SectorBudgetRow.year == year)).scalar_one_or_none()
            return float(spent or 0.0)

    # ----------------------------------------------------------------- audit

    def record_audit(
        self,
        actor: str,
        org_id: int | None,
        entity: str,
        entity_id: int | str,
        change: str,
    ) -> AuditEntry:
        row = AuditRow(
            at=_now(),
            actor=actor,
            org_id=org_id,
            entity=entity,
            entity_id=str(entity_id),
            change=change,
        )
        with self._session(write=True) as s:
            s.add(row)
            s.flush()
            return _audit(row)

    def list_audit(self, org_id: int | None = None) -> list[AuditEntry]:
        """Audit entries, oldest first; all of them, or those of one corporation."""
        query = select(AuditRow).order_by(AuditRow.at, AuditRow.id)
        if org_id is not None:
            query = query.where(AuditRow.org_id == org_id)
        with self._session() as s:
            return [_audit(r) for r in s.scalars(query)]

    # ----------------------------------------------------------------- who is where

    def respondent_place(self, respondent_id: int) -> RespondentPlace:
        """The respondent with its corporation and round status (one query)."""
        with self._session() as s:
            found = s.execute(
                select(RespondentRow, RoundRow.org_id, RoundRow.status)
                .join(RoundRow, RoundRow.id == RespondentRow.round_id)
                .where(RespondentRow.id == respondent_id)
            ).first()
            if found is None:
                raise NotFoundError(f"Er is geen respondent met nummer {respondent_id}.")
            row, org_id, status = found
            return RespondentPlace(_respondent(row), org_id, status == RoundStatus.FINAL.value)

    # ----------------------------------------------------------------- accounts

    def add_account(
        self, username: str, password_hash: str, role: str, org_id: int | None
    ) -> AccountRecord:
        """A new active account; ValueError (Dutch) when the username is taken."""
        row = AccountRow(
            username=username,
            password_hash=password_hash,
            role=role,
            org_id=org_id,
            active=True,
            created_at=_now(),
            failed_attempts=0,
        )
        with self._session(write=True) as s:
            if org_id is not None and s.get(OrganisationRow, org_id) is None:
                raise NotFoundError(f"Er is geen corporatie met nummer {org_id}.")
            try:
                with self._guard(s):
                    s.add(row)
                    s.flush()
            except IntegrityError as exc:
                if not _is_unique_violation(exc):
                    raise
                raise ValueError(f"Er bestaat al een account met de naam '{username}'.") from None
            return _account(row)

    def get_account(self, account_id: int) -> AccountRecord:
        with self._session() as s:
            row = s.get(AccountRow, account_id)
            if row is None:
                raise NotFoundError(f"Er is geen account met nummer {account_id}.")
            return _account(row)

    def find_account(self, username: str) -> AccountRecord | None:
        with self._session() as s:
            row = s.scalars(select(AccountRow).where(AccountRow.username == username)).first()
            return None if row is None else _account(row)

    def list_accounts(self) -> list[AccountRecord]:
        with self._session() as s:
            return [_account(r) for r in s.scalars(select(AccountRow).order_by(AccountRow.username))]

    def count_active_accounts(self, role: str) -> int:
        with self._session() as s:
            return s.scalar(
                select(func.count()).select_from(AccountRow).where(
                    AccountRow.role == role, AccountRow.active.is_(True)
                )
            ) or 0

    def set_account_active(self, account_id: int, active: bool) -> AccountRecord:
        with self._session(write=True) as s:
            row = s.get(AccountRow, account_id)
            if row is None:
                raise NotFoundError(f"Er is geen account met nummer {account_id}.")
            row.active = active
            if active:
                row.failed_attempts, row.locked_until = 0, None
            s.flush()
            return _account(row)

    def set_password_hash(self, account_id: int, password_hash: str) -> None:
        with self._session(write=True) as s:
            s.execute(
                update(AccountRow)
                .where(AccountRow.id == account_id)
                .values(password_hash=password_hash, failed_attempts=0, locked_until=None)
                .execution_options(synchronize_session=False)
            )

    def record_login_failure(
        self, account_id: int, lock_after: int, locked_until: dt.datetime
    ) -> AccountRecord:
        """Count a failed login; at `lock_after` failures lock the account until `locked_until`
        (and start counting again). Atomic: concurrent failures are all counted."""
        with self._session(write=True) as s:
            failures = s.execute(
                update(AccountRow)
                .where(AccountRow.id == account_id)
                .values(failed_attempts=AccountRow.failed_attempts + 1)
                .returning(AccountRow.failed_attempts)
                .execution_options(synchronize_session=False)
            ).scalar_one()
            if failures >= lock_after:
                s.execute(
                    update(AccountRow)
                    .where(AccountRow.id == account_id)
                    .values(failed_attempts=0, locked_until=locked_until)
                    .execution_options(synchronize_session=False)
                )
            return _account(s.get(AccountRow, account_id))

    def record_login_success(self, account_id: int, at: dt.datetime) -> None:
        with self._session(write=True) as s:
            s.execute(
                update(AccountRow)
                .where(AccountRow.id == account_id)
                .values(failed_attempts=0, locked_until=None, last_login_at=at)
                .execution_options(synchronize_session=False)
            )

    # ----------------------------------------------------------------- invitations

    def add_invitation(self, token_hash: str, round_id: int, respondent_id: int) -> InvitationRecord:
        row = InvitationRow(
            token_hash=token_hash,
            round_id=round_id,
            respondent_id=respondent_id,
            created_at=_now(),
            revoked=False,
        )
        with self._session(write=True) as s:
            s.add(row)
            s.flush()
            return _invitation(row)

    def find_invitation(self, token_hash: str) -> InvitationRecord | None:
        with self._session() as s:
            row = s.scalars(
                select(InvitationRow).where(InvitationRow.token_hash == token_hash)
            ).first()
            return None if row is None else _invitation(row)

    def get_invitation(self, invitation_id: int) -> InvitationRecord:
        with self._session() as s:
            row = s.get(InvitationRow, invitation_id)
            if row is None:
                raise NotFoundError(f"Er is geen uitnodiging met nummer {invitation_id}.")
            return _invitation(row)

    def list_invitations(self, round_id: int) -> list[InvitationRecord]:
        with self._session() as s:
            rows = s.scalars(
                select(InvitationRow)
                .where(InvitationRow.round_id == round_id)
                .order_by(InvitationRow.id)
            )
            return [_invitation(r) for r in rows]

    def revoke_invitation(self, invitation_id: int) -> InvitationRecord:
        with self._session(write=True) as s:
            row = s.get(InvitationRow, invitation_id)
            if row is None:
                raise NotFoundError(f"Er is geen uitnodiging met nummer {invitation_id}.")
            row.revoked = True
            s.flush()
            return _invitation(row)
