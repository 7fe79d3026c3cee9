"""Consensusgesprek page: open a meeting, read the agenda and the spread per role, record
agreed levels with a rationale and a follow-up, and see the plan and the result follow."""

from __future__ import annotations

import datetime as dt

import pytest

import io

from pypdf import PdfReader

from readiness.models import AnswerKind
from readiness.services import assessment, consensus, plans
from readiness.ui.downloads import CONCEPT
from tests.app.conftest import start_app
from tests.app.test_downloads import file_id, served  # noqa: F401 - `served` is a fixture
from tests.app.test_verbeterplan import planned_descriptions

PAGE = "consensus"


@pytest.fixture
def answered(services, draft):
    """Bestuur answers 4 everywhere; uitvoering 1 on dra-01 (with a note), 'weet ik niet' on ken-01, 4 elsewhere."""
    for item in services.checklist.items:
        assessment.save_answer(services, draft.bestuur.id, item.id, AnswerKind.SCORE, 4, expected_version=None)
        if item.id == "dra-01":
            assessment.save_answer(services, draft.uitvoering.id, item.id, AnswerKind.SCORE, 1,
                                   note="Wij horen er op de werkvloer weinig van.", expected_version=None)  # fmt: skip
        elif item.id == "ken-01":
            assessment.save_answer(services, draft.uitvoering.id, item.id, AnswerKind.DONT_KNOW, expected_version=None)
        else:
            assessment.save_answer(services, draft.uitvoering.id, item.id, AnswerKind.SCORE, 4, expected_version=None)
    return draft


def all_text(at) -> str:
    return "\n".join(e.value for kind in ("markdown", "caption", "info", "success", "warning", "error")
                     for e in getattr(at, kind))  # fmt: skip


def agenda(at) -> list[str]:
    """The agenda's entries, in order (one stacked list)."""
    listed = at.get("markdown")
    text = next(m.value for m in listed if m.value.startswith("**Agenda.**"))
    return text.split("\n- ")[1:]


def discuss(at):
    """Choose the part of the page where one question is discussed and recorded."""
    at.segmented_control(key="consensus_section").set_value("vraag").run()
    assert not at.exception, at.exception
    return at


def record(at, item_id: str, level, rationale: str, follow_up: bool = False):
    discuss(at)
    at.selectbox(key="consensus_item").set_value(item_id).run()
    next(r for r in at.radio if r.key != "pick_round").set_value(level)  # one item's form at a time
    at.text_area[0].set_value(rationale)
    at.checkbox[0].set_value(follow_up)
    next(b for b in at.button if b.label == "Vastleggen").click().run()
    assert not at.exception, at.exception
    return at


def test_a_meeting_from_agenda_to_result(services, answered, served):
    at = start_app(PAGE, answered.query)
    assert at.button(key="open_meeting").label == "Gesprek openen"  # in the popover "Consensusgesprek openen"
    first = [e.split(" (")[0] for e in agenda(at) if "Eerst bespreken:" in e]
    ken = services.checklist.item("ken-01")
    assert first == ["**Vraag 1", f"**Vraag {ken.number}"]  # build-up order

    at.date_input(key="meeting_date").set_value(dt.date(2026, 3, 20))
    at.button(key="open_meeting").click().run()
    assert "Consensusgesprek van 20 maart 2026" in all_text(at)

    # the first agenda item is selected: spread per role and the note
    discuss(at)
    roles = next(m.value for m in at.markdown if m.value.startswith("**Antwoorden per rol**")).split("\n- ")[1:]
    answers = {e.split("**")[1]: e.split("Antwoorden (0–4): ")[1].split(" ·")[0] for e in roles}
    assert answers == {"Bestuur": "4", "Uitvoering": "1"}
    assert "Uitvoering: Wij horen er op de werkvloer weinig van." in all_text(at)

    record(at, "dra-01", 2, "Het besluit is genomen, maar de uitvoering merkt er nog weinig van.", follow_up=True)
    assert "Vraag 1: het vastgestelde niveau is opgeslagen." in all_text(at)
    assert "Vastgesteld: **2 – gedeeltelijk**" in all_text(at)
    record(at, "ken-01", "nog_niet", "Niemand weet of de training al is gegeven; dat zoeken we uit.")

    result = assessment.round_result(services, answered.round.id)
    assert result.item("dra-01").score == 50 and result.item("dra-01").respondents_mean == 2.5
    assert result.item("ken-01").score is None and result.item("ken-01").agreement is not None
    plan = plans.list_plan(services, answered.org.id)
    assert [a.item_id for a in plan] == ["dra-01"]
    entries = agenda(at)
    assert "Vastgesteld: 2 – gedeeltelijk" in entries[0] and "Vastgesteld: nog niet te bepalen" in entries[1]
    assert not any("Vastgesteld:" in e for e in entries[2:])

    # the follow-up on Verbeterplan, the basis on Resultaten, the agreed level in the PDF made there
    plan_page = start_app("verbeterplan", answered.query)
    assert not plan_page.exception, plan_page.exception
    assert planned_descriptions(plan_page) == [plan[0].description]
    results = start_app("resultaten", answered.query)
    results.segmented_control(key="rs_section").set_value("consensus").run()
    listed = next(m.value for m in results.markdown if m.value.startswith("- **Vraag "))
    assert listed.count("Basis: vastgesteld in het consensusgesprek van 20 maart 2026") == 2  # dra-01, ken-01
    results.segmented_control(key="rs_section").set_value("downloaden").run()
    results.radio(key="dl_which").set_value(CONCEPT).run()
    results.button(key="dl_make").click().run()
    assert not results.exception, results.exception
    [button] = [b for b in results.get("download_button") if b.key == "dl_download"]
    name, data = served[file_id(button)]
    assert name.endswith(".pdf")
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages)
    assert "Het besluit is genomen, maar de uitvoering merkt er nog weinig van." in text
    assert "gemiddeld 2,5 (bestuur 4,0, uitvoering 1,0)" in text and "(vastgesteld)" in text


def test_personal_data_in_the_rationale_is_refused_on_the_page(services, answered):
    consensus.open_meeting(services, answered.round.id, dt.date(2026, 3, 20))
    at = start_app(PAGE, answered.query)
    record(at, "dra-01", 3, "Gebeld met j.devries@woonstichting.nl")
    assert any("e-mailadres" in e.value for e in at.error), all_text(at)
    assert consensus.consensus_view(services, answered.round.id).levels == {}


def test_a_closed_meeting_of_a_final_round_is_read_only(services, answered):
    consensus.open_meeting(services, answered.round.id, dt.date(2026, 3, 20))
    consensus.record_level(services, answered.round.id, "dra-01", 3, "Samen vastgesteld.", expected_version=None)
    assessment.finalise_round(services, answered.round.id)
    consensus.close_meeting(services, answered.round.id)
    at = discuss(start_app(PAGE, answered.query))
    assert "de vastgestelde niveaus zijn definitief" in all_text(at)
    assert not [b for b in at.button if b.label in ("Vastleggen", "Gesprek heropenen", "Gesprek sluiten")]
    assert "Vastgesteld: **3 – grotendeels**" in all_text(at)


def test_resultaten_shows_the_basis_and_the_respondents_beside_an_agreed_level(services, answered):
    consensus.open_meeting(services, answered.round.id, dt.date(2026, 3, 20))
    consensus.record_level(services, answered.round.id, "dra-01", 2, "Samen vastgesteld.", expected_version=None)
    at = start_app("resultaten", answered.query)
    assert not at.exception, at.exception
    # the count is of the questions that have a score: the others are not part of any score
    scored = sum(i.score is not None for i in assessment.round_result(services, answered.round.id).items)
    assert scored < len(services.checklist.items)
    basis = (f"bij 1 van de {scored} vragen vastgesteld in het consensusgesprek van 20 maart 2026, "
             "verder gemiddelde van de respondenten")  # fmt: skip
    assert f"Basis van de scores: {basis}." in "\n".join(m.value for m in at.markdown)  # the answer says it
    at.segmented_control(key="rs_section").set_value("consensus").run()
    assert not at.exception, at.exception
    assert "Vastgesteld in het consensusgesprek" in [h.value for h in at.header]
    listed = next(m.value for m in at.markdown if m.value.startswith("- **Vraag "))
    (entry,) = listed.split("\n- ")  # one agreed item: every other item is the respondents' mean
    item = services.checklist.item("dra-01")
    assert entry.startswith(f"- **Vraag {item.number} (")
    assert "Vastgesteld niveau: 2 – gedeeltelijk · score 50 van 100" in entry
    assert "Gemiddelde respondenten: 2,5 op de schaal 0–4 (per rol: bestuur 4,0, uitvoering 1,0)" in entry
    assert "Basis: vastgesteld in het consensusgesprek van 20 maart 2026" in entry
    assert "gemiddelde van de respondenten" in "\n".join(m.value for m in at.markdown)


def test_resultaten_without_a_meeting_shows_no_consensus_block(services, answered):
    at = start_app("resultaten", answered.query)
    assert "Consensusgesprek" not in at.segmented_control(key="rs_section").options  # no such part to choose
    assert "Vastgesteld in het consensusgesprek" not in [h.value for h in at.header]


def test_voortgang_names_each_rounds_basis_in_the_words_of_resultaten(services, answered):
    """Issue 14: per round, Voortgang says whether its figures rest on a consensus meeting or
    on the respondents' mean, in the same words as Resultaten."""
    consensus.open_meeting(services, answered.round.id, dt.date(2026, 3, 20))
    consensus.record_level(services, answered.round.id, "dra-01", 2, "Samen vastgesteld.", expected_version=None)
    consensus.record_level(services, answered.round.id, "ken-01", 3, "Training is gegeven.", expected_version=None)
    assessment.finalise_round(services, answered.round.id)
    later = assessment.start_round(services, answered.org.id, "Meting 2027", dt.date(2027, 3, 1),
                                   copy_respondents_from=answered.round.id)  # fmt: skip
    for respondent in assessment.list_respondents(services, later.id):
        for item in services.checklist.items:
            assessment.save_answer(services, respondent.id, item.id, AnswerKind.SCORE, 3, expected_version=None)
    assessment.finalise_round(services, later.id)
    agreed = "bij 2 van de 20 vragen vastgesteld in het consensusgesprek van 20 maart 2026, verder gemiddelde van de respondenten"

    at = start_app("voortgang", {"org": answered.org.slug})
    assert not at.exception, at.exception
    answer = next(m.value for m in at.markdown if "- **" in m.value)
    first, second = answer.split("\n- ")[1:]
    assert first.startswith(f"**{answered.round.label} (") and f"Basis: {agreed}" in first
    assert second.startswith("**Meting 2027 (") and "Basis: gemiddelde van de respondenten" in second

    for round_id, words in ((answered.round.id, agreed), (later.id, "gemiddelde van de respondenten")):
        page = start_app("resultaten", {"org": answered.org.slug, "round": round_id})
        assert f"Basis van de scores: {words}." in "\n".join(m.value for m in page.markdown)
