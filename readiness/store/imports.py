"""Imports in bulk: a round's imported respondents and answers, a corporation's imported
actions and a meeting's agreed levels, each in a few multi-row statements.

An import of 15,000 answers written one by one (a lookup and a guarded INSERT/UPDATE per
answer) cost about 1.1 ms of CPU per answer (5 ms by the clock on a busy machine); here a
round costs a handful of statements
whatever its size (docs/hostile-input.md, "Imports: one budget from the first byte"). These methods
join the caller's unit of work: the import service runs them inside ``App.writing()``,
so everything a file brings is one transaction and a refusal writes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import bindparam, insert, select, update

from readiness.consensus import AgreedLevel
from readiness.models import (
    AnswerKind,
    ConflictError,
    ImprovementAction,
    NotFoundError,
    Respondent,
    RoundStatus,
)
from readiness.store.base import MISSING, StoreBase, get_row, now, row_values
from readiness.store.records import AnswerLine, ImportedAnswers
from readiness.store.rounds import ANSWER_CONFLICT, ROUND_IS_FINAL
from readiness.store.tables import (
    ActionRow,
    AgreedLevelRow,
    AnswerRow,
    MeetingRow,
    OrganisationRow,
    RespondentRow,
    RoundRow,
)

_ANSWER_COLUMNS = ("respondent_id", "item_id", "kind", "score", "note")
_KINDS = {kind.value: kind.value for kind in AnswerKind}  # a kind (or its value) -> its value
NOT_IN_ROUND = "Een of meer respondenten van het bestand horen niet bij deze meting; er is niets opgeslagen."


def _insert_ids(connection, table, rows: list[dict]) -> list[int]:
    """Insert the rows in one multi-row statement; their new ids, in the rows' order."""
    if not rows:
        return []
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return list(connection.execute(statement, rows).scalars())


def _insert_rows(connection, table, columns: tuple[str, ...], rows: list[tuple], same: dict) -> None:
    """Insert ``rows`` (tuples in the order of ``columns``), each with the values of
    ``same`` added, in one executemany of the database driver. SQLAlchemy's own
    executemany converts every parameter of every row (the import's one timestamp 42,000
    times for a 1 MB workbook: 60 % of the insert's CPU); here each column's conversion
    for this database (its type's bind processor, as SQLAlchemy would apply it) runs once
    for a value in ``same``, and per row only for a column whose type has one."""
    dialect = connection.dialect
    keys = [*columns, *same]

    def processor(key: str):
        return table.c[key].type.dialect_impl(dialect).bind_processor(dialect)

    fixed = tuple(convert(value) if (convert := processor(key)) else value for key, value in same.items())
    converters = [processor(key) for key in columns]
    if any(converters):
        rows = [tuple(c(v) if c else v for c, v in zip(converters, row, strict=True)) for row in rows]
    rows = [row + fixed for row in rows]
    if dialect.name == "postgresql" and dialect.driver == "psycopg":
        _copy_rows(connection, table, keys, rows)
        return
    compiled = insert(table).compile(dialect=dialect, column_keys=keys)
    if not compiled.positional:
        connection.exec_driver_sql(compiled.string, [dict(zip(keys, row, strict=True)) for row in rows])
        return
    at = [keys.index(name) for name in compiled.positiontup]  # the statement's column order
    if at != list(range(len(keys))):
        rows = [tuple(row[i] for i in at) for row in rows]
    connection.exec_driver_sql(compiled.string, rows)


def _copy_rows(connection, table, keys: list[str], rows: list[tuple]) -> None:
    """PostgreSQL: the rows by ``COPY ... FROM STDIN``, which psycopg writes row by row in C
    (an executemany binds every row as a statement of its own: 0.6 s for 42,000 answers,
    against about 0.1 s here). A row the table refuses raises SQLAlchemy's
    ``IntegrityError``, as the INSERT would, so the caller's checks hold."""
    import psycopg
    from sqlalchemy.exc import IntegrityError

    quote = connection.dialect.identifier_preparer
    statement = f"COPY {quote.format_table(table)} ({', '.join(quote.quote(key) for key in keys)}) FROM STDIN"
    try:
        with connection.connection.dbapi_connection.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
    except psycopg.IntegrityError as exc:
        raise IntegrityError(statement, None, exc) from exc


class ImportStore(StoreBase):
    def save_imported_answers(
        self, round_id: int, respondents: Sequence[Respondent], answers: Sequence[AnswerLine]
    ) -> ImportedAnswers:
        """Store a file's answers for one round, in a few statements.

        ``respondents`` are the file's respondents of this round: one with an ``id`` is
        already in the round (ValueError when it is not), one without is added.
        ``answers`` name their respondent by its position in ``respondents``. An answer
        the respondent has not given yet is inserted (version 1); one that differs from
        the stored answer replaces it with the stored version + 1 (the optimistic lock
        of :meth:`save_answer`: the round's answers are locked, and ConflictError with
        nothing written should a row have moved on regardless); an answer equal to the
        stored one is left as it is. Two answers of one respondent to one item: ValueError.

        The round's row is share-locked (finalising waits) and must not be final
        (ValueError, Dutch). All or nothing: part of the caller's unit of work, or one
        transaction of its own.
        """
        moment = now()
        with self._session(write=True) as s:
            status = s.execute(
                select(RoundRow.status).where(RoundRow.id == round_id).with_for_update(read=True)
            ).scalar_one_or_none()  # FOR SHARE on PostgreSQL
            if status is None:
                raise NotFoundError(MISSING[RoundRow].format(round_id))
            if status == RoundStatus.FINAL.value:
                raise ValueError(ROUND_IS_FINAL)
            connection = s.connection()
            known = {r.id for r in respondents if r.id is not None}
            if known:
                present = set(s.scalars(select(RespondentRow.id).where(RespondentRow.round_id == round_id)))
                if known - present:
                    raise ValueError(NOT_IN_ROUND)
            new = [r for r in respondents if r.id is None]
            ids = iter(_insert_ids(connection, RespondentRow.__table__, [
                {"round_id": round_id, "role": r.role, "label": r.label} for r in new
            ]))  # fmt: skip
            respondent_ids = [r.id if r.id is not None else next(ids) for r in respondents]

            existing: dict[tuple[int, str], tuple[int, str, int | None, str]] = {}
            if known:  # the answers of respondents that were there before: one query, locked
                query = (
                    select(AnswerRow.respondent_id, AnswerRow.item_id, AnswerRow.version, AnswerRow.kind,
                           AnswerRow.score, AnswerRow.note)
                    .join(RespondentRow, RespondentRow.id == AnswerRow.respondent_id)
                    .where(RespondentRow.round_id == round_id)
                    .with_for_update(of=AnswerRow)
                )  # fmt: skip
                for respondent, item, version, kind, score, note in s.execute(query):
                    existing[(respondent, item)] = (version, kind, score, note)

            inserts: list[tuple] = []
            updates: list[dict] = []
            seen: set[tuple[int, str]] = set()
            for line in answers:
                key = (respondent_ids[line.respondent], line.item_id)
                if key in seen:
                    raise ValueError(
                        f"Respondent '{respondents[line.respondent].label}' beantwoordt item {line.item_id} twee keer."
                    )
                seen.add(key)
                kind = _KINDS.get(line.kind) or AnswerKind(line.kind).value  # the latter raises
                before = existing.get(key)
                if before is None:
                    inserts.append((key[0], key[1], kind, line.score, line.note))
                elif before[1:] != (kind, line.score, line.note):
                    updates.append({"r": key[0], "i": key[1], "v": before[0], "kind": kind, "score": line.score,
                                    "note": line.note, "updated_at": moment})  # fmt: skip
            if inserts:
                with self._unique(s, ConflictError(ANSWER_CONFLICT)):
                    _insert_rows(connection, AnswerRow.__table__, _ANSWER_COLUMNS, inserts,
                                 {"version": 1, "updated_at": moment})  # fmt: skip
            if updates:
                table = AnswerRow.__table__
                statement = (
                    update(table)
                    .where(table.c.respondent_id == bindparam("r"), table.c.item_id == bindparam("i"),
                           table.c.version == bindparam("v"))
                    .values(version=table.c.version + 1)
                )  # fmt: skip
                result = connection.execute(statement, updates)
                if result.rowcount != len(updates):  # the rows are locked: only a bug gets here
                    raise ConflictError(ANSWER_CONFLICT)
        return ImportedAnswers(respondents_added=len(new), inserted=len(inserts), updated=len(updates))

    def add_imported_actions(self, actions: Sequence[ImprovementAction]) -> list[int]:
        """Add a file's improvement actions of one corporation in one statement (version 1,
        their own creation and change times, else now); their new ids, in order."""
        if not actions:
            return []
        org_ids = {a.org_id for a in actions}
        if len(org_ids) != 1:
            raise ValueError("Verbeteracties uit een bestand horen bij één corporatie.")
        moment = now()
        with self._session(write=True) as s:
            get_row(s, OrganisationRow, org_ids.pop())
            return _insert_ids(s.connection(), ActionRow.__table__, [
                {**row_values(a, exclude=("id", "version")), "version": 1,
                 "created_at": a.created_at or moment, "updated_at": a.updated_at or moment}
                for a in actions
            ])  # fmt: skip

    def add_imported_levels(self, meeting_id: int, levels: Sequence[AgreedLevel]) -> int:
        """Add the agreed levels of a meeting that has none yet (an imported one), in one
        statement; a second level for an item raises ValueError and writes nothing."""
        if not levels:
            return 0
        moment = now()
        with self._session(write=True) as s:
            get_row(s, MeetingRow, meeting_id)
            taken = ValueError("Dit consensusgesprek heeft voor een item al een vastgesteld niveau.")
            with self._unique(s, taken):
                s.connection().execute(insert(AgreedLevelRow.__table__), [
                    {"meeting_id": meeting_id, "item_id": level.item_id, "level": level.level,
                     "rationale": level.rationale, "follow_up": level.follow_up, "action_id": level.action_id,
                     "recorded_at": moment, "version": 1}
                    for level in levels
                ])  # fmt: skip
        return len(levels)
