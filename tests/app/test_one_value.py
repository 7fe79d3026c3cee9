"""Issue 11, point 2: one number, one value. One corporation whose scores are halves
(62.5 and the like, where Python's round() and "%.0f" give 62) is rendered in every
format, and every section and question score reads the same everywhere: Resultaten and
Verbeterplan (AppTest), the PDF (pypdf), the Word report with its chart (python-docx),
the Excel file (openpyxl) and the CSV (its answers scored again)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest

from readiness.export.tabular import EXPORT_COLUMNS
from readiness.formatting import format_score
from readiness.models import Answer, AnswerKind, Respondent
from readiness.scoring import score_round
from readiness.services import assessment, reports
from tests.app.conftest import start_app


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def halves(services):
    """Two respondents: 2 everywhere, and 3 on the first section and on odd questions -> items
    at 62.5 and 50, the first section at 62.5."""
    org = assessment.create_organisation(services, "Woonstichting Halfweg", "S", "Utrecht")
    round_ = assessment.start_round(services, org.id, "Nulmeting 2026", dt.date(2026, 3, 1))
    one = assessment.add_respondent(services, round_.id, "bestuur")
    two = assessment.add_respondent(services, round_.id, "uitvoering")
    for item in services.checklist.items:
        assessment.save_answer(services, one.id, item.id, AnswerKind.SCORE, 2, expected_version=None)
        first = services.checklist.section_of(item.id).id == services.checklist.sections[0].id
        value = 3 if first or item.number % 2 else 2
        assessment.save_answer(services, two.id, item.id, AnswerKind.SCORE, value, expected_version=None)
    assessment.finalise_round(services, round_.id)
    result = assessment.round_result(services, round_.id)
    halves = [i for i in result.items if i.score is not None and i.score % 1 == 0.5]
    assert halves, "the test needs x.5 scores to be able to fail"
    assert any(s.score == 62.5 for s in result.sections)  # e.g. a section of two 62.5 items
    expected_sections = {s.title: format_score(s.score) for s in result.sections}
    expected_items = {i.number: format_score(i.score) for i in result.items}
    assert "63" in expected_items.values() and "62" not in expected_items.values()
    return org, round_, result, expected_sections, expected_items


def test_every_format_shows_the_same_section_and_question_scores(services, halves):
    import docx
    from openpyxl import load_workbook
    from pypdf import PdfReader

    org, round_, result, sections, items = halves
    checklist = services.checklist
    goal = 75.0

    # ---- Resultaten (AppTest): section table, next steps, all gaps
    at = start_app("resultaten", {"org": org.slug, "round": round_.id})
    at.segmented_control(key="rs_section").set_value("onderdelen").run()
    table = next(df.value for df in at.dataframe if "Op streefniveau" in df.value.columns)
    assert {t: format_score(v) for t, v in zip(table["Onderdeel"], table["Score"], strict=True)} == sections
    at.segmented_control(key="rs_section").set_value("stappen").run()
    gaps = next(df.value for df in at.dataframe if "Reden" in df.value.columns)
    below = [i for i in result.items if i.score is not None and i.score < goal]
    assert len(gaps) == len(below)
    for row, item in zip(gaps.itertuples(), below, strict=True):
        assert row.Vraag.startswith(f"{item.number}. ") and row.Score == items[item.number]
    captions = [c.value for c in at.caption if c.value.startswith("Score ")]
    assert captions and all(re.match(r"Score (\d+) van 100", c).group(1) in items.values() for c in captions)
    assert captions[0] == f"Score {items[result.next_steps[0].number]} van 100; het streefniveau is 75."

    # ---- Verbeterplan (AppTest): the proposals' reasons
    at = start_app("verbeterplan", {"org": org.slug, "round": round_.id})
    at.segmented_control(key="vp_part").set_value("Voorstellen").run()
    labels = [e.label for e in at.expander]
    for item in below[:3]:
        assert any(f"Score {items[item.number]} (streefniveau 75)" in label for label in labels), item.number

    # ---- PDF: the section rows and every question row of the table
    _, pdf = reports.render(services, org.slug, "pdf")
    text = flat("\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))
    for title, value in sections.items():
        assert re.search(rf"{re.escape(title)} {value} ", text), title
    for item in checklist.items:
        question = re.escape(flat(item.question))
        assert re.search(rf"\b{item.number} {question} {items[item.number]} 2 0 ", text), item.number
    assert f"Totaalscore {format_score(result.overall)} van 100" in text

    # ---- Word: the question table, its section rows and the chart's values
    document = docx.Document(io.BytesIO(reports.render(services, org.slug, "docx")[1]))
    rows = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    by_number = {r[0]: r for r in rows if len(r) == 6 and r[0].isdigit()}
    for item in checklist.items:
        assert by_number[str(item.number)][1] == flat(item.question)  # the full question
        assert by_number[str(item.number)][2] == items[item.number]
    section_rows = {r[1]: r[2] for r in rows if len(r) == 6 and r[0] == "" and r[1] in sections}
    assert section_rows == sections
    alt = document.inline_shapes[0]._inline.docPr.get("descr")
    for title, value in sections.items():
        assert f"{title} {value}" in alt

    # ---- Excel: the Scores sheet and the Metingen sheet
    book = load_workbook(io.BytesIO(reports.render(services, org.slug, "xlsx")[1]))
    sheet = book["Scores"]
    head = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2, values_only=True):
        record = dict(zip(head, row, strict=True))
        if record["niveau"] == "onderdeel":
            assert str(record["score (0-100)"]) == sections[record["onderdeel"]]
        elif record["niveau"] == "vraag":
            assert str(record["score (0-100)"]) == items[record["nummer"]]
    rounds_sheet = book["Metingen"]
    head = [c.value for c in rounds_sheet[1]]
    first = dict(zip(head, next(rounds_sheet.iter_rows(min_row=2, values_only=True)), strict=True))
    assert {t: str(first[t]) for t in sections} == sections
    assert str(first["totaalscore"]) == format_score(result.overall)

    # ---- CSV: the answers, scored again, give the same numbers
    raw = reports.render(services, org.slug, "csv")[1].decode("utf-8-sig")
    lines = list(csv.DictReader(io.StringIO(raw)))
    assert list(lines[0]) == list(EXPORT_COLUMNS)
    ids = {key: n for n, key in enumerate(sorted({r["respondent"] for r in lines}), start=1)}
    respondents = [Respondent(id=n, round_id=1, role="bestuur") for n in ids.values()]
    answers = [
        Answer(respondent_id=ids[r["respondent"]], item_id=r["item"], kind=AnswerKind.SCORE, score=int(r["antwoord"]))
        for r in lines
    ]
    again = score_round(checklist, respondents, answers)
    assert {s.title: format_score(s.score) for s in again.sections} == sections
    assert {i.number: format_score(i.score) for i in again.items} == items


def test_start_and_resultaten_word_the_next_steps_alike(services, halves):
    """The short list of next steps reads the same on Start and Resultaten, score and all."""
    org, round_, result, _, items = halves
    start = start_app(None, {"org": org.slug})
    (steps,) = [m.value for m in start.main.get_by_key("start_next_steps").markdown]
    results = start_app("resultaten", {"org": org.slug, "round": round_.id})
    summary = next(m.value for m in results.markdown if m.value.startswith("**Volgende stappen**"))
    assert steps.splitlines() == summary.splitlines()[2:]
    first = result.next_steps[0]
    assert f"(score {items[first.number]}, streefniveau 75)" in steps.splitlines()[0]
