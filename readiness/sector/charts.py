"""Plotly figures of a stored publication (no Streamlit, no database).

Each ``*_frame`` turns published figures into a data frame with Dutch column names
(the table shown next to a chart, with its margins); each ``*_chart`` draws a frame.
Only published numbers are drawn: no whiskers, no points, no single scores.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go

from readiness.charts import COLOR_AT_TARGET, COLOR_BELOW_TARGET, COLOR_EMPTY_CELL, layout
from readiness.sector.report import with_margin

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
    bars = go.Bar(
        x=frame["_count"], y=frame["Fase"], orientation="h", marker_color=COLOR_AT_TARGET,
        error_x={"type": "data", "array": list(frame["_margin"]), "color": "#555555", "thickness": 1,
                 # a count is never below 0: the whisker stops there
                 "arrayminus": [min(m, c) for m, c in zip(frame["_margin"], frame["_count"], strict=True)]},
        text=frame["Corporaties"], textposition="outside", cliponaxis=False,
        hovertemplate="<b>%{y}</b><br>%{text} corporaties<extra></extra>",
    )  # fmt: skip
    return go.Figure(
        [bars],
        layout(
            height=60 + 36 * len(frame), left_margin=10,
            xaxis={"title": {"text": "Aantal corporaties (± marge)"}, "rangemode": "tozero", "fixedrange": True},
            yaxis={"autorange": "reversed", "fixedrange": True, "automargin": True},
            showlegend=False,
        ),
    )  # fmt: skip


def score_frame(figures: dict[str, Any]) -> pd.DataFrame:
    sector = figures["sector"]
    rows = [("Totaalscore", sector["overall"])] + [
        (title, sector["sections"].get(sid)) for sid, title in figures["sections"].items()
    ]
    return pd.DataFrame(
        {
            "Onderdeel": [name for name, _ in rows],
            "Q1": [s["q1"] for _, s in rows],
            "Mediaan": [with_margin(s["median"], s["margin"]) for _, s in rows],
            "Q3": [s["q3"] for _, s in rows],
            "_median": [s["median"] for _, s in rows],
        }
    )


def score_chart(frame: pd.DataFrame, target: float) -> go.Figure:
    has_box = frame["Q1"].notna() & frame["Q3"].notna()
    traces = []
    if has_box.any():
        traces.append(go.Bar(
            name="Middelste helft (Q1 tot Q3)", y=frame["Onderdeel"][has_box],
            x=(frame["Q3"] - frame["Q1"])[has_box], base=frame["Q1"][has_box], orientation="h",
            marker_color="#c6d7ec", hovertemplate="<b>%{y}</b><br>Q1 %{base:.0f} tot Q3 %{x:.0f}<extra></extra>",
        ))  # fmt: skip
    traces.append(go.Scatter(
        name="Mediaan", y=frame["Onderdeel"], x=frame["_median"], mode="markers",
        marker={"symbol": "line-ns-open", "size": 18, "line": {"width": 3}, "color": COLOR_AT_TARGET},
        hovertemplate="<b>%{y}</b><br>Mediaan %{x:.0f}<extra></extra>",
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
            "Weet het niet": [with_margin(s["share_dont_know"], s["margin"], "%") for _, s in rows],
            "_at": [s["share_at_target"] or 0 for _, s in rows],
            "_below": [s["share_below"] or 0 for _, s in rows],
            "_dk": [s["share_dont_know"] or 0 for _, s in rows],
        }
    )


def item_chart(frame: pd.DataFrame) -> go.Figure:
    labels = [f"Vraag {n}" for n in frame["Vraag"]]
    traces = [
        go.Bar(name=name, y=labels, x=frame[col], orientation="h", marker_color=color,
               hovertemplate=f"<b>%{{y}}</b><br>{name}: %{{x:.0f}}%<extra></extra>")
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
