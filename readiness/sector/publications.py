"""Computing a sector publication (pure: no database, no framework, no noise of its own).

``build_records`` turns the store's per-round item means into
:class:`~readiness.sector.rules.CorporationRecord`; ``parts`` lists what a publication
can release, in the order the usefulness floor adds them (:mod:`readiness.sector.plan`);
``assemble`` turns what the OpenDP mechanisms released (handed in by the caller, see
:mod:`readiness.sector.mechanisms`) into the published figures, post-processed so that
they agree with each other (phase counts add up to the shown total, shares to 100), and
into one JSON-ready dict, stored as it is and never changed. ``compare`` gives the
differences between two stored publications (published figures only).

Relative weights of the budget of step 2 (only the chosen parts share it):

=========================================  ======  ===================================
headline: corporations per phase               2   one histogram
headline: median of the total score            4   two quantiles (its interval's ends)
section medians (6)                        6 x 1   two quantiles each
per question (20)                        20 x .4   one histogram each
Q1 and Q3 of the seven scores           14 x .5   two quantiles each
per size class and phase                    3   one histogram
per region and phase                        3   one histogram
=========================================  ======  ===================================

The number of corporations is released first, with ``plan.COUNT_SHARE`` of ρ; the
shown total combines it with the sum of the phase counts (inverse-variance weights:
post-processing, no privacy cost).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from readiness.models import REGIONS, SIZE_CLASSES, Checklist
from readiness.sector import plan, rules
from readiness.sector.plan import Part, Stat
from readiness.sector.rules import CorporationRecord

SCHEMA_VERSION = 2
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


def parts(checklist: Checklist) -> list[Part]:
    """What a publication can release, in the order the usefulness floor adds it."""
    col = columns(checklist)
    levels = tuple(str(p.level) for p in sorted(checklist.phases, key=lambda p: p.level))
    scores = ["overall", *(f"section:{s.id}" for s in checklist.sections)]

    def quantile(score: str, stat: str, alpha: float, weight: float) -> Stat:
        return Stat(f"{score}:{stat}", "quantile", col[score], weight, alpha=alpha)

    return [
        Part(plan.HEADLINE, (
            Stat("phases", "histogram", col["phase"], 2.0, levels),
            quantile("overall", "median", 0.5, 4.0),
        )),
        Part(plan.SECTIONS, tuple(quantile(f"section:{s.id}", "median", 0.5, 1.0) for s in checklist.sections)),
        Part(plan.ITEMS, tuple(
            Stat(f"item:{i.id}", "histogram", col[f"item:{i.id}"], 0.4, rules.ITEM_CATEGORIES) for i in checklist.items
        )),
        Part(plan.QUARTILES, tuple(
            quantile(score, stat, alpha, 0.5) for score in scores for stat, alpha in (("q1", 0.25), ("q3", 0.75))
        )),
        Part(plan.SEGMENTS, (Stat("size_class", "segments", col["size_class"], 3.0,
                                  tuple(f"{g}/{lv}" for g in SIZE_CLASSES for lv in levels), groups=len(SIZE_CLASSES)),)),
        Part(plan.REGIONS, (Stat("region", "segments", col["region"], 3.0,
                                 tuple(f"{g}/{lv}" for g in REGIONS for lv in levels), groups=len(REGIONS)),)),
    ]  # fmt: skip


# --------------------------------------------------------------------------- assembling


def largest_remainder(values: Sequence[float], total: int) -> list[int]:
    """Whole numbers, each within 1 of its value (clamped at 0), that add up to `total`."""
    clamped = [max(0.0, v) for v in values]
    mass = sum(clamped)
    if total <= 0:
        return [0 for _ in values]
    if mass <= 0:
        clamped, mass = [1.0 for _ in values], float(len(values))
    scaled = [v * total / mass for v in clamped]
    out = [math.floor(v) for v in scaled]
    order = sorted(range(len(scaled)), key=lambda i: (out[i] - scaled[i], i))
    for i in order[: total - sum(out)]:
        out[i] += 1
    return out


def _ceil(value: float) -> int:
    return max(1, math.ceil(value - 1e-9))


def _shares(counts: Sequence[int]) -> list[int] | None:
    """Percentages of whole counts, whole numbers adding up to 100."""
    total = sum(counts)
    return None if total <= 0 else largest_remainder([100.0 * c / total for c in counts], 100)


def _quantile_figure(ends: Mapping[str, float]) -> tuple[int, int]:
    """The released interval as a whole number and its margin: the middle (halves
    rounded up, as every score) and the distance to the farther end plus the
    tie-breaking jitter and one candidate step (plan.QUANTILE_SLACK), rounded up."""
    low, high = sorted((ends["low"], ends["high"]))
    value = math.floor((low + high) / 2 + 0.5)
    return value, _ceil(max(value - low, high - value) + plan.QUANTILE_SLACK)


DEMO_WIDE_NOTE = (
    "Demo: bij zo weinig corporaties zou een echte publicatie worden geweigerd, omdat de mediaan van de "
    "totaalscore een te brede marge heeft; hier staat die ter illustratie, met die brede marge."
)


def _scores(released: Any, checklist: Checklist, chosen: set[str], demo: bool = False) -> tuple[dict, dict, list[str]]:
    """The overall score and the sections: median, Q1, Q3 with their margins; a figure
    wider than the floor is withheld (post-processing). Returns (overall, sections,
    withheld parts)."""
    values = released.values
    withheld: list[str] = []
    no_quartiles: list[str] = []
    titles = {"overall": "de totaalscore", **{f"section:{s.id}": s.title for s in checklist.sections}}

    def one(score: str, with_median: bool, wide_allowed: bool = False) -> dict[str, Any] | None:
        out: dict[str, Any] = {"median": None, "margin": None, "q1": None, "q1_margin": None,
                               "q3": None, "q3_margin": None}  # fmt: skip
        if with_median:
            median, margin = _quantile_figure(values[f"{score}:median"])
            if margin > plan.SCORE_FLOOR and not wide_allowed:
                return None
            out["median"], out["margin"] = median, margin
        if plan.QUARTILES in chosen:
            q1, m1 = _quantile_figure(values[f"{score}:q1"])
            q3, m3 = _quantile_figure(values[f"{score}:q3"])
            if max(m1, m3) <= plan.SCORE_FLOOR and out["median"] is not None:
                q1, q3 = min(q1, out["median"]), max(q3, out["median"])  # ordered: post-processing
                out.update(q1=q1, q1_margin=m1, q3=q3, q3_margin=m3)
            elif out["median"] is not None:
                no_quartiles.append(titles[score])
        return out

    overall = one("overall", True, wide_allowed=demo)
    if demo and overall["margin"] > plan.SCORE_FLOOR:
        withheld.append(DEMO_WIDE_NOTE)
    if overall is None:
        raise plan.HeadlineNotUseful(
            "de mediaan van de totaalscore zou een marge van meer dan "
            f"{plan.SCORE_FLOOR:.0f} punten hebben: te weinig corporaties voor een betrouwbaar cijfer, want de "
            "scores liggen bij zo weinig corporaties te ver uit elkaar."
        )
    sections: dict[str, Any] = {}
    if plan.SECTIONS in chosen:
        for s in checklist.sections:
            sections[s.id] = one(f"section:{s.id}", True)
        if any(v is None for v in sections.values()):
            withheld.append(
                "Mediaan van "
                + ", ".join(s.title for s in checklist.sections if sections[s.id] is None)
                + f": niet gepubliceerd, {plan.WITHHELD_SENTENCE}."
            )
    if no_quartiles:
        withheld.append(f"Q1 en Q3 van {', '.join(no_quartiles)}: niet gepubliceerd, {plan.WITHHELD_SENTENCE}.")
    return overall, sections, withheld


def _phases(cells: Sequence[int], names: Sequence[tuple[int, str]], shown_total: int, margin: int, share_margin: int):
    """Phase counts moved onto the shown total (least squares: the difference spread
    evenly), whole and adding up to it, with shares adding up to 100."""
    shift = (shown_total - sum(cells)) / len(cells)
    counts = largest_remainder([c + shift for c in cells], shown_total)
    shares = _shares(counts) or [0 for _ in counts]
    return [
        {"level": level, "name": name, "count": count, "margin": margin, "share": share, "share_margin": share_margin}
        for (level, name), count, share in zip(names, counts, shares, strict=True)
    ]


def _items(released: Any, checklist: Checklist, rho_of: Mapping[str, float], mech: Any, n_low: float) -> dict[str, Any]:
    items = {}
    for item in checklist.items:
        name = f"item:{item.id}"
        cells = released.values[name][:3]  # at target, below, does not know (no score: left out)
        margin = mech.count_margin(rho_of[name])
        total = max(0.0, float(sum(cells)))
        # corporations without any score on the item do not count: the smaller of the two
        low = max(1.0, min(n_low, total - mech.count_margin(rho_of[name], 3)))
        counts = largest_remainder(cells, int(round(total)))
        shares = _shares(counts)
        if shares is None:
            continue
        items[item.id] = {
            "share_at_target": shares[0], "share_below": shares[1], "share_dont_know": shares[2],
            "margin": _ceil(100.0 * margin / low),
        }  # fmt: skip
    return items


def _segments(released: Any, rho_of: Mapping[str, float], names, k: int, mech: Any) -> dict[str, Any]:
    m = rules.small_group_minimum(k)
    segments = {}
    for by, keys in (("size_class", list(SIZE_CLASSES)), ("region", list(REGIONS))):
        if by not in released.values:
            segments[by] = {"by": by, "available": False, "rows": [], "withheld": [],
                            "reason": f"Per {BREAKDOWNS[by]}: niet gepubliceerd, {plan.WITHHELD_SENTENCE}."}  # fmt: skip
            continue
        cells = list(released.values[by])
        width = len(names)
        per_key = {key: cells[i * width:(i + 1) * width] for i, key in enumerate(keys)}
        cell_margin = mech.count_margin(rho_of[by])
        size_margin = _ceil(mech.count_margin(rho_of[by], width))
        # the raw sum (noise of mean zero), clamped once: clamping each cell first would
        # add a bias of about one margin per phase and make empty segments look filled
        sizes = {key: float(max(0, sum(per_key[key]))) for key in keys}
        useful = {key: size_margin <= plan.COUNT_FLOOR * sizes[key] for key in keys}
        statuses = rules.segment_statuses({key: sizes[key] if useful[key] else 0.0 for key in keys}, k)
        rows = []
        for key in keys:
            st = statuses[key]
            reason = {
                rules.TOO_FEW: f"Te weinig corporaties voor een betrouwbaar cijfer (en minder dan {k} niet getoond).",
                rules.MEDIAN_ONLY: rules.median_only_reason(m),
                rules.COMPLEMENTARY: rules.complementary_reason(m),
            }.get(st)
            row: dict[str, Any] = {
                "key": key, "label": f"{key} ({SIZE_CLASSES[key]})" if by == "size_class" else key,
                "status": st, "reason": reason, "n_corporations": None, "n_margin": None, "phases": None,
            }  # fmt: skip
            if st in (rules.SHOWN, rules.MEDIAN_ONLY):
                size = int(round(sizes[key]))
                row["n_corporations"], row["n_margin"] = size, size_margin
                if st == rules.SHOWN and 100.0 * cell_margin / max(sizes[key] - size_margin, 1.0) <= plan.SHARE_FLOOR:
                    share_margin = _ceil(100.0 * cell_margin / max(sizes[key] - size_margin, 1.0))
                    row["phases"] = _phases(per_key[key], names, size, _ceil(cell_margin), share_margin)
            rows.append(row)
        visible = [r for r in rows if r["status"] in (rules.SHOWN, rules.MEDIAN_ONLY)]
        ok = len(visible) >= 2
        segments[by] = {
            "by": by,
            "available": ok,
            "reason": None if ok else (
                f"Per {BREAKDOWNS[by]} zijn er geen twee groepen met genoeg corporaties voor een betrouwbaar "
                "cijfer: daarom geen tabel."
            ),
            "rows": visible if ok else [],
            # only groups that hold corporations by their released size are named
            "withheld": [
                {"key": r["key"], "label": r["label"], "reason": r["reason"]}
                for r in rows if r not in visible and sizes[r["key"]] > size_margin
            ] if ok else [],
        }  # fmt: skip
    return segments


def assemble(
    *,
    checklist: Checklist,
    counted: Any,
    released: Any,
    decision: plan.Decision,
    mech: Any,
    label: str,
    reference_date: dt.date,
    year: int | None,
    k: int,
    target_pct: float,
    demo: bool,
    created_at: dt.datetime,
    role: str,
    delta: float,
) -> dict[str, Any]:
    """The published figures (JSON-ready) from the two steps the mechanisms released:
    `counted` (the number of corporations) and `released` (the chosen statistics)."""
    m = rules.small_group_minimum(k)
    phases = sorted(checklist.phases, key=lambda p: p.level)
    names = [(p.level, p.name) for p in phases]
    rho_of = {stat.name: rho for stat, rho in plan.split(decision)}
    chosen = {p.key for p in decision.parts}

    # the shown total: the released count and the sum of the phase counts, weighted by
    # the inverse of their noise variance
    n1, v1 = float(counted.values["n"]), mech.gaussian_scale(counted.rho) ** 2
    phase_cells = released.values["phases"][: len(names)]
    s, v2 = float(sum(phase_cells)), len(names) * mech.gaussian_scale(rho_of["phases"]) ** 2
    total = (n1 / v1 + s / v2) / (1 / v1 + 1 / v2)
    total_margin = _ceil(mech.count_accuracy(math.sqrt(1 / (1 / v1 + 1 / v2))))
    shown_total = max(0, int(round(total)))
    cell_margin = mech.count_margin(rho_of["phases"])
    phase_margin = _ceil(cell_margin + total_margin / len(names))  # the cell's noise and its share of the shift
    # a share's margin: a cell's margin over the number the plan counted on (plan.predicted)
    share_margin = _ceil(100.0 * cell_margin / max(decision.n_low, 1.0))

    overall, sections, withheld = _scores(released, checklist, chosen, demo)
    sector: dict[str, Any] = {
        "n_corporations": shown_total,
        "n_margin": total_margin,
        "status": rules.SHOWN,
        "reason": None,
        "phases": _phases(phase_cells, names, shown_total, phase_margin, share_margin),
        "overall": overall,
        "sections": sections,
        "items": _items(released, checklist, rho_of, mech, decision.n_low) if plan.ITEMS in chosen else {},
        "most_missed": [],
        "withheld": [f"{plan.PART_TITLES[key]}: niet gepubliceerd, {plan.WITHHELD_SENTENCE}." for key in decision.withheld
                     if key not in (plan.SEGMENTS, plan.REGIONS)] + withheld,  # groups: said in their own table
    }  # fmt: skip
    items = sector["items"]
    ranked = sorted((i for i in checklist.items if i.id in items), key=lambda i: (items[i.id]["share_at_target"], i.number))
    sector["most_missed"] = [i.id for i in ranked[: rules.MOST_MISSED_COUNT]]
    segments = _segments(released, rho_of, names, k, mech)

    rho = counted.rho + released.rho
    rho_change = counted.rho_change + released.rho_change
    return {
        "kind": "voordeurcheck_sector_publication",
        "schema_version": SCHEMA_VERSION,
        "label": label,
        "reference_date": reference_date.isoformat(),
        "selection": {"year": year, "label": rules.selection_label(year)},
        "created_at": created_at.isoformat(timespec="seconds"),
        "published_by_role": role,
        "checklist_version": checklist.version,
        "demo_data": demo,
        "parameters": {
            "k": k,
            "small_group_minimum": m,
            "target_pct": target_pct,
            "rho": round(rho, 6),
            "epsilon": round(mech.epsilon_of(rho, delta), 4),
            "rho_record_change": round(rho_change, 6),
            "epsilon_record_change": round(mech.epsilon_of(rho_change, delta), 4),
            "delta": delta,
            "confidence": rules.CONFIDENCE,
            "floors": {"share_points": plan.SHARE_FLOOR, "score_points": plan.SCORE_FLOOR,
                       "count_share": plan.COUNT_FLOOR},
            "mechanisms": "OpenDP: discrete Gaussian (aantallen), exponentieel mechanisme (kwantielen)",
        },
        "sector": sector,
        "segments": segments,
        "sections": {s.id: s.title for s in checklist.sections},
        "items": {i.id: {"number": i.number, "question": i.question, "section": checklist.section_of(i.id).id}
                  for i in checklist.items},
        "explanations": dict(rules.EXPLANATIONS),
    }  # fmt: skip


def release_figures(
    checklist: Checklist, rows: Sequence[tuple], rho: float, mech: Any, **meta: Any
) -> tuple[dict[str, Any] | None, str | None, float]:
    """The two OpenDP steps with the usefulness floor between them: (figures, None, ρ),
    or (None, Dutch reason with the number of corporations needed, ρ spent) when the
    headline would not be useful. `meta` holds assemble's other arguments (label, reference_date, year,
    k, target_pct, demo, created_at, role, delta)."""
    all_parts = parts(checklist)
    count_rho = rho * plan.COUNT_SHARE
    n_released, counted = mech.release_count(rows, count_rho)
    decision = plan.decide(all_parts, rho - count_rho, plan.n_low(n_released, mech.count_margin(count_rho)), mech)
    needed = plan.needed(all_parts, rho, mech)
    cost = "" if meta["demo"] else f" Het tellen kostte ρ = {rules.fmt_budget(count_rho)} van het privacybudget."
    if decision is None:
        return None, (
            f"Publiceren kan nu niet: bij zo weinig corporaties (de telling met ruis gaf er {max(0, n_released)}) "
            "zouden het aantal, de verdeling over fasen en de mediaan van de totaalscore vooral ruis zijn. "
            f"Daarvoor zijn ongeveer {needed} corporaties nodig.{cost}"
        ), count_rho
    released = mech.release(rows, plan.split(decision), decision.n_low)
    try:
        figures = assemble(checklist=checklist, counted=counted, released=released, decision=decision, mech=mech, **meta)
    except plan.HeadlineNotUseful as exc:
        spent = "" if meta["demo"] else f" Deze poging kostte ρ = {rules.fmt_budget(rho)} van het privacybudget."
        return None, f"Publiceren kan nu niet: {exc} Meer corporaties maken die marge kleiner.{spent}", rho
    return figures, None, rho


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
        if sa["overall"] and sb["overall"]:
            add("Mediaan totaalscore", sa["overall"]["median"], sb["overall"]["median"])
        for sid, title in later["sections"].items():
            a, b = sa["sections"].get(sid), sb["sections"].get(sid)
            if a and b:
                add(f"Mediaan {title}", a["median"], b["median"])
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
