"""Anonymised sector comparison ("benchmark") for the national denktank.

Pure Python (stdlib + pydantic). The input is one `CorporationScores` per
corporation-round, already scored elsewhere; this module never sees respondents,
answers or names, and it never copies `org_key` into anything it returns.

Publication rules (every function takes `k`, the minimum group size, k >= 3):

1. A group (the sector, a segment, a year) is published only if it holds at least
   `k` corporations; otherwise it is suppressed: no numbers at all, only a reason.
2. Every statistic inside a published group (overall, a section, an item) is
   published only if at least `k` corporations in that group have a score for it.
3. Complementary suppression in segment tables: the total is published, so the
   suppressed segments together must hold either no corporations or at least `k`;
   otherwise the smallest published segment is suppressed as well, repeatedly.
   The same rule is applied to every statistic separately (counting corporations
   with a score), because the means are additive: n_total*mean_total minus
   sum(n_i*mean_i) over published segments gives the mean of the rest.
4. A segment table is offered only when at least two segments can be published.
5. Minimum, maximum and single values are never published; distributions are
   quartiles (statistics.quantiles, method="inclusive") and the mean; the trend
   publishes medians only. Published numbers are rounded to one decimal.
6. Small groups publish the median only. Q1, Q3 and the mean of a statistic, and the
   share at target of an item, need at least ``quartile_minimum(k)`` = max(2k, 8)
   corporations with a score; with k <= n < that, a distribution carries
   ``n_corporations`` and the median, ``q1``/``q3``/``mean`` are None and ``withheld``
   gives the reason, and the item share is withheld like a suppressed part. Own
   positions then compare with the median only. Why 2k and why 8: see the module
   doc of :mod:`readiness.services.sector` (rule 2).
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from readiness.config import MIN_GROUP_FLOOR
from readiness.models import SIZE_CLASSES

Score = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]
Metric = tuple[str, str]  # ("overall", "") | ("section", id) | ("item", id)

OVERALL: Metric = ("overall", "")
MOST_LACKING_COUNT = 5
#: Q1, Q3, means and shares never rest on fewer corporations than this (rule 6): with
#: 3 to 7 corporations Q1, median, Q3 and mean are linked so tightly that the published
#: figures, or a corporation that knows its own score, solve for other scores.
QUARTILE_FLOOR = 8
_TOLERANCE = 1e-9  # an item score of 74.99999999 (float noise) still counts as 75
_BY_LABEL = {"size_class": "grootteklasse", "region": "regio"}


# --------------------------------------------------------------------------- input


class CorporationScores(BaseModel):
    """The scores of one corporation for one (finalised) round."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    org_key: int  # internal only: used to keep one record per corporation, never output
    size_class: str
    region: str = Field(min_length=1)
    year: int = Field(ge=1900, le=2999)
    overall: Score | None
    sections: dict[str, Score | None] = Field(default_factory=dict)
    items: dict[str, Score | None] = Field(default_factory=dict)

    @field_validator("size_class")
    @classmethod
    def _known_size(cls, value: str) -> str:
        if value not in SIZE_CLASSES:
            raise ValueError(f"onbekende grootteklasse {value!r}")
        return value


# --------------------------------------------------------------------------- output


class Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Distribution(Frozen):
    """Quartiles and mean of the scores of `n_corporations` corporations (0-100).

    Below ``quartile_minimum(k)`` corporations only the median is published (rule 6):
    `q1`, `q3` and `mean` are None and `withheld` holds the Dutch reason.
    """

    n_corporations: int
    q1: float | None
    median: float
    q3: float | None
    mean: float | None
    withheld: str | None = None


class Quartiles(Frozen):
    """The sector's quartiles for an own position; median only below the minimum (rule 6)."""

    n_corporations: int
    q1: float | None
    median: float
    q3: float | None
    withheld: str | None = None


class ItemShare(Frozen):
    """Percentage (0-100) of corporations with a score whose item score is at target."""

    item_id: str
    n_corporations: int  # corporations with a score for this item
    share_at_target: float


class GroupStats(Frozen):
    """Statistics of one published group; withheld parts are listed in `suppressed_parts`.

    `suppressed_parts` maps "overall", "section:<id>" or "item:<id>" to a Dutch reason.
    """

    n_corporations: int | None = None
    overall: Distribution | None = None
    sections: dict[str, Distribution] = Field(default_factory=dict)
    items: dict[str, ItemShare] = Field(default_factory=dict)
    most_lacking: list[ItemShare] = Field(default_factory=list)
    suppressed_parts: dict[str, str] = Field(default_factory=dict)


class SectorSummary(GroupStats):
    k: int
    target_pct: float
    suppressed: bool = False
    reason: str | None = None


class SegmentRow(GroupStats):
    key: str  # "XS".."XL" or the region name; "totaal" for the total row
    label: str
    suppressed: bool = False
    reason: str | None = None


class SegmentTable(Frozen):
    by: Literal["size_class", "region"]
    k: int
    target_pct: float
    available: bool
    reason: str | None = None
    total: SegmentRow
    rows: list[SegmentRow]


class YearPoint(Frozen):
    year: int
    suppressed: bool = False
    reason: str | None = None
    n_corporations: int | None = None
    median_overall: float | None = None
    section_medians: dict[str, float] = Field(default_factory=dict)
    suppressed_parts: dict[str, str] = Field(default_factory=dict)


class ScorePosition(Frozen):
    own_score: float | None
    sector: Quartiles | None = None
    label: str | None = None
    reason: str | None = None


class OwnPosition(Frozen):
    k: int
    suppressed: bool = False
    reason: str | None = None
    n_corporations: int | None = None  # size of the comparison group, if published
    overall: ScorePosition
    sections: dict[str, ScorePosition] = Field(default_factory=dict)


# --------------------------------------------------------------------------- reasons


def _too_few(k: int) -> str:
    return f"Minder dan {k} corporaties: niet getoond om herkenbaarheid te voorkomen"


def _too_few_scored(k: int) -> str:
    return f"Minder dan {k} corporaties met een score: niet getoond om herkenbaarheid te voorkomen"


def median_only_reason(m: int) -> str:
    """Why Q1, Q3 and the mean of a statistic are withheld (fewer than `m` scored)."""
    return (
        f"Minder dan {m} corporaties met een score: alleen de mediaan. Kwartielen en "
        "gemiddelde niet getoond, omdat daaruit losse scores terug te rekenen zijn"
    )


def no_share_reason(m: int) -> str:
    """Why an item's share at target is withheld (fewer than `m` scored)."""
    return (
        f"Minder dan {m} corporaties met een score: geen aandeel op streefniveau, omdat "
        "daaruit af te leiden is hoe losse corporaties scoren"
    )


COMPLEMENTARY_REASON = (
    "Niet getoond omdat de waarden van een kleine groep anders uit het totaal "
    "terug te rekenen zouden zijn"
)


# --------------------------------------------------------------------------- helpers


def _check_k(k: int) -> None:
    if isinstance(k, bool) or not isinstance(k, int):
        raise ValueError(f"De minimale groepsgrootte moet een geheel getal zijn, niet {k!r}.")
    if k < MIN_GROUP_FLOOR:
        raise ValueError(
            f"De minimale groepsgrootte is {k}; die moet minstens {MIN_GROUP_FLOOR} zijn "
            "om corporaties niet herkenbaar te maken."
        )


def _check_target(target_pct: float) -> None:
    if not (isinstance(target_pct, int | float) and 0 <= target_pct <= 100):
        raise ValueError(f"Het streefpercentage {target_pct!r} moet tussen 0 en 100 liggen.")


def _one_per_corporation(records: Sequence[CorporationScores]) -> None:
    keys = [r.org_key for r in records]
    if len(set(keys)) != len(keys):
        # The key itself is deliberately not in the message.
        raise ValueError(
            "De vergelijkingsgroep bevat meer dan één meting van dezelfde corporatie; "
            "geef per corporatie één meting (zie latest_per_corporation en for_year)."
        )


def quartile_minimum(k: int) -> int:
    """Fewest corporations with a score for Q1, Q3, a mean or a share (rule 6)."""
    return max(2 * k, QUARTILE_FLOOR)


def _r(value: float) -> float:
    return round(value, 1)


def _value(record: CorporationScores, metric: Metric) -> float | None:
    kind, key = metric
    if kind == "overall":
        return record.overall
    if kind == "section":
        return record.sections.get(key)
    return record.items.get(key)


def _values(records: Iterable[CorporationScores], metric: Metric) -> list[float]:
    # One comprehension per kind (not _value per record): this runs over every record
    # of the sector for every metric, so the per-record cost matters at scale.
    kind, key = metric
    if kind == "overall":
        return [v for r in records if (v := r.overall) is not None]
    if kind == "section":
        return [v for r in records if (v := r.sections.get(key)) is not None]
    return [v for r in records if (v := r.items.get(key)) is not None]


def _metrics(records: Sequence[CorporationScores], *, with_items: bool = True) -> list[Metric]:
    """All metrics present, in first-seen order (the scorer emits checklist order)."""
    sections: dict[str, Any] = {}
    items: dict[str, Any] = {}
    for r in records:  # update() keeps the first-seen position of every key
        sections.update(r.sections)
        if with_items:
            items.update(r.items)
    return [OVERALL, *(("section", s) for s in sections), *(("item", i) for i in items)]


def _part_name(metric: Metric) -> str:
    kind, key = metric
    return kind if kind == "overall" else f"{kind}:{key}"


def _quartiles(values: list[float]) -> tuple[float, float, float]:
    q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return q1, median, q3


def _distribution(values: list[float], m: int) -> Distribution:
    """Quartiles and mean of `values`, or the median only below `m` values (rule 6)."""
    if len(values) < m:
        return Distribution(
            n_corporations=len(values),
            q1=None,
            median=_r(statistics.median(values)),
            q3=None,
            mean=None,
            withheld=median_only_reason(m),
        )
    q1, median, q3 = _quartiles(values)
    return Distribution(
        n_corporations=len(values),
        q1=_r(q1),
        median=_r(median),
        q3=_r(q3),
        mean=_r(statistics.fmean(values)),
    )


def _item_share(item_id: str, values: list[float], target_pct: float) -> ItemShare:
    threshold = target_pct - _TOLERANCE
    at_target = len([v for v in values if v >= threshold])
    return ItemShare(
        item_id=item_id,
        n_corporations=len(values),
        share_at_target=_r(100 * at_target / len(values)),
    )


def _group_stats(
    records: Sequence[CorporationScores],
    metrics: Sequence[Metric],
    k: int,
    target_pct: float,
    withheld: dict[Metric, str] | None = None,
    values_of: dict[Metric, list[float]] | None = None,
) -> dict[str, Any]:
    """Fields of a published `GroupStats`; a metric is withheld if fewer than k scored.

    `values_of` may hold the metric values of `records` already computed by the caller.
    """
    withheld = dict(withheld or {})
    m = quartile_minimum(k)
    overall: Distribution | None = None
    sections: dict[str, Distribution] = {}
    items: dict[str, ItemShare] = {}
    parts: dict[str, str] = {}
    for metric in metrics:
        values = values_of[metric] if values_of is not None else _values(records, metric)
        kind, key = metric
        if metric not in withheld and len(values) < k:
            withheld[metric] = _too_few_scored(k)
        elif metric not in withheld and kind == "item" and len(values) < m:
            withheld[metric] = no_share_reason(m)  # a share is a mean of 0/1 (rule 6)
        if metric in withheld:
            parts[_part_name(metric)] = withheld[metric]
            continue
        if kind == "overall":
            overall = _distribution(values, m)
        elif kind == "section":
            sections[key] = _distribution(values, m)
        else:
            items[key] = _item_share(key, values, target_pct)
    lacking = sorted(items.values(), key=lambda s: s.share_at_target)[:MOST_LACKING_COUNT]
    return {
        "n_corporations": len(records),
        "overall": overall,
        "sections": sections,
        "items": items,
        "most_lacking": lacking,
        "suppressed_parts": parts,
    }


def _complement(counts: dict[str, int], suppressed: set[str], k: int) -> set[str]:
    """Grow `suppressed` until its members hold 0 or >= k corporations together.

    While the suppressed segments hold between 1 and k-1 corporations, their values
    could be recovered from the published total minus the published siblings, so the
    smallest published segment (first in order on a tie) is suppressed as well.
    """
    result = set(suppressed)
    order = list(counts)
    while 0 < sum(counts[key] for key in result) < k:
        candidates = [key for key in order if key not in result]
        if not candidates:
            break  # everything is suppressed: the total itself then holds < k
        result.add(min(candidates, key=lambda key: (counts[key], order.index(key))))
    return result


# --------------------------------------------------------------------------- selection


def latest_per_corporation(records: Iterable[CorporationScores]) -> list[CorporationScores]:
    """The most recent record of every corporation (latest year; later in input wins a tie).

    The caller passes finalised rounds only, in chronological order.
    """
    latest: dict[int, CorporationScores] = {}
    for record in records:
        current = latest.get(record.org_key)
        if current is None or record.year >= current.year:
            latest[record.org_key] = record
    return list(latest.values())


def for_year(records: Iterable[CorporationScores], year: int) -> list[CorporationScores]:
    """One record per corporation for `year`: its latest round in that year."""
    return latest_per_corporation(r for r in records if r.year == year)


# --------------------------------------------------------------------------- summaries


def sector_summary(
    records: Sequence[CorporationScores], k: int, target_pct: float = 75.0
) -> SectorSummary:
    """Distribution of overall, section and item scores over all given corporations."""
    _check_k(k)
    _check_target(target_pct)
    records = list(records)
    _one_per_corporation(records)
    if len(records) < k:
        return SectorSummary(k=k, target_pct=target_pct, suppressed=True, reason=_too_few(k))
    stats = _group_stats(records, _metrics(records), k, target_pct)
    return SectorSummary(k=k, target_pct=target_pct, **stats)


def _segment_label(by: str, key: str) -> str:
    if by == "size_class":
        return f"{key} ({SIZE_CLASSES[key]})"
    return key


def segment_summary(
    records: Sequence[CorporationScores],
    by: Literal["size_class", "region"],
    k: int,
    target_pct: float = 75.0,
) -> SegmentTable:
    """Statistics per size class or region, with primary and complementary suppression."""
    _check_k(k)
    _check_target(target_pct)
    if by not in _BY_LABEL:
        raise ValueError(f"Onbekende indeling {by!r}: kies 'size_class' of 'region'.")
    records = list(records)
    _one_per_corporation(records)

    if by == "size_class":
        keys = list(SIZE_CLASSES)
    else:
        keys = sorted({r.region for r in records})
    groups: dict[str, list[CorporationScores]] = {key: [] for key in keys}
    for r in records:  # one pass (every record's size class is one of the keys)
        groups[getattr(r, by)].append(r)
    metrics = _metrics(records)
    # every metric's values per group, computed once (used for the counts and the stats)
    group_values = {key: {m: _values(groups[key], m) for m in metrics} for key in keys}

    # The groups split the records, and every statistic ignores the order of the values
    # (quantiles sort, fmean is exact, shares count), so the total reuses their values.
    total = _total_row(
        records, metrics, k, target_pct,
        {m: [v for key in keys for v in group_values[key][m]] for m in metrics},
    )  # fmt: skip

    # Rows: primary suppression (< k), then complementary suppression.
    counts = {key: len(groups[key]) for key in keys}
    primary = {key for key in keys if counts[key] < k}
    suppressed = _complement(counts, primary, k)
    published = [key for key in keys if key not in suppressed]

    if len(published) < 2:
        reason = (
            f"Vergelijking per {_BY_LABEL[by]} niet beschikbaar: er zijn minder dan twee "
            f"groepen met minstens {k} corporaties die getoond kunnen worden zonder "
            "corporaties herkenbaar te maken."
        )
        rows = [
            SegmentRow(key=key, label=_segment_label(by, key), suppressed=True, reason=reason)
            for key in keys
        ]
        return SegmentTable(
            by=by, k=k, target_pct=target_pct, available=False, reason=reason,
            total=total, rows=rows,
        )

    # Cells: the same rule per statistic, counting corporations with a score.
    withheld: dict[str, dict[Metric, str]] = {key: {} for key in published}
    for metric in metrics:
        scored = {key: len(group_values[key][metric]) for key in keys}
        small = {key for key in published if scored[key] < k}
        hidden = _complement(scored, suppressed | small, k)
        for key in published:
            if key in small:
                withheld[key][metric] = _too_few_scored(k)
            elif key in hidden:
                withheld[key][metric] = COMPLEMENTARY_REASON

    rows = []
    for key in keys:
        label = _segment_label(by, key)
        if key in suppressed:
            reason = _too_few(k) if key in primary else COMPLEMENTARY_REASON
            rows.append(SegmentRow(key=key, label=label, suppressed=True, reason=reason))
        else:
            stats = _group_stats(groups[key], metrics, k, target_pct, withheld[key], group_values[key])
            rows.append(SegmentRow(key=key, label=label, **stats))
    return SegmentTable(
        by=by, k=k, target_pct=target_pct, available=True, total=total, rows=rows
    )


def _total_row(
    records: list[CorporationScores],
    metrics: list[Metric],
    k: int,
    target_pct: float,
    values_of: dict[Metric, list[float]] | None = None,
) -> SegmentRow:
    if len(records) < k:
        return SegmentRow(key="totaal", label="Totaal", suppressed=True, reason=_too_few(k))
    return SegmentRow(
        key="totaal", label="Totaal", **_group_stats(records, metrics, k, target_pct, None, values_of)
    )


def sector_trend(records: Iterable[CorporationScores], k: int) -> list[YearPoint]:
    """Per year (one record per corporation): number of corporations and medians."""
    _check_k(k)
    by_year: dict[int, list[CorporationScores]] = {}
    for r in records:  # one pass, keeping the input order within each year
        by_year.setdefault(r.year, []).append(r)
    points = []
    for year in sorted(by_year):
        group = latest_per_corporation(by_year[year])  # = for_year(records, year)
        if len(group) < k:
            points.append(YearPoint(year=year, suppressed=True, reason=_too_few(k)))
            continue
        median_overall = None
        medians: dict[str, float] = {}
        parts: dict[str, str] = {}
        for metric in _metrics(group, with_items=False):
            kind, key = metric
            values = _values(group, metric)
            if len(values) < k:
                parts[_part_name(metric)] = _too_few_scored(k)
            elif kind == "overall":
                median_overall = _r(statistics.median(values))
            else:
                medians[key] = _r(statistics.median(values))
        points.append(
            YearPoint(
                year=year,
                n_corporations=len(group),
                median_overall=median_overall,
                section_medians=medians,
                suppressed_parts=parts,
            )
        )
    return points


# --------------------------------------------------------------------------- own position

POSITION_LABELS = (
    "onder het eerste kwartiel",
    "tussen Q1 en mediaan",
    "tussen mediaan en Q3",
    "boven het derde kwartiel",
)
#: Labels against the median alone, when the sector's quartiles are withheld (rule 6).
MEDIAN_POSITION_LABELS = ("op of onder de mediaan", "boven de mediaan")


def position_label(score: float, quartiles: Quartiles) -> str:
    """Dutch label for a (rounded) score against (rounded) sector quartiles.

    A score equal to a boundary falls in the lower band, except below Q1, which is strict.
    Without quartiles (rule 6) the label only says on which side of the median it is.
    """
    if quartiles.q1 is None or quartiles.q3 is None:
        return MEDIAN_POSITION_LABELS[0 if score <= quartiles.median else 1]
    if score < quartiles.q1:
        return POSITION_LABELS[0]
    if score <= quartiles.median:
        return POSITION_LABELS[1]
    if score <= quartiles.q3:
        return POSITION_LABELS[2]
    return POSITION_LABELS[3]


def own_position(
    own: CorporationScores, sector_records: Sequence[CorporationScores], k: int
) -> OwnPosition:
    """The corporation's own scores next to the sector quartiles (never others' values);
    next to the median only where the comparison group is small (rule 6).

    `sector_records` is the comparison group (one record per corporation; it may
    include the corporation itself).
    """
    _check_k(k)
    sector = list(sector_records)
    _one_per_corporation(sector)
    section_ids = list(dict.fromkeys([*own.sections, *(s for r in sector for s in r.sections)]))
    metrics: list[Metric] = [OVERALL, *(("section", s) for s in section_ids)]
    group_ok = len(sector) >= k

    positions: dict[Metric, ScorePosition] = {}
    for metric in metrics:
        own_value = _value(own, metric)
        own_score = None if own_value is None else _r(own_value)
        values = _values(sector, metric)
        if not group_ok:
            positions[metric] = ScorePosition(own_score=own_score, reason=_too_few(k))
            continue
        if len(values) < k:
            positions[metric] = ScorePosition(own_score=own_score, reason=_too_few_scored(k))
            continue
        dist = _distribution(values, quartile_minimum(k))
        quartiles = Quartiles(
            n_corporations=dist.n_corporations, q1=dist.q1, median=dist.median, q3=dist.q3,
            withheld=dist.withheld,
        )
        if own_score is None:
            positions[metric] = ScorePosition(
                own_score=None, sector=quartiles, reason="Geen eigen score"
            )
        else:
            positions[metric] = ScorePosition(
                own_score=own_score, sector=quartiles, label=position_label(own_score, quartiles)
            )
    return OwnPosition(
        k=k,
        suppressed=not group_ok,
        reason=None if group_ok else _too_few(k),
        n_corporations=len(sector) if group_ok else None,
        overall=positions[OVERALL],
        sections={key: positions[("section", key)] for key in section_ids},
    )


# --------------------------------------------------------------------------- public dicts


def _suppressed_entry(name: str, reason: str | None) -> dict[str, str]:
    return {"name": name, "reason": reason or ""}


def _stats_dict(stats: GroupStats) -> dict[str, Any]:
    return {
        "n_corporations": stats.n_corporations,
        "overall": None if stats.overall is None else stats.overall.model_dump(),
        "sections": {key: d.model_dump() for key, d in stats.sections.items()},
        "items": {
            key: {"n_corporations": s.n_corporations, "share_at_target": s.share_at_target}
            for key, s in stats.items.items()
        },
        "most_lacking": [s.model_dump() for s in stats.most_lacking],
        "suppressed": [_suppressed_entry(n, r) for n, r in stats.suppressed_parts.items()],
    }


def to_public_dict(
    obj: SectorSummary | SegmentTable | Sequence[YearPoint] | OwnPosition,
) -> dict[str, Any]:
    """JSON-ready dict. Suppressed groups and parts carry no numbers: they appear only
    by name, with their reason, under "suppressed"."""
    if isinstance(obj, SectorSummary):
        out: dict[str, Any] = {"kind": "sector_summary", "k": obj.k, "target_pct": obj.target_pct}
        if obj.suppressed:
            out["suppressed"] = [_suppressed_entry("sector", obj.reason)]
        else:
            out.update(_stats_dict(obj))
        return out
    if isinstance(obj, SegmentTable):
        out = {
            "kind": "segment_table",
            "by": obj.by,
            "k": obj.k,
            "target_pct": obj.target_pct,
            "available": obj.available,
        }
        if obj.total.suppressed:
            out["total"] = None
            out["total_suppressed"] = _suppressed_entry("totaal", obj.total.reason)
        else:
            out["total"] = _stats_dict(obj.total)
        if not obj.available:
            out["reason"] = obj.reason
            out["segments"] = []
            out["suppressed"] = [_suppressed_entry(row.key, obj.reason) for row in obj.rows]
            return out
        out["segments"] = [
            {"segment": row.key, "label": row.label, **_stats_dict(row)}
            for row in obj.rows
            if not row.suppressed
        ]
        out["suppressed"] = [
            _suppressed_entry(row.key, row.reason) for row in obj.rows if row.suppressed
        ]
        return out
    if isinstance(obj, OwnPosition):
        return {
            "kind": "own_position",
            "k": obj.k,
            "n_corporations": obj.n_corporations,
            "suppressed": obj.suppressed,
            "reason": obj.reason,
            "overall": obj.overall.model_dump(),
            "sections": {key: p.model_dump() for key, p in obj.sections.items()},
        }
    points = list(obj)
    if not all(isinstance(p, YearPoint) for p in points):
        raise TypeError(f"to_public_dict kent dit type niet: {type(obj).__name__}")
    return {
        "kind": "sector_trend",
        "years": [
            {
                "year": p.year,
                "n_corporations": p.n_corporations,
                "median_overall": p.median_overall,
                "section_medians": dict(p.section_medians),
                "suppressed": [_suppressed_entry(n, r) for n, r in p.suppressed_parts.items()],
            }
            for p in points
            if not p.suppressed
        ],
        "suppressed": [_suppressed_entry(str(p.year), p.reason) for p in points if p.suppressed],
    }


__all__ = [
    "COMPLEMENTARY_REASON",
    "CorporationScores",
    "Distribution",
    "GroupStats",
    "ItemShare",
    "MEDIAN_POSITION_LABELS",
    "OwnPosition",
    "POSITION_LABELS",
    "QUARTILE_FLOOR",
    "Quartiles",
    "ScorePosition",
    "SectorSummary",
    "SegmentRow",
    "SegmentTable",
    "YearPoint",
    "for_year",
    "latest_per_corporation",
    "median_only_reason",
    "no_share_reason",
    "own_position",
    "position_label",
    "quartile_minimum",
    "sector_summary",
    "sector_trend",
    "segment_summary",
    "to_public_dict",
]
