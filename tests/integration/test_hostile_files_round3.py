"""Issue 23 (hostile input, third round): exact scores, blank rows and distinct texts.

- A score is exactly 0, 1, 2, 3 or 4, or the words of the scale: "3,0", "3.0", " 4 ",
  "'3" are refused (CSV and XLSX); an agreed level of true or "3" too (JSON).
- Blank rows count towards the limits: 20 MB of empty lines below the table is refused
  quickly instead of being read for seconds.
- An XLSX with more distinct texts than an answer file can hold is refused before
  openpyxl loads them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import time
import zipfile

import pytest

from readiness.config import load_settings
from readiness.export.importing.limits import MAX_CELLS, MAX_XLSX_STRINGS
from readiness.models import AnswerKind
from readiness.services import App, assessment, open_app, reports

COLUMNS = ["ronde", "datum", "rol", "respondent", "item", "antwoord", "toelichting"]
SLUG = "woonstichting-de-eendracht"


@pytest.fixture(scope="module")
def app(tmp_path_factory) -> App:
    path = tmp_path_factory.mktemp("round3") / "v.db"
    app = open_app(load_settings({"DATABASE_URL": f"sqlite:///{path}"}))
    assessment.create_organisation(app, "Woonstichting De Eendracht", "M", "Utrecht")
    yield app
    app.repo.engine.dispose()


def answers_stored(app: App) -> int:
    org = app.repo.get_organisation(SLUG)
    return sum(len(app.repo.round_data(r.id).answers) for r in app.repo.list_rounds(org.id))


def csv_bytes(rows: list[list[str]], tail: str = "") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return (out.getvalue() + tail).encode()


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Antwoorden"
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def refused(app: App, data: bytes, name: str, slug: str = SLUG) -> list[str]:
    before = answers_stored(app)
    with pytest.raises(reports.ImportRejected) as caught:
        reports.import_bytes(app, data, name, slug)
    assert answers_stored(app) == before
    return [str(p) for p in caught.value.problems]


def row(answer: object) -> list[object]:
    return ["Nulmeting 2026", "2026-03-01", "management", "Management 1", "dra-01", answer, ""]


@pytest.mark.parametrize("answer", ["3,0", "3.0", " 4 ", "'3", "+3", "03", "3 ", "4.00", "-0", '"2"'])
def test_a_score_written_otherwise_than_exactly_0_to_4_is_refused_in_csv(app, answer):
    (problem,) = refused(app, csv_bytes([row(answer)]), "antwoorden.csv")
    assert problem.startswith("antwoorden.csv, rij 2, kolom 'antwoord': ")
    assert "is geen geldige waarde; gebruik 0-4" in problem


@pytest.mark.parametrize("answer", ["3,0", " 4 ", "'3", "3.0"])
def test_a_score_written_as_text_otherwise_is_refused_in_xlsx(app, answer):
    (problem,) = refused(app, xlsx_bytes([row(answer)]), "antwoorden.xlsx")
    assert "kolom 'antwoord'" in problem and "geen geldige waarde" in problem


@pytest.mark.parametrize(("answer", "kind", "score"), [
    ("3", AnswerKind.SCORE, 3), ("0", AnswerKind.SCORE, 0), ("3 – Grotendeels", AnswerKind.SCORE, 3),
    ("weet ik niet", AnswerKind.DONT_KNOW, None), ("Weet ik niet", AnswerKind.DONT_KNOW, None),
])  # fmt: skip
def test_exact_scores_and_the_words_of_the_scale_still_import(app, answer, kind, score):
    from readiness.export.importing.answers import answer_labels, parse_answer

    assert parse_answer(answer, answer_labels(app.checklist)) == (kind, score)


def test_an_excel_number_cell_3_is_a_score(app):
    from readiness.services.import_budget import read_import_file

    parsed, _ = read_import_file(xlsx_bytes([row(3)]), "antwoorden.xlsx", app.checklist)
    assert [(a.kind, a.score) for a in parsed.answers] == [(AnswerKind.SCORE, 3)]


@pytest.fixture(scope="module")
def export(app) -> dict:
    org = assessment.create_organisation(app, "Bron", "S", "Drenthe")
    round_ = assessment.start_round(app, org.id, "Nulmeting 2026", dt.date(2026, 3, 1))
    respondent = assessment.add_respondent(app, round_.id, "management")
    item = app.checklist.items[0].id
    assessment.save_answer(app, respondent.id, item, AnswerKind.SCORE, 2, expected_version=None)
    document = json.loads(reports.render(app, org.slug, "json")[1])
    document["rounds"][0]["consensus"] = {
        "held_on": "2026-03-20", "status": "gesloten", "closed_at": None,
        "agreed_levels": [{"item_id": item, "level": 2, "rationale": "Besproken in het MT."}],
    }  # fmt: skip
    return document


@pytest.mark.parametrize("level", [True, "3", 3.0, "3,0"])
def test_an_agreed_level_that_is_not_an_integer_is_refused(app, export, level):
    document = json.loads(json.dumps(export))
    document["rounds"][0]["consensus"]["agreed_levels"][0]["level"] = level
    problems = refused(app, json.dumps(document).encode(), "export.json", "nieuw-niveau")
    assert len(problems) == 1 and "agreed_levels[0], veld 'level'" in problems[0]
    assert "geen geheel getal" in problems[0]
    assert "nieuw-niveau" not in [o.slug for o in app.repo.list_organisations()]


def test_the_export_with_an_integer_agreed_level_imports(app, export):
    summary = reports.import_bytes(app, json.dumps(export).encode(), "export.json", "nieuw-geldig")
    assert summary.answers_saved == 1


def test_twenty_megabytes_of_blank_lines_below_the_table_is_refused_quickly(app):
    data = csv_bytes([row("3")], tail="\n" * (20 * 1024 * 1024 - 200))
    started = time.monotonic()
    (problem,) = refused(app, data, "leeg.csv")
    assert time.monotonic() - started < 5
    assert f"meer dan {MAX_CELLS} cellen (lege rijen tellen mee)" in problem


def test_a_few_trailing_blank_lines_are_no_reason_to_refuse(app):
    summary = reports.import_bytes(app, csv_bytes([row("2")], tail="\n" * 500), "kort.csv", SLUG)
    assert summary.answers_saved == 1


def test_an_xlsx_with_more_distinct_texts_than_an_answer_file_holds_is_refused(app):
    """775,000 distinct shared strings (3 MB) were read in 8 s at 205 MB."""
    template = xlsx_bytes([row("3")])
    strings = "".join(f"<si><t>{n:x}</t></si>" for n in range(MAX_XLSX_STRINGS + 1))
    shared = (
        '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{MAX_XLSX_STRINGS + 1}" uniqueCount="{MAX_XLSX_STRINGS + 1}">{strings}</sst>'
    )
    source, out = zipfile.ZipFile(io.BytesIO(template)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != "xl/sharedStrings.xml":
                target.writestr(info, source.read(info))
        target.writestr("xl/sharedStrings.xml", shared)
    started = time.monotonic()
    (problem,) = refused(app, out.getvalue(), "teksten.xlsx")
    assert time.monotonic() - started < 5
    assert f"meer dan {MAX_XLSX_STRINGS} verschillende teksten" in problem


def test_a_rationale_that_is_too_long_is_refused_in_dutch(app, export):
    """The message was pydantic's English 'String should have at most 1000 characters'."""
    document = json.loads(json.dumps(export))
    document["rounds"][0]["consensus"]["agreed_levels"][0]["rationale"] = "Besproken. " * 100
    (problem,) = refused(app, json.dumps(document).encode(), "export.json", "nieuw-lang")
    assert problem.endswith("veld 'rationale': is te lang (1100 tekens; hoogstens 1000 tekens)")
    assert "should" not in problem and "String" not in problem


@pytest.mark.parametrize(("path", "value", "fragment"), [
    (("rounds", 0, "consensus", "agreed_levels", 0, "level"), 9, "mag hoogstens 4 zijn"),
    (("rounds", 0, "consensus", "agreed_levels", 0, "follow_up"), "ja", "moet true of false zijn"),
    (("rounds", 0, "consensus", "held_on"), "gisteren", "is geen geldige datum"),
    (("rounds", 0, "consensus", "status"), "klaar", "is geen geldige waarde"),
])  # fmt: skip
def test_other_format_problems_are_dutch_too(app, export, path, value, fragment):
    document = json.loads(json.dumps(export))
    target = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    (problem,) = refused(app, json.dumps(document).encode(), "export.json", "nieuw-fout")
    assert fragment in problem, problem
    assert not any(word in problem for word in ("should", "Input", "valid "))


@pytest.mark.parametrize("note", ["abc \ud800 def", "x\x00y", "bel\x07"])
def test_a_character_no_database_stores_is_refused_in_json(app, export, note):
    """A lone surrogate ("\\ud800" is valid JSON) ended in a UnicodeEncodeError traceback at
    the write; NUL is refused by PostgreSQL."""
    document = json.loads(json.dumps(export))
    document["rounds"][0]["respondents"][0]["answers"][0]["note"] = note
    (problem,) = refused(app, json.dumps(document).encode(), "export.json", "nieuw-teken")
    assert "teken (U+" in problem and "haal het weg" in problem


@pytest.mark.parametrize("column", ["ronde", "respondent", "toelichting"])
def test_a_control_character_in_a_csv_text_is_refused(app, column):
    cells = dict(zip(COLUMNS, row(""), strict=True)) | {"antwoord": "3"}
    cells[column] = (cells[column] or "Opmerking") + "\x00"
    (problem,) = refused(app, csv_bytes([list(cells.values())]), "teken.csv")
    assert f"kolom '{'meting' if column == 'ronde' else column}'" in problem
    assert "onzichtbaar stuurteken (U+0000)" in problem
