"""The round aggregate: rounds (metingen), their respondents and answers, and the
summary of item means written when a round is finalised."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections import OrderedDict
from collections.abc import Iterable

from sqlalchemy import Float, bindparam, case, cast, delete, func, insert, select, update
from sqlalchemy.orm import Session

from readiness.models import (
    Answer,
    AnswerKind,
    NotFoundError,
    Respondent,
    Round,
    RoundData,
    RoundStatus,
)
from readiness.store.base import (
    MISSING,
    StoreBase,
    all_to_domain,
    get_row,
    model_columns,
    now,
    row_values,
    rows_to_domain,
    to_domain,
)
from readiness.store.records import RespondentPlace
from readiness.store.tables import (
    AnswerRow,
    InvitationRow,
    OrganisationRow,
    RespondentRow,
    RoundRow,
    RoundSummaryRow,
)

ANSWER_CONFLICT = (
    "Dit antwoord is intussen door iemand anders gewijzigd; "
    "laad de pagina opnieuw en kijk het na."
)
ROUND_IS_FINAL = "Deze meting is definitief; antwoorden kunnen niet meer worden gewijzigd."
RESPONDENTS_FROZEN = (
    "Deze meting is definitief; respondenten kunnen niet meer worden toegevoegd of verwijderd."
)


def dump_means(means: dict[str, float | None]) -> dict[str, str]:
    """The ``item_ids`` and ``item_means`` texts of a round summary (see RoundSummaryRow)."""
    ids = sorted(means)
    values = [None if means[i] is None else float(f"{means[i]:.12g}") for i in ids]
    return {
        "item_ids": json.dumps(ids, separators=(",", ":")),
        "item_means": json.dumps(values, separators=(",", ":")),
    }


def compute_means(s: Session, round_ids: list[int]) -> dict[int, dict[str, float | None]]:
    """Item means per round, aggregated from the answers (one query per 1,000 rounds)."""
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


def _answers_query(round_condition):
    return (
        select(*model_columns(Answer, AnswerRow))
        .join(RespondentRow, RespondentRow.id == AnswerRow.respondent_id)
        .where(round_condition)
        .order_by(AnswerRow.respondent_id, AnswerRow.item_id)
    )


# The reads every answer click makes (issue 24), built once: SQLAlchemy then neither
# rebuilds the statement nor computes its cache key again on each click.
_PLACE = (
    select(*model_columns(Respondent, RespondentRow), RoundRow.org_id, RoundRow.status, RoundRow.closes_on)
    .join(RoundRow, RoundRow.id == RespondentRow.round_id)
    .where(RespondentRow.id == bindparam("respondent_id"))
)
_PLACE_LOCKED = _PLACE.with_for_update(read=True, of=RoundRow)  # FOR SHARE on PostgreSQL
_ROUND_STATUS_LOCKED = (
    select(RoundRow.status)
    .join(RespondentRow, RespondentRow.round_id == RoundRow.id)
    .where(RespondentRow.id == bindparam("respondent_id"))
    .with_for_update(read=True, of=RoundRow)  # FOR SHARE on PostgreSQL
)
_RESPONDENT_FIELDS = tuple(Respondent.model_fields)


class _FrozenRounds:
    """The respondents and answers of final rounds, kept across sessions (a small LRU).

    A final round's respondents and answers never change: adding or deleting a respondent
    and saving an answer refuse once the round is final, and that check share-locks the
    round row, so nothing is written after a finalisation has committed. Keyed by the
    round's id and its moment of finalisation, read in the same transaction as the data.
    Concept rounds are never kept, nor what is read inside a unit of work (not committed yet). The domain models are frozen, the lists are copied
    on the way out."""

    def __init__(self, size: int = 64) -> None:
        self._size = size
        self._entries: OrderedDict[tuple, tuple[list[Respondent], list[Answer]]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> tuple[list[Respondent], list[Answer]] | None:
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def forget(self, round_id: int) -> None:
        """Drop what is kept of a round (its status changes: finalised or reopened)."""
        with self._lock:
            for key in [k for k in self._entries if k[0] == round_id]:
                del self._entries[key]

    def put(self, key: tuple, value: tuple[list[Respondent], list[Answer]]) -> None:
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)


class RoundStore(StoreBase):
    @property
    def _frozen_rounds(self) -> _FrozenRounds:
        cache = self.__dict__.get("_frozen_rounds_cache")
        if cache is None:
            cache = self.__dict__.setdefault("_frozen_rounds_cache", _FrozenRounds())
        return cache

    # ----------------------------------------------------------------- rounds

    def add_round(self, round: Round) -> Round:
        row = RoundRow(**row_values(round))
        with self._session(write=True) as s:
            get_row(s, OrganisationRow, round.org_id)
            self._add_unique(
                s, row, ValueError(f"Deze corporatie heeft al een meting met de naam '{round.label}'")
            )
            return to_domain(Round, row)

    def get_round(self, round_id: int) -> Round:
        with self._session() as s:
            return to_domain(Round, get_row(s, RoundRow, round_id))

    def list_rounds(self, org_id: int) -> list[Round]:
        with self._session() as s:
            return all_to_domain(Round, s.scalars(self._rounds_query(org_id)))

    def rounds_of_organisations(self, org_ids: Iterable[int]) -> dict[int, list[Round]]:
        """Per corporation id: its rounds, oldest first (date, then id), as
        :meth:`list_rounds` gives them; one query for all (``export --all``)."""
        ids = list(org_ids)
        found: dict[int, list[Round]] = {org_id: [] for org_id in ids}
        if ids:
            with self._session() as s:
                for round_ in all_to_domain(Round, s.scalars(self._rounds_query(RoundRow.org_id.in_(ids)))):
                    found[round_.org_id].append(round_)
        return found

    @staticmethod
    def _rounds_query(org_condition):
        if isinstance(org_condition, int):
            org_condition = RoundRow.org_id == org_condition
        return select(RoundRow).where(org_condition).order_by(RoundRow.date, RoundRow.id)

    def find_round(self, org_id: int, label: str) -> Round | None:
        with self._session() as s:
            row = s.scalars(
                select(RoundRow).where(RoundRow.org_id == org_id, RoundRow.label == label)
            ).first()
            return None if row is None else to_domain(Round, row)

    def set_round_status(
        self, round_id: int, status: RoundStatus, finalised_at: dt.datetime | None = None
    ) -> Round:
        """Finalise (finalised_at defaults to now) or reopen (finalised_at cleared) a round."""
        status = RoundStatus(status)
        if status == RoundStatus.FINAL:
            finalised_at = finalised_at or now()
        else:
            finalised_at = None
        # No service reopens a round, but the store can: what was kept of it goes, before
        # and after the change (a reader in between may have kept the old final state).
        self._frozen_rounds.forget(round_id)
        try:
            return self._set_round_status(round_id, status, finalised_at)
        finally:
            self._frozen_rounds.forget(round_id)

    def _set_round_status(self, round_id: int, status: RoundStatus, finalised_at: dt.datetime | None) -> Round:
        with self._session(write=True) as s:
            row = get_row(s, RoundRow, round_id)
            row.status = status.value
            row.finalised_at = finalised_at
            s.flush()
            if status == RoundStatus.FINAL:
                # A final round keeps no e-mail address: its links are dead, nobody is reminded.
                s.execute(
                    update(InvitationRow)
                    .where(InvitationRow.round_id == round_id, InvitationRow.email.is_not(None))
                    .values(email=None)
                    .execution_options(synchronize_session=False)
                )
            # A final round's answers are frozen: summarise them once, here.
            s.execute(delete(RoundSummaryRow).where(RoundSummaryRow.round_id == round_id))
            if status == RoundStatus.FINAL:
                means = compute_means(s, [round_id]).get(round_id, {})
                s.execute(insert(RoundSummaryRow).values(round_id=round_id, **dump_means(means)))
            return to_domain(Round, row)

    def set_round_closes_on(self, round_id: int, closes_on: dt.date | None) -> Round:
        """Set (or with None remove) the date after which the round accepts no answers."""
        with self._session(write=True) as s:
            row = get_row(s, RoundRow, round_id)
            row.closes_on = closes_on
            s.flush()
            return to_domain(Round, row)

    # ----------------------------------------------------------------- respondents

    def add_respondent(self, respondent: Respondent) -> Respondent:
        with self._session(write=True) as s:
            if get_row(s, RoundRow, respondent.round_id).status == RoundStatus.FINAL:
                raise ValueError(RESPONDENTS_FROZEN)
            row = RespondentRow(**row_values(respondent))
            s.add(row)
            s.flush()
            return to_domain(Respondent, row)

    def list_respondents(self, round_id: int) -> list[Respondent]:
        with self._session() as s:
            return all_to_domain(Respondent, s.scalars(self._respondents_query(round_id)))

    @staticmethod
    def _respondents_query(round_condition):
        if isinstance(round_condition, int):
            round_condition = RespondentRow.round_id == round_condition
        return select(RespondentRow).where(round_condition).order_by(RespondentRow.id)

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
        status = s.execute(_ROUND_STATUS_LOCKED, {"respondent_id": respondent_id}).scalar_one_or_none()
        if status is None:
            raise NotFoundError(MISSING[RespondentRow].format(respondent_id))
        return status

    def respondent_place(self, respondent_id: int, *, lock: bool = False) -> RespondentPlace:
        """The respondent with its corporation and round status (one query); with ``lock``
        the round row is share-locked until the unit of work ends, so finalising the round
        waits for the write that checked it (or the check waits and sees it final)."""
        with self._session() as s:
            found = s.execute(_PLACE_LOCKED if lock else _PLACE, {"respondent_id": respondent_id}).first()
            if found is None:
                raise NotFoundError(MISSING[RespondentRow].format(respondent_id))
            values = found._asdict()
            respondent = Respondent.model_validate({name: values[name] for name in _RESPONDENT_FIELDS})
            return RespondentPlace(
                respondent, values["org_id"], values["status"] == RoundStatus.FINAL.value, values["closes_on"]
            )

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
            "updated_at": now(),
        }
        key = {"respondent_id": answer.respondent_id, "item_id": answer.item_id}
        with self._session(write=True) as s:
            if self._round_status_of_respondent(s, answer.respondent_id) == RoundStatus.FINAL:
                raise ValueError(ROUND_IS_FINAL)
            new_version = self._save_versioned(s, AnswerRow, key, values, expected_version, ANSWER_CONFLICT)
        return answer.model_copy(update={"version": new_version})

    def get_answer(self, respondent_id: int, item_id: str) -> Answer | None:
        with self._session() as s:
            row = s.scalars(
                select(AnswerRow).where(
                    AnswerRow.respondent_id == respondent_id, AnswerRow.item_id == item_id
                )
            ).first()
            return None if row is None else to_domain(Answer, row)

    def list_answers_of(self, respondent_id: int) -> list[Answer]:
        """One respondent's answers, by item id."""
        with self._session() as s:
            rows = s.execute(
                select(*model_columns(Answer, AnswerRow))
                .where(AnswerRow.respondent_id == respondent_id)
                .order_by(AnswerRow.item_id)
            )
            return rows_to_domain(Answer, rows)

    def list_answers(self, round_id: int) -> list[Answer]:
        with self._session() as s:
            return rows_to_domain(Answer, s.execute(_answers_query(RespondentRow.round_id == round_id)))

    def round_data(self, round_id: int) -> RoundData:
        """The round, its respondents and all their answers, in three queries; for a final
        round one query after the first time (its respondents and answers are frozen,
        :class:`_FrozenRounds`: Start's standing and Verbeterplan's proposals read the
        latest final rounds on every first render)."""
        # Inside a unit of work the data may not be committed yet (and may be rolled back).
        in_transaction = self._current() is not None
        with self._session() as s:
            round_ = to_domain(Round, get_row(s, RoundRow, round_id))
            key = (round_id, round_.finalised_at) if round_.is_final and not in_transaction else None
            frozen = None if key is None else self._frozen_rounds.get(key)
            if frozen is None:
                respondents = all_to_domain(Respondent, s.scalars(self._respondents_query(round_id)))
                answers = rows_to_domain(Answer, s.execute(_answers_query(RespondentRow.round_id == round_id)))
                if key is not None:
                    self._frozen_rounds.put(key, (respondents, answers))
            else:
                respondents, answers = frozen
        return RoundData(round=round_, respondents=list(respondents), answers=list(answers))

    def round_data_of(self, round_ids: Iterable[int]) -> dict[int, RoundData]:
        """Per round id: :meth:`round_data` of each round, in three queries for all of
        them (``export --all`` reads the two rounds of each of several corporations at once)."""
        ids = list(dict.fromkeys(round_ids))
        if not ids:
            return {}
        with self._session() as s:
            rounds = all_to_domain(Round, s.scalars(select(RoundRow).where(RoundRow.id.in_(ids))))
            return {data.round.id: data for data in self._with_answers(s, rounds)}

    def rounds_data(self, org_id: int) -> list[RoundData]:
        """Every round of a corporation with its respondents and answers, oldest first
        (date, then id): three queries, whatever the number of rounds."""
        with self._session() as s:
            return self._with_answers(s, all_to_domain(Round, s.scalars(self._rounds_query(org_id))))

    def _with_answers(self, s: Session, rounds: list[Round]) -> list[RoundData]:
        """``rounds`` (in their order) with their respondents and answers: two queries."""
        if not rounds:
            return []
        ids = [r.id for r in rounds]
        respondents: dict[int, list[Respondent]] = {round_id: [] for round_id in ids}
        round_of: dict[int, int] = {}
        for respondent in all_to_domain(Respondent, s.scalars(self._respondents_query(RespondentRow.round_id.in_(ids)))):
            respondents[respondent.round_id].append(respondent)
            round_of[respondent.id] = respondent.round_id
        answers: dict[int, list[Answer]] = {round_id: [] for round_id in ids}
        for answer in rows_to_domain(Answer, s.execute(_answers_query(RespondentRow.round_id.in_(ids)))):
            answers[round_of[answer.respondent_id]].append(answer)
        return [RoundData(round=r, respondents=respondents[r.id], answers=answers[r.id]) for r in rounds]
