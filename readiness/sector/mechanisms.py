"""The differentially private mechanisms of a sector publication, all from OpenDP.

Nothing here draws noise itself: every released number comes out of an OpenDP
measurement (``opendp==0.16.0``, pinned in pyproject.toml), and OpenDP's own secure
sampler draws the noise. There is no seed: a test cannot fix the noise, so the tests
check distributions with generous bounds instead.

The data handed in is one row per corporation (a tuple of text and float fields). A
publication is released in two steps (:mod:`readiness.sector.plan`): the number of
corporations (:func:`release_count`), then every chosen statistic in ONE OpenDP
composition (:func:`release`). Zero-concentrated DP composes adaptively, so the
publication's ρ is the sum of the two privacy maps. Each map is read at symmetric
distance 1 (a corporation added or removed: ρ) and 2 (one corporation's record changed,
which is a removal and an addition: 4ρ); both figures are published.

- **Histograms** (corporations per readiness phase, per segment and phase, per item
  category): ``make_count_by_categories`` (L2 sensitivity 1: a corporation falls in
  one category) followed by ``make_gaussian`` on integers, i.e. the discrete Gaussian.
  All categories of one histogram are released together for the price of one count.
- **Counts** (the number of corporations): ``make_count`` and the discrete Gaussian.
- **Quantiles** (median, Q1, Q3 of a score on the candidates 0, 1, ..., 100): the two
  ends of a 95% interval, each ``make_private_quantile`` (the exponential mechanism over
  ``make_quantile_score_candidates``) at a level just below and just above the
  quantile's own, far enough that each end misses with at most 2.5% (ties included).

The one piece that is not OpenDP's own is how a column is taken from the rows:
``make_user_transformation`` with a row-by-row function (the value of one field of
each row; rows without a value are dropped). A row-by-row map and dropping rows never
increase the symmetric distance, so its stability map is the identity. OpenDP asks for
the "honest-but-curious" feature for any user transformation; that is the reason it is
enabled, and it is used for nothing else.

Accuracy (the "±" next to a figure) is OpenDP's ``discrete_gaussian_scale_to_accuracy``
for counts (:func:`count_margin`); a quantile is shown as the middle of its interval
with half its width (plus one candidate step) as margin.
"""

from __future__ import annotations

import math
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy  # noqa: F401  (OpenDP converts through numpy: import it before any callback runs)
import opendp.prelude as dp

from readiness.sector.plan import CANDIDATE_STEP, JITTER, end_rank_error, quantile_offset

dp.enable_features("contrib", "honest-but-curious")

#: Quantile candidates: every CANDIDATE_STEP from -JITTER to 100 + JITTER (scores carry a
#: tie-breaking jitter of at most JITTER point; a released value is clamped to 0-100).
CANDIDATES = [-JITTER + c * CANDIDATE_STEP for c in range(int((100 + 2 * JITTER) / CANDIDATE_STEP) + 1)]
_TIE_BREAK = random.SystemRandom()
ALPHA = 0.05  # margins are 95% intervals (rules.CONFIDENCE)


@dataclass(frozen=True)
class Released:
    """What OpenDP released in one step, with the privacy it spent by OpenDP's own maps."""

    #: per statistic: a list of counts (histogram) or (low, high) ends of a quantile interval
    values: dict[str, Any]
    #: ρ for a corporation added or removed (symmetric distance 1)
    rho: float
    #: ρ for one corporation's record changed (symmetric distance 2: 4 times as much)
    rho_change: float


_SPACE = None


def _space():
    global _SPACE
    if _SPACE is None:
        _SPACE = (dp.vector_domain(dp.atom_domain(T=str)), dp.symmetric_distance())
    return _SPACE


SEPARATOR = "\x1f"


def encode(rows: Sequence[Sequence[str | float | None]]) -> list[str]:
    """Rows as the text records OpenDP reads (fields joined; None as empty)."""
    return [SEPARATOR.join("" if v is None else (repr(v) if isinstance(v, float) else str(v)) for v in row) for row in rows]


def _text_column(index: int):
    def function(records):
        return [r.split(SEPARATOR)[index] for r in records]

    return dp.t.make_user_transformation(
        *_space(), dp.vector_domain(dp.atom_domain(T=str)), dp.symmetric_distance(),
        function=function, stability_map=lambda d_in: d_in,
    )  # fmt: skip


def _score_column(index: int):
    """The scores of one field, each with a uniform jitter of at most :data:`JITTER` point.

    The jitter breaks ties (many corporations share a score, e.g. 75 on a one-question
    section): without it the exponential mechanism scores a tied value poorly and may
    release a value in the empty gap next to it, several points from the true quantile
    while within its rank error. With it, the candidates split every cluster, and a
    released quantile is within its rank error of the true one *and* within the jitter
    of its value. It is row by row (each row on its own), so the stability stays 1; it is
    no privacy noise (that is OpenDP's), and it does not need to be secret."""

    def function(records):
        out = []
        for r in records:
            text = r.split(SEPARATOR)[index]
            if text:
                out.append(min(100.0, max(0.0, float(text))) + _TIE_BREAK.uniform(-JITTER, JITTER))
        return out

    return dp.t.make_user_transformation(
        *_space(), dp.vector_domain(dp.atom_domain(T=float, nan=False)), dp.symmetric_distance(),
        function=function, stability_map=lambda d_in: d_in,
    )  # fmt: skip


def gaussian_scale(rho: float) -> float:
    """Scale of the discrete Gaussian that spends `rho` on an L2-sensitivity-1 query."""
    return 1.0 / math.sqrt(2.0 * rho)


def count_margin(rho: float, cells: int = 1) -> float:
    """± (95%) of one count released with `rho`, or of the sum of `cells` counts of one
    histogram released with `rho` (OpenDP's accuracy of the discrete Gaussian)."""
    return count_accuracy(gaussian_scale(rho), cells)


def quantile_rank_error(rho: float, beta: float, alpha: float = 0.5) -> float:
    """Ranks by which a quantile released with `rho` misses its level, with probability
    at least 1 - β. OpenDP's score moves 2 per rank and has sensitivity 2·max(α, 1-α)
    (read off its privacy map: ρ = sensitivity² / (8·scale²)); the exponential mechanism
    picks, with probability 1 - β, a candidate within scale·ln(candidates / β) of the
    best score. Ties cost at most one candidate step, added by the caller."""
    return max(alpha, 1 - alpha) * math.log(len(CANDIDATES) / beta) / math.sqrt(8.0 * rho)


def _histogram(column: int, categories: Sequence[str], rho: float):
    return (
        _text_column(column)
        >> dp.t.then_count_by_categories(categories=list(categories), MO=dp.L2Distance[int])
        >> dp.m.then_gaussian(gaussian_scale(rho))
    )


def _quantile(column: int, alpha: float, rho: float):
    # ρ = sensitivity² / (8 scale²) with sensitivity 2·max(α, 1-α) (OpenDP's map; the
    # composition's own map checks the total in prepare())
    def at(scale: float):
        return _score_column(column) >> dp.m.then_private_quantile(
            dp.zero_concentrated_divergence(), candidates=CANDIDATES, alpha=alpha, scale=scale
        )

    scale = max(alpha, 1 - alpha) / math.sqrt(2 * rho)
    meas = at(scale)
    actual = meas.map(1)  # OpenDP holds α as a fraction: its map may say a hair more
    return meas if actual <= rho else at(scale * math.sqrt(actual / rho) * (1 + 1e-9))


def release_count(rows: Sequence[Sequence[str | float | None]], rho: float) -> tuple[int, Released]:
    """Step 1: the number of corporations, with `rho`."""
    meas = dp.t.make_count(*_space(), TO=int) >> dp.m.then_gaussian(gaussian_scale(rho * (1 - 1e-9)))
    value = int(meas(encode(rows)))
    return value, Released({"n": value}, float(meas.map(1)), float(meas.map(2)))


def release(rows: Sequence[Sequence[str | float | None]], stats: Sequence[tuple[Any, float]], n_low: float) -> Released:
    """Step 2: every chosen statistic (a :class:`readiness.sector.plan.Stat` with its ρ)
    in ONE OpenDP composition (:func:`prepare`), run once over `rows`."""
    return prepare(stats, n_low)(rows)


def prepare(stats: Sequence[tuple[Any, float]], n_low: float):
    """The composed measurement of step 2 as a function of the rows (a simulation runs it
    many times). A quantile is released as the two ends of its interval: levels α ∓ the
    plan's offset at `n_low` (:func:`readiness.sector.plan.quantile_offset`)."""
    measurements, names = [], []
    fixed: dict[str, dict[str, float]] = {}
    for stat, rho in stats:
        rho = rho * (1 - 1e-9)  # a hair below the share, so rounding never tips the sum over ρ
        if stat.kind in ("histogram", "segments"):
            measurements.append(_histogram(stat.column, stat.categories, rho))
            names.append((stat.name, None))
            continue
        offset = quantile_offset(end_rank_error(stat, rho / 2, sys.modules[__name__]), n_low)
        for end, level in (("low", stat.alpha - offset), ("high", stat.alpha + offset)):
            if level <= 0 or level >= 1:  # the end is the bound of the scale: nothing to release
                fixed.setdefault(stat.name, {})[end] = 0.0 if level <= 0 else 100.0
            else:
                measurements.append(_quantile(stat.column, level, rho / 2))
                names.append((stat.name, end))
    if not measurements:
        raise ValueError("Een publicatie zonder cijfers kan niet worden gemaakt.")
    composed = dp.c.make_composition(measurements)
    spent, spent_change = float(composed.map(1)), float(composed.map(2))
    if spent > sum(r for _, r in stats) * (1 + 1e-9):  # OpenDP's own accounting must agree
        raise RuntimeError(f"OpenDP rekent ρ = {spent} voor deze publicatie, meer dan toegekend.")

    def run(rows: Sequence[Sequence[str | float | None]]) -> Released:
        outputs = composed(encode(rows))
        values: dict[str, Any] = {name: dict(ends) for name, ends in fixed.items()}
        for (name, end), out in zip(names, outputs, strict=True):
            if end is None:
                values[name] = [int(c) for c in out]
            else:
                values.setdefault(name, {})[end] = min(100.0, max(0.0, float(out)))  # post-processing
        return Released(values, spent, spent_change)

    return run


def epsilon_of(rho: float, delta: float) -> float:
    """The (ε, δ)-DP guarantee that ρ-zCDP gives, as OpenDP converts it."""
    meas = dp.m.make_gaussian(dp.atom_domain(T=int), dp.absolute_distance(T=int), gaussian_scale(rho))
    epsilon, _ = dp.c.make_fix_delta(dp.c.make_zCDP_to_approxDP(meas), delta).map(1)
    return float(epsilon)


def count_accuracy(scale: float, cells: int = 1) -> float:
    """± (95%) of a sum of `cells` released counts of one scale (sum of independent noise)."""
    return float(dp.discrete_gaussian_scale_to_accuracy(scale * math.sqrt(cells), ALPHA))
