"""Plotly figures for round results, built from data frames.

Two kinds of pure functions live here, and neither touches Streamlit or the database:

- ``*_frame`` / :func:`answer_grid` turn domain objects into data frames with Dutch
  column names. The pages show these frames as the text alternative of each chart
  (accessibility), so chart and table always carry the same numbers.
- ``*_chart`` / :func:`answer_heatmap` turn those frames into a ``go.Figure`` with the
  shared look defined at the top of this module (:func:`layout`, the colours). Other
  dashboards (Voortgang, Denktank) can call the figure functions with their own frames,
  as long as the columns are the same.

Scores are on the 0-100 scale used everywhere in the UI; answers are on the 0-4 scale.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from readiness.models import MAX_SCORE, Answer, AnswerKind, Checklist, Item, Respondent
from readiness.formatting import AT_TARGET_COLOR, BELOW_TARGET_COLOR, format_score, score_delta, short_text, shown_score
from readiness.scoring import Comparison, RoundResult, target_pct

# ----------------------------------------------------------------------------- style

#: At or above target (blue) and below target (orange): distinguishable with the common
#: colour-vision deficiencies; the meaning is also written in the bar text and the table.
COLOR_AT_TARGET = AT_TARGET_COLOR  # the one "at target" colour (readiness.formatting)
COLOR_BELOW_TARGET = BELOW_TARGET_COLOR
COLOR_PREVIOUS = "#a9bcd0"
COLOR_TARGET_LINE = "#2b2b2b"
COLOR_EMPTY_CELL = "#eceff3"
#: 0 (pale) .. 4 (dark blue): one hue, so order reads without colour names.
ANSWER_COLORSCALE = [
    [0.0, "#f7fbff"],
    [0.25, "#c6dbef"],
    [0.5, "#6baed6"],
    [0.75, "#2171b5"],
    [1.0, "#08306b"],
]

#: A concept's section without enough answers (the concept rule): no score yet.
WITHHELD_TEXT = "te weinig antwoorden"
HEATMAP_LABEL_WIDTH = 28  # characters of the question next to its number; fits a phone

DONT_KNOW_TEXT = "?"
NA_TEXT = "n.v.t."
OPEN_TEXT = "–"  # not answered yet


def layout(*, height: int, left_margin: int = 10, xaxis: dict | None = None, yaxis: dict | None = None, **extra) -> dict:
    """The look shared by every Voordeurcheck chart, as a plain layout dict: compact, no
    title (the page has a heading), legend on top, labels that fit on a phone.

    The figures of the corporation pages are built from it in one ``go.Figure(data,
    layout)`` call: plotly validates a figure once that way, where every
    ``update_layout`` / ``update_xaxes`` / ``add_vline`` call validates again and
    resolves its ``a_b_c`` paths (eight times the work, measured in BENCHMARKS.md).
    """
    return {
        "height": height,
        "margin": {"l": left_margin, "r": 10, "t": 40, "b": 10},
        "font": {"size": 13},  # family: left to the Streamlit theme
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "left", "x": 0},
        "hoverlabel": {"font": {"size": 13}, "align": "left"},
        "separators": ",.",  # Dutch: decimal comma, thousands dot
        "xaxis": {**(xaxis or {}), "automargin": True},
        "yaxis": {**(yaxis or {}), "automargin": True},
        **extra,
    }


#: The 0-100 score axis of the horizontal bar charts.
SCORE_AXIS = {"range": [0, 108], "tickvals": [0, 25, 50, 75, 100], "title": {"text": "Score (0–100)"}, "fixedrange": True}
TARGET_LINE = {"color": COLOR_TARGET_LINE, "dash": "dash", "width": 2}


def target_line_shape(target: float, *, line: dict = TARGET_LINE, below: bool = True) -> dict:
    """A dashed vertical line at `target` (0-100) over the whole plot, by default behind
    the bars."""
    shape = {"type": "line", "xref": "x", "x0": target, "x1": target, "yref": "y domain", "y0": 0, "y1": 1, "line": line}
    if below:
        shape["layer"] = "below"
    return shape


def target_line_label(target: float, label: str) -> dict:
    """The label of :func:`target_line_shape`, just above the plot."""
    return {
        "text": label, "font": {"size": 12}, "showarrow": False,
        "xref": "x", "x": target, "xanchor": "center", "yref": "y domain", "y": 1, "yanchor": "bottom",
    }  # fmt: skip


def target_legend_entry(label: str) -> go.Scatter:
    """An empty trace that puts the target line into the legend (for charts whose legend
    sits on top, where a label above the plot would collide with it)."""
    return go.Scatter(x=[None], y=[None], mode="lines", line=TARGET_LINE, name=label, hoverinfo="skip")


def short_question(item: Item, width: int = 42) -> str:
    """"1. Het bestuur steunt voldoende dat…": number plus the question cut at a word
    (:func:`readiness.formatting.short_text`)."""
    return f"{item.number}. {short_text(item.question, width + 1)}"


def _shown(value: float | None) -> float:
    """A score as the number shown (formatting.display_score), NaN without a score: the
    frames below are the tables under the charts, and show what the charts show."""
    shown = shown_score(value)
    return float("nan") if shown is None else float(shown)


def respondent_labels(checklist: Checklist, respondents: Sequence[Respondent]) -> list[str]:
    """Column labels such as "Bestuur 1", unique within the round.

    Respondents are stored with a label ("Uitvoering 2") or only a role; when two share a
    label, they are numbered in order so the heat map keeps one column per respondent.
    """
    base = [r.label.strip() or checklist.role_label(r.role) for r in respondents]
    counts = {label: base.count(label) for label in base}
    seen: dict[str, int] = {}
    labels = []
    for label in base:
        if counts[label] > 1:
            seen[label] = seen.get(label, 0) + 1
            labels.append(f"{label} {seen[label]}")
        else:
            labels.append(label)
    return labels


# ----------------------------------------------------------------------------- sections


def section_frame(result: RoundResult) -> pd.DataFrame:
    """One row per section in the handreiking's order.

    Columns: ``Onderdeel``, ``Score`` (0-100, NaN without any scored item),
    ``Vragen met score`` ("3 van 5"), ``Op streefniveau`` ("ja"/"nee"/"onbekend").
    """
    goal = target_pct(result.target_level)
    rows = []
    for s in result.sections:
        at_target = "onbekend" if s.score is None else ("ja" if s.score >= goal - 1e-9 else "nee")
        if s.section_id in result.withheld_sections:
            at_target = WITHHELD_TEXT
        rows.append(
            {
                "Onderdeel": s.title,
                "Score": _shown(s.score),
                "Vragen met score": f"{s.n_items_scored} van {s.n_items}",
                "Op streefniveau": at_target,
            }
        )
    return pd.DataFrame(rows, columns=["Onderdeel", "Score", "Vragen met score", "Op streefniveau"])


def section_bar_chart(frame: pd.DataFrame, target: float, target_label: str = "Streefniveau") -> go.Figure:
    """Horizontal bars, first section on top, with a dashed vertical line at `target`.

    `frame` needs ``Onderdeel`` and ``Score`` (0-100, NaN for no score), as made by
    :func:`section_frame`; rows are drawn in the frame's order.
    """
    names = list(frame["Onderdeel"])
    scores = [None if pd.isna(v) else float(v) for v in frame["Score"]]
    colors = [
        COLOR_EMPTY_CELL if v is None else (COLOR_AT_TARGET if v >= target - 1e-9 else COLOR_BELOW_TARGET)
        for v in scores
    ]
    withheld = (
        [v == WITHHELD_TEXT for v in frame["Op streefniveau"]] if "Op streefniveau" in frame else [False] * len(names)
    )
    texts = [
        (WITHHELD_TEXT if w else "geen score") if v is None else format_score(v)
        for v, w in zip(scores, withheld, strict=True)
    ]
    hover = [
        f"<b>{n}</b><br>"
        + ("Nog geen score" if v is None else f"Score {format_score(v)} van 100")
        + ("" if v is None else (" · op streefniveau" if v >= target - 1e-9 else " · onder streefniveau"))
        for n, v in zip(names, scores, strict=True)
    ]
    bar = go.Bar(
        x=[0 if v is None else v for v in scores],
        y=names,
        orientation="h",
        marker={"color": colors},
        text=texts,
        textposition="outside",
        cliponaxis=False,
        hovertext=hover,
        hoverinfo="text",
        name="Score",
    )
    return go.Figure(
        [bar],
        layout(
            height=90 + 44 * max(len(names), 1),
            xaxis=SCORE_AXIS,
            yaxis={"autorange": "reversed", "fixedrange": True},
            shapes=[target_line_shape(target)],
            annotations=[target_line_label(target, target_label)],
        ),
    )


def section_change_frame(current: RoundResult, comparison: Comparison) -> pd.DataFrame:
    """Per section, handreiking order: ``Onderdeel``, ``Vorige``, ``Nu``, ``Verschil``,
    as shown (whole numbers by the one rule; the difference is that of the shown numbers).

    The scores are those the comparison was made on (like for like: on the respondents'
    mean for both rounds when only one has agreed levels); NaN when a round had no score
    for the section.
    """
    rows = []
    for s in current.sections:
        before = comparison.sections_before.get(s.section_id)
        after = comparison.sections_after.get(s.section_id, s.score)
        change = score_delta(before, after)
        rows.append(
            {
                "Onderdeel": s.title,
                "Vorige": _shown(before),
                "Nu": _shown(after),
                "Verschil": float("nan") if change is None else float(change),
            }
        )
    return pd.DataFrame(rows, columns=["Onderdeel", "Vorige", "Nu", "Verschil"])


def section_change_chart(
    frame: pd.DataFrame,
    target: float,
    *,
    previous_label: str = "Vorige meting",
    current_label: str = "Deze meting",
    target_label: str = "Streefniveau",
) -> go.Figure:
    """Paired horizontal bars per section: the previous round (pale) above this round.

    `frame` needs ``Onderdeel``, ``Vorige`` and ``Nu`` (0-100, NaN for no score), as made
    by :func:`section_change_frame`.
    """
    names = list(frame["Onderdeel"])
    bars = []
    for column, label, color in (
        ("Vorige", previous_label, COLOR_PREVIOUS),
        ("Nu", current_label, COLOR_AT_TARGET),
    ):
        values = [None if pd.isna(v) else float(v) for v in frame[column]]
        bars.append(
            go.Bar(
                x=values,
                y=names,
                orientation="h",
                name=label,
                marker={"color": color},
                text=[format_score(v) for v in values],
                textposition="outside",
                cliponaxis=False,
                hovertext=[f"<b>{n}</b><br>{label}: {format_score(v)}" for n, v in zip(names, values, strict=True)],
                hoverinfo="text",
            )
        )
    return go.Figure(
        [*bars, target_legend_entry(target_label)],
        layout(
            height=110 + 62 * max(len(names), 1),
            xaxis=SCORE_AXIS,
            yaxis={"autorange": "reversed", "fixedrange": True},
            shapes=[target_line_shape(target)],
            barmode="group",
            bargap=0.25,
            bargroupgap=0.05,
        ),
    )


# ----------------------------------------------------------------------------- answers


@dataclass(frozen=True)
class AnswerGrid:
    """Every answer of a round: rows are items ("1. short question"), columns respondents.

    - ``values``: the 0-4 score, NaN for "weet ik niet", "n.v.t." and not answered;
    - ``text``: what a cell shows: "0".."4", "?" (weet ik niet), "n.v.t.", "–" (open);
    - ``hover``: the full question, respondent and answer in words.
    ``text`` doubles as the table alternative of the heat map.
    """

    values: pd.DataFrame
    text: pd.DataFrame
    hover: pd.DataFrame


def answer_grid(
    checklist: Checklist,
    respondents: Sequence[Respondent],
    answers: Sequence[Answer],
    labels: Sequence[str] | None = None,
) -> AnswerGrid:
    """Lay out a round's answers as an item × respondent grid (checklist order, respondent order).

    `labels` are the column names, one per respondent and unique; by default
    :func:`respondent_labels`.
    """
    columns = list(labels) if labels is not None else respondent_labels(checklist, respondents)
    if len(columns) != len(respondents) or len(set(columns)) != len(columns):
        raise ValueError("answer_grid: give one unique label per respondent")
    rows = [short_question(item, HEATMAP_LABEL_WIDTH) for item in checklist.items]
    by_key = {(a.respondent_id, a.item_id): a for a in answers}
    values, text, hover = [], [], []
    for item in checklist.items:
        v_row, t_row, h_row = [], [], []
        for resp, column in zip(respondents, columns, strict=True):
            answer = by_key.get((resp.id, item.id))
            if answer is None:
                value, shown, words = math.nan, OPEN_TEXT, "nog niet beantwoord"
            elif answer.kind == AnswerKind.SCORE:
                value, shown = float(answer.score), str(answer.score)
                words = f"{answer.score} – {checklist.scale_label(answer.score)}"
            elif answer.kind == AnswerKind.DONT_KNOW:
                value, shown, words = math.nan, DONT_KNOW_TEXT, checklist.dont_know_label
            else:
                value, shown, words = math.nan, NA_TEXT, checklist.na_label
            v_row.append(value)
            t_row.append(shown)
            h_row.append(f"<b>{column}</b> · vraag {item.number}<br>{wrap_lines(item.question)}<br>Antwoord: {words}")
        values.append(v_row)
        text.append(t_row)
        hover.append(h_row)
    index = pd.Index(rows, name="Vraag")
    return AnswerGrid(
        values=pd.DataFrame(values, index=index, columns=columns, dtype=float),
        text=pd.DataFrame(text, index=index, columns=columns),
        hover=pd.DataFrame(hover, index=index, columns=columns),
    )


def answer_heatmap(grid: AnswerGrid) -> go.Figure:
    """Heat map of the grid: colour 0-4, the answer written in every cell.

    Cells without a score ("?", "n.v.t.", "–") stay grey so they cannot be read as a 0.
    """
    n_rows, n_cols = grid.values.shape
    heatmap = go.Heatmap(
        z=grid.values.to_numpy(),
        x=list(grid.values.columns),
        y=list(grid.values.index),
        text=grid.text.to_numpy(),
        texttemplate="%{text}",
        textfont={"size": 13},
        customdata=grid.hover.to_numpy(),
        hovertemplate="%{customdata}<extra></extra>",
        zmin=0,
        zmax=MAX_SCORE,
        colorscale=ANSWER_COLORSCALE,
        xgap=2,
        ygap=2,
        # No colour bar: every cell shows its answer and the page explains the scale,
        # and a bar squeezed into a phone-wide chart is unreadable.
        showscale=False,
    )
    return go.Figure(
        [heatmap],
        layout(
            height=60 + 28 * max(n_rows, 1),
            xaxis={"side": "top", "fixedrange": True, "showgrid": False, "tickfont": {"size": 12}},
            yaxis={
                "autorange": "reversed", "fixedrange": True, "showgrid": False,
                "ticksuffix": " ", "tickfont": {"size": 12},
            },
            plot_bgcolor=COLOR_EMPTY_CELL,
        ),
    )  # fmt: skip


def wrap_lines(text: str, width: int = 60) -> str:
    """Break a long text into plotly lines (<br>) of about `width` characters."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return "<br>".join(lines)
