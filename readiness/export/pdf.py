"""The board report as PDF (reportlab platypus): ReportData -> bytes.

Pages: a cover, then summary (score, phase, the three next steps, section chart), the
scores per question, the improvement plan, the change since the previous round, the
respondents' notes and a method note. The method note opens a page of its own, unless
the page so far holds only a short spill-over (say "Toelichtingen" and one line after a
full page 4): then it follows on that page, so no page is left nearly empty. Every page
after the cover has a header with the corporation and round, and a footer "Pagina x van y".

All user text (notes, action texts, labels) goes through :func:`safety.markup_text`, so
markup in it is printed literally. The font is DejaVu Sans from matplotlib's data folder:
it has every Dutch character (ë, é, ï, ĳ) and ships with a plain pip install.
"""

from __future__ import annotations

import functools
import io
from pathlib import Path

import matplotlib
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as pdfcanvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    Image,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from readiness.export import figures
from readiness.export.labels import (
    ACTION_STATUS,
    GAP_REASON,
    ROUND_STATUS,
    change_text,
    full_question,
    long_date,
    mean_text,
    role_counts,
    score_text,
    short_date,
    short_question,
)
from readiness.export.model import ReportData
from readiness.export.summary import CONCEPT_MARK, CONCEPT_NOTE, concept_rule_text, headline
from readiness.export.safety import markup_text
from readiness.models import ActionStatus
from readiness.provenance import ACTIONS_NOTE, CLASSIFICATION_NOTE, origin
from readiness.scoring import target_pct

FONT = "DejaVu"
PAGE_W, PAGE_H = A4
MARGIN_X = 2.0 * cm
FRAME_W = PAGE_W - 2 * MARGIN_X
BODY_H = PAGE_H - 4.1 * cm  # the body frame of every page after the cover
# The method note starts a page of its own, unless the page so far holds no more than
# this: then it is the spill-over of a full page 4 (the heading "Toelichtingen" with a
# line, or the last rows of a table), and a page with only that would look empty.
SHORT_TAIL = 7 * cm

INK = colors.HexColor(figures.INK)
MUTED = colors.HexColor(figures.MUTED)
LINE = colors.HexColor("#d7dbe2")
ZEBRA = colors.HexColor("#f4f6f9")
GREEN = colors.HexColor(figures.AT_TARGET)
AMBER = colors.HexColor("#b36f12")
RED = colors.HexColor("#b42318")
SOFT_AMBER = colors.HexColor("#fdf3e3")
SOFT_INK = colors.HexColor("#eef1f6")


@functools.cache
def register_fonts() -> str:
    """Register DejaVu Sans (regular, bold, oblique) with reportlab once per process."""
    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    faces = {
        FONT: "DejaVuSans.ttf",
        f"{FONT}-Bold": "DejaVuSans-Bold.ttf",
        f"{FONT}-Oblique": "DejaVuSans-Oblique.ttf",
        f"{FONT}-BoldOblique": "DejaVuSans-BoldOblique.ttf",
    }
    for name, file in faces.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=f"{FONT}-Bold", italic=f"{FONT}-Oblique", boldItalic=f"{FONT}-BoldOblique"
    )
    return FONT


@functools.cache
def _styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("base", fontName=FONT, fontSize=9.5, leading=13.5, textColor=INK, alignment=TA_LEFT)
    return {
        "body": base,
        "small": ParagraphStyle("small", base, fontSize=8, leading=10.5, textColor=MUTED),
        "cell": ParagraphStyle("cell", base, fontSize=8.5, leading=11),
        "num": ParagraphStyle("num", base, fontSize=8.5, leading=11, alignment=TA_RIGHT),
        "num_bold": ParagraphStyle("num_bold", base, fontSize=8.5, leading=11, alignment=TA_RIGHT,
                                   fontName=f"{FONT}-Bold"),
        "cell_s": ParagraphStyle("cell_s", base, fontSize=8, leading=10),
        "num_s": ParagraphStyle("num_s", base, fontSize=8, leading=10, alignment=TA_RIGHT),
        "cell_head_r": ParagraphStyle(
            "cell_head_r", base, fontSize=8, leading=10, fontName=f"{FONT}-Bold", textColor=colors.white,
            alignment=TA_RIGHT,
        ),
        "cell_bold": ParagraphStyle("cell_bold", base, fontSize=8.5, leading=11, fontName=f"{FONT}-Bold"),
        "cell_head": ParagraphStyle(
            "cell_head", base, fontSize=8, leading=10, fontName=f"{FONT}-Bold", textColor=colors.white
        ),
        "cell_muted": ParagraphStyle("cell_muted", base, fontSize=7.5, leading=9.5, textColor=MUTED),
        "h1": ParagraphStyle(
            "h1", base, fontName=f"{FONT}-Bold", fontSize=17, leading=21, spaceBefore=18, spaceAfter=10
        ),
        "h2": ParagraphStyle(
            "h2", base, fontName=f"{FONT}-Bold", fontSize=12, leading=15, spaceBefore=12, spaceAfter=6
        ),
        "kpi_label": ParagraphStyle("kpi_label", base, fontSize=8, leading=10, textColor=MUTED),
        "kpi_value": ParagraphStyle("kpi_value", base, fontName=f"{FONT}-Bold", fontSize=17, leading=21),
        "kpi_note": ParagraphStyle("kpi_note", base, fontSize=8, leading=10.5),
        "cover_org": ParagraphStyle(
            "cover_org", base, fontName=f"{FONT}-Bold", fontSize=24, leading=30, spaceAfter=6
        ),
        "cover_round": ParagraphStyle("cover_round", base, fontSize=15, leading=20, textColor=MUTED),
        "notice": ParagraphStyle("notice", base, fontSize=9, leading=12.5),
    }


def _p(text: str, style: str = "body") -> Paragraph:
    """A paragraph of *user or data* text: markup is escaped."""
    return Paragraph(markup_text(text), _styles()[style])


def _m(markup: str, style: str = "body") -> Paragraph:
    """A paragraph of our own markup (bold labels); data inside must be escaped by the caller."""
    return Paragraph(markup, _styles()[style])


def _e(text: str) -> str:
    return markup_text(text)


# --------------------------------------------------------------------------- page furniture


class _NumberedCanvas(pdfcanvas.Canvas):
    """Writes "Pagina x van y" on every page but the cover, once the total is known; with
    ``concept=True`` every page, the cover too, gets a CONCEPT watermark and footer mark."""

    def __init__(self, *args, concept: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []
        self._concept = concept

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            if self._pageNumber > 1:
                self.setFont(FONT, 7.5)
                self.setFillColor(MUTED)
                self.drawRightString(PAGE_W - MARGIN_X, 1.2 * cm, f"Pagina {self._pageNumber} van {total}")
            if self._concept:
                self._concept_mark()
            super().showPage()
        super().save()

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


def _draw_cover(canvas: pdfcanvas.Canvas, doc: BaseDocTemplate) -> None:
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


def _draw_page(canvas: pdfcanvas.Canvas, doc: BaseDocTemplate) -> None:
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
    canvas.setStrokeColor(LINE)
    canvas.setLineWidth(0.6)
    canvas.line(MARGIN_X, PAGE_H - 1.45 * cm, PAGE_W - MARGIN_X, PAGE_H - 1.45 * cm)
    canvas.line(MARGIN_X, 1.55 * cm, PAGE_W - MARGIN_X, 1.55 * cm)
    canvas.setFont(FONT, 7.5)
    canvas.drawString(MARGIN_X, 1.2 * cm, f"Gemaakt op {long_date(report.generated_on)}")
    canvas.restoreState()


def _fit(text: str, width: float, size: float = 8) -> str:
    """``text`` shortened with an ellipsis until it fits in ``width`` points."""
    if pdfmetrics.stringWidth(text, FONT, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", FONT, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


# --------------------------------------------------------------------------- tables


def _table(
    rows: list[list],
    widths: list[float],
    *,
    header: bool = True,
    zebra: bool = True,
    extra: list[tuple] | None = None,
) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0, hAlign="LEFT")
    style = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
        ("TOPPADDING", (0, 0), (-1, -1), 3.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, LINE),
    ]
    if header:
        style += [("BACKGROUND", (0, 0), (-1, 0), INK), ("VALIGN", (0, 0), (-1, 0), "MIDDLE")]
    if zebra:
        first = 1 if header else 0
        style += [("ROWBACKGROUNDS", (0, first), (-1, -1), [colors.white, ZEBRA])]
    table.setStyle(TableStyle(style + (extra or [])))
    return table


def _head(*labels: str) -> list[Paragraph]:
    return [_m(_e(label), "cell_head") for label in labels]


def _score_cell(score: float | None, goal: float) -> Paragraph:
    if score is None:
        return _m("–", "num")
    colour = GREEN if score >= goal - 1e-9 else AMBER
    return _m(f'<font color="{colour.hexval()}"><b>{score_text(score)}</b></font>', "num")


# --------------------------------------------------------------------------- sections


def _cover(report: ReportData) -> list[Flowable]:
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
            "Gebaseerd op de checklist <i>Is een corporatie er klaar voor?</i> uit de handreiking "
            "<i>Signaleren achter de voordeur</i> (Kadera, 2018). Dit rapport bevat geen gegevens "
            "over huurders; respondenten staan er alleen met hun rol in.",
            "small",
        ),
    ]
    return story


def _boxed(content: Flowable, background: colors.Color, width: float = FRAME_W) -> Table:
    box = Table([[content]], colWidths=[width], hAlign="LEFT")
    box.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), background),
                ("LEFTPADDING", (0, 0), (-1, -1), 9),
                ("RIGHTPADDING", (0, 0), (-1, -1), 9),
                ("TOPPADDING", (0, 0), (-1, -1), 7),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
            ]
        )
    )
    return box


def _kpis(report: ReportData) -> Table:
    result, comparison = report.result, report.comparison
    if not result.is_complete:
        change_value, change_note = "–", "concept: nog geen vergelijking"
    elif comparison is not None and report.previous_round is not None and report.previous_result is not None:
        change_value = change_text(report.previous_result.overall, result.overall)
        change_note = f"sinds {_e(report.previous_round.label)}"
    else:
        change_value, change_note = "–", "eerste definitieve meting: nog geen vergelijking"
    if result.is_complete:
        phase_cell = ("Fase", f"{result.phase.level}", _e(result.phase.name))
    else:
        phase_cell = ("Fase", "–", "concept: nog niet te bepalen")
    cells = [
        ("Totaalscore", score_text(result.overall), "van 100" if result.is_complete else "concept: nog geen totaal"),
        phase_cell,
        ("Verandering", change_value, change_note),
        ("Beantwoord", f"{result.n_answered_items}/{len(result.items)}", "vragen, door "
         f"{result.n_respondents} respondent{'en' if result.n_respondents != 1 else ''}"),
    ]  # fmt: skip
    row = [
        [_m(label, "kpi_label"), _m(value, "kpi_value"), _m(note, "kpi_note")] for label, value, note in cells
    ]
    width = FRAME_W / len(cells)
    table = Table([row], colWidths=[width] * len(cells), hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), SOFT_INK),
                ("LINEAFTER", (0, 0), (-2, -1), 2, colors.white),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 9),
                ("TOPPADDING", (0, 0), (-1, -1), 8),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 9),
            ]
        )
    )
    return table


def _summary(report: ReportData, chart_png: bytes) -> list[Flowable]:
    result, checklist = report.result, report.checklist
    goal = target_pct(result.target_level)
    story: list[Flowable] = [_m("Samenvatting", "h1"), _kpis(report), Spacer(1, 0.35 * cm)]
    phase = result.phase
    if not result.is_complete:
        withheld = [checklist.section(s).title for s in result.withheld_sections]
        story.append(
            _p(
                f"{CONCEPT_MARK}. {concept_rule_text()} Nog te weinig antwoorden bij: {_join(withheld)}."
            )
        )
    else:
        story.append(_m(f"<b>Fase {phase.level}: {_e(phase.name)}.</b> {_e(phase.description)}"))
    if result.is_complete and phase.next_phase is not None and phase.blocking_sections:
        titles = [checklist.section(s).title for s in phase.blocking_sections]
        story.append(Spacer(1, 0.15 * cm))
        story.append(
            _p(
                f"Voor fase {phase.next_phase.level} ({phase.next_phase.name}) moeten deze onderdelen "
                f"op het streefniveau ({score_text(goal)}) komen: {_join(titles)}."
            )
        )

    chart = Image(io.BytesIO(chart_png))
    scale = FRAME_W / chart.imageWidth
    chart.drawWidth, chart.drawHeight = FRAME_W, chart.imageHeight * scale
    story += [_m("Scores per onderdeel", "h2"), chart]
    story.append(
        _p(
            "Onderdelen in de volgorde van de checklist: de eerste stappen zijn nodig voor de latere.",
            "small",
        )
    )
    story.append(_m("De drie belangrijkste volgende stappen", "h2"))
    if not result.is_complete:
        story.append(_p("Volgende stappen volgen zodra alle onderdelen genoeg antwoorden hebben."))
    elif not result.next_steps:
        story.append(
            _p(
                "Alle vragen zitten op of boven het streefniveau en er zijn geen vragen waarop veel "
                "respondenten 'weet ik niet' antwoordden. Houd dit vast en deel de aanpak."
            )
        )
    rows = []
    for index, step in enumerate(result.next_steps, start=1):
        item = checklist.item(step.item_id)
        section = checklist.section(step.section_id)
        advice = item.actions[0]
        rows.append(
            [
                _m(f"<b>{index}</b>", "kpi_value"),
                [
                    _m(f"<b>Vraag {item.number} · {_e(section.title)}</b>", "cell"),
                    _p(" ".join(item.question.split()), "cell"),
                    _m(
                        f"Score {score_text(step.score)} – {_e(GAP_REASON.get(step.reason, step.reason))}. "
                        f"<i>Suggestie:</i> {_e(advice.text)} <font color='{MUTED.hexval()}'>"
                        f"({_e(origin(advice.source))})</font>",
                        "cell",
                    ),
                ],
            ]
        )
    if rows:
        steps = Table(rows, colWidths=[1.0 * cm, FRAME_W - 1.0 * cm], hAlign="LEFT")
        steps.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEBELOW", (0, 0), (-1, -2), 0.4, LINE),
                    ("TOPPADDING", (0, 0), (-1, -1), 5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                    ("TEXTCOLOR", (0, 0), (0, -1), GREEN),
                ]
            )
        )
        story.append(steps)

    return story


def _item_table(report: ReportData) -> list[Flowable]:
    result, checklist = report.result, report.checklist
    goal = target_pct(result.target_level)
    rows: list[list] = [
        _head("Nr", "Vraag") + [_m(label, "cell_head_r") for label in ("Score", "Beantwoord", "Weet ik niet", "N.v.t.")]
    ]
    extra: list[tuple] = []
    for section in checklist.sections:
        score = result.section(section.id).score
        rows.append([_m(f"<b>{_e(section.title)}</b>", "cell"), "", _score_cell(score, goal), "", "", ""])
        extra += [
            ("BACKGROUND", (0, len(rows) - 1), (-1, len(rows) - 1), SOFT_INK),
            ("SPAN", (0, len(rows) - 1), (1, len(rows) - 1)),
        ]
        for item in section.items:
            scored = result.item(item.id)
            rows.append(
                [
                    _p(str(item.number), "cell_s"),
                    _p(full_question(item), "cell_s"),
                    _score_cell(scored.score, goal),
                    _p(str(scored.n_answered), "num_s"),
                    _p(str(scored.n_dont_know), "num_s"),
                    _p(str(scored.n_na) if item.allows_na else "–", "num_s"),
                ]
            )
    widths = [0.75 * cm, 9.0 * cm, 1.3 * cm, 2.35 * cm, 2.25 * cm, 1.35 * cm]
    extra += [("TOPPADDING", (0, 1), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 1), (-1, -1), 2.5)]
    return [
        _m("Scores per vraag", "h1"),
        _p(
            f"Score: het gemiddelde antwoord op de schaal 0–4, omgerekend naar 0–100 (streefniveau "
            f"{score_text(goal)}; groen is op of boven het streefniveau). 'Beantwoord' telt alle antwoorden, ook "
            "'weet ik niet' en 'n.v.t.'; die twee tellen niet mee in de score."
            + ("" if result.is_complete else f" {CONCEPT_MARK}: {concept_rule_text()}"),
            "small",
        ),
        Spacer(1, 0.25 * cm),
        _table(rows, widths, zebra=False, extra=extra),
    ]


def _plan(report: ReportData) -> list[Flowable]:
    story: list[Flowable] = [_m("Verbeterplan", "h1")]
    if not report.actions:
        story.append(
            _p(
                "Er is nog geen verbeterplan: er zijn nog geen verbeteracties vastgelegd. "
                "Begin bij de volgende stappen uit de samenvatting."
            )
        )
        return story
    counts = {status: 0 for status in ActionStatus}
    for action in report.actions:
        counts[action.status] += 1
    summary = ", ".join(f"{n} {ACTION_STATUS[s].lower()}" for s, n in counts.items() if n)
    story.append(_p(f"{len(report.actions)} verbeteracties: {summary}. Hoogste prioriteit eerst."))
    story.append(Spacer(1, 0.25 * cm))
    rows: list[list] = [_head("Actie", "Vraag", "Eigenaar", "Deadline", "Status")]
    for action in report.actions:
        try:
            item = report.checklist.item(action.item_id)
            item_text = f"{item.number}. {short_question(item, 60)}"
        except KeyError:
            item_text = action.item_id
        description = [_p(action.description, "cell")]
        if action.notes:
            description.append(_p(action.notes, "cell_muted"))
        status = ACTION_STATUS[action.status]
        if action.is_overdue(report.generated_on):
            status_cell = _m(f'{status}<br/><font color="{RED.hexval()}">over de deadline</font>', "cell")
        else:
            status_cell = _p(status, "cell")
        rows.append(
            [
                description,
                _p(item_text, "cell"),
                _p(action.owner or "–", "cell"),
                _p(short_date(action.due_date) or "–", "cell"),
                status_cell,
            ]
        )
    story.append(_table(rows, [5.9 * cm, 2.8 * cm, 3.8 * cm, 2.1 * cm, 2.4 * cm]))
    return story


def _change(report: ReportData) -> list[Flowable]:
    story: list[Flowable] = [_m("Verandering sinds de vorige meting", "h2")]
    comparison, before = report.comparison, report.previous_round
    if not report.result.is_complete:
        story.append(_p("Deze meting is een concept met nog te weinig antwoorden: er is nog geen vergelijking."))
        return story
    if comparison is None or before is None or report.previous_result is None:
        story.append(_p("Er is geen eerdere definitieve meting van deze corporatie; er is nog geen vergelijking."))
        return story
    prev, now = report.previous_result, report.result
    story.append(
        _p(
            f"Vergeleken met {before.label} ({long_date(before.date)}), de vorige definitieve meting: "
            f"de totaalscore ging van {score_text(prev.overall)} naar {score_text(now.overall)} "
            f"({change_text(prev.overall, now.overall)}); de fase van {comparison.phase_before} "
            f"naar {comparison.phase_after}."
        )
    )
    story.append(Spacer(1, 0.2 * cm))
    before_scores = {s.section_id: s.score for s in prev.sections}
    rows: list[list] = [_head("Onderdeel") + [_m(h, "cell_head_r") for h in ("Vorige", "Nu", "Verschil")]]
    for section in now.sections:
        rows.append(
            [
                _p(section.title, "cell"),
                _p(score_text(before_scores.get(section.section_id)), "num"),
                _p(score_text(section.score), "num"),
                _p(change_text(before_scores.get(section.section_id), section.score), "num_bold"),
            ]
        )
    story.append(
        _table(rows, [8.5 * cm, 2.2 * cm, 2.2 * cm, 2.2 * cm], extra=[("ALIGN", (1, 0), (-1, -1), "RIGHT")])
    )

    def listing(title: str, changes) -> None:
        if not changes:
            return
        lines = []
        for change in changes[:3]:
            item = report.checklist.item(change.item_id)
            lines.append(
                f"vraag {item.number} ({_e(short_question(item, 60))}): "
                f"{score_text(change.before)} → {score_text(change.after)} "
                f"({change_text(change.before, change.after)})"
            )
        story.append(Spacer(1, 0.15 * cm))
        story.append(_m(f"<b>{title}:</b> " + "; ".join(lines) + ".", "cell"))

    listing("Meeste vooruitgang", comparison.up)
    listing("Achteruitgang", comparison.down)
    if comparison.newly_unknown:
        lines = []
        for item_id in comparison.newly_unknown:
            item, now_item = report.checklist.item(item_id), now.item(item_id)
            lines.append(
                f"vraag {item.number} ({short_question(item, 60)}): nu {now_item.n_dont_know} van de "
                f"{now_item.n_answered} antwoorden 'weet ik niet'"
            )
        story.append(Spacer(1, 0.15 * cm))
        story.append(
            _p(
                "Kennis kwijt (nu vaak 'weet ik niet', de vorige keer wel een beeld; dat is geen "
                f"vooruitgang): {'; '.join(lines)}.",
                "cell",
            )
        )
    return story


def _disagreements(report: ReportData) -> list[Flowable]:
    if not report.result.disagreements:
        return []
    checklist = report.checklist
    rows: list[list] = [_head("Nr", "Vraag", "Hoogst", "Laagst")]
    for d in report.result.disagreements:
        item = checklist.item(d.item_id)
        rows.append(
            [
                _p(str(item.number), "cell"),
                _p(full_question(item), "cell"),
                _p(f"{checklist.role_label(d.high_role)} {mean_text(d.high_mean)}", "cell"),
                _p(f"{checklist.role_label(d.low_role)} {mean_text(d.low_mean)}", "cell"),
            ]
        )
    return [
        CondPageBreak(4 * cm),
        _m("Waar de rollen verschillen", "h2"),
        _p(
            "Vragen waarop de gemiddelden van twee rollen minstens 2 punten (schaal 0–4) uit elkaar "
            "liggen. Een goed gesprek over zo'n verschil levert vaak meer op dan het gemiddelde.",
            "small",
        ),
        Spacer(1, 0.2 * cm),
        _table(rows, [0.9 * cm, 7.3 * cm, 4.4 * cm, 4.4 * cm]),
    ]


def _notes(report: ReportData) -> list[Flowable]:
    checklist = report.checklist
    role_of = {r.id: r.role for r in report.respondents}
    order = {item.id: item.number for item in checklist.items}
    noted = sorted(
        (a for a in report.answers if a.note.strip() and a.respondent_id in role_of),
        key=lambda a: (order.get(a.item_id, 999), a.respondent_id),
    )
    story: list[Flowable] = [CondPageBreak(4 * cm), _m("Toelichtingen", "h2")]
    if not noted:
        story.append(_p("Bij deze meting zijn geen toelichtingen gegeven."))
        return story
    rows: list[list] = [_head("Vraag", "Rol", "Toelichting")]
    for answer in noted:
        rows.append(
            [
                _p(_question_words(checklist, answer.item_id), "cell"),
                _p(checklist.role_label(role_of[answer.respondent_id]), "cell"),
                _p(answer.note, "cell"),
            ]
        )
    story.append(_table(rows, [4.4 * cm, 2.6 * cm, 10.0 * cm]))
    return story


def _method(report: ReportData) -> list[Flowable]:
    checklist = report.checklist
    goal = target_pct(report.result.target_level)
    scale_rows: list[list] = [_head("Waarde", "Betekenis", "Omschrijving")]
    for level in checklist.scale:
        scale_rows.append(
            [_p(str(level.value), "cell_bold"), _p(level.label, "cell_bold"), _p(level.description, "cell")]
        )
    scale_rows.append([_p("–", "cell"), _p(checklist.dont_know_label, "cell_bold"),
                       _p("Telt niet mee in de score, wel in 'weet ik niet'.", "cell")])  # fmt: skip
    scale_rows.append([_p("–", "cell"), _p(checklist.na_label, "cell_bold"),
                       _p("Alleen bij vragen waar dat kan; telt niet mee in de score.", "cell")])  # fmt: skip
    role_rows: list[list] = [[*_head("Rol"), _m("Aantal respondenten", "cell_head_r")]]
    for label, count in role_counts(checklist, report.roles):
        role_rows.append([_p(label, "cell"), _p(str(count), "num")])
    # Break unless at most SHORT_TAIL of this page is used; then keep the note in one
    # piece, so it neither leaves a short tail here nor puts one line on a page of its own.
    return [
        CondPageBreak(BODY_H - SHORT_TAIL),
        KeepTogether(_method_body(report, goal, scale_rows, role_rows)),
    ]


def _method_body(report: ReportData, goal: float, scale_rows: list[list], role_rows: list[list]) -> list[Flowable]:
    checklist = report.checklist
    return [
        _m("Over deze meting", "h1"),
        _m("<b>Bron.</b> De vragen volgen de checklist <i>Is een corporatie er klaar voor?</i> uit:"),
        Spacer(1, 0.1 * cm),
        _boxed(_p(checklist.source, "cell"), SOFT_INK),
        Spacer(1, 0.25 * cm),
        _p(
            "De twintig punten staan in zes onderdelen, in de volgorde van de handreiking. Die volgorde is "
            "een opbouw: de eerste punten (draagvlak, een stappenplan) zijn nodig om de latere te kunnen zetten."
        ),
        _m("Schaal", "h2"),
        _table(scale_rows, [1.6 * cm, 3.6 * cm, 11.8 * cm]),
        _m("Zo wordt gerekend", "h2"),
        _p(
            "De score van een vraag is het gemiddelde antwoord van de respondenten, omgerekend naar 0–100 "
            "(4 = 100). De score van een onderdeel is het gemiddelde van zijn vragen; de totaalscore is het "
            "gemiddelde van alle vragen, zodat elk punt van de checklist even zwaar weegt. "
            f"Het streefniveau is {report.result.target_level} op de schaal ({score_text(goal)}). Een fase is "
            "bereikt als alle onderdelen die ervoor nodig zijn op streefniveau zitten; de fasen bouwen op "
            "elkaar voort. Volgende stappen zijn de eerste vragen in checklistvolgorde die onder het "
            "streefniveau zitten of waarop veel respondenten 'weet ik niet' antwoordden. "
            + CLASSIFICATION_NOTE
            + " "
            + ACTIONS_NOTE
        ),
        # No KeepTogether of its own: the whole note is one (a nested KeepTogether
        # reports an endless height, and the note would never share a page).
        _m("Wie deden mee", "h2"),
        _p(
            f"{len(report.respondents)} respondenten vulden de vragenlijst in. Respondenten worden "
            "alleen met hun rol vastgelegd, nooit met hun naam. Er staan geen gegevens over huurders "
            "in dit rapport.",
        ),
        Spacer(1, 0.2 * cm),
        _table(role_rows, [6 * cm, 4 * cm]),
        Spacer(1, 0.3 * cm),
        _p(f"Checklistversie {report.round.checklist_version}.", "small"),
    ]


def _question_words(checklist, item_id: str) -> str:
    """"3. Het bestuur steunt…": a question number never stands without its words."""
    try:
        item = checklist.item(item_id)
    except KeyError:
        return item_id
    return f"{item.number}. {short_question(item, 45)}"


def _join(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " en " + words[-1]


# --------------------------------------------------------------------------- document


def build_pdf(report: ReportData, chart_png: bytes | None = None) -> bytes:
    """The report for one round as PDF bytes."""
    register_fonts()
    if chart_png is None:
        chart_png = figures.section_chart(report.result, report.previous_result)
    buffer = io.BytesIO()
    concept = not report.round.is_final
    title = f"Voordeurcheck {report.organisation.name} – {report.round.label}" + (f" ({CONCEPT_MARK})" if concept else "")
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=2.1 * cm,
        bottomMargin=2.0 * cm,
        title=title,
        author="Voordeurcheck",
        subject="Zelfevaluatie 'Signaleren achter de voordeur'",
        creator="Voordeurcheck",
        lang="nl-NL",
    )
    doc.report = report
    body = Frame(MARGIN_X, 2.0 * cm, FRAME_W, BODY_H, id="body", leftPadding=0, rightPadding=0)
    cover = Frame(MARGIN_X, 2.0 * cm, FRAME_W, PAGE_H - 2.6 * cm, id="cover", leftPadding=0, rightPadding=0)
    doc.addPageTemplates(
        [
            PageTemplate(id="cover", frames=[cover], onPage=_draw_cover),
            PageTemplate(id="body", frames=[body], onPage=_draw_page),
        ]
    )
    story: list[Flowable] = [
        *_cover(report),
        NextPageTemplate("body"),
        PageBreak(),
        *_summary(report, chart_png),
        PageBreak(),
        *_item_table(report),
        PageBreak(),
        *_plan(report),
        CondPageBreak(6 * cm),
        *_change(report),
        *_disagreements(report),
        *_notes(report),
        *_method(report),
    ]
    doc.build(story, canvasmaker=functools.partial(_NumberedCanvas, concept=concept))
    return buffer.getvalue()
