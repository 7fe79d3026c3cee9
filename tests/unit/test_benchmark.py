"""Anonymised sector comparison: statistics, suppression rules and the privacy guards."""

from __future__ import annotations

import ast
import itertools
import json
import re
import statistics
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from readiness import benchmark
from readiness.benchmark import (
    COMPLEMENTARY_REASON,
    CorporationScores,
    for_year,
    latest_per_corporation,
    own_position,
    sector_summary,
    sector_trend,
    segment_summary,
    to_public_dict,
)
from readiness.models import SIZE_CLASSES

K = 5


def corp(
    org_key: int,
    *,
    size: str = "M",
    region: str = "Noord",
    year: int = 2024,
    overall: float | None = 50.0,
    sections: dict[str, float | None] | None = None,
    items: dict[str, float | None] | None = None,
) -> CorporationScores:
    return CorporationScores(
        org_key=org_key,
        size_class=size,
        region=region,
        year=year,
        overall=overall,
        sections={"draagvlak": overall} if sections is None else sections,
        items={"draagvlak-01": overall} if items is None else items,
    )


def population(sizes: dict[str, int], start: int = 1, region: str = "Noord") -> list:
    """`sizes[c]` corporations in size class c, with varied scores."""
    records = []
    key = start
    for size, count in sizes.items():
        for i in range(count):
            score = float((key * 37) % 101)
            records.append(corp(key, size=size, region=region, overall=score))
            key += 1
    return records


def walk(node):
    """Every dict inside a public dict (depth first)."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


# --------------------------------------------------------------------------- guards


@pytest.mark.parametrize("k", [-1, 0, 1, 2])
def test_k_below_floor_raises_in_dutch(k):
    records = population({"M": 10})
    calls = [
        lambda: sector_summary(records, k),
        lambda: segment_summary(records, "size_class", k, 75.0),
        lambda: sector_trend(records, k),
        lambda: own_position(records[0], records, k),
    ]
    for call in calls:
        with pytest.raises(ValueError, match="minimale groepsgrootte"):
            call()


def test_k_of_three_is_allowed():
    assert not sector_summary(population({"M": 3}), 3).suppressed


def test_duplicate_corporations_in_a_group_are_refused():
    """Five rounds of one corporation must never pass for a group of five."""
    rounds = [corp(7, year=2020 + i) for i in range(5)]
    with pytest.raises(ValueError, match="één meting"):
        sector_summary(rounds, K)
    with pytest.raises(ValueError, match="één meting"):
        segment_summary(rounds, "size_class", K, 75.0)
    assert len(latest_per_corporation(rounds)) == 1


def test_domain_module_imports_no_frameworks():
    tree = ast.parse(Path(benchmark.__file__).read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert not imported & {"pandas", "sqlalchemy", "streamlit", "plotly", "numpy"}


def test_inputs_carry_no_respondent_information():
    """A corporation with a single respondent looks exactly like any other here."""
    fields = set(CorporationScores.model_fields)
    assert fields == {"org_key", "size_class", "region", "year", "overall", "sections", "items"}
    assert not any("respond" in name or "role" in name for name in fields)
    with pytest.raises(ValidationError):
        CorporationScores(
            org_key=1, size_class="M", region="Noord", year=2024, overall=50.0,
            sections={}, items={}, n_respondents=1,
        )
    # The single-respondent corporation (any record) counts as exactly one.
    records = population({"M": 4}) + [corp(99, overall=100.0)]
    assert sector_summary(records, K).n_corporations == 5


def test_scores_are_validated():
    with pytest.raises(ValidationError):
        corp(1, overall=101.0)
    with pytest.raises(ValidationError):
        corp(1, overall=float("nan"))
    with pytest.raises(ValidationError):
        corp(1, size="XXL")


# --------------------------------------------------------------------------- selection


def test_latest_per_corporation_and_for_year():
    records = [
        corp(1, year=2022, overall=10.0),
        corp(1, year=2024, overall=30.0),
        corp(1, year=2023, overall=20.0),
        corp(2, year=2023, overall=40.0),
        corp(2, year=2023, overall=45.0),  # second round in the same year: the later one
    ]
    latest = {r.org_key: r.overall for r in latest_per_corporation(records)}
    assert latest == {1: 30.0, 2: 45.0}
    assert {(r.org_key, r.overall) for r in for_year(records, 2023)} == {(1, 20.0), (2, 45.0)}
    assert for_year(records, 2030) == []


# --------------------------------------------------------------------------- statistics


def test_quartiles_and_mean_on_a_hand_computed_example():
    values = [10, 20, 30, 40, 50, 60, 70, 80]  # 8 = quartile_minimum(3)
    records = [
        corp(i + 1, overall=v, sections={"a": v, "b": None if i else 5.0}, items={})
        for i, v in enumerate(values)
    ]
    summary = sector_summary(records, 3)
    # inclusive method, n = 8: q1 = 20 + 0.75 * 10, median = (40 + 50) / 2, q3 = 60 + 0.25 * 10
    assert summary.overall.model_dump() == {
        "n_corporations": 8, "q1": 27.5, "median": 45.0, "q3": 62.5, "mean": 45.0, "withheld": None,
    }
    assert summary.sections["a"].median == 45.0
    assert "b" not in summary.sections
    assert summary.suppressed_parts["section:b"].startswith("Minder dan 3 corporaties met een score")

    # below 2k (and 8) corporations: the median of the same kind of data, nothing else
    five = [corp(i + 1, overall=v, items={}) for i, v in enumerate([50, 10, 40, 20, 30])]
    d = sector_summary(five, 3).overall
    assert (d.n_corporations, d.q1, d.median, d.q3, d.mean) == (5, None, 30.0, None, None)
    assert d.withheld == benchmark.median_only_reason(8)


def test_published_numbers_are_rounded_to_one_decimal():
    values = [10.04, 20.0, 33.333, 40.0, 50.0, 60.0, 70.0, 80.0]
    records = [corp(i + 1, overall=v, items={}) for i, v in enumerate(values)]
    d = sector_summary(records, 3).overall
    assert d.mean == 45.4  # 363.373 / 8 = 45.4216...
    assert d.q1 == 30.0  # 20 + 0.75 * 13.333 = 29.99975
    assert d.median == 45.0


def test_share_at_target_and_most_lacking_on_a_hand_computed_example():
    items = [
        {"a": 100.0, "b": 0.0, "c": 75.0, "d": 75.0, "e": 25.0, "f": 90.0, "g": None},
        {"a": 75.0, "b": 0.0, "c": 75.0, "d": 50.0, "e": 25.0, "f": 90.0, "g": None},
        {"a": 50.0, "b": 0.0, "c": 75.0, "d": 50.0, "e": 25.0, "f": 90.0, "g": 100.0},
        {"a": 74.9, "b": 100.0, "c": 75.0, "d": 50.0, "e": 100.0, "f": 90.0, "g": None},
        {"a": None, "b": 100.0, "c": 75.0, "d": 50.0, "e": 100.0, "f": 90.0, "g": None},
    ]
    # each pattern twice: shares need quartile_minimum(3) = 8 corporations with a score
    records = [corp(i + 1, items=it) for i, it in enumerate(items + items)]
    summary = sector_summary(records, 3, target_pct=75.0)
    a = summary.items["a"]
    assert (a.n_corporations, a.share_at_target) == (8, 50.0)  # 100 and 75 of 4 scored, twice
    assert summary.items["b"].share_at_target == 40.0
    assert summary.items["c"].share_at_target == 100.0
    assert summary.items["d"].share_at_target == 20.0
    assert "g" not in summary.items  # two corporations with a score
    # the five patterns once: five is fewer than 2k, so no shares at all (rule 6)
    small = sector_summary(records[:5], 3, target_pct=75.0)
    assert small.items == {} and small.most_lacking == []
    assert small.suppressed_parts["item:a"] == benchmark.no_share_reason(8)
    assert [s.item_id for s in summary.most_lacking] == ["d", "b", "e", "a", "c"]
    # a lower target moves items up
    assert sector_summary(records, 3, target_pct=50.0).items["d"].share_at_target == 100.0
    with pytest.raises(ValueError):
        sector_summary(records, 3, target_pct=120.0)


def test_float_noise_at_the_target_counts_as_at_target():
    records = [corp(i + 1, items={"a": 2.9999999999999996 / 4 * 100}) for i in range(8)]
    assert sector_summary(records, 3).items["a"].share_at_target == 100.0


def test_summary_below_k_is_suppressed_without_numbers():
    summary = sector_summary(population({"M": K - 1}), K)
    assert summary.suppressed
    assert "Minder dan 5 corporaties" in summary.reason
    assert summary.n_corporations is None and summary.overall is None
    assert not summary.sections and not summary.items and not summary.most_lacking
    public = to_public_dict(summary)
    assert "n_corporations" not in json.dumps(public)
    assert public["suppressed"] == [{"name": "sector", "reason": summary.reason}]


def test_summary_publishes_no_min_or_max():
    records = [corp(i + 1, overall=v) for i, v in enumerate([1.1, 20.0, 30.0, 40.0, 50.0, 99.9])]
    text = json.dumps(to_public_dict(sector_summary(records, K)))
    assert "1.1" not in text and "99.9" not in text
    assert "min" not in text and "max" not in text


# --------------------------------------------------------------------------- small groups (rule 6)


def solve(published: dict, n: int, own: tuple[int, float] | None = None) -> dict[int, float]:
    """The reconstruction attack: every score (by rank, 0 = lowest) that the published
    Q1, median, Q3 and mean fix exactly, solved from the definitions of the inclusive
    quantiles (each one a weighted pair of neighbouring scores) and of the mean.
    `own` = (rank, score) of an attacker inside the group who knows its own score."""
    rows, rhs = [], []
    for p, key in ((0.25, "q1"), (0.5, "median"), (0.75, "q3")):
        if published.get(key) is None:
            continue
        h = (n - 1) * p
        lo = int(h)
        row = np.zeros(n)
        row[lo] += 1 - (h - lo)
        if h > lo:
            row[lo + 1] += h - lo
        rows.append(row)
        rhs.append(published[key])
    if published.get("mean") is not None:
        rows.append(np.ones(n))
        rhs.append(n * published["mean"])
    if own is not None:
        rows.append(np.eye(n)[own[0]])
        rhs.append(own[1])
    if not rows:
        return {}
    a, b = np.array(rows), np.array(rhs)
    solution = np.linalg.lstsq(a, b, rcond=None)[0]
    # score j is fixed iff e_j lies in the row space: projecting e_j onto it keeps length 1
    _, sv, vt = np.linalg.svd(a, full_matrices=False)
    basis = vt[sv > 1e-9 * sv[0]]
    fixed = np.einsum("ij,ij->j", basis, basis)  # the diagonal of the projection
    return {j: float(solution[j]) for j in range(n) if fixed[j] > 1 - 1e-9}


def raw_distribution(values: list[float]) -> dict:
    """What used to be published for every group of k or more: unrounded Q1, median, Q3, mean."""
    q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return {"q1": q1, "median": median, "q3": q3, "mean": statistics.fmean(values)}


@pytest.mark.parametrize(
    ("n", "insider", "recovered"),
    [
        (3, None, [0, 1, 2]),  # anyone: every score
        (4, 0, [0, 1, 2, 3]),  # the lowest corporation: every other score
        (5, None, [1, 2, 3]),  # anyone: every quartile is a score
        (5, 0, [0, 1, 2, 3, 4]),
        (6, 1, [1, 2, 3, 4]),  # the quartiles overlap: one known score gives three more
        (7, 0, [0, 3, 6]),  # quartiles and mean fix lowest + highest: the highest score
    ],
)
def test_the_attack_recovers_scores_from_the_quartiles_of_a_small_group(n, insider, recovered):
    """Why rule 6 exists (and why never below 8): the Q1, median, Q3 and mean that used
    to be published for 3 to 7 corporations give scores away, to anyone or to a member
    that knows its own score (its rank, in the worst case)."""
    values = sorted(r.overall for r in population({"M": n}))
    assert len(set(values)) == n  # distinct, realistic scores
    own = None if insider is None else (insider, values[insider])
    found = solve(raw_distribution(values), n, own)
    assert sorted(found) == recovered
    assert [found[j] for j in recovered] == pytest.approx([values[j] for j in recovered])


@pytest.mark.parametrize("k", [3, 4, 5])
def test_a_group_of_k_to_2k_minus_1_publishes_the_median_only_and_resists_the_attack(k):
    m = benchmark.quartile_minimum(k)
    assert m == max(2 * k, 8)
    for n in range(k, m):
        records = population({"M": n})
        values = sorted(r.overall for r in records)
        summary = sector_summary(records, k)
        dist = summary.overall
        assert (dist.n_corporations, dist.q1, dist.q3, dist.mean) == (n, None, None, None)
        assert dist.median == round(statistics.median(values), 1)
        assert dist.withheld == benchmark.median_only_reason(m)
        assert summary.items == {} and "item:draagvlak-01" in summary.suppressed_parts
        public = to_public_dict(summary)
        assert public["overall"] == {
            "n_corporations": n, "q1": None, "median": dist.median, "q3": None, "mean": None,
            "withheld": dist.withheld,
        }
        assert public["sections"]["draagvlak"]["q1"] is None

        # The attack: from the published figures alone, at most the median (one score,
        # odd n); a member that knows its own score learns at most one other score and
        # never the lowest or the highest.
        published = public["overall"]
        assert set(solve(published, n)) <= ({n // 2} if n % 2 else set())
        for rank, score in enumerate(values):
            learned = set(solve(published, n, (rank, score))) - {rank}
            assert len(learned) <= 1, (n, rank, learned)
            assert not learned & {0, n - 1}, (n, rank, learned)

        # Decisive: move every score except the median's neighbours; what is published
        # stays identical, so nothing published can tell those scores.
        middle = {n // 2, (n - 1) // 2}
        moved = [
            r.model_copy(update={"overall": (v := max(0.0, min(100.0, r.overall + (-7 if i < min(middle) else 7)))),
                                 "sections": {"draagvlak": v}, "items": {"draagvlak-01": v}})
            if i not in middle else r
            for i, r in enumerate(sorted(records, key=lambda r: r.overall))
        ]
        assert [r.overall for r in moved] != values
        assert to_public_dict(sector_summary(moved, k)) == public


@pytest.mark.parametrize("k", [3, 4, 5])
def test_a_group_of_2k_or_more_still_publishes_quartiles_and_the_mean(k):
    m = max(2 * k, 8)  # not taken from the code under test: the rule must not withhold more
    for n in (m, m + 1, m + 7):
        records = population({"M": n})
        values = [r.overall for r in records]
        dist = sector_summary(records, k).overall
        q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
        assert (dist.q1, dist.median, dist.q3) == (round(q1, 1), round(median, 1), round(q3, 1))
        assert dist.mean == round(statistics.fmean(values), 1) and dist.withheld is None
        # what the attack gets out of them: no extreme, at most one score more per quartile
        published = dist.model_dump()
        ranks = sorted(range(n), key=lambda i: values[i])
        outside = set(solve(published, n))
        assert not outside & {0, n - 1}
        for rank in range(n):
            learned = set(solve(published, n, (rank, values[ranks[rank]]))) - {rank} - outside
            assert len(learned) <= 1 and not learned & {0, n - 1}, (n, rank, learned)


def test_from_eight_corporations_on_quartiles_and_mean_fix_no_extreme_score():
    """The floor of 8 in quartile_minimum, as the module doc of services.sector states it:
    for every n from 8 to 80 the published figures fix neither the lowest nor the highest
    score, and a member that knows its own score learns at most one score more."""
    for n in range(8, 81):
        values = sorted(float(v) for v in range(5, 5 + n))  # distinct scores
        published = raw_distribution(values)
        anyone = set(solve(published, n))
        assert not anyone & {0, n - 1}, n
        for rank in range(n):
            learned = set(solve(published, n, (rank, values[rank]))) - {rank} - anyone
            assert len(learned) <= 1 and not learned & {0, n - 1}, (n, rank, learned)


def test_a_small_segment_publishes_its_median_next_to_full_segments():
    """Per statistic: S (6 corporations) only its median, the big segments and the total
    their quartiles; a section scored by few corporations in a big segment is median-only."""
    records = population({"S": 6, "M": 12, "L": 15})
    records = [
        r.model_copy(update={"sections": {**r.sections, "melden": 60.0 + i}}) if r.size_class == "L" and i % 3 == 0 else r
        for i, r in enumerate(records)
    ]
    table = segment_summary(records, "size_class", K, 75.0)
    rows = rows_by_key(table)
    assert (rows["S"].overall.q1, rows["S"].overall.q3, rows["S"].overall.n_corporations) == (None, None, 6)
    assert rows["S"].overall.median is not None
    for key in ("M", "L"):
        assert rows[key].overall.q1 is not None and rows[key].overall.q3 is not None
    assert table.total.overall.q1 is not None
    melden = rows["L"].sections["melden"]
    assert melden.n_corporations == 5 and melden.q1 is None and melden.median == 84.0  # of 78, 81 .. 90
    public = to_public_dict(table)
    s = next(seg for seg in public["segments"] if seg["segment"] == "S")
    assert s["overall"]["q1"] is None and s["overall"]["withheld"] == benchmark.median_only_reason(10)


# --------------------------------------------------------------------------- segments


def rows_by_key(table):
    return {row.key: row for row in table.rows}


def test_segment_with_k_minus_one_corporations_is_suppressed():
    records = population({"XS": K - 1, "S": 3, "M": 8, "L": 9, "XL": 10})
    table = segment_summary(records, "size_class", K, 75.0)
    rows = rows_by_key(table)
    assert list(rows) == list(SIZE_CLASSES)  # fixed segments, in order
    xs = rows["XS"]
    assert xs.suppressed and xs.n_corporations is None and xs.overall is None
    assert xs.reason == "Minder dan 5 corporaties: niet getoond om herkenbaarheid te voorkomen"
    # XS and S together hold 7 >= k: no further suppression needed
    assert [key for key, row in rows.items() if not row.suppressed] == ["M", "L", "XL"]
    assert rows["M"].n_corporations == 8
    public = to_public_dict(table)
    assert [s["segment"] for s in public["segments"]] == ["M", "L", "XL"]
    assert {e["name"] for e in public["suppressed"]} == {"XS", "S"}
    assert all(set(e) == {"name", "reason"} for e in public["suppressed"])


def test_complementary_suppression_of_one_small_segment_among_big_ones():
    records = population({"XS": 1, "S": 12, "M": 7, "L": 15, "XL": 20})
    table = segment_summary(records, "size_class", K, 75.0)
    rows = rows_by_key(table)
    assert rows["XS"].suppressed and rows["XS"].reason.startswith("Minder dan 5")
    # the next-smallest published segment goes too, otherwise XS = total - the rest
    assert rows["M"].suppressed and rows["M"].reason == COMPLEMENTARY_REASON
    assert rows["M"].overall is None and rows["M"].n_corporations is None
    assert [k for k, r in rows.items() if not r.suppressed] == ["S", "L", "XL"]
    assert table.available and not table.total.suppressed
    public = to_public_dict(table)
    assert "M" not in {s["segment"] for s in public["segments"]}
    assert {e["name"]: e["reason"] for e in public["suppressed"]}["M"] == COMPLEMENTARY_REASON


def test_empty_size_classes_are_shown_as_suppressed_and_need_no_complement():
    records = population({"S": 6, "M": 7})
    rows = rows_by_key(segment_summary(records, "size_class", K, 75.0))
    assert [k for k, r in rows.items() if not r.suppressed] == ["S", "M"]
    assert all(rows[k].reason.startswith("Minder dan") for k in ("XS", "L", "XL"))


def test_table_is_unavailable_with_fewer_than_two_publishable_segments():
    table = segment_summary(population({"M": 30}), "size_class", K, 75.0)
    assert not table.available and "niet beschikbaar" in table.reason
    assert all(row.suppressed and row.overall is None for row in table.rows)
    public = to_public_dict(table)
    assert public["segments"] == [] and public["total"]["n_corporations"] == 30

    # one big region and one small: the small one forces the big one away as well
    records = population({"M": 10}, region="Noord") + population({"M": 2}, 50, "Zuid")
    table = segment_summary(records, "region", K, 75.0)
    assert not table.available
    assert [row.key for row in table.rows] == ["Noord", "Zuid"]


def test_regions_are_segments_as_found():
    records = (
        population({"M": 5}, 1, "Zuid")
        + population({"L": 6}, 100, "Noord")
        + population({"S": 7}, 200, "Oost")
    )
    table = segment_summary(records, "region", K, 75.0)
    assert table.available
    assert [(r.key, r.n_corporations) for r in table.rows] == [
        ("Noord", 6), ("Oost", 7), ("Zuid", 5),
    ]


def test_a_statistic_with_few_scores_inside_a_published_segment_is_withheld():
    """Counting corporations is not enough: a section mean over 1 corporation leaks it."""
    s = [corp(i, size="S", sections={"x": None}) for i in range(1, 7)]
    s[0] = corp(1, size="S", sections={"x": 80.0})  # the only S-corporation with section x
    m = [corp(i, size="M", sections={"x": 40.0 + i}) for i in range(10, 16)]
    l_ = [corp(i, size="L", sections={"x": 30.0 + i}) for i in range(20, 27)]
    table = segment_summary(s + m + l_, "size_class", K, 75.0)
    rows = rows_by_key(table)
    assert not rows["S"].suppressed
    assert "x" not in rows["S"].sections
    # M (6 scored) is the smallest published cell: withheld so that S's one value stays hidden
    assert "x" not in rows["M"].sections
    assert rows["M"].suppressed_parts["section:x"] == COMPLEMENTARY_REASON
    assert rows["L"].sections["x"].n_corporations == 7
    assert table.total.sections["x"].n_corporations == 14


def test_recovery_by_subtraction_cannot_isolate_a_corporation():
    """The attack the complementary rule exists for, tried on the published numbers."""
    records = population({"S": 12, "M": 7, "L": 15, "XL": 20}, start=1)
    lonely = corp(9001, size="XS", overall=87.0)  # the only small corporation
    records.append(lonely)

    # Without the guard: total minus every other segment gives the lonely score exactly.
    def naive_mean(group):
        return statistics.fmean(r.overall for r in group)

    others = [r for r in records if r.size_class != "XS"]
    residual = len(records) * naive_mean(records) - sum(
        len(g) * naive_mean(g)
        for g in ([r for r in others if r.size_class == c] for c in ("S", "M", "L", "XL"))
    )
    assert residual == pytest.approx(87.0)

    # With the guard: the same attack on the published table.
    public = to_public_dict(segment_summary(records, "size_class", K, 75.0))
    total = public["total"]["overall"]
    published = [s["overall"] for s in public["segments"]]
    rest_n = total["n_corporations"] - sum(p["n_corporations"] for p in published)
    rest_sum = total["n_corporations"] * total["mean"] - sum(
        p["n_corporations"] * p["mean"] for p in published
    )
    assert rest_n >= K  # what is recovered is the mean of at least k corporations
    truly_hidden = [r.overall for r in records if r.size_class in ("XS", "M")]
    assert rest_n == len(truly_hidden)
    assert rest_sum / rest_n == pytest.approx(statistics.fmean(truly_hidden), abs=0.5)
    assert abs(rest_sum / rest_n - 87.0) > 5  # ... which is not the lonely score

    # And no subset of the published segments isolates anyone either.
    ns = [p["n_corporations"] for p in published]
    for size in range(len(ns) + 1):
        for subset in itertools.combinations(ns, size):
            assert total["n_corporations"] - sum(subset) in (0,) or (
                total["n_corporations"] - sum(subset) >= K
            )

    # Decisive: give the lonely corporation another (hidden) corporation's scores;
    # everything published stays identical, so the output cannot reveal its score.
    hidden_m = next(r for r in records if r.size_class == "M")
    swapped = [
        r.model_copy(update={"overall": hidden_m.overall, "sections": hidden_m.sections,
                             "items": hidden_m.items}) if r is lonely
        else r.model_copy(update={"overall": lonely.overall, "sections": lonely.sections,
                                  "items": lonely.items}) if r is hidden_m
        else r
        for r in records
    ]
    assert swapped != records
    assert to_public_dict(segment_summary(swapped, "size_class", K, 75.0)) == public
    assert to_public_dict(sector_summary(swapped, K)) == to_public_dict(sector_summary(records, K))


# --------------------------------------------------------------------------- property

SECTIONS = ("s1", "s2")
ITEMS = ("i1", "i2")
maybe_score = st.one_of(st.none(), st.floats(0, 100, allow_nan=False).map(lambda v: round(v, 2)))
corp_strategy = st.tuples(
    st.sampled_from(list(SIZE_CLASSES)),
    st.sampled_from(["Noord", "Oost", "Zuid", "West"]),
    maybe_score,
    st.tuples(*[maybe_score] * len(SECTIONS)),
    st.tuples(*[maybe_score] * len(ITEMS)),
)


def build(rows) -> list[CorporationScores]:
    return [
        CorporationScores(
            org_key=1000 + i, size_class=size, region=region, year=2024, overall=overall,
            sections=dict(zip(SECTIONS, secs, strict=True)),
            items=dict(zip(ITEMS, its, strict=True)),
        )
        for i, (size, region, overall, secs, its) in enumerate(rows)
    ]


def cell_n(group: dict | None, part: tuple[str, str]) -> int | None:
    """n_corporations of a published statistic in a public group dict, else None."""
    if group is None:
        return None
    kind, key = part
    if kind == "overall":
        cell = group["overall"]
    else:
        cell = group[kind].get(key)
    return None if cell is None else cell["n_corporations"]


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(corp_strategy, max_size=40), k=st.integers(3, 7))
def test_property_no_published_group_lets_anyone_be_isolated(rows, k):
    records = build(rows)
    outputs = [to_public_dict(sector_summary(records, k)), to_public_dict(sector_trend(records, k))]
    for by in ("size_class", "region"):
        table = segment_summary(records, by, k, 75.0)
        public = to_public_dict(table)
        outputs.append(public)
        members = {key: [r for r in records if getattr(r, by) == key] for key in
                   (SIZE_CLASSES if by == "size_class" else {r.region for r in records})}

        # suppressed segments hold 0 or >= k corporations together; the only exception
        # is a population below k, where nothing at all (not even the total) is published
        suppressed_n = sum(len(members[row.key]) for row in table.rows if row.suppressed)
        if len(records) >= k:
            assert suppressed_n == 0 or suppressed_n >= k
        else:
            assert public["total"] is None and public["segments"] == []
        # a table is only offered with at least two published segments
        assert (len(public["segments"]) >= 2) == table.available
        # published counts are the true counts
        for seg in public["segments"]:
            assert seg["n_corporations"] == len(members[seg["segment"]])

        # differencing: for every subset S of published segments, total - sum(S) is 0 or >= k,
        # for the corporations and for every single statistic (counting those with a score)
        parts = [("overall", "")] + [("sections", s) for s in SECTIONS] + [
            ("items", i) for i in ITEMS
        ]
        if public["total"] is not None:
            totals = [("n", public["total"]["n_corporations"],
                       [s["n_corporations"] for s in public["segments"]])]
            for part in parts:
                total_n = cell_n(public["total"], part)
                if total_n is not None:
                    seg_ns = [n for s in public["segments"] if (n := cell_n(s, part)) is not None]
                    totals.append((part, total_n, seg_ns))
            for _, total_n, seg_ns in totals:
                for size in range(len(seg_ns) + 1):
                    for subset in itertools.combinations(seg_ns, size):
                        rest = total_n - sum(subset)
                        assert rest == 0 or rest >= k, (by, total_n, seg_ns)

    # no published group or statistic rests on fewer than k corporations
    for public in outputs:
        for node in walk(public):
            if node.get("n_corporations") is not None:
                assert node["n_corporations"] >= k
        assert "org_key" not in json.dumps(public)


# --------------------------------------------------------------------------- org_key


def test_org_key_never_appears_in_public_output():
    keys = [987654, 876543, 765432, 654321, 543210, 432109, 321098, 210987]
    records = [
        corp(key, size=("S", "M")[i % 2], region=("Noord", "Zuid")[i // 4],
             year=2023 + i % 2, overall=float(10 * i + 5),
             sections={"draagvlak": float(10 * i + 1), "signaleren": float(i + 60)},
             items={"draagvlak-01": float(12 * i), "signaleren-02": 50.0})
        for i, key in enumerate(keys)
    ]
    latest = latest_per_corporation(records)
    outputs = [
        to_public_dict(sector_summary(latest, 3)),
        to_public_dict(segment_summary(latest, "size_class", 3, 75.0)),
        to_public_dict(segment_summary(latest, "region", 3, 75.0)),
        to_public_dict(sector_trend(records, 3)),
        to_public_dict(own_position(records[0], latest, 3)),
    ]
    # the output is non-trivial (something is actually published)
    assert outputs[0]["n_corporations"] == 8
    for public in outputs:
        text = json.dumps(public)
        assert "org_key" not in text
        for key in keys:
            assert not re.search(rf"\b{key}\b", text), key
    # nor in the returned models themselves
    for model in (sector_summary(latest, 3), segment_summary(latest, "region", 3, 75.0)):
        text = model.model_dump_json()
        assert "org_key" not in text and not any(str(key) in text for key in keys)


# --------------------------------------------------------------------------- trend


def test_trend_per_year_with_suppressed_years():
    records = (
        [corp(i, year=2022, overall=float(i * 10)) for i in range(1, 4)]  # 3 corporations
        + [corp(i, year=2023, overall=float(i * 10)) for i in range(1, 7)]  # 6
        + [corp(1, year=2023, overall=90.0)]  # a second round of corp 1 in 2023: the latest
    )
    points = sector_trend(records, K)
    assert [p.year for p in points] == [2022, 2023]
    assert points[0].suppressed and points[0].median_overall is None
    assert points[0].n_corporations is None
    p = points[1]
    assert p.n_corporations == 6
    assert p.median_overall == statistics.median([90.0, 20, 30, 40, 50, 60]) == 45.0
    assert p.section_medians == {"draagvlak": 45.0}
    public = to_public_dict(points)
    assert [y["year"] for y in public["years"]] == [2023]
    assert public["suppressed"] == [{"name": "2022", "reason": points[0].reason}]


# --------------------------------------------------------------------------- own position


def test_own_position_labels_against_sector_quartiles():
    values = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100]  # 2k = 10 corporations
    sector = [corp(i + 1, overall=v, sections={"a": v}) for i, v in enumerate(values)]
    # quartiles 32.5 / 55 / 77.5
    cases = {
        30.0: "onder het eerste kwartiel",
        32.5: "tussen Q1 en mediaan",
        55.0: "tussen Q1 en mediaan",
        60.0: "tussen mediaan en Q3",
        77.5: "tussen mediaan en Q3",
        80.0: "boven het derde kwartiel",
    }
    for score, label in cases.items():
        own = corp(99, overall=score, sections={"a": None})
        position = own_position(own, sector, K)
        assert position.overall.label == label
        assert (position.overall.sector.q1, position.overall.sector.median,
                position.overall.sector.q3) == (32.5, 55.0, 77.5)
        assert position.sections["a"].own_score is None
        assert position.sections["a"].label is None
        assert position.sections["a"].sector.median == 55.0


def test_own_position_in_a_small_sector_compares_with_the_median_only():
    """Five corporations with k = 5: the own position never shows Q1 or Q3 (rule 6)."""
    sector = [corp(i + 1, overall=v, sections={"a": v}) for i, v in enumerate([10, 20, 30, 40, 50])]
    cases = {15.0: "op of onder de mediaan", 30.0: "op of onder de mediaan", 30.1: "boven de mediaan"}
    for score, label in cases.items():
        position = own_position(corp(99, overall=score, sections={"a": score}), sector, K)
        quartiles = position.overall.sector
        assert (quartiles.n_corporations, quartiles.q1, quartiles.median, quartiles.q3) == (5, None, 30.0, None)
        assert quartiles.withheld == benchmark.median_only_reason(10)
        assert position.overall.label == label
        assert position.sections["a"].sector.q1 is None
        public = to_public_dict(position)
        assert public["overall"]["sector"]["q1"] is None and public["overall"]["sector"]["q3"] is None


def test_own_position_suppressed_when_sector_is_small():
    sector = population({"M": K - 1})
    position = own_position(corp(99, overall=70.0), sector, K)
    assert position.suppressed and position.n_corporations is None
    assert position.overall.own_score == 70.0
    assert position.overall.sector is None and position.overall.label is None
    assert position.overall.reason.startswith("Minder dan 5")


def test_own_position_never_includes_other_corporations_values():
    # six sector corporations: inclusive quartiles interpolate, so no single value is shown
    values = [11.1, 23.4, 37.7, 52.9, 68.3, 94.6]
    sector = [
        corp(500 + i, overall=v, sections={"a": v + 0.2}, items={"a-01": v + 0.3})
        for i, v in enumerate(values)
    ]
    own = corp(42, overall=61.0, sections={"a": 62.0}, items={"a-01": 63.0})
    public = to_public_dict(own_position(own, sector, K))
    text = json.dumps(public)
    numbers = {float(x) for x in re.findall(r"-?\d+(?:\.\d+)?", text)}
    others = {round(v + d, 1) for v in values for d in (0.0, 0.2, 0.3)}
    assert not numbers & others
    q = statistics.quantiles(values, n=4, method="inclusive")
    assert public["overall"]["sector"]["median"] == round(q[1], 1)
    assert public["overall"]["own_score"] == 61.0
    assert "items" not in public  # own_position compares overall and sections only
    assert not any("500" in s for s in re.findall(r"\d+", text))
