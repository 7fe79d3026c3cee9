"""The board report's cover and page furniture (PDF): the cover band and the cover's
content (the answer first), the running header and footer of every other page, and the
canvas that numbers the pages and marks a concept round's report CONCEPT on every page.
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas as pdfcanvas
from reportlab.platypus import BaseDocTemplate, Flowable, Spacer

from readiness.export import figures
from readiness.export.labels import ROUND_STATUS, long_date
from readiness.provenance import PHASE_NOTE
from readiness.export.model import ReportData
from readiness.export.pdf_styles import (
    FONT,
    FRAME_W,
    INK,
    MARGIN_X,
    MUTED,
    PAGE_H,
    PAGE_W,
    RED,
    SOFT_AMBER,
    NumberedCanvas,
    running_lines,
)
from readiness.export.pdf_styles import boxed as _boxed
from readiness.export.pdf_styles import escape as _e
from readiness.export.pdf_styles import fit as _fit
from readiness.export.pdf_styles import markup as _m
from readiness.export.pdf_styles import para as _p
from readiness.export.pdf_styles import table as _table
from readiness.export.summary import CONCEPT_MARK, CONCEPT_NOTE, concept_rule_text, headline


class ReportCanvas(NumberedCanvas):
    """Writes "Pagina x van y" on every page but the cover, once the total is known; with
    ``concept=True`` every page, the cover too, gets a CONCEPT watermark and footer mark."""

    def __init__(self, *args, concept: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._concept = concept

    def decorate(self, total: int) -> None:
        if self._pageNumber > 1:
            self.page_number(total)
        if self._concept:
            self._concept_mark()


    def _concept_mark(self) -> None:
        """A large pale diagonal CONCEPT across the page and a red line in the footer."""
        self.saveState()
        self.setFillColor(colors.Color(0.70, 0.14, 0.09, alpha=0.10))
        self.setFont(f"{FONT}-Bold", 96)
        self.translate(PAGE_W / 2, PAGE_H / 2)
        self.rotate(50)
        self.drawCentredString(0, -34, CONCEPT_MARK)
        self.restoreState()
        self.saveState()
        self.setFont(f"{FONT}-Bold", 7.5)
        self.setFillColor(RED)
        self.drawCentredString(PAGE_W / 2, 0.75 * cm, f"{CONCEPT_MARK}: {CONCEPT_NOTE}")
        self.restoreState()


def draw_cover(canvas: pdfcanvas.Canvas, doc: BaseDocTemplate) -> None:
    canvas.saveState()
    canvas.setFillColor(INK)
    canvas.rect(0, PAGE_H - 7.2 * cm, PAGE_W, 7.2 * cm, stroke=0, fill=1)
    canvas.setFillColor(colors.HexColor(figures.AT_TARGET))
    canvas.rect(0, PAGE_H - 7.2 * cm, PAGE_W, 0.18 * cm, stroke=0, fill=1)
    canvas.setFillColor(colors.white)
    canvas.setFont(f"{FONT}-Bold", 30)
    canvas.drawString(MARGIN_X, PAGE_H - 3.6 * cm, "Voordeurcheck")
    canvas.setFont(FONT, 12.5)
    canvas.drawString(
        MARGIN_X, PAGE_H - 4.6 * cm, "Is onze corporatie klaar om huiselijk geweld en kindermishandeling"
    )
    canvas.drawString(MARGIN_X, PAGE_H - 5.25 * cm, "te signaleren? Zelfevaluatie en verbeterplan")
    canvas.restoreState()


def draw_page(canvas: pdfcanvas.Canvas, doc: BaseDocTemplate) -> None:
    report: ReportData = doc.report
    canvas.saveState()
    canvas.setFont(f"{FONT}-Bold", 8)
    canvas.setFillColor(INK)
    canvas.drawString(MARGIN_X, PAGE_H - 1.25 * cm, "Voordeurcheck")
    offset = pdfmetrics.stringWidth("Voordeurcheck", f"{FONT}-Bold", 8) + 8
    round_label = _fit(report.round.label, FRAME_W * 0.4)
    if not report.round.is_final:
        round_label = _fit(f"{CONCEPT_MARK} · {report.round.label}", FRAME_W * 0.4)
    room = FRAME_W - offset - pdfmetrics.stringWidth(round_label, FONT, 8) - 12
    canvas.setFont(FONT, 8)
    canvas.setFillColor(MUTED)
    canvas.drawString(MARGIN_X + offset, PAGE_H - 1.25 * cm, _fit(report.organisation.name, room))
    if not report.round.is_final:
        canvas.setFont(f"{FONT}-Bold", 8)
        canvas.setFillColor(RED)
    canvas.drawRightString(PAGE_W - MARGIN_X, PAGE_H - 1.25 * cm, round_label)
    running_lines(canvas)
    canvas.setFont(FONT, 7.5)
    canvas.drawString(MARGIN_X, 1.2 * cm, f"Gemaakt op {long_date(report.generated_on)}")
    canvas.restoreState()


def cover(report: ReportData) -> list[Flowable]:
    """Name and round, then the answer first: total score, phase, change since the previous
    final round and the three next steps (the same words as the Word cover)."""
    round_ = report.round
    facts = [
        ("Datum meting", long_date(round_.date)),
        ("Status", ROUND_STATUS[round_.status]),
        ("Respondenten", f"{len(report.respondents)}"),
    ]
    rows = [[_p(k, "small"), _p(v, "body")] for k, v in facts]
    story: list[Flowable] = [
        Spacer(1, 6.4 * cm),
        _p(report.organisation.name, "cover_org"),
        _p(round_.label, "cover_round"),
        Spacer(1, 0.5 * cm),
        _table(rows, [4.2 * cm, 10 * cm], header=False, zebra=False),
        Spacer(1, 0.5 * cm),
    ]
    if not round_.is_final:
        story += [
            _boxed(
                _m(
                    f"<b>{CONCEPT_MARK}: voorlopige uitkomst.</b> Deze meting is nog niet afgerond; "
                    "de scores kunnen nog veranderen. " + _e(concept_rule_text()),
                    "notice",
                ),
                SOFT_AMBER,
            ),
            Spacer(1, 0.4 * cm),
        ]
    head = headline(report)
    answer = [
        [_p("Totaalscore", "small"), _m(f"<b>{_e(head.score)}</b>", "body")],
        [_p("Fase", "small"), _m(f"<b>{_e(head.phase)}</b>", "body")],
        [_p("Verandering", "small"), _p(head.change, "body")],
    ]
    story += [_m("De uitkomst in het kort", "h2"), _table(answer, [4.2 * cm, FRAME_W - 4.2 * cm], header=False, zebra=False)]
    if head.steps:
        story += [Spacer(1, 0.2 * cm), _m("<b>De drie volgende stappen</b>", "body")]
        story += [_p(f"{n}. {text}", "cell") for n, text in enumerate(head.steps, start=1)]
    story += [
        Spacer(1, 0.6 * cm),
        _m(
            f"{_e(PHASE_NOTE)} Dit rapport bevat geen gegevens "
            "over huurders; respondenten staan er alleen met hun rol in.",
            "small",
        ),
    ]
    return story
