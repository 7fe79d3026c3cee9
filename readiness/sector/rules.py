"""The disclosure rules of a sector publication (pure: standard library only).

What a publication may contain is decided here; how the noise is drawn lives in
:mod:`readiness.sector.mechanisms`, how the figures are put together in
:mod:`readiness.sector.publications`.

The rules, in the order they apply:

1. **Frozen publications.** The denktank never sees a live aggregate. A publication is
   computed once from the final rounds available at that moment and stored with its
   figures; the page, every download and ``readiness sector`` read the stored figures.
2. **Differencing between publications.** A new publication is refused when, compared
   with *any* earlier publication, fewer than ``small_group_minimum(k)`` = max(2k, 8)
   corporations changed. A corporation counts as changed when its published inputs
   changed (:func:`fingerprint`: its final scores, agreed levels, "weet ik niet" items
   and group), or when it joined or left; a re-finalised round with identical answers
   is no change. Two publications then never differ by a small group, whatever pair an
   attacker subtracts. The check runs in the same transaction, under the same lock, as
   the budget check and the storing of the publication.
3. **Differential privacy.** Every count, share and quantile is released by an OpenDP
   mechanism under one budget ρ per publication (zero-concentrated DP). OpenDP's own
   privacy map gives ρ for a corporation added or removed and 4ρ for one corporation's
   record changed (docs/sector-guarantee.md). The store enforces a budget over any 365
   days (rolling, not per calendar year).
4. **k and the small-group minimum on top.** Group sizes are judged on the *released*
   (noisy) numbers, so the decision itself costs no privacy. A group with fewer than k
   corporations is withheld; a group with fewer than m = max(2k, 8) shows its number
   of corporations and medians only: no Q1/Q3, no shares, no phase distribution (so
   a small group never shows an exact 0% or 100%). In a segment table the withheld
   segments together hold 0 or at least m corporations (complementary suppression
   with m, not k), so the total minus the shown segments never isolates a small group.
5. **No identities.** No name, slug or id of a corporation or round is in the figures;
   the covered rounds are kept apart (for rule 2) and never exported.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from readiness.formatting import format_date

#: Q1, Q3, shares and distributions never rest on fewer corporations than this.
QUARTILE_FLOOR = 8
MIN_GROUP_FLOOR = 3
#: The yearly budget counts every publication of the last this many days (rolling).
BUDGET_WINDOW_DAYS = 365
#: δ used to state the budget as (ε, δ)-DP as well.
DELTA = 1e-6
#: The margins are 95% intervals.
CONFIDENCE = 0.95
#: A corporation "does not know" an item when at least this share of its respondents
#: answered "weet ik niet" (the same threshold as readiness.scoring.DONT_KNOW_SHARE).
DONT_KNOW_SHARE = 0.3
MOST_MISSED_COUNT = 5

# Item categories of a corporation (one per item; exclusive).
AT_TARGET = "op"
BELOW_TARGET = "onder"
DONT_KNOW = "weetniet"
ITEM_CATEGORIES = (AT_TARGET, BELOW_TARGET, DONT_KNOW)  # no score at all: the null category

LATEST_LABEL = "Laatste meting per corporatie"


def small_group_minimum(k: int) -> int:
    """Fewest corporations for Q1/Q3, shares and distributions, and for a difference."""
    return max(2 * k, QUARTILE_FLOOR)


def check_k(k: int) -> None:
    if isinstance(k, bool) or not isinstance(k, int) or k < MIN_GROUP_FLOOR:
        raise ValueError(
            f"De minimale groepsgrootte is {k!r}; die moet een geheel getal van minstens "
            f"{MIN_GROUP_FLOOR} zijn om corporaties niet herkenbaar te maken."
        )


def selection_label(year: int | None) -> str:
    return LATEST_LABEL if year is None else f"Metingen in {year}"


# --------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class CorporationRecord:
    """One corporation's final round as the sector sees it (0-100 scores).

    `org_key` and `round_key` are internal: they decide which round covers which
    corporation and what changed between publications, and never leave the package.
    """

    org_key: int
    round_key: int
    round_date: dt.date
    size_class: str
    region: str
    overall: float | None
    sections: Mapping[str, float | None]
    items: Mapping[str, float | None]
    dont_know: frozenset[str] = field(default_factory=frozenset)
    phase: int = 0

    @property
    def year(self) -> int:
        return self.round_date.year

    def item_category(self, item_id: str, target_pct: float) -> str | None:
        """at target / below target / does not know; None when nothing was scored."""
        if item_id in self.dont_know:
            return DONT_KNOW
        score = self.items.get(item_id)
        if score is None:
            return None
        return AT_TARGET if score >= target_pct - 1e-9 else BELOW_TARGET


def population(
    records: Iterable[CorporationRecord], year: int | None, reference_date: dt.date
) -> list[CorporationRecord]:
    """One record per corporation: its latest final round on or before the reference
    date, or (with `year`) its latest one in that year. Ties: the later round id."""
    latest: dict[int, CorporationRecord] = {}
    for r in records:
        if r.round_date > reference_date or (year is not None and r.year != year):
            continue
        current = latest.get(r.org_key)
        if current is None or (r.round_date, r.round_key) >= (current.round_date, current.round_key):
            latest[r.org_key] = r
    return sorted(latest.values(), key=lambda r: r.org_key)


def fingerprint(record: CorporationRecord) -> str:
    """A short digest of what a publication uses of one corporation: its group, its item
    scores (with agreed levels in place) and its "weet ik niet" items. Not the round id:
    an identical re-finalised round is no change, an agreed level added is one."""
    content = {
        "g": [record.size_class, record.region],
        "i": {k: None if v is None else round(float(v), 6) for k, v in sorted(record.items.items())},
        "d": sorted(record.dont_know),
    }
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()[:24]


def covered(records: Iterable[CorporationRecord]) -> dict[int, str]:
    """The content fingerprint of each covered corporation (internal, for rule 2)."""
    return {r.org_key: fingerprint(r) for r in records}


def changed_corporations(before: Mapping[int, object], after: Mapping[int, object]) -> int:
    """Corporations whose published inputs differ, or that joined or left."""
    return sum(1 for org in set(before) | set(after) if before.get(org) != after.get(org))


def differencing_refusal(
    new: Mapping[int, object], earlier: Sequence[tuple[str, Mapping[int, object]]], k: int
) -> str | None:
    """Dutch reason to refuse a publication (rule 2), or None.

    `earlier` holds (label, covered fingerprints) of every earlier publication.
    """
    m = small_group_minimum(k)
    for label, rounds in earlier:
        changed = changed_corporations(rounds, new)
        if changed < m:
            what = "geen enkele corporatie" if changed == 0 else (
                "1 corporatie" if changed == 1 else f"{changed} corporaties"
            )
            return (
                f"Publiceren kan nu niet: sinds publicatie '{label}' is bij {what} iets veranderd "
                f"(andere scores of vastgestelde niveaus, of een corporatie die meedoet of juist niet meer). "
                f"Er moeten minstens {m} corporaties veranderd zijn, anders zijn de cijfers van die paar "
                "corporaties af te leiden door de twee publicaties van elkaar af te trekken."
            )
    return None


def budget_refusal(spent: float, cost: float, limit: float, since: dt.date) -> str | None:
    """Dutch reason when this publication would exceed the budget of the last 365 days."""
    if spent + cost > limit + 1e-12:
        return (
            f"Publiceren kan nu niet: het privacybudget voor 365 dagen is ρ = {fmt_budget(limit)}; "
            f"sinds {format_date(since)} is al {fmt_budget(spent)} gebruikt en deze publicatie kost "
            f"{fmt_budget(cost)}. Elke publicatie maakt de sector iets beter te herleiden; wacht tot "
            "een eerdere publicatie meer dan 365 dagen oud is."
        )
    return None


def fmt_budget(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


# --------------------------------------------------------------------------- group rules

TOO_FEW = "too_few"
MEDIAN_ONLY = "median_only"
COMPLEMENTARY = "complementary"
SHOWN = "shown"


def too_few_reason(k: int) -> str:
    return f"Minder dan {k} corporaties: niet getoond, zodat geen corporatie herkenbaar wordt."


def median_only_reason(m: int) -> str:
    return (
        f"Minder dan {m} corporaties: alleen het aantal en de mediaan. Kwartielen, aandelen en "
        "een verdeling over fasen zouden bij zo weinig corporaties losse corporaties verraden."
    )


def complementary_reason(m: int) -> str:
    return (
        "Niet getoond: anders zou het totaal min de getoonde groepen een groep van minder dan "
        f"{m} corporaties opleveren."
    )


def group_status(n_released: float, k: int) -> str:
    """Status of a group from its released (noisy) number of corporations."""
    if n_released < k:
        return TOO_FEW
    if n_released < small_group_minimum(k):
        return MEDIAN_ONLY
    return SHOWN


def segment_statuses(sizes: Mapping[str, float], k: int) -> dict[str, str]:
    """Statuses of the segments of one breakdown (released sizes), with complementary
    suppression: withheld segments together hold 0 or >= m corporations (rule 4)."""
    m = small_group_minimum(k)
    status = {key: group_status(n, k) for key, n in sizes.items()}
    order = list(sizes)
    while True:
        hidden = sum(max(0.0, sizes[key]) for key in order if status[key] in (TOO_FEW, COMPLEMENTARY))
        if not (0 < hidden < m):
            return status
        shown = [key for key in order if status[key] not in (TOO_FEW, COMPLEMENTARY)]
        if not shown:
            return status
        smallest = min(shown, key=lambda key: (sizes[key], order.index(key)))
        status[smallest] = COMPLEMENTARY


# --------------------------------------------------------------------------- margins


def share(count: float, total: float) -> float | None:
    """Percentage of released (clamped) counts; None without a total. Only groups of
    at least m corporations publish shares (rule 4), and each carries its margin: a
    small group never shows a share at all, so never an exact 0% or 100%."""
    if total <= 0:
        return None
    return round(100.0 * min(max(count, 0.0), total) / total, 1)


def quantile_margin(rank_error: float, q1: float | None, q3: float | None, n: float) -> float | None:
    """Margin in score points of a released quantile: the mechanism's rank error (95%)
    times the score distance per rank, estimated from the released Q1-Q3 (half the
    corporations lie between them). None when Q1/Q3 are withheld."""
    if q1 is None or q3 is None or n <= 0:
        return None
    per_rank = max(q3 - q1, 1.0) / (n / 2)
    return float(min(100.0, max(1.0, math.ceil(rank_error * per_rank))))


# --------------------------------------------------------------------------- explanations

EXPLANATIONS: dict[str, str] = {
    "k": (
        "k is de kleinste groep die getoond wordt. Telt een groep (de sector, een grootteklasse of "
        "een regio) minder dan k corporaties, dan staan er geen cijfers, alleen de reden."
    ),
    "small_group": (
        "Een kleine groep (minder dan 2k corporaties, en altijd minder dan 8) toont alleen het aantal "
        "en de mediaan. Uit kwartielen, aandelen of een verdeling van zo weinig corporaties zijn losse "
        "corporaties terug te rekenen."
    ),
    "median": "De mediaan is de middelste score: de helft van de corporaties scoort lager, de helft hoger.",
    "quartiles": (
        "Q1 (eerste kwartiel): een kwart van de corporaties scoort lager. Q3 (derde kwartiel): "
        "driekwart scoort lager. Tussen Q1 en Q3 zit de middelste helft van de sector."
    ),
    "margin": (
        "Elk cijfer is bewust een beetje onnauwkeurig gemaakt, zodat niemand uit twee publicaties kan "
        "afleiden hoe één corporatie scoort. '± 4' betekent: het echte getal ligt met 95% zekerheid "
        "hooguit 4 hoger of lager. Bij kleine groepen is die marge naar verhouding groot."
    ),
    "publication": (
        "Een publicatie is een vastgelegd sectorbeeld: eenmalig berekend uit de afgeronde metingen op "
        "de peildatum en daarna nooit meer veranderd. Een nieuwe publicatie kan pas als genoeg "
        "corporaties iets nieuws hebben, en het aantal publicaties per 365 dagen is begrensd."
    ),
}


# --------------------------------------------------------------------------- own position

def position_label(score: float, published: Mapping[str, float | None]) -> str:
    """A corporation's own score against a publication's released median and quartiles,
    with their margins: where the score lies within a margin, the label says
    "waarschijnlijk" (the sector figure could lie on either side of it)."""
    median, mm = published["median"], published.get("margin") or 0
    q1, q3 = published.get("q1"), published.get("q3")
    if q1 is None or q3 is None:
        if score < median - mm:
            return "onder de mediaan van de sector"
        if score <= median:
            return "waarschijnlijk op of onder de mediaan (binnen de marge)"
        if score <= median + mm:
            return "waarschijnlijk boven de mediaan (binnen de marge)"
        return "boven de mediaan van de sector"
    m1, m3 = published.get("q1_margin") or 0, published.get("q3_margin") or 0
    if score < q1 - m1:
        return "onder Q1 van de sector"
    if score < q1:
        return "waarschijnlijk onder Q1 van de sector (binnen de marge)"
    if score < median - mm:
        return "tussen Q1 en de mediaan"
    if score <= median:
        return "waarschijnlijk op of onder de mediaan (binnen de marge)"
    if score <= median + mm:
        return "waarschijnlijk boven de mediaan (binnen de marge)"
    if score <= q3:
        return "tussen de mediaan en Q3"
    if score <= q3 + m3:
        return "waarschijnlijk boven Q3 van de sector (binnen de marge)"
    return "boven Q3 van de sector"
