"""The denktank's anonymised sector comparison: use cases over :mod:`readiness.benchmark`.

Data flow: one query (``repo.final_round_means``: per final round the mean score per
item, summarised by the store when the round was finalised) -> one pass that turns
every final round into a
:class:`~readiness.benchmark.CorporationScores` record (item mean -> 0-100, section =
mean of its scored items, overall = mean of all scored items: the rules of
:mod:`readiness.scoring`) -> the pure functions of :mod:`readiness.benchmark`.
Nothing is queried per round. Draft rounds never count.

Which corporations count: the real ones. Demo corporations count only while the
database holds no final round of a real corporation and demo mode is on (so a fresh
installation shows a filled page, and demo data never mixes with real data).

Anonymisation rules, as published by this module (k = ``settings.min_group_size``,
never below 3; the rules of the benchmark module apply on top of these):

1. Every group (the sector, a segment, a year) and every statistic in it is published
   only with at least k corporations; otherwise only its name and the reason appear.
2. **Small groups publish the median only.** Q1 and Q3 of a score, the mean and an
   item's share at target are published only where at least m = max(2k, 8)
   corporations have a score (``benchmark.quartile_minimum``). A group or statistic
   with k <= n < m publishes ``n_corporations`` and the median; Q1 and Q3 are null,
   the mean and the item shares are absent, and the reason is given. This holds for
   the sector, every segment and the total row, each section separately (counting
   corporations with a score), and the own position (labelled against the median).
   Why (method "inclusive", scores sorted x0 <= ... <= x(n-1)):

   - With n = 3, Q1 = (x0+x1)/2, median = x1 and Q3 = (x1+x2)/2: anyone can solve
     all three scores. With n = 5 every quartile *is* a score, and the mean gives x0+x4.
   - A corporation knows its own score. With n = 4 or 5 that one more equation solves
     every other score of the group. With n = 6 the quartiles overlap
     (Q1 = .75x1+.25x2, median = (x2+x3)/2, Q3 = .25x3+.75x4), so knowing one of
     x1..x4 solves the other three; with n = 7 the quartiles and the mean fix x0+x6, so
     the lowest corporation knows the highest score. From n = 8 on, the published
     figures never fix the lowest or the highest score, and a corporation that knows
     its own score learns at most one score more than anyone can read off the quartiles
     themselves, never the lowest or highest (checked for every n from 8 to 80 in
     ``tests/unit/test_benchmark.py``). Hence the floor of 8.
   - Q1 is the middle of the lower half of a group and Q3 of the upper half; 2k makes
     each half as large as the smallest group that may be published at all, so the
     rule grows with the configured k.
   - The median alone is accepted from k on. With odd n it is one corporation's exact
     score, with even n the midpoint of two; it never says whose, it is never the
     lowest or highest, and with nothing else published about the group it solves
     for no other score (a member that knows its own score learns at most one other
     score, not whose). That much disclosure is inherent in publishing a middle at all,
     and the k rule bounds it. The same holds for the quartiles of a group of m or more
     that land exactly on a score (n = 9, 13, ...: three anonymous scores).
   - An item's share at target is the mean of "at target yes/no": in a small group it
     tells a member how many of the few others are at target (0% or 100%: all of
     them), so it follows the mean.
   - The trend publishes medians only (rule 7), so it is allowed from k on; its
     year medians equal the medians of the year views.
   - Not covered: the medians of two overlapping populations that differ by a few
     corporations (a year and the default view) can move by about one of those
     corporations' scores. That fixes no score and names no corporation, but the views
     guard (rule 6) withholds only means and shares, not medians.

3. The **whole sector** may publish means and, per item, the share of corporations at
   target (given m corporations, rule 2), because nothing smaller than the sector is
   published with means. The sector's mean gives the sum of all scores; it cannot be
   combined with a segment to isolate anyone, since segments publish no means and no
   sums, only medians and quartiles of at least k (rule 4).
4. **Segment tables** (size class, region) publish only ``n_corporations`` and the
   quartiles (Q1, median, Q3) of the overall and section scores: no means, no
   per-item shares. Two breakdowns of the same population can be subtracted from
   each other when both publish means (region Noord = the M corporations + one XS:
   n*mean(Noord) - n*mean(M) is that one XS corporation's score), and item shares are
   counts that subtract just as well. Quartiles do not add up.
5. **Cross-table guard**: a published region and a published size class may differ
   by no corporations or by at least k, both ways (|R - S| and |S - R| each 0 or >= k).
   Otherwise the region is suppressed (regions are the finer breakdown), followed by
   complementary suppression in the region table, until stable. Even quartiles of two
   groups that differ by one corporation give that corporation's score away.
6. **Views guard**: a year view and the default view ("laatste meting per
   corporatie") publish means and shares of overlapping populations. When the two
   differ by 1..k-1 corporation-rounds (either way), the year view publishes no means
   and no item shares, only ``n_corporations`` and quartiles.
7. The sector trend publishes medians per year only; years below k are listed as
   suppressed.
8. No names, slugs, organisation ids or round ids leave this module; the benchmark
   records carry the organisation id as an internal key only, and the public output
   is built from scratch here, field by field.
"""

from __future__ import annotations

import csv
import gc
import io
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal

from openpyxl import Workbook
from openpyxl.styles import Font

from readiness import benchmark
from readiness.access import Permission
from readiness.benchmark import CorporationScores, ItemShare, OwnPosition, YearPoint
from readiness.models import Checklist
from readiness.scoring import target_pct
from readiness.services import App, authorise

SegmentBy = Literal["size_class", "region"]
BREAKDOWNS: dict[str, str] = {"size_class": "grootteklasse", "region": "regio"}
EXPORT_FORMATS = ("json", "csv", "xlsx")
LATEST_LABEL = "Laatste meting per corporatie"

CROSS_TABLE_REASON = (
    "Niet getoond omdat deze regio te weinig verschilt van een getoonde grootteklasse: "
    "door de twee af te trekken zou een corporatie herkenbaar worden"
)
VIEWS_REASON = (
    "Gemiddelden en aandelen per vraag zijn voor dit jaar niet getoond: de groep verschilt "
    "te weinig van de weergave 'laatste meting per corporatie', zodat aftrekken een "
    "corporatie herkenbaar zou maken. Alleen aantallen en kwartielen staan hier."
)

RULES_TEXT: tuple[str, ...] = (
    "Een groep of cijfer wordt alleen getoond als minstens k corporaties meetellen; "
    "anders staat alleen de naam met de reden.",
    "Een kleine groep (minder dan 2k corporaties met een score, of minder dan 8) "
    "toont alleen de mediaan: geen eerste en derde kwartiel, geen gemiddelde en geen "
    "aandeel op streefniveau. Uit kwartielen en gemiddelde van zo weinig corporaties zijn "
    "losse scores terug te rekenen (bij drie corporaties geven Q1, mediaan en Q3 alle "
    "drie de scores).",
    "Alleen de hele sector toont gemiddelden en per vraag het aandeel corporaties op "
    "streefniveau, en alleen als die groot genoeg is.",
    "Tabellen per grootteklasse en per regio tonen alleen het aantal corporaties en de "
    "kwartielen (Q1, mediaan, Q3): geen gemiddelden, zodat twee indelingen niet van "
    "elkaar kunnen worden afgetrokken.",
    "Een regio die minder dan k corporaties verschilt van een getoonde grootteklasse wordt "
    "niet getoond; daarna worden zo nodig meer regio's verborgen, zodat ook het totaal "
    "niets terugrekent.",
    "Een jaar dat minder dan k corporaties verschilt van de weergave 'laatste meting per "
    "corporatie' toont geen gemiddelden en geen aandelen per vraag.",
    "De trend per jaar toont alleen medianen.",
    "Namen, korte namen en nummers van corporaties komen nergens voor; minimum, maximum "
    "en losse scores worden nooit getoond.",
)


# --------------------------------------------------------------------------- records


def build_records(checklist: Checklist, rows: Iterable[Any]) -> list[CorporationScores]:
    """One record per final round, in chronological order (date, then round id).

    `rows` are :class:`readiness.store.RoundMeans` (or anything with the same fields:
    one per round, ``item_ids`` and the aligned 0-4 ``means``); the scoring rules are
    those of :func:`readiness.scoring.score_round`. Items that are not in the current
    checklist are left out. This runs once per final round of the whole sector (24,000
    at ten times the Dutch sector), so it is written as one tight loop.
    """
    rows = list(rows)
    item_order = [item.id for item in checklist.items]
    # the sections as slices of item_order (the checklist lists items section by section)
    spans, start = [], 0
    for section in checklist.sections:
        spans.append((section.id, start, start + len(section.items)))
        start += len(section.items)
    # per distinct list of answered items: where each checklist item sits in it
    positions: dict[tuple[str, ...], list[int]] = {}
    last_ids: tuple[str, ...] | None = None
    where: list[int] = []
    records: list[CorporationScores] = []
    previous: tuple[Any, int] | None = None
    in_order = True
    for row in rows:
        key = (row.round_date, row.round_id)
        if previous is not None and key < previous:
            in_order = False
        previous = key
        if row.item_ids is not last_ids:
            last_ids = row.item_ids
            where = positions.get(last_ids)
            if where is None:
                index = {item_id: i for i, item_id in enumerate(last_ids)}
                where = positions[last_ids] = [index.get(item_id, -1) for item_id in item_order]
        means = [*row.means, None]  # position -1: not answered
        # item mean (0-4) -> 0-100, as scoring.to_pct (x / 4 * 100 == x * 25 exactly)
        scores = [None if (mean := means[i]) is None else mean * 25.0 for i in where]
        # No clamping needed: means of 0-4 scores give 0-100 exactly, and so do means of
        # those; a value outside 0..100 (a damaged database) fails the record's validation.
        scored = scores if None not in scores else [x for x in scores if x is not None]
        if scored is scores:  # the usual case: every item has a score
            by_section = {sid: sum(scores[a:b]) / (b - a) for sid, a, b in spans}
        else:
            by_section = {}
            for sid, a, b in spans:
                part = [x for x in scores[a:b] if x is not None]
                by_section[sid] = sum(part) / len(part) if part else None
        overall = sum(scored) / len(scored) if scored else None
        records.append(CorporationScores(
            org_key=row.org_id,
            size_class=row.size_class,
            region=row.region,
            year=row.round_date.year,
            overall=overall,
            sections=by_section,
            items=dict(zip(item_order, scores)),
        ))  # fmt: skip
    if not in_order:  # the store delivers them in order; anything else is sorted here
        order = sorted(range(len(records)), key=lambda i: (rows[i].round_date, rows[i].round_id))
        records = [records[i] for i in order]
    return records


@dataclass(frozen=True)
class SectorRecords:
    """The scored final rounds of the sector; `demo` says they are demo corporations."""

    records: list[CorporationScores]
    demo: bool
    # populations worked out once per SectorRecords (every view needs the same ones)
    _groups: dict[int | None, list[CorporationScores]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @property
    def years(self) -> list[int]:
        return sorted({r.year for r in self.records})

    def latest(self) -> list[CorporationScores]:
        """Each corporation's latest final round (benchmark.latest_per_corporation)."""
        if None not in self._groups:
            self._groups[None] = benchmark.latest_per_corporation(self.records)
        return self._groups[None]

    def of_year(self, year: int) -> list[CorporationScores]:
        """Each corporation's latest final round in `year` (benchmark.for_year)."""
        if year not in self._groups:
            self._groups[year] = benchmark.for_year(self.records, year)
        return self._groups[year]


def load_records(app: App) -> SectorRecords:
    """All final rounds as benchmark records: one aggregate query, one pass.

    Real corporations only; demo corporations when there are no real ones yet and
    demo mode is on (see the module doc).
    """
    authorise(app, Permission.SECTOR_READ)
    with _collector_paused():
        rows = app.repo.final_round_means(exclude_demo=True)
        demo = False
        if not rows and app.settings.demo:
            rows = app.repo.final_round_means()
            demo = bool(rows)
        return SectorRecords(build_records(app.checklist, rows), demo)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Build many small objects without Python's cycle collector in between.

    Loading the sector creates about a million objects that all stay alive (dicts of
    item scores); every few thousand of them the collector would walk the whole growing
    heap again, which cost as much as the work itself at ten times the sector. None of
    these objects form cycles, so nothing is left for the collector afterwards.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def data_version(app: App) -> str:
    """Changes whenever the sector's final rounds change (cheap: one indexed count).

    Use it as a cache key for anything derived from :func:`load_records`, so a round
    that is finalised or reopened shows at once."""
    authorise(app, Permission.SECTOR_READ)
    return app.repo.final_rounds_fingerprint()


def _records(app: App, records: SectorRecords | None) -> SectorRecords:
    authorise(app, Permission.SECTOR_READ)  # also when the caller brings the records
    return load_records(app) if records is None else records


def _k(app: App) -> int:
    return app.settings.min_group_size


def _target(app: App) -> float:
    return target_pct(app.settings.target_level)


def _population(records: SectorRecords, year: int | None) -> list[CorporationScores]:
    """One record per corporation: its latest final round, or its latest in `year`."""
    if year is None:
        return records.latest()
    if year not in records.years:
        raise ValueError(
            f"Er zijn geen afgeronde metingen in {year}. "
            f"Kies een van deze jaren: {', '.join(map(str, records.years)) or 'geen'}."
        )
    return records.of_year(year)


def selection_label(year: int | None) -> str:
    return LATEST_LABEL if year is None else f"Metingen in {year}"


# --------------------------------------------------------------------------- sector view


def small_group_reason(m: int) -> str:
    """Why a small selection shows the median only (rule 2), for the page and exports."""
    return (
        f"Deze selectie telt minder dan {m} corporaties: alleen de mediaan wordt getoond, "
        "geen kwartielen, geen gemiddelden en geen aandelen per vraag, omdat daaruit losse "
        "scores van corporaties terug te rekenen zijn."
    )


def quartile_minimum(k: int) -> int:
    """Fewest corporations with a score for Q1, Q3, a mean or a share (rule 2)."""
    return benchmark.quartile_minimum(k)


def median_only_explanation(m: int) -> str:
    """The page's explanation wherever quartiles are withheld (rule 2)."""
    return (
        f"Bij 'alleen mediaan' tellen minder dan {m} corporaties mee. Dan staan er geen eerste en derde "
        "kwartiel en geen gemiddelde: uit die cijfers samen zijn bij zo weinig corporaties losse scores "
        "terug te rekenen. De mediaan alleen verraadt geen corporatie."
    )


@dataclass(frozen=True)
class Spread:
    """Quartiles of the scores of `n_corporations` corporations; the mean only where
    the rules allow it (the whole sector). In a small group (rule 2) only the median:
    `q1` and `q3` are None and `withheld` says why."""

    n_corporations: int
    q1: float | None
    median: float
    q3: float | None
    mean: float | None = None
    withheld: str | None = None


@dataclass(frozen=True)
class SectorView:
    selection: str
    year: int | None
    k: int
    target_pct: float
    demo: bool
    suppressed: bool
    reason: str | None = None
    n_corporations: int | None = None
    overall: Spread | None = None
    sections: dict[str, Spread] = field(default_factory=dict)
    items: dict[str, ItemShare] = field(default_factory=dict)
    most_lacking: list[ItemShare] = field(default_factory=list)
    suppressed_parts: dict[str, str] = field(default_factory=dict)
    means_withheld: str | None = None  # reason when means and item shares are withheld


def _spread(dist: benchmark.Distribution | None, with_mean: bool) -> Spread | None:
    if dist is None:
        return None
    return Spread(
        n_corporations=dist.n_corporations,
        q1=dist.q1,
        median=dist.median,
        q3=dist.q3,
        mean=dist.mean if with_mean else None,
        withheld=dist.withheld,
    )


def _views_guard(records: SectorRecords, year: int | None, k: int) -> str | None:
    """Reason to withhold means/shares in a year view (rule 5), or None."""
    if year is None:
        return None
    latest = records.latest()
    latest_year = {r.org_key: r.year for r in latest}
    only_latest = sum(1 for r in latest if r.year != year)
    only_year = sum(1 for r in records.of_year(year) if latest_year[r.org_key] != year)
    if 0 < only_latest < k or 0 < only_year < k:
        return VIEWS_REASON
    return None


def sector_view(app: App, year: int | None = None, *, records: SectorRecords | None = None) -> SectorView:
    """The whole sector: latest final round per corporation (default) or one year."""
    records = _records(app, records)
    k, goal = _k(app), _target(app)
    population = _population(records, year)
    summary = benchmark.sector_summary(population, k, goal)
    base = {
        "selection": selection_label(year),
        "year": year,
        "k": k,
        "target_pct": goal,
        "demo": records.demo,
    }
    if summary.suppressed:
        return SectorView(**base, suppressed=True, reason=summary.reason)
    m = benchmark.quartile_minimum(k)
    # rule 2 (a small selection: no means, no shares), else rule 6 (the views guard)
    withheld = small_group_reason(m) if summary.n_corporations < m else _views_guard(records, year, k)
    with_mean = withheld is None
    parts = dict(summary.suppressed_parts)
    if withheld:
        parts = {name: reason for name, reason in parts.items() if not name.startswith("item:")}
    return SectorView(
        **base,
        suppressed=False,
        n_corporations=summary.n_corporations,
        overall=_spread(summary.overall, with_mean),
        sections={key: _spread(d, with_mean) for key, d in summary.sections.items()},
        items=dict(summary.items) if with_mean else {},
        most_lacking=list(summary.most_lacking) if with_mean else [],
        suppressed_parts=parts,
        means_withheld=withheld,
    )


# --------------------------------------------------------------------------- segments


@dataclass(frozen=True)
class SegmentQuartiles:
    """One row of a segment table: only counts and quartiles (rule 3)."""

    key: str
    label: str
    suppressed: bool
    reason: str | None = None
    n_corporations: int | None = None
    overall: Spread | None = None
    sections: dict[str, Spread] = field(default_factory=dict)
    suppressed_parts: dict[str, str] = field(default_factory=dict)
    #: why a row is hidden: "too_few" (< k), "complementary", "cross_table" or "unavailable"
    suppression: str | None = None


@dataclass(frozen=True)
class SegmentView:
    by: SegmentBy
    selection: str
    k: int
    available: bool
    reason: str | None
    total: SegmentQuartiles
    rows: list[SegmentQuartiles]

    @property
    def published(self) -> list[SegmentQuartiles]:
        return [row for row in self.rows if not row.suppressed]


def _too_few(k: int) -> str:
    return f"Minder dan {k} corporaties: niet getoond om herkenbaarheid te voorkomen"


def _quartile_row(row: benchmark.SegmentRow) -> SegmentQuartiles:
    if row.suppressed:
        code = "complementary" if row.reason == benchmark.COMPLEMENTARY_REASON else "too_few"
        return SegmentQuartiles(
            key=row.key, label=row.label, suppressed=True, reason=row.reason, suppression=code
        )
    return SegmentQuartiles(
        key=row.key,
        label=row.label,
        suppressed=False,
        n_corporations=row.n_corporations,
        overall=_spread(row.overall, with_mean=False),
        sections={key: _spread(d, with_mean=False) for key, d in row.sections.items()},
        suppressed_parts={
            name: reason for name, reason in row.suppressed_parts.items() if not name.startswith("item:")
        },
    )


def _suppress(row: SegmentQuartiles, reason: str, code: str) -> SegmentQuartiles:
    return SegmentQuartiles(key=row.key, label=row.label, suppressed=True, reason=reason, suppression=code)


def _unavailable(by: str, k: int) -> str:
    return (
        f"Vergelijking per {BREAKDOWNS[by]} niet beschikbaar: er zijn minder dan twee "
        f"groepen met minstens {k} corporaties die getoond kunnen worden zonder "
        "corporaties herkenbaar te maken."
    )


def guard_cross_tables(
    size_rows: list[SegmentQuartiles],
    region_rows: list[SegmentQuartiles],
    members: dict[tuple[str, str], set[int]],
    k: int,
) -> list[SegmentQuartiles]:
    """Rule 4: suppress regions that differ from a published size class by 1..k-1
    corporations (either way), then complete the suppression in the region table.

    `members[(by, key)]` holds the corporations of each segment. Returns the new
    region rows; the size rows are left as they are.
    """
    rows = list(region_rows)
    published_sizes = [members[("size_class", r.key)] for r in size_rows if not r.suppressed]
    while True:
        changed = False
        for index, row in enumerate(rows):
            if row.suppressed:
                continue
            region = members[("region", row.key)]
            for size in published_sizes:
                a, b = len(region - size), len(size - region)
                if 0 < a < k or 0 < b < k:
                    rows[index] = _suppress(row, CROSS_TABLE_REASON, "cross_table")
                    changed = True
                    break
        # complementary suppression: hidden regions together hold 0 or >= k corporations
        hidden = sum(len(members[("region", r.key)]) for r in rows if r.suppressed)
        shown = [(len(members[("region", r.key)]), i) for i, r in enumerate(rows) if not r.suppressed]
        if 0 < hidden < k and shown:
            _, index = min(shown)
            rows[index] = _suppress(rows[index], benchmark.COMPLEMENTARY_REASON, "complementary")
            changed = True
        if not changed:
            return rows


def segment_views(
    app: App, year: int | None = None, *, records: SectorRecords | None = None
) -> dict[str, SegmentView]:
    """Both segment tables (size class and region) of the chosen population, guarded
    against each other (rules 3 and 4)."""
    records = _records(app, records)
    k, goal = _k(app), _target(app)
    population = _population(records, year)
    members: dict[tuple[str, str], set[int]] = defaultdict(set)
    for r in population:
        members[("size_class", r.size_class)].add(r.org_key)
        members[("region", r.region)].add(r.org_key)

    tables = {by: benchmark.segment_summary(population, by, k, goal) for by in BREAKDOWNS}
    rows = {
        by: [_quartile_row(row) for row in table.rows] if table.available else None
        for by, table in tables.items()
    }
    if rows["region"] is not None:
        sizes = rows["size_class"] or []
        rows["region"] = guard_cross_tables(sizes, rows["region"], members, k)

    views = {}
    for by, table in tables.items():
        total = _quartile_row(table.total)
        own_rows = rows[by]
        if own_rows is None or sum(1 for r in own_rows if not r.suppressed) < 2:
            reason = table.reason or _unavailable(by, k)
            hidden = [
                SegmentQuartiles(key=r.key, label=r.label, suppressed=True, reason=_too_few(k), suppression="too_few")
                if len(members[(by, r.key)]) < k
                else SegmentQuartiles(key=r.key, label=r.label, suppressed=True, reason=reason, suppression="unavailable")
                for r in table.rows
            ]
            views[by] = SegmentView(by, selection_label(year), k, False, reason, total, hidden)
        else:
            views[by] = SegmentView(by, selection_label(year), k, True, None, total, own_rows)
    return views


def segments(
    app: App, by: SegmentBy, year: int | None = None, *, records: SectorRecords | None = None
) -> SegmentView:
    """One segment table; both are computed, because each guards the other."""
    authorise(app, Permission.SECTOR_READ)
    if by not in BREAKDOWNS:
        raise ValueError(f"Onbekende indeling {by!r}: kies 'size_class' of 'region'.")
    return segment_views(app, year, records=records)[by]


# --------------------------------------------------------------------------- trend, own position


def trend(app: App, *, records: SectorRecords | None = None) -> list[YearPoint]:
    """Per year: number of corporations and medians (suppressed years included, marked)."""
    return benchmark.sector_trend(_records(app, records).records, _k(app))


@dataclass(frozen=True)
class OwnView:
    """A corporation's own latest final round against the sector quartiles."""

    available: bool
    reason: str | None = None
    year: int | None = None
    position: OwnPosition | None = None


def own_position(app: App, org_id: int, *, records: SectorRecords | None = None) -> OwnView:
    """The corporation's latest final round vs the sector (latest round per corporation).

    Only the corporation's own values and the sector's quartiles: never another
    corporation's values.
    """
    authorise(app, Permission.ORG_READ, org_id=org_id)
    records = _records(app, records)
    own = [r for r in records.records if r.org_key == org_id]
    if not own:
        return OwnView(
            available=False,
            reason="Deze corporatie heeft nog geen afgeronde meting die in de sectorvergelijking meetelt.",
        )
    latest = own[-1]  # records are chronological
    group = records.latest()
    return OwnView(
        available=True, year=latest.year, position=benchmark.own_position(latest, group, _k(app))
    )


# --------------------------------------------------------------------------- export


def _spread_dict(spread: Spread | None) -> dict[str, Any] | None:
    """n, q1, median, q3 (null when withheld, with ``quartiles_withheld``), mean if allowed."""
    if spread is None:
        return None
    out: dict[str, Any] = {
        "n_corporations": spread.n_corporations, "q1": spread.q1, "median": spread.median, "q3": spread.q3,
    }
    if spread.mean is not None:
        out["mean"] = spread.mean
    if spread.withheld:
        out["quartiles_withheld"] = spread.withheld
    return out


def _hidden(name: str, reason: str | None) -> dict[str, str]:
    return {"name": name, "reason": reason or ""}


def _sector_dict(view: SectorView) -> dict[str, Any]:
    if view.suppressed:
        return {"suppressed": [_hidden("sector", view.reason)]}
    out: dict[str, Any] = {
        "n_corporations": view.n_corporations,
        "overall": _spread_dict(view.overall),
        "sections": {key: _spread_dict(s) for key, s in view.sections.items()},
    }
    if view.means_withheld:
        out["means_withheld"] = view.means_withheld
    else:
        out["items"] = {
            key: {"n_corporations": s.n_corporations, "share_at_target": s.share_at_target}
            for key, s in view.items.items()
        }
        out["most_lacking"] = [
            {"item_id": s.item_id, "n_corporations": s.n_corporations, "share_at_target": s.share_at_target}
            for s in view.most_lacking
        ]
    out["suppressed"] = [_hidden(n, r) for n, r in view.suppressed_parts.items()]
    return out


def _segment_dict(row: SegmentQuartiles) -> dict[str, Any]:
    return {
        "segment": row.key,
        "label": row.label,
        "n_corporations": row.n_corporations,
        "overall": _spread_dict(row.overall),
        "sections": {key: _spread_dict(s) for key, s in row.sections.items()},
        "suppressed": [_hidden(n, r) for n, r in row.suppressed_parts.items()],
    }


def _segments_dict(view: SegmentView) -> dict[str, Any]:
    out: dict[str, Any] = {"by": view.by, "available": view.available}
    if view.total.suppressed:
        out["total"] = None
        out["total_suppressed"] = _hidden("totaal", view.total.reason)
    else:
        out["total"] = _segment_dict(view.total)
    if not view.available:
        out["reason"] = view.reason
    out["segments"] = [_segment_dict(row) for row in view.published] if view.available else []
    out["suppressed"] = [_hidden(row.key, row.reason) for row in view.rows if row.suppressed]
    return out


def _trend_dict(points: list[YearPoint]) -> dict[str, Any]:
    return {
        "years": [
            {
                "year": p.year,
                "n_corporations": p.n_corporations,
                "median_overall": p.median_overall,
                "section_medians": dict(p.section_medians),
                "suppressed": [_hidden(n, r) for n, r in p.suppressed_parts.items()],
            }
            for p in points
            if not p.suppressed
        ],
        "suppressed": [_hidden(str(p.year), p.reason) for p in points if p.suppressed],
    }


def public_data(app: App, year: int | None = None, *, records: SectorRecords | None = None) -> dict[str, Any]:
    """Everything the Denktank page shows, as one JSON-ready dict (anonymised)."""
    records = _records(app, records)
    view = sector_view(app, year, records=records)
    tables = segment_views(app, year, records=records)
    return {
        "kind": "voordeurcheck_sector",
        "checklist_version": app.checklist.version,
        "selection": {"year": year, "label": selection_label(year)},
        "k": _k(app),
        "quartile_min": benchmark.quartile_minimum(_k(app)),
        "target_pct": _target(app),
        "demo_data": records.demo,
        "rules": list(RULES_TEXT),
        "sections": {s.id: s.title for s in app.checklist.sections},
        "items": {i.id: {"number": i.number, "question": i.question} for i in app.checklist.items},
        "sector": _sector_dict(view),
        "segments": {by: _segments_dict(table) for by, table in tables.items()},
        "trend": _trend_dict(trend(app, records=records)),
    }


CSV_COLUMNS = ("tabel", "groep", "onderdeel", "statistiek", "waarde", "aantal_corporaties", "toelichting")


def export_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The public dict as long-format rows (one number per row): CSV and Excel."""
    sections = data["sections"]
    items = data["items"]
    rows: list[dict[str, Any]] = []

    def add(table, group, part, stat, value, n, note=""):
        rows.append(dict(zip(CSV_COLUMNS, (table, group, part, stat, value, n, note), strict=True)))

    def spread_rows(table, group, part, spread):
        if spread is None:
            return
        for stat in ("q1", "median", "q3", "mean"):
            if stat not in spread:
                continue
            if spread[stat] is None:  # withheld quartile (rule 2): empty value, with the reason
                add(table, group, part, stat, "", spread["n_corporations"], spread.get("quartiles_withheld", ""))
            else:
                add(table, group, part, stat, spread[stat], spread["n_corporations"])

    def hidden_rows(table, group, entries):
        for entry in entries:
            add(table, group, _part_label(entry["name"], sections, items), "niet getoond", "", "", entry["reason"])

    sector = data["sector"]
    label = data["selection"]["label"]
    if "n_corporations" in sector:
        add("sector", label, "", "aantal corporaties", sector["n_corporations"], sector["n_corporations"])
        spread_rows("sector", label, "Totaalscore", sector["overall"])
        for key, spread in sector["sections"].items():
            spread_rows("sector", label, sections.get(key, key), spread)
        if "means_withheld" in sector:
            add("sector", label, "", "niet getoond", "", "", sector["means_withheld"])
        for key, share in sector.get("items", {}).items():
            part = f"{items[key]['number']}. {items[key]['question']}" if key in items else key
            add("sector", label, part, "% op streefniveau", share["share_at_target"], share["n_corporations"])
    hidden_rows("sector", label, sector.get("suppressed", []))

    for by, table in data["segments"].items():
        name = f"per {BREAKDOWNS[by]}"
        if table["total"] is not None:
            add(name, "Totaal", "", "aantal corporaties", table["total"]["n_corporations"], table["total"]["n_corporations"])
        for segment in table["segments"]:
            n = segment["n_corporations"]
            add(name, segment["label"], "", "aantal corporaties", n, n)
            spread_rows(name, segment["label"], "Totaalscore", segment["overall"])
            for key, spread in segment["sections"].items():
                spread_rows(name, segment["label"], sections.get(key, key), spread)
            hidden_rows(name, segment["label"], segment["suppressed"])
        for entry in table["suppressed"]:
            add(name, entry["name"], "", "niet getoond", "", "", entry["reason"])

    for point in data["trend"]["years"]:
        group = str(point["year"])
        n = point["n_corporations"]
        add("trend", group, "", "aantal corporaties", n, n)
        if point["median_overall"] is not None:
            add("trend", group, "Totaalscore", "median", point["median_overall"], n)
        for key, value in point["section_medians"].items():
            add("trend", group, sections.get(key, key), "median", value, n)
        hidden_rows("trend", group, point["suppressed"])
    for entry in data["trend"]["suppressed"]:
        add("trend", entry["name"], "", "niet getoond", "", "", entry["reason"])
    return rows


def _part_label(name: str, sections: dict[str, str], items: dict[str, Any]) -> str:
    kind, _, key = name.partition(":")
    if kind == "overall":
        return "Totaalscore"
    if kind == "section":
        return sections.get(key, key)
    if kind == "item" and key in items:
        return f"{items[key]['number']}. {items[key]['question']}"
    return name


def sector_export(
    app: App, fmt: str, year: int | None = None, *, records: SectorRecords | None = None
) -> bytes:
    """The anonymised sector data as json, csv or xlsx bytes."""
    authorise(app, Permission.SECTOR_READ)
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"Onbekend formaat {fmt!r}: kies json, csv of xlsx.")
    data = public_data(app, year, records=records)
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
    rows = export_rows(data)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return buffer.getvalue().encode("utf-8")
    return _xlsx(data, rows)


def _xlsx(data: dict[str, Any], rows: list[dict[str, Any]]) -> bytes:
    book = Workbook()
    info = book.active
    info.title = "Toelichting"
    info.append(["Voordeurcheck: geanonimiseerde sectorvergelijking"])
    info["A1"].font = Font(bold=True, size=13)
    info.append(["Selectie", data["selection"]["label"]])
    info.append(["Minimale groepsgrootte (k)", data["k"]])
    info.append(["Kwartielen en gemiddelden vanaf", data["quartile_min"]])
    info.append(["Streefniveau (0-100)", data["target_pct"]])
    info.append(["Checklistversie", data["checklist_version"]])
    if data["demo_data"]:
        info.append(["Let op", "Dit zijn fictieve demo-corporaties."])
    info.append([])
    info.append(["Regels voor anonimiteit"])
    for rule in data["rules"]:
        info.append(["", rule])
    info.column_dimensions["A"].width = 28
    info.column_dimensions["B"].width = 100

    sheet = book.create_sheet("Cijfers")
    sheet.append(list(CSV_COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([row[c] for c in CSV_COLUMNS])
    for column, width in zip("ABCDEFG", (18, 30, 50, 20, 10, 18, 80), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


__all__ = [
    "BREAKDOWNS",
    "CROSS_TABLE_REASON",
    "EXPORT_FORMATS",
    "LATEST_LABEL",
    "RULES_TEXT",
    "VIEWS_REASON",
    "OwnView",
    "SectorRecords",
    "SectorView",
    "SegmentQuartiles",
    "SegmentView",
    "Spread",
    "build_records",
    "data_version",
    "export_rows",
    "guard_cross_tables",
    "load_records",
    "median_only_explanation",
    "own_position",
    "public_data",
    "quartile_minimum",
    "sector_export",
    "sector_view",
    "segment_views",
    "segments",
    "selection_label",
    "small_group_reason",
    "trend",
]
