"""Persistence of consensus meetings and agreed levels (tables of revision 0006).

A mixin of :class:`readiness.store.repository.Repository`: the methods below run in the
repository's sessions, so they join a ``unit_of_work`` like every other call. They take
and return the domain models of :mod:`readiness.consensus`.

Agreed levels carry a ``version`` (optimistic lock, as answers do): a save names the
version the caller last saw, None for "there was none yet".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from readiness.consensus import AgreedLevel, Meeting, MeetingStatus
from readiness.models import ConflictError, NotFoundError
from readiness.store.tables import AgreedLevelRow, MeetingRow, RoundRow

MEETING_EXISTS = "Voor deze meting is al een consensusgesprek geopend."
LEVEL_CONFLICT = (
    "Het vastgestelde niveau van deze vraag is intussen door iemand anders gewijzigd; "
    "laad de pagina opnieuw en kijk het na."
)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _meeting(row: MeetingRow) -> Meeting:
    return Meeting(
        id=row.id,
        round_id=row.round_id,
        held_on=row.held_on,
        status=MeetingStatus(row.status),
        created_at=row.created_at,
        closed_at=row.closed_at,
        version=row.version,
    )


def _agreed(row: AgreedLevelRow) -> AgreedLevel:
    return AgreedLevel(
        id=row.id,
        meeting_id=row.meeting_id,
        item_id=row.item_id,
        level=row.level,
        rationale=row.rationale,
        follow_up=row.follow_up,
        action_id=row.action_id,
        recorded_at=row.recorded_at,
        version=row.version,
    )


class ConsensusStore:
    """Consensus meetings and agreed levels (mixed into the Repository)."""

    # self._session and self._guard are the Repository's (see its transactions section).

    def add_meeting(
        self,
        round_id: int,
        held_on: dt.date,
        *,
        status: MeetingStatus = MeetingStatus.OPEN,
        closed_at: dt.datetime | None = None,
    ) -> Meeting:
        """Add a round's meeting (open, or as imported); ValueError (Dutch) when it has one already."""
        from readiness.store.repository import _is_unique_violation

        with self._session(write=True) as s:
            if s.get(RoundRow, round_id) is None:
                raise NotFoundError(f"Er is geen meting met nummer {round_id}.")
            status = MeetingStatus(status)
            if status == MeetingStatus.CLOSED:
                closed_at = closed_at or _now()
            else:
                closed_at = None
            row = MeetingRow(
                round_id=round_id, held_on=held_on, status=status.value, created_at=_now(), closed_at=closed_at,
                version=1,
            )  # fmt: skip
            try:
                with self._guard(s):
                    s.add(row)
                    s.flush()
            except IntegrityError as exc:
                if not _is_unique_violation(exc):
                    raise
                raise ValueError(MEETING_EXISTS) from None
            return _meeting(row)

    def get_meeting(self, meeting_id: int) -> Meeting:
        with self._session() as s:
            row = s.get(MeetingRow, meeting_id)
            if row is None:
                raise NotFoundError(f"Er is geen consensusgesprek met nummer {meeting_id}.")
            return _meeting(row)

    def find_meeting(self, round_id: int) -> Meeting | None:
        """The round's meeting, or None when it has not been opened."""
        with self._session() as s:
            row = s.scalars(select(MeetingRow).where(MeetingRow.round_id == round_id)).first()
            return None if row is None else _meeting(row)

    def update_meeting(
        self, meeting_id: int, *, status: MeetingStatus | None = None, held_on: dt.date | None = None
    ) -> Meeting:
        """Change a meeting's status (closing sets closed_at, reopening clears it) or date."""
        with self._session(write=True) as s:
            row = s.get(MeetingRow, meeting_id, with_for_update=True)
            if row is None:
                raise NotFoundError(f"Er is geen consensusgesprek met nummer {meeting_id}.")
            if status is not None:
                row.status = MeetingStatus(status).value
                row.closed_at = _now() if status == MeetingStatus.CLOSED else None
            if held_on is not None:
                row.held_on = held_on
            row.version = row.version + 1
            s.flush()
            return _meeting(row)

    def list_agreed_levels(self, meeting_id: int) -> list[AgreedLevel]:
        with self._session() as s:
            rows = s.scalars(
                select(AgreedLevelRow).where(AgreedLevelRow.meeting_id == meeting_id).order_by(AgreedLevelRow.item_id)
            )
            return [_agreed(r) for r in rows]

    def consensus_of(self, round_id: int) -> tuple[Meeting | None, list[AgreedLevel]]:
        """The round's meeting and its agreed levels (two queries; none without a meeting)."""
        with self._session() as s:
            row = s.scalars(select(MeetingRow).where(MeetingRow.round_id == round_id)).first()
            if row is None:
                return None, []
            levels = s.scalars(
                select(AgreedLevelRow).where(AgreedLevelRow.meeting_id == row.id).order_by(AgreedLevelRow.item_id)
            )
            return _meeting(row), [_agreed(r) for r in levels]

    def consensus_of_rounds(self, round_ids: Iterable[int]) -> dict[int, tuple[Meeting, list[AgreedLevel]]]:
        """Per round id that has a meeting: the meeting and its agreed levels (two queries)."""
        ids = list(round_ids)
        if not ids:
            return {}
        with self._session() as s:
            meetings = {r.id: _meeting(r) for r in s.scalars(select(MeetingRow).where(MeetingRow.round_id.in_(ids)))}
            levels: dict[int, list[AgreedLevel]] = {m: [] for m in meetings}
            if meetings:
                for row in s.scalars(
                    select(AgreedLevelRow)
                    .where(AgreedLevelRow.meeting_id.in_(list(meetings)))
                    .order_by(AgreedLevelRow.meeting_id, AgreedLevelRow.item_id)
                ):
                    levels[row.meeting_id].append(_agreed(row))
            return {m.round_id: (m, levels[m.id]) for m in meetings.values()}

    def save_agreed_level(self, agreed: AgreedLevel, expected_version: int | None) -> AgreedLevel:
        """Store an item's agreed level; ConflictError when the stored version moved on."""
        from readiness.store.repository import _is_unique_violation

        values = {
            "level": agreed.level,
            "rationale": agreed.rationale,
            "follow_up": agreed.follow_up,
            "action_id": agreed.action_id,
            "recorded_at": _now(),
        }
        with self._session(write=True) as s:
            if expected_version is None:
                try:
                    with self._guard(s):
                        s.execute(
                            insert(AgreedLevelRow).values(
                                meeting_id=agreed.meeting_id, item_id=agreed.item_id, version=1, **values
                            )
                        )
                except IntegrityError as exc:
                    if not _is_unique_violation(exc):
                        raise
                    raise ConflictError(LEVEL_CONFLICT) from None
            else:
                result = s.execute(
                    update(AgreedLevelRow)
                    .where(
                        AgreedLevelRow.meeting_id == agreed.meeting_id,
                        AgreedLevelRow.item_id == agreed.item_id,
                        AgreedLevelRow.version == expected_version,
                    )
                    .values(version=AgreedLevelRow.version + 1, **values)
                    .execution_options(synchronize_session=False)
                )
                if result.rowcount != 1:
                    raise ConflictError(LEVEL_CONFLICT)
            row = s.scalars(
                select(AgreedLevelRow).where(
                    AgreedLevelRow.meeting_id == agreed.meeting_id, AgreedLevelRow.item_id == agreed.item_id
                )
            ).one()
            return _agreed(row)

    def agreed_levels_of_final_rounds(self) -> dict[int, list[AgreedLevel]]:
        """Per final round that held a consensus meeting: its agreed levels (one query, for
        the sector figures, which use the result the corporation sees)."""
        from readiness.models import RoundStatus

        query = (
            select(MeetingRow.round_id, AgreedLevelRow)
            .join(MeetingRow, MeetingRow.id == AgreedLevelRow.meeting_id)
            .join(RoundRow, RoundRow.id == MeetingRow.round_id)
            .where(RoundRow.status == RoundStatus.FINAL.value)
            .order_by(MeetingRow.round_id, AgreedLevelRow.item_id)
        )
        out: dict[int, list[AgreedLevel]] = {}
        with self._session() as s:
            for round_id, row in s.execute(query):
                out.setdefault(round_id, []).append(_agreed(row))
        return out
