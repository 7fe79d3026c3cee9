"""The differentially private mechanisms of a sector publication, all from OpenDP.

Nothing here draws noise itself: every released number comes out of an OpenDP
measurement (``opendp==0.16.0``, pinned in pyproject.toml), and OpenDP's own secure
sampler draws the noise. There is no seed: a test cannot fix the noise, so the tests
check distributions with generous bounds instead.

The data handed in is one row per corporation (a tuple of text and float fields). All
statistics of one publication form ONE OpenDP composition (``make_composition``),
whose privacy map gives the publication's ρ (zero-concentrated DP, privacy unit: one
corporation, ``d_in = 1`` under the symmetric distance):

- **Histograms** (corporations per readiness phase, per segment and phase, per item
  category): ``make_count_by_categories`` (L2 sensitivity 1: a corporation falls in
  one category) followed by ``make_gaussian`` on integers, i.e. the discrete Gaussian.
  All categories of one histogram are released together for the price of one count.
- **Counts** (the number of corporations): ``make_count`` and the discrete Gaussian.
- **Quantiles** (Q1, median, Q3 of a score on the candidates 0, 1, ..., 100):
  ``make_private_quantile`` (the exponential mechanism over
  ``make_quantile_score_candidates``).

The one piece that is not OpenDP's own is how a column is taken from the rows:
``make_user_transformation`` with a row-by-row function (the value of one field of
each row; rows without a value are dropped). A row-by-row map and dropping rows never
increase the symmetric distance, so its stability map is the identity. OpenDP asks for
the "honest-but-curious" feature for any user transformation; that is the reason it is
enabled, and it is used for nothing else.

Accuracy (the "±" next to a figure) is OpenDP's ``discrete_gaussian_scale_to_accuracy``
for counts; for quantiles the rank error of the exponential mechanism with probability
95% (:func:`quantile_rank_error`), which is turned into score points in
:mod:`readiness.sector.rules`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy  # noqa: F401  (OpenDP converts through numpy: import it before any callback runs)
import opendp.prelude as dp

dp.enable_features("contrib", "honest-but-curious")

CANDIDATES = [float(c) for c in range(101)]
ALPHA = 0.05  # margins are 95% intervals (rules.CONFIDENCE)


@dataclass(frozen=True)
class HistogramSpec:
    name: str
    column: int
    categories: tuple[str, ...]
    weight: float


@dataclass(frozen=True)
class CountSpec:
    name: str
    weight: float


@dataclass(frozen=True)
class QuantileSpec:
    name: str
    column: int
    alpha: float
    weight: float


Spec = HistogramSpec | CountSpec | QuantileSpec


@dataclass(frozen=True)
class Released:
    """What OpenDP released, with the privacy spent and the accuracy of each statistic."""

    values: dict[str, list[int] | int | float]
    #: per statistic: ± of one released count (95%), or the rank error of a quantile
    accuracy: dict[str, float]
    scales: dict[str, float]
    rho: float
    epsilon: float
    delta: float

    def sum_accuracy(self, name: str, cells: int) -> float:
        """± (95%) of the sum of `cells` released counts of histogram `name`."""
        return count_accuracy(self.scales[name], cells)


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
    def function(records):
        out = []
        for r in records:
            text = r.split(SEPARATOR)[index]
            if text:
                out.append(min(100.0, max(0.0, float(text))))
        return out

    return dp.t.make_user_transformation(
        *_space(), dp.vector_domain(dp.atom_domain(T=float, nan=False)), dp.symmetric_distance(),
        function=function, stability_map=lambda d_in: d_in,
    )  # fmt: skip


def gaussian_scale(rho: float) -> float:
    """Scale of the discrete Gaussian that spends `rho` on an L2-sensitivity-1 query."""
    return 1.0 / math.sqrt(2.0 * rho)


def quantile_scale(rho: float) -> float:
    """Scale of a *median* that spends `rho` (OpenDP: ρ = 1 / (8 scale²)); the rank
    error of any quantile of that ρ is stated with it."""
    return 1.0 / math.sqrt(8.0 * rho)


def _measurement(spec: Spec, rho: float):
    if isinstance(spec, HistogramSpec):
        scale = gaussian_scale(rho)
        meas = (
            _text_column(spec.column)
            >> dp.t.then_count_by_categories(categories=list(spec.categories), MO=dp.L2Distance[int])
            >> dp.m.then_gaussian(scale)
        )
        return meas, scale
    if isinstance(spec, CountSpec):
        scale = gaussian_scale(rho)
        meas = dp.t.make_count(*_space(), TO=int) >> dp.m.then_gaussian(scale)
        return meas, scale
    # ρ grows as 1/scale²; its constant depends on alpha (OpenDP's score sensitivity),
    # so read it off OpenDP's own privacy map at scale 1 and solve for the scale.
    unit = _quantile(spec, 1.0).map(1)
    scale = math.sqrt(unit / rho)
    return _quantile(spec, scale), quantile_scale(rho)


def _quantile(spec: QuantileSpec, scale: float):
    return _score_column(spec.column) >> dp.m.then_private_quantile(
        dp.zero_concentrated_divergence(), candidates=CANDIDATES, alpha=spec.alpha, scale=scale
    )


def plan_cost(specs: Sequence[Spec], rho: float) -> tuple[list, dict[str, float], float]:
    """The composed measurement, its scales, and the ρ OpenDP's privacy map gives it."""
    total = sum(s.weight for s in specs)
    if not specs or total <= 0:
        raise ValueError("Een publicatie zonder cijfers kan niet worden gemaakt.")
    measurements, scales = [], {}
    for spec in specs:
        # a hair below the share, so rounding in the maps never tips the sum over ρ
        meas, scale = _measurement(spec, rho * spec.weight / total * (1 - 1e-9))
        measurements.append(meas)
        scales[spec.name] = scale
    composed = dp.c.make_composition(measurements)
    return composed, scales, composed.map(1)


def epsilon_of(rho: float, delta: float) -> float:
    """The (ε, δ)-DP guarantee that ρ-zCDP gives, as OpenDP converts it."""
    meas = dp.m.make_gaussian(dp.atom_domain(T=int), dp.absolute_distance(T=int), gaussian_scale(rho))
    epsilon, _ = dp.c.make_fix_delta(dp.c.make_zCDP_to_approxDP(meas), delta).map(1)
    return float(epsilon)


def release(
    rows: Sequence[Sequence[str | float | None]], specs: Sequence[Spec], rho: float, delta: float
) -> Released:
    """Release every statistic of `specs` over `rows` (one row per corporation) within ρ."""
    if rho <= 0:
        raise ValueError("Het privacybudget per publicatie (ρ) moet groter dan 0 zijn.")
    composed, scales, spent = plan_cost(specs, rho)
    if spent > rho * (1 + 1e-9):  # OpenDP's own accounting must agree with the split
        raise RuntimeError(f"OpenDP rekent ρ = {spent} voor deze publicatie, meer dan {rho}.")
    outputs = composed(encode(rows))
    values: dict[str, list[int] | int | float] = {}
    accuracy: dict[str, float] = {}
    for spec, out in zip(specs, outputs, strict=True):
        values[spec.name] = out
        scale = scales[spec.name]
        if isinstance(spec, QuantileSpec):
            accuracy[spec.name] = quantile_rank_error(scale)
        else:
            accuracy[spec.name] = float(dp.discrete_gaussian_scale_to_accuracy(scale, ALPHA))
    return Released(values, accuracy, scales, float(spent), epsilon_of(float(spent), delta), delta)


def quantile_rank_error(scale: float) -> float:
    """Ranks (95%) by which a released median can miss the true one.

    The exponential mechanism picks, with probability 1 - β, a candidate whose score is
    within scale·ln(candidates / β) of the best one. OpenDP scores a median candidate c
    as |#(x < c) - #(x > c)|, which changes by 2 per rank, hence the halving.
    """
    return scale * math.log(len(CANDIDATES) / ALPHA) / 2


def count_accuracy(scale: float, cells: int = 1) -> float:
    """± (95%) of a sum of `cells` released counts of one scale (sum of independent noise)."""
    return float(dp.discrete_gaussian_scale_to_accuracy(scale * math.sqrt(cells), ALPHA))
