"""Excel workbook of a corporation (openpyxl): answers, scores, plan; and the import template.

Sheets of the export: "Metingen" (one row per round, newest first: status, phase, total,
change since the previous final round and the section scores: the earlier rounds at a
glance), "Antwoorden" (one row per answer: round x respondent x item), "Scores" (overall,
section and item scores per round, each with its basis: agreed in the consensus meeting or
the respondents' mean), "Verbeterplan", "Consensusgesprek" (one row per agreed level, with
its rationale and the respondents' answers beside it) and "Over dit bestand" (with the
phase of the latest final round). The import reads only "Antwoorden".

Scores are whole numbers by the one display rule (:mod:`readiness.formatting`), as on
every page and in every report; "Scores" also carries the unrounded value in the column
``score exact`` for whoever recomputes. A concept round's scores follow the concept rule
(empty while a section has too few answers). Every sheet has a bold header, a frozen header row, an auto filter and column
widths that fit the content. Text cells go through
:func:`readiness.export.safety.neutralise_formula`: text is never run as a formula.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from readiness import glossary
from readiness.consensus import compare_like_for_like, level_text, section_basis_text, total_basis_text
from readiness.consensus import basis_text as item_basis_text
from readiness.export.labels import (
    CONSENSUS_SHEET,
    ROUND_COLUMN,
    TARGET_DATE,
    ACTION_STATUS,
    ANSWER_DONT_KNOW,
    ANSWER_NA,
    PRIORITY,
    ROUND_STATUS,
    answer_label,
)
from readiness.export.model import OrganisationData
from readiness.formatting import format_date, format_mean, score_delta, shown_score
from readiness.scoring import answer_progress
from readiness.export.safety import neutralise_formula
from readiness.export.tabular import respondent_keys
from readiness.models import SIZE_CLASSES, AnswerKind, Checklist
from readiness.privacy import PRIVACY_NOTICE
from readiness.provenance import CLASSIFICATION_NOTE

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F2A44")
TITLE_FONT = Font(bold=True, size=14)
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
#: The one date format of pages and documents, "10 mei 2026" (readiness.formatting.format_date),
#: as an Excel number format with Dutch month names ([$-413] is the nl-NL locale), so the cell
#: stays a real date for sorting and filtering.
DATE_FORMAT = "[$-413]d mmmm yyyy"
DATETIME_FORMAT = "[$-413]d mmmm yyyy hh:mm"

#: Column width caps (characters) for long text columns; wrapped when longer.
WIDE = {"vraag": 60, "toelichting": 60, "actie": 60, "notities": 45, "omschrijving": 90, "waarde": 90}


def _value(value):
    """A cell value: text is neutralised, numbers and dates are kept as they are."""
    if isinstance(value, str):
        return neutralise_formula(value)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)  # Excel has no time zones
    return value


def _sheet(
    ws: Worksheet,
    header: Sequence[str],
    rows: Iterable[Sequence],
    *,
    formats: dict[str, str] | None = None,
) -> None:
    """Fill a sheet as a table: bold header, frozen, filtered, fitted widths."""
    formats = formats or {}
    ws.append([_value(h) for h in header])
    for cell in ws[1]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center")
    widths = [len(h) + 4 for h in header]
    for row in rows:
        ws.append([_value(v) for v in row])
        for index, value in enumerate(row):
            if isinstance(value, dt.date):  # as the cell shows it: "10 september 2026 14:05"
                text = format_date(value) + (" 00:00" if isinstance(value, dt.datetime) else "")
            else:
                text = str(value or "")
            widths[index] = max(widths[index], min(len(text) + 2, 120))
    for index, name in enumerate(header):
        letter = get_column_letter(index + 1)
        cap = WIDE.get(name, 28)
        ws.column_dimensions[letter].width = max(8, min(widths[index], cap))
        wrap = widths[index] > cap
        number_format = formats.get(name)
        if wrap or number_format:
            for (cell,) in ws.iter_rows(min_row=2, min_col=index + 1, max_col=index + 1):
                if wrap:
                    cell.alignment = WRAP
                if number_format:
                    cell.number_format = number_format
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(ws.max_row, 1)}"
    ws.row_dimensions[1].height = 20
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if cell.alignment is None or not cell.alignment.wrap_text:
                cell.alignment = TOP


def _answers_sheet(ws: Worksheet, data: OrganisationData) -> None:
    checklist = data.checklist
    order = {item.id: item.number for item in checklist.items}
    rows = []
    for record in data.rounds:
        keys = respondent_keys(checklist, record.respondents)
        role_of = {r.id: r.role for r in record.respondents}
        position = {r.id: i for i, r in enumerate(record.respondents)}
        for answer in sorted(
            (a for a in record.answers if a.respondent_id in keys),
            key=lambda a: (position[a.respondent_id], order.get(a.item_id, 999)),
        ):
            item = _item(checklist, answer.item_id)
            rows.append(
                [
                    record.round.label,
                    record.round.date,
                    keys[answer.respondent_id],
                    checklist.role_label(role_of[answer.respondent_id]),
                    answer.item_id,
                    item.number if item else None,
                    " ".join(item.question.split()) if item else "",
                    answer_label(checklist, answer.kind, answer.score),
                    answer.score if answer.kind == AnswerKind.SCORE else None,
                    answer.note,
                ]
            )
    _sheet(
        ws,
        [ROUND_COLUMN, "datum", "respondent", "rol", "item id", "nummer", "vraag", "antwoord", "score", "toelichting"],
        rows,
        formats={"datum": DATE_FORMAT},
    )


def _scores_sheet(ws: Worksheet, data: OrganisationData) -> None:
    checklist = data.checklist
    rows = []
    for record in data.rounds:
        round_, result = record.round, record.result
        start = [round_.label, round_.date, ROUND_STATUS[round_.status]]
        rows.append(
            [*start, "totaal", "", "", None, "Alle vragen", shown_score(result.overall), _exact(result.overall),
             total_basis_text(result), None, None,
             sum(i.n_scored for i in result.items), sum(i.n_dont_know for i in result.items),
             sum(i.n_na for i in result.items), sum(i.n_open for i in result.items)]
        )  # fmt: skip
        for section in result.sections:
            items = [i for i in result.items if i.section_id == section.section_id]
            shown = section.section_id not in result.withheld_sections  # the concept rule
            rows.append(
                [*start, "onderdeel", section.title, "", None, section.title, shown_score(section.score),
                 _exact(section.score), section_basis_text(result, section.section_id), None, None,
                 sum(i.n_scored for i in items), sum(i.n_dont_know for i in items),
                 sum(i.n_na for i in items), sum(i.n_open for i in items)]
            )  # fmt: skip
            for scored in items:
                item = checklist.item(scored.item_id)
                said = scored.respondents_mean if shown else None
                rows.append(
                    [*start, "vraag", section.title, scored.item_id, scored.number,
                     " ".join(item.question.split()), shown_score(scored.score), _exact(scored.score),
                     item_basis_text(scored), _agreed_cell(scored),
                     None if said is None else round(said, 2),
                     scored.n_scored, scored.n_dont_know, scored.n_na, scored.n_open]
                )  # fmt: skip
    _sheet(
        ws,
        [ROUND_COLUMN, "datum", "status", "niveau", "onderdeel", "item id", "nummer", "vraag",
         "score (0-100)", "score exact", "basis", "vastgesteld niveau", "gemiddelde respondenten (0-4)",
         "n score", "weet ik niet", "nvt", "nog open"],
        rows,
        formats={"datum": DATE_FORMAT, "score (0-100)": "0", "score exact": "0.000",
                 "gemiddelde respondenten (0-4)": "0.00"},
    )  # fmt: skip


def _agreed_cell(scored) -> int | str | None:
    """The agreed level of an item (0-4, or "nog niet te bepalen"); None without one."""
    if scored.agreement is None:
        return None
    return scored.agreement.level if scored.agreement.level is not None else level_text(None)


def _consensus_sheet(ws: Worksheet, data: OrganisationData) -> None:
    """One row per agreed level: the level, its rationale and the meeting, with what the
    respondents answered beside it (their mean, by role, and the "weet ik niet"s)."""
    checklist = data.checklist
    order = {item.id: item.number for item in checklist.items}
    action_text = {a.id: a.description for a in data.actions}
    rows = []
    for record in data.rounds:
        if record.meeting is None:
            continue
        meeting = record.meeting
        by_item = {i.item_id: i for i in record.result.items}
        for level in sorted(record.agreed_levels, key=lambda lv: (order.get(lv.item_id, 999), lv.item_id)):
            item, scored = _item(checklist, level.item_id), by_item.get(level.item_id)
            roles = ""
            if scored is not None:
                roles = ", ".join(
                    f"{checklist.role_label(role).lower()} {format_mean(mean)}"
                    for role, mean in scored.by_role.items() if mean is not None
                )  # fmt: skip
            said = scored.respondents_mean if scored is not None else None
            rows.append(
                [record.round.label, record.round.date, meeting.held_on, meeting.status.value,
                 level.item_id, item.number if item else None, " ".join(item.question.split()) if item else "",
                 level.level, level_text(level.level, checklist), level.rationale,
                 "ja" if level.follow_up else "nee", action_text.get(level.action_id, ""),
                 None if said is None else round(said, 2), roles,
                 scored.n_dont_know if scored is not None else None]
            )  # fmt: skip
    _sheet(
        ws,
        [ROUND_COLUMN, "datum", "consensusgesprek", "status gesprek", "item id", "nummer", "vraag",
         "vastgesteld niveau", "vastgesteld", "onderbouwing", "vervolg", "actie in verbeterplan",
         "gemiddelde respondenten (0-4)", "per rol", "weet ik niet"],
        rows,
        formats={"datum": DATE_FORMAT, "consensusgesprek": DATE_FORMAT, "gemiddelde respondenten (0-4)": "0.00"},
    )  # fmt: skip


def _plan_sheet(ws: Worksheet, data: OrganisationData) -> None:
    checklist = data.checklist
    today = data.exported_at.date()
    rows = []
    for action in data.actions:
        item = _item(checklist, action.item_id)
        rows.append(
            [
                action.item_id,
                item.number if item else None,
                " ".join(item.question.split()) if item else "",
                action.description,
                action.owner,
                action.due_date,
                ACTION_STATUS[action.status],
                "ja" if action.is_overdue(today) else "",
                PRIORITY[action.priority],
                action.notes,
                data.round_label(action.origin_round_id) or "",
                data.round_label(action.closed_round_id) or "",
                action.updated_at,
            ]
        )
    _sheet(
        ws,
        ["item id", "nummer", "vraag", "actie", "eigenaar", TARGET_DATE.lower(), "status", glossary.OVERDUE, "prioriteit",
         "notities", "gestart bij meting", "afgesloten bij meting", "laatst gewijzigd"],
        rows,
        formats={TARGET_DATE.lower(): DATE_FORMAT, "laatst gewijzigd": DATETIME_FORMAT},
    )  # fmt: skip


def _about_sheet(ws: Worksheet, data: OrganisationData) -> None:
    org, checklist = data.organisation, data.checklist
    rows: list[list] = [
        ["Corporatie", org.name],
        ["Korte naam", org.slug],
        ["Grootteklasse", f"{org.size_class} ({SIZE_CLASSES.get(org.size_class, '')})"],
        ["Regio", org.region],
        ["Aantal metingen", len(data.rounds)],
        ["Fase", _latest_phase(data)],
        ["Geëxporteerd op", data.exported_at],
        ["Checklistversie", checklist.version],
        ["Bron", " ".join(checklist.source.split())],
        ["Score", "Gemiddelde antwoord op de schaal 0-4, omgerekend naar 0-100; 'weet ik niet' en "
                  "'nvt' tellen niet mee in het gemiddelde maar worden wel geteld. Als heel getal: een half "
                  "naar boven (62,5 wordt 63), een score net onder een schaalniveau nooit op dat niveau "
                  "(74,6 wordt 74). De kolom 'score exact' geeft de onafgeronde waarde."],
        ["Concept", "Bij een meting die nog niet definitief is, staat de score van een onderdeel er pas "
                    "als elke vraag ervan minstens twee antwoorden met een score of 'nvt' heeft; fase en "
                    "totaal pas als dat voor alle onderdelen geldt."],
        ["Consensusgesprek", "Waar een consensusgesprek een niveau vaststelde, is dat niveau de score van de "
                             "vraag in plaats van het gemiddelde van de respondenten; onderdeel en totaal "
                             "volgen daaruit. De kolom 'basis' zegt per score welke het is: 'vastgesteld in het "
                             "consensusgesprek van …' of 'gemiddelde van de respondenten'. Het blad "
                             f"'{CONSENSUS_SHEET}' geeft per vastgesteld niveau de onderbouwing en wat de "
                             "respondenten antwoordden. Bij inlezen neemt alleen een JSON-export de "
                             "vastgestelde niveaus mee."],
        ["Vergelijking", "De kolom 'verandering' op het blad 'Metingen' is het verschil met de vorige definitieve "
                         "meting op gelijke basis: heeft maar één van beide metingen vastgestelde niveaus uit een "
                         "consensusgesprek, dan is het verschil berekend op het gemiddelde van de respondenten in "
                         "beide. 'Verandering met vastgestelde niveaus' geeft het verschil van de getoonde scores; "
                         "'basis van de vergelijking' noemt de basiswissel en de vragen."],
        ["Voortgang", f"Bij een concept: '{glossary.PROGRESS_LABEL.lower()}', gegeven van nodig. "
                      + glossary.PROGRESS_HELP],
        ["Indeling", CLASSIFICATION_NOTE],
    ]  # fmt: skip
    rows += [[f"Schaal {level.value}", f"{level.label}: {level.description}"] for level in checklist.scale]
    rows += [["Privacy", "Respondenten staan hier alleen met hun rol en een omschrijving zonder naam. "
                         "Dit bestand bevat geen gegevens over huurders."]]  # fmt: skip
    _sheet(ws, ["onderwerp", "waarde"], rows)
    ws["B8"].number_format = DATETIME_FORMAT  # "Geëxporteerd op"
    ws["B8"].alignment = Alignment(horizontal="left", vertical="top")
    for (cell,) in ws.iter_rows(min_row=2, max_col=1):
        cell.font = BOLD


def _latest_phase(data: OrganisationData) -> str:
    """The phase of the latest final round (what the corporation has reached)."""
    final = [r for r in data.rounds if r.round.is_final]
    if not final:
        return "nog geen definitieve meting"
    return f"{_phase_text(data, final[-1].result)} (bij {final[-1].round.label})"


def _item(checklist: Checklist, item_id: str):
    try:
        return checklist.item(item_id)
    except KeyError:
        return None


def _exact(value: float | None) -> float | None:
    """The unrounded score (for recomputing; never shown as the score)."""
    return None if value is None else round(value, 6)


def _phase_text(data: OrganisationData, result) -> str:
    if not result.is_complete:
        return "nog niet te bepalen (concept)"
    last = max(p.level for p in data.checklist.phases)
    return f"{result.phase.level} van {last}: {result.phase.name}"


def _rounds_sheet(ws: Worksheet, data: OrganisationData) -> None:
    """One row per round, newest first: the phase and scores of every (earlier) round."""
    checklist = data.checklist
    previous_final = None
    rows = []
    for record in data.rounds:  # oldest first, for the change since the previous final round
        result = record.result
        change = agreed = None
        note = ""
        if previous_final is not None and result.is_complete:
            # like for like: one basis for both rounds (consensus.compare_like_for_like)
            comparison = compare_like_for_like(checklist, previous_final.result, result)
            change = score_delta(comparison.overall_before, comparison.overall_after)
            if comparison.shown is not None:
                agreed = score_delta(comparison.shown.overall_before, comparison.shown.overall_after)
                note = " ".join(filter(None, (comparison.basis_note, comparison.phase_note)))
        rows.append(
            [record.round.label, record.round.date, ROUND_STATUS[record.round.status],
             _phase_text(data, result), shown_score(result.overall), change,
             previous_final.round.label if previous_final is not None and change is not None else "",
             agreed, note, "" if record.round.is_final else answer_progress(result).text(),
             *[shown_score(s.score) for s in result.sections],
             total_basis_text(result), record.meeting.held_on if record.meeting is not None else None]
        )  # fmt: skip
        if record.round.is_final:
            previous_final = record
    _sheet(
        ws,
        ["meting", "datum", "status", "fase", "totaalscore", "verandering", "vergeleken met",
         "verandering met vastgestelde niveaus", "basis van de vergelijking", glossary.PROGRESS_LABEL.lower(),
         *[s.title for s in checklist.sections], "basis", "consensusgesprek"],
        list(reversed(rows)),
        formats={"datum": DATE_FORMAT, "consensusgesprek": DATE_FORMAT},
    )  # fmt: skip


def _save(wb: Workbook, data_title: str) -> bytes:
    wb.properties.creator = "Voordeurcheck"
    wb.properties.title = data_title
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def to_xlsx(data: OrganisationData) -> bytes:
    """The workbook of one corporation (all rounds in ``data``)."""
    wb = Workbook()
    _rounds_sheet(wb.active, data)
    wb.active.title = "Metingen"
    _answers_sheet(wb.create_sheet("Antwoorden"), data)
    _scores_sheet(wb.create_sheet("Scores"), data)
    _plan_sheet(wb.create_sheet("Verbeterplan"), data)
    _consensus_sheet(wb.create_sheet(CONSENSUS_SHEET), data)
    _about_sheet(wb.create_sheet("Over dit bestand"), data)
    return _save(wb, f"Voordeurcheck {data.organisation.name}")


# --------------------------------------------------------------------------- template


def template_xlsx(checklist: Checklist) -> bytes:
    """The answer template: one row per question, drop-down lists for role and answer.

    Sheet "Antwoorden" is what the importer reads (columns meting, datum, rol, respondent,
    item, antwoord, toelichting; "nummer" and "vraag" are there to read and are ignored).
    Sheets "Uitleg" and "Vragen" explain the scale, the roles and the questions.
    """
    wb = Workbook()
    ws = wb.active
    ws.title = "Antwoorden"
    header = [ROUND_COLUMN, "datum", "rol", "respondent", "item", "nummer", "vraag", "antwoord", "toelichting"]
    rows = [["", None, "", "", item.id, item.number, " ".join(item.question.split()), "", ""]
            for item in checklist.items]  # fmt: skip
    _sheet(ws, header, rows, formats={"datum": DATE_FORMAT})
    for letter, width in (("A", 22), ("B", 13), ("C", 22), ("D", 18), ("H", 16), ("I", 50)):
        ws.column_dimensions[letter].width = width
    last = len(rows) + 200
    roles = DataValidation(
        type="list",
        formula1='"' + ",".join(r.id for r in checklist.roles) + '"',
        allow_blank=True,
        errorTitle="Onbekende rol",
        error="Kies een rol uit de lijst.",
    )
    answers = DataValidation(
        type="list",
        formula1=f'"0,1,2,3,4,{ANSWER_DONT_KNOW},{ANSWER_NA}"',
        allow_blank=True,
        errorTitle="Ongeldig antwoord",
        error="Kies 0-4, 'weet ik niet' of 'nvt' (alleen waar dat kan).",
    )
    ws.add_data_validation(roles)
    ws.add_data_validation(answers)
    roles.add(f"C2:C{last}")
    answers.add(f"H2:H{last}")

    guide = wb.create_sheet("Uitleg")
    guide.column_dimensions["A"].width = 24
    guide.column_dimensions["B"].width = 100
    lines: list[tuple[str, str]] = [
        ("Voordeurcheck", "Sjabloon voor antwoorden die buiten de app zijn verzameld"),
        ("", ""),
        ("Zo vult u het in", "Eén rij per antwoord. Kopieer het blok van twintig rijen voor elke respondent."),
        (ROUND_COLUMN, "Naam van de meting, bijvoorbeeld 'Nulmeting 2026'. Bestaat die nog niet, dan wordt hij "
                  "aangemaakt; een definitieve meting kan niet meer worden gewijzigd."),
        ("datum", "Datum van de meting (dd-mm-jjjj of jjjj-mm-dd). Nodig voor een nieuwe meting."),
        ("rol", "Een van: " + ", ".join(f"{r.id} ({r.label})" for r in checklist.roles)),
        ("respondent", "Wie antwoordde, zonder naam: bijvoorbeeld 'Uitvoering 1'. Dezelfde omschrijving "
                       "binnen één meting is dezelfde respondent."),
        ("item", "Het item-id van de vraag (staat al ingevuld; zie ook het tabblad Vragen)."),
        ("antwoord", f"0-4, '{ANSWER_DONT_KNOW}' of '{ANSWER_NA}' (nvt alleen bij vragen waar dat kan). "
                     "Rijen zonder antwoord worden overgeslagen."),
        ("toelichting", "Optioneel."),
        ("", ""),
        ("Consensusgesprek", "Vastgestelde niveaus uit een consensusgesprek worden met dit sjabloon niet "
                             "ingelezen: het leest alleen antwoorden. De kolommen 'basis', 'vastgesteld niveau', "
                             "'onderbouwing' en 'consensusgesprek' van een CSV-export en het blad "
                             f"'{CONSENSUS_SHEET}' van een Excel-export worden overgeslagen. Alleen een "
                             "JSON-export neemt vastgestelde niveaus mee naar een andere installatie."),
        ("", ""),
        ("Privacy", PRIVACY_NOTICE),
        ("", ""),
        ("Schaal", ""),
    ]  # fmt: skip
    lines += [(str(level.value), f"{level.label}: {level.description}") for level in checklist.scale]
    for key, text in lines:
        guide.append([neutralise_formula(key), neutralise_formula(text)])
    for row in guide.iter_rows():
        row[0].font = BOLD
        row[0].alignment = TOP
        row[1].alignment = WRAP
    guide["A1"].font = TITLE_FONT

    questions = wb.create_sheet("Vragen")
    _sheet(
        questions,
        ["item id", "nummer", "onderdeel", "vraag", "nvt mogelijk"],
        [
            [item.id, item.number, checklist.section_of(item.id).title, " ".join(item.question.split()),
             "ja" if item.allows_na else "nee"]
            for item in checklist.items
        ],  # fmt: skip
    )
    return _save(wb, "Voordeurcheck antwoordsjabloon")
