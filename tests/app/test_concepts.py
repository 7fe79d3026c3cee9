"""Issue 11, point 1: a concept is a concept. A fresh round with four answers never reads
as a verdict: Resultaten opens on the latest final round, a chosen concept shows its
progress and the rule instead of a phase, a total or a comparison, Voortgang keeps it out
of the trend lines, and `readiness export` reports the latest final round unless a
concept is named."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from readiness.formatting import format_score
from readiness.models import AnswerKind
from readiness.services import assessment, progress
from tests.app.conftest import start_app
from tests.app.tiles import tiles

HISTORY = "demo-thuisgaard-wonen"  # three final rounds in the demo
CONCEPT = "Meting 2027"


@pytest.fixture
def fresh_concept(seeded):
    """The demo corporation with a new round: its respondents copied, four answers in."""
    org = assessment.get_organisation(seeded, HISTORY)
    finals = assessment.list_rounds(seeded, org.id)
    assert len(finals) == 3 and all(r.is_final for r in finals)
    concept = assessment.start_round(seeded, org.id, CONCEPT, dt.date(2027, 3, 1), copy_respondents_from=finals[-1].id)
    first = assessment.list_respondents(seeded, concept.id)[0]
    for item_id, kind, score in (
        ("dra-01", AnswerKind.SCORE, 1),
        ("dra-02", AnswerKind.SCORE, 0),
        ("dra-03", AnswerKind.DONT_KNOW, None),
        ("stp-01", AnswerKind.SCORE, 1),
    ):
        assessment.save_answer(seeded, first.id, item_id, kind, score, expected_version=None)
    return org, finals, concept


def texts(at) -> str:
    return "\n".join(e.value for kind in ("markdown", "caption", "info", "warning") for e in getattr(at, kind))


def test_resultaten_opens_on_the_latest_final_round(seeded, fresh_concept):
    org, finals, concept = fresh_concept
    at = start_app("resultaten", {"org": org.slug})
    assert at.radio(key="pick_round").value == finals[-1].id
    result = assessment.round_result(seeded, finals[-1].id)
    assert [m.value for m in tiles(at) if m.label == "Totaalscore"][0] == f"{format_score(result.overall)} / 100"
    assert "concept" not in texts(at).lower().replace(concept.label.lower(), "")

    at.radio(key="pick_round").set_value(concept.id).run()  # a concept can be chosen explicitly
    assert not at.exception
    assert any("Deze meting is nog een **concept**" in i.value for i in at.info)


def test_a_fresh_concept_shows_progress_and_the_rule_but_no_verdict(seeded, fresh_concept):
    org, _, concept = fresh_concept
    at = start_app("resultaten", {"org": org.slug, "round": concept.id})
    page = texts(at)
    metrics = {m.label: m for m in tiles(at)}
    assert metrics["Fase"].value == "–" and metrics["Fase"].note == "nog niet te bepalen"
    assert metrics["Totaalscore"].value == "–"
    # the rule, in plain Dutch, and who answered what
    assert "door minstens 2 respondenten is beantwoord met een score of 'niet van toepassing'" in page
    assert "4 van 20 vragen beantwoord" in page and "0 van 20 vragen beantwoord" in page
    assert not [m for m in tiles(at) if m.label.startswith("Sinds ")]  # no change in the answer
    # no comparison, no lost knowledge, no next steps from a single respondent (each part on request)
    for section in ("verandering", "stappen", "onderdelen"):
        at.segmented_control(key="rs_section").set_value(section).run()
        assert not at.exception, at.exception
        page = texts(at)
        assert "Vergeleken met" not in page and "Kennis kwijt" not in page
        if section == "verandering":
            assert "er is nog geen vergelijking met de vorige meting" in page
        if section == "stappen":
            assert "Volgende stappen ziet u zodra alle onderdelen genoeg antwoorden hebben." in page
    sections = next(df.value for df in at.dataframe if "Op streefniveau" in df.value.columns)
    assert set(sections["Op streefniveau"]) == {"te weinig antwoorden"}
    assert sections["Score"].isna().all()


def test_voortgang_keeps_the_concept_out_of_the_trend_and_the_default_comparison(seeded, fresh_concept):
    org, finals, concept = fresh_concept
    at = start_app("voortgang", {"org": org.slug})
    answer = next(m.value for m in at.markdown if "- **" in m.value)
    assert f"**{CONCEPT} (1 maart 2027, concept)**" in answer
    assert "Concept, voorlopig: nog te weinig antwoorden voor een fase of een totaalscore; telt niet mee" in answer
    at.segmented_control(key="vg_section").set_value("scores").run()
    trend = next(df.value for df in at.dataframe if "Meting" in df.value.columns)
    assert list(trend["Status"]) == ["definitief"] * 3 + ["concept"]
    assert list(trend["Fase"])[-1] == "–" and trend["Totaalscore"].isna().iloc[-1]
    chart = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert chart["layout"]["xaxis"]["categoryarray"][-1] == "Meting<br>2027<br>concept"  # marked on the axis
    total = next(t for t in chart["data"] if t["name"] == "Totaalscore")
    assert total["y"][-1] is None  # no total yet, and the line stops at the last final round
    assert not [t for t in chart["data"] if t["name"].endswith("(concept)")]  # nothing to draw yet
    caption = texts(at)
    assert f"**{CONCEPT}** is nog een concept" in caption and "Meting Meting" not in caption
    at.segmented_control(key="vg_section").set_value("vergelijken").run()
    before, after = at.selectbox(key="vg_before"), at.selectbox(key="vg_after")
    assert (before.value, after.value) == (finals[-2].id, finals[-1].id)

    after.set_value(concept.id).run()  # asked for explicitly: refused in Dutch, no figures
    assert not at.exception
    assert any("te weinig antwoorden om te vergelijken" in i.value for i in at.info)
    scores = progress.round_scores(seeded, org.id)
    assert scores[-1].overall is None and scores[-1].phase_level is None


def test_cli_export_defaults_to_the_latest_final_round_and_names_a_concept(seeded, fresh_concept, tmp_path, capsys):
    from pypdf import PdfReader

    from readiness.cli import main

    org, finals, concept = fresh_concept
    assert main(["export", org.slug, "--format", "pdf", "--out", str(tmp_path)]) == 0
    path = capsys.readouterr().out.strip()
    assert path.endswith("meting-2026.pdf") and finals[-1].label == "Meting 2026"
    assert "CONCEPT" not in "".join(p.extract_text() for p in PdfReader(path).pages)

    assert main(["export", org.slug, "--format", "pdf", "--round", CONCEPT, "--out", str(tmp_path)]) == 0
    pages = [p.extract_text() for p in PdfReader(capsys.readouterr().out.strip()).pages]
    assert all("CONCEPT" in text for text in pages)
    assert not any("Fase 0 van" in text for text in pages)


def test_cli_export_without_a_final_round_says_so_in_dutch(services, draft, capsys):
    from readiness.cli import main

    assert main(["export", draft.org.slug, "--format", "docx"]) == 2
    err = capsys.readouterr().err
    assert "heeft nog geen definitieve meting" in err and "--round" in err and draft.round.label in err


def test_more_weet_ik_niet_reads_as_lost_knowledge_not_as_a_plus(services, draft):
    """Issue 11, point 8: an item that had a score and is now mostly "weet ik niet"."""
    for respondent in (draft.bestuur, draft.uitvoering):
        for item in services.checklist.items:
            assessment.save_answer(services, respondent.id, item.id, AnswerKind.SCORE, 2, expected_version=None)
    assessment.finalise_round(services, draft.round.id)
    later = assessment.start_round(services, draft.org.id, "Meting 2027", dt.date(2027, 3, 1), copy_respondents_from=draft.round.id)
    for respondent in assessment.list_respondents(services, later.id):
        for item in services.checklist.items:
            dont_know = item.id == "stp-02"
            assessment.save_answer(
                services, respondent.id, item.id, AnswerKind.DONT_KNOW if dont_know else AnswerKind.SCORE,
                None if dont_know else 3, expected_version=None,
            )
    assessment.finalise_round(services, later.id)
    at = start_app("voortgang", {"org": draft.org.slug})
    at.segmented_control(key="vg_section").set_value("vergelijken").run()
    titles = [h.value for h in at.subheader]
    assert "Kennis kwijt: nu vaak 'weet ik niet' (1)" in titles
    item = services.checklist.item("stp-02")
    page = "\n".join(m.value for m in at.markdown)
    line = next(l for l in page.splitlines() if l.startswith(f"- Vraag {item.number} (") and "weet ik niet" in l)
    assert line.endswith("eerst score 50 (0 van 2 'weet ik niet'), nu 2 van 2 antwoorden 'weet ik niet'")
    assert "+" not in line
    assert any("geen vooruitgang" in c.value for c in at.caption)
