"""What the consensus meeting's agenda documents (PDF, Word) show: :class:`AgendaData`.

The services layer builds it from the round (:func:`readiness.services.consensus.agenda_document`);
the writers :mod:`readiness.export.agenda_pdf` and :mod:`readiness.export.agenda_docx`
only read it. Respondents appear by role only, never by name or description.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from readiness.consensus import (
    NOT_YET_LABEL,
    REASON_DISAGREEMENT,
    REASON_UNKNOWN,
    AgendaItem,
    AgreedLevel,
    Meeting,
    RoleAnswers,
)
from readiness.formatting import format_mean
from readiness.models import Checklist, Item, Organisation, Round

INTRO = (
    "In het consensusgesprek bespreken bestuur, management en uitvoering samen de vragen waarop "
    "zij verschillend antwoordden of die velen niet konden beantwoorden. Per vraag stelt het team "
    "één niveau vast (0 tot 4, of 'nog niet te bepalen') en schrijft kort op waarom. Waar nodig "
    "volgt een actie in het verbeterplan. Dat vastgestelde niveau telt daarna in de uitkomst van "
    "de meting; wat de respondenten antwoordden, blijft ernaast zichtbaar."
)
PRIORITY_TITLE = "Eerst bespreken"
PRIORITY_INTRO = (
    "Vragen waarop de rollen twee punten of meer uit elkaar liggen, of waarop minstens 30% van de "
    "antwoorden 'weet ik niet' is, in de volgorde van de checklist: de eerste punten zijn nodig "
    "voor de latere (handreiking, Checklist p. 21)."
)
OTHER_TITLE = "Overige vragen"
OTHER_INTRO = "De andere beantwoorde vragen, als er tijd is of als iemand er een punt van maakt."
PRIVACY_NOTE = (
    "Schrijf in de onderbouwing geen namen of andere persoonsgegevens van huurders of collega's: "
    "het gaat om de werkwijze van de corporatie."
)


@dataclass(frozen=True)
class AgendaEntry:
    item: Item
    section_title: str
    agenda: AgendaItem
    roles: list[RoleAnswers]
    notes: list[tuple[str, str]]  # (role, note)
    respondents_mean: float | None  # 0-4
    agreed: AgreedLevel | None


@dataclass(frozen=True)
class AgendaData:
    checklist: Checklist
    organisation: Organisation
    round: Round
    meeting: Meeting | None
    entries: list[AgendaEntry]
    generated_on: dt.date

    @property
    def priority(self) -> list[AgendaEntry]:
        return [e for e in self.entries if e.agenda.priority]

    @property
    def others(self) -> list[AgendaEntry]:
        return [e for e in self.entries if not e.agenda.priority]

    @property
    def date_text(self) -> str:
        """Date, and when recorded the start time and place: ``12 maart 2026, 14:00 uur, Kantoor``."""
        return self.meeting.when_text() if self.meeting else "datum nog te kiezen"

    @property
    def attendees_line(self) -> str:
        """``Aanwezig: Bestuur, Management en Uitvoering`` (roles, never names); empty when not recorded."""
        if self.meeting is None or not self.meeting.attendees:
            return ""
        return f"Aanwezig: {self.meeting.attendees_text(self.checklist)}"



def role_line(checklist: Checklist, row: RoleAnswers) -> list[str]:
    """[role, answers, mean, weet ik niet] for the spread table."""
    answers = ", ".join(str(s) for s in row.scores) or "–"
    if row.n_na:
        answers += f" (+{row.n_na} n.v.t.)"
    return [checklist.role_label(row.role), answers, format_mean(row.mean), str(row.n_dont_know or "–")]


def agreed_text(checklist: Checklist, agreed: AgreedLevel | None) -> str:
    if agreed is None:
        return ""
    if agreed.level is None:
        return NOT_YET_LABEL
    return f"{agreed.level} – {checklist.scale_label(agreed.level).lower()}"


def reasons_text(entry: AgendaEntry) -> str:
    """Why an item is on the agenda first: the roles' spread and/or the "weet ik niet"s."""
    parts = []
    if REASON_DISAGREEMENT in entry.agenda.reasons:
        unit = "punt" if entry.agenda.spread == 1 else "punten"
        parts.append(f"de rollen liggen {format_mean(entry.agenda.spread)} {unit} uit elkaar")
    if REASON_UNKNOWN in entry.agenda.reasons:
        parts.append(f"{entry.agenda.n_dont_know} van {entry.agenda.n_answered} antwoorden 'weet ik niet'")
    return "; ".join(parts)
