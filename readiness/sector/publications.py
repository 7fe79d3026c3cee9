"""Computing a sector publication (pure: no database, no framework, no noise of its own).

``build_records`` turns the store's per-round item means into
:class:`~readiness.sector.rules.CorporationRecord`; ``statistics_plan`` says what a
publication releases and how the budget is split; ``assemble`` turns what the OpenDP
mechanisms released (handed in by the caller, see :mod:`readiness.sector.mechanisms`)
into the published figures: one JSON-ready dict, stored as it is and never changed.
``compare`` gives the differences between two stored publications (published
figures only).

Budget split (fractions of the publication's ρ; every extra statistic costs accuracy
on the others, so only what the denktank uses is released):

===============================  ======  ==============================================
number of corporations            0.05   one count
corporations per readiness phase  0.10   one histogram
per size class and phase          0.05   one histogram (the size classes split the sector)
per region and phase              0.05   one histogram
per item: at target / below /     0.55   one histogram per item (20), shares and "weet
  does not know                          ik niet" from the same release
Q1, median, Q3 of the overall     0.20   21 quantiles (7 scores x 3)
  score and of every section
===============================  ======  ==============================================
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any, Protocol

from readiness.models import REGIONS, SIZE_CLASSES, Checklist
from readiness.sector import rules
from readiness.sector.rules import CorporationRecord

SCHEMA_VERSION = 1
WEIGHTS = {"n": 0.05, "phases": 0.10, "size_class": 0.05, "region": 0.05, "items": 0.55, "quantiles": 0.20}
QUANTILES = (("q1", 0.25), ("median", 0.5), ("q3", 0.75))
BREAKDOWNS = {"size_class": "grootteklasse", "region": "regio"}


# --------------------------------------------------------------------------- records


def phase_of(checklist: Checklist, sections: Mapping[str, float | None], target_pct: float) -> int:
    """The readiness phase (as readiness.scoring.readiness_phase): the highest phase
    whose required sections, and those of every earlier phase, are at target."""
    at_target = {sid for sid, v in sections.items() if v is not None and v >= target_pct - 1e-9}
    phases = sorted(checklist.phases, key=lambda p: p.level)
    reached = phases[0].level
    for phase in phases[1:]:
        if not set(phase.requires) <= at_target:
            break
        reached = phase.level
    return reached


def build_records(checklist: Checklist, rows: Iterable[Any], target_pct: float) -> list[CorporationRecord]:
    """One record per final round from the store's ``RoundMeans`` (scores as in
    readiness.scoring: item mean 0-4 -> 0-100, a section is the mean of its scored
    items, the overall score the mean of all scored items)."""
    item_order = [item.id for item in checklist.items]
    spans, start = [], 0
    for section in checklist.sections:
        spans.append((section.id, start, start + len(section.items)))
        start += len(section.items)
    records = []
    for row in rows:
        means = dict(zip(row.item_ids, row.means, strict=True))
        scores = [None if (m := means.get(i)) is None else m * 25.0 for i in item_order]
        sections: dict[str, float | None] = {}
        for sid, a, b in spans:
            part = [x for x in scores[a:b] if x is not None]
            sections[sid] = sum(part) / len(part) if part else None
        scored = [x for x in scores if x is not None]
        records.append(CorporationRecord(
            org_key=row.org_id, round_key=row.round_id, round_date=row.round_date,
            size_class=row.size_class, region=row.region,
            overall=sum(scored) / len(scored) if scored else None,
            sections=sections, items=dict(zip(item_order, scores, strict=True)),
            phase=phase_of(checklist, sections, target_pct),
        ))  # fmt: skip
    return records


def with_dont_know(
    records: Sequence[CorporationRecord], counts: Mapping[int, Mapping[str, tuple[int, int]]]
) -> list[CorporationRecord]:
    """Mark the items a corporation does not know: at least 30% of its answers to the
    item were "weet ik niet". `counts[round][item]` = (n "weet ik niet", n answers)."""
    out = []
    for r in records:
        per_item = counts.get(r.round_key, {})
        unknown = frozenset(
            item for item, (n_dk, n_all) in per_item.items()
            if n_dk and n_all and n_dk / n_all >= rules.DONT_KNOW_SHARE
        )  # fmt: skip
        out.append(replace(r, dont_know=unknown))
    return out


# --------------------------------------------------------------------------- the plan


class Spec(Protocol):
    name: str


def columns(checklist: Checklist) -> dict[str, int]:
    """Field positions of a corporation's row."""
    names = ["phase", "size_class", "region", "overall"]
    names += [f"section:{s.id}" for s in checklist.sections]
    names += [f"item:{i.id}" for i in checklist.items]
    return {name: index for index, name in enumerate(names)}


def rows_of(records: Sequence[CorporationRecord], checklist: Checklist, target_pct: float) -> list[tuple]:
    """One row per corporation, in the order of :func:`columns`."""
    out = []
    for r in records:
        row: list[str | float | None] = [
            str(r.phase), f"{r.size_class}/{r.phase}", f"{r.region}/{r.phase}", r.overall,
        ]
        row += [r.sections.get(s.id) for s in checklist.sections]
        row += [r.item_category(i.id, target_pct) for i in checklist.items]
        out.append(tuple(row))
    return out


def statistics_plan(checklist: Checklist, make: Any) -> list:
    """The statistics of a publication, as mechanism specs built by `make`
    (:mod:`readiness.sector.mechanisms` provides HistogramSpec, CountSpec, QuantileSpec)."""
    col = columns(checklist)
    levels = [str(p.level) for p in sorted(checklist.phases, key=lambda p: p.level)]
    specs = [
        make.CountSpec("n", WEIGHTS["n"]),
        make.HistogramSpec("phases", col["phase"], tuple(levels), WEIGHTS["phases"]),
        make.HistogramSpec(
            "size_class", col["size_class"], tuple(f"{s}/{lv}" for s in SIZE_CLASSES for lv in levels), WEIGHTS["size_class"]
        ),
        make.HistogramSpec(
            "region", col["region"], tuple(f"{g}/{lv}" for g in REGIONS for lv in levels), WEIGHTS["region"]
        ),
    ]
    items = checklist.items
    for item in items:
        specs.append(make.HistogramSpec(
            f"item:{item.id}", col[f"item:{item.id}"], rules.ITEM_CATEGORIES, WEIGHTS["items"] / len(items)
        ))  # fmt: skip
    scores = ["overall", *(f"section:{s.id}" for s in checklist.sections)]
    for score in scores:
        for stat, alpha in QUANTILES:
            specs.append(make.QuantileSpec(
                f"{score}:{stat}", col[score], alpha, WEIGHTS["quantiles"] / (len(scores) * len(QUANTILES))
            ))  # fmt: skip
    return specs


# --------------------------------------------------------------------------- assembling


def _count(value: float) -> int:
    return max(0, int(round(value)))


def _margin(value: float) -> int:
    return max(1, math.ceil(value))


def _share_margin(accuracy: float, total: float) -> float | None:
    return None if total <= 0 else float(max(1, math.ceil(100.0 * accuracy / total)))


def _phases(cells: Sequence[int], names: Sequence[tuple[int, str]], accuracy: float) -> list[dict[str, Any]]:
    counts = [_count(c) for c in cells]
    total = sum(counts)
    return [
        {
            "level": level, "name": name, "count": count, "margin": _margin(accuracy),
            "share": rules.share(count, total), "share_margin": _share_margin(accuracy, total),
        }
        for (level, name), count in zip(names, counts, strict=False)
    ]  # fmt: skip


def _score(released: Any, name: str, n: float, full: bool) -> dict[str, Any]:
    q1, median, q3 = sorted(float(released.values[f"{name}:{stat}"]) for stat, _ in QUANTILES)
    rank_error = released.accuracy[f"{name}:median"]
    margin = rules.quantile_margin(rank_error, q1, q3, n)
    if not full:
        return {"q1": None, "median": median, "q3": None, "margin": None}
    return {"q1": q1, "median": median, "q3": q3, "margin": margin}


def assemble(
    *,
    checklist: Checklist,
    released: Any,
    label: str,
    reference_date: dt.date,
    year: int | None,
    k: int,
    target_pct: float,
    demo: bool,
    created_at: dt.datetime,
    created_by: str,
    n_rounds: int,
) -> dict[str, Any]:
    """The published figures (JSON-ready) from what the mechanisms released."""
    m = rules.small_group_minimum(k)
    phases = sorted(checklist.phases, key=lambda p: p.level)
    names = [(p.level, p.name) for p in phases]
    n = float(released.values["n"])
    status = rules.group_status(n, k)
    sector: dict[str, Any] = {
        "n_corporations": _count(n),
        "n_margin": _margin(released.accuracy["n"]),
        "status": status,
        "reason": {rules.TOO_FEW: rules.too_few_reason(k), rules.MEDIAN_ONLY: rules.median_only_reason(m)}.get(status),
        "phases": None,
        "overall": None,
        "sections": {},
        "items": {},
        "most_missed": [],
    }
    if status != rules.TOO_FEW:
        full = status == rules.SHOWN
        sector["overall"] = _score(released, "overall", n, full)
        sector["sections"] = {s.id: _score(released, f"section:{s.id}", n, full) for s in checklist.sections}
    if status == rules.SHOWN:
        sector["phases"] = _phases(released.values["phases"], names, released.accuracy["phases"])
        items = {}
        for item in checklist.items:
            cells = [_count(c) for c in released.values[f"item:{item.id}"]]
            total = sum(cells)  # at target, below, does not know, no score
            acc = released.accuracy[f"item:{item.id}"]
            items[item.id] = {
                "share_at_target": rules.share(cells[0], total),
                "share_below": rules.share(cells[1], total),
                "share_dont_know": rules.share(cells[2], total),
                "margin": _share_margin(acc, total),
            }
        sector["items"] = items
        ranked = sorted(
            (i for i in checklist.items if items[i.id]["share_at_target"] is not None),
            key=lambda i: (items[i.id]["share_at_target"], i.number),
        )
        sector["most_missed"] = [i.id for i in ranked[: rules.MOST_MISSED_COUNT]]

    segments = {}
    for by, keys in (("size_class", list(SIZE_CLASSES)), ("region", list(REGIONS))):
        cells = list(released.values[by])
        width = len(phases)
        per_key = {key: cells[i * width:(i + 1) * width] for i, key in enumerate(keys)}
        # the raw sum (noise of mean zero), clamped once: clamping each cell first would
        # add a bias of about one margin per phase and make empty segments look filled
        sizes = {key: float(max(0, sum(per_key[key]))) for key in keys}
        statuses = rules.segment_statuses(sizes, k)
        cell_acc = released.accuracy[by]
        size_acc = released.sum_accuracy(by, width)
        rows = []
        for key in keys:
            st = statuses[key]
            row: dict[str, Any] = {
                "key": key,
                "label": f"{key} ({SIZE_CLASSES[key]})" if by == "size_class" else key,
                "status": st,
                "reason": {
                    rules.TOO_FEW: rules.too_few_reason(k),
                    rules.MEDIAN_ONLY: rules.median_only_reason(m),
                    rules.COMPLEMENTARY: rules.complementary_reason(m),
                }.get(st),
                "n_corporations": None, "n_margin": None, "phases": None,
            }  # fmt: skip
            if st in (rules.SHOWN, rules.MEDIAN_ONLY):
                row["n_corporations"] = int(sizes[key])
                row["n_margin"] = _margin(size_acc)
            if st == rules.SHOWN:
                row["phases"] = _phases(per_key[key], names, cell_acc)
            rows.append(row)
        visible = [r for r in rows if r["status"] in (rules.SHOWN, rules.MEDIAN_ONLY)]
        segments[by] = {
            "by": by,
            "available": len(visible) >= 2,
            "reason": None if len(visible) >= 2 else (
                f"Per {BREAKDOWNS[by]} is er geen groep met minstens {k} corporaties naast een andere: "
                "daarom geen tabel."
            ),
            "rows": visible if len(visible) >= 2 else [],
            "withheld": [
                {"key": r["key"], "label": r["label"], "reason": r["reason"]} for r in rows if r not in visible
            ] if len(visible) >= 2 else [],
        }  # fmt: skip

    return {
        "kind": "voordeurcheck_sector_publication",
        "schema_version": SCHEMA_VERSION,
        "label": label,
        "reference_date": reference_date.isoformat(),
        "selection": {"year": year, "label": rules.selection_label(year)},
        "created_at": created_at.isoformat(timespec="seconds"),
        "created_by": created_by,
        "checklist_version": checklist.version,
        "demo_data": demo,
        "n_rounds_covered": n_rounds,
        "parameters": {
            "k": k,
            "small_group_minimum": m,
            "target_pct": target_pct,
            "rho": round(released.rho, 6),
            "epsilon": round(released.epsilon, 4),
            "delta": released.delta,
            "confidence": rules.CONFIDENCE,
            "mechanisms": "OpenDP: discrete Gaussian (aantallen), exponentieel mechanisme (kwartielen)",
        },
        "sector": sector,
        "segments": segments,
        "sections": {s.id: s.title for s in checklist.sections},
        "items": {i.id: {"number": i.number, "question": i.question, "section": checklist.section_of(i.id).id}
                  for i in checklist.items},
        "explanations": dict(rules.EXPLANATIONS),
    }  # fmt: skip


# --------------------------------------------------------------------------- comparing


def compare(earlier: Mapping[str, Any], later: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Differences of published figures between two publications (nothing recomputed).

    One row per figure that both publish: what, earlier value, later value, difference.
    """
    rows: list[dict[str, Any]] = []

    def add(what: str, a: float | None, b: float | None) -> None:
        if a is None or b is None:
            return
        rows.append({"wat": what, "eerder": a, "nu": b, "verschil": round(b - a, 1)})

    sa, sb = earlier["sector"], later["sector"]
    if sa["status"] != rules.TOO_FEW and sb["status"] != rules.TOO_FEW:
        add("Aantal corporaties", sa["n_corporations"], sb["n_corporations"])
        add("Mediaan totaalscore", sa["overall"]["median"], sb["overall"]["median"])
        for sid, title in later["sections"].items():
            if sid in sa["sections"] and sid in sb["sections"]:
                add(f"Mediaan {title}", sa["sections"][sid]["median"], sb["sections"][sid]["median"])
    if sa["phases"] and sb["phases"]:
        before = {p["level"]: p for p in sa["phases"]}
        for p in sb["phases"]:
            if p["level"] in before:
                add(f"Fase {p['level']} {p['name']} (% corporaties)", before[p["level"]]["share"], p["share"])
    for item_id, share in sb["items"].items():
        if item_id in sa["items"]:
            number = later["items"][item_id]["number"]
            add(f"Vraag {number}: % op streefniveau", sa["items"][item_id]["share_at_target"], share["share_at_target"])
    return rows
