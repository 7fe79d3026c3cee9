"""Bulk loading: many new corporations with their rounds, respondents, answers and
actions in a few multi-row statements (synthetic sector data, load tests)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import insert

from readiness.models import (
    Answer,
    AnswerKind,
    ImprovementAction,
    Organisation,
    Respondent,
    Round,
    RoundStatus,
)
from readiness.store.base import StoreBase, now, row_values
from readiness.store.rounds import dump_means
from readiness.store.tables import (
    ActionRow,
    AnswerRow,
    OrganisationRow,
    RespondentRow,
    RoundRow,
    RoundSummaryRow,
)


def _check_refs(what: str, refs: Iterable[int], keys: Iterable[int]) -> None:
    """KeyError for the first reference that is not among the batch's keys."""
    known = set(keys)
    for ref in refs:
        if ref not in known:
            raise KeyError(f"{what} {ref} refers to no record of this call")


class BulkStore(StoreBase):
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
        moment = now()
        with self._session(write=True) as s:
            connection = s.connection()

            def insert_ids(table, rows: list[dict]) -> list[int]:
                if not rows:
                    return []
                statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
                return list(connection.execute(statement, rows).scalars())

            taken = ValueError("Een of meer korte namen van deze corporaties bestaan al; er is niets toegevoegd.")
            with self._unique(s, taken):
                org_id = dict(zip(org_keys, insert_ids(OrganisationRow.__table__, [
                    row_values(o) for o in organisations
                ]), strict=True))  # fmt: skip
            round_id = dict(zip(round_keys, insert_ids(RoundRow.__table__, [
                {**row_values(r), "org_id": org_id[r.org_id]} for r in rounds
            ]), strict=True))  # fmt: skip
            respondent_id = dict(zip(respondent_keys, insert_ids(RespondentRow.__table__, [
                {**row_values(r), "round_id": round_id[r.round_id]} for r in respondents
            ]), strict=True))  # fmt: skip
            if answers:
                connection.execute(insert(AnswerRow.__table__), [
                    {"respondent_id": respondent_id[a.respondent_id], "item_id": a.item_id,
                     "kind": AnswerKind(a.kind).value, "score": a.score, "note": a.note,
                     "version": a.version, "updated_at": moment}
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
                    {**row_values(a), "org_id": org_id[a.org_id],
                     "origin_round_id": None if a.origin_round_id is None else round_id[a.origin_round_id],
                     "closed_round_id": None if a.closed_round_id is None else round_id[a.closed_round_id],
                     "created_at": a.created_at or moment, "updated_at": a.updated_at or moment}
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

