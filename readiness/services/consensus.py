"""The consensus meeting (consensusgesprek) of a round: agenda, agreed levels, follow-up.

Rules (see :mod:`readiness.consensus` for the domain rules):

- opening, closing and reopening a meeting and recording an agreed level need
  ``Permission.CONSENSUS_WRITE`` (lokaal, beheerder, the coordinator of the own
  corporation); every write checks the actor again, whatever the page showed;
- one meeting per round, opened before or after the round is final; while it is open,
  agreed levels can be recorded and changed; a closed meeting of a concept round can be
  reopened; a final round with a closed meeting is final, agreed levels included;
- the rationale is required, at most :data:`MAX_RATIONALE` characters, and goes through
  the privacy guard (:func:`readiness.privacy.check_free_text`);
- marking an item for follow-up puts an action in the verbeterplan (status gepland): the
  first checklist suggestion of the item that is not in the plan yet, or, when all are,
  an action of its own naming the meeting; an item that already has an open action is
  linked to that action instead;
- every change is audit-logged and runs in one transaction (all or nothing).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from readiness.access import Permission
from readiness.consensus import (
    MAX_RATIONALE,
    AgendaItem,
    AgreedLevel,
    Meeting,
    MeetingStatus,
    agenda,
    can_reopen,
    item_notes,
    level_text,
    locked_reason,
    long_date,
    role_answers,
)
from readiness.models import ConflictError, Priority, Round, RoundData
from readiness.planning import OPEN_STATUSES, Proposal, suggestion_key
from readiness.privacy import check_free_text
from readiness.scoring import RoundResult, score_round, target_pct
from readiness.services import App, authorise, plans
from readiness.services.assessment import ValidationError, shown_result, slugify

__all__ = [
    "ConflictError",
    "ConsensusView",
    "agenda_data",
    "agenda_document",
    "close_meeting",
    "consensus_view",
    "find_meeting",
    "open_meeting",
    "record_level",
    "reopen_meeting",
]

FIELD_RATIONALE = "Onderbouwing"
NO_MEETING = "Voor deze meting is nog geen consensusgesprek geopend. Open eerst het gesprek."


@dataclass(frozen=True)
class ConsensusView:
    """Everything the page and the agenda documents show for one round."""

    round: Round
    data: RoundData  # respondents (by role) and their answers and notes
    respondents_result: RoundResult  # the respondents' answers alone
    result: RoundResult  # with the agreed levels applied: what Resultaten shows
    meeting: Meeting | None
    levels: dict[str, AgreedLevel]  # by item id
    agenda: list[AgendaItem]

    @property
    def locked(self) -> str | None:
        """Why levels cannot be recorded now (Dutch); None when they can."""
        if self.meeting is None:
            return NO_MEETING
        return locked_reason(self.meeting, self.round.is_final)

    @property
    def can_reopen(self) -> bool:
        return self.meeting is not None and can_reopen(self.meeting, self.round.is_final)


# --------------------------------------------------------------------------- reading


def find_meeting(app: App, round_id: int) -> Meeting | None:
    authorise(app, Permission.ORG_READ, round_id=round_id)
    return app.repo.find_meeting(round_id)


def consensus_view(app: App, round_id: int) -> ConsensusView:
    """The round's agenda, answers, meeting and agreed levels."""
    authorise(app, Permission.ORG_READ, round_id=round_id)
    data = app.repo.round_data(round_id)
    plain = score_round(app.checklist, data.respondents, data.answers, app.settings.target_level)
    meeting, levels = app.repo.consensus_of(round_id)
    return ConsensusView(
        round=data.round,
        data=data,
        respondents_result=plain,
        result=shown_result(app.checklist, data.round, data, app.settings.target_level, (meeting, levels)),
        meeting=meeting,
        levels={lv.item_id: lv for lv in levels},
        agenda=agenda(plain),
    )


# --------------------------------------------------------------------------- meeting


def open_meeting(app: App, round_id: int, held_on: dt.date | None = None) -> Meeting:
    """Open the round's consensus meeting (one per round), held on `held_on` (default today)."""
    org_id = authorise(app, Permission.CONSENSUS_WRITE, round_id=round_id, resolve=True)
    round_ = app.repo.get_round(round_id)
    held_on = held_on or app.today()
    if held_on < round_.date:
        raise ValidationError(
            f"Het consensusgesprek kan niet vóór de meting zelf zijn: kies {long_date(round_.date)} of later."
        )
    with app.writing():
        if app.repo.find_meeting(round_id) is not None:
            raise ValidationError("Voor deze meting is al een consensusgesprek geopend.")
        meeting = app.repo.add_meeting(round_id, held_on)
        app.audit(
            org_id, "consensusgesprek", meeting.id,
            f"consensusgesprek van {long_date(held_on)} geopend voor meting '{round_.label}'",
        )  # fmt: skip
    return meeting


def close_meeting(app: App, round_id: int) -> Meeting:
    """Close the meeting: its agreed levels are fixed (final for good when the round is final)."""
    org_id = authorise(app, Permission.CONSENSUS_WRITE, round_id=round_id, resolve=True)
    with app.writing():
        meeting = _meeting_of(app, round_id)
        if not meeting.is_open:
            return meeting
        closed = app.repo.update_meeting(meeting.id, status=MeetingStatus.CLOSED)
        app.audit(org_id, "consensusgesprek", meeting.id, f"consensusgesprek van {long_date(meeting.held_on)} gesloten")
    return closed


def reopen_meeting(app: App, round_id: int) -> Meeting:
    """Reopen a closed meeting; only while the round is a concept."""
    org_id = authorise(app, Permission.CONSENSUS_WRITE, round_id=round_id, resolve=True)
    with app.writing():
        meeting = _meeting_of(app, round_id)
        if meeting.is_open:
            return meeting
        if not can_reopen(meeting, app.repo.get_round(round_id).is_final):
            raise ValidationError(locked_reason(meeting, True))
        opened = app.repo.update_meeting(meeting.id, status=MeetingStatus.OPEN)
        app.audit(org_id, "consensusgesprek", meeting.id, f"consensusgesprek van {long_date(meeting.held_on)} heropend")
    return opened


MAX_PLACE = 200


def set_meeting_details(
    app: App,
    round_id: int,
    held_on: dt.date,
    starts_at: dt.time | None = None,
    place: str = "",
    attendees: list[str] | tuple[str, ...] = (),
) -> Meeting:
    """Record the meeting's date, start time, place and the roles present (never names);
    the agenda and the report show them."""
    org_id = authorise(app, Permission.CONSENSUS_WRITE, round_id=round_id, resolve=True)
    round_ = app.repo.get_round(round_id)
    if held_on is None:
        raise ValidationError("Kies de datum van het gesprek.")
    if held_on < round_.date:
        raise ValidationError(
            f"Het consensusgesprek kan niet vóór de meting zelf zijn: kies {long_date(round_.date)} of later."
        )
    place = " ".join((place or "").split())
    if len(place) > MAX_PLACE:
        raise ValidationError(f"Houd de plaats korter dan {MAX_PLACE} tekens, bijvoorbeeld 'Kantoor Noord, zaal 2'.")
    check_free_text(place, "Plaats van het gesprek")
    known = [r.id for r in app.checklist.roles]
    unknown = [a for a in attendees if a not in known]
    if unknown:
        raise ValidationError(f"Onbekende rol: {', '.join(unknown)}. Kies uit: {', '.join(known)}.")
    ordered = [r for r in known if r in set(attendees)]
    with app.writing():
        meeting = _meeting_of(app, round_id)
        if not meeting.is_open:
            raise ValidationError("Het consensusgesprek is gesloten; heropen het om datum, plaats of aanwezigen te wijzigen.")
        changed = app.repo.set_meeting_details(
            meeting.id, held_on=held_on, starts_at=starts_at, place=place, attendees=ordered
        )
        app.audit(org_id, "consensusgesprek", meeting.id,
                  f"gegevens van het consensusgesprek vastgelegd ({changed.when_text()})")  # fmt: skip
    return changed


def _meeting_of(app: App, round_id: int) -> Meeting:
    meeting = app.repo.find_meeting(round_id)
    if meeting is None:
        raise ValidationError(NO_MEETING)
    return meeting


# --------------------------------------------------------------------------- agreed levels


def _clean_rationale(text: str | None, number: int) -> str:
    text = (text or "").strip()
    if len(text) > MAX_RATIONALE:
        raise ValidationError(
            f"De onderbouwing bij vraag {number} is te lang ({len(text)} tekens); "
            f"houd het bij maximaal {MAX_RATIONALE} tekens."
        )
    if not text:
        raise ValidationError(
            f"Schrijf bij vraag {number} kort op waarom het team tot dit niveau komt (veld '{FIELD_RATIONALE}')."
        )
    check_free_text(text, f"{FIELD_RATIONALE} bij vraag {number}")
    return text


def record_level(
    app: App,
    round_id: int,
    item_id: str,
    level: int | None,
    rationale: str,
    *,
    follow_up: bool = False,
    expected_version: int | None,
) -> AgreedLevel:
    """Record (or change) the level the meeting agreed on for one item.

    ``level`` 0-4, or None for "nog niet te bepalen". ``expected_version`` is the version
    of the agreed level the caller saw (None: there was none); a stale one raises
    :class:`ConflictError` and nothing is written. With ``follow_up`` an action is put in
    the verbeterplan in the same transaction (once: a level that has one keeps it)."""
    org_id = authorise(app, Permission.CONSENSUS_WRITE, round_id=round_id, resolve=True)
    try:
        item = app.checklist.item(item_id)
    except KeyError:
        raise ValidationError(f"Onbekend checklistpunt '{item_id}'. Kies een vraag uit de checklist.") from None
    if level is not None and (isinstance(level, bool) or not isinstance(level, int) or not 0 <= level <= 4):
        raise ValidationError(f"Kies bij vraag {item.number} een niveau van 0 tot 4, of 'nog niet te bepalen'.")
    rationale = _clean_rationale(rationale, item.number)
    with app.writing():
        round_ = app.repo.get_round(round_id)
        meeting = _meeting_of(app, round_id)
        reason = locked_reason(meeting, round_.is_final)
        if reason is not None:
            raise ValidationError(reason)
        stored = next((lv for lv in app.repo.list_agreed_levels(meeting.id) if lv.item_id == item_id), None)
        if (stored.version if stored else None) != expected_version:
            raise ConflictError(
                "Het vastgestelde niveau van deze vraag is intussen door iemand anders gewijzigd; "
                "laad de pagina opnieuw en kijk het na."
            )
        action_id = stored.action_id if stored else None
        if follow_up and action_id is None:
            action_id = _follow_up_action(app, org_id, round_, meeting, item_id, level)
        saved = app.repo.save_agreed_level(
            AgreedLevel(
                meeting_id=meeting.id, item_id=item_id, level=level, rationale=rationale,
                follow_up=follow_up, action_id=action_id,
            ),
            expected_version,
        )  # fmt: skip
        app.audit(
            org_id, "vastgesteld niveau", f"{meeting.id}/{item_id}",
            f"vraag {item.number}: {level_text(level)} vastgesteld in het consensusgesprek"
            + (" (vervolg in het verbeterplan)" if follow_up else ""),
        )  # fmt: skip
    return saved


def _follow_up_action(
    app: App, org_id: int, round_: Round, meeting: Meeting, item_id: str, level: int | None
) -> int:
    """The action that follows an item up: an open one of the item, or a new one."""
    existing = app.repo.list_actions(org_id)
    open_action = next((a for a in existing if a.item_id == item_id and a.status in OPEN_STATUSES), None)
    if open_action is not None:
        return open_action.id
    item = app.checklist.item(item_id)
    below = level is None or level / 4 * 100 < target_pct(app.settings.target_level) - 1e-9
    priority = Priority.HIGH if below else Priority.MEDIUM
    when = long_date(meeting.held_on)
    taken_keys = {a.suggestion_key for a in existing if a.suggestion_key}
    taken_texts = {(a.item_id, " ".join(a.description.split()).casefold()) for a in existing}
    for suggestion in item.actions:
        key = suggestion_key(item_id, suggestion.text)
        if key in taken_keys or (item_id, " ".join(suggestion.text.split()).casefold()) in taken_texts:
            continue
        proposal = Proposal(
            item_id=item_id, item_number=item.number, description=suggestion.text, source=suggestion.source,
            kind=suggestion.kind, quotes=tuple(suggestion.quotes),
            priority=priority, reason=f"Vervolg uit het consensusgesprek van {when}", key=key,
        )  # fmt: skip
        return plans.accept_proposal(app, org_id, round_.id, proposal).id
    description = f"Vervolg op het consensusgesprek van {when} over vraag {item.number}: zoek uit wat nodig is."
    return plans.add_action(
        app, org_id, item_id, description, priority=priority, notes=f"Uit het consensusgesprek van {when}."
    ).id


# --------------------------------------------------------------------------- agenda documents

AGENDA_FORMATS = ("pdf", "docx")


def agenda_data(app: App, round_id: int):
    """The :class:`~readiness.export.agenda.AgendaData` of a round's meeting."""
    from readiness.export.agenda import AgendaData, AgendaEntry  # export loads reportlab lazily

    authorise(app, Permission.EXPORT, round_id=round_id)
    view = consensus_view(app, round_id)
    data = view.data
    entries = []
    for row in view.agenda:
        try:
            item = app.checklist.item(row.item_id)
        except KeyError:  # an item of an older checklist version
            continue
        entries.append(
            AgendaEntry(
                item=item,
                section_title=app.checklist.section_of(item.id).title,
                agenda=row,
                roles=role_answers(data.respondents, data.answers, item.id),
                notes=item_notes(data.respondents, data.answers, item.id),
                respondents_mean=view.respondents_result.item(item.id).mean,
                agreed=view.levels.get(item.id),
            )
        )
    return AgendaData(
        checklist=app.checklist,
        organisation=app.repo.get_organisation_by_id(view.round.org_id),
        round=view.round,
        meeting=view.meeting,
        entries=entries,
        generated_on=app.today(),
    )


def agenda_document(app: App, round_id: int, fmt: str) -> tuple[str, bytes]:
    """The agenda as a file: (file name, bytes); `fmt` is "pdf" or "docx"."""
    if fmt not in AGENDA_FORMATS:
        raise ValidationError(f"Onbekend formaat '{fmt}'. Kies uit: {', '.join(AGENDA_FORMATS)}.")
    data = agenda_data(app, round_id)
    if fmt == "pdf":
        from readiness.export.agenda_pdf import build_agenda_pdf as build
    else:
        from readiness.export.agenda_docx import build_agenda_docx as build
    return agenda_file_name(data.organisation.slug, data.round.label, fmt), build(data)


def agenda_file_name(org_slug: str, round_label: str, fmt: str) -> str:
    """``<slug>-agenda-consensusgesprek-<round>.<fmt>``."""
    return f"{org_slug}-agenda-consensusgesprek-{slugify(round_label) or 'meting'}.{fmt}"
