"""The consensus meeting's agenda as Word document (python-docx): AgendaData -> bytes.

The same content as :mod:`readiness.export.agenda_pdf`, editable, so a coordinator can add
to it before sending it ahead: real headings (Heading 1/2), tables in the board report's
table style, a header with corporation and round and a footer with "Pagina x van y"
(the house style of :mod:`readiness.export.docx_styles`, shared with the board report).
python-docx writes text literally, so markup in notes stays text.
"""

from __future__ import annotations

import io

from docx import Document

from readiness.export.agenda import (
    INTRO,
    OTHER_INTRO,
    OTHER_TITLE,
    PRIORITY_INTRO,
    PRIORITY_TITLE,
    PRIVACY_NOTE,
    AgendaData,
    AgendaEntry,
    agreed_text,
    reasons_text,
    role_line,
)
from readiness.export.docx_styles import page_footer, running_header, setup
from readiness.export.docx_styles import small as _small
from readiness.export.docx_styles import table as _table
from readiness.export.labels import long_date
from readiness.formatting import format_mean
from readiness.export.safety import clean_text
from readiness.provenance import card_source


def _setup(doc, data: AgendaData) -> None:
    setup(
        doc,
        title=f"Agenda consensusgesprek {data.organisation.name} – {data.round.label}",
        subject="Consensusgesprek 'Signaleren achter de voordeur'",
        title_size=24,
    )
    section = doc.sections[0]
    running_header(section, "Voordeurcheck · agenda consensusgesprek  ", f"{data.organisation.name} · {data.round.label}")
    page_footer(section, f"Gemaakt op {long_date(data.generated_on)}   ·   ")


def _entry(doc, data: AgendaData, entry: AgendaEntry) -> None:
    checklist = data.checklist
    doc.add_heading(clean_text(f"Vraag {entry.item.number} · {entry.section_title}"), level=2)
    doc.add_paragraph(clean_text(entry.item.question))
    _small(
        doc,
        f"{card_source(entry.item.source)}. Op de agenda: {reasons_text(entry)}. "
        f"Gemiddelde van de respondenten: {format_mean(entry.respondents_mean)} (schaal 0–4).",
    )
    _table(
        doc, ["Rol", "Antwoorden (0–4)", "Gemiddeld", "Weet ik niet"],
        [role_line(checklist, row) for row in entry.roles], [5.5, 5.0, 2.8, 3.7],
    )  # fmt: skip
    for role, note in entry.notes:
        _small(doc, f"{checklist.role_label(role)}: “{note}”")
    if entry.agreed is not None:
        paragraph = doc.add_paragraph()
        paragraph.add_run("Vastgesteld niveau: ").bold = True
        paragraph.add_run(clean_text(agreed_text(checklist, entry.agreed)))
        follow = " Vervolg in het verbeterplan." if entry.agreed.follow_up else ""
        doc.add_paragraph(clean_text(f"Onderbouwing: {entry.agreed.rationale}{follow}"))
    else:
        for label, value in (
            ("Vastgesteld niveau: ", "0 / 1 / 2 / 3 / 4 / nog niet te bepalen"),
            ("Onderbouwing: ", "\n\n"),
            ("Vervolg in het verbeterplan: ", "ja / nee"),
        ):
            paragraph = doc.add_paragraph()
            paragraph.add_run(label).bold = True
            paragraph.add_run(value)


def build_agenda_docx(data: AgendaData) -> bytes:
    """The agenda of one round's consensus meeting as .docx bytes."""
    doc = Document()
    _setup(doc, data)
    doc.add_heading("Agenda consensusgesprek", level=0)
    doc.add_paragraph(clean_text(f"{data.organisation.name} · {data.round.label} · gesprek van {data.date_text}"))
    if data.attendees_line:
        doc.add_paragraph(clean_text(data.attendees_line))
    doc.add_paragraph(INTRO)
    rows = [[str(level.value), f"{level.label}: {level.description}"] for level in data.checklist.scale]
    rows.append(["–", "Nog niet te bepalen: het team kan het niveau nu niet vaststellen; dat wordt eerst uitgezocht."])
    _table(doc, ["Niveau", "Betekenis"], rows, [2.0, 15.0])
    _small(doc, PRIVACY_NOTE)
    doc.add_heading(PRIORITY_TITLE, level=1)
    doc.add_paragraph(PRIORITY_INTRO)
    if data.priority:
        _table(
            doc, ["Vraag", "Onderdeel", "Waarom op de agenda"],
            [[f"{e.item.number}. {e.item.question}", e.section_title, reasons_text(e)] for e in data.priority],
            [8.5, 3.5, 5.0],
        )  # fmt: skip
        for entry in data.priority:
            _entry(doc, data, entry)
    else:
        doc.add_paragraph("Geen vraag met een groot verschil tussen rollen of veel 'weet ik niet'.")
    if data.others:
        doc.add_heading(OTHER_TITLE, level=1)
        doc.add_paragraph(OTHER_INTRO)
        _table(
            doc, ["Vraag", "Gem.", "Verschil rollen", "Weet ik niet", "Vastgesteld"],
            [
                [f"{e.item.number}. {e.item.question}", format_mean(e.respondents_mean), format_mean(e.agenda.spread),
                 str(e.agenda.n_dont_know or "–"), agreed_text(data.checklist, e.agreed) or "…"]
                for e in data.others
            ],
            [7.8, 2.2, 2.5, 2.0, 2.5],
        )  # fmt: skip
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
