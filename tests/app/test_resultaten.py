"""Resultaten: the numbers a director reads (score, phase, next steps) come from the
scoring service, disagreements and "weet ik niet" are put into words, and the change
since the previous round is shown when there is one."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from readiness import charts
from readiness.formatting import score_delta, short_text, shown_score
from readiness.models import AnswerKind
from readiness.provenance import CLASSIFICATION_NOTE, origin_label
from readiness.services import assessment
from tests.app.conftest import start_app
from tests.app.tiles import tiles

PAGE = "resultaten"


def answer(app, respondent, item_id: str, value: int | str) -> None:
    if value == "?":
        kind, score = AnswerKind.DONT_KNOW, None
    else:
        kind, score = AnswerKind.SCORE, value
    assessment.save_answer(app, respondent.id, item_id, kind, score, expected_version=None)


def texts(at) -> list[str]:
    """Everything written on the page as text, in order."""
    return [e.value for kind in ("markdown", "caption", "info", "success", "warning") for e in getattr(at, kind)]


def all_text(at) -> str:
    return "\n".join(texts(at))


def metric(at, label: str, index: int = 0):
    """A figure of the change section (st.metric: its delta coloured by direction)."""
    return [m for m in at.metric if m.label == label][index]


def tile(at, label: str):
    """A figure tile of the answer (widgets.tiles)."""
    return next(t for t in tiles(at) if t.label == label)


def rounded(score: float | None) -> str:
    """A 0-100 score as the page writes it (halves up)."""
    return "–" if score is None else str(math.floor(score + 0.5))


def show(at, section: str):
    """Choose one lower section of the page (only the chosen one is drawn)."""
    at.segmented_control(key="rs_section").set_value(section).run()
    assert not at.exception, at.exception
    return at


def signed(delta: int) -> str:
    return "0" if delta == 0 else f"{'+' if delta > 0 else '-'}{abs(delta)}"


@pytest.fixture
def history(seeded):
    """A demo corporation with three rounds: (org, rounds oldest first)."""
    for org in assessment.list_organisations(seeded):
        rounds = assessment.list_rounds(seeded, org.id)
        if len(rounds) == 3 and all(r.is_final for r in rounds):
            return org, rounds
    pytest.fail("seed_demo should add a corporation with three final rounds")


# --------------------------------------------------------------------------- headline


def test_headline_shows_score_phase_and_blocking_sections_from_the_service(seeded, history):
    org, rounds = history
    latest = rounds[-1]
    result = assessment.round_result(seeded, latest.id)
    at = start_app(PAGE, {"org": org.slug, "round": latest.id})

    assert tile(at, "Totaalscore").value == f"{rounded(result.overall)} / 100"
    phase = tile(at, "Fase")
    assert phase.value.startswith(f"{result.phase.level} van ")
    assert phase.note == result.phase.name
    assert tile(at, "Respondenten").value == str(result.n_respondents)
    assert tile(at, "Beantwoorde vragen").value == f"{result.n_answered_items} van {len(seeded.checklist.items)}"

    page = all_text(at)
    assert " ".join(result.phase.description.split()) in page
    assert any(c.value == CLASSIFICATION_NOTE for c in at.caption)  # phases are our own classification
    assert result.phase.next_phase is not None, "demo rounds are not all at the top phase"
    assert result.phase.next_phase.name in page
    for section_id in result.phase.blocking_sections:
        section = result.section(section_id)
        assert f"{section.title} (nu {rounded(section.score)})" in page
    assert "concept" not in page.lower()  # a final round carries no draft note


def test_nothing_selected_points_to_start(app_db):
    at = start_app(PAGE)
    assert any("Kies eerst een corporatie" in t for t in texts(at))
    assert [link.value for link in at.get("page_link")] == ["Naar Start"]
    assert not at.metric and not tiles(at)
    assert not at.get("plotly_chart")


# --------------------------------------------------------------------------- sections and next steps


def test_section_chart_and_its_table_show_the_service_scores(seeded, history):
    org, rounds = history
    result = assessment.round_result(seeded, rounds[-1].id)
    at = start_app(PAGE, {"org": org.slug, "round": rounds[-1].id})

    # The answer first: no chart and no table until a section is chosen (issue 15) ...
    assert not at.get("plotly_chart") and not at.dataframe
    # ... and every chart is one click away, each with its table as text alternative.
    for section in ("onderdelen", "antwoorden", "verandering"):
        show(at, section)
        assert len(at.get("plotly_chart")) == 1, section
        assert [e.label for e in at.expander].count("Toon als tabel") == 1, section
    show(at, "onderdelen")
    table = next(df.value for df in at.dataframe if "Onderdeel" in df.value.columns and "Op streefniveau" in df.value.columns)
    assert list(table["Onderdeel"]) == [s.title for s in seeded.checklist.sections]
    assert list(table["Score"]) == [shown_score(s.score) for s in result.sections]


def test_next_steps_follow_the_service_with_first_actions_and_sources(seeded, history):
    org, rounds = history
    result = assessment.round_result(seeded, rounds[-1].id)
    assert result.next_steps
    at = start_app(PAGE, {"org": org.slug, "round": rounds[-1].id})
    summary = next(m.value for m in at.markdown if m.value.startswith("**Volgende stappen**"))
    for position, step in enumerate(result.next_steps, start=1):  # the answer: the steps in order
        assert f"{position}. **Vraag {seeded.checklist.item(step.item_id).number}**:" in summary
    show(at, "stappen")

    markdown = [m.value for m in at.markdown]
    headings = [m for m in markdown if m.startswith("**") and "· " in m and "Vraag" in m]
    expected = []
    for position, step in enumerate(result.next_steps, start=1):
        item = seeded.checklist.item(step.item_id)
        expected.append(f"**{position}. Vraag {item.number} · {seeded.checklist.section(step.section_id).title}**")
        action = item.actions[0]
        assert any(action.text in m and f"({origin_label(action.source, action.kind)})" in m for m in markdown), item.id
    assert headings == expected


# --------------------------------------------------------------------------- constructed rounds


def test_disagreement_between_roles_is_written_as_a_sentence(services, draft):
    answer(services, draft.bestuur, "dra-02", 4)
    answer(services, draft.uitvoering, "dra-02", 0)
    answer(services, draft.bestuur, "dra-03", 3)  # one point apart: no disagreement
    answer(services, draft.uitvoering, "dra-03", 2)
    at = show(start_app(PAGE, draft.query), "verschillen")

    page = all_text(at)
    assert "Bij vraag 2 ziet het bestuur een 4, de uitvoering een 0." in page
    assert "Bij vraag 3 ziet" not in page


def test_dont_know_names_the_roles_that_do_not_know(services, draft):
    answer(services, draft.bestuur, "str-02", "?")
    answer(services, draft.uitvoering, "str-02", "?")
    answer(services, draft.bestuur, "dra-01", 2)
    answer(services, draft.uitvoering, "dra-01", 2)
    at = show(start_app(PAGE, draft.query), "weet_niet")

    number = services.checklist.item("str-02").number
    assert (
        f"Bij vraag {number} zijn 2 van de 2 antwoorden 'weet ik niet', van het bestuur en de uitvoering."
        in all_text(at)
    )
    show(at, "antwoorden")
    # The heat map's table shows the "weet ik niet" cells as "?".
    grid = next(df.value for df in at.dataframe if "Vraag" in df.value.columns)
    row = grid[grid["Vraag"].str.startswith(f"{number}. ")]
    assert row.drop(columns="Vraag").iloc[0].tolist() == ["?", "?"]


def test_first_round_says_there_is_nothing_to_compare(services, draft):
    for item in services.checklist.items:  # enough answers everywhere (the concept rule)
        answer(services, draft.bestuur, item.id, 3)
        answer(services, draft.uitvoering, item.id, 2)
    assessment.finalise_round(services, draft.round.id)
    at = start_app(PAGE, draft.query)
    assert "Er is geen eerdere definitieve meting om mee te vergelijken." in all_text(at)  # the answer says so
    assert not [m for m in tiles(at) if m.label.startswith("Sinds ")]
    show(at, "verandering")

    page = all_text(at)
    assert "Er is geen eerdere definitieve meting van deze corporatie om mee te vergelijken." in page
    assert not any(t.startswith("Vergeleken met") for t in texts(at))


def test_change_since_previous_round_shows_the_deltas(services, draft):
    answer(services, draft.bestuur, "dra-01", 1)
    answer(services, draft.bestuur, "dra-02", 4)
    assessment.finalise_round(services, draft.round.id, confirm_incomplete=True)
    later = assessment.start_round(
        services, draft.org.id, "Meting 2027", dt.date(2027, 3, 1), copy_respondents_from=draft.round.id
    )
    bestuur = next(r for r in assessment.list_respondents(services, later.id) if r.role == "bestuur")
    answer(services, bestuur, "dra-01", 3)
    answer(services, bestuur, "dra-02", 3)
    assessment.finalise_round(services, later.id, confirm_incomplete=True)
    at = start_app(PAGE, {"org": draft.org.slug, "round": later.id})
    since = tile(at, "Sinds Nulmeting 2026")  # the answer: the change since the previous final round
    _, comparison = assessment.change_since_previous(services, later.id)
    assert comparison.phase_before != comparison.phase_after
    assert since.value == "+12 punten" and since.note == f"fase {comparison.phase_before} → {comparison.phase_after}"
    show(at, "verandering")

    page = all_text(at)
    q1, q2 = (short_text(services.checklist.item(i).question, 70) for i in ("dra-01", "dra-02"))
    assert "Vergeleken met **Nulmeting 2026**" in page
    assert f"- Vraag 1 ({q1}): 25 → 75 (+50)" in page  # up, with the question's words
    assert f"- Vraag 2 ({q2}): 100 → 75 (-25)" in page  # down
    overall = metric(at, "Totaalscore")  # the change section's (the answer's is a tile)
    assert overall.value == "63 → 75"  # (25+100)/2 = 62.5 shows as 63 (halves up) ...
    assert overall.delta == "+12 punten"  # ... and the change is that of the shown numbers


def test_change_section_on_seeded_data_matches_the_service(seeded, history):
    org, rounds = history
    latest = rounds[-1]
    previous, comparison = assessment.change_since_previous(seeded, latest.id)
    at = show(start_app(PAGE, {"org": org.slug, "round": latest.id}), "verandering")

    page = all_text(at)
    assert f"Vergeleken met **{previous.label}**" in page
    # like for like (consensus.compare_like_for_like): the figures the comparison rests on
    before_overall, after_overall = comparison.overall_before, comparison.overall_after
    assert metric(at, "Totaalscore").delta == f"{signed(score_delta(before_overall, after_overall))} punten"
    assert metric(at, "Fase").value == f"{comparison.phase_before} → {comparison.phase_after}"
    table = next(df.value for df in at.dataframe if "Verschil" in df.value.columns)
    before_sections, now_sections = comparison.sections_before, comparison.sections_after
    for row, section in zip(table.itertuples(), seeded.checklist.sections, strict=True):
        assert row.Onderdeel == section.title
        assert row.Verschil == score_delta(before_sections[section.id], now_sections[section.id])
    if comparison.up:
        best = comparison.up[0]
        item = seeded.checklist.item(best.item_id)
        words = short_text(item.question, 70)
        assert f"- Vraag {item.number} ({words}): {charts.format_score(best.before)} → {charts.format_score(best.after)}" in page
