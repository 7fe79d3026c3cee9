"""Issue 13, cases 1-6: hostile and careless import files are refused before the work is
done, with a Dutch message naming file, row/line and field; nothing is written.

The bomb tests run ``readiness import`` in a child process under a memory limit
(tests/hostile.py): a reader that unpacked the bomb would die there with MemoryError.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from readiness.config import DEFAULT_CHECKLIST, Settings
from readiness.export.importing.limits import MAX_JSON_DEPTH
from readiness.models import AnswerKind
from readiness.services import App, open_app, reports
from readiness.services.assessment import add_respondent, create_organisation, save_answer, start_round
from tests.hostile import nested_json, run_limited, xlsx_with_bomb, xlsx_with_far_cell

COLUMNS = ["ronde", "datum", "rol", "respondent", "item", "antwoord", "toelichting"]


@pytest.fixture
def app(repo, checklist, tmp_path: Path) -> App:
    settings = Settings(database_url="sqlite://", checklist_path=DEFAULT_CHECKLIST, reports_dir=tmp_path / "r")
    return App(settings=settings, repo=repo, checklist=checklist, today=lambda: dt.date(2026, 5, 1))


@pytest.fixture
def org(app):
    return create_organisation(app, "Woonstichting De Eendracht", "M", "Utrecht")


def csv_bytes(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return out.getvalue().encode()


def written(app: App, org_id: int) -> int:
    """Rounds, respondents and answers stored for a corporation."""
    total = 0
    for round_ in app.repo.list_rounds(org_id):
        data = app.repo.round_data(round_.id)
        total += 1 + len(data.respondents) + len(data.answers)
    return total


def refused(app: App, data: bytes, name: str, slug: str) -> list[str]:
    with pytest.raises(reports.ImportRejected) as caught:
        reports.import_bytes(app, data, name, slug)
    return [str(p) for p in caught.value.problems]


# --------------------------------------------------------------------------- under a memory limit


@pytest.fixture(scope="module")
def sqlite_app(tmp_path_factory):
    """A migrated SQLite file with one corporation, for the child processes."""
    path = tmp_path_factory.mktemp("limited") / "voordeurcheck.db"
    url = f"sqlite:///{path}"
    settings = Settings(database_url=url, checklist_path=DEFAULT_CHECKLIST, reports_dir=path.parent / "r")
    app = open_app(settings)
    org = create_organisation(app, "Woonstichting De Eendracht", "M", "Utrecht")
    return url, app, org


def assert_refused_calmly(outcome, *fragments: str) -> None:
    assert outcome.returncode == 2, outcome.stderr
    assert "Traceback" not in outcome.stderr and "MemoryError" not in outcome.stderr
    assert "is niet ingelezen en er is niets veranderd" in outcome.stderr
    for fragment in fragments:
        assert fragment in outcome.stderr


def test_case_1_a_shared_strings_bomb_is_refused_from_the_zip_directory(sqlite_app, tmp_path):
    url, app, org = sqlite_app
    path = tmp_path / "bom.xlsx"
    path.write_bytes(xlsx_with_bomb(3000))  # 7 MB that unpacks to 3 GB
    assert path.stat().st_size < 8 * 1024 * 1024
    outcome = run_limited(path, org.slug, url)
    assert_refused_calmly(outcome, "bom.xlsx: het onderdeel 'xl/sharedStrings.xml' pakt uit tot 3023 MB",
                          "hoogstens 16 MB")  # fmt: skip
    assert written(app, org.id) == 0


def test_case_1_a_bomb_that_lies_about_its_size_is_cut_off_at_the_declared_size(sqlite_app, tmp_path):
    url, app, org = sqlite_app
    path = tmp_path / "gelogen.xlsx"
    path.write_bytes(xlsx_with_bomb(3000, declared_size=20_000))
    outcome = run_limited(path, org.slug, url)
    assert_refused_calmly(outcome, "gelogen.xlsx: geen geldig Excel-bestand (.xlsx)")
    assert written(app, org.id) == 0


@pytest.mark.parametrize("declared", [True, False], ids=["dimension-declared", "no-dimension"])
def test_case_2_one_cell_at_xfd1048576_is_refused_naming_the_cell(sqlite_app, tmp_path, declared):
    url, app, org = sqlite_app
    path = tmp_path / "ver.xlsx"
    path.write_bytes(xlsx_with_far_cell(declare_dimension=declared))
    assert path.stat().st_size < 10_000
    outcome = run_limited(path, org.slug, url)
    assert_refused_calmly(outcome, "XFD1048576")
    assert "meer dan 50000 rijen" not in outcome.stderr
    assert written(app, org.id) == 0


def test_case_4_json_nested_5000_deep_is_refused_before_parsing(sqlite_app, tmp_path):
    url, app, _org = sqlite_app
    path = tmp_path / "diep.json"
    path.write_bytes(nested_json(5000))
    outcome = run_limited(path, "nieuwe-corporatie", url)
    assert_refused_calmly(outcome, f"diep.json: de JSON is dieper genest dan {MAX_JSON_DEPTH} niveaus")
    assert "RecursionError" not in outcome.stderr
    assert [o.slug for o in app.repo.list_organisations()] == ["woonstichting-de-eendracht"]


def test_the_far_cell_file_without_that_cell_imports(app, org):
    """The limits do not refuse an ordinary workbook: the same 61 rows import fine."""
    problems = refused(app, xlsx_with_far_cell(far_cell=False), "ver.xlsx", org.slug)
    # 60 rows over 3 items and 3 respondents: every repeat is named, nothing about size
    assert problems and all("al in rij" in p for p in problems)


# --------------------------------------------------------------------------- answers: one value only


@pytest.mark.parametrize("value", ["1-2", "0-4", "3 – 4", "4 - zeer veel tekst", "3 – Grotendeel", "2.5", "WAAR"])
def test_case_3_a_range_or_trailing_text_is_not_a_score(app, org, value):
    rows = [["Nulmeting 2026", "2026-03-01", "management", "Management 1", "dra-01", value, ""]]
    problems = refused(app, csv_bytes(rows), "antwoorden.csv", org.slug)
    assert problems == [
        f"antwoorden.csv, rij 2, kolom 'antwoord': '{value}' is geen geldige waarde; gebruik 0-4, 'weet ik niet' of 'nvt'"
    ]
    assert written(app, org.id) == 0


def test_case_3_the_exports_own_answer_labels_still_import(app, org):
    rows = [["Nulmeting 2026", "2026-03-01", "management", "Management 1", "dra-01", "3 – Grotendeels", ""],
            ["Nulmeting 2026", "2026-03-01", "management", "Management 1", "dra-02", "4", ""],
            ["Nulmeting 2026", "2026-03-01", "management", "Management 1", "dra-03", "Weet ik niet", ""]]  # fmt: skip
    summary = reports.import_bytes(app, csv_bytes(rows), "antwoorden.csv", org.slug)
    assert summary.answers_saved == 3
    round_ = app.repo.find_round(org.id, "Nulmeting 2026")
    answers = {a.item_id: (a.kind, a.score) for a in app.repo.round_data(round_.id).answers}
    assert answers == {"dra-01": (AnswerKind.SCORE, 3), "dra-02": (AnswerKind.SCORE, 4),
                       "dra-03": (AnswerKind.DONT_KNOW, None)}  # fmt: skip


def test_a_long_value_is_quoted_shortly_in_the_message(app, org):
    rows = [["Nulmeting 2026", "2026-03-01", "management", "Management 1", "dra-01", "4" + " heel" * 500, ""]]
    (problem,) = refused(app, csv_bytes(rows), "antwoorden.csv", org.slug)
    assert len(problem) < 200 and "…' is geen geldige waarde" in problem


# --------------------------------------------------------------------------- JSON: all problems at once


@pytest.fixture
def export(app, org) -> dict:
    round_ = start_round(app, org.id, "Nulmeting 2026", dt.date(2026, 3, 1))
    respondent = add_respondent(app, round_.id, "management")
    for item in app.checklist.items[:4]:
        save_answer(app, respondent.id, item.id, AnswerKind.SCORE, 2, expected_version=None)
    return json.loads(reports.render(app, org.slug, "json")[1])


def test_case_5_an_unknown_checklist_version_is_refused_naming_the_known_ones(app, export):
    export["checklist_version"] = "1999.9"
    export["rounds"][0]["checklist_version"] = "1999.9"
    problems = refused(app, json.dumps(export).encode(), "export.json", "nieuwe-corporatie")
    message = app.checklist.unknown_version_message("1999.9")
    assert all(f"'{v}'" in message for v in app.checklist.comparable_versions)
    assert problems == [
        f"export.json, veld 'checklist_version': {message}",
        f"export.json, rounds[0], veld 'checklist_version': {message}",
    ]
    assert "nieuwe-corporatie" not in [o.slug for o in app.repo.list_organisations()]


@pytest.mark.parametrize("score", [True, False, "3", 3.0, 2.5])
def test_case_5_a_boolean_string_or_float_is_not_a_score(app, export, score):
    export["rounds"][0]["respondents"][0]["answers"][0]["score"] = score
    problems = refused(app, json.dumps(export).encode(), "export.json", "nieuwe-corporatie")
    assert len(problems) == 1
    assert problems[0].startswith("export.json, rounds[0].respondents[0].answers[0], veld 'score': ")
    assert "geen geheel getal" in problems[0]


def test_case_5_a_score_of_7_does_not_hide_the_other_problems(app, export):
    answers = export["rounds"][0]["respondents"][0]["answers"]
    answers[0]["score"] = 7
    answers[1]["item_id"] = "abc-01"
    answers[2]["note"] = "Mail jan.jansen@voorbeeld.nl"
    export["rounds"][0]["date"] = "1 maart"
    export["checklist_version"] = "0.1"
    problems = refused(app, json.dumps(export).encode(), "export.json", "nieuwe-corporatie")
    assert problems[:3] == [
        "export.json, rounds[0], veld 'date': '1 maart' is geen geldige datum (schrijf JJJJ-MM-DD)",
        "export.json, rounds[0].respondents[0].answers[0], veld 'score': mag hoogstens 4 zijn",
        f"export.json, veld 'checklist_version': {app.checklist.unknown_version_message('0.1')}",
    ]  # fmt: skip
    assert problems[3] == "export.json, rounds[0].respondents[0].answers[1], veld 'item_id': 'abc-01' is geen bekende vraag"
    assert problems[4].startswith("export.json, rounds[0].respondents[0].answers[2], veld 'note': ")
    assert len(problems) == 5


def test_json_limits_on_counts_and_empty_files(app):
    too_many = {"format": "voordeurcheck-export", "actions": [{}] * 10_001}
    assert refused(app, json.dumps(too_many).encode(), "veel.json", "n") == [
        "veel.json: het bestand bevat 10001 verbeteracties; hoogstens 10000 per bestand. Splits het op"
    ]
    assert refused(app, b" \n\n ", "leeg.json", "n") == ["leeg.json: het bestand is leeg"]
    assert refused(app, b'{"format": "voordeurcheck-export", "n": 1' + b"0" * 5000 + b"}", "getal.json", "n") == [
        "getal.json: geen geldige JSON (een getal met meer dan 4300 cijfers)"
    ]


# --------------------------------------------------------------------------- empty files


@pytest.mark.parametrize("content", [b"\n\n\n\n\n\n", b"\r\n\r\n   \r\n", b";;;;\n;;;\n", b"\xef\xbb\xbf\n\n"])
def test_case_6_a_file_of_blank_lines_is_empty(app, org, content):
    assert refused(app, content, "leeg.csv", org.slug) == [
        "leeg.csv: het bestand is leeg: er staat geen kopregel en geen antwoord in"
    ]


def test_case_6_an_empty_worksheet_is_empty(app, org):
    from openpyxl import Workbook

    buffer = io.BytesIO()
    Workbook().save(buffer)
    assert refused(app, buffer.getvalue(), "leeg.xlsx", org.slug) == [
        "leeg.xlsx: het bestand is leeg: er staat geen kopregel en geen antwoord in"
    ]


def test_blank_lines_above_the_header_are_skipped_and_rows_keep_their_numbers(app, org):
    data = b"\n\n" + csv_bytes([["Nulmeting 2026", "2026-03-01", "management", "M 1", "dra-01", "vijf", ""]])
    assert refused(app, data, "a.csv", org.slug) == [
        "a.csv, rij 4, kolom 'antwoord': 'vijf' is geen geldige waarde; gebruik 0-4, 'weet ik niet' of 'nvt'"
    ]


def test_csv_limits_on_columns_and_field_size(app, org):
    wide = csv_bytes([["Nulmeting 2026", "2026-03-01", "management", "M 1", "dra-01", "3", "", *["x"] * 40]])
    assert refused(app, wide, "breed.csv", org.slug) == [
        "breed.csv, rij 2: deze rij heeft 47 kolommen; een antwoordbestand heeft er hoogstens 30"
    ]
    huge = csv_bytes([["Nulmeting 2026", "2026-03-01", "management", "M 1", "dra-01", "3", "x" * 200_000]])
    (problem,) = refused(app, huge, "groot.csv", org.slug)
    assert problem.startswith("groot.csv, rij 2: geen geldige CSV (een veld is langer dan")
