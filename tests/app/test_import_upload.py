"""Beheer, "Antwoorden importeren": answers collected elsewhere come in through the template
(CSV or Excel) or a JSON export; a file with any problem changes nothing and every problem
is named with its row and column."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from readiness.models import AnswerKind
from readiness.services import assessment, plans, reports
from tests.app.conftest import start_app
from tests.app.test_downloads import file_id, served  # noqa: F401  (fixture)

PAGE = "beheer"
COLUMNS = ["meting", "datum", "rol", "respondent", "item", "antwoord", "toelichting"]


@pytest.fixture
def corporation(services):
    """A corporation without any round yet."""
    return assessment.create_organisation(services, "Woonstichting De Eendracht", "M", "Utrecht")


def answers_csv(app, rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def filled_rows(app, round_label="Meting op papier", date="2026-02-01", role="uitvoering",
                respondent="Team Zuid", value=lambda number: str(number % 5), note=""):  # fmt: skip
    return [[round_label, date, role, respondent, item.id, value(item.number), note] for item in app.checklist.items]


def upload(at, name: str, data: bytes, mime: str = "text/csv"):
    at.file_uploader[0].set_value((name, data, mime)).run()
    assert not at.exception, at.exception
    return at


def press_import(at):
    at.button(key="bh_import_submit").click().run()
    assert not at.exception, at.exception
    return at


def snapshot(app, org_id: int) -> list:
    """Everything an import could change for one corporation."""
    out = []
    for round_ in assessment.list_rounds(app, org_id):
        data = assessment.round_data(app, round_.id)
        out.append((round_.model_dump(), [r.model_dump() for r in data.respondents],
                    sorted((a.respondent_id, a.item_id, a.kind, a.score, a.note, a.version) for a in data.answers)))
    return out  # fmt: skip


def error_text(at) -> str:
    return "\n".join(e.value for e in at.error)


# --------------------------------------------------------------------------- the section


def test_the_section_offers_both_templates_the_upload_and_the_privacy_notice(services, corporation, served):
    from openpyxl import load_workbook

    at = start_app(PAGE, {"org": corporation.slug})  # no round yet: the section is there already
    texts = " ".join(c.value for c in at.caption)
    assert "Let op: schrijf hier alleen over de organisatie" in texts
    assert "20 MB" in texts
    uploader = at.file_uploader[0]
    assert sorted(uploader.allowed_type) == [".csv", ".json", ".xlsx"]

    buttons = {b.key: b for b in at.get("download_button")}
    name, data = served[Path(buttons["bh_template_csv"].proto.url).stem]
    assert name == "voordeurcheck-sjabloon-antwoorden.csv"
    header, *rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert header == COLUMNS
    assert [row[4] for row in rows] == [item.id for item in services.checklist.items]
    name, data = served[Path(buttons["bh_template_xlsx"].proto.url).stem]
    assert name == "voordeurcheck-sjabloon-antwoorden.xlsx"
    assert "Antwoorden" in load_workbook(io.BytesIO(data), read_only=True).sheetnames


# --------------------------------------------------------------------------- good files


def test_a_filled_in_csv_creates_the_round_and_its_answers(services, corporation):
    at = start_app(PAGE, {"org": corporation.slug})
    at = upload(at, "antwoorden-papier.csv", answers_csv(services, filled_rows(services)))
    preview = " ".join(m.value for m in at.markdown)
    assert "antwoorden-papier.csv" in preview and corporation.name in preview
    assert assessment.list_rounds(services, corporation.id) == []  # nothing before the button

    at = press_import(at)
    n = len(services.checklist.items)
    [round_] = assessment.list_rounds(services, corporation.id)
    assert (round_.label, round_.date, round_.is_final) == ("Meting op papier", dt.date(2026, 2, 1), False)
    [respondent] = assessment.list_respondents(services, round_.id)
    assert (respondent.role, respondent.label) == ("uitvoering", "Team Zuid")
    stored = assessment.answers_of(services, respondent.id)
    assert {i.id: stored[i.id].score for i in services.checklist.items} == {
        i.id: i.number % 5 for i in services.checklist.items
    }
    [message] = [s.value for s in at.success]
    assert f"{n} antwoorden" in message and "Meting op papier" in message
    # the imported round is now the selection: its respondents are listed on the page
    assert at.query_params["round"] == str(round_.id)
    assert at.selectbox(key="bh_pick_round").value == round_.id
    assert at.file_uploader[0].value is None  # a fresh uploader: the file is not imported twice


def test_answers_are_added_to_an_existing_draft_round(services, draft):
    item = services.checklist.items[0]
    rows = [[draft.round.label, "", "bestuur", draft.bestuur.label, item.id, "weet ik niet", ""]]
    at = press_import(upload(start_app(PAGE, draft.query), "aanvulling.csv", answers_csv(services, rows)))
    assert at.success, error_text(at)
    assert assessment.list_rounds(services, draft.org.id) == [draft.round]
    answer = assessment.answers_of(services, draft.bestuur.id)[item.id]
    assert answer.kind == AnswerKind.DONT_KNOW


def test_the_excel_template_from_the_page_can_be_filled_in_and_imported(services, corporation, served):
    from openpyxl import load_workbook

    at = start_app(PAGE, {"org": corporation.slug})
    [button] = [b for b in at.get("download_button") if b.key == "bh_template_xlsx"]
    _, data = served[file_id(button)]
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook["Antwoorden"]
    header = [c.value for c in sheet[1]]
    column = {name: header.index(name) + 1 for name in ("meting", "datum", "rol", "respondent", "item", "antwoord")}
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row, column["item"]).value:
            sheet.cell(row, column["meting"]).value = "Nulmeting 2026"
            sheet.cell(row, column["datum"]).value = dt.date(2026, 3, 1)
            sheet.cell(row, column["rol"]).value = "bestuur"
            sheet.cell(row, column["respondent"]).value = "Bestuur 1"
            sheet.cell(row, column["antwoord"]).value = 3
    filled = io.BytesIO()
    workbook.save(filled)

    at = press_import(upload(at, "ingevuld.xlsx", filled.getvalue(), reports.MEDIA_TYPES["xlsx"]))
    assert at.success, error_text(at)
    [round_] = assessment.list_rounds(services, corporation.id)
    [respondent] = assessment.list_respondents(services, round_.id)
    scores = {a.score for a in assessment.answers_of(services, respondent.id).values()}
    assert scores == {3} and len(assessment.answers_of(services, respondent.id)) == len(services.checklist.items)


def test_a_json_export_becomes_a_new_corporation_under_the_short_name_given(seeded, served):
    source = next(o for o in assessment.list_organisations(seeded) if assessment.list_rounds(seeded, o.id))
    name, data = reports.render(seeded, source.slug, "json")
    at = upload(start_app(PAGE, {"org": source.slug}), name, data, "application/json")
    assert at.text_input(key="bh_import_slug").value == ""  # the selected corporation has data
    at.text_input(key="bh_import_slug").input("overgezet-uit-demo").run()
    at = press_import(at)
    assert at.success, error_text(at)

    copy = assessment.get_organisation(seeded, "overgezet-uit-demo")
    assert [r.label for r in assessment.list_rounds(seeded, copy.id)] == [
        r.label for r in assessment.list_rounds(seeded, source.id)
    ]
    assert len(plans.list_plan(seeded, copy.id)) == len(plans.list_plan(seeded, source.id))
    assert at.query_params["org"] == "overgezet-uit-demo"  # the new corporation is selected


# --------------------------------------------------------------------------- refused files


def test_a_csv_with_one_bad_row_names_row_and_column_and_changes_nothing(services, draft):
    rows = filled_rows(services, round_label="Meting op papier")
    rows[5][5] = "vijf"  # spreadsheet row 7: header is row 1
    before = snapshot(services, draft.org.id)

    at = press_import(upload(start_app(PAGE, draft.query), "antwoorden.csv", answers_csv(services, rows)))
    text = error_text(at)
    assert "niet ingelezen" in text and "niets veranderd" in text
    assert "antwoorden.csv, rij 7, kolom 'antwoord'" in text.replace("\\", "")
    assert "vijf" in text
    assert not at.success
    assert snapshot(services, draft.org.id) == before


def test_every_problem_is_listed_not_just_the_first(services, corporation):
    rows = filled_rows(services)
    rows[0][5] = "7"  # row 2
    rows[3][2] = "huismeester"  # row 5: not a role
    at = press_import(upload(start_app(PAGE, {"org": corporation.slug}), "twee.csv", answers_csv(services, rows)))
    text = error_text(at).replace("\\", "")
    assert "Er zijn 2 problemen" in text
    assert "rij 2, kolom 'antwoord'" in text and "rij 5, kolom 'rol'" in text
    assert assessment.list_rounds(services, corporation.id) == []


def test_a_note_with_a_phone_number_is_refused(services, corporation):
    rows = filled_rows(services, note="")
    rows[2][6] = "Bel de bewoner op 06-12345678"  # row 4
    at = press_import(upload(start_app(PAGE, {"org": corporation.slug}), "notities.csv", answers_csv(services, rows)))
    text = error_text(at).replace("\\", "")
    assert "rij 4, kolom 'toelichting'" in text and "telefoonnummer" in text
    assert "niets veranderd" in text
    assert assessment.list_rounds(services, corporation.id) == []


def test_answers_for_a_final_round_are_refused(services, draft):
    for respondent in (draft.bestuur, draft.uitvoering):
        for item in services.checklist.items:
            assessment.save_answer(services, respondent.id, item.id, AnswerKind.SCORE, 2, expected_version=None)
    assessment.finalise_round(services, draft.round.id)
    before = snapshot(services, draft.org.id)
    rows = filled_rows(services, round_label=draft.round.label, date="")
    at = press_import(upload(start_app(PAGE, draft.query), "laat.csv", answers_csv(services, rows)))
    text = error_text(at)
    assert "definitief" in text and "kolom 'meting'" in text.replace("\\", "")
    assert snapshot(services, draft.org.id) == before


def test_an_unreadable_file_gets_a_message_and_changes_nothing(services, corporation):
    at = start_app(PAGE, {"org": corporation.slug})
    at = press_import(upload(at, "antwoorden.csv", b"\x00\x01 geen tekst \xff\xfe"))
    assert at.error, "an unreadable file must be refused with a message"
    assert "niets veranderd" in error_text(at)
    assert assessment.list_rounds(services, corporation.id) == []


def test_a_long_list_of_problems_is_cut_on_the_page_and_offered_in_full(services, corporation, served):
    rows = [row for name in ("Team 1", "Team 2", "Team 3") for row in filled_rows(services, respondent=name)]
    for row in rows:
        row[5] = "vijf"
    at = press_import(upload(start_app(PAGE, {"org": corporation.slug}), "veel.csv", answers_csv(services, rows)))
    text = error_text(at)
    assert f"Er zijn {len(rows)} problemen" in text
    assert text.count("\n- ") == 50 + 1  # 50 problems and the line saying how many more
    assert f"en nog {len(rows) - 50} problemen" in text
    [button] = [b for b in at.get("download_button") if b.key == "bh_import_problems"]
    _, data = served[file_id(button)]
    lines = data.decode("utf-8").splitlines()
    assert len(lines) == len(rows)
    assert lines[-1].startswith(f"veel.csv, rij {len(rows) + 1}, kolom 'antwoord'")
