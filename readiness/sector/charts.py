"""Plotly figures of a stored publication (no Streamlit, no database).

Each ``*_frame`` turns published figures into a data frame with Dutch column names
(the table shown next to a chart, with its margins); each ``*_chart`` draws a frame.
Only published numbers are drawn, each with its margin (a whisker of the 95% margin);
value labels sit beyond the end of the whisker, so no whisker strikes through one.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go

from readiness.charts import COLOR_AT_TARGET, COLOR_BELOW_TARGET, COLOR_EMPTY_CELL, layout
from readiness.sector.blocks import score_rows, with_margin

COLOR_DONT_KNOW = "#8e8e8e"


def phase_frame(phases: list[dict[str, Any]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Fase": [f"{p['level']}. {p['name']}" for p in phases],
            "Corporaties": [with_margin(p["count"], p["margin"]) for p in phases],
            "Aandeel": [with_margin(p["share"], p["share_margin"], "%") for p in phases],
            "_count": [p["count"] for p in phases],
            "_margin": [p["margin"] for p in phases],
        }
    )


def phase_chart(frame: pd.DataFrame) -> go.Figure:
    counts, margins = list(frame["_count"]), list(frame["_margin"])
    bars = go.Bar(
        x=counts, y=frame["Fase"], orientation="h", marker_color=COLOR_AT_TARGET,
        error_x={"type": "data", "array": margins, "color": "#555555", "thickness": 1,
                 # a count is never below 0: the whisker stops there
                 "arrayminus": [min(m, c) for m, c in zip(margins, counts, strict=True)]},
        customdata=frame["Corporaties"],
        hovertemplate="<b>%{y}</b><br>%{customdata} corporaties<extra></extra>",
    )  # fmt: skip
    # the value label beyond the whisker's end, never on top of it
    labels = go.Scatter(
        x=[c + m for c, m in zip(counts, margins, strict=True)], y=frame["Fase"], mode="text",
        text=[f"  {t}" for t in frame["Corporaties"]], textposition="middle right", hoverinfo="skip",
        cliponaxis=False,
    )  # fmt: skip
    right = max((c + m for c, m in zip(counts, margins, strict=True)), default=1)
    return go.Figure(
        [bars, labels],
        layout(
            height=60 + 36 * len(frame), left_margin=10,
            xaxis={"title": {"text": "Aantal corporaties (± marge)"}, "range": [0, right * 1.45 + 1], "fixedrange": True},
            yaxis={"autorange": "reversed", "fixedrange": True, "automargin": True},
            showlegend=False,
        ),
    )  # fmt: skip


def score_frame(figures: dict[str, Any]) -> pd.DataFrame:
    rows = score_rows(figures)
    return pd.DataFrame(
        {
            "Onderdeel": [name for name, _ in rows],
            "Q1": [with_margin(s["q1"], s.get("q1_margin")) for _, s in rows],
            "Mediaan": [with_margin(s["median"], s["margin"]) for _, s in rows],
            "Q3": [with_margin(s["q3"], s.get("q3_margin")) for _, s in rows],
            "_q1": [s["q1"] for _, s in rows],
            "_q3": [s["q3"] for _, s in rows],
            "_median": [s["median"] for _, s in rows],
            "_margin": [s["margin"] for _, s in rows],
        }
    )


def score_chart(frame: pd.DataFrame, target: float) -> go.Figure:
    has_box = frame["_q1"].notna() & frame["_q3"].notna()
    traces = []
    if has_box.any():
        traces.append(go.Bar(
            name="Middelste helft (Q1 tot Q3)", y=frame["Onderdeel"][has_box],
            x=(frame["_q3"] - frame["_q1"])[has_box], base=frame["_q1"][has_box], orientation="h",
            marker_color="#c6d7ec", customdata=list(zip(frame["Q1"][has_box], frame["Q3"][has_box], strict=True)),
            hovertemplate="<b>%{y}</b><br>Q1 %{customdata[0]} tot Q3 %{customdata[1]}<extra></extra>",
        ))  # fmt: skip
    traces.append(go.Scatter(
        name="Mediaan (± marge)", y=frame["Onderdeel"], x=frame["_median"], mode="markers",
        marker={"symbol": "line-ns-open", "size": 18, "line": {"width": 3}, "color": COLOR_AT_TARGET},
        error_x={"type": "data", "array": list(frame["_margin"]), "color": COLOR_AT_TARGET, "thickness": 1.5, "width": 6},
        customdata=frame["Mediaan"], hovertemplate="<b>%{y}</b><br>Mediaan %{customdata}<extra></extra>",
    ))  # fmt: skip
    return go.Figure(
        traces,
        layout(
            height=80 + 34 * len(frame),
            xaxis={"range": [0, 100], "title": {"text": "Score (0-100)"}, "fixedrange": True},
            yaxis={"autorange": "reversed", "fixedrange": True, "automargin": True},
            shapes=[{"type": "line", "x0": target, "x1": target, "yref": "paper", "y0": 0, "y1": 1,
                     "line": {"dash": "dash", "width": 1.5, "color": "#2b2b2b"}}],
        ),
    )  # fmt: skip


def item_frame(figures: dict[str, Any]) -> pd.DataFrame:
    items = figures["sector"]["items"]
    rows = [(figures["items"][i], items[i]) for i in figures["items"] if i in items]
    return pd.DataFrame(
        {
            "Vraag": [item["number"] for item, _ in rows],
            "Omschrijving": [item["question"] for item, _ in rows],
            "Op streefniveau": [with_margin(s["share_at_target"], s["margin"], "%") for _, s in rows],
            "Onder streefniveau": [with_margin(s["share_below"], s["margin"], "%") for _, s in rows],
            "Weet het niet": [with_margin(s["share_dont_know"], s["margin"], "%") for _, s in rows],
            "_at": [s["share_at_target"] or 0 for _, s in rows],
            "_below": [s["share_below"] or 0 for _, s in rows],
            "_dk": [s["share_dont_know"] or 0 for _, s in rows],
            "_margin": [s["margin"] for _, s in rows],
        }
    )


def item_chart(frame: pd.DataFrame) -> go.Figure:
    labels = [f"Vraag {n}" for n in frame["Vraag"]]
    traces = [
        go.Bar(name=name, y=labels, x=frame[col], orientation="h", marker_color=color, customdata=frame["_margin"],
               hovertemplate=f"<b>%{{y}}</b><br>{name}: %{{x:.0f}}% ± %{{customdata}}<extra></extra>")
        for name, col, color in (
            ("Op streefniveau", "_at", COLOR_AT_TARGET),
            ("Onder streefniveau", "_below", COLOR_BELOW_TARGET),
            ("Weet het niet", "_dk", COLOR_DONT_KNOW),
        )
    ]  # fmt: skip
    return go.Figure(
        traces,
        layout(
            height=90 + 24 * len(frame), barmode="stack",
            xaxis={"range": [0, 100], "title": {"text": "% van de corporaties"}, "fixedrange": True},
            yaxis={"autorange": "reversed", "fixedrange": True, "automargin": True},
            plot_bgcolor=COLOR_EMPTY_CELL,
        ),
    )  # fmt: skip
