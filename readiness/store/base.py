"""What every aggregate's store shares: sessions, transactions, the guarded writes and
the row -> domain mapping.

Transactions: each call runs in its own transaction, unless it is made inside
``with repo.unit_of_work():``, in which case all calls in that block (in the same
thread) share one transaction that commits when the block ends and rolls back entirely
when an exception leaves it. Nested ``unit_of_work`` blocks join the outer one.

Optimistic locking: answers, actions and agreed levels carry a ``version``. A save
names the version the caller last saw; if the stored row has moved on,
:class:`ConflictError` is raised and nothing is written. The check and the write are one
``UPDATE ... WHERE version = :expected`` (or, for a first save, an INSERT guarded by the
unique constraint), so concurrent saves cannot both win (:meth:`StoreBase._save_versioned`).

Mapping: ORM rows become domain models through pydantic (``from_attributes``), never
through hand-written field lists; ORM rows never leave this package.
"""

from __future__ import annotations

import datetime as dt
import functools
import threading
from enum import Enum
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, nullcontext
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy import Engine, bindparam, event, insert, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import ORMExecuteState, Session

from readiness.models import ConflictError, NotFoundError
from readiness.store.tables import (
    AccountRow,
    ActionRow,
    InvitationRow,
    MeetingRow,
    OrganisationRow,
    RespondentRow,
    RoundRow,
)

M = TypeVar("M", bound=BaseModel)

# The sentence for a record that does not exist, per table (looked up by number).
MISSING = {
    OrganisationRow: "Er is geen corporatie met nummer {}.",
    RoundRow: "Er is geen meting met nummer {}.",
    RespondentRow: "Er is geen respondent met nummer {}.",
    ActionRow: "Er is geen verbeteractie met nummer {}.",
    AccountRow: "Er is geen account met nummer {}.",
    InvitationRow: "Er is geen uitnodiging met nummer {}.",
    MeetingRow: "Er is geen consensusgesprek met nummer {}.",
}


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def to_domain(model: type[M], row: Any) -> M:
    """The domain model of an ORM row (pydantic reads the row's attributes)."""
    return model.model_validate(row, from_attributes=True)


def row_values(model: BaseModel, *, exclude: Iterable[str] = ("id",)) -> dict[str, Any]:
    """A domain model's fields as column values (enums as their stored text)."""
    return {
        name: value.value if isinstance(value, Enum) else value
        for name, value in model.model_dump(exclude=set(exclude)).items()
    }


def all_to_domain(model: type[M], rows: Iterable[Any]) -> list[M]:
    validate = model.__pydantic_validator__.validate_python  # model_validate without its wrapper
    return [validate(row, from_attributes=True) for row in rows]


def model_columns(model: type[BaseModel], table: type) -> list[Any]:
    """The columns of ``table`` that hold ``model``'s fields, to select them without ORM objects."""
    return [getattr(table, name) for name in model.model_fields]


def rows_to_domain(model: type[M], rows: Iterable[Any]) -> list[M]:
    """Domain models of selected columns (:func:`model_columns`): pydantic validates each row's
    values as a dict, about twice as fast as reading ORM objects for the many answers of
    a corporation (Voortgang reads eight rounds; ``export --all`` 600)."""
    validate = model.__pydantic_validator__.validate_python
    return [validate(row._asdict()) for row in rows]


_SQLITE_CONSTRAINT_UNIQUE = 2067  # sqlite3 extended result codes
_SQLITE_CONSTRAINT_PRIMARYKEY = 1555


def is_unique_violation(exc: IntegrityError) -> bool:
    """True when a unique constraint failed (not a foreign key, check or not-null)."""
    orig = exc.orig
    if getattr(orig, "sqlstate", None) == "23505":  # PostgreSQL unique_violation
        return True
    return getattr(orig, "sqlite_errorcode", None) in (
        _SQLITE_CONSTRAINT_UNIQUE,
        _SQLITE_CONSTRAINT_PRIMARYKEY,
    )


def get_row(s: Session, table: type, key: int, **options: Any):
    """The row with this primary key, or NotFoundError with the table's Dutch sentence."""
    row = s.get(table, key, **options)
    if row is None:
        raise NotFoundError(MISSING[table].format(key))
    return row


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


class StoreBase:
    """The engine, the per-thread unit of work and the guarded writes; every aggregate's
    store is a mixin on top of this, and :class:`readiness.store.Repository` joins them."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._is_sqlite = engine.dialect.name == "sqlite"
        self._local = threading.local()  # the current unit of work, per thread

    # ----------------------------------------------------------------- transactions

    @contextmanager
    def unit_of_work(self) -> Iterator[Any]:
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

    # ----------------------------------------------------------------- guarded writes

    @contextmanager
    def _unique(self, s: Session, taken: Exception) -> Iterator[None]:
        """Statements in the block that a unique constraint refuses raise `taken` instead
        (the unit of work, if any, stays usable)."""
        try:
            with self._guard(s):
                yield
        except IntegrityError as exc:
            if not is_unique_violation(exc):
                raise
            raise taken from None

    def _add_unique(self, s: Session, row: Any, taken: Exception) -> None:
        """Add and flush a row; `taken` is raised when a unique constraint refuses it."""
        with self._unique(s, taken):
            s.add(row)
            s.flush()

    def _save_versioned(
        self,
        s: Session,
        table: Any,
        key: dict[str, Any],
        values: dict[str, Any],
        expected_version: int | None,
        conflict: str,
    ) -> int:
        """Insert (expected_version None) or update the row with this key under the
        optimistic lock; returns the new version, ConflictError(conflict) when the
        stored state is not the one the caller saw."""
        if expected_version is None:
            with self._unique(s, ConflictError(conflict)):
                s.execute(insert(table).values(**key, version=1, **values))
            return 1
        statement = _versioned_update(table.__table__, tuple(key), tuple(values))
        params = {f"key_{k}": v for k, v in key.items()} | {f"new_{k}": v for k, v in values.items()}
        if s.execute(statement, params | {"expected_version": expected_version}).rowcount != 1:
            raise ConflictError(conflict)
        return expected_version + 1


@functools.lru_cache(maxsize=64)
def _versioned_update(table: Any, key_columns: tuple[str, ...], value_columns: tuple[str, ...]) -> Any:
    """The optimistic lock's UPDATE for one table and set of columns, built once with bound
    parameters (``key_*``, ``new_*``, ``expected_version``): SQLAlchemy then neither
    rebuilds the statement nor works out its cache key again on every save (issue 24: an
    answer click saves once)."""
    return (
        update(table)
        .where(*(table.c[column] == bindparam(f"key_{column}") for column in key_columns))
        .where(table.c.version == bindparam("expected_version"))
        .values(version=table.c.version + 1, **{column: bindparam(f"new_{column}") for column in value_columns})
    )
