"""The sector's reads over final rounds (summaries, item means, answer counts) and the
stored sector publications with their privacy budget over a rolling 365 days."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence

from sqlalchemy import Float, case, cast, func, select, text

from readiness.models import AnswerKind, NotFoundError, RoundStatus
from readiness.store.base import StoreBase, all_to_domain, to_domain
from readiness.store.records import ItemMeans, PublicationRecord, RoundMeans
from readiness.store.rounds import compute_means
from readiness.store.tables import (
    AnswerRow,
    OrganisationRow,
    RespondentRow,
    RoundRow,
    RoundSummaryRow,
    SectorPublicationRow,
    SectorSpendRow,
)

#: The PostgreSQL advisory lock that serialises publishing (any fixed 64-bit number).
PUBLISH_LOCK_KEY = 0x766F6F72_64657572

# What the sector figures know of a round: its corporation's group and its date.
_ROUND_OF_CORPORATION = (
    RoundRow.org_id,
    OrganisationRow.size_class,
    OrganisationRow.region,
    RoundRow.id,
    RoundRow.date,
)


class SectorStore(StoreBase):
    def final_round_means(self, *, exclude_demo: bool = False) -> list[RoundMeans]:
        """Every final round with its item means, oldest first (by date, then id).

        Reads the summaries written at finalisation: one row per round, no answers
        aggregated. A final round without a summary (finalised outside this
        repository) is aggregated from its answers instead, so the result is the same.
        """
        query = (
            select(
                *_ROUND_OF_CORPORATION,
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
            computed = compute_means(s, missing) if missing else {}
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
                *_ROUND_OF_CORPORATION,
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

    def has_real_organisation(self) -> bool:
        """Whether any corporation that is not a demo corporation exists (rounds or not)."""
        with self._session() as s:
            return s.execute(select(OrganisationRow.id).where(OrganisationRow.is_demo.is_(False)).limit(1)).first() is not None

    def lock_publications(self) -> None:
        """Serialise publishing. Call inside a unit of work, before reading the earlier
        publications and the budget: the differencing rule and the budget are then
        checked against what is stored, and the publication stored, under one lock.

        PostgreSQL: a transaction-level advisory lock (held until commit or rollback);
        SQLite: the unit of work already holds the database's write lock from
        ``BEGIN IMMEDIATE``, so no other writer can come in between.
        """
        s = self._current()
        if s is None:
            raise RuntimeError("lock_publications() hoort binnen een unit_of_work().")
        if not self._is_sqlite:
            s.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PUBLISH_LOCK_KEY})

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
        covered: dict[int, str],
    ) -> PublicationRecord:
        """Store a publication and, unless it is a demo publication, its spend of ρ.

        The caller checks the rules under :meth:`lock_publications` in the same unit of
        work; a taken name raises ValueError (Dutch) and nothing is written.
        """
        with self._session(write=True) as s:
            if s.execute(select(SectorPublicationRow.id).where(SectorPublicationRow.label == label)).first():
                raise ValueError(f"Er is al een publicatie met de naam '{label}'; kies een andere naam.")
            row = SectorPublicationRow(
                label=label, created_at=created_at, created_by=created_by, reference_date=reference_date,
                year=year, checklist_version=checklist_version, k=k, rho=rho, epsilon=epsilon,
                budget_year=created_at.year, demo=demo, figures=figures,
                covered=json.dumps({str(o): r for o, r in sorted(covered.items())}),
            )  # fmt: skip
            s.add(row)
            if not demo:
                s.add(SectorSpendRow(spent_at=created_at, rho=rho, what=label[:200]))
            s.flush()
            return to_domain(PublicationRecord, row)

    def add_budget_spend(self, spent_at: dt.datetime, rho: float, what: str) -> None:
        """Record a spend of ρ that stored no publication (a released count of a refused one)."""
        with self._session(write=True) as s:
            s.add(SectorSpendRow(spent_at=spent_at, rho=rho, what=what[:200]))
            s.flush()

    def budget_spent_since(self, since: dt.datetime) -> float:
        """ρ spent on real publications (and refused ones' released counts) after `since`."""
        with self._session() as s:
            spent = s.execute(select(func.sum(SectorSpendRow.rho)).where(SectorSpendRow.spent_at > since)).scalar()
            return float(spent or 0.0)

    def list_publications(self) -> list[PublicationRecord]:
        """Every publication, oldest first."""
        with self._session() as s:
            query = select(SectorPublicationRow).order_by(SectorPublicationRow.created_at, SectorPublicationRow.id)
            return all_to_domain(PublicationRecord, s.scalars(query))

    def get_publication(self, label: str) -> PublicationRecord:
        with self._session() as s:
            row = s.scalars(select(SectorPublicationRow).where(SectorPublicationRow.label == label)).first()
            if row is None:
                raise NotFoundError(f"Er is geen publicatie met de naam '{label}'.")
            return to_domain(PublicationRecord, row)
