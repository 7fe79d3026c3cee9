"""Measurements that run in a fresh process (cold caches), one probe per call.

    python -m benchmarks.probes pages --page resultaten --org synth-0150 --runs 15
    python -m benchmarks.probes aggregate --runs 5 [--memory]
    python -m benchmarks.probes exports --org synth-0150 --runs 5

The database is the one in DATABASE_URL. Each probe prints one JSON object on stdout;
times are in seconds. Used by :mod:`benchmarks.run`.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = {
    "resultaten": ("readiness/ui/pages/resultaten.py", "Resultaten"),
    "voortgang": ("readiness/ui/pages/voortgang.py", "Voortgang"),
    "denktank": ("readiness/ui/pages/denktank.py", "Denktank"),
}


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


# --------------------------------------------------------------------------- pages


def probe_pages(page: str, org: str, runs: int) -> dict:
    """The page script through AppTest: the first run in this process (cold: imports,
    empty st.cache_data) and the median of `runs` reruns (warm)."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    path, title = PAGES[page]
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.query_params = {"org": org}
    started = time.perf_counter()
    at.run()  # the start page: opens the App (engine, migrations check, checklist)
    start_page = time.perf_counter() - started
    _check(at, "Start")
    st.cache_data.clear()

    started = time.perf_counter()
    at.switch_page(path).run()
    cold = time.perf_counter() - started
    _check(at, title)
    warm = []
    for _ in range(runs):
        started = time.perf_counter()
        at.run()
        warm.append(time.perf_counter() - started)
        _check(at, title)
    return {"page": page, "start_page_s": start_page, "cold_s": cold, "warm_median_s": _median(warm), "warm_s": warm}


def _check(at, title: str) -> None:
    if at.exception:
        raise SystemExit(f"the page raised: {at.exception}")
    titles = [t.value for t in at.title]
    if title != "Start" and title not in titles:
        raise SystemExit(f"expected the page '{title}', got titles {titles}")


# --------------------------------------------------------------------------- sector publication


def _compute_publication(app) -> tuple[float, float, int, float]:
    """What creating a publication computes, without storing it (a second stored one
    would be refused: nothing changed): the records (query + scoring + "weet ik niet"
    counts) and the OpenDP release with the figures. Returns both durations, the number
    of corporations and the CPU time of the whole."""
    import datetime as dt

    from readiness.scoring import target_pct
    from readiness.sector import mechanisms, publications as figures, rules
    from readiness.services import publications

    cpu = time.process_time()
    started = time.perf_counter()
    today = app.today()
    records, _ = publications._records(app, today)
    population = rules.population(records, None, today)
    counts = app.repo.round_answer_counts([r.round_key for r in population])
    population = figures.with_dont_know(population, counts)
    loaded = time.perf_counter()
    goal = target_pct(app.settings.target_level)
    figures.release_figures(
        app.checklist, figures.rows_of(population, app.checklist, goal), app.settings.sector_rho, mechanisms,
        label="bench", reference_date=today, year=None, k=app.settings.min_group_size, target_pct=goal,
        demo=False, created_at=dt.datetime.now(dt.UTC), role="beheerder", delta=rules.DELTA,
    )  # fmt: skip
    return loaded - started, time.perf_counter() - loaded, len(population), time.process_time() - cpu


def probe_aggregate(runs: int, memory: bool) -> dict:
    """Creating a sector publication: the first one is stored for real (``publish``,
    as `readiness publish` does; the Denktank page then has one to show), the warm runs
    compute the same without storing."""
    from readiness.services import open_app, publications

    app = open_app(migrate_db=False)
    if memory:
        tracemalloc.start()
        _compute_publication(app)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return {"peak_mb": peak / 1e6}
    started = time.perf_counter()
    try:
        made = publications.publish(app, f"Benchmark {time.time():.0f}")
        first = time.perf_counter() - started
        n = made.figures["sector"]["n_corporations"]  # released with noise: no exact count is published
    except publications.PublicationRefused:  # one exists already for this data
        load, views, n, _ = _compute_publication(app)
        first = load + views
    warm = [_compute_publication(app) for _ in range(runs)]
    return {
        "n_records": n,
        "first_s": first,
        "median_s": _median([a + b for a, b, _, _ in warm]),
        "cpu_median_s": _median([c for *_, c in warm]),
        "load_records_median_s": _median([a for a, _, _, _ in warm]),
        "views_median_s": _median([b for _, b, _, _ in warm]),
    }


# --------------------------------------------------------------------------- exports


def probe_exports(org: str, runs: int) -> dict:
    from readiness.services import open_app, reports

    app = open_app(migrate_db=False)
    out = {}
    for fmt in ("pdf", "docx", "xlsx"):
        started = time.perf_counter()
        _, content = reports.render(app, org, fmt)
        first = time.perf_counter() - started
        warm = []
        for _ in range(runs):
            started = time.perf_counter()
            reports.render(app, org, fmt)
            warm.append(time.perf_counter() - started)
        out[fmt] = {"first_s": first, "median_s": _median(warm), "bytes": len(content)}
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.probes")
    sub = parser.add_subparsers(dest="probe", required=True)
    p = sub.add_parser("pages")
    p.add_argument("--page", choices=PAGES, required=True)
    p.add_argument("--org", required=True)
    p.add_argument("--runs", type=int, default=15)
    p = sub.add_parser("aggregate")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--memory", action="store_true")
    p = sub.add_parser("exports")
    p.add_argument("--org", required=True)
    p.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    if "DATABASE_URL" not in os.environ:
        parser.error("set DATABASE_URL")
    if args.probe == "pages":
        result = probe_pages(args.page, args.org, args.runs)
    elif args.probe == "aggregate":
        result = probe_aggregate(args.runs, args.memory)
    else:
        result = probe_exports(args.org, args.runs)
    json.dump(result, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
