"""The consensus meeting through the services, on SQLite and PostgreSQL (the `repo` fixture)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from readiness.access import AccessDenied, Actor, Kind
from readiness.config import DEFAULT_CHECKLIST, Settings
from readiness.consensus import LOCKED_CLOSED, LOCKED_FINAL
from readiness.models import ActionStatus, AnswerKind, ConflictError, Priority
from readiness.privacy import PersonalDataError
from readiness.services import App, consensus, plans, reports
from readiness.services.assessment import (
    ValidationError,
    add_respondent,
    create_organisation,
    finalise_round,
    round_result,
    save_answer,
    start_round,
)

TODAY = dt.date(2026, 5, 1)
MEETING_DAY = dt.date(2026, 5, 12)


@pytest.fixture
def app(repo, checklist, tmp_path: Path) -> App:
    settings = Settings(
        database_url="sqlite://", checklist_path=DEFAULT_CHECKLIST, reports_dir=tmp_path, target_level=3
    )
    return App(settings=settings, repo=repo, checklist=checklist, today=lambda: TODAY)


@pytest.fixture
def org(app):
    return create_organisation(app, "Woonstede Test", "M", "Utrecht")


@pytest.fixture
def round_(app, org):
    """Bestuur says 4 everywhere; uitvoering says 1 on dra-01 and 'weet ik niet' on ken-01."""
    round_ = start_round(app, org.id, "Meting 2026", dt.date(2026, 4, 1))
    board = add_respondent(app, round_.id, "bestuur")
    staff = add_respondent(app, round_.id, "uitvoering")
    for item in app.checklist.items:
        save_answer(app, board.id, item.id, AnswerKind.SCORE, 4, expected_version=None)
        if item.id == "ken-01":
            save_answer(app, staff.id, item.id, AnswerKind.DONT_KNOW, expected_version=None)
        else:
            value = 1 if item.id == "dra-01" else 4
            save_answer(app, staff.id, item.id, AnswerKind.SCORE, value, note="", expected_version=None)
    return round_


def test_a_meeting_agenda_agreed_levels_and_the_result(app, round_):
    view = consensus.consensus_view(app, round_.id)
    assert view.meeting is None and view.locked == consensus.NO_MEETING
    assert [a.item_id for a in view.agenda if a.priority] == ["dra-01", "ken-01"]

    consensus.open_meeting(app, round_.id, MEETING_DAY)
    consensus.record_level(app, round_.id, "dra-01", 2, "Alleen het bestuur is bekend met het besluit.",
                           expected_version=None)  # fmt: skip
    consensus.record_level(app, round_.id, "ken-01", None, "Niemand weet of de training al gegeven is.",
                           expected_version=None)  # fmt: skip
    finalise_round(app, round_.id)  # a concept shows no next steps until every section has enough answers

    result = round_result(app, round_.id)
    dra = result.item("dra-01")
    assert dra.score == 50 and dra.respondents_mean == 2.5  # agreed 2, respondents (4 + 1) / 2
    assert dra.by_role == {"bestuur": 4, "uitvoering": 1}  # the spread stays
    assert consensus.consensus_view(app, round_.id).result == result
    assert result.item("ken-01").score is None
    assert result.item("dra-02").agreement is None and result.item("dra-02").score == 100
    assert [(g.item_id, g.reason) for g in result.gaps] == [("dra-01", "achterstand"), ("ken-01", "onbekend")]
    # the report for the board uses the same result
    report = reports.build_report(app, "woonstede-test", "Meting 2026")
    assert report.result == result
    audit = [e.change for e in app.repo.list_audit(round_.org_id) if e.entity in ("consensusgesprek", "vastgesteld niveau")]
    assert audit == [
        "consensusgesprek van 12 mei 2026 geopend voor meting 'Meting 2026'",
        "vraag 1: 2 vastgesteld in het consensusgesprek",
        f"vraag {app.checklist.item('ken-01').number}: nog niet te bepalen vastgesteld in het consensusgesprek",
    ]


def test_follow_up_puts_one_action_in_the_plan(app, round_):
    consensus.open_meeting(app, round_.id, MEETING_DAY)
    saved = consensus.record_level(app, round_.id, "dra-01", 1, "Het plan is nog niet vastgesteld.",
                                   follow_up=True, expected_version=None)  # fmt: skip
    plan = plans.list_plan(app, round_.org_id)
    assert [a.id for a in plan] == [saved.action_id]
    action = plan[0]
    assert action.item_id == "dra-01" and action.status == ActionStatus.PLANNED
    assert action.priority == Priority.HIGH and action.origin_round_id == round_.id
    assert action.description == app.checklist.item("dra-01").actions[0].text
    # changing the level later keeps the one action
    again = consensus.record_level(app, round_.id, "dra-01", 2, "Na navraag: deels vastgesteld.",
                                   follow_up=True, expected_version=saved.version)  # fmt: skip
    assert again.action_id == saved.action_id and len(plans.list_plan(app, round_.org_id)) == 1


def test_follow_up_of_an_item_with_an_open_action_links_that_action(app, round_):
    own = plans.add_action(app, round_.org_id, "ken-01", "Training voor de uitvoering plannen")
    consensus.open_meeting(app, round_.id, MEETING_DAY)
    saved = consensus.record_level(app, round_.id, "ken-01", 2, "De training loopt nog.", follow_up=True,
                                   expected_version=None)  # fmt: skip
    assert saved.action_id == own.id and len(plans.list_plan(app, round_.org_id)) == 1


@pytest.mark.parametrize(
    ("rationale", "error", "where"),
    [
        ("Besproken met jan.jansen@corporatie.nl", PersonalDataError, "Onderbouwing bij vraag 1"),
        ("", ValidationError, "Onderbouwing"),
        ("x" * 1001, ValidationError, "maximaal 1000 tekens"),
    ],
)
def test_a_bad_rationale_is_refused_and_nothing_is_written(app, round_, rationale, error, where):
    consensus.open_meeting(app, round_.id, MEETING_DAY)
    audit_before = len(app.repo.list_audit())
    with pytest.raises(error) as refused:
        consensus.record_level(app, round_.id, "dra-01", 2, rationale, follow_up=True, expected_version=None)
    assert where in str(refused.value)
    view = consensus.consensus_view(app, round_.id)
    assert view.levels == {} and plans.list_plan(app, round_.org_id) == []
    assert len(app.repo.list_audit()) == audit_before


def test_a_stale_version_is_refused(app, round_):
    consensus.open_meeting(app, round_.id, MEETING_DAY)
    first = consensus.record_level(app, round_.id, "dra-01", 2, "Eerste lezing.", expected_version=None)
    consensus.record_level(app, round_.id, "dra-01", 3, "Tweede lezing.", expected_version=first.version)
    with pytest.raises(ConflictError):
        consensus.record_level(app, round_.id, "dra-01", 1, "Derde lezing.", expected_version=first.version)
    assert consensus.consensus_view(app, round_.id).levels["dra-01"].level == 3


def test_life_cycle_before_and_after_finalising(app, round_):
    with pytest.raises(ValidationError, match="nog geen consensusgesprek"):
        consensus.record_level(app, round_.id, "dra-01", 2, "Te vroeg.", expected_version=None)
    with pytest.raises(ValidationError, match="niet vóór de meting"):
        consensus.open_meeting(app, round_.id, dt.date(2026, 3, 1))
    consensus.open_meeting(app, round_.id, MEETING_DAY)
    with pytest.raises(ValidationError, match="al een consensusgesprek"):
        consensus.open_meeting(app, round_.id, MEETING_DAY)
    consensus.close_meeting(app, round_.id)
    with pytest.raises(ValidationError) as closed:
        consensus.record_level(app, round_.id, "dra-01", 2, "Na sluiting.", expected_version=None)
    assert str(closed.value) == LOCKED_CLOSED
    consensus.reopen_meeting(app, round_.id)  # a concept round: allowed
    saved = consensus.record_level(app, round_.id, "dra-01", 2, "Heropend en vastgesteld.", expected_version=None)

    finalise_round(app, round_.id)  # the meeting is still open: levels may still change
    saved = consensus.record_level(app, round_.id, "dra-01", 3, "Na afronding bijgesteld.",
                                   expected_version=saved.version)  # fmt: skip
    consensus.close_meeting(app, round_.id)
    for attempt in (
        lambda: consensus.record_level(app, round_.id, "dra-01", 1, "Te laat.", expected_version=saved.version),
        lambda: consensus.reopen_meeting(app, round_.id),
    ):
        with pytest.raises(ValidationError) as final:
            attempt()
        assert str(final.value) == LOCKED_FINAL
    assert round_result(app, round_.id).item("dra-01").score == 75


def test_a_meeting_can_be_opened_after_the_round_is_final(app, round_):
    finalise_round(app, round_.id)
    consensus.open_meeting(app, round_.id, MEETING_DAY)
    consensus.record_level(app, round_.id, "dra-01", 3, "Achteraf vastgesteld.", expected_version=None)
    assert round_result(app, round_.id).item("dra-01").score == 75


def test_role_rules_are_checked_on_every_write(app, round_, org):
    other = create_organisation(app, "Woonbron Ander", "S", "Twente")
    own_coordinator = app.as_actor(Actor(kind=Kind.COORDINATOR, username="coord@eigen.nl", org_id=org.id))
    foreign = app.as_actor(Actor(kind=Kind.COORDINATOR, username="coord@ander.nl", org_id=other.id))
    denktank = app.as_actor(Actor(kind=Kind.DENKTANK, username="denk@sector.nl"))
    for outsider in (foreign, denktank):
        with pytest.raises(AccessDenied):
            consensus.open_meeting(outsider, round_.id, MEETING_DAY)
        with pytest.raises(AccessDenied):
            consensus.consensus_view(outsider, round_.id)
    consensus.open_meeting(own_coordinator, round_.id, MEETING_DAY)
    for outsider in (foreign, denktank):
        with pytest.raises(AccessDenied):
            consensus.record_level(outsider, round_.id, "dra-01", 0, "Van buiten.", expected_version=None)
        with pytest.raises(AccessDenied):
            consensus.close_meeting(outsider, round_.id)
    consensus.record_level(own_coordinator, round_.id, "dra-01", 2, "Samen vastgesteld.", expected_version=None)
    entries = [e for e in app.repo.list_audit(org.id) if e.entity == "vastgesteld niveau"]
    assert [e.actor for e in entries] == ["coord@eigen.nl"]


def test_agenda_documents_read_back(app, round_, tmp_path):
    import io

    from docx import Document
    from pypdf import PdfReader

    save_answer(app, app.repo.list_respondents(round_.id)[1].id, "dra-01", AnswerKind.SCORE, 1,
                note="Zie het besluit <b>van</b> het MT", expected_version=1)  # fmt: skip
    consensus.open_meeting(app, round_.id, MEETING_DAY)
    consensus.record_level(app, round_.id, "dra-01", 2, "Alleen het bestuur kent het besluit.", expected_version=None)
    question = app.checklist.item("ken-01").question
    name, pdf = consensus.agenda_document(app, round_.id, "pdf")
    assert name == "woonstede-test-agenda-consensusgesprek-meting-2026.pdf"
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Agenda consensusgesprek" in text and "gesprek van 12 mei 2026" in text
    assert "Eerst bespreken" in text and "de rollen liggen 3,0 punten uit elkaar" in text
    assert "Vastgesteld niveau: 2 – gedeeltelijk" in text and "Alleen het bestuur kent het besluit." in text
    assert " ".join(question.split()) in text
    assert "Uitvoering: “Zie het besluit <b>van</b> het MT”" in text  # by role; markup printed as text
    _, docx = consensus.agenda_document(app, round_.id, "docx")
    words = "\n".join(p.text for p in Document(io.BytesIO(docx)).paragraphs)
    assert "Vastgesteld niveau: 2 – gedeeltelijk" in words and "Eerst bespreken" in words
    assert "Vastgesteld niveau: 0 / 1 / 2 / 3 / 4 / nog niet te bepalen" in words  # ken-01: room to write
    with pytest.raises(ValidationError, match="Onbekend formaat"):
        consensus.agenda_document(app, round_.id, "xlsx")


# --------------------------------------------------------------------------- JSON export and import


def _held_meeting(app, round_):
    consensus.open_meeting(app, round_.id, MEETING_DAY)
    consensus.record_level(app, round_.id, "dra-01", 2, "Alleen het bestuur kent het besluit.", follow_up=True,
                           expected_version=None)  # fmt: skip
    consensus.record_level(app, round_.id, "ken-01", None, "Eerst uitzoeken.", expected_version=None)
    finalise_round(app, round_.id)
    consensus.close_meeting(app, round_.id)


def test_json_export_carries_the_meeting_and_imports_without_loss(app, round_, tmp_path):
    import json

    _held_meeting(app, round_)
    name, content = reports.render(app, "woonstede-test", "json")
    document = json.loads(content)
    meeting = document["rounds"][0]["consensus"]
    assert meeting["held_on"] == "2026-05-12" and meeting["status"] == "gesloten"
    assert meeting["agreed_levels"] == [
        {"item_id": "dra-01", "level": 2, "rationale": "Alleen het bestuur kent het besluit.", "follow_up": True,
         "action": 0},
        {"item_id": "ken-01", "level": None, "rationale": "Eerst uitzoeken.", "follow_up": False, "action": None},
    ]  # fmt: skip
    path = tmp_path / name
    path.write_bytes(content)
    reports.import_file(app, path, "woonstede-kopie")
    copy = app.repo.get_organisation("woonstede-kopie")
    (copied_round,) = app.repo.list_rounds(copy.id)
    assert round_result(app, copied_round.id) == round_result(app, round_.id)
    view = consensus.consensus_view(app, copied_round.id)
    assert view.levels["dra-01"].action_id == plans.list_plan(app, copy.id)[0].id
    assert view.locked == LOCKED_FINAL  # a final round with a closed meeting stays final
    again = json.loads(reports.render(app, "woonstede-kopie", "json")[1])
    for doc in (again, document):
        doc.pop("exported_at")
        doc["organisation"].pop("slug")
    assert again == document


def test_an_export_from_before_meetings_still_imports(app, round_, tmp_path):
    import json

    document = json.loads(reports.render(app, "woonstede-test", "json")[1])
    for round_doc in document["rounds"]:
        del round_doc["consensus"]  # as written by an older Voordeurcheck
    path = tmp_path / "oud.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    summary = reports.import_file(app, path, "woonstede-oud")
    assert summary.rounds_created == ["Meting 2026"]
    copy = app.repo.list_rounds(app.repo.get_organisation("woonstede-oud").id)[0]
    assert consensus.find_meeting(app, copy.id) is None


def test_a_bad_agreed_level_in_json_is_named_and_nothing_is_imported(app, round_, tmp_path):
    import json

    _held_meeting(app, round_)
    document = json.loads(reports.render(app, "woonstede-test", "json")[1])
    levels = document["rounds"][0]["consensus"]["agreed_levels"]
    levels[0]["rationale"] = "Besproken met piet@voorbeeld.nl"
    levels[1]["item_id"] = "dra-01"
    levels[1]["action"] = 7
    path = tmp_path / "fout.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(reports.ImportRejected) as refused:
        reports.import_file(app, path, "woonstede-fout")
    shown = str(refused.value)
    assert "rounds[0].consensus.agreed_levels[0], veld 'rationale'" in shown
    assert "rounds[0].consensus.agreed_levels[1], veld 'item_id': 'dra-01' staat al in agreed_levels[0]" in shown
    assert "rounds[0].consensus.agreed_levels[1], veld 'action': er is geen actions[7] in dit bestand" in shown
    assert all(o.slug != "woonstede-fout" for o in app.repo.list_organisations())


def test_demo_corporations_have_held_a_meeting(app):
    from readiness.services.demo import seed_demo

    held = {}
    for org in seed_demo(app):
        latest = app.repo.list_rounds(org.id)[-1]
        view = consensus.consensus_view(app, latest.id)
        if view.meeting is not None:
            held[org.name] = (latest, view)
    assert len(held) >= 2
    assert {latest.is_final for latest, _ in held.values()} == {True, False}  # before and after finalising
    for latest, view in held.values():
        assert view.levels and all(level.rationale for level in view.levels.values())
        assert any(level.action_id for level in view.levels.values())  # a follow-up in the plan
        result = round_result(app, latest.id)
        agreed = [i for i in result.items if i.agreement is not None]
        assert {i.item_id for i in agreed} == set(view.levels)
        assert all(i.mean == view.levels[i.item_id].level for i in agreed)


def test_sector_figures_use_the_result_the_corporation_sees(app, round_):
    """The records a sector publication is computed from carry the agreed levels."""
    from readiness.services import publications

    finalise_round(app, round_.id)
    consensus.open_meeting(app, round_.id, MEETING_DAY)
    consensus.record_level(app, round_.id, "dra-01", 1, "De werkvloer merkt er niets van.", expected_version=None)
    consensus.record_level(app, round_.id, "ken-01", None, "Eerst uitzoeken.", expected_version=None)
    (record,), _ = publications._records(app, TODAY)
    seen = round_result(app, round_.id)
    assert record.items["dra-01"] == 25 and record.items["ken-01"] is None
    assert record.overall == pytest.approx(seen.overall)
    assert record.sections == pytest.approx({s.section_id: s.score for s in seen.sections})


def test_the_board_report_shows_the_basis_and_the_respondents(app, round_):
    import io

    from docx import Document
    from pypdf import PdfReader

    consensus.open_meeting(app, round_.id, MEETING_DAY)
    consensus.record_level(app, round_.id, "dra-01", 2, "Alleen het bestuur kent het besluit.", expected_version=None)
    _, pdf = reports.render(app, "woonstede-test", "pdf", "Meting 2026")
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Vastgesteld in het consensusgesprek" in text
    assert "De score van deze vraag is vastgesteld in het consensusgesprek van 12 mei 2026" in text
    assert "gemiddeld 2,5 (bestuur 4,0, uitvoering 1,0)" in text and "Alleen het bestuur kent het besluit." in text
    assert "(vastgesteld)" in text
    _, docx = reports.render(app, "woonstede-test", "docx", "Meting 2026")
    document = Document(io.BytesIO(docx))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "2 – gedeeltelijk" in cells and "gemiddeld 2,5 (bestuur 4,0, uitvoering 1,0)" in cells
    # Word's scores table marks the agreed item as the PDF does, and only that one
    scores = next(t for t in document.tables if [c.text for c in t.rows[0].cells][:3] == ["Nr", "Vraag", "Score"])
    marked = [row.cells[0].text for row in scores.rows if row.cells[1].text.endswith("(vastgesteld)")]
    assert marked == [str(app.checklist.item("dra-01").number)]
    assert any("Een vraag met '(vastgesteld)' heeft als score het niveau uit het consensusgesprek" in p.text
               for p in document.paragraphs)  # fmt: skip
    # without agreed levels the report has no such block
    other = start_round(app, round_.org_id, "Meting 2027", dt.date(2027, 4, 1))
    add_respondent(app, other.id, "bestuur")
    _, plain = reports.render(app, "woonstede-test", "pdf", "Meting 2027")
    assert "consensusgesprek" not in " ".join(p.extract_text() for p in PdfReader(io.BytesIO(plain)).pages)


# --------------------------------------------------------------------------- CSV and Excel


def _read_csv(content: bytes) -> list[dict[str, str]]:
    import csv
    import io

    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def _sheet(book, name: str) -> list[dict]:
    rows = list(book[name].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def _meeting_with_levels(app, round_):
    """A final round's meeting: dra-01 agreed at 2 (a rationale that looks like a formula),
    ken-01 "nog niet te bepalen"; and a second round whose meeting agreed a level for an
    item nobody answered."""
    finalise_round(app, round_.id)
    consensus.open_meeting(app, round_.id, MEETING_DAY)
    consensus.record_level(app, round_.id, "dra-01", 2, "=1+1 is wat het bestuur zegt; de werkvloer niet.",
                           expected_version=None)  # fmt: skip
    consensus.record_level(app, round_.id, "ken-01", None, "Eerst uitzoeken.", expected_version=None)
    later = start_round(app, round_.org_id, "Meting 2027", dt.date(2027, 4, 1))
    board = add_respondent(app, later.id, "bestuur")
    save_answer(app, board.id, "dra-01", AnswerKind.SCORE, 3, expected_version=None)
    last = app.checklist.items[-1]
    consensus.open_meeting(app, later.id, dt.date(2027, 4, 20))
    consensus.record_level(app, later.id, last.id, 1, "Nog niet over gesproken.", expected_version=None)
    return later, last


def test_csv_export_carries_the_agreed_levels_and_the_basis_of_every_answer(app, round_):
    from readiness.consensus import BASIS_MEAN_TEXT
    from readiness.export.tabular import EXPORT_COLUMNS

    later, last = _meeting_with_levels(app, round_)
    rows = _read_csv(reports.render(app, "woonstede-test", "csv")[1])
    assert tuple(rows[0]) == EXPORT_COLUMNS
    agreed = "vastgesteld in het consensusgesprek van 12 mei 2026"
    dra = [r for r in rows if r["meting"] == "Meting 2026" and r["item"] == "dra-01"]
    assert len(dra) == 2  # one row per answer, each with the item's agreed level
    for row in dra:
        assert (row["basis"], row["vastgesteld niveau"], row["consensusgesprek"]) == (agreed, "2", "2026-05-12")
        assert row["onderbouwing"] == "'=1+1 is wat het bestuur zegt; de werkvloer niet."  # never a formula
    ken = [r for r in rows if r["meting"] == "Meting 2026" and r["item"] == "ken-01"]
    assert {r["vastgesteld niveau"] for r in ken} == {"nog niet te bepalen"}
    others = [r for r in rows if r["meting"] == "Meting 2026" and r["item"] not in ("dra-01", "ken-01")]
    assert others and {(r["basis"], r["vastgesteld niveau"], r["onderbouwing"]) for r in others} == {
        (BASIS_MEAN_TEXT, "", "")
    }
    # an agreed level of an item nobody answered has a row of its own, without an answer
    (alone,) = [r for r in rows if r["meting"] == "Meting 2027" and r["item"] == last.id]
    assert (alone["rol"], alone["respondent"], alone["antwoord"]) == ("", "", "")
    assert (alone["vastgesteld niveau"], alone["consensusgesprek"]) == ("1", "2027-04-20")


def test_excel_export_carries_the_agreed_levels_and_the_basis_of_every_score(app, round_):
    import io

    from openpyxl import load_workbook

    from readiness.consensus import basis_text, section_basis_text, total_basis_text

    later, last = _meeting_with_levels(app, round_)
    book = load_workbook(io.BytesIO(reports.render(app, "woonstede-test", "xlsx")[1]))
    assert book.sheetnames == ["Metingen", "Antwoorden", "Scores", "Verbeterplan", "Consensusgesprek",
                               "Over dit bestand"]  # fmt: skip
    levels = {(r["meting"], r["item id"]): r for r in _sheet(book, "Consensusgesprek")}
    assert set(levels) == {("Meting 2026", "dra-01"), ("Meting 2026", "ken-01"), ("Meting 2027", last.id)}
    dra = levels[("Meting 2026", "dra-01")]
    assert (dra["vastgesteld niveau"], dra["vastgesteld"], dra["consensusgesprek"].date()) == (
        2, "2 – gedeeltelijk", MEETING_DAY)
    assert dra["onderbouwing"] == "'=1+1 is wat het bestuur zegt; de werkvloer niet."
    assert (dra["gemiddelde respondenten (0-4)"], dra["per rol"]) == (2.5, "bestuur 4,0, uitvoering 1,0")  # the spread
    assert dra["status gesprek"] == "open" and dra["vervolg"] == "nee"
    ken = levels[("Meting 2026", "ken-01")]
    assert (ken["vastgesteld niveau"], ken["vastgesteld"], ken["weet ik niet"]) == (None, "nog niet te bepalen", 1)

    # every score says its basis, in the words the app uses
    result = round_result(app, round_.id)
    scores = [r for r in _sheet(book, "Scores") if r["meting"] == "Meting 2026"]
    total = next(r for r in scores if r["niveau"] == "totaal")
    assert total["basis"] == total_basis_text(result)
    assert total["basis"] == (f"bij 1 van de {len(app.checklist.items) - 1} vragen vastgesteld in het "
                              "consensusgesprek van 12 mei 2026, verder gemiddelde van de respondenten")  # fmt: skip
    for section in result.sections:
        row = next(r for r in scores if r["niveau"] == "onderdeel" and r["onderdeel"] == section.title)
        assert row["basis"] == section_basis_text(result, section.section_id) != ""
    items = {r["item id"]: r for r in scores if r["niveau"] == "vraag"}
    assert items["dra-01"]["basis"] == basis_text(result.item("dra-01")) == "vastgesteld in het consensusgesprek van 12 mei 2026"
    assert (items["dra-01"]["score (0-100)"], items["dra-01"]["vastgesteld niveau"]) == (50, 2)
    assert items["dra-01"]["gemiddelde respondenten (0-4)"] == 2.5  # what the respondents said, beside it
    assert (items["ken-01"]["score (0-100)"], items["ken-01"]["vastgesteld niveau"]) == (None, "nog niet te bepalen")
    assert items["dra-02"]["basis"] == "gemiddelde van de respondenten" and items["dra-02"]["vastgesteld niveau"] is None
    rounds = {r["meting"]: r for r in _sheet(book, "Metingen")}
    assert rounds["Meting 2026"]["basis"] == total["basis"]
    assert rounds["Meting 2026"]["consensusgesprek"].date() == MEETING_DAY


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_csv_and_excel_with_agreed_levels_import_the_answers_and_say_the_levels_stay_behind(app, round_, fmt):
    """Only a JSON export carries agreed levels back in; a CSV/XLSX import reads the answers
    and says, with the count, that the agreed levels in the file were not read in."""
    later, _ = _meeting_with_levels(app, round_)
    _, content = reports.render(app, "woonstede-test", fmt)
    copy = create_organisation(app, "Woonstede Kopie", "M", "Utrecht")
    summary = reports.import_bytes(app, content, f"export.{fmt}", copy.slug)
    assert summary.agreed_levels_read_over == 3
    assert ("3 vastgestelde niveaus uit een consensusgesprek in dit bestand zijn niet ingelezen" in summary.describe()
            and "Alleen een JSON-export neemt vastgestelde niveaus mee." in summary.describe())  # fmt: skip
    copied = {r.label: r for r in app.repo.list_rounds(copy.id)}
    assert set(copied) == {"Meting 2026", "Meting 2027"}
    for original in (round_, later):
        twin = copied[original.label]
        assert consensus.find_meeting(app, twin.id) is None  # nothing of the meeting came in
        answers = {(a.item_id, a.kind, a.score, a.note) for a in app.repo.round_data(original.id).answers}
        assert {(a.item_id, a.kind, a.score, a.note) for a in app.repo.round_data(twin.id).answers} == answers
