"""The consensus meeting's agenda as PDF (reportlab platypus): AgendaData -> bytes.

In the style of the board report (:mod:`readiness.export.pdf`): the same font, colours,
header and footer. Page 1: what the meeting is for, the scale and the list of items to
discuss first. Then per priority item a block with the question, why it is on the agenda,
what each role answered, the respondents' notes (by role) and room to write the agreed
level and rationale, or the agreed level when one was recorded. Last, the other items in
one table. All user text goes through :func:`safety.markup_text`.
"""

from __future__ import annotations

import functools
import io

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfgen import canvas as pdfcanvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

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
from readiness.export.pdf import FONT, INK, LINE, MUTED, SOFT_INK, ZEBRA, register_fonts
from readiness.export.safety import markup_text

PAGE_W, PAGE_H = A4
MARGIN_X = 2.0 * cm
FRAME_W = PAGE_W - 2 * MARGIN_X


@functools.cache
def _styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("a_base", fontName=FONT, fontSize=9.5, leading=13.5, textColor=INK)
    return {
        "body": base,
        "small": ParagraphStyle("a_small", base, fontSize=8, leading=10.5, textColor=MUTED),
        "cell": ParagraphStyle("a_cell", base, fontSize=8.5, leading=11),
        "head": ParagraphStyle("a_head", base, fontSize=8, leading=10, fontName=f"{FONT}-Bold", textColor=colors.white),
        "title": ParagraphStyle("a_title", base, fontName=f"{FONT}-Bold", fontSize=20, leading=25, spaceAfter=4),
        "subtitle": ParagraphStyle("a_subtitle", base, fontSize=12, leading=16, textColor=MUTED, spaceAfter=10),
        "h1": ParagraphStyle("a_h1", base, fontName=f"{FONT}-Bold", fontSize=14, leading=18, spaceBefore=14, spaceAfter=6),
        "h2": ParagraphStyle("a_h2", base, fontName=f"{FONT}-Bold", fontSize=10.5, leading=14, spaceAfter=3),
    }


def _p(text: str, style: str = "body") -> Paragraph:
    return Paragraph(markup_text(text), _styles()[style])


def _m(markup: str, style: str = "body") -> Paragraph:
    return Paragraph(markup, _styles()[style])


class _Canvas(pdfcanvas.Canvas):
    """Header and "Pagina x van y" on every page, once the total is known."""

    def __init__(self, *args, agenda: AgendaData, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._agenda = agenda
        self._pages: list[dict] = []

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._furniture(total)
            super().showPage()
        super().save()

    def _furniture(self, total: int) -> None:
        data = self._agenda
        self.saveState()
        self.setFont(f"{FONT}-Bold", 8)
        self.setFillColor(INK)
        self.drawString(MARGIN_X, PAGE_H - 1.25 * cm, "Voordeurcheck · agenda consensusgesprek")
        self.setFont(FONT, 8)
        self.setFillColor(MUTED)
        self.drawRightString(PAGE_W - MARGIN_X, PAGE_H - 1.25 * cm, f"{data.organisation.name} · {data.round.label}"[:80])
        self.setStrokeColor(LINE)
        self.setLineWidth(0.6)
        self.line(MARGIN_X, PAGE_H - 1.45 * cm, PAGE_W - MARGIN_X, PAGE_H - 1.45 * cm)
        self.line(MARGIN_X, 1.55 * cm, PAGE_W - MARGIN_X, 1.55 * cm)
        self.setFont(FONT, 7.5)
        self.drawString(MARGIN_X, 1.2 * cm, f"Gemaakt op {data.generated_on.day}-{data.generated_on.month:02d}-{data.generated_on.year}")
        self.drawRightString(PAGE_W - MARGIN_X, 1.2 * cm, f"Pagina {self._pageNumber} van {total}")
        self.restoreState()


def _table(rows: list[list], widths: list[float], *, header: bool = True) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0, hAlign="LEFT")
    style = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, LINE),
    ]
    if header:
        style += [("BACKGROUND", (0, 0), (-1, 0), INK)]
        style += [("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, ZEBRA])]
    table.setStyle(TableStyle(style))
    return table


def _head(*labels: str) -> list[Paragraph]:
    return [_p(label, "head") for label in labels]


def _opening(data: AgendaData) -> list[Flowable]:
    checklist = data.checklist
    story: list[Flowable] = [
        _p("Agenda consensusgesprek", "title"),
        _p(f"{data.organisation.name} · {data.round.label} · gesprek van {data.date_text}", "subtitle"),
        _p(INTRO),
        Spacer(1, 6),
        _table(
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
        story.append(_table(rows, [FRAME_W * 0.5, FRAME_W * 0.2, FRAME_W * 0.3]))
    else:
        story.append(_p("Geen vraag met een groot verschil tussen rollen of veel 'weet ik niet'."))
    return story


def _block(data: AgendaData, entry: AgendaEntry) -> Flowable:
    checklist = data.checklist
    parts: list[Flowable] = [
        _p(f"Vraag {entry.item.number} · {entry.section_title}", "h2"),
        _p(entry.item.question),
        _p(f"Bron: {entry.item.source}. Op de agenda: {reasons_text(entry)}. "
           f"Gemiddelde van de respondenten: {mean_nl(entry.respondents_mean)} (schaal 0–4).", "small"),
        Spacer(1, 3),
        _table(
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
    frame = Table([[box]], colWidths=[FRAME_W], hAlign="LEFT")
    frame.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), SOFT_INK), ("LEFTPADDING", (0, 0), (-1, -1), 8),
                               ("TOPPADDING", (0, 0), (-1, -1), 6), ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))  # fmt: skip
    parts += [frame, Spacer(1, 12)]
    return KeepTogether(parts)


def _others(data: AgendaData) -> list[Flowable]:
    if not data.others:
        return []
    rows = [_head("Vraag", "Gem.", "Verschil rollen", "Weet ik niet", "Vastgesteld")]
    for e in data.others:
        rows.append([
            _p(f"{e.item.number}. {e.item.question}", "cell"),
            _p(mean_nl(e.respondents_mean), "cell"),
            _p(mean_nl(e.agenda.spread), "cell"),
            _p(str(e.agenda.n_dont_know or "–"), "cell"),
            _p(agreed_text(data.checklist, e.agreed) or "…", "cell"),
        ])  # fmt: skip
    return [
        _p(OTHER_TITLE, "h1"),
        _p(OTHER_INTRO),
        Spacer(1, 4),
        _table(rows, [FRAME_W * 0.44, FRAME_W * 0.1, FRAME_W * 0.14, FRAME_W * 0.12, FRAME_W * 0.2]),
    ]


def build_agenda_pdf(data: AgendaData) -> bytes:
    """The agenda of one round's consensus meeting as PDF bytes."""
    register_fonts()
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=2.1 * cm, bottomMargin=2.0 * cm,
        title=f"Agenda consensusgesprek {data.organisation.name} – {data.round.label}",
        author="Voordeurcheck", subject="Consensusgesprek 'Signaleren achter de voordeur'", creator="Voordeurcheck",
        lang="nl-NL",
    )  # fmt: skip
    body = Frame(MARGIN_X, 2.0 * cm, FRAME_W, PAGE_H - 4.1 * cm, id="body", leftPadding=0, rightPadding=0)
    doc.addPageTemplates([PageTemplate(id="body", frames=[body])])
    story = [*_opening(data)]
    if data.priority:
        story += [CondPageBreak(9 * cm), _p("Per vraag", "h1")]
        story += [_block(data, e) for e in data.priority]
    story += _others(data)
    doc.build(story, canvasmaker=functools.partial(_Canvas, agenda=data))
    return buffer.getvalue()
