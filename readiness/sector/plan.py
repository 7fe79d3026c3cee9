"""What a publication releases: the usefulness floor, decided before the noise is drawn.

A publication is released in two steps (OpenDP measurements, composed adaptively under
zero-concentrated DP, so their ρ add up to the publication's ρ):

1. the number of corporations, with ``COUNT_SHARE`` of ρ;
2. the parts that stay useful at that number, with the rest of ρ.

Between the two, :func:`decide` chooses the parts. The margin of every statistic is
known before its noise is drawn: it depends on ρ, the split over the chosen parts and
the number of corporations, and the number enters only as the *released* count minus
its margin (``n_low``). So the choice spends no privacy of its own. Parts are added in
order (headline; section medians; per question; quartiles; per size class; per region)
as long as every
chosen figure stays within its floor; a part that would not fit is withheld with one
Dutch sentence, and its budget goes to the parts that remain. A publication whose
headline (number of corporations, phases, median of the total score) does not fit is
refused, with the number of corporations it would need.

The floors (95% margins): a share at most ``SHARE_FLOOR`` percentage points; a count at
most ``COUNT_FLOOR`` of the count; a median or quartile at most ``SCORE_FLOOR`` score
points. A quantile's margin in score points depends on how the scores are spread, so it
is judged on ranks before the noise (``RANK_FLOOR``) and on score points after it (a
figure wider than the floor is then withheld: post-processing, no privacy cost).

Pure: no OpenDP here. The margins come from the functions of
:mod:`readiness.sector.mechanisms`, handed in as `mech`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

SHARE_FLOOR = 10.0
COUNT_FLOOR = 0.25
SCORE_FLOOR = 10.0
#: Before the noise a quantile is judged in ranks: its interval's ends may lie at most this
#: share of the corporations from its own level (a median: 0.15, so the interval stays
#: within about the 35th to the 65th percentile, which for usual spreads is within ± 10
#: points; a quartile, in the thinner tails: 0.10).
RANK_FLOOR = 0.15
QUARTILE_RANK_FLOOR = 0.10
#: The part of ρ that releases the number of corporations (step 1).
COUNT_SHARE = 0.15
#: A quantile's interval: each end misses with at most this probability (two ends: 95%).
END_BETA = 0.025
#: Scores get a uniform tie-breaking jitter of at most this many points before a quantile
#: (readiness.sector.mechanisms), and the quantile candidates are this far apart: a
#: released end is within both of the true quantile's value, added to every margin.
JITTER = 0.5
CANDIDATE_STEP = 0.25
QUANTILE_SLACK = JITTER + CANDIDATE_STEP

WITHHELD_SENTENCE = "te weinig corporaties voor een betrouwbaar cijfer"

HEADLINE = "headline"
SECTIONS = "sections"
ITEMS = "items"
QUARTILES = "quartiles"
SEGMENTS = "segments"
REGIONS = "regions"
PART_TITLES = {
    HEADLINE: "Aantal, fasen en mediaan van de totaalscore",
    SECTIONS: "Mediaan per onderdeel",
    ITEMS: "Cijfers per vraag",
    QUARTILES: "Kwartielen (Q1 en Q3)",
    SEGMENTS: "Per grootteklasse",
    REGIONS: "Per regio",
}


@dataclass(frozen=True)
class Stat:
    """One released figure: a histogram (shares/counts) or a quantile (with its interval)."""

    name: str
    kind: str  # "histogram", "segments" or "quantile"
    column: int
    weight: float
    categories: tuple[str, ...] = ()
    alpha: float = 0.5
    groups: int = 1  # segments: number of groups the categories are split in


@dataclass(frozen=True)
class Part:
    key: str
    stats: tuple[Stat, ...]

    @property
    def title(self) -> str:
        return PART_TITLES[self.key]


@dataclass(frozen=True)
class Decision:
    parts: tuple[Part, ...]
    withheld: tuple[str, ...]  # keys of parts not released
    n_low: float
    rho_rest: float


def n_low(n_released: float, margin: float) -> float:
    """The number of corporations the plan may count on: released minus its margin."""
    return max(0.0, n_released - margin)


def _weights(parts: Sequence[Part]) -> float:
    return sum(s.weight for p in parts for s in p.stats)


def end_rank_error(stat: Stat, rho: float, mech: Any) -> float:
    """Rank error (probability 1 - END_BETA) of one end of a quantile's interval released
    with `rho` (half the statistic's ρ). An end lies up to its rank floor further from the
    middle than the quantile itself, and the error grows with max(level, 1 - level)."""
    floor = RANK_FLOOR if stat.alpha == 0.5 else QUARTILE_RANK_FLOOR
    extreme = min(1.0, max(stat.alpha, 1 - stat.alpha) + floor)
    return mech.quantile_rank_error(rho, END_BETA, extreme)


def quantile_offset(rank_error: float, n: float) -> float:
    """How far below/above its level a quantile's interval ends are released (a share of
    the corporations): the end's own rank error plus one rank."""
    return (rank_error + 1.0) / n if n > 0 else math.inf


def predicted(stat: Stat, rho: float, n: float, mech: Any) -> bool:
    """Whether `stat`, released with `rho`, stays within its floor at `n` corporations."""
    if n <= 0:
        return False
    if stat.kind == "histogram":
        return 100.0 * mech.count_margin(rho) / n <= SHARE_FLOOR
    if stat.kind == "segments":
        # a group of twice the average size must have a useful size (margin of its cells' sum)
        cells = len(stat.categories) // stat.groups
        return mech.count_margin(rho, cells) <= COUNT_FLOOR * 2 * n / stat.groups
    floor = RANK_FLOOR if stat.alpha == 0.5 else QUARTILE_RANK_FLOOR
    return quantile_offset(end_rank_error(stat, rho / 2, mech), n) <= floor


def fits(parts: Sequence[Part], rho_rest: float, n: float, mech: Any) -> bool:
    total = _weights(parts)
    return all(predicted(s, rho_rest * s.weight / total, n, mech) for p in parts for s in p.stats)


def decide(parts: Sequence[Part], rho_rest: float, n: float, mech: Any) -> Decision | None:
    """The parts released at `n` (released count minus margin), or None when even the
    headline (the first part) does not fit."""
    if not fits(parts[:1], rho_rest, n, mech):
        return None
    chosen, withheld = [parts[0]], []
    for part in parts[1:]:
        if fits([*chosen, part], rho_rest, n, mech):
            chosen.append(part)
        else:
            withheld.append(part.key)
    return Decision(tuple(chosen), tuple(withheld), n, rho_rest)


def needed(parts: Sequence[Part], rho: float, mech: Any) -> int:
    """Fewest corporations (the released count) at which the headline fits."""
    rho_rest = rho * (1 - COUNT_SHARE)
    margin = mech.count_margin(rho * COUNT_SHARE)
    n = 1
    while not fits(parts[:1], rho_rest, n, mech) and n < 100_000:
        n = max(n + 1, int(n * 1.05))
    while n > 1 and fits(parts[:1], rho_rest, n - 1, mech):
        n -= 1
    return int(math.ceil(n + margin))


def split(decision: Decision) -> list[tuple[Stat, float]]:
    """Each chosen statistic with its ρ."""
    total = _weights(decision.parts)
    return [(s, decision.rho_rest * s.weight / total) for p in decision.parts for s in p.stats]


def what_gets(parts: Sequence[Part], rho: float, n: int, mech: Any) -> list[str]:
    """The parts a sector of `n` corporations gets (noise of the count left out), for the
    documentation's table."""
    decision = decide(parts, rho * (1 - COUNT_SHARE), n_low(n, mech.count_margin(rho * COUNT_SHARE)), mech)
    return [] if decision is None else [p.key for p in decision.parts]


class HeadlineNotUseful(ValueError):
    """The headline would not be useful: the publication is refused (Dutch message)."""
