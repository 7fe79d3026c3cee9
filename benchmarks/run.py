"""Measure Voordeurcheck at sector scale: ``python -m benchmarks.run``.

    python -m benchmarks.run [--scale 1x|10x|all] [--backend sqlite|postgresql|all] [--quick]

Scales: 1x = 300 corporations x 8 yearly rounds x 6 respondents (288,000 answers, about
the Dutch sector), 10x = 3,000 corporations (2.88 M answers). ``--quick`` uses 10
corporations x 3 rounds x 3 respondents with fewer repetitions: a smoke check of the
harness itself.

For every backend and scale: seed a fresh database with ``readiness seed-synthetic``
(SQLite databases are kept in ``--data-dir`` and reused while the seed, scale and
schema are unchanged; ``--fresh`` seeds again), then measure

- the Resultaten, Voortgang and Denktank page scripts through AppTest (cold: the first
  run in a fresh process; warm: median of reruns);
- the first render of every page in headless Chromium, against a bare one-line
  Streamlit page served in the same run (:mod:`benchmarks.pages`: fresh browser context,
  corporation in the URL, until the script state is "not running" and still is 150 ms later);
- ``readiness sector`` (wall time and peak RSS of the process) and the denktank
  aggregation in-process (time; peak Python memory with tracemalloc);
- PDF, DOCX and XLSX of one corporation (``reports.render``) and
  ``readiness export --all --format pdf`` (not at 10x unless ``--export-all-10x``).

PostgreSQL: a throw-away server is started the way the test suite does it
(``tests.conftest.LocalPostgres``), or use ``--postgres-url`` for an existing server
whose user may create databases. Results: ``benchmarks/results/<time>.json`` and
``benchmarks/results/latest.json`` (git-ignored), and a markdown table on stdout.
"""


from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from benchmarks import pages
from benchmarks.report import APPTEST_PAGES, markdown
from benchmarks.servers import (
    BIN,
    RESULTS,
    SCALES,
    create_pg_database,
    env_for,
    log,
    machine,
    postgres_server,
    probe,
    run_process,
    seed,
    sqlite_database,
)

# --------------------------------------------------------------------------- one backend x scale


PARTS = ("pages", "aggregate", "cli", "exports", "export_all", "browser")


@dataclass
class Options:
    runs: int
    browser_repeats: int
    timeout: float
    export_all_10x: bool
    parts: tuple[str, ...] = PARTS


def measure(url: str, scale: str, opts: Options) -> dict:
    corporations = SCALES[scale][0]
    org = f"synth-{max(1, corporations // 2):04d}"
    m: dict = {"org": org, "load_before": os.getloadavg()[0]}

    if "aggregate" in opts.parts:
        log("  creating a sector publication (the Denktank page then shows it)")
        result, done = probe("aggregate", ["--runs", str(max(5, opts.runs // 2))], url, opts.timeout)
        m["aggregate_records"] = result["n_records"]
        m["aggregate_first_s"] = result["first_s"]
        m["aggregate_s"] = result["median_s"]
        m["aggregate_cpu_s"] = result["cpu_median_s"]
        m["aggregate_load_s"] = result["load_records_median_s"]
        m["aggregate_views_s"] = result["views_median_s"]
        result, done = probe("aggregate", ["--memory"], url, opts.timeout)
        m["aggregate_peak_mb"] = result["peak_mb"]
        m["aggregate_maxrss_mb"] = done.maxrss_mb

    for page in APPTEST_PAGES if "pages" in opts.parts else ():
        log(f"  AppTest {page}")
        result, _ = probe("pages", ["--page", page, "--org", org, "--runs", str(opts.runs)], url, opts.timeout)
        m[f"page_{page}_cold_s"] = result["cold_s"]
        m[f"page_{page}_warm_s"] = result["warm_median_s"]

    if "cli" in opts.parts:
        log("  readiness orgs (median of 11 runs)")
        runs = [run_process([str(BIN / "readiness"), "orgs"], env_for(url), opts.timeout) for _ in range(12)][1:]
        m["cli_orgs_s"] = statistics.median(r.seconds for r in runs)
        m["cli_orgs_maxrss_mb"] = max(r.maxrss_mb for r in runs)
        log("  readiness sector")
        with tempfile.TemporaryDirectory() as tmp:
            done = run_process(
                [str(BIN / "readiness"), "sector", "--format", "json", "--out", f"{tmp}/sector.json"],
                env_for(url), opts.timeout,
            )  # fmt: skip
        m["cli_sector_s"] = done.seconds
        m["cli_sector_maxrss_mb"] = done.maxrss_mb

    if "exports" in opts.parts:
        log("  exports of one corporation")
        result, _ = probe("exports", ["--org", org, "--runs", str(max(3, opts.runs // 3))], url, opts.timeout)
        for fmt, values in result.items():
            m[f"export_{fmt}_first_s"] = values["first_s"]
            m[f"export_{fmt}_s"] = values["median_s"]

    if "export_all" not in opts.parts:
        pass
    elif scale != "10x" or opts.export_all_10x:
        log("  readiness export --all --format pdf")
        with tempfile.TemporaryDirectory() as tmp:
            done = run_process(  # through tree_cpu: the CPU of the workers too (benchmarks/tree_cpu.py)
                [sys.executable, "-m", "benchmarks.tree_cpu",
                 str(BIN / "readiness"), "export", "--all", "--format", "pdf", "--out", tmp],
                env_for(url), opts.timeout,
            )  # fmt: skip
            files = m["export_all_pdf_files"] = sum(1 for _ in Path(tmp).rglob("*.pdf"))
        tree = json.loads(done.stdout.strip().splitlines()[-1])
        m["export_all_pdf_s"] = done.seconds
        m["export_all_pdf_cpu_s"] = tree["cpu_s"]
        m["export_all_pdf_cpu_per_file_s"] = tree["cpu_s"] / max(1, files)
    else:
        m["export_all_pdf_s"] = None
        m["export_all_pdf_note"] = "not measured at 10x (pass --export-all-10x)"

    if "browser" in opts.parts:
        log("  headless Chromium first render of every page")
        m.update(browser_metrics(pages.measure(url, org, list(pages.PAGES), opts.browser_repeats)))
    m["load_after"] = os.getloadavg()[0]
    return m



def browser_metrics(result: dict) -> dict:
    """Flatten :func:`benchmarks.pages.measure` into the run's ``browser_*`` keys."""
    m: dict = {"browser_repeats": result["repeats"], "browser_load_before": result["load_before"],
               "browser_load_after": result["load_after"]}  # fmt: skip
    for name, r in result.items():
        if isinstance(r, dict) and "median_s" in r:
            m[f"browser_{name}_s"] = r["median_s"]
            m[f"browser_{name}_first_s"] = r["first_s"]
            m[f"browser_{name}_server_cpu_s"] = r["server_cpu_s"]
            m[f"browser_{name}_elements"] = (r.get("counts") or {}).get("elements")
            if name != "bare":
                m[f"browser_{name}_ratio"] = r["ratio"]
    return m


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=["1x", "10x", "all"], default="all")
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "all"], default="all")
    parser.add_argument("--quick", action="store_true", help="tiny scale, few repetitions: a smoke check")
    parser.add_argument("--seed", type=int, default=2018)
    parser.add_argument("--data-dir", type=Path, default=Path(tempfile.gettempdir()) / "voordeurcheck-bench")
    parser.add_argument("--fresh", action="store_true", help="seed the SQLite databases again")
    parser.add_argument("--postgres-url", help="an existing PostgreSQL server (user may CREATE DATABASE)")
    parser.add_argument("--runs", type=int, help="warm repetitions per page (default 15, quick 3)")
    parser.add_argument("--browser-repeats", type=int, help="browser visits per page (default 7, quick 2)")
    parser.add_argument(
        "--parts", default=",".join(PARTS),
        help=f"comma-separated measurements (default all: {','.join(PARTS)}); seeding always runs",
    )  # fmt: skip
    parser.add_argument("--export-all-10x", action="store_true", help="also export all PDFs at 10x (slow)")
    parser.add_argument("--timeout", type=float, default=3600, help="limit per step in seconds")
    args = parser.parse_args(argv)

    scales = ["quick"] if args.quick else (["1x", "10x"] if args.scale == "all" else [args.scale])
    backends = ["sqlite", "postgresql"] if args.backend == "all" else [args.backend]
    opts = Options(
        runs=args.runs or (3 if args.quick else 15),
        browser_repeats=args.browser_repeats or (2 if args.quick else 7),
        timeout=args.timeout,
        export_all_10x=args.export_all_10x,
        parts=tuple(p for p in args.parts.split(",") if p),
    )
    unknown = set(opts.parts) - set(PARTS)
    if unknown:
        parser.error(f"unknown --parts: {', '.join(sorted(unknown))}")
    command = "python -m benchmarks.run " + " ".join(argv if argv is not None else sys.argv[1:])
    report = {"command": command.strip(), "started": dt.datetime.now().isoformat(timespec="seconds"),
              "machine": machine(), "runs": []}  # fmt: skip
    RESULTS.mkdir(parents=True, exist_ok=True)
    out_file = RESULTS / f"{dt.datetime.now():%Y%m%d-%H%M%S}.json"

    def save() -> None:
        text = json.dumps(report, indent=2)
        out_file.write_text(text)
        (RESULTS / "latest.json").write_text(text)

    for backend in backends:
        context = postgres_server(args.postgres_url) if backend == "postgresql" else _nothing()
        with context as server:
            for scale in scales:
                started = time.perf_counter()
                if backend == "sqlite":
                    url, info = sqlite_database(args.data_dir, scale, args.seed, args.fresh, args.timeout)
                else:
                    url = create_pg_database(server, scale)
                    log(f"postgresql {scale}: seeding ...")
                    info = seed(url, scale, args.seed, args.timeout)
                    info["reused"] = False
                log(f"{backend} {scale}: seeded in {info['seed_s']:.1f} s; measuring")
                metrics = {"seed_s": info["seed_s"], "seed_service_s": info["seed_service_s"],
                           "seed_maxrss_mb": info["seed_maxrss_mb"]}  # fmt: skip
                metrics.update(measure(url, scale, opts))
                report["runs"].append({
                    "backend": backend, "scale": scale, "counts": info["counts"],
                    "seed_reused": info["reused"], "seeded_at": info["seeded_at"],
                    "metrics": metrics, "minutes": (time.perf_counter() - started) / 60,
                })  # fmt: skip
                save()
    report["finished"] = dt.datetime.now().isoformat(timespec="seconds")
    save()
    print(markdown(report["runs"]))
    log(f"results: {out_file}")
    return 0


@contextmanager
def _nothing() -> Iterator[None]:
    yield None


if __name__ == "__main__":
    sys.exit(main())
