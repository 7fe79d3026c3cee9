"""The consensus meeting's agenda as Word document (python-docx): AgendaData -> bytes.

The same content as :mod:`readiness.export.agenda_pdf`, editable, so a coordinator can add
to it before sending it ahead: real headings (Heading 1/2), tables in the board report's
table style, a header with corporation and round and a footer with "Pagina x van y".
python-docx writes text literally, so markup in notes stays text.
"""

from __future__ import annotations

import io

from docx import Document
from docx.shared import Cm, Pt

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
    mean_nl,
    reasons_text,
    role_line,
)
from readiness.export.docx import INK, MUTED, _field, _small, _table
from readiness.export.safety import clean_text


def _setup(doc, data: AgendaData) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10)
    normal.paragraph_format.space_after = Pt(4)
    for name, size in (("Heading 1", 15), ("Heading 2", 12), ("Title", 24)):
        doc.styles[name].font.color.rgb = INK
        doc.styles[name].font.size = Pt(size)
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.0)
    props = doc.core_properties
    props.title = clean_text(f"Agenda consensusgesprek {data.organisation.name} – {data.round.label}")
    props.author = "Voordeurcheck"
    props.language = "nl-NL"
    header = section.header.paragraphs[0]
    run = header.add_run("Voordeurcheck · agenda consensusgesprek  ")
    run.bold = True
    run.font.size = Pt(8)
    run = header.add_run(clean_text(f"{data.organisation.name} · {data.round.label}"))
    run.font.size = Pt(8)
    run.font.color.rgb = MUTED
    footer = section.footer.paragraphs[0]
    footer.add_run("Pagina ")
    _field(footer, "PAGE")
    footer.add_run(" van ")
    _field(footer, "NUMPAGES")
    for run in footer.runs:
        run.font.size = Pt(8)
        run.font.color.rgb = MUTED


def _entry(doc, data: AgendaData, entry: AgendaEntry) -> None:
    checklist = data.checklist
    doc.add_heading(clean_text(f"Vraag {entry.item.number} · {entry.section_title}"), level=2)
    doc.add_paragraph(clean_text(entry.item.question))
    _small(
        doc,
        f"Bron: {entry.item.source}. Op de agenda: {reasons_text(entry)}. "
        f"Gemiddelde van de respondenten: {mean_nl(entry.respondents_mean)} (schaal 0–4).",
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
                [f"{e.item.number}. {e.item.question}", mean_nl(e.respondents_mean), mean_nl(e.agenda.spread),
                 str(e.agenda.n_dont_know or "–"), agreed_text(data.checklist, e.agreed) or "…"]
                for e in data.others
            ],
            [7.8, 2.2, 2.5, 2.0, 2.5],
        )  # fmt: skip
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
