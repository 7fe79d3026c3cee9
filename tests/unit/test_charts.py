"""Charts carry the numbers the user reads: order, values, target line, answer cells."""

from __future__ import annotations

import math

import pytest

from readiness import charts
from readiness.models import Answer, AnswerKind, Respondent
from readiness.scoring import compare, score_round, target_pct


def people(*roles: str) -> list[Respondent]:
    return [Respondent(id=i + 1, round_id=1, role=role) for i, role in enumerate(roles)]


def answer(resp: int, item_id: str, value: int | str) -> Answer:
    if value == "?":
        return Answer(respondent_id=resp, item_id=item_id, kind=AnswerKind.DONT_KNOW)
    if value == "nvt":
        return Answer(respondent_id=resp, item_id=item_id, kind=AnswerKind.NOT_APPLICABLE)
    return Answer(respondent_id=resp, item_id=item_id, kind=AnswerKind.SCORE, score=value)


def section_levels(checklist, levels: dict[str, int | None], respondents) -> list[Answer]:
    """Every respondent gives every item of a section the same score (None: no answer)."""
    out = []
    for section in checklist.sections:
        level = levels.get(section.id)
        if level is None:
            continue
        for item in section.items:
            out.extend(answer(r.id, item.id, level) for r in respondents)
    return out


def bar_trace(fig):
    (trace,) = fig.data
    return trace


def test_section_bars_follow_handreiking_order_with_first_section_on_top(checklist):
    resp = people("bestuur", "uitvoering")
    # deliberately not monotonic, so order cannot come from sorting by score
    levels = {"draagvlak": 1, "stappenplan": 4, "kennis_ondersteuning": 0,
              "monitoring_evaluatie": 3, "structurele_inbedding": 2, "uitdragen_visie": 4}
    result = score_round(checklist, resp, section_levels(checklist, levels, resp))
    frame = charts.section_frame(result)
    fig = charts.section_bar_chart(frame, target_pct(3))
    trace = bar_trace(fig)

    assert list(trace.y) == [s.title for s in checklist.sections]
    assert list(trace.x) == pytest.approx([levels[s.id] * 25 for s in checklist.sections])
    assert fig.layout.yaxis.autorange == "reversed"  # first y category drawn at the top
    assert trace.orientation == "h"


def test_section_bars_match_scoring_and_mark_below_target(checklist):
    resp = people("bestuur", "uitvoering")
    answers = section_levels(checklist, {"draagvlak": 4, "stappenplan": 2}, resp)
    answers.append(answer(2, "ken-01", 3))
    answers.append(answer(1, "ken-01", 2))
    result = score_round(checklist, resp, answers, target_level=3)
    frame = charts.section_frame(result)

    by_title = dict(zip(frame["Onderdeel"], frame["Score"], strict=True))
    assert result.section("kennis_ondersteuning").score == 62.5
    assert by_title["Kennis en ondersteuning"] == 63  # as shown: halves up, the one display rule
    assert math.isnan(by_title["Uitdragen van de visie"])  # nobody answered: no score, not 0
    assert list(frame["Op streefniveau"][:3]) == ["ja", "nee", "nee"]
    assert frame["Op streefniveau"].iloc[-1] == "onbekend"

    trace = bar_trace(charts.section_bar_chart(frame, target_pct(3)))
    assert trace.marker.color[0] == charts.COLOR_AT_TARGET
    assert trace.marker.color[1] == charts.COLOR_BELOW_TARGET
    assert trace.text[-1] == "geen score"


@pytest.mark.parametrize("level", [1, 2, 3, 4])
def test_target_line_sits_at_the_configured_level(checklist, level):
    result = score_round(checklist, people("bestuur"), [], target_level=level)
    fig = charts.section_bar_chart(charts.section_frame(result), target_pct(level), "Streefniveau")
    lines = [s for s in fig.layout.shapes if s.type == "line"]
    assert len(lines) == 1
    assert lines[0].x0 == lines[0].x1 == pytest.approx(level * 25)
    assert any(a.text == "Streefniveau" for a in fig.layout.annotations)


def test_heatmap_cells_show_dont_know_na_and_open_answers(checklist):
    resp = people("bestuur", "uitvoering", "uitvoering")
    answers = [
        answer(1, "dra-01", 4),
        answer(2, "dra-01", "?"),
        answer(2, "dra-05", "nvt"),
        answer(3, "dra-01", 0),
    ]
    grid = charts.answer_grid(checklist, resp, answers)

    assert list(grid.text.columns) == ["Bestuur", "Uitvoering 1", "Uitvoering 2"]
    assert list(grid.text.index) == [charts.short_question(i, charts.HEATMAP_LABEL_WIDTH) for i in checklist.items]
    first = grid.text.index[0]
    assert first.startswith("1. Het bestuur steunt")
    assert grid.text.loc[first].tolist() == ["4", "?", "0"]
    assert grid.values.loc[first, "Bestuur"] == 4
    assert grid.values.loc[first, "Uitvoering 2"] == 0  # a real 0 stays a 0
    assert math.isnan(grid.values.loc[first, "Uitvoering 1"])  # "weet ik niet" is not a 0
    fifth = grid.text.index[4]
    assert grid.text.loc[fifth, "Uitvoering 1"] == "n.v.t."
    assert grid.text.loc[fifth, "Bestuur"] == charts.OPEN_TEXT
    assert "Weet ik niet" in grid.hover.loc[first, "Uitvoering 1"]

    fig = charts.answer_heatmap(grid)
    (trace,) = fig.data
    assert list(trace.x) == ["Bestuur", "Uitvoering 1", "Uitvoering 2"]
    assert trace.text[0][1] == "?"
    assert math.isnan(trace.z[0][1])
    assert trace.z[0][0] == 4
    assert (trace.zmin, trace.zmax) == (0, 4)
    assert "Weet ik niet" in trace.customdata[0][1]


def test_respondent_labels_keep_stored_labels_and_number_duplicates(checklist):
    resp = [
        Respondent(id=1, round_id=1, role="bestuur", label="Bestuur 1"),
        Respondent(id=2, round_id=1, role="management", label=""),
        Respondent(id=3, round_id=1, role="uitvoering", label="Uitvoering"),
        Respondent(id=4, round_id=1, role="uitvoering", label="Uitvoering"),
    ]
    assert charts.respondent_labels(checklist, resp) == ["Bestuur 1", "Management", "Uitvoering 1", "Uitvoering 2"]


def test_short_question_cuts_at_a_word_and_keeps_the_number(checklist):
    item = checklist.item("stp-01")
    label = charts.short_question(item, width=30)
    assert label.startswith("6. De corporatie")
    assert label.endswith("…")
    body = label.removeprefix("6. ").removesuffix("…")
    assert len(body) <= 30
    assert item.question.startswith(body)
    assert item.question[len(body)] == " "  # cut at a word boundary
    short = checklist.item("ken-01")
    assert charts.short_question(short, width=200) == f"11. {short.question}"


def test_change_frame_and_chart_show_previous_and_current_scores(checklist):
    resp = people("bestuur", "uitvoering")
    before = score_round(checklist, resp, section_levels(checklist, {"draagvlak": 1, "stappenplan": 2}, resp))
    after = score_round(
        checklist, resp, section_levels(checklist, {"draagvlak": 3, "stappenplan": 2, "kennis_ondersteuning": 1}, resp)
    )
    frame = charts.section_change_frame(after, compare(before, after))
    row = frame.set_index("Onderdeel")
    assert row.loc["Draagvlak"].tolist() == pytest.approx([25, 75, 50])
    assert row.loc["Stappenplan", "Verschil"] == pytest.approx(0)
    assert math.isnan(row.loc["Kennis en ondersteuning", "Vorige"])  # new score: no delta
    assert row.loc["Kennis en ondersteuning", "Nu"] == pytest.approx(25)

    fig = charts.section_change_chart(frame, target_pct(3), previous_label="Nulmeting", target_label="Streefniveau 75")
    previous, current = [t for t in fig.data if t.type == "bar"]
    assert (previous.name, current.name) == ("Nulmeting", "Deze meting")
    assert [s.x0 for s in fig.layout.shapes] == [pytest.approx(75)]
    assert "Streefniveau 75" in [t.name for t in fig.data]  # the target line is named in the legend
    assert list(previous.y) == list(current.y) == [s.title for s in checklist.sections]
    assert previous.x[0] == pytest.approx(25) and current.x[0] == pytest.approx(75)
    assert previous.x[2] is None  # no bar drawn where there was no score
