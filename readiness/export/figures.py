"""Static charts for the PDF and DOCX reports: matplotlib (Agg) -> PNG bytes.

Uses the object-oriented API (``Figure`` + the Agg canvas), never ``pyplot``: no global
state, safe in Streamlit's threads, no display needed.
"""

from __future__ import annotations

import functools
import io
import textwrap
import threading

import numpy as np
import PIL.Image

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from readiness.formatting import AT_TARGET_COLOR, BELOW_TARGET_COLOR, format_score
from readiness.scoring import RoundResult, target_pct

# The report's palette (also used by pdf.py / docx.py).
INK = "#1f2a44"
MUTED = "#6b7280"
AT_TARGET = AT_TARGET_COLOR  # the one "at target" colour of app, charts, PDF and Word
BELOW_TARGET = BELOW_TARGET_COLOR
GRID = "#e5e7eb"
PREVIOUS = "#9aa3b2"


def section_labels(result: RoundResult) -> list[tuple[str, str]]:
    """(section title, the text at its bar): what the chart writes, also its alt text."""
    out = []
    for section in result.sections:
        if section.score is None:
            empty = "te weinig antwoorden (concept)" if section.section_id in result.withheld_sections else "geen score"
            out.append((section.title, empty))
        else:
            out.append((section.title, format_score(section.score)))
    return out


def section_alt_text(result: RoundResult) -> str:
    """"Score per onderdeel: Draagvlak 63; ..." (the picture's description in Word)."""
    return "Score per onderdeel (0–100): " + "; ".join(f"{t} {v}" for t, v in section_labels(result)) + "."


def section_chart(
    result: RoundResult,
    previous: RoundResult | None = None,
    *,
    width_in: float = 6.7,
    dpi: int = 150,
) -> bytes:
    """The chart of :func:`section_picture` as PNG bytes (for the Word report)."""
    buffer = io.BytesIO()
    picture = section_picture(result, previous, width_in=width_in, dpi=dpi)
    picture.save(buffer, format="png", compress_level=3, dpi=(dpi, dpi))
    return buffer.getvalue()


def section_picture(
    result: RoundResult,
    previous: RoundResult | None = None,
    *,
    width_in: float = 6.7,
    dpi: int = 150,
) -> PIL.Image.Image:
    """Horizontal bars: each section's score (0-100) against the target line, as an RGB picture.

    Sections are drawn top to bottom in checklist order (the handreiking's build-up);
    bars at or above the target are green, below it amber. With ``previous`` the scores
    of the round before are shown as grey markers. The PDF report places the picture
    as it is (no PNG to encode and decode again); the Word report takes it as PNG
    (:func:`section_chart`).

    Building and drawing a matplotlib figure costs far more than the few bars that differ
    between reports, so the figure is built and drawn once per process for each layout
    (the sections' titles, the target, with or without the previous round) without its
    bars, figures and markers. Per report only those are drawn, on a copy of that
    background (matplotlib's blitting), which gives the same pixels as drawing the whole
    figure (``export --all`` draws 300 of them: BENCHMARKS.md). A lock keeps two threads
    of the app from drawing on the same figure at once.
    """
    goal = target_pct(result.target_level)
    chart = _layout(tuple(s.title for s in result.sections), goal, previous is not None, width_in, dpi)
    with chart.lock:
        return chart.draw(result, previous, goal)


class _SectionChart:
    """One section chart's figure, built once; :meth:`draw` sets a report's values and saves it."""

    def __init__(self, titles: tuple[str, ...], goal: float, with_previous: bool, width_in: float, dpi: int) -> None:
        self.lock = threading.Lock()
        self.dpi = dpi
        height_in = 0.75 + 0.36 * len(titles)
        fig = self.fig = Figure(figsize=(width_in, height_in), dpi=dpi, facecolor="white")
        FigureCanvasAgg(fig)
        ax = fig.add_subplot(1, 1, 1)

        self.ys = ys = list(range(len(titles)))[::-1]
        self.bars = ax.barh(ys, [0] * len(titles), height=0.58, color=AT_TARGET, zorder=2).patches
        self.texts = [ax.text(1.5, y, "", va="center", ha="left", zorder=3) for y in ys]
        self.previous = None
        if with_previous:
            self.previous = ax.scatter(
                [0], [0], marker="|", s=260, linewidths=2.2, color=PREVIOUS, zorder=4,
            )  # fmt: skip

        goal_line = ax.axvline(goal, color=INK, linestyle=(0, (4, 3)), linewidth=1, zorder=3)
        ax.set_yticks(ys, [textwrap.fill(t, 24) for t in titles], fontsize=8.5, color=INK)
        ax.set_xlim(0, 108)
        ax.set_ylim(-0.6, len(titles) - 0.4)
        ax.set_xticks([0, 25, 50, 75, 100])
        ax.tick_params(axis="x", labelsize=7.5, colors=MUTED, length=0)
        ax.tick_params(axis="y", length=0)
        ax.grid(axis="x", color=GRID, linewidth=0.8, zorder=0)
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
        ax.spines["bottom"].set_color(GRID)
        ax.set_xlabel("score (0–100)", fontsize=7.5, color=MUTED)

        handles = [
            Patch(color=AT_TARGET, label="op of boven streefniveau"),
            Patch(color=BELOW_TARGET, label="onder streefniveau"),
            Line2D([], [], color=INK, linestyle=(0, (4, 3)), linewidth=1, label=f"streefniveau ({format_score(goal)})"),
        ]
        if with_previous:
            handles.append(
                Line2D([], [], color=PREVIOUS, marker="|", markersize=9, markeredgewidth=2.2, linestyle="none",
                       label="vorige meting")
            )  # fmt: skip
        fig.legend(
            handles=handles, loc="upper right", bbox_to_anchor=(0.98, 1.0), ncol=len(handles),
            fontsize=7, frameon=False, handlelength=1.6, columnspacing=1.2, borderaxespad=0.2,
        )  # fmt: skip
        # Fixed margins instead of tight_layout(): that would draw the figure twice.
        fig.subplots_adjust(left=0.25, right=0.98, top=1 - 0.32 / height_in, bottom=0.5 / height_in)

        # What differs per report is drawn per report, over a background drawn once. The
        # goal line is above the bars, so it is drawn again after them. Sorted as a full
        # drawing sorts them (by z-order, then in the order they were added).
        changing = [*self.bars, *self.texts, *([self.previous] if with_previous else []), goal_line]
        self.changing = sorted(changing, key=lambda artist: artist.get_zorder())
        for artist in self.changing:
            artist.set_animated(True)  # left out of a full drawing: that is the background
        self.background = None

    def draw(self, result: RoundResult, previous: RoundResult | None, goal: float) -> PIL.Image.Image:
        for bar, text, section, (_, label) in zip(
            self.bars, self.texts, result.sections, section_labels(result), strict=True
        ):
            score = section.score or 0
            bar.set_width(score)
            bar.set_facecolor(AT_TARGET if score >= goal - 1e-9 else BELOW_TARGET)
            if section.score is None:
                text.set(x=1.5, text=label, fontsize=8, color=MUTED, fontweight="normal")
            else:
                text.set(x=section.score + 1.5, text=label, fontsize=8.5, color=INK, fontweight="bold")
        if self.previous is not None:
            before = {s.section_id: s.score for s in previous.sections}
            points = [(before.get(s.section_id), y) for s, y in zip(result.sections, self.ys, strict=True)]
            self.previous.set_offsets([(x, y) for x, y in points if x is not None] or np.empty((0, 2)))
        canvas = self.fig.canvas
        if self.background is None:
            canvas.draw()
            self.background = canvas.copy_from_bbox(self.fig.bbox)
        canvas.restore_region(self.background)
        for artist in self.changing:
            self.fig.draw_artist(artist)
        width, height = canvas.get_width_height()
        # The figure is opaque (a white face), so the alpha channel carries nothing; the
        # conversion also copies the pixels out of the canvas that the next report reuses.
        return PIL.Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1).convert("RGB")


@functools.lru_cache(maxsize=16)
def _layout(titles: tuple[str, ...], goal: float, with_previous: bool, width_in: float, dpi: int) -> _SectionChart:
    return _SectionChart(titles, goal, with_previous, width_in, dpi)
