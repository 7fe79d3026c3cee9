"""Static charts for the PDF and DOCX reports: matplotlib (Agg) -> PNG bytes.

Uses the object-oriented API (``Figure`` + the Agg canvas), never ``pyplot``: no global
state, safe in Streamlit's threads, no display needed.
"""

from __future__ import annotations

import io
import textwrap

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from readiness.formatting import format_score
from readiness.scoring import RoundResult, target_pct

# The report's palette (also used by pdf.py / docx.py).
INK = "#1f2a44"
MUTED = "#6b7280"
AT_TARGET = "#2f7d6d"
BELOW_TARGET = "#d08a2f"
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
    """Horizontal bars: each section's score (0-100) against the target line.

    Sections are drawn top to bottom in checklist order (the handreiking's build-up);
    bars at or above the target are green, below it amber. With ``previous`` the scores
    of the round before are shown as grey markers.
    """
    sections = result.sections
    goal = target_pct(result.target_level)
    height_in = 0.75 + 0.36 * len(sections)
    fig = Figure(figsize=(width_in, height_in), dpi=dpi, facecolor="white")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot(1, 1, 1)

    ys = list(range(len(sections)))[::-1]
    labels = [textwrap.fill(s.title, 24) for s in sections]
    values = [s.score or 0 for s in sections]
    colors = [AT_TARGET if (s.score or 0) >= goal - 1e-9 else BELOW_TARGET for s in sections]
    ax.barh(ys, values, height=0.58, color=colors, zorder=2)
    for y, section, (_, text) in zip(ys, sections, section_labels(result), strict=True):
        if section.score is None:
            ax.text(1.5, y, text, va="center", ha="left", fontsize=8, color=MUTED, zorder=3)
        else:
            ax.text(
                section.score + 1.5, y, text,
                va="center", ha="left", fontsize=8.5, color=INK, fontweight="bold", zorder=3,
            )  # fmt: skip

    if previous is not None:
        before = {s.section_id: s.score for s in previous.sections}
        points = [(before.get(s.section_id), y) for s, y in zip(sections, ys, strict=True)]
        points = [(x, y) for x, y in points if x is not None]
        if points:
            ax.scatter(
                [x for x, _ in points], [y for _, y in points], marker="|", s=260, linewidths=2.2,
                color=PREVIOUS, zorder=4,
            )  # fmt: skip

    ax.axvline(goal, color=INK, linestyle=(0, (4, 3)), linewidth=1, zorder=3)
    ax.set_yticks(ys, labels, fontsize=8.5, color=INK)
    ax.set_xlim(0, 108)
    ax.set_ylim(-0.6, len(sections) - 0.4)
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
    if previous is not None:
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

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, facecolor="white", pil_kwargs={"compress_level": 3})
    return buffer.getvalue()
