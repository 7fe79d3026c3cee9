"""Plotly figures and their table alternatives for Voortgang (one corporation over time).

(The Denktank's sector figures are in :mod:`readiness.sector.charts`.)

Like :mod:`readiness.charts`, whose look (layout, colours, target line) is reused here:
``*_frame`` functions turn service results into data frames with Dutch column names,
which the pages show as the text alternative of each chart; ``*_chart`` functions turn
those frames into figures. No Streamlit, no database.

"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd
import plotly.graph_objects as go

from readiness import glossary
from readiness.charts import (
    COLOR_AT_TARGET,
    COLOR_BELOW_TARGET,
    COLOR_EMPTY_CELL,
    COLOR_PREVIOUS,
    format_score,
    layout,
    wrap_lines,
)
from readiness.formatting import format_date, shown_score
from readiness.models import ActionStatus, Checklist

if TYPE_CHECKING:  # shapes only: adapters do not depend on the services layer at run time
    from readiness.services.progress import PlanStatusAt, RoundScores

OVERALL_LABEL = "Totaalscore"
#: Trend-table columns about the basis: a round with levels agreed in a consensus meeting
#: is marked in the chart, with its total on the respondents' mean beside it.
BASIS_LABEL = "Basis"
RESPONDENTS_LABEL = "Totaal op gemiddelde respondenten"
_NOT_SERIES = ("Meting", "Datum", "Status", "Fase", OVERALL_LABEL, BASIS_LABEL, RESPONDENTS_LABEL)
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


def _shown(value: float | None) -> float:
    """A score as shown (formatting.display_score), NaN without a score."""
    shown = shown_score(value)
    return float("nan") if shown is None else float(shown)


def round_trend_frame(checklist: Checklist, rounds: Sequence[RoundScores]) -> pd.DataFrame:
    """One row per round, oldest first: ``Meting``, ``Datum``, ``Status``, ``Fase``,
    ``Totaalscore`` and one column per section (0-100 as shown, NaN without a score;
    a concept without enough answers has no phase and no total)."""
    titles = _section_titles(checklist)
    columns = ["Meting", "Datum", "Status", "Fase", OVERALL_LABEL, *titles.values(), BASIS_LABEL, RESPONDENTS_LABEL]
    rows = []
    for r in rounds:
        row = {
            "Meting": r.label,
            "Datum": format_date(r.date),
            "Status": "definitief" if r.is_final else "concept",
            "Fase": "–" if r.phase_level is None else f"{r.phase_level}: {r.phase_name}",
            OVERALL_LABEL: _shown(r.overall),
        }
        row.update({titles[sid]: _shown(r.sections.get(sid)) for sid in titles})
        agreed = getattr(r, "agreed_items", ())
        row[BASIS_LABEL] = (
            f"consensusgesprek: {'vraag' if len(agreed) == 1 else 'vragen'} {', '.join(map(str, agreed))}"
            if agreed else "gemiddelde van de respondenten"
        )
        row[RESPONDENTS_LABEL] = _shown(getattr(r, "overall_respondents", r.overall) if agreed else r.overall)
        rows.append(row)
    return pd.DataFrame(rows, columns=columns)


def _axis_label(label: str, status: str, phase: str) -> str:
    """"Meting<br>2025<br>fase 3" under a final round, "Meting<br>2027<br>concept" under a
    concept: one word per line, so the labels stay level and apart on a phone (390 px)."""
    label = "<br>".join(label.split())
    if status == "concept":
        return f"{label}<br>concept"
    return f"{label}<br>fase {phase.split(':', 1)[0]}" if phase != "–" else label


def _end_labels(ends: list[tuple[str, float, str]], gap: float = 8.5) -> list[tuple[str, float, float, str]]:
    """(text, y of the line's end, y of the label, colour): labels pushed apart by at least
    ``gap`` points, so the names at the ends of close lines do not overlap."""
    placed: list[tuple[str, float, float, str]] = []
    for text, y, color in sorted(ends, key=lambda e: e[1]):
        label_y = y if not placed else max(y, placed[-1][2] + gap)
        placed.append((text, y, label_y, color))
    overflow = placed[-1][2] - 104 if placed else 0
    if overflow > 0:  # pushed above the axis: shift the whole stack down
        placed = [(t, y, ly - overflow, c) for t, y, ly, c in placed]
    return placed


def round_trend_chart(frame: pd.DataFrame, target: float, target_label: str = "Streefniveau") -> go.Figure:
    """Lines across the **final** rounds: the overall score (thick) and every section, each
    named at its end; the phase of every round under its name on the axis.

    A concept round is drawn apart: open markers joined to the last final round by a
    dotted line and marked "concept" on the axis, so a half-finished round never pulls the
    trend down. `frame` as made by :func:`round_trend_frame`.
    """
    bases = frame[BASIS_LABEL] if BASIS_LABEL in frame.columns else [""] * len(frame)
    x = [
        _axis_label(m, status, phase) + ("<br>◇ consensus" if str(basis).startswith("consensus") else "")
        for m, status, phase, basis in zip(frame["Meting"], frame["Status"], frame["Fase"], bases, strict=True)
    ]
    final = [status != "concept" for status in frame["Status"]]
    last_final = max((i for i, f in enumerate(final) if f), default=None)
    mode = "lines+markers" if sum(final) > 1 else "markers"
    sections = [c for c in frame.columns if c not in _NOT_SERIES]
    series = [
        (title, SECTION_COLORS[i % len(SECTION_COLORS)], SECTION_SYMBOLS[i % len(SECTION_SYMBOLS)], 2, 8)
        for i, title in enumerate(sections)
    ] + [(OVERALL_LABEL, COLOR_AT_TARGET, "circle", 4, 12)]
    traces, ends = [], []
    for title, color, symbol, width, size in series:
        values = [_value(v) for v in frame[title]]
        solid = [v if f else None for v, f in zip(values, final, strict=True)]
        hover = [f"<b>{title}</b><br>{m}: {format_score(v)}" for m, v in zip(frame["Meting"], values, strict=True)]
        traces.append(
            go.Scatter(
                x=x, y=solid, name=title, mode=mode, line={"color": color, "width": width},
                marker={"symbol": symbol, "size": size, "color": color},
                hovertext=hover, hoverinfo="text", connectgaps=True, showlegend=False,
            )
        )  # fmt: skip
        drafts = [i for i, f in enumerate(final) if not f and values[i] is not None]
        if drafts:
            xs = ([x[last_final]] if last_final is not None else []) + [x[i] for i in drafts]
            ys = ([solid[last_final]] if last_final is not None else []) + [values[i] for i in drafts]
            texts = ([hover[last_final]] if last_final is not None else []) + [
                hover[i] + " (concept, voorlopig)" for i in drafts
            ]
            traces.append(
                go.Scatter(
                    x=xs, y=ys, name=f"{title} (concept)", mode="lines+markers",
                    line={"color": color, "width": max(1, width - 1), "dash": "dot"},
                    marker={"symbol": f"{symbol}-open" if symbol != "circle" else "circle-open", "size": size,
                            "color": color, "line": {"width": 2}},
                    hovertext=texts, hoverinfo="text", connectgaps=True, showlegend=False,
                )
            )  # fmt: skip
        if last_final is not None and solid[last_final] is not None:
            ends.append((title, solid[last_final], color))
    annotations = [_target_hline_label(target, target_label)]
    # A round whose levels were partly agreed in a consensus meeting rests on another basis
    # than a round without: marked under its name ("◇ consensus") and with an open diamond
    # at its total on the respondents' mean (the like-for-like figure).
    if BASIS_LABEL in frame.columns:
        for i, basis in enumerate(frame[BASIS_LABEL]):
            total, mean = _value(frame[OVERALL_LABEL].iloc[i]), _value(frame[RESPONDENTS_LABEL].iloc[i])
            if not str(basis).startswith("consensus") or total is None:
                continue
            traces.append(
                go.Scatter(
                    x=[x[i]], y=[mean], mode="markers", name="op gemiddelde respondenten",
                    marker={"symbol": "diamond-open", "size": 12, "color": COLOR_AT_TARGET, "line": {"width": 2}},
                    hovertext=[f"<b>{frame['Meting'].iloc[i]}</b><br>Op het gemiddelde van de respondenten: "
                               f"{format_score(mean)}<br>Met vastgestelde niveaus: {format_score(total)}"],
                    hoverinfo="text", showlegend=False,
                )
            )  # fmt: skip
    for text, y, label_y, color in _end_labels(ends):
        annotations.append(
            {
                "text": f"<b>{text}</b>" if text == OVERALL_LABEL else wrap_lines(text, width=12),
                "x": x[last_final], "y": label_y, "xref": "x", "yref": "y",
                "xanchor": "left", "yanchor": "middle", "xshift": 8, "showarrow": False, "align": "left",
                "font": {"size": 10, "color": color},
            }
        )  # fmt: skip
    categories = list(dict.fromkeys(x))
    return go.Figure(
        traces,
        layout(
            height=460,
            margin={"l": 6, "r": 96, "t": 30, "b": 10},
            xaxis={"type": "category", "fixedrange": True, "categoryarray": categories, "categoryorder": "array",
                   "tickangle": 0, "tickfont": {"size": 10}},
            yaxis={"range": [0, 108], "tickvals": [0, 25, 50, 75, 100], "title": {"text": "Score (0–100)", "standoff": 4},
                   "fixedrange": True},
            shapes=[_target_hline(target)],
            annotations=annotations,
            showlegend=False,
        ),
    )


OVERDUE_COLUMN = f"Waarvan {glossary.OVERDUE}"  # words from the glossary
DROPPED_COLUMN = glossary.ACTION_STATUS[ActionStatus.DROPPED]


def plan_progress_frame(plan: Sequence[PlanStatusAt]) -> pd.DataFrame:
    """One row per moment (each round, then "Vandaag"): counts of actions."""
    rows = [
        {
            "Moment": p.label,
            "Datum": format_date(p.date),
            "Gereed": p.done,
            glossary.OPEN_ACTIONS: p.open,
            OVERDUE_COLUMN: p.overdue,
            DROPPED_COLUMN: p.dropped,
            "Totaal": p.total,
        }
        for p in plan
    ]
    return pd.DataFrame(
        rows, columns=["Moment", "Datum", "Gereed", glossary.OPEN_ACTIONS, OVERDUE_COLUMN, DROPPED_COLUMN, "Totaal"]
    )


def plan_progress_chart(frame: pd.DataFrame) -> go.Figure:
    """Stacked bars per moment: done, open on time, overdue (dropped actions left out)."""
    x = list(frame["Moment"])
    on_time = [int(o) - int(late) for o, late in zip(frame[glossary.OPEN_ACTIONS], frame[OVERDUE_COLUMN], strict=True)]
    traces = []
    for name, values, color in (
        ("Gereed", [int(v) for v in frame["Gereed"]], COLOR_DONE),
        (f"{glossary.OPEN_ACTIONS}, op tijd", on_time, COLOR_OPEN),
        (f"{glossary.OPEN_ACTIONS}, {glossary.OVERDUE}", [int(v) for v in frame[OVERDUE_COLUMN]], COLOR_OVERDUE),
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
