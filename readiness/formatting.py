"""The one rule for every score a person reads: pages, charts, PDF, Word, Excel.

Pure Python (standard library only), so the domain, the charts, the pages and every
export writer use the same functions and a figure has one value everywhere.

The rule (docs/score.md):

- a 0-100 score is shown as a whole number, **halves rounded up** (62.5 -> 63), computed
  on a :class:`~decimal.Decimal` so neither Python's ``round`` (to even: 62.5 -> 62) nor
  ``"%.0f"`` nor float noise (62.49999999 from a mean) can change it;
- a score just below a scale level (a multiple of 25, the possible targets) is never shown
  as that level: 74.6 reads 74, so a score that misses the target never looks like it;
- a change between two scores is the difference of the two **shown** numbers, so
  "62 -> 65 (+3)" always adds up;
- a 0-4 mean is shown with one decimal and a decimal comma (2,5), halves up;
- no score is a dash (–).

Exact values may travel in data files (Excel's ``score exact`` column) for people who
recompute; everything displayed goes through these functions.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import ROUND_HALF_UP, Decimal

#: Scale levels on 0-100 (0, 25, 50, 75, 100): a score below one is never shown as it.
LEVEL_STEP = 25
#: Digits kept before rounding, to drop float noise (62.49999999999999 is 62.5).
_NOISE = Decimal("0.000001")
#: A score this close below a level counts as at that level, as in the phase rule of
#: :func:`readiness.scoring.readiness_phase` (float noise of a mean, not a real gap).
LEVEL_TOLERANCE = 1e-9
DASH = "–"
MINUS = "−"  # a real minus sign for text; pages that feed st.metric pass "-"
ELLIPSIS = "…"


def _decimal(value: float) -> Decimal:
    return Decimal(value).quantize(_NOISE, rounding=ROUND_HALF_UP)


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def display_score(score: float) -> int:
    """A 0-100 score as the whole number people see (see the module doc)."""
    shown = int(_decimal(score).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if shown % LEVEL_STEP == 0 and score < shown - LEVEL_TOLERANCE:
        shown -= 1
    return shown


def shown_score(score: float | None) -> int | None:
    """:func:`display_score`, or None when there is no score (None or NaN)."""
    return None if _missing(score) else display_score(score)


def format_score(score: float | None) -> str:
    """A 0-100 score as text: ``"63"``, or a dash when there is no score."""
    return DASH if _missing(score) else str(display_score(score))


def score_delta(before: float | None, after: float | None) -> int | None:
    """The change between two scores as shown: shown(after) - shown(before), or None."""
    if _missing(before) or _missing(after):
        return None
    return display_score(after) - display_score(before)


def format_delta(delta: int | None, *, minus: str = MINUS) -> str:
    """A change in points with its sign: ``+4``, ``−3``, ``0``, or a dash."""
    if delta is None:
        return DASH
    if delta > 0:
        return f"+{delta}"
    if delta < 0:
        return f"{minus}{abs(delta)}"
    return "0"


def format_change(before: float | None, after: float | None, *, minus: str = MINUS) -> str:
    """:func:`format_delta` of :func:`score_delta`."""
    return format_delta(score_delta(before, after), minus=minus)


def format_mean(mean: float | None, decimals: int = 1) -> str:
    """A 0-4 mean with a decimal comma, halves up: ``2,5``; ``3`` stays ``3,0``; or a dash."""
    if _missing(mean):
        return DASH
    step = Decimal(1).scaleb(-decimals)
    text = str(_decimal(mean).quantize(step, rounding=ROUND_HALF_UP))
    return text.replace(".", ",")


#: The one colour for "at or above target" and the one for "below target", in the app,
#: its charts, the PDF and the Word report (blue and orange: apart for the common
#: colour-vision deficiencies; the meaning is always written beside it too).
AT_TARGET_COLOR = "#1f5fa8"
BELOW_TARGET_COLOR = "#d9822b"

MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip


def format_date(value: dt.date | dt.datetime | None, *, empty: str = DASH) -> str:
    """The one date format on pages and in documents: ``"10 mei 2026"`` (``empty`` for
    None). Only CSV and JSON carry ISO dates (2026-05-10), for machines."""
    if value is None:
        return empty
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def short_text(text: str, limit: int = 70) -> str:
    """``text`` on one line, at most ``limit`` characters, cut at a word boundary with "…".

    Never cuts inside a word: a single word longer than ``limit`` is kept whole."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    if text[limit - 1] != " " and " " in head:
        head = head.rsplit(" ", 1)[0]
    elif " " not in head:
        head = text.split(" ", 1)[0]
    return head.rstrip(" ,;:.") + ELLIPSIS


__all__ = [
    "AT_TARGET_COLOR",
    "BELOW_TARGET_COLOR",
    "DASH",
    "LEVEL_STEP",
    "display_score",
    "format_change",
    "format_date",
    "format_delta",
    "format_mean",
    "format_score",
    "score_delta",
    "short_text",
    "shown_score",
]
