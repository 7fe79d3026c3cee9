"""Plotly figures and their table alternatives for Voortgang (one corporation over time)
and Denktank (the anonymised sector).

Like :mod:`readiness.charts`, whose look (layout, colours, target line) is reused here:
``*_frame`` functions turn service results into data frames with Dutch column names,
which the pages show as the text alternative of each chart; ``*_chart`` functions turn
those frames into figures. No Streamlit, no database.

Sector figures only ever receive published statistics: distributions are drawn from
Q1, median and Q3 (no whiskers, no points, because minimum, maximum and single values
are never published). A small group publishes its median only (rule 2 of
:mod:`readiness.services.sector`): its Q1 and Q3 are NaN in the frames, the table cells
and the "Toelichting" say "alleen mediaan" and why, and the charts draw a median mark
without a box.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import pandas as pd
import plotly.graph_objects as go

from readiness.benchmark import ItemShare, OwnPosition, YearPoint, quartile_minimum
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
from readiness.formatting import shown_score
from readiness.models import Checklist

if TYPE_CHECKING:  # shapes only: adapters do not depend on the services layer at run time
    from readiness.services.progress import ItemMove, PlanStatusAt, RoundScores
    from readiness.services.sector import SegmentQuartiles, SegmentView, Spread

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


def _shown(value: float | None) -> float:
    """A score as shown (formatting.display_score), NaN without a score."""
    shown = shown_score(value)
    return float("nan") if shown is None else float(shown)


def round_trend_frame(checklist: Checklist, rounds: Sequence[RoundScores]) -> pd.DataFrame:
    """One row per round, oldest first: ``Meting``, ``Datum``, ``Status``, ``Fase``,
    ``Totaalscore`` and one column per section (0-100 as shown, NaN without a score;
    a concept without enough answers has no phase and no total)."""
    titles = _section_titles(checklist)
    columns = ["Meting", "Datum", "Status", "Fase", OVERALL_LABEL, *titles.values()]
    rows = []
    for r in rounds:
        row = {
            "Meting": r.label,
            "Datum": r.date.isoformat(),
            "Status": "definitief" if r.is_final else "concept",
            "Fase": "–" if r.phase_level is None else f"{r.phase_level}: {r.phase_name}",
            OVERALL_LABEL: _shown(r.overall),
        }
        row.update({titles[sid]: _shown(r.sections.get(sid)) for sid in titles})
        rows.append(row)
    return pd.DataFrame(rows, columns=columns)


def _axis_label(label: str, status: str, phase: str) -> str:
    """"Meting 2025<br>fase 3" under a final round, "Meting 2027<br>concept" under a concept."""
    if status == "concept":
        return f"{label}<br>concept"
    return f"{label}<br>fase {phase.split(':', 1)[0]}" if phase != "–" else label


def _wrap_label(text: str, width: int = 14) -> str:
    """A line name on lines of about ``width`` characters (plotly breaks at <br>)."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "<br>".join([*lines, line])


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
    x = [
        _axis_label(m, status, phase)
        for m, status, phase in zip(frame["Meting"], frame["Status"], frame["Fase"], strict=True)
    ]
    final = [status != "concept" for status in frame["Status"]]
    last_final = max((i for i, f in enumerate(final) if f), default=None)
    mode = "lines+markers" if sum(final) > 1 else "markers"
    sections = [c for c in frame.columns if c not in ("Meting", "Datum", "Status", "Fase", OVERALL_LABEL)]
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
    for text, y, label_y, color in _end_labels(ends):
        annotations.append(
            {
                "text": f"<b>{text}</b>" if text == OVERALL_LABEL else _wrap_label(text),
                "x": x[last_final], "y": label_y, "xref": "x", "yref": "y",
                "xanchor": "left", "yanchor": "middle", "xshift": 10, "showarrow": False, "align": "left",
                "font": {"size": 11, "color": color},
            }
        )  # fmt: skip
    categories = list(dict.fromkeys(x))
    return go.Figure(
        traces,
        layout(
            height=460,
            margin={"l": 10, "r": 118, "t": 30, "b": 10},
            xaxis={"type": "category", "fixedrange": True, "categoryarray": categories, "categoryorder": "array"},
            yaxis={"range": [0, 108], "tickvals": [0, 25, 50, 75, 100], "title": {"text": "Score (0–100)"}, "fixedrange": True},
            shapes=[_target_hline(target)],
            annotations=annotations,
            showlegend=False,
        ),
    )


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


# ============================================================================ Denktank


def distribution_frame(
    checklist: Checklist,
    overall: Spread | None,
    sections: Mapping[str, Spread],
    suppressed_parts: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Rows "Totaalscore" and every section: ``Onderdeel``, ``Aantal corporaties``,
    ``Q1``, ``Mediaan``, ``Q3``, ``Gemiddelde`` (NaN where not published), ``Toelichting``."""
    parts = dict(suppressed_parts or {})
    rows = []
    entries = [(OVERALL_LABEL, overall, parts.get("overall"))]
    entries += [(s.title, sections.get(s.id), parts.get(f"section:{s.id}")) for s in checklist.sections]
    for name, spread, reason in entries:
        rows.append(
            {
                "Onderdeel": name,
                "Aantal corporaties": None if spread is None else spread.n_corporations,
                "Q1": _nan(None if spread is None else spread.q1),
                "Mediaan": _nan(None if spread is None else spread.median),
                "Q3": _nan(None if spread is None else spread.q3),
                "Gemiddelde": _nan(None if spread is None else spread.mean),
                "Toelichting": (reason or "Niet getoond") if spread is None else (spread.withheld or ""),
            }
        )
    frame = pd.DataFrame(
        rows, columns=["Onderdeel", "Aantal corporaties", "Q1", "Mediaan", "Q3", "Gemiddelde", "Toelichting"]
    )
    frame["Aantal corporaties"] = frame["Aantal corporaties"].astype("Int64")
    return frame


def distribution_chart(
    frame: pd.DataFrame,
    target: float,
    *,
    target_label: str = "Streefniveau",
    own: Mapping[str, float | None] | None = None,
    own_label: str = "Eigen score",
) -> go.Figure:
    """Horizontal boxes from Q1, median and Q3 only (no whiskers, no points).

    `frame` as made by :func:`distribution_frame`; rows without a median are drawn as
    an empty line labelled "niet getoond", rows with a median but no quartiles (a small
    group) as a median mark labelled "alleen mediaan". `own` adds the corporation's own
    score per row name as a black diamond (own position).
    """
    names = list(frame["Onderdeel"])
    with_median = [i for i, q in enumerate(frame["Mediaan"]) if not pd.isna(q)]
    shown = [i for i in with_median if not pd.isna(frame["Q1"][i]) and not pd.isna(frame["Q3"][i])]
    median_only = [i for i in with_median if i not in shown]
    traces = []
    if shown:
        q1 = [float(frame["Q1"][i]) for i in shown]
        med = [float(frame["Mediaan"][i]) for i in shown]
        q3 = [float(frame["Q3"][i]) for i in shown]
        n = [int(frame["Aantal corporaties"][i]) for i in shown]
        traces.append(
            go.Box(
                y=[names[i] for i in shown],
                q1=q1,
                median=med,
                q3=q3,
                lowerfence=q1,  # minimum and maximum are never published
                upperfence=q3,
                orientation="h",
                name="Middelste helft van de sector (Q1–Q3) en mediaan",
                fillcolor="rgba(31, 95, 168, 0.25)",
                line={"color": COLOR_AT_TARGET, "width": 2},
                whiskerwidth=0,
                boxpoints=False,
                hoverinfo="skip",
            )
        )
        # The box trace's own hover would say min/max; give one readable label instead.
        traces.append(
            go.Scatter(
                x=med,
                y=[names[i] for i in shown],
                mode="markers",
                marker={"size": 18, "color": "rgba(0,0,0,0)"},
                customdata=list(zip(q1, q3, n, strict=True)),
                hovertemplate=(
                    "<b>%{y}</b><br>Mediaan %{x:.0f}<br>Q1–Q3: %{customdata[0]:.0f}–%{customdata[1]:.0f}"
                    "<br>%{customdata[2]} corporaties<extra></extra>"
                ),
                showlegend=False,
            )
        )
    if median_only:
        traces.append(
            go.Scatter(
                x=[float(frame["Mediaan"][i]) for i in median_only],
                y=[names[i] for i in median_only],
                mode="markers+text",
                name="Alleen de mediaan (te weinig corporaties voor kwartielen)",
                marker={"symbol": "line-ns-open", "size": 26, "line": {"color": COLOR_AT_TARGET, "width": 3}},
                text=[MEDIAN_ONLY_TEXT] * len(median_only),
                textposition="bottom center",
                textfont={"color": "#595959", "size": 11},
                hovertemplate=(
                    "<b>%{y}</b><br>Mediaan %{x:.0f}<br>Kwartielen niet getoond: te weinig corporaties"
                    "<extra></extra>"
                ),
            )
        )
    hidden = [names[i] for i in range(len(names)) if i not in with_median]
    if hidden:
        traces.append(
            go.Scatter(
                x=[50] * len(hidden),
                y=hidden,
                mode="text",
                text=["niet getoond (te weinig corporaties)"] * len(hidden),
                textfont={"color": "#595959", "size": 12},
                hoverinfo="skip",
                showlegend=False,
            )
        )
    if own:
        ys = [name for name in names if own.get(name) is not None]
        xs = [float(own[name]) for name in ys]
        traces.append(
            go.Scatter(
                x=xs,
                y=ys,
                mode="markers+text",
                name=own_label,
                marker={"symbol": "diamond", "size": 14, "color": COLOR_OWN, "line": {"color": "white", "width": 1}},
                text=[format_score(v) for v in xs],
                textposition="top center",
                hovertemplate=f"<b>%{{y}}</b><br>{own_label}: %{{x:.0f}}<extra></extra>",
            )
        )
    look = layout(
        height=150 + 52 * max(len(names), 1),
        xaxis={"range": [0, 102], "tickvals": [0, 25, 50, 75, 100], "title": {"text": "Score (0–100)"}, "fixedrange": True},
        yaxis={"categoryorder": "array", "categoryarray": list(reversed(names)), "fixedrange": True, "type": "category"},
        shapes=[target_line_shape(target, line=SECTOR_TARGET_LINE, below=False)],
        annotations=[target_line_label(target, target_label)],
    )
    # Legend below the plot: the target label sits above it.
    look["legend"] = {**look["legend"], "yanchor": "top", "y": -0.18, "x": 0, "xanchor": "left"}
    return go.Figure(traces, look)


def item_share_frame(items: Mapping[str, ItemShare], checklist: Checklist) -> pd.DataFrame:
    """Every checklist item in order: ``Nr``, ``Vraag`` (short), ``Onderdeel``,
    ``Op streefniveau (%)`` (NaN where not published), ``Aantal corporaties``."""
    titles = _section_titles(checklist)
    rows = []
    for section in checklist.sections:
        for item in section.items:
            share = items.get(item.id)
            rows.append(
                {
                    "Nr": item.number,
                    "Vraag": short_question(item, width=70).split(". ", 1)[1],
                    "Onderdeel": titles[section.id],
                    "Op streefniveau (%)": _nan(None if share is None else share.share_at_target),
                    "Aantal corporaties": None if share is None else share.n_corporations,
                }
            )
    frame = pd.DataFrame(
        rows, columns=["Nr", "Vraag", "Onderdeel", "Op streefniveau (%)", "Aantal corporaties"]
    )
    frame["Aantal corporaties"] = frame["Aantal corporaties"].astype("Int64")
    return frame


LABEL_WIDTH = 30  # characters of an item label on a chart axis: fits a phone screen


def _short_label(number: int, question: str, width: int) -> str:
    label = f"{number}. {question}"
    if len(label) <= width:
        return label
    return label[: width - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def item_share_chart(frame: pd.DataFrame) -> go.Figure:
    """Horizontal bars per item (first item on top): % of corporations at target."""
    labels = [_short_label(nr, q, LABEL_WIDTH) for nr, q in zip(frame["Nr"], frame["Vraag"], strict=True)]
    values = [_value(v) for v in frame["Op streefniveau (%)"]]
    bar = go.Bar(
            x=[0 if v is None else v for v in values],
            y=labels,
            orientation="h",
            marker={"color": [COLOR_EMPTY_CELL if v is None else COLOR_AT_TARGET for v in values]},
            text=["niet getoond" if v is None else f"{v:.0f}%" for v in values],
            textposition="outside",
            cliponaxis=False,
            customdata=list(frame["Vraag"]),
            hovertemplate="<b>%{customdata}</b><br>%{x:.0f}% van de corporaties op streefniveau<extra></extra>",
            name="Op streefniveau",
    )
    return go.Figure(
        [bar],
        layout(
            height=110 + 28 * max(len(labels), 1),
            xaxis={"range": [0, 112], "tickvals": [0, 25, 50, 75, 100], "ticksuffix": "%",
                   "title": {"text": "Corporaties op streefniveau"}, "fixedrange": True},
            yaxis={"autorange": "reversed", "fixedrange": True},
        ),
    )  # fmt: skip


def sector_trend_frame(points: Sequence[YearPoint], checklist: Checklist, k: int) -> pd.DataFrame:
    """One row per year: ``Jaar``, ``Aantal corporaties``, ``Mediaan totaalscore`` and the
    section medians; suppressed years carry NaN and ``Toelichting``."""
    titles = _section_titles(checklist)
    rows = []
    for p in points:
        row = {
            "Jaar": str(p.year),
            "Aantal corporaties": None if p.suppressed else p.n_corporations,
            f"Mediaan {OVERALL_LABEL.lower()}": _nan(p.median_overall),
        }
        row.update({titles[sid]: _nan(p.section_medians.get(sid)) for sid in titles})
        row["Toelichting"] = SUPPRESSED_TEXT.format(k=k) if p.suppressed else ""
        rows.append(row)
    columns = ["Jaar", "Aantal corporaties", f"Mediaan {OVERALL_LABEL.lower()}", *titles.values(), "Toelichting"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["Aantal corporaties"] = frame["Aantal corporaties"].astype("Int64")
    return frame


def sector_trend_chart(frame: pd.DataFrame, target: float, target_label: str = "Streefniveau") -> go.Figure:
    """Medians per year (overall thick, sections thin); suppressed years shaded and labelled."""
    years = [int(y) for y in frame["Jaar"]]
    overall_col = f"Mediaan {OVERALL_LABEL.lower()}"
    sections = [c for c in frame.columns if c not in ("Jaar", "Aantal corporaties", overall_col, "Toelichting")]
    mode = "lines+markers"
    traces = []
    for index, title in enumerate(sections):
        traces.append(
            go.Scatter(
                x=years,
                y=[_value(v) for v in frame[title]],
                name=title,
                mode=mode,
                line={"color": SECTION_COLORS[index % len(SECTION_COLORS)], "width": 2},
                marker={"symbol": SECTION_SYMBOLS[index % len(SECTION_SYMBOLS)], "size": 8},
                hovertemplate=f"<b>{title}</b><br>%{{x}}: mediaan %{{y:.0f}}<extra></extra>",
                connectgaps=False,
            )
        )
    overall = [_value(v) for v in frame[overall_col]]
    traces.append(
        go.Scatter(
            x=years,
            y=overall,
            name=f"{OVERALL_LABEL} (mediaan)",
            mode=mode,
            line={"color": COLOR_AT_TARGET, "width": 4},
            marker={"size": 12},
            hovertemplate=f"<b>{OVERALL_LABEL}</b><br>%{{x}}: mediaan %{{y:.0f}}<extra></extra>",
            connectgaps=False,
        )
    )
    shapes, annotations = [], []
    for year, note in zip(years, frame["Toelichting"], strict=True):
        if note:  # a suppressed year: a grey band with the reason
            shapes.append({
                "type": "rect", "xref": "x", "x0": year - 0.4, "x1": year + 0.4, "yref": "y domain", "y0": 0, "y1": 1,
                "fillcolor": COLOR_SUPPRESSED, "opacity": 0.9, "line": {"width": 0}, "layer": "below",
            })
            annotations.append({
                "x": year, "y": 50, "text": f"niet getoond<br>{note.removeprefix('— ')}", "showarrow": False,
                "font": {"size": 12, "color": "#3b3b3b"},
            })
    low, high = (min(years), max(years)) if years else (0, 1)
    return go.Figure(
        traces,
        layout(
            height=440,
            xaxis={"tickvals": years, "ticktext": [str(y) for y in years], "range": [low - 0.5, high + 0.5], "fixedrange": True},
            yaxis={"range": [0, 105], "tickvals": [0, 25, 50, 75, 100], "title": {"text": "Mediaan (0–100)"}, "fixedrange": True},
            shapes=[*shapes, _target_hline(target)],
            annotations=[*annotations, _target_hline_label(target, target_label)],
        ),
    )  # fmt: skip


def _cell(spread: Spread | None) -> str:
    """"42 (31–55)": median with Q1–Q3; "42 (alleen mediaan)" where Q1 and Q3 are withheld."""
    if spread is None:
        return HIDDEN_TEXT
    if spread.q1 is None or spread.q3 is None:
        return f"{_nl(spread.median)} ({MEDIAN_ONLY_TEXT})"
    return f"{_nl(spread.median)} ({_nl(spread.q1)}–{_nl(spread.q3)})"


def segment_frame(view: SegmentView, checklist: Checklist) -> pd.DataFrame:
    """The fixed segment table: one row per segment, then "Totaal".

    Columns: the breakdown (``Grootteklasse``/``Regio``), ``Aantal corporaties``,
    ``Totaalscore`` and one column per section, each "mediaan (Q1–Q3)"; suppressed
    segments show "— (minder dan k)" or "— (afgeschermd)" and their reason.
    """
    first = "Grootteklasse" if view.by == "size_class" else "Regio"
    titles = _section_titles(checklist)
    columns = [first, "Aantal corporaties", OVERALL_LABEL, *titles.values(), "Toelichting"]
    rows = []
    for row in [*view.rows, view.total]:
        rows.append(_segment_row(row, first, titles, view.k))
    return pd.DataFrame(rows, columns=columns)


SUPPRESSION_NOTES = {
    "too_few": "minder dan {k} corporaties",
    "complementary": "anders terug te rekenen uit het totaal",
    "cross_table": "verschilt te weinig van een grootteklasse",
    "unavailable": "indeling niet beschikbaar (zie boven)",
}


def _segment_row(row: SegmentQuartiles, first: str, titles: dict[str, str], k: int) -> dict[str, object]:
    out: dict[str, object] = {first: row.label}
    if row.suppressed:
        text = SUPPRESSED_TEXT.format(k=k) if row.suppression == "too_few" else HIDDEN_TEXT
        out["Aantal corporaties"] = text
        out[OVERALL_LABEL] = text
        out.update({title: text for title in titles.values()})
        out["Toelichting"] = SUPPRESSION_NOTES.get(row.suppression or "", row.reason or "").format(k=k)
        return out
    out["Aantal corporaties"] = str(row.n_corporations)
    out[OVERALL_LABEL] = _cell(row.overall)
    out.update({titles[sid]: _cell(row.sections.get(sid)) for sid in titles})
    hidden_parts = [name for name in row.suppressed_parts if not name.startswith("item:")]
    spreads = [row.overall, *row.sections.values()]
    notes = []
    if any(spread is not None and spread.withheld for spread in spreads):
        notes.append(MEDIAN_ONLY_NOTE.format(m=quartile_minimum(k)))
    if hidden_parts:
        notes.append("sommige onderdelen niet getoond (te weinig scores)")
    out["Toelichting"] = "; ".join(notes)
    return out


def own_position_frame(position: OwnPosition, checklist: Checklist) -> pd.DataFrame:
    """Own score next to the sector quartiles: ``Onderdeel``, ``Eigen score``, ``Q1``,
    ``Mediaan``, ``Q3``, ``Positie`` (the label, or why there is none), and
    ``Toelichting`` only when the sector's quartiles are withheld somewhere (NaN Q1/Q3)."""
    rows = []
    entries = [(OVERALL_LABEL, position.overall)]
    entries += [(s.title, position.sections.get(s.id)) for s in checklist.sections]
    for name, pos in entries:
        if pos is None:
            continue
        q = pos.sector
        rows.append(
            {
                "Onderdeel": name,
                "Eigen score": _nan(pos.own_score),
                "Q1": _nan(None if q is None else q.q1),
                "Mediaan": _nan(None if q is None else q.median),
                "Q3": _nan(None if q is None else q.q3),
                "Positie": pos.label or pos.reason or "",
                "Toelichting": "" if q is None or not q.withheld else q.withheld,
            }
        )
    frame = pd.DataFrame(rows, columns=["Onderdeel", "Eigen score", "Q1", "Mediaan", "Q3", "Positie", "Toelichting"])
    if not frame["Toelichting"].any():  # only where the sector's quartiles are withheld
        frame = frame.drop(columns=["Toelichting"])
    return frame


def readable_quartiles(frame: pd.DataFrame) -> pd.DataFrame:
    """For a table on screen: where a row has a median but no quartiles (a small group),
    ``Q1`` and ``Q3`` become text, "alleen mediaan" instead of an empty cell; the other
    rows keep their numbers as whole scores ("–" where nothing is published). A frame
    without such rows is returned as it is (numeric)."""
    withheld = frame["Q1"].isna() & frame["Mediaan"].notna()
    if not withheld.any():
        return frame
    out = frame.copy()
    for column in ("Q1", "Q3"):
        out[column] = [
            MEDIAN_ONLY_TEXT if hidden else format_score(_value(value))
            for value, hidden in zip(frame[column], withheld, strict=True)
        ]
    return out


def own_position_chart(frame: pd.DataFrame, target: float, target_label: str = "Streefniveau") -> go.Figure:
    """The sector boxes (Q1–Q3, median) with the corporation's own score as a diamond."""
    boxes = frame.assign(**{"Aantal corporaties": 0, "Gemiddelde": float("nan"), "Toelichting": ""})
    boxes["Aantal corporaties"] = [0 if pd.isna(m) else 1 for m in frame["Mediaan"]]
    own = {name: _value(v) for name, v in zip(frame["Onderdeel"], frame["Eigen score"], strict=True)}
    fig = distribution_chart(boxes, target, target_label=target_label, own=own)
    # The hover of the invisible median markers would say "1 corporaties": drop it.
    for trace in fig.data:
        if isinstance(trace, go.Scatter) and trace.customdata is not None:
            trace.hovertemplate = (
                "<b>%{y}</b><br>Sector: mediaan %{x:.0f}, Q1–Q3 %{customdata[0]:.0f}–%{customdata[1]:.0f}<extra></extra>"
            )
    return fig


__all__ = [
    "HIDDEN_TEXT",
    "MEDIAN_ONLY_NOTE",
    "MEDIAN_ONLY_TEXT",
    "OVERALL_LABEL",
    "SUPPRESSED_TEXT",
    "distribution_chart",
    "distribution_frame",
    "item_share_chart",
    "item_share_frame",
    "own_position_chart",
    "own_position_frame",
    "plan_progress_chart",
    "plan_progress_frame",
    "readable_quartiles",
    "round_trend_chart",
    "round_trend_frame",
    "sector_trend_chart",
    "sector_trend_frame",
    "segment_frame",
]
