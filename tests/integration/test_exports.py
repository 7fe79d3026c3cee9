"""Exports (PDF, DOCX, XLSX, CSV, JSON) opened with real readers, on SQLite and PostgreSQL.

The test corporation has two final rounds, notes and actions with Dutch characters
(ë, é, ï), notes with markup and with spreadsheet formulas, and respondent labels that
must never appear in the reports for people (roles only).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest

from readiness.config import DEFAULT_CHECKLIST, Settings
from readiness.formatting import format_score, shown_score
from readiness.models import AnswerKind, NotFoundError
from readiness.provenance import ACTIONS_NOTE, CLASSIFICATION_NOTE, OWN_SUGGESTION, PHASE_NOTE
from readiness.scoring import score_round
from readiness.services import App, plans
from readiness.services import reports
from readiness.services.assessment import (
    ValidationError,
    add_respondent,
    create_organisation,
    finalise_round,
    save_answer,
    start_round,
)

TODAY = dt.date(2026, 5, 1)

DUTCH_NOTE = "Besproken in het MT; café-overleg met de coördinator, geëvalueerd en naïef begonnen."
MARKUP_NOTE = "<b>bold</b> en <script>alert(1)</script> & meer"
FORMULAS = {
    "stp-01": '=HYPERLINK("http://voorbeeld.nl/?x=1","klik")',
    "stp-02": "+cmd|' /C calc'!A0",
    "stp-03": "-2+3",
    "stp-04": "@SUM(A1:A2)",
}
ACTION_DUTCH = "Scholing voor vakmensen: één training per team, geëvalueerd met de coördinator; naïeve aannames toetsen"
ACTION_FORMULA = '=HYPERLINK("http://voorbeeld.nl","klik") bespreken'
SECRET_LABEL = "Team Noordkwartier"  # a respondent label: never in the reports for people


@pytest.fixture
def app(repo, checklist, tmp_path: Path) -> App:
    settings = Settings(
        database_url="sqlite://", checklist_path=DEFAULT_CHECKLIST, reports_dir=tmp_path / "reports"
    )
    return App(settings=settings, repo=repo, checklist=checklist, today=lambda: TODAY)


def fill(app: App, respondent_id: int, value_of) -> None:
    """Answer every item: value_of(item) -> 0-4, 'wn', 'nvt' or None (skip)."""
    for item in app.checklist.items:
        value = value_of(item)
        if value is None:
            continue
        if value == "wn":
            save_answer(app, respondent_id, item.id, AnswerKind.DONT_KNOW, expected_version=None)
        elif value == "nvt":
            save_answer(app, respondent_id, item.id, AnswerKind.NOT_APPLICABLE, expected_version=None)
        else:
            save_answer(app, respondent_id, item.id, AnswerKind.SCORE, value, expected_version=None)


@pytest.fixture
def corporation(app):
    """Two final rounds; the second with notes, 'weet ik niet', 'nvt' and an action plan."""
    org = create_organisation(app, "Woonstichting De Eendracht", "M", "Utrecht")
    first = start_round(app, org.id, "Nulmeting 2025", dt.date(2025, 3, 1))
    fill(app, add_respondent(app, first.id, "management").id, lambda item: 1)
    fill(app, add_respondent(app, first.id, "uitvoering").id, lambda item: 2)
    finalise_round(app, first.id)

    second = start_round(app, org.id, "Meting 2026", dt.date(2026, 3, 1))
    board = add_respondent(app, second.id, "bestuur", SECRET_LABEL)
    manager = add_respondent(app, second.id, "management")
    staff = add_respondent(app, second.id, "uitvoering")
    fill(app, board.id, lambda item: 4)
    fill(app, manager.id, lambda item: "nvt" if item.allows_na else 2)
    fill(app, staff.id, lambda item: "wn" if item.number >= 15 else 3)
    save_answer(app, board.id, "dra-01", AnswerKind.SCORE, 4, DUTCH_NOTE, expected_version=1)
    save_answer(app, manager.id, "dra-02", AnswerKind.SCORE, 2, MARKUP_NOTE, expected_version=1)
    for item_id, formula in FORMULAS.items():
        save_answer(app, staff.id, item_id, AnswerKind.SCORE, 3, formula, expected_version=1)
    finalise_round(app, second.id)

    proposal = plans.proposals_for_round(app, second.id)[0]
    plans.accept_proposal(app, org.id, second.id, proposal, owner="beleidsadviseur", due_date=dt.date(2026, 9, 1))
    plans.add_action(app, org.id, "ken-01", ACTION_DUTCH, owner="manager wonen", due_date=dt.date(2026, 12, 1),
                     priority="hoog", notes="Afgestemd met het sociaal wijkteam.")  # fmt: skip
    plans.add_action(app, org.id, "str-02", ACTION_FORMULA, owner="teamleider")
    return org, first, second


def result_of(app: App, round_id: int):
    data = app.repo.round_data(round_id)
    return score_round(app.checklist, data.respondents, data.answers, app.settings.target_level)


def flat(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------- PDF


def pdf_text(path: Path) -> tuple[int, str]:
    from pypdf import PdfReader

    reader = PdfReader(path)
    return len(reader.pages), flat("\n".join(page.extract_text() for page in reader.pages))


def test_pdf_report_shows_scores_phase_plan_and_change_for_the_round(app, corporation):
    org, first, second = corporation
    path = reports.export_round(app, org.slug, "pdf")
    n_pages, text = pdf_text(path)
    result, before = result_of(app, second.id), result_of(app, first.id)

    assert path.parent == app.settings.reports_dir / org.slug
    assert path.name == "voordeurcheck-woonstichting-de-eendracht-meting-2026.pdf"
    assert "Woonstichting De Eendracht" in text and "Meting 2026" in text and "Definitief" in text
    assert f"Totaalscore {format_score(result.overall)} van 100" in text
    assert f"Fase {result.phase.level}: {result.phase.name}." in text
    for section in result.sections:
        assert section.title in text
    # every item row: number, full question, score, answered, weet ik niet, n.v.t.
    for item in app.checklist.items:
        scored = result.item(item.id)
        score = format_score(scored.score)
        na = str(scored.n_na) if item.allows_na else "–"
        row = rf"\b{item.number} [^0-9]{{10,400}}? {score} {scored.n_answered} {scored.n_dont_know} {na}(?!\S)"
        assert re.search(row, text), f"row of item {item.id} not found"
    # an anchor computed by hand: dra-01 has 4 (bestuur), 2 (management), 3 (uitvoering) -> 3/4 -> 75
    assert re.search(r"\b1 Het bestuur [^0-9]+ 75 3 0 –", text)
    # the three next steps are the first gaps, with their question number
    for step in result.next_steps:
        assert f"Vraag {app.checklist.item(step.item_id).number} ·" in text
    # plan, change since the previous round, notes with Dutch characters
    assert ACTION_DUTCH in text and "manager wonen" in text and "1 december 2026" in text
    assert (
        "Vergeleken met Nulmeting 2025 (1 maart 2025), de vorige definitieve meting: de totaalscore ging van "
        f"{format_score(before.overall)} naar {format_score(result.overall)}"
    ) in text
    assert DUTCH_NOTE in text
    assert "Pagina 2 van" in text and f"Pagina {n_pages} van {n_pages}" in text


def test_pdf_prints_markup_in_notes_literally(app, corporation):
    org, _, _ = corporation
    _, text = pdf_text(reports.export_round(app, org.slug, "pdf"))
    assert "<b>bold</b> en <script>alert(1)</script> & meer" in text


def test_pdf_names_roles_but_never_respondent_labels(app, corporation):
    org, _, _ = corporation
    _, text = pdf_text(reports.export_round(app, org.slug, "pdf"))
    assert SECRET_LABEL not in text
    assert re.search(r"Rol Aantal respondenten Bestuur 1 Management 1 Uitvoering 1", text)


def test_pdf_of_an_earlier_round_and_of_a_corporation_without_plan(app, corporation):
    org, first, _ = corporation
    _, text = pdf_text(reports.export_round(app, org.slug, "pdf", round_label="Nulmeting 2025"))
    assert "Nulmeting 2025" in text
    assert "Er is geen eerdere definitieve meting van deze corporatie; er is nog geen vergelijking." in text

    other = create_organisation(app, "Woonbron Zonder Plan", "S", "Drenthe")
    round_ = start_round(app, other.id, "Nulmeting 2026", dt.date(2026, 2, 1))
    fill(app, add_respondent(app, round_.id, "management").id, lambda item: 2)
    with pytest.raises(ValidationError, match="nog geen definitieve meting.*--round"):
        reports.export_round(app, other.slug, "pdf")  # a concept only when named
    _, text = pdf_text(reports.export_round(app, other.slug, "pdf", round_label="Nulmeting 2026"))
    assert "Er is nog geen verbeterplan" in text
    assert "CONCEPT: voorlopige uitkomst" in text  # the round is still a draft


def test_export_refuses_unknown_round_format_and_empty_corporation(app, corporation):
    org, _, _ = corporation
    with pytest.raises(ValidationError, match="geen meting met de naam 'Meting 2099'"):
        reports.export_round(app, org.slug, "pdf", round_label="Meting 2099")
    with pytest.raises(ValidationError, match="Onbekend formaat 'odt'"):
        reports.export_round(app, org.slug, "odt")
    empty = create_organisation(app, "Lege Corporatie", "XS", "Zeeland")
    with pytest.raises(ValidationError, match="nog geen meting"):
        reports.export_round(app, empty.slug, "docx")


# --------------------------------------------------------------------------- DOCX


def test_docx_has_real_headings_styled_tables_the_chart_and_the_same_content(app, corporation):
    import docx

    org, _, second = corporation
    document = docx.Document(reports.export_round(app, org.slug, "docx"))
    headings = {p.text: p.style.name for p in document.paragraphs if p.style.name.startswith("Heading")}
    for title in ("Samenvatting", "Scores per vraag", "Verbeterplan", "Over deze meting"):
        assert headings.get(title) == "Heading 1"
    assert headings.get("Verandering sinds de vorige meting") == "Heading 2"

    tables = {tuple(c.text for c in t.rows[0].cells): t for t in document.tables}
    items = tables[("Nr", "Vraag", "Score", "Beantwoord", "Weet ik niet", "N.v.t.")]
    assert items.style.name == "Light List Accent 1"
    result = result_of(app, second.id)
    by_number = {row.cells[0].text: [c.text for c in row.cells] for row in items.rows[1:]}
    for item in app.checklist.items:
        scored = result.item(item.id)
        assert by_number[str(item.number)][2:5] == [
            format_score(scored.score),
            str(scored.n_answered),
            str(scored.n_dont_know),
        ]
    plan = [[c.text for c in row.cells] for row in tables[("Actie", "Vraag", "Eigenaar", "Streefdatum", "Status")].rows[1:]]
    assert any(ACTION_DUTCH in row[0] and row[2] == "manager wonen" for row in plan)
    assert len(document.inline_shapes) == 1  # the section chart

    all_text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    assert DUTCH_NOTE in all_text and MARKUP_NOTE in all_text
    assert SECRET_LABEL not in all_text


def test_docx_tables_are_laid_out_by_their_column_widths(app, corporation):
    """Word and LibreOffice lay a table out by its grid: with python-docx's default equal
    grid the question column of "Scores per vraag" was 2.9 cm wide, one word per line. Every
    table's grid now carries its own widths, fits the 17 cm text width, and gives the
    question the widest column."""
    import docx
    from docx.oxml.ns import qn

    org, _, _ = corporation
    document = docx.Document(reports.export_round(app, org.slug, "docx"))
    for table in document.tables:
        grid = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        cells = [cell.width for cell in table.rows[-1].cells]
        header = [cell.text for cell in table.rows[0].cells]
        assert [round(w / 635) for w in cells] == grid, f"table {header}: grid {grid} differs from the cells"
        assert sum(grid) <= 17.0 * 567 + 5, f"table {header} is wider than the text width"
        if "Vraag" in header and header[0] == "Nr":
            question = grid[header.index("Vraag")]
            assert question == max(grid) and question >= 8 * 567, f"table {header}: question column {question} twips"


def test_reports_mark_own_suggestions_and_say_phases_are_our_own_classification(app):
    """Issue 12: a next step's suggestion shows its citation or "eigen suggestie" (PDF and
    Word), and the method note says the scale, target level and phases are Voordeurcheck's
    own classification and that the actions are derived from the handreiking."""
    import docx

    org = create_organisation(app, "Woonstichting Het Baken", "S", "Utrecht")
    round_ = start_round(app, org.id, "Meting 2026", dt.date(2026, 3, 1))
    gaps = {"str-04": 1, "uit-01": 1}  # uit-01's first suggestion is an own suggestion
    fill(app, add_respondent(app, round_.id, "bestuur").id, lambda item: gaps.get(item.id, 4))
    finalise_round(app, round_.id)
    cited = app.checklist.item("str-04").actions[0]
    own = app.checklist.item("uit-01").actions[0]
    assert cited.source and own.own_suggestion

    assert cited.kind == "uitwerking"
    _, text = pdf_text(reports.export_round(app, org.slug, "pdf"))
    assert f"{flat(cited.text)} (uitwerking van {cited.source})" in text
    assert flat(PHASE_NOTE) in text  # the cover says phases and scale are our own words
    assert f"{flat(own.text)} ({OWN_SUGGESTION})" in text
    assert flat(CLASSIFICATION_NOTE) in text and flat(ACTIONS_NOTE) in text
    assert "None" not in text

    document = docx.Document(reports.export_round(app, org.slug, "docx"))
    paragraphs = [flat(p.text) for p in document.paragraphs]
    assert any(f"{flat(own.text)} ({OWN_SUGGESTION})" in p for p in paragraphs)
    assert any(f"{flat(cited.text)} (uitwerking van {cited.source})" in p for p in paragraphs)
    assert any(PHASE_NOTE in p for p in paragraphs)
    assert any(CLASSIFICATION_NOTE in p and ACTIONS_NOTE in p for p in paragraphs)


# --------------------------------------------------------------------------- XLSX


def test_xlsx_has_answers_scores_and_plan_sheets_with_filters_and_frozen_headers(app, corporation):
    from openpyxl import load_workbook

    org, first, second = corporation
    book = load_workbook(reports.export_round(app, org.slug, "xlsx"))
    assert book.sheetnames[:4] == ["Metingen", "Antwoorden", "Scores", "Verbeterplan"]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref.startswith("A1:")
        assert all(cell.font.bold for cell in sheet[1])
        assert all(8 <= dim.width <= 90 for dim in sheet.column_dimensions.values())

    answers = book["Antwoorden"]
    header = [c.value for c in answers[1]]
    assert header == ["meting", "datum", "respondent", "rol", "item id", "nummer", "vraag", "antwoord", "score", "toelichting"]
    rows = [dict(zip(header, r, strict=True)) for r in answers.iter_rows(min_row=2, values_only=True)]
    n_answers = sum(len(app.repo.round_data(r.id).answers) for r in (first, second))
    assert len(rows) == n_answers
    note_row = next(r for r in rows if r["toelichting"] == DUTCH_NOTE)
    assert (note_row["meting"], note_row["respondent"], note_row["rol"], note_row["item id"], note_row["score"]) == (
        "Meting 2026", SECRET_LABEL, "Bestuur", "dra-01", 4
    )
    assert answers.column_dimensions["G"].width >= 40  # the question column is wide enough to read

    scores = book["Scores"]
    head = [c.value for c in scores[1]]
    result = result_of(app, second.id)
    section_rows = {
        (r[0], r[4]): (r[head.index("score (0-100)")], r[head.index("score exact")])
        for r in scores.iter_rows(min_row=2, values_only=True)
        if r[head.index("niveau")] == "onderdeel"
    }
    for section in result.sections:
        shown, exact = section_rows[("Meting 2026", section.title)]
        assert shown == shown_score(section.score)
        assert exact == pytest.approx(section.score, abs=1e-6)

    plan = [[c.value for c in row] for row in book["Verbeterplan"].iter_rows(min_row=2)]
    assert any(row[3] == ACTION_DUTCH and row[4] == "manager wonen" for row in plan)


def test_xlsx_never_contains_a_formula_from_user_text(app, corporation):
    from openpyxl import load_workbook

    org, _, _ = corporation
    book = load_workbook(reports.export_round(app, org.slug, "xlsx"))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    texts = {cell.value for cell in cells if isinstance(cell.value, str)}
    for formula in [*FORMULAS.values(), ACTION_FORMULA]:
        assert formula not in texts
        assert "'" + formula in texts


# --------------------------------------------------------------------------- CSV and JSON


def test_csv_has_the_template_columns_one_row_per_answer_and_no_live_formulas(app, corporation):
    org, first, second = corporation
    raw = reports.export_round(app, org.slug, "csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 byte order mark, for Excel
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    # the template's columns, then the consensus meeting's (this corporation held none: basis only)
    assert rows[0] == ["meting", "datum", "rol", "respondent", "item", "antwoord", "toelichting",
                       "basis", "vastgesteld niveau", "onderbouwing", "consensusgesprek"]  # fmt: skip
    assert len(rows) - 1 == sum(len(app.repo.round_data(r.id).answers) for r in (first, second))
    body = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    assert {r["antwoord"] for r in body} == {"1", "2", "3", "4", "weet ik niet", "nvt"}
    assert any(r["toelichting"] == DUTCH_NOTE and r["respondent"] == SECRET_LABEL for r in body)
    assert {(r["basis"], r["vastgesteld niveau"]) for r in body} == {("gemiddelde van de respondenten", "")}
    cells = [value for r in rows for value in r]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    for formula in FORMULAS.values():
        assert "'" + formula in cells


def test_csv_of_one_round(app, corporation):
    org, _, _ = corporation
    path = reports.export_round(app, org.slug, "csv", round_label="Nulmeting 2025")
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert {r["meting"] for r in rows} == {"Nulmeting 2025"}
    assert path.name.endswith("-nulmeting-2025.csv")


def test_json_holds_organisation_rounds_answers_actions_and_versions(app, corporation):
    org, _, _ = corporation
    document = json.loads(reports.export_round(app, org.slug, "json").read_text(encoding="utf-8"))
    assert (document["format"], document["schema_version"]) == ("voordeurcheck-export", 1)
    assert document["checklist_version"] == app.checklist.version
    assert document["organisation"]["name"] == "Woonstichting De Eendracht"
    assert [r["label"] for r in document["rounds"]] == ["Nulmeting 2025", "Meting 2026"]
    board = document["rounds"][1]["respondents"][0]
    assert (board["role"], board["label"]) == ("bestuur", SECRET_LABEL)
    assert {"item_id": "dra-01", "kind": "score", "score": 4, "note": DUTCH_NOTE} in board["answers"]
    assert ACTION_DUTCH in [a["description"] for a in document["actions"]]
    assert any(a["origin_round"] == "Meting 2026" for a in document["actions"])


# --------------------------------------------------------------------------- export all, CLI


def test_export_all_writes_one_file_per_corporation_and_reports_progress(app, corporation):
    org, _, _ = corporation
    empty = create_organisation(app, "Lege Corporatie", "XS", "Zeeland")
    seen = []
    result = reports.export_all(app, "pdf", progress=lambda done, total, slug: seen.append((done, total, slug)))
    assert [p.parent.name for p in result.written] == [org.slug]
    assert result.skipped == [empty.slug]
    assert sorted(s for _, _, s in seen) == sorted([org.slug, empty.slug])
    assert [(d, t) for d, t, _ in seen] == [(1, 2), (2, 2)]


@pytest.fixture
def cli_env(app, db_url, monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("VOORDEURCHECK_REPORTS", str(tmp_path / "cli-reports"))
    return tmp_path / "cli-reports"


def test_cli_export_writes_the_file_and_prints_its_path(app, corporation, cli_env, capsys):
    from readiness.cli import main

    org, _, _ = corporation
    assert main(["export", org.slug, "--format", "xlsx", "--round", "Meting 2026"]) == 0
    printed = Path(capsys.readouterr().out.strip())
    assert printed == cli_env / org.slug / "voordeurcheck-woonstichting-de-eendracht-meting-2026.xlsx"
    assert printed.stat().st_size > 0

    assert main(["export", "--all", "--format", "pdf", "--out", str(cli_env / "alles")]) == 0
    out = capsys.readouterr()
    assert (cli_env / "alles" / org.slug).is_dir() and str(cli_env / "alles") in out.out
    assert "corporatie" in out.err  # the tqdm progress bar

    assert main(["export", "bestaat-niet", "--format", "pdf"]) == 2
    assert "Er is geen corporatie met de korte naam 'bestaat-niet'" in capsys.readouterr().err


# --------------------------------------------------------------------------- documentation


def test_export_schema_documents_every_csv_column_and_json_field():
    from readiness.export import model
    from readiness.export.tabular import EXPORT_COLUMNS

    text = (Path(__file__).resolve().parents[2] / "docs" / "export-schema.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([a-z_ ()0-9-]+)` \|", text, re.MULTILINE))
    assert set(EXPORT_COLUMNS) <= documented
    for doc_model in (model.ExportDocument, model.OrganisationDoc, model.RoundDoc, model.RespondentDoc,
                      model.AnswerDoc, model.ActionDoc, model.ConsensusDoc, model.AgreedLevelDoc):  # fmt: skip
        missing = set(doc_model.model_fields) - documented
        assert not missing, f"{doc_model.__name__}: {missing} not in docs/export-schema.md"


# --------------------------------------------------------------------------- the answer first (issue 11, point 4)


def test_pdf_and_word_covers_give_phase_total_change_and_the_three_next_steps(app, corporation):
    import docx
    from pypdf import PdfReader

    from readiness.formatting import format_change

    org, first, second = corporation
    result, before = result_of(app, second.id), result_of(app, first.id)
    last = max(p.level for p in app.checklist.phases)
    expected = [
        f"Totaalscore {format_score(result.overall)} van 100",
        f"Fase Fase {result.phase.level} van {last}: {result.phase.name}",
        f"Verandering {format_change(before.overall, result.overall)} punten sinds Nulmeting 2025 (totaal "
        f"{format_score(before.overall)} → {format_score(result.overall)}; fase {before.phase.level} → {result.phase.level})",
    ]
    pages = PdfReader(reports.export_round(app, org.slug, "pdf")).pages
    assert flat(pages[0].extract_text()).count("Bestuursvoorstel Voordeurcheck") == 1  # page 1: the board paper (issue 22)
    cover = flat(pages[1].extract_text())
    for fact in expected:
        assert fact in cover
    for n, step in enumerate(result.next_steps, start=1):
        assert f"{n}. Vraag {app.checklist.item(step.item_id).number} ·" in cover

    document = docx.Document(reports.export_round(app, org.slug, "docx"))
    cover_table = next(t for t in document.tables if t.rows[0].cells[0].text == "Totaalscore")
    assert [" ".join(c.text for c in row.cells) for row in cover_table.rows] == expected
    steps = [p.text for p in document.paragraphs if p.text[:2] in ("1.", "2.", "3.") and "Vraag" in p.text]
    assert len(steps) == len(result.next_steps) == 3


def test_xlsx_has_the_phase_and_a_sheet_with_the_earlier_rounds(app, corporation):
    from openpyxl import load_workbook

    org, first, second = corporation
    book = load_workbook(reports.export_round(app, org.slug, "xlsx"))
    sheet = book["Metingen"]
    head = [c.value for c in sheet[1]]
    rows = [dict(zip(head, r, strict=True)) for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert [r["meting"] for r in rows] == ["Meting 2026", "Nulmeting 2025"]  # newest first
    now, then = result_of(app, second.id), result_of(app, first.id)
    last = max(p.level for p in app.checklist.phases)
    assert rows[0]["fase"] == f"{now.phase.level} van {last}: {now.phase.name}"
    assert rows[1]["fase"] == f"{then.phase.level} van {last}: {then.phase.name}"
    assert rows[0]["totaalscore"] == shown_score(now.overall)
    assert rows[0]["verandering"] == shown_score(now.overall) - shown_score(then.overall)
    assert rows[0]["vergeleken met"] == "Nulmeting 2025" and rows[1]["verandering"] is None
    about = {r[0]: r[1] for r in book["Over dit bestand"].iter_rows(min_row=2, values_only=True)}
    assert about["Fase"] == f"{now.phase.level} van {last}: {now.phase.name} (bij Meting 2026)"
