"""The consensus aggregate: a round's meeting and its agreed levels (tables of revision 0006).

The methods take and return the domain models of :mod:`readiness.consensus` and run in
the repository's sessions, so they join a ``unit_of_work`` like every other call.

Agreed levels carry a ``version`` (optimistic lock, as answers do): a save names the
version the caller last saw, None for "there was none yet".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import select

from readiness.consensus import AgreedLevel, Meeting, MeetingStatus
from readiness.models import RoundStatus
from readiness.store.base import StoreBase, all_to_domain, get_row, now, to_domain
from readiness.store.tables import AgreedLevelRow, MeetingRow, RoundRow

MEETING_EXISTS = "Voor deze meting is al een consensusgesprek geopend."
LEVEL_CONFLICT = (
    "Het vastgestelde niveau van deze vraag is intussen door iemand anders gewijzigd; "
    "laad de pagina opnieuw en kijk het na."
)


def _levels_query(meeting_condition):
    return select(AgreedLevelRow).where(meeting_condition).order_by(AgreedLevelRow.meeting_id, AgreedLevelRow.item_id)


class ConsensusStore(StoreBase):
    """Consensus meetings and agreed levels."""

    def add_meeting(
        self,
        round_id: int,
        held_on: dt.date,
        *,
        status: MeetingStatus = MeetingStatus.OPEN,
        closed_at: dt.datetime | None = None,
    ) -> Meeting:
        """Add a round's meeting (open, or as imported); ValueError (Dutch) when it has one already."""
        with self._session(write=True) as s:
            get_row(s, RoundRow, round_id)
            status = MeetingStatus(status)
            if status == MeetingStatus.CLOSED:
                closed_at = closed_at or now()
            else:
                closed_at = None
            row = MeetingRow(
                round_id=round_id, held_on=held_on, status=status.value, created_at=now(), closed_at=closed_at,
                version=1,
            )  # fmt: skip
            self._add_unique(s, row, ValueError(MEETING_EXISTS))
            return to_domain(Meeting, row)

    def get_meeting(self, meeting_id: int) -> Meeting:
        with self._session() as s:
            return to_domain(Meeting, get_row(s, MeetingRow, meeting_id))

    def find_meeting(self, round_id: int) -> Meeting | None:
        """The round's meeting, or None when it has not been opened."""
        with self._session() as s:
            row = s.scalars(select(MeetingRow).where(MeetingRow.round_id == round_id)).first()
            return None if row is None else to_domain(Meeting, row)

    def update_meeting(
        self, meeting_id: int, *, status: MeetingStatus | None = None, held_on: dt.date | None = None
    ) -> Meeting:
        """Change a meeting's status (closing sets closed_at, reopening clears it) or date."""
        with self._session(write=True) as s:
            row = get_row(s, MeetingRow, meeting_id, with_for_update=True)
            if status is not None:
                row.status = MeetingStatus(status).value
                row.closed_at = now() if status == MeetingStatus.CLOSED else None
            if held_on is not None:
                row.held_on = held_on
            row.version = row.version + 1
            s.flush()
            return to_domain(Meeting, row)

    def set_meeting_details(
        self, meeting_id: int, *, held_on: dt.date, starts_at: dt.time | None, place: str, attendees: list[str]
    ) -> Meeting:
        """Record when and where the meeting is held and which roles are present."""
        with self._session(write=True) as s:
            row = get_row(s, MeetingRow, meeting_id, with_for_update=True)
            row.held_on, row.starts_at, row.place = held_on, starts_at, place
            row.attendees = ",".join(attendees)
            row.version = row.version + 1
            s.flush()
            return to_domain(Meeting, row)

    def list_agreed_levels(self, meeting_id: int) -> list[AgreedLevel]:
        with self._session() as s:
            return all_to_domain(AgreedLevel, s.scalars(_levels_query(AgreedLevelRow.meeting_id == meeting_id)))

    def consensus_of(self, round_id: int) -> tuple[Meeting | None, list[AgreedLevel]]:
        """The round's meeting and its agreed levels (two queries; none without a meeting)."""
        with self._session() as s:
            row = s.scalars(select(MeetingRow).where(MeetingRow.round_id == round_id)).first()
            if row is None:
                return None, []
            levels = s.scalars(_levels_query(AgreedLevelRow.meeting_id == row.id))
            return to_domain(Meeting, row), all_to_domain(AgreedLevel, levels)

    def consensus_of_rounds(self, round_ids: Iterable[int]) -> dict[int, tuple[Meeting, list[AgreedLevel]]]:
        """Per round id that has a meeting: the meeting and its agreed levels (two queries)."""
        ids = list(round_ids)
        if not ids:
            return {}
        with self._session() as s:
            meetings = {
                m.id: m for m in all_to_domain(Meeting, s.scalars(select(MeetingRow).where(MeetingRow.round_id.in_(ids))))
            }
            levels: dict[int, list[AgreedLevel]] = {m: [] for m in meetings}
            if meetings:
                query = _levels_query(AgreedLevelRow.meeting_id.in_(list(meetings)))
                for level in all_to_domain(AgreedLevel, s.scalars(query)):
                    levels[level.meeting_id].append(level)
            return {m.round_id: (m, levels[m.id]) for m in meetings.values()}

    def save_agreed_level(self, agreed: AgreedLevel, expected_version: int | None) -> AgreedLevel:
        """Store an item's agreed level; ConflictError when the stored version moved on."""
        values = {
            "level": agreed.level,
            "rationale": agreed.rationale,
            "follow_up": agreed.follow_up,
            "action_id": agreed.action_id,
            "recorded_at": now(),
        }
        key = {"meeting_id": agreed.meeting_id, "item_id": agreed.item_id}
        with self._session(write=True) as s:
            self._save_versioned(s, AgreedLevelRow, key, values, expected_version, LEVEL_CONFLICT)
            row = s.scalars(
                select(AgreedLevelRow).where(
                    AgreedLevelRow.meeting_id == agreed.meeting_id, AgreedLevelRow.item_id == agreed.item_id
                )
            ).one()
            return to_domain(AgreedLevel, row)

    def agreed_levels_of_final_rounds(self) -> dict[int, list[AgreedLevel]]:
        """Per final round that held a consensus meeting: its agreed levels (one query, for
        the sector figures, which use the result the corporation sees)."""
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
                out.setdefault(round_id, []).append(to_domain(AgreedLevel, row))
        return out
