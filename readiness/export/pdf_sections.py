"""The board report's body (PDF): summary with key figures and the section chart, the
scores per question, the improvement plan, the change since the previous final round,
where roles differ, the respondents' notes and the method note.

Each function returns the flowables of one part; :func:`readiness.export.pdf.build_pdf`
puts them in order. The method note opens a page of its own, unless the page so far holds
only a short spill-over (say "Toelichtingen" and one line after a full page 4): then it
follows on that page, so no page is left nearly empty.
"""

from __future__ import annotations

import zlib

import PIL.Image

from reportlab.lib import colors
from reportlab.lib.units import cm
from reportlab.pdfbase.pdfdoc import PDFImageXObject
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from readiness.export import consensus_report
from readiness.export.labels import (
    OVERDUE_NOTE,
    TARGET_DATE,
    ACTION_STATUS,
    GAP_REASON,
    change_text,
    full_question,
    long_date,
    mean_text,
    role_counts,
    score_text,
    short_question,
)
from readiness.export.model import ReportData
from readiness.export.pdf_styles import (
    AMBER,
    BODY_H,
    FRAME_W,
    GREEN,
    LINE,
    MUTED,
    RED,
    SOFT_INK,
)
from readiness.export.pdf_styles import boxed as _boxed
from readiness.export.pdf_styles import escape as _e
from readiness.export.pdf_styles import head as _head
from readiness.export.pdf_styles import markup as _m
from readiness.export.pdf_styles import para as _p
from readiness.export.pdf_styles import table as _table
from readiness.export.summary import CONCEPT_MARK, change_sentence, concept_rule_text, section_changes
from readiness.models import ActionStatus
from readiness.provenance import ACTIONS_NOTE, CLASSIFICATION_NOTE, origin
from readiness.scoring import answer_progress, target_pct

# The method note starts a page of its own, unless the page so far holds no more than
# this: then it is the spill-over of a full page 4 (the heading "Toelichtingen" with a
# line, or the last rows of a table), and a page with only that would look empty.
SHORT_TAIL = 7 * cm


def _score_cell(score: float | None, goal: float) -> Paragraph:
    if score is None:
        return _m("–", "num")
    colour = GREEN if score >= goal - 1e-9 else AMBER
    return _m(f'<font color="{colour.hexval()}"><b>{score_text(score)}</b></font>', "num")



def _kpis(report: ReportData) -> Table:
    result, comparison = report.result, report.comparison
    if not result.is_complete:
        change_value, change_note = "–", "concept: nog geen vergelijking"
    elif comparison is not None and report.previous_round is not None and report.previous_result is not None:
        change_value = change_text(comparison.overall_before, comparison.overall_after)
        change_note = f"sinds {_e(report.previous_round.label)}" + (
            " (gemiddelde respondenten, andere basis)" if comparison.basis_changed else ""
        )
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
         f"{result.n_respondents} respondent{'en' if result.n_respondents != 1 else ''}")
        if report.round.is_final else
        ("Voortgang", answer_progress(result).text(), "antwoorden voor een score (concept)"),
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


class Picture(Flowable):
    """A picture the width of the frame, placed from its pixels (no PNG encoded and read again).

    The pixels go into the PDF as they are, compressed once with zlib's fastest level
    (the same picture, lossless). reportlab's ``drawImage`` would first hash the 1.3 MB of
    pixels (to find a picture drawn before), compress them at the default level and
    encode the result as ASCII85: three times the work for the same picture, and the
    chart differs in every report (``export --all``: docs/performance.md)."""

    def __init__(self, picture: PIL.Image.Image, width: float) -> None:
        super().__init__()
        self.picture = picture if picture.mode == "RGB" else picture.convert("RGB")
        pixels_w, pixels_h = picture.size
        self.drawWidth, self.drawHeight = width, pixels_h * width / pixels_w

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.drawWidth, self.drawHeight

    def draw(self) -> None:
        canvas = self.canv
        image = _PixelImage(self.picture)
        name = canvas._doc.getXObjectName(image.name)
        if canvas._doc.idToObject.get(name) is None:  # as drawImage: a picture is stored once
            canvas._setXObjects(image)
            canvas._doc.Reference(image, name)
            canvas._doc.addForm(image.name, image)
        canvas._currentPageHasImages = 1
        canvas.saveState()
        canvas.scale(self.drawWidth, self.drawHeight)
        canvas._code.append(f"/{name} Do")
        canvas.restoreState()
        canvas._formsinuse.append(image.name)


class _PixelImage(PDFImageXObject):
    """An RGB picture as a PDF image: its pixels compressed with zlib's fastest level; named
    by a checksum of that data, so the same picture gives the same bytes in every run."""

    def __init__(self, picture: PIL.Image.Image) -> None:
        self.width, self.height = picture.size
        self.bitsPerComponent, self.colorSpace, self.mask = 8, "DeviceRGB", None
        self.streamContent = zlib.compress(picture.tobytes(), 1)
        self._filters = ("FlateDecode",)
        self.name = f"picture{zlib.adler32(self.streamContent):08x}{len(self.streamContent):x}"


def summary(report: ReportData, chart_picture: PIL.Image.Image) -> list[Flowable]:
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

    story += [_m("Scores per onderdeel", "h2"), Picture(chart_picture, FRAME_W)]
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
                        f"({_e(origin(advice.source, advice.kind))})</font>",
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


def item_table(report: ReportData) -> list[Flowable]:
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
                    _p(full_question(item) + consensus_report.marker(scored), "cell_s"),
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
            + ("" if result.is_complete else f" {CONCEPT_MARK}: {concept_rule_text()}")
            + consensus_report.table_note(report),
            "small",
        ),
        Spacer(1, 0.25 * cm),
        _table(rows, widths, zebra=False, extra=extra),
    ]


def plan(report: ReportData) -> list[Flowable]:
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
    rows: list[list] = [_head("Actie", "Vraag", "Eigenaar", TARGET_DATE, "Status")]
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
            status_cell = _m(f'{status}<br/><font color="{RED.hexval()}">{OVERDUE_NOTE}</font>', "cell")
        else:
            status_cell = _p(status, "cell")
        rows.append(
            [
                description,
                _p(item_text, "cell"),
                _p(action.owner or "–", "cell"),
                _p(long_date(action.due_date) or "–", "cell"),
                status_cell,
            ]
        )
    story.append(_table(rows, [5.5 * cm, 2.8 * cm, 3.7 * cm, 2.6 * cm, 2.4 * cm]))  # "Streefdatum" on one line
    return story


def change(report: ReportData) -> list[Flowable]:
    story: list[Flowable] = [_m("Verandering sinds de vorige meting", "h2")]
    comparison, before = report.comparison, report.previous_round
    if not report.result.is_complete:
        story.append(_p("Deze meting is een concept met nog te weinig antwoorden: er is nog geen vergelijking."))
        return story
    if comparison is None or before is None or report.previous_result is None:
        story.append(_p("Er is geen eerdere definitieve meting van deze corporatie; er is nog geen vergelijking."))
        return story
    now = report.result
    story.append(_p(change_sentence(report)))
    story.append(Spacer(1, 0.2 * cm))
    rows: list[list] = [_head("Onderdeel") + [_m(h, "cell_head_r") for h in ("Vorige", "Nu", "Verschil")]]
    for title, before_score, after_score in section_changes(report):
        rows.append(
            [
                _p(title, "cell"),
                _p(score_text(before_score), "num"),
                _p(score_text(after_score), "num"),
                _p(change_text(before_score, after_score), "num_bold"),
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


def disagreements(report: ReportData) -> list[Flowable]:
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


def notes(report: ReportData) -> list[Flowable]:
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


def method(report: ReportData) -> list[Flowable]:
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
            "een opbouw: de eerste punten (draagvlak, een stappenplan) zijn nodig om de latere te kunnen zetten.",
            "cell",
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
            + ACTIONS_NOTE,
            "cell",
        ),
        # No KeepTogether of its own: the whole note is one (a nested KeepTogether
        # reports an endless height, and the note would never share a page).
        _m("Wie deden mee", "h2"),
        _p(
            f"{len(report.respondents)} respondenten vulden de vragenlijst in. Respondenten worden "
            "alleen met hun rol vastgelegd, nooit met hun naam. Er staan geen gegevens over huurders "
            f"in dit rapport. Checklistversie {report.round.checklist_version}.",
            "cell",
        ),
        Spacer(1, 0.2 * cm),
        _table(role_rows, [6 * cm, 4 * cm]),
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

