"""Voortgang and Denktank figures carry exactly the published numbers: boxes from
quartiles only, suppressed groups without numbers, rounds in order, plan counts."""

from __future__ import annotations

import datetime as dt
import math

import plotly.graph_objects as go
import pytest

from readiness import sector_charts as sc
from readiness.benchmark import ItemShare, OwnPosition, Quartiles, ScorePosition, YearPoint
from readiness.services.progress import ItemMove, PlanStatusAt, RoundScores
from readiness.services.sector import SegmentQuartiles, SegmentView, Spread

SECTIONS = ["draagvlak", "stappenplan", "kennis_ondersteuning", "monitoring_evaluatie",
            "structurele_inbedding", "uitdragen_visie"]  # fmt: skip


def spread(median: float, n: int = 6, mean: float | None = None) -> Spread:
    return Spread(n_corporations=n, q1=median - 10, median=median, q3=median + 12, mean=mean)


def titles(checklist) -> list[str]:
    return [s.title for s in checklist.sections]


# --------------------------------------------------------------------------- Denktank


def test_distribution_boxes_are_drawn_from_quartiles_only(checklist):
    sections = {sid: spread(20 + 10 * i) for i, sid in enumerate(SECTIONS)}
    del sections["monitoring_evaluatie"]
    frame = sc.distribution_frame(
        checklist, spread(45, mean=44.0), sections, {"section:monitoring_evaluatie": "Minder dan 5 corporaties"}
    )
    assert list(frame["Onderdeel"]) == ["Totaalscore", *titles(checklist)]
    hidden = frame[frame["Onderdeel"] == "Monitoring en evaluatie"].iloc[0]
    assert math.isnan(hidden["Mediaan"]) and hidden["Toelichting"] == "Minder dan 5 corporaties"

    fig = sc.distribution_chart(frame, 75.0)
    (box,) = [t for t in fig.data if isinstance(t, go.Box)]
    shown = frame.dropna(subset=["Mediaan"])
    assert list(box.y) == list(shown["Onderdeel"])
    assert list(box.q1) == list(shown["Q1"]) and list(box.median) == list(shown["Mediaan"])
    assert list(box.q3) == list(shown["Q3"])
    # No whiskers beyond the quartiles and no individual points: min/max are never published.
    assert list(box.lowerfence) == list(box.q1) and list(box.upperfence) == list(box.q3)
    assert box.boxpoints is False and box.x is None
    texts = [t for t in fig.data if isinstance(t, go.Scatter) and t.mode == "text"]
    assert [list(t.y) for t in texts] == [["Monitoring en evaluatie"]]
    assert fig.layout.shapes[0].x0 == 75.0  # target line


def test_mean_column_is_empty_where_means_are_withheld(checklist):
    frame = sc.distribution_frame(checklist, spread(45), {sid: spread(40) for sid in SECTIONS})
    assert frame["Gemiddelde"].isna().all()
    with_mean = sc.distribution_frame(checklist, spread(45, mean=47.5), {})
    assert with_mean["Gemiddelde"][0] == 47.5


def test_segment_table_shows_no_numbers_for_suppressed_segments(checklist):
    shown = SegmentQuartiles(
        key="M", label="M (5.000 tot 10.000 woningen)", suppressed=False, n_corporations=6,
        overall=spread(42.4), sections={sid: spread(50) for sid in SECTIONS},
    )
    view = SegmentView(
        by="size_class", selection="x", k=5, available=True, reason=None,
        total=SegmentQuartiles(key="totaal", label="Totaal", suppressed=False, n_corporations=14, overall=spread(40)),
        rows=[
            SegmentQuartiles(key="XS", label="XS", suppressed=True, reason="Minder dan 5", suppression="too_few"),
            shown,
            SegmentQuartiles(key="L", label="L", suppressed=True, reason="...", suppression="complementary"),
        ],
    )
    frame = sc.segment_frame(view, checklist)
    assert list(frame["Grootteklasse"]) == ["XS", "M (5.000 tot 10.000 woningen)", "L", "Totaal"]
    xs, m, large, total = (frame.iloc[i] for i in range(4))
    assert set(xs.drop(["Grootteklasse", "Toelichting"])) == {"— (minder dan 5)"}
    assert set(large.drop(["Grootteklasse", "Toelichting"])) == {"— (afgeschermd)"}
    assert xs["Toelichting"] == "minder dan 5 corporaties"
    assert (m["Aantal corporaties"], m["Totaalscore"], m["Draagvlak"]) == ("6", "42 (32–54)", "50 (40–62)")
    assert total["Aantal corporaties"] == "14"
    assert not any(ch.isdigit() for ch in "".join(xs.drop(["Grootteklasse", "Toelichting"])).replace("5", ""))


MEDIAN_ONLY = "Minder dan 10 corporaties met een score: alleen de mediaan. Kwartielen en gemiddelde niet getoond"


def median_only(median: float, n: int = 4) -> Spread:
    return Spread(n_corporations=n, q1=None, median=median, q3=None, withheld=MEDIAN_ONLY)


def test_median_only_groups_say_why_instead_of_showing_empty_quartiles(checklist):
    """Rule 2: a small group publishes its median only; the table says so in words."""
    small = SegmentQuartiles(
        key="S", label="S (1.000 tot 5.000 woningen)", suppressed=False, n_corporations=4,
        overall=median_only(38.6), sections={sid: median_only(30 + i) for i, sid in enumerate(SECTIONS)},
    )
    big = SegmentQuartiles(
        key="M", label="M (5.000 tot 10.000 woningen)", suppressed=False, n_corporations=12,
        overall=spread(42.4, n=12), sections={sid: spread(50, n=12) for sid in SECTIONS},
    )
    view = SegmentView(
        by="size_class", selection="x", k=5, available=True, reason=None,
        total=SegmentQuartiles(key="totaal", label="Totaal", suppressed=False, n_corporations=16, overall=spread(40, n=16)),
        rows=[small, big],
    )
    frame = sc.segment_frame(view, checklist)
    s_row, m_row = frame.iloc[0], frame.iloc[1]
    assert (s_row["Totaalscore"], s_row["Draagvlak"]) == ("39 (alleen mediaan)", "30 (alleen mediaan)")
    assert s_row["Toelichting"] == "kwartielen niet getoond: minder dan 10 corporaties, alleen de mediaan"
    assert "None" not in " ".join(map(str, s_row)) and "–" not in s_row["Totaalscore"]
    assert m_row["Totaalscore"] == "42 (32–54)" and m_row["Toelichting"] == ""

    sections = {sid: spread(50) for sid in SECTIONS}
    sections["draagvlak"] = median_only(47.0, n=6)
    dist = sc.distribution_frame(checklist, spread(45, mean=44.0), sections)
    row = dist[dist["Onderdeel"] == "Draagvlak"].iloc[0]
    assert math.isnan(row["Q1"]) and math.isnan(row["Q3"]) and row["Mediaan"] == 47.0
    assert row["Toelichting"] == MEDIAN_ONLY and row["Aantal corporaties"] == 6
    fig = sc.distribution_chart(dist, 75.0)
    (box,) = [t for t in fig.data if isinstance(t, go.Box)]
    assert "Draagvlak" not in list(box.y) and not any(math.isnan(v) for v in box.q1)
    (mark,) = [t for t in fig.data if isinstance(t, go.Scatter) and t.text and sc.MEDIAN_ONLY_TEXT in t.text]
    assert list(mark.y) == ["Draagvlak"] and list(mark.x) == [47.0]
    assert not any(isinstance(t, go.Scatter) and t.mode == "text" for t in fig.data)  # nothing "niet getoond"
    # on screen the table says so in words instead of an empty cell
    readable = sc.readable_quartiles(dist)
    assert readable["Q1"][1] == readable["Q3"][1] == "alleen mediaan" and readable["Mediaan"][1] == 47.0
    assert (readable["Q1"][0], readable["Q3"][0]) == ("35", "57")  # 45 - 10, 45 + 12
    full = sc.distribution_frame(checklist, spread(45), {sid: spread(50) for sid in SECTIONS})
    assert sc.readable_quartiles(full) is full  # nothing withheld: the numeric frame as it is


def test_own_position_against_a_median_only_sector(checklist):
    q = Quartiles(n_corporations=6, q1=None, median=40.0, q3=None, withheld=MEDIAN_ONLY)
    position = OwnPosition(
        k=5, n_corporations=6,
        overall=ScorePosition(own_score=62.0, sector=q, label="boven de mediaan"),
        sections={"draagvlak": ScorePosition(own_score=35.0, sector=q, label="op of onder de mediaan")},
    )
    frame = sc.own_position_frame(position, checklist)
    assert list(frame["Positie"]) == ["boven de mediaan", "op of onder de mediaan"]
    assert list(frame["Toelichting"]) == [MEDIAN_ONLY, MEDIAN_ONLY]
    assert frame["Q1"].isna().all() and frame["Q3"].isna().all()
    fig = sc.own_position_chart(frame, 75.0)
    assert not [t for t in fig.data if isinstance(t, go.Box)]
    own = next(t for t in fig.data if t.name == "Eigen score")
    assert list(own.x) == [62.0, 35.0]
    mark = next(t for t in fig.data if isinstance(t, go.Scatter) and t.text and sc.MEDIAN_ONLY_TEXT in t.text)
    assert list(mark.x) == [40.0, 40.0]


def test_item_shares_list_every_item_in_checklist_order(checklist):
    shares = {"dra-02": ItemShare(item_id="dra-02", n_corporations=7, share_at_target=42.9)}
    frame = sc.item_share_frame(shares, checklist)
    assert list(frame["Nr"]) == list(range(1, len(checklist.items) + 1))
    assert frame["Op streefniveau (%)"][1] == 42.9 and frame["Aantal corporaties"][1] == 7
    assert frame["Op streefniveau (%)"].isna().sum() == len(checklist.items) - 1
    fig = sc.item_share_chart(frame)
    (bar,) = fig.data
    assert bar.text[1] == "43%" and bar.text[0] == "niet getoond"
    assert all(len(label) <= sc.LABEL_WIDTH for label in bar.y)
    assert bar.y[1].startswith("2. ")


def test_sector_trend_marks_suppressed_years_without_numbers(checklist):
    points = [
        YearPoint(year=2024, suppressed=True, reason="Minder dan 5 corporaties"),
        YearPoint(year=2025, n_corporations=9, median_overall=36.5, section_medians={"draagvlak": 48.0}),
        YearPoint(year=2026, n_corporations=11, median_overall=42.4, section_medians={"draagvlak": 53.0}),
    ]
    frame = sc.sector_trend_frame(points, checklist, k=5)
    assert list(frame["Jaar"]) == ["2024", "2025", "2026"]
    assert frame["Toelichting"][0] == "— (minder dan 5)" and frame["Toelichting"][1] == ""
    assert math.isnan(frame["Mediaan totaalscore"][0]) and frame["Mediaan totaalscore"][2] == 42.4
    assert frame["Aantal corporaties"].isna()[0]

    fig = sc.sector_trend_chart(frame, 75.0)
    overall = next(t for t in fig.data if t.name.startswith("Totaalscore"))
    assert list(overall.x) == [2024, 2025, 2026]
    assert overall.y[0] is None and list(overall.y[1:]) == [36.5, 42.4]
    shaded = [s for s in fig.layout.shapes if s.type == "rect"]
    assert [(s.x0, s.x1) for s in shaded] == [(2023.6, 2024.4)]
    assert any("niet getoond" in a.text for a in fig.layout.annotations)


def test_own_position_frame_and_chart_show_own_score_against_quartiles(checklist):
    q = Quartiles(n_corporations=9, q1=30.0, median=40.0, q3=55.0)
    position = OwnPosition(
        k=5, n_corporations=9,
        overall=ScorePosition(own_score=62.0, sector=q, label="boven het derde kwartiel"),
        sections={
            "draagvlak": ScorePosition(own_score=35.0, sector=q, label="tussen Q1 en mediaan"),
            "stappenplan": ScorePosition(own_score=None, sector=q, reason="Geen eigen score"),
        },
    )
    frame = sc.own_position_frame(position, checklist)
    assert list(frame["Onderdeel"]) == ["Totaalscore", "Draagvlak", "Stappenplan"]
    assert list(frame["Positie"]) == ["boven het derde kwartiel", "tussen Q1 en mediaan", "Geen eigen score"]
    fig = sc.own_position_chart(frame, 75.0)
    own = next(t for t in fig.data if t.name == "Eigen score")
    assert list(own.y) == ["Totaalscore", "Draagvlak"] and list(own.x) == [62.0, 35.0]
    (box,) = [t for t in fig.data if isinstance(t, go.Box)]
    assert list(box.median) == [40.0, 40.0, 40.0]


# --------------------------------------------------------------------------- Voortgang


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
    assert list(frame.columns) == ["Meting", "Datum", "Status", "Fase", "Totaalscore", *titles(checklist)]
    assert list(frame["Status"]) == ["definitief", "definitief", "concept"]
    assert list(frame["Totaalscore"]) == [30.0, 63.0, 20.0]  # as shown: 62.5 reads 63
    assert list(frame["Fase"]) == ["0: Verkennen"] * 3
    fig = sc.round_trend_chart(frame, 75.0)
    overall = next(t for t in fig.data if t.name == "Totaalscore")
    assert list(overall.x) == ["Nulmeting 2024<br>fase 0", "Meting 2025<br>fase 0", "Meting 2026<br>concept"]
    assert list(overall.y) == [30.0, 63.0, None]  # the concept never pulls the line down
    concept = next(t for t in fig.data if t.name == "Totaalscore (concept)")
    assert concept.line.dash == "dot" and list(concept.y) == [63.0, 20.0]
    assert list(concept.x) == ["Meting 2025<br>fase 0", "Meting 2026<br>concept"]
    assert len(fig.data) == 2 * (1 + len(checklist.sections))
    # every line is named at its end (the last final round), labels kept apart
    ends = [a for a in fig.layout.annotations if a.x == "Meting 2025<br>fase 0"]
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
    assert by_name == {"Gereed": [0, 2], "Open, op tijd": [3, 3 - overdue], "Open, te laat": [0, overdue]}
    assert fig.layout.barmode == "stack"
    # Dropped actions are not stacked: the bars add up to done + open.
    assert [sum(v) for v in zip(*by_name.values(), strict=True)] == [3, 5]
