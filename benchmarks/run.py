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
- the first render of Resultaten and Denktank in headless Chromium, against a bare
  one-line Streamlit page served in the same run (time from navigation until the app
  has finished running and the page's last section is there);
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
import platform
import re
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
BIN = Path(sys.executable).parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]  # fmt: skip

SCALES: dict[str, tuple[int, int, int]] = {
    "quick": (10, 3, 3),
    "1x": (300, 8, 6),
    "10x": (3000, 8, 6),
}
BROWSER_PAGES = {  # url path -> (title, text of the page's last section)
    "resultaten": ("Resultaten", "Verandering sinds de vorige meting"),
    "denktank": ("Denktank", "Download"),
}
APPTEST_PAGES = ("resultaten", "voortgang", "denktank")

# Targets (see BENCHMARKS.md)
PAGE_WARM_TARGET_S = 0.150  # at 1x
AGGREGATE_TARGET_S = 5.0  # creating a publication, at 10x (issue 16)
AGGREGATE_MEMORY_TARGET_MB = 500  # at 10x
RENDER_RATIO_TARGET = 1.2
PDF_TARGET_S = 0.5


def log(message: str) -> None:
    print(f"[{dt.datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- processes


@dataclass
class Finished:
    seconds: float
    maxrss_mb: float
    stdout: str
    stderr: str


def run_process(cmd: list[str], env: dict[str, str], timeout: float) -> Finished:
    """Run a command; wall time and the peak resident memory of that process."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=err)
        deadline = started + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                os.wait4(proc.pid, 0)
                raise TimeoutError(f"{' '.join(cmd[:4])} ... took more than {timeout:.0f} s")
            time.sleep(0.01)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{stderr[-3000:]}")
    return Finished(seconds, usage.ru_maxrss / 1024, stdout, stderr)


def env_for(url: str) -> dict[str, str]:
    env = dict(os.environ)
    env["DATABASE_URL"] = url
    env["VOORDEURCHECK_DEMO"] = "0"
    env.pop("VOORDEURCHECK_MIN_GROUP", None)
    return env


def probe(name: str, args: list[str], url: str, timeout: float) -> tuple[dict, Finished]:
    done = run_process([sys.executable, "-m", "benchmarks.probes", name, *args], env_for(url), timeout)
    return json.loads(done.stdout), done


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --------------------------------------------------------------------------- databases


def schema_head() -> str:
    versions = sorted((ROOT / "readiness" / "store" / "migrations" / "versions").glob("*.py"))
    return versions[-1].stem if versions else "none"


@contextmanager
def postgres_server(external: str | None) -> Iterator[str]:
    if external:
        yield external
        return
    sys.path.insert(0, str(ROOT))
    from tests.conftest import LocalPostgres  # the test suite's throw-away server

    server = LocalPostgres().start()
    try:
        yield server.url
    finally:
        server.stop()


def create_pg_database(server_url: str, scale: str) -> str:
    import psycopg
    from sqlalchemy.engine import make_url

    name = f"voordeurcheck_bench_{scale}_{uuid.uuid4().hex[:6]}"
    admin = make_url(server_url).set(drivername="postgresql")
    with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return admin.set(database=name).render_as_string(hide_password=False)


def seed(url: str, scale: str, seed_value: int, timeout: float) -> dict:
    corporations, rounds, respondents = SCALES[scale]
    env = env_for(url)
    run_process([str(BIN / "readiness"), "init-db"], env, timeout)
    done = run_process(
        [str(BIN / "readiness"), "seed-synthetic", "--corporations", str(corporations), "--rounds", str(rounds),
         "--respondents", str(respondents), "--seed", str(seed_value)],
        env, timeout,
    )  # fmt: skip
    inner = re.search(r"in ([0-9.]+) s", done.stdout)
    counts = re.search(r"(\d+) metingen, (\d+) respondenten, (\d+) antwoorden, (\d+) verbeteracties", done.stdout)
    return {
        "seed_s": done.seconds,
        "seed_service_s": float(inner.group(1)) if inner else None,
        "seed_maxrss_mb": done.maxrss_mb,
        "counts": {
            "corporations": corporations,
            "rounds": int(counts.group(1)),
            "respondents": int(counts.group(2)),
            "answers": int(counts.group(3)),
            "actions": int(counts.group(4)),
        },
        "seeded_at": dt.datetime.now().isoformat(timespec="seconds"),
    }


def sqlite_database(data_dir: Path, scale: str, seed_value: int, fresh: bool, timeout: float) -> tuple[str, dict]:
    """A seeded SQLite file, reused while scale, seed and schema are the same."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / f"{scale}-seed{seed_value}-{schema_head()}.db"
    marker = path.with_suffix(".json")
    url = f"sqlite:///{path}"
    if path.exists() and marker.exists() and not fresh:
        info = json.loads(marker.read_text())
        info["reused"] = True
        log(f"sqlite {scale}: reusing {path} (seeded {info['seeded_at']} in {info['seed_s']:.1f} s)")
        return url, info
    for stale in data_dir.glob(f"{scale}-seed{seed_value}-*"):
        stale.unlink()
    log(f"sqlite {scale}: seeding {path} ...")
    info = seed(url, scale, seed_value, timeout)
    marker.write_text(json.dumps(info))
    info["reused"] = False
    return url, info


# --------------------------------------------------------------------------- browser


SERVER_PIDS: dict[str, int] = {}  # base url -> process id of its streamlit server


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def streamlit_server(script: Path, url: str) -> Iterator[str]:
    port = free_port()
    cmd = [
        str(BIN / "streamlit"), "run", str(script), "--server.port", str(port), "--server.headless", "true",
        "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
    ]  # fmt: skip  (everything else as configured in .streamlit/config.toml)
    log_file = tempfile.TemporaryFile()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env_for(url), stdout=log_file, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    SERVER_PIDS[base] = proc.pid
    try:
        deadline = time.time() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                    if response.read().strip() == b"ok":
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.time() > deadline:
                log_file.seek(0)
                raise RuntimeError(f"streamlit did not start:\n{log_file.read().decode()[-2000:]}")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log_file.close()


READY_JS = """
([title, last]) => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  const status = document.querySelector('[data-testid="stStatusWidget"]');
  if (status && status.offsetParent !== null) return false;
  const main = document.querySelector('[data-testid="stMain"]');
  if (!main) return false;
  if (title === null) {
    return [...main.querySelectorAll('[data-testid="stMarkdown"]')].some(m => m.innerText.trim() === 'x');
  }
  const h1 = main.querySelector('h1');
  return !!h1 && h1.innerText.includes(title) && main.innerText.includes(last);
}
"""


def render_time(browser, url: str, title: str | None, last: str | None) -> float:
    """Seconds from navigation (new browser context: no cache) until the app finished."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        page = context.new_page()
        started = time.perf_counter()
        page.goto(url, wait_until="commit")
        page.wait_for_function(READY_JS, arg=[title, last], polling="raf", timeout=180_000)
        return time.perf_counter() - started
    finally:
        context.close()


def measure_browser(url: str, org: str, repeats: int) -> dict:
    from playwright.sync_api import sync_playwright

    out: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        bare = Path(tmp) / "bare.py"
        bare.write_text('import streamlit as st\nst.write("x")\n')
        with streamlit_server(bare, url) as bare_base, streamlit_server(ROOT / "app.py", url) as app_base:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                try:
                    times: dict[str, list[float]] = {"bare": []}
                    times.update({name: [] for name in BROWSER_PAGES})
                    # the first visit of each page after the server started: caches still empty
                    out["browser_bare_first_s"] = render_time(browser, bare_base, None, None)
                    for name, (title, last) in BROWSER_PAGES.items():
                        out[f"browser_{name}_first_s"] = render_time(
                            browser, f"{app_base}/{name}?org={org}", title, last
                        )
                    # server CPU per view: steadier than wall time on a shared machine, and
                    # it shows the server's share (the rest of a first render is the browser)
                    cpu: dict[str, float] = dict.fromkeys(times, 0.0)

                    def visit(name: str, base: str, url_: str, title: str | None, last: str | None) -> None:
                        before = cpu_seconds(SERVER_PIDS[base])
                        times[name].append(render_time(browser, url_, title, last))
                        cpu[name] += cpu_seconds(SERVER_PIDS[base]) - before

                    for _ in range(repeats):  # interleaved, so drift hits all pages alike
                        visit("bare", bare_base, bare_base, None, None)
                        for name, (title, last) in BROWSER_PAGES.items():
                            visit(name, app_base, f"{app_base}/{name}?org={org}", title, last)
                finally:
                    browser.close()
    out["browser_bare_s"] = statistics.median(times["bare"])
    for name in times:
        out[f"browser_{name}_server_cpu_s"] = cpu[name] / repeats
    for name in BROWSER_PAGES:
        out[f"browser_{name}_s"] = statistics.median(times[name])
        out[f"browser_{name}_ratio"] = out[f"browser_{name}_s"] / out["browser_bare_s"]
    out["browser_repeats"] = repeats
    return out


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
            done = run_process(
                [str(BIN / "readiness"), "export", "--all", "--format", "pdf", "--out", tmp],
                env_for(url), opts.timeout,
            )  # fmt: skip
            m["export_all_pdf_files"] = sum(1 for _ in Path(tmp).rglob("*.pdf"))
        m["export_all_pdf_s"] = done.seconds
    else:
        m["export_all_pdf_s"] = None
        m["export_all_pdf_note"] = "not measured at 10x (pass --export-all-10x)"

    if "browser" in opts.parts:
        log("  headless Chromium first render")
        m.update(measure_browser(url, org, opts.browser_repeats))
    m["load_after"] = os.getloadavg()[0]
    return m


# --------------------------------------------------------------------------- report


ROWS: list[tuple[str, str, str]] = [  # key, label, unit
    ("seed_s", "seed-synthetic (process)", "s"),
    ("seed_maxrss_mb", "seed-synthetic peak RSS", "MB"),
    ("page_resultaten_warm_s", "Resultaten script, warm (median)", "ms"),
    ("page_voortgang_warm_s", "Voortgang script, warm (median)", "ms"),
    ("page_denktank_warm_s", "Denktank script, warm (median)", "ms"),
    ("page_resultaten_cold_s", "Resultaten script, cold", "ms"),
    ("page_voortgang_cold_s", "Voortgang script, cold", "ms"),
    ("page_denktank_cold_s", "Denktank script, cold", "ms"),
    ("aggregate_s", "Sector publication computed (median)", "ms"),
    ("aggregate_first_s", "Sector publication created and stored, first in process", "ms"),
    ("aggregate_cpu_s", "  CPU time (median)", "ms"),
    ("aggregate_load_s", "  of which records (query + scoring + 'weet ik niet')", "ms"),
    ("aggregate_views_s", "  of which OpenDP release and figures", "ms"),
    ("aggregate_peak_mb", "Sector publication peak (tracemalloc)", "MB"),
    ("aggregate_maxrss_mb", "Sector publication process peak RSS", "MB"),
    ("cli_sector_s", "readiness sector (process)", "s"),
    ("cli_sector_maxrss_mb", "readiness sector peak RSS", "MB"),
    ("export_pdf_s", "PDF, one corporation (median)", "ms"),
    ("export_pdf_first_s", "PDF, first in process", "ms"),
    ("export_docx_s", "DOCX, one corporation (median)", "ms"),
    ("export_xlsx_s", "XLSX, one corporation (median)", "ms"),
    ("export_all_pdf_s", "export --all --format pdf (process)", "s"),
    ("browser_bare_s", "Chromium: bare one-line page (median)", "ms"),
    ("browser_resultaten_s", "Chromium: Resultaten first render (median)", "ms"),
    ("browser_denktank_s", "Chromium: Denktank first render (median)", "ms"),
    ("browser_resultaten_ratio", "  Resultaten / bare", "x"),
    ("browser_denktank_ratio", "  Denktank / bare", "x"),
    ("browser_bare_server_cpu_s", "  server CPU per view: bare (mean)", "ms"),
    ("browser_resultaten_server_cpu_s", "  server CPU per view: Resultaten (mean)", "ms"),
    ("browser_denktank_server_cpu_s", "  server CPU per view: Denktank (mean)", "ms"),
    ("browser_bare_first_s", "Chromium: bare, first after server start", "ms"),
    ("browser_resultaten_first_s", "Chromium: Resultaten, first after server start", "ms"),
    ("browser_denktank_first_s", "Chromium: Denktank, first after server start", "ms"),
    ("load_before", "machine load average (1 min) before", "x"),
    ("load_after", "machine load average (1 min) after", "x"),
]


def fmt(value, unit: str) -> str:
    if value is None:
        return "–"
    if unit == "ms":
        return f"{value * 1000:,.0f}"
    if unit == "x":
        return f"{value:.2f}"
    return f"{value:,.1f}"


def markdown(runs: list[dict]) -> str:
    lines: list[str] = []
    for backend in dict.fromkeys(r["backend"] for r in runs):
        mine = [r for r in runs if r["backend"] == backend]
        scales = [r["scale"] for r in mine]
        lines.append(f"### {backend}\n")
        counts = " · ".join(
            f"{r['scale']}: {r['counts']['corporations']:,} corporations, {r['counts']['answers']:,} answers"
            for r in mine
        )
        lines.append(counts + "\n")
        growth = "1x" in scales and "10x" in scales
        header = ["Measure", "unit", *scales] + (["10x / 1x"] if growth else [])
        lines.append("| " + " | ".join(header) + " |")
        lines.append("|" + "---|" * len(header))
        for key, label, unit in ROWS:
            values = [r["metrics"].get(key) for r in mine]
            if all(v is None for v in values):
                continue
            row = [label, unit, *(fmt(v, unit) for v in values)]
            if growth:
                one = next(r for r in mine if r["scale"] == "1x")["metrics"].get(key)
                ten = next(r for r in mine if r["scale"] == "10x")["metrics"].get(key)
                row.append(f"{ten / one:.1f}" if one and ten is not None else "–")
            lines.append("| " + " | ".join(row) + " |")
        lines.append("")
    lines.append(targets_markdown(runs))
    return "\n".join(lines)


def target_checks(runs: list[dict]) -> list[tuple[str, str, str]]:
    """(target, backend/scale, 'met'/'NOT met' with the figure)."""
    out = []

    def check(name: str, run: dict, key: str, limit: float, unit: str) -> None:
        value = run["metrics"].get(key)
        if value is None:
            return
        ok = value <= limit
        out.append((name, f"{run['backend']} {run['scale']}", f"{'met' if ok else 'NOT met'} ({fmt(value, unit)} {unit})"))

    for run in runs:
        if run["scale"] in ("1x", "quick"):
            for page in APPTEST_PAGES:
                check(f"{page} script warm < 150 ms (1x)", run, f"page_{page}_warm_s", PAGE_WARM_TARGET_S, "ms")
        if run["scale"] in ("10x", "quick"):
            check("creating a publication <= 5 s (10x)", run, "aggregate_s", AGGREGATE_TARGET_S, "ms")
            check("creating a publication, first in process <= 5 s (10x)", run, "aggregate_first_s", AGGREGATE_TARGET_S, "ms")
            check("creating a publication < 500 MB (10x)", run, "aggregate_peak_mb", AGGREGATE_MEMORY_TARGET_MB, "MB")
            check("denktank script warm <= 100 ms (10x)", run, "page_denktank_warm_s", 0.1, "ms")
        for name in BROWSER_PAGES:
            check(f"{name} first render <= 1.2 x bare", run, f"browser_{name}_ratio", RENDER_RATIO_TARGET, "x")
        check("one PDF < 0.5 s", run, "export_pdf_s", PDF_TARGET_S, "ms")
        check("one PDF, first in process < 0.5 s", run, "export_pdf_first_s", PDF_TARGET_S, "ms")
    for backend in dict.fromkeys(r["backend"] for r in runs):
        one = next((r for r in runs if r["backend"] == backend and r["scale"] == "1x"), None)
        ten = next((r for r in runs if r["backend"] == backend and r["scale"] == "10x"), None)
        if one and ten:
            worse = [
                f"{key} {ten['metrics'][key] / one['metrics'][key]:.1f}x"
                for key, _, unit in ROWS
                if unit in ("ms", "s") and key.endswith("_s") and not key.startswith("seed")
                and one["metrics"].get(key) and ten["metrics"].get(key) is not None
                and ten["metrics"][key] / one["metrics"][key] > 10
            ]
            out.append((
                "growth 1x -> 10x no worse than linear", backend,
                "met" if not worse else "NOT met: " + ", ".join(worse),
            ))  # fmt: skip
    return out


def targets_markdown(runs: list[dict]) -> str:
    rows = target_checks(runs)
    lines = ["### Targets\n", "| Target | Where | Result |", "|---|---|---|"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    return "\n".join(lines) + "\n"


def machine() -> dict:
    info = {
        "nproc": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "sqlite": sqlite3.sqlite_version,
    }
    try:
        cpu = Path("/proc/cpuinfo").read_text()
        info["cpu"] = re.search(r"model name\s*:\s*(.*)", cpu).group(1)
        mem = Path("/proc/meminfo").read_text()
        info["memory_gb"] = round(int(re.search(r"MemTotal:\s*(\d+)", mem).group(1)) / 1024 / 1024, 1)
    except (OSError, AttributeError):
        pass
    try:
        import streamlit

        info["streamlit"] = streamlit.__version__
    except ImportError:
        pass
    pg = shutil.which("postgres") or next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"))), None)
    if pg:
        info["postgresql"] = subprocess.run([str(pg), "--version"], capture_output=True, text=True).stdout.strip()
    if Path(CHROMIUM).exists():
        info["chromium"] = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip()
    return info


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
