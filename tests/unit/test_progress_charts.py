"""Voortgang figures: rounds in order, item moves, plan counts."""

from __future__ import annotations

import datetime as dt

import pytest

from readiness import progress_charts as sc
from readiness.services.progress import PlanStatusAt, RoundScores

SECTIONS = ["draagvlak", "stappenplan", "kennis_ondersteuning", "monitoring_evaluatie",
            "structurele_inbedding", "uitdragen_visie"]  # fmt: skip


def titles(checklist) -> list[str]:
    return [s.title for s in checklist.sections]


def round_scores(label: str, year: int, overall: float | None, final: bool = True) -> RoundScores:
    return RoundScores(
        round_id=year, label=label, date=dt.date(year, 3, 1), is_final=final, overall=overall,
        sections={sid: None if overall is None else overall + i for i, sid in enumerate(SECTIONS)},
        phase_level=0, phase_name="Verkennen", n_respondents=3,
    )


def test_round_trend_draws_final_rounds_as_lines_and_a_concept_apart(checklist):
    rounds = [
        round_scores("Nulmeting 2024", 2024, 30.0),
        round_scores("Meting 2025", 2025, 62.5),
        round_scores("Meting 2026", 2026, 20.0, final=False),
    ]
    frame = sc.round_trend_frame(checklist, rounds)
    assert list(frame.columns) == ["Meting", "Datum", "Status", "Fase", "Totaalscore", *titles(checklist), sc.BASIS_LABEL, sc.RESPONDENTS_LABEL]
    assert list(frame["Status"]) == ["definitief", "definitief", "concept"]
    assert list(frame["Totaalscore"]) == [30.0, 63.0, 20.0]  # as shown: 62.5 reads 63
    assert list(frame["Fase"]) == ["0: Verkennen"] * 3
    fig = sc.round_trend_chart(frame, 75.0)
    overall = next(t for t in fig.data if t.name == "Totaalscore")
    assert list(overall.x) == ["Nulmeting<br>2024<br>fase 0", "Meting<br>2025<br>fase 0", "Meting<br>2026<br>concept"]
    assert list(overall.y) == [30.0, 63.0, None]  # the concept never pulls the line down
    concept = next(t for t in fig.data if t.name == "Totaalscore (concept)")
    assert concept.line.dash == "dot" and list(concept.y) == [63.0, 20.0]
    assert list(concept.x) == ["Meting<br>2025<br>fase 0", "Meting<br>2026<br>concept"]
    assert len(fig.data) == 2 * (1 + len(checklist.sections))
    # every line is named at its end (the last final round), labels kept apart
    ends = [a for a in fig.layout.annotations if a.x == "Meting<br>2025<br>fase 0"]
    assert {a.text.replace("<br>", " ").replace("<b>", "").replace("</b>", "") for a in ends} == {
        "Totaalscore", *titles(checklist)
    }
    ys = sorted(a.y for a in ends)
    assert all(b - a >= 8 for a, b in zip(ys, ys[1:]))
    assert fig.layout.shapes[0].y0 == 75.0


def test_round_trend_with_a_single_round_draws_markers_only(checklist):
    frame = sc.round_trend_frame(checklist, [round_scores("Nulmeting 2026", 2026, None)])
    assert frame["Totaalscore"].isna().all()
    fig = sc.round_trend_chart(frame, 75.0)
    assert {t.mode for t in fig.data} == {"markers"}


@pytest.mark.parametrize("overdue", [0, 2])
def test_plan_chart_stacks_done_open_and_overdue(overdue):
    plan = [
        PlanStatusAt("Nulmeting 2024", dt.date(2024, 3, 1), 1, total=3, done=0, open=3, overdue=0, dropped=0),
        PlanStatusAt("Vandaag", dt.date(2026, 1, 1), None, total=6, done=2, open=3, overdue=overdue, dropped=1),
    ]
    frame = sc.plan_progress_frame(plan)
    assert list(frame["Moment"]) == ["Nulmeting 2024", "Vandaag"]
    fig = sc.plan_progress_chart(frame)
    by_name = {t.name: list(t.y) for t in fig.data}
    assert by_name == {"Gereed": [0, 2], "Gepland of bezig, op tijd": [3, 3 - overdue], "Gepland of bezig, over tijd": [0, overdue]}
    assert fig.layout.barmode == "stack"
    # Dropped actions are not stacked: the bars add up to done + open.
    assert [sum(v) for v in zip(*by_name.values(), strict=True)] == [3, 5]
