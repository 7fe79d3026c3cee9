"""Plotly figures and their table alternatives for Voortgang (one corporation over time).

(The Denktank's figures moved to :mod:`readiness.sector.charts`; this module keeps its
name so the Voortgang page's imports stay as they are.)

Like :mod:`readiness.charts`, whose look (layout, colours, target line) is reused here:
``*_frame`` functions turn service results into data frames with Dutch column names,
which the pages show as the text alternative of each chart; ``*_chart`` functions turn
those frames into figures. No Streamlit, no database.

"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import pandas as pd
import plotly.graph_objects as go

from readiness.charts import (
    COLOR_AT_TARGET,
    COLOR_BELOW_TARGET,
    COLOR_EMPTY_CELL,
    COLOR_PREVIOUS,
    format_score,
    layout,
    short_question,
    target_line_label,
    target_line_shape,
)
from readiness.models import Checklist

if TYPE_CHECKING:  # shapes only: adapters do not depend on the services layer at run time
    from readiness.services.progress import ItemMove, PlanStatusAt, RoundScores

OVERALL_LABEL = "Totaalscore"
#: Colour-blind-safe palette (Okabe-Ito) for the six sections; the overall score is the
#: thick blue line of :mod:`readiness.charts`. Marker symbols differ too, so the lines
#: can be told apart without colour.
SECTION_COLORS = ("#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#7f7f7f")
SECTION_SYMBOLS = ("square", "diamond", "triangle-up", "triangle-down", "cross", "x")
COLOR_OVERDUE = COLOR_BELOW_TARGET
COLOR_OPEN = COLOR_PREVIOUS
COLOR_DONE = COLOR_AT_TARGET
COLOR_OWN = "#111111"
COLOR_SUPPRESSED = COLOR_EMPTY_CELL
SUPPRESSED_TEXT = "— (minder dan {k})"
HIDDEN_TEXT = "— (afgeschermd)"
MEDIAN_ONLY_TEXT = "alleen mediaan"
MEDIAN_ONLY_NOTE = "kwartielen niet getoond: minder dan {m} corporaties, alleen de mediaan"


def _nan(value: float | None) -> float:
    return float("nan") if value is None else round(float(value), 1)


def _value(value: object) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)


def _section_titles(checklist: Checklist) -> dict[str, str]:
    return {s.id: s.title for s in checklist.sections}


SECTOR_TARGET_LINE = {"color": "#2b2b2b", "dash": "dash", "width": 1.5}


def _target_hline(target: float) -> dict:
    """A dashed horizontal line at `target` across the plot (for :func:`layout`'s shapes)."""
    return {
        "type": "line", "xref": "x domain", "x0": 0, "x1": 1,
        "yref": "y", "y0": target, "y1": target, "line": SECTOR_TARGET_LINE,
    }  # fmt: skip


def _target_hline_label(target: float, label: str) -> dict:
    """The label of :func:`_target_hline`, at its left end, just above the line."""
    return {
        "text": label, "font": {"size": 12}, "showarrow": False,
        "xref": "x domain", "x": 0, "xanchor": "left", "yref": "y", "y": target, "yanchor": "bottom",
    }  # fmt: skip


def _nl(value: float | None, decimals: int = 0) -> str:
    if value is None:
        return "–"
    return f"{value:.{decimals}f}".replace(".", ",")


# ============================================================================ Voortgang


def round_trend_frame(checklist: Checklist, rounds: Sequence[RoundScores]) -> pd.DataFrame:
    """One row per round, oldest first: ``Meting``, ``Datum``, ``Status``,
    ``Totaalscore`` and one column per section (0-100, NaN without a score)."""
    titles = _section_titles(checklist)
    columns = ["Meting", "Datum", "Status", OVERALL_LABEL, *titles.values()]
    rows = []
    for r in rounds:
        row = {
            "Meting": r.label,
            "Datum": r.date.isoformat(),
            "Status": "definitief" if r.is_final else "concept",
            OVERALL_LABEL: _nan(r.overall),
        }
        row.update({titles[sid]: _nan(r.sections.get(sid)) for sid in titles})
        rows.append(row)
    return pd.DataFrame(rows, columns=columns)


def round_trend_chart(frame: pd.DataFrame, target: float, target_label: str = "Streefniveau") -> go.Figure:
    """Lines across rounds: the overall score (thick) and every section (values in the hover and the table).

    `frame` as made by :func:`round_trend_frame`; draft rounds are marked "(concept)"
    on the axis. With one round the figure shows markers only.
    """
    x = [
        f"{m} (concept)" if status == "concept" else m
        for m, status in zip(frame["Meting"], frame["Status"], strict=True)
    ]
    mode = "lines+markers" if len(frame) > 1 else "markers"
    traces = []
    sections = [c for c in frame.columns if c not in ("Meting", "Datum", "Status", OVERALL_LABEL)]
    for index, title in enumerate(sections):
        traces.append(
            go.Scatter(
                x=x,
                y=[_value(v) for v in frame[title]],
                name=title,
                mode=mode,
                line={"color": SECTION_COLORS[index % len(SECTION_COLORS)], "width": 2},
                marker={"symbol": SECTION_SYMBOLS[index % len(SECTION_SYMBOLS)], "size": 8},
                hovertemplate=f"<b>{title}</b><br>%{{x}}: %{{y:.0f}}<extra></extra>",
                connectgaps=False,
            )
        )
    overall = [_value(v) for v in frame[OVERALL_LABEL]]
    traces.append(
        go.Scatter(
            x=x,
            y=overall,
            name=OVERALL_LABEL,
            mode=mode,
            line={"color": COLOR_AT_TARGET, "width": 4},
            marker={"size": 12, "color": COLOR_AT_TARGET},
            hovertemplate=f"<b>{OVERALL_LABEL}</b><br>%{{x}}: %{{y:.0f}}<extra></extra>",
        )
    )
    return go.Figure(
        traces,
        layout(
            height=440,
            xaxis={"type": "category", "fixedrange": True},
            yaxis={"range": [0, 105], "tickvals": [0, 25, 50, 75, 100], "title": {"text": "Score (0–100)"}, "fixedrange": True},
            shapes=[_target_hline(target)],
            annotations=[_target_hline_label(target, target_label)],
        ),
    )


def item_moves_frame(moves: Sequence[ItemMove], checklist: Checklist) -> pd.DataFrame:
    """Items that moved (or became unknown): ``Nr``, ``Vraag`` (short), ``Onderdeel``,
    ``Eerder``, ``Nu``, ``Verschil`` (0-100; NaN where a round had no score)."""
    titles = _section_titles(checklist)
    rows = []
    for m in moves:
        text = short_question(checklist.item(m.item_id), width=70).split(". ", 1)[1]
        rows.append(
            {
                "Nr": m.number,
                "Vraag": text,
                "Onderdeel": titles.get(m.section_id, m.section_id),
                "Eerder": _nan(m.before),
                "Nu": _nan(m.after),
                "Verschil": _nan(m.delta),
            }
        )
    return pd.DataFrame(rows, columns=["Nr", "Vraag", "Onderdeel", "Eerder", "Nu", "Verschil"])


def plan_progress_frame(plan: Sequence[PlanStatusAt]) -> pd.DataFrame:
    """One row per moment (each round, then "Vandaag"): counts of actions."""
    rows = [
        {
            "Moment": p.label,
            "Datum": p.date.isoformat(),
            "Gereed": p.done,
            "Open": p.open,
            "Waarvan te laat": p.overdue,
            "Vervallen": p.dropped,
            "Totaal": p.total,
        }
        for p in plan
    ]
    return pd.DataFrame(
        rows, columns=["Moment", "Datum", "Gereed", "Open", "Waarvan te laat", "Vervallen", "Totaal"]
    )


def plan_progress_chart(frame: pd.DataFrame) -> go.Figure:
    """Stacked bars per moment: done, open on time, overdue (dropped actions left out)."""
    x = list(frame["Moment"])
    on_time = [int(o) - int(late) for o, late in zip(frame["Open"], frame["Waarvan te laat"], strict=True)]
    traces = []
    for name, values, color in (
        ("Gereed", [int(v) for v in frame["Gereed"]], COLOR_DONE),
        ("Open, op tijd", on_time, COLOR_OPEN),
        ("Open, te laat", [int(v) for v in frame["Waarvan te laat"]], COLOR_OVERDUE),
    ):
        traces.append(
            go.Bar(
                x=x,
                y=values,
                name=name,
                marker={"color": color},
                text=[str(v) if v else "" for v in values],
                textposition="inside",
                hovertemplate=f"<b>%{{x}}</b><br>{name}: %{{y}}<extra></extra>",
            )
        )
    yaxis = {"title": {"text": "Aantal acties"}, "rangemode": "tozero", "fixedrange": True}
    if frame["Totaal"].max() <= 10:
        yaxis["dtick"] = 1
    return go.Figure(
        traces,
        layout(height=340, xaxis={"type": "category", "fixedrange": True}, yaxis=yaxis, barmode="stack", bargap=0.35),
    )
