"""The consensus meeting's agenda as PDF (reportlab platypus): AgendaData -> bytes.

In the style of the board report: the same font, colours, tables and page furniture
(:mod:`readiness.export.pdf_styles`). Page 1: what the meeting is for, the scale and the list of items to
discuss first. Then per priority item a block with the question, why it is on the agenda,
what each role answered, the respondents' notes (by role) and room to write the agreed
level and rationale, or the agreed level when one was recorded. Last, the other items in
one table. All user text goes through :func:`safety.markup_text`.
"""

from __future__ import annotations

import functools
import io

from reportlab.lib.units import cm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageTemplate, Spacer

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
from readiness.export.labels import long_date
from readiness.formatting import format_mean
from readiness.export.pdf_styles import (
    FONT,
    FRAME_W,
    INK,
    MARGIN_X,
    MUTED,
    PAGE_H,
    PAGE_W,
    SOFT_INK,
    NumberedCanvas,
    body_frame,
    boxed,
    document,
    fit,
    register_fonts,
    running_lines,
    table,
)
from readiness.export.pdf_styles import head as _head
from readiness.export.pdf_styles import markup as _m
from readiness.export.pdf_styles import para as _p
from readiness.export.safety import markup_text
from readiness.provenance import card_source


class _Canvas(NumberedCanvas):
    """The running header (what this is, corporation and round) and footer on every page."""

    def __init__(self, *args, agenda: AgendaData, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._agenda = agenda

    def decorate(self, total: int) -> None:
        data = self._agenda
        self.saveState()
        self.setFont(f"{FONT}-Bold", 8)
        self.setFillColor(INK)
        title = "Voordeurcheck · agenda consensusgesprek"
        self.drawString(MARGIN_X, PAGE_H - 1.25 * cm, title)
        self.setFont(FONT, 8)
        self.setFillColor(MUTED)
        room = FRAME_W - self.stringWidth(title, f"{FONT}-Bold", 8) - 12
        self.drawRightString(PAGE_W - MARGIN_X, PAGE_H - 1.25 * cm, fit(f"{data.organisation.name} · {data.round.label}", room))
        running_lines(self)
        self.setFont(FONT, 7.5)
        self.drawString(MARGIN_X, 1.2 * cm, f"Gemaakt op {long_date(data.generated_on)}")
        self.page_number(total)
        self.restoreState()


def _opening(data: AgendaData) -> list[Flowable]:
    checklist = data.checklist
    story: list[Flowable] = [
        _p("Agenda consensusgesprek", "title"),
        _p(f"{data.organisation.name} · {data.round.label} · gesprek van {data.date_text}", "subtitle"),
        *([_p(data.attendees_line)] if data.attendees_line else []),
        _p(INTRO),
        Spacer(1, 6),
        table(
            [_head("Niveau", "Betekenis")]
            + [[_p(str(level.value), "cell"), _p(f"{level.label}: {level.description}", "cell")] for level in checklist.scale]
            + [[_p("–", "cell"), _p("Nog niet te bepalen: het team kan het niveau nu niet vaststellen; dat wordt eerst uitgezocht.", "cell")]],
            [2.0 * cm, FRAME_W - 2.0 * cm],
        ),
        Spacer(1, 4),
        _p(PRIVACY_NOTE, "small"),
        _p(PRIORITY_TITLE, "h1"),
        _p(PRIORITY_INTRO),
        Spacer(1, 4),
    ]
    if data.priority:
        rows = [_head("Vraag", "Onderdeel", "Waarom op de agenda")]
        for e in data.priority:
            rows.append([
                _p(f"{e.item.number}. {e.item.question}", "cell"),
                _p(e.section_title, "cell"),
                _p(reasons_text(e), "cell"),
            ])  # fmt: skip
        story.append(table(rows, [FRAME_W * 0.5, FRAME_W * 0.2, FRAME_W * 0.3]))
    else:
        story.append(_p("Geen vraag met een groot verschil tussen rollen of veel 'weet ik niet'."))
    return story


def _block(data: AgendaData, entry: AgendaEntry) -> Flowable:
    checklist = data.checklist
    parts: list[Flowable] = [
        _p(f"Vraag {entry.item.number} · {entry.section_title}", "h3"),
        _p(entry.item.question),
        _p(f"{card_source(entry.item.source)}. Op de agenda: {reasons_text(entry)}. "
           f"Gemiddelde van de respondenten: {format_mean(entry.respondents_mean)} (schaal 0–4).", "small"),
        Spacer(1, 3),
        table(
            [_head("Rol", "Antwoorden (0–4)", "Gemiddeld", "Weet ik niet")]
            + [[_p(v, "cell") for v in role_line(checklist, row)] for row in entry.roles],
            [FRAME_W * 0.34, FRAME_W * 0.3, FRAME_W * 0.16, FRAME_W * 0.2],
        ),
    ]
    if entry.notes:
        parts.append(Spacer(1, 3))
        parts += [_p(f"{checklist.role_label(role)}: “{note}”", "small") for role, note in entry.notes]
    parts.append(Spacer(1, 4))
    if entry.agreed is not None:
        follow = " Vervolg in het verbeterplan." if entry.agreed.follow_up else ""
        box = [
            _m(f"<b>Vastgesteld niveau:</b> {markup_text(agreed_text(checklist, entry.agreed))}"),
            _p(f"Onderbouwing: {entry.agreed.rationale}{follow}"),
        ]
    else:
        box = [
            _m("<b>Vastgesteld niveau:</b> 0 / 1 / 2 / 3 / 4 / nog niet te bepalen"),
            _m("<b>Onderbouwing:</b>"),
            Spacer(1, 30),
            _m("<b>Vervolg in het verbeterplan:</b> ja / nee"),
        ]
    parts += [boxed(box, SOFT_INK), Spacer(1, 12)]
    return KeepTogether(parts)


def _others(data: AgendaData) -> list[Flowable]:
    if not data.others:
        return []
    rows = [_head("Vraag", "Gem.", "Verschil rollen", "Weet ik niet", "Vastgesteld")]
    for e in data.others:
        rows.append([
            _p(f"{e.item.number}. {e.item.question}", "cell"),
            _p(format_mean(e.respondents_mean), "cell"),
            _p(format_mean(e.agenda.spread), "cell"),
            _p(str(e.agenda.n_dont_know or "–"), "cell"),
            _p(agreed_text(data.checklist, e.agreed) or "…", "cell"),
        ])  # fmt: skip
    return [
        _p(OTHER_TITLE, "h1"),
        _p(OTHER_INTRO),
        Spacer(1, 4),
        table(rows, [FRAME_W * 0.44, FRAME_W * 0.1, FRAME_W * 0.14, FRAME_W * 0.12, FRAME_W * 0.2]),
    ]


def build_agenda_pdf(data: AgendaData) -> bytes:
    """The agenda of one round's consensus meeting as PDF bytes."""
    register_fonts()
    buffer = io.BytesIO()
    doc = document(
        buffer, title=f"Agenda consensusgesprek {data.organisation.name} – {data.round.label}",
        subject="Consensusgesprek 'Signaleren achter de voordeur'",
    )  # fmt: skip
    doc.addPageTemplates([PageTemplate(id="body", frames=[body_frame()])])
    story = [*_opening(data)]
    if data.priority:
        story += [CondPageBreak(9 * cm), _p("Per vraag", "h1")]
        story += [_block(data, e) for e in data.priority]
    story += _others(data)
    doc.build(story, canvasmaker=functools.partial(_Canvas, agenda=data))
    return buffer.getvalue()
