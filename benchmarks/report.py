"""The markdown tables and the target checks of a benchmark run (:mod:`benchmarks.run`)."""

from __future__ import annotations

from benchmarks.pages import PAGES, RATIO_TARGET

APPTEST_PAGES = ("resultaten", "voortgang", "denktank")

# Targets (see BENCHMARKS.md)
PAGE_WARM_TARGET_S = 0.150  # at 1x
AGGREGATE_TARGET_S = 5.0  # creating a publication, at 10x (issue 16)
AGGREGATE_MEMORY_TARGET_MB = 500  # at 10x
PDF_TARGET_S = 0.5

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
    ("cli_orgs_s", "readiness orgs (process, median of 11)", "s"),
    ("cli_sector_s", "readiness sector (process)", "s"),
    ("cli_sector_maxrss_mb", "readiness sector peak RSS", "MB"),
    ("export_pdf_s", "PDF, one corporation (median)", "ms"),
    ("export_pdf_first_s", "PDF, first in process", "ms"),
    ("export_docx_s", "DOCX, one corporation (median)", "ms"),
    ("export_xlsx_s", "XLSX, one corporation (median)", "ms"),
    ("export_all_pdf_s", "export --all --format pdf (process)", "s"),
    ("export_all_pdf_cpu_s", "export --all --format pdf: CPU of the process tree", "s"),
    ("export_all_pdf_cpu_per_file_s", "export --all --format pdf: CPU per PDF (tree)", "ms"),
    ("browser_bare_s", "Chromium: bare one-line page (median)", "ms"),
    *((f"browser_{p}_s", f"Chromium: {t} first render (median)", "ms") for p, t in PAGES.items()),
    *((f"browser_{p}_ratio", f"  {t} / bare", "x") for p, t in PAGES.items()),
    ("browser_bare_server_cpu_s", "  server CPU per view: bare (mean)", "ms"),
    *((f"browser_{p}_server_cpu_s", f"  server CPU per view: {t} (mean)", "ms") for p, t in PAGES.items()),
    *((f"browser_{p}_elements", f"  elements drawn: {t}", "n") for p, t in PAGES.items()),
    ("browser_bare_first_s", "Chromium: bare, first after server start", "ms"),
    *((f"browser_{p}_first_s", f"Chromium: {t}, first after server start", "ms") for p, t in PAGES.items()),
    ("browser_load_before", "machine load average (1 min) before the browser visits", "x"),
    ("browser_load_after", "machine load average (1 min) after the browser visits", "x"),
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
    if unit == "n":
        return f"{value:,}"
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
        for name in PAGES:
            check(f"{name} first render <= {RATIO_TARGET} x bare", run, f"browser_{name}_ratio", RATIO_TARGET, "x")
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
