"""The "Rapport downloaden" block on Resultaten and Verbeterplan: a file is made on request,
served under its export name, opens with the real reader, holds the corporation's data,
and is made again when the data behind it changes."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from readiness.models import AnswerKind
from readiness.services import assessment, plans, reports
from tests.app.conftest import start_app as open_app_page


def start_app(page: str | None = None, query: dict[str, object] | None = None):
    """The page; on Resultaten the downloads are one of the parts chosen below the answer."""
    at = open_app_page(page, query)
    if page == "resultaten":
        at.segmented_control(key="rs_section").set_value("downloaden").run()
        assert not at.exception, at.exception
    return at


@pytest.fixture
def served(monkeypatch) -> dict[str, tuple[str | None, bytes]]:
    """What the app hands to the browser: media file id -> (download file name, bytes).

    AppTest keeps download data in an in-memory media store that it drops after each
    run; this records every file put in it. A download made on click (``data`` is a
    callable, see readiness/ui/sensitive.py) is recorded under its deferred id, made as
    the click would make it."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    files: dict[str, tuple[str | None, bytes]] = {}
    original = MemoryMediaFileStorage.load_and_get_id
    original_deferred = MediaFileManager.add_deferred

    def record(self, path_or_data, mimetype, kind, filename=None):
        file_id = original(self, path_or_data, mimetype, kind, filename)
        if isinstance(path_or_data, bytes):
            files[file_id] = (filename, path_or_data)
        return file_id

    def record_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        file_id = original_deferred(self, data_callable, mimetype, coordinates, file_name=file_name, **kwargs)
        files[file_id] = (file_name, data_callable())
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", record)
    monkeypatch.setattr(MediaFileManager, "add_deferred", record_deferred)
    return files


def plan_downloads(slug: str):
    """Verbeterplan with its download block chosen (the page draws it only on request)."""
    at = start_app("verbeterplan", {"org": slug})
    at.segmented_control(key="vp_part").set_value("Downloaden").run()
    return at


def file_id(button) -> str:
    """The media id behind a download button: its URL's, or its deferred id (made on click)."""
    return Path(button.proto.url).stem if button.proto.url else button.proto.deferred_file_id


@pytest.fixture
def reports_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "reports"
    monkeypatch.setenv("VOORDEURCHECK_REPORTS", str(folder))
    monkeypatch.delenv("VOORDEURCHECK_MODE", raising=False)
    return folder


@pytest.fixture
def history(seeded):
    """A demo corporation with several rounds, the latest final: (org, rounds oldest first)."""
    for org in assessment.list_organisations(seeded):
        rounds = assessment.list_rounds(seeded, org.id)
        if len(rounds) >= 2 and all(r.is_final for r in rounds):
            return org, rounds
    pytest.fail("seed_demo should add a corporation with more than one final round")


def download(at, served) -> tuple[str, bytes]:
    """(file name, bytes) behind the block's download button."""
    [button] = [b for b in at.get("download_button") if b.key == "dl_download"]
    name, data = served[file_id(button)]
    return name, data


def make(at, fmt: str | None = None, scope: str | None = None):
    if fmt is not None:
        at.segmented_control(key="dl_format").set_value(fmt).run()
    if scope is not None:
        at.radio(key="dl_scope").set_value(scope).run()
    at.button(key="dl_make").click().run()
    assert not at.exception, at.exception
    return at


def has_download(at) -> bool:
    return any(b.key == "dl_download" for b in at.get("download_button"))


def section_titles(app) -> list[str]:
    return [section.title for section in app.checklist.sections]


# --------------------------------------------------------------------------- reports


def test_nothing_is_generated_until_the_user_asks(seeded, history, served):
    org, rounds = history
    at = start_app("resultaten", {"org": org.slug, "round": rounds[-1].id})
    assert at.segmented_control(key="dl_format").value == "pdf"
    assert not has_download(at)
    # no report was made while the page ran; the bestuursvoorstel's buttons are made on
    # click (deferred), which this fixture records by making them at once
    assert [name for name, _ in served.values() if not name.startswith("bestuursvoorstel-")] == []


def test_the_bestuursvoorstel_downloads_as_pdf_word_and_one_slide(seeded, history, served):
    from docx import Document
    from pptx import Presentation
    from pypdf import PdfReader

    from readiness.services import board

    org, rounds = history
    at = start_app("resultaten", {"org": org.slug, "round": rounds[-1].id})
    buttons = {b.key: b for b in at.get("download_button")}
    files = {fmt: served[file_id(buttons[f"dl_bv_{fmt}"])] for fmt in ("pdf", "docx", "pptx")}
    for fmt, (name, _) in files.items():
        assert name == board.file_name(org.slug, rounds[-1].label, fmt)
    assert len(PdfReader(io.BytesIO(files["pdf"][1])).pages) == 1
    assert "Besluiten gevraagd" in [p.text for p in Document(io.BytesIO(files["docx"][1])).paragraphs]
    deck = Presentation(io.BytesIO(files["pptx"][1]))
    assert len(deck.slides) == 1


def test_pdf_from_resultaten_is_the_chosen_rounds_board_report(seeded, history, served):
    from pypdf import PdfReader

    org, rounds = history
    earlier = rounds[0]
    at = start_app("resultaten", {"org": org.slug, "round": earlier.id})
    make(at)
    name, data = download(at, served)
    assert name == reports.file_name(org.slug, "pdf", earlier.label)
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(data)).pages)
    assert org.name in text
    assert earlier.label in text
    for title in section_titles(seeded):
        assert title in text, title


def test_word_report_opens_in_python_docx_with_the_sections(seeded, history, served):
    import docx

    org, rounds = history
    at = make(start_app("resultaten", {"org": org.slug}), "docx")
    name, data = download(at, served)
    assert name == reports.file_name(org.slug, "docx", rounds[-1].label)
    document = docx.Document(io.BytesIO(data))
    text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    for title in section_titles(seeded):
        assert title in text, title


def test_excel_from_verbeterplan_holds_answers_scores_and_the_plan(seeded, history, served):
    from openpyxl import load_workbook

    org, rounds = history
    action = plans.add_action(
        seeded, org.id, item_id=seeded.checklist.items[0].id,
        description="Training signaleren voor alle wijkbeheerders", owner="teamleider wonen",
    )  # fmt: skip
    at = make(plan_downloads(org.slug), "xlsx")
    name, data = download(at, served)
    assert name == reports.file_name(org.slug, "xlsx")  # all rounds by default
    workbook = load_workbook(io.BytesIO(data), read_only=True)
    assert {"Antwoorden", "Scores", "Verbeterplan"} <= set(workbook.sheetnames)
    scores = {str(c) for row in workbook["Scores"].iter_rows(values_only=True) for c in row if c is not None}
    for title in section_titles(seeded):
        assert title in scores, title
    assert {r.label for r in rounds} <= scores
    plan = {str(c) for row in workbook["Verbeterplan"].iter_rows(values_only=True) for c in row if c is not None}
    assert action.description in plan


def csv_rounds(data: bytes) -> set[str]:
    return {row["meting"] for row in csv.DictReader(io.StringIO(data.decode("utf-8-sig")))}


def test_csv_of_all_rounds_or_only_the_chosen_one(seeded, history, served):
    org, rounds = history
    chosen = rounds[0]
    at = make(start_app("resultaten", {"org": org.slug, "round": chosen.id}), "csv")
    name, data = download(at, served)
    assert name == reports.file_name(org.slug, "csv")
    assert csv_rounds(data) == {r.label for r in rounds}

    at = make(at, scope="deze")
    name, data = download(at, served)
    assert name == reports.file_name(org.slug, "csv", chosen.label)
    assert csv_rounds(data) == {chosen.label}


def test_json_export_can_be_imported_into_a_new_corporation(seeded, history, served):
    org, rounds = history
    at = make(start_app("resultaten", {"org": org.slug}), "json")
    name, data = download(at, served)
    assert name == reports.file_name(org.slug, "json")
    summary = reports.import_bytes(seeded, data, name, "kopie-van-de-demo")
    assert summary.rounds_created == [r.label for r in rounds]


# --------------------------------------------------------------------------- draft, changes, saving


def test_without_a_final_round_the_concept_report_is_made_only_when_chosen(draft, served):
    from pypdf import PdfReader

    at = start_app("resultaten", draft.query)
    assert any("nog geen definitieve meting" in i.value for i in at.info)
    assert at.radio(key="dl_which").value is None  # nothing chosen for the user
    assert at.button(key="dl_make").disabled

    at.radio(key="dl_which").set_value("concept").run()
    warnings = " ".join(w.value for w in at.warning)
    assert "voorlopig" in warnings and draft.round.label in warnings
    make(at)
    name, data = download(at, served)
    assert name == reports.file_name(draft.org.slug, "pdf", draft.round.label)
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]
    assert all("CONCEPT" in text for text in pages)  # every page, the cover too


def test_a_concept_on_the_page_still_downloads_the_latest_final_report_by_default(seeded, history, served):
    org, rounds = history
    concept = assessment.start_round(seeded, org.id, "Meting 2099", dt.date(2099, 3, 1), copy_respondents_from=rounds[-1].id)
    at = start_app("resultaten", {"org": org.slug, "round": concept.id})
    assert at.radio(key="dl_which").value == "definitief"
    make(at, "docx")
    name, _ = download(at, served)
    assert name == reports.file_name(org.slug, "docx", rounds[-1].label)


def test_a_final_round_is_not_called_provisional(seeded, history):
    org, rounds = history
    at = start_app("resultaten", {"org": org.slug})
    assert not any("voorlopig" in w.value for w in at.warning)


def test_a_file_is_made_again_after_the_data_changes(services, draft, served):
    item = services.checklist.items[0]
    assessment.save_answer(services, draft.bestuur.id, item.id, AnswerKind.SCORE, 1, expected_version=None)
    at = make(start_app("resultaten", draft.query), "csv")
    _, before = download(at, served)
    rows = list(csv.DictReader(io.StringIO(before.decode("utf-8-sig"))))
    assert [(r["item"], r["antwoord"]) for r in rows] == [(item.id, "1")]

    at.run()  # nothing changed: the same file stays available without making it again
    assert has_download(at)

    stored = assessment.answers_of(services, draft.bestuur.id)[item.id]
    assessment.save_answer(services, draft.bestuur.id, item.id, AnswerKind.SCORE, 4, expected_version=stored.version)
    at.run()
    assert not has_download(at), "a file made before the change must not be offered any more"
    at = make(at)
    _, after = download(at, served)
    rows = list(csv.DictReader(io.StringIO(after.decode("utf-8-sig"))))
    assert [(r["item"], r["antwoord"]) for r in rows] == [(item.id, "4")]


def test_another_round_does_not_get_the_file_of_the_first(seeded, history, served):
    org, rounds = history
    at = make(start_app("resultaten", {"org": org.slug, "round": rounds[-1].id}))
    assert has_download(at)
    at.radio(key="pick_round").set_value(rounds[0].id).run()
    assert not has_download(at)
    at = make(at)
    name, _ = download(at, served)
    assert name == reports.file_name(org.slug, "pdf", rounds[0].label)


def test_save_writes_the_file_to_the_reports_folder_and_shows_where(seeded, history, reports_dir):
    from openpyxl import load_workbook

    org, _ = history
    at = plan_downloads(org.slug)
    at.segmented_control(key="dl_format").set_value("xlsx").run()
    save = at.button(key="dl_save")
    assert save.label == "Opslaan op deze computer"  # no folder name on the button (issue 11)
    assert "reports" not in save.help
    save.click().run()
    assert not at.exception, at.exception
    path = reports_dir / org.slug / reports.file_name(org.slug, "xlsx")
    assert path.is_file()
    assert "Scores" in load_workbook(path, read_only=True).sheetnames
    assert any(str(path) in s.value for s in at.success)


def test_shared_installations_do_not_offer_saving_on_the_server(seeded, history, monkeypatch):
    monkeypatch.setenv("VOORDEURCHECK_MODE", "shared")
    from readiness.services import accounts  # shared mode: log in as a beheerder first

    accounts.create_account(seeded, "beheer@example.org", "Lang-genoeg-en-geheim-1", "beheerder")
    org, _ = history
    at = start_app(None, {"org": org.slug})
    at.text_input(key="login_username").input("beheer@example.org")
    at.text_input(key="login_password").input("Lang-genoeg-en-geheim-1")
    at.button(key="login_submit").click().run()
    at.switch_page("readiness/ui/pages/resultaten.py").run()
    at.segmented_control(key="rs_section").set_value("downloaden").run()
    keys = {b.key for b in at.button}
    assert "dl_make" in keys and "dl_save" not in keys


def test_a_corporation_without_rounds_can_still_export_its_plan_as_data(services, served):
    import json

    org = assessment.create_organisation(services, "Woonstichting Nieuw Begin", "S", "Twente")
    action = plans.add_action(
        services, org.id, item_id=services.checklist.items[0].id, description="Werkwijze signaleren vastleggen",
    )  # fmt: skip
    at = plan_downloads(org.slug)
    control = at.segmented_control(key="dl_format")
    assert list(control.options) == ["Excel", "CSV", "JSON"]  # no report without a round
    at = make(at, "json")
    name, data = download(at, served)
    assert name == reports.file_name(org.slug, "json")
    document = json.loads(data)
    assert document["rounds"] == []
    assert [a["description"] for a in document["actions"]] == [action.description]
