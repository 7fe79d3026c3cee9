"""The board report as Word document (python-docx): ReportData -> bytes.

The same content as the PDF, editable: a cover, then real headings (Heading 1/2, so
Word's navigation pane and table of contents work), tables in a table style with a
repeating header row, the section chart as a picture, and a header and footer with
"Pagina x van y" fields, in the house style of :mod:`readiness.export.docx_styles`.
python-docx writes text literally, so markup in notes stays text.
"""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from readiness.export import board_writers, consensus_report, figures
from readiness.export.board import board_paper
from readiness.export.docx_styles import AMBER, GREEN, INK, MUTED, RED, page_footer, running_header, setup
from readiness.export.docx_styles import set_widths as _set_widths
from readiness.export.docx_styles import small as _small
from readiness.export.docx_styles import table as _table
from readiness.export.docx_styles import text as _t
from readiness.export.labels import (
    OVERDUE_NOTE,
    TARGET_DATE,
    ACTION_STATUS,
    GAP_REASON,
    ROUND_STATUS,
    change_text,
    full_question,
    long_date,
    mean_text,
    role_counts,
    score_text,
    short_question,
)
from readiness.export.model import ReportData
from readiness.export.summary import (
    CONCEPT_MARK,
    CONCEPT_NOTE,
    change_sentence,
    concept_rule_text,
    headline,
    section_changes,
)
from readiness.provenance import ACTIONS_NOTE, CLASSIFICATION_NOTE, PHASE_NOTE, origin
from readiness.scoring import answer_progress, target_pct


def _setup(doc: DocxDocument, report: ReportData) -> None:
    title = f"Voordeurcheck {report.organisation.name} – {report.round.label}"
    setup(
        doc,
        title=title + ("" if report.round.is_final else f" ({CONCEPT_MARK})"),
        subject="Zelfevaluatie 'Signaleren achter de voordeur'",
    )


def _concept_header(section, report: ReportData) -> None:
    """CONCEPT in red at the top of every page of ``section`` (a concept round's report)."""
    paragraph = section.header.paragraphs[0]
    run = paragraph.add_run(f"{CONCEPT_MARK} – {CONCEPT_NOTE}")
    run.bold = True
    run.font.size = Pt(9)
    run.font.color.rgb = RED


def _header_footer(doc: DocxDocument, report: ReportData) -> None:
    section = doc.sections[-1]
    section.header.is_linked_to_previous = False  # the cover keeps no header
    section.footer.is_linked_to_previous = False
    header = running_header(section, "Voordeurcheck  ", f"{report.organisation.name} · {report.round.label}")
    if not report.round.is_final:
        run = header.add_run(f"   {CONCEPT_MARK}")
        run.bold = True
        run.font.size = Pt(8)
        run.font.color.rgb = RED
    footer = page_footer(section, f"Gemaakt op {long_date(report.generated_on)}   ·   ")
    if not report.round.is_final:
        run = footer.add_run(f"   ·   {CONCEPT_MARK}")
        run.bold = True
        run.font.size = Pt(8)
        run.font.color.rgb = RED


def _cover(doc: DocxDocument, report: ReportData) -> None:
    round_ = report.round
    doc.add_paragraph("Voordeurcheck", style="Title")
    sub = doc.add_paragraph(
        "Is onze corporatie klaar om huiselijk geweld en kindermishandeling te signaleren? "
        "Zelfevaluatie en verbeterplan"
    )
    sub.runs[0].font.size = Pt(12)
    sub.runs[0].font.color.rgb = MUTED
    name = doc.add_paragraph()
    run = name.add_run(_t(report.organisation.name))
    run.bold, run.font.size, run.font.color.rgb = True, Pt(22), INK
    label = doc.add_paragraph()
    run = label.add_run(_t(round_.label))
    run.font.size, run.font.color.rgb = Pt(15), MUTED
    facts = [
        ("Datum meting", long_date(round_.date)),
        ("Status", ROUND_STATUS[round_.status]),
        ("Respondenten", str(len(report.respondents))),
    ]
    table = doc.add_table(rows=0, cols=2)
    for key, value in facts:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = key, _t(value)
        cells[0].paragraphs[0].runs[0].font.color.rgb = MUTED
    _set_widths(table, [4.5, 10.0])
    if not round_.is_final:
        note = doc.add_paragraph()
        run = note.add_run(f"{CONCEPT_MARK}: voorlopige uitkomst. ")
        run.bold, run.font.color.rgb = True, RED
        note.add_run("Deze meting is nog niet afgerond; de scores kunnen nog veranderen. " + concept_rule_text())
    head = headline(report)
    doc.add_heading("De uitkomst in het kort", level=2)
    answer = doc.add_table(rows=0, cols=2)
    for key, value, bold in (("Totaalscore", head.score, True), ("Fase", head.phase, True), ("Verandering", head.change, False)):
        cells = answer.add_row().cells
        cells[0].text, cells[1].text = key, _t(value)
        cells[0].paragraphs[0].runs[0].font.color.rgb = MUTED
        cells[1].paragraphs[0].runs[0].bold = bold
    _set_widths(answer, [4.5, 12.5])
    if head.steps:
        steps = doc.add_paragraph()
        steps.paragraph_format.space_before = Pt(6)
        steps.add_run("De drie volgende stappen").bold = True
        for n, text in enumerate(head.steps, start=1):
            doc.add_paragraph(_t(f"{n}. {text}"))
    _small(
        doc,
        f"{PHASE_NOTE} Dit rapport bevat geen gegevens over huurders; "
        "respondenten staan er alleen met hun rol in.",
    )


def _summary(doc: DocxDocument, report: ReportData, chart_png: bytes) -> None:
    result, checklist, comparison = report.result, report.checklist, report.comparison
    goal = target_pct(result.target_level)
    doc.add_heading("Samenvatting", level=1)
    if not result.is_complete:
        change = "concept: nog geen vergelijking"
    elif comparison is not None and report.previous_round is not None and report.previous_result is not None:
        change = f"{change_text(comparison.overall_before, comparison.overall_after)} sinds {report.previous_round.label}" + (
            " (gemiddelde respondenten, andere basis)" if comparison.basis_changed else ""
        )
    else:
        change = "eerste definitieve meting"
    _table(
        doc,
        ["Totaalscore", "Fase", "Verandering", "Beantwoord" if report.round.is_final else "Voortgang"],
        [[
            f"{score_text(result.overall)} van 100" if result.is_complete else "– (concept)",
            f"{result.phase.level} · {result.phase.name}" if result.is_complete else "– (concept)",
            change,
            f"{result.n_answered_items}/{len(result.items)} vragen, {result.n_respondents} respondenten"
            if report.round.is_final else f"{answer_progress(result).text()} antwoorden voor een score",
        ]],
        [3.6, 4.8, 4.6, 4.0],
    )  # fmt: skip
    phase = result.phase
    if not result.is_complete:
        withheld = ", ".join(checklist.section(s).title for s in result.withheld_sections)
        paragraph = doc.add_paragraph()
        paragraph.add_run(f"{CONCEPT_MARK}. ").bold = True
        paragraph.add_run(_t(f"{concept_rule_text()} Nog te weinig antwoorden bij: {withheld}."))
    else:
        paragraph = doc.add_paragraph()
        paragraph.add_run(_t(f"Fase {phase.level}: {phase.name}. ")).bold = True
        paragraph.add_run(_t(" ".join(phase.description.split())))
    if result.is_complete and phase.next_phase is not None and phase.blocking_sections:
        titles = [checklist.section(s).title for s in phase.blocking_sections]
        doc.add_paragraph(
            _t(
                f"Voor fase {phase.next_phase.level} ({phase.next_phase.name}) moeten deze onderdelen op "
                f"het streefniveau ({score_text(goal)}) komen: {', '.join(titles)}."
            )
        )
    doc.add_heading("De drie belangrijkste volgende stappen", level=2)
    if not result.is_complete:
        doc.add_paragraph("Volgende stappen volgen zodra alle onderdelen genoeg antwoorden hebben.")
    elif not result.next_steps:
        doc.add_paragraph(
            "Alle vragen zitten op of boven het streefniveau en er zijn geen vragen waarop veel "
            "respondenten 'weet ik niet' antwoordden."
        )
    for step in result.next_steps:
        item = checklist.item(step.item_id)
        advice = item.actions[0]
        paragraph = doc.add_paragraph(style="List Number")
        paragraph.add_run(_t(f"Vraag {item.number} · {checklist.section(step.section_id).title}: ")).bold = True
        paragraph.add_run(_t(" ".join(item.question.split())))
        paragraph.add_run(
            _t(f" Score {score_text(step.score)} – {GAP_REASON.get(step.reason, step.reason)}. ")
        )
        paragraph.add_run("Suggestie: ").italic = True
        paragraph.add_run(_t(f"{advice.text} ({origin(advice.source, advice.kind)})"))
    doc.add_heading("Scores per onderdeel", level=2)
    _small(
        doc,
        "Onderdelen in de volgorde van de checklist. Groen: op of boven het streefniveau "
        f"({score_text(goal)}); oranje: eronder." + (" Grijze streep: de vorige meting." if report.chart_previous else ""),
    )
    doc.add_picture(io.BytesIO(chart_png), width=Cm(16.5))
    doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    # the chart's numbers as its description (screen readers; the same text as on the bars)
    doc.inline_shapes[-1]._inline.docPr.set("descr", figures.section_alt_text(result))


def _items(doc: DocxDocument, report: ReportData) -> None:
    result, checklist = report.result, report.checklist
    goal = target_pct(result.target_level)
    doc.add_heading("Scores per vraag", level=1)
    _small(
        doc,
        f"Score: het gemiddelde antwoord op de schaal 0–4, omgerekend naar 0–100 (streefniveau {score_text(goal)}). "
        "'Beantwoord' telt alle antwoorden, ook 'weet ik niet' en 'n.v.t.'; die tellen niet mee in de score."
        + ("" if result.is_complete else f" {CONCEPT_MARK}: {concept_rule_text()}")
        + consensus_report.table_note(report),
    )
    rows = []
    section_rows = []
    scores: list[float | None] = []
    for section in checklist.sections:
        section_rows.append(len(rows) + 1)
        scores.append(result.section(section.id).score)
        rows.append(["", section.title, score_text(result.section(section.id).score), "", "", ""])
        for item in section.items:
            scored = result.item(item.id)
            scores.append(scored.score)
            rows.append(
                [
                    str(item.number),
                    full_question(item) + consensus_report.marker(scored),
                    score_text(scored.score),
                    str(scored.n_answered),
                    str(scored.n_dont_know),
                    str(scored.n_na) if item.allows_na else "–",
                ]
            )
    table = _table(
        doc, ["Nr", "Vraag", "Score", "Beantwoord", "Weet ik niet", "N.v.t."], rows, [0.9, 8.2, 1.4, 2.9, 2.2, 1.4]
    )
    for index in section_rows:
        for cell in table.rows[index].cells:
            for run in cell.paragraphs[0].runs:
                run.bold = True
    for index, score in enumerate(scores, start=1):
        if score is None:
            continue
        run = table.rows[index].cells[2].paragraphs[0].runs[0]
        run.font.color.rgb = GREEN if score >= goal - 1e-9 else AMBER


def _plan(doc: DocxDocument, report: ReportData) -> None:
    doc.add_heading("Verbeterplan", level=1)
    if not report.actions:
        doc.add_paragraph(
            "Er is nog geen verbeterplan: er zijn nog geen verbeteracties vastgelegd. "
            "Begin bij de volgende stappen uit de samenvatting."
        )
        return
    rows = []
    for action in report.actions:
        try:  # the question's number (its words are in the scores table): no word is broken
            item = report.checklist.item(action.item_id)
            item_text = str(item.number)
        except KeyError:
            item_text = action.item_id
        text = action.description + (f"\n{action.notes}" if action.notes else "")
        status = ACTION_STATUS[action.status]
        if action.is_overdue(report.generated_on):
            status += f" ({OVERDUE_NOTE})"
        rows.append([text, item_text, action.owner or "–", long_date(action.due_date) or "–", status])
    _table(doc, ["Actie", "Vraag", "Eigenaar", TARGET_DATE, "Status"], rows, [7.6, 1.5, 3.5, 2.6, 1.8])


def _change(doc: DocxDocument, report: ReportData) -> None:
    doc.add_heading("Verandering sinds de vorige meting", level=2)
    comparison, before, prev = report.comparison, report.previous_round, report.previous_result
    if not report.result.is_complete:
        doc.add_paragraph("Deze meting is een concept met nog te weinig antwoorden: er is nog geen vergelijking.")
        return
    if comparison is None or before is None or prev is None:
        doc.add_paragraph("Er is geen eerdere definitieve meting van deze corporatie; er is nog geen vergelijking.")
        return
    now = report.result
    doc.add_paragraph(_t(change_sentence(report)))
    _table(
        doc,
        ["Onderdeel", "Vorige", "Nu", "Verschil"],
        [
            [title, score_text(before_score), score_text(after_score), change_text(before_score, after_score)]
            for title, before_score, after_score in section_changes(report)
        ],
        [8.5, 2.5, 2.5, 2.5],
    )
    for title, changes in (("Meeste vooruitgang", comparison.up), ("Achteruitgang", comparison.down)):
        if not changes:
            continue
        parts = []
        for change in changes[:3]:
            item = report.checklist.item(change.item_id)
            parts.append(
                f"vraag {item.number} ({short_question(item, 60)}): "
                f"{score_text(change.before)} → {score_text(change.after)} ({change_text(change.before, change.after)})"
            )
        paragraph = doc.add_paragraph()
        paragraph.add_run(f"{title}: ").bold = True
        paragraph.add_run(_t("; ".join(parts) + "."))
    if comparison.newly_unknown:
        parts = []
        for item_id in comparison.newly_unknown:
            item, now_item = report.checklist.item(item_id), now.item(item_id)
            parts.append(
                f"vraag {item.number} ({short_question(item, 60)}): nu {now_item.n_dont_know} van de "
                f"{now_item.n_answered} antwoorden 'weet ik niet'"
            )
        paragraph = doc.add_paragraph()
        paragraph.add_run("Kennis kwijt: ").bold = True
        paragraph.add_run(
            _t("nu vaak 'weet ik niet', de vorige keer wel een beeld (dat is geen vooruitgang): " + "; ".join(parts) + ".")
        )


def _disagreements(doc: DocxDocument, report: ReportData) -> None:
    if not report.result.disagreements:
        return
    checklist = report.checklist
    doc.add_heading("Waar de rollen verschillen", level=2)
    _small(doc, "Vragen waarop de gemiddelden van twee rollen minstens 2 punten (schaal 0–4) uit elkaar liggen.")
    rows = []
    for d in report.result.disagreements:
        item = checklist.item(d.item_id)
        rows.append(
            [
                str(item.number),
                full_question(item),
                f"{checklist.role_label(d.high_role)} {mean_text(d.high_mean)}",
                f"{checklist.role_label(d.low_role)} {mean_text(d.low_mean)}",
            ]
        )
    _table(doc, ["Nr", "Vraag", "Hoogst", "Laagst"], rows, [1.0, 9.0, 3.5, 3.5])


def _notes(doc: DocxDocument, report: ReportData) -> None:
    checklist = report.checklist
    doc.add_heading("Toelichtingen", level=2)
    role_of = {r.id: r.role for r in report.respondents}
    order = {item.id: item.number for item in checklist.items}
    noted = sorted(
        (a for a in report.answers if a.note.strip() and a.respondent_id in role_of),
        key=lambda a: (order.get(a.item_id, 999), a.respondent_id),
    )
    if not noted:
        doc.add_paragraph("Bij deze meting zijn geen toelichtingen gegeven.")
        return
    _table(
        doc,
        ["Vraag", "Rol", "Toelichting"],
        [
            [
                f"{order[a.item_id]}. {short_question(checklist.item(a.item_id), 45)}" if a.item_id in order else a.item_id,
                checklist.role_label(role_of[a.respondent_id]),
                a.note,
            ]
            for a in noted
        ],
        [4.5, 2.5, 10.0],
    )


def _method(doc: DocxDocument, report: ReportData) -> None:
    checklist = report.checklist
    goal = target_pct(report.result.target_level)
    doc.add_page_break()
    doc.add_heading("Over deze meting", level=1)
    paragraph = doc.add_paragraph()
    paragraph.add_run("Bron. ").bold = True
    paragraph.add_run("De vragen volgen de checklist 'Is een corporatie er klaar voor?' uit: ")
    paragraph.add_run(_t(" ".join(checklist.source.split()))).italic = True
    doc.add_paragraph(
        "De twintig punten staan in zes onderdelen, in de volgorde van de handreiking. Die volgorde is een "
        "opbouw: de eerste punten (draagvlak, een stappenplan) zijn nodig om de latere te kunnen zetten."
    )
    doc.add_heading("Schaal", level=2)
    rows = [[str(level.value), level.label, level.description] for level in checklist.scale]
    rows.append(["–", checklist.dont_know_label, "Telt niet mee in de score, wel in 'weet ik niet'."])
    rows.append(["–", checklist.na_label, "Alleen bij vragen waar dat kan; telt niet mee in de score."])
    _table(doc, ["Waarde", "Betekenis", "Omschrijving"], rows, [1.9, 3.5, 11.6])
    doc.add_heading("Zo wordt gerekend", level=2)
    doc.add_paragraph(
        "De score van een vraag is het gemiddelde antwoord van de respondenten, omgerekend naar 0–100 "
        "(4 = 100). De score van een onderdeel is het gemiddelde van zijn vragen; de totaalscore is het "
        "gemiddelde van alle vragen, zodat elk punt van de checklist even zwaar weegt. "
        f"Het streefniveau is {report.result.target_level} op de schaal ({score_text(goal)}). Een fase is bereikt als "
        "alle onderdelen die ervoor nodig zijn op streefniveau zitten; de fasen bouwen op elkaar voort. "
        "Scores zijn hele getallen: een half naar boven (62,5 wordt 63). "
        + CLASSIFICATION_NOTE
        + " "
        + ACTIONS_NOTE
    )
    doc.add_heading("Wie deden mee", level=2)
    doc.add_paragraph(
        f"{len(report.respondents)} respondenten vulden de vragenlijst in. Respondenten worden alleen met "
        "hun rol vastgelegd, nooit met hun naam. Er staan geen gegevens over huurders in dit rapport."
    )
    _table(
        doc,
        ["Rol", "Aantal respondenten"],
        [[label, str(count)] for label, count in role_counts(checklist, report.roles)],
        [6.0, 4.0],
    )
    _small(doc, f"Checklistversie {report.round.checklist_version}.")


def build_docx(report: ReportData, chart_png: bytes | None = None) -> bytes:
    """The report for one round as a .docx file."""
    if chart_png is None:
        chart_png = figures.section_chart(report.result, report.chart_previous)
    doc = Document()
    _setup(doc, report)
    if not report.round.is_final:
        _concept_header(doc.sections[0], report)  # the cover page carries the mark too
    board_writers.add_to_docx(doc, board_paper(report, report.sector_line))  # page 1: the bestuursvoorstel
    _cover(doc, report)
    doc.add_section(WD_SECTION.NEW_PAGE)
    _header_footer(doc, report)
    _summary(doc, report, chart_png)
    doc.add_page_break()
    _items(doc, report)
    consensus_report.docx_block(doc, report)
    doc.add_page_break()
    _plan(doc, report)
    _change(doc, report)
    _disagreements(doc, report)
    _notes(doc, report)
    _method(doc, report)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
