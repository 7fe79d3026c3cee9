"""First render of every page in headless Chromium, against a bare Streamlit page: ``python -m benchmarks.pages``.

    python -m benchmarks.pages                      # every page, 1x (300 corporations), 7 visits each
    python -m benchmarks.pages --quick              # small database, 3 visits: ~1-2 minutes
    python -m benchmarks.pages --pages resultaten,voortgang --repeats 5
    python -m benchmarks.pages --quick --elements   # + what one chart / table / tabs ... costs
    git archive main | tar -x -C /tmp/main          # A/B: another checkout's app beside this one
    python -m benchmarks.pages --pages start --compare /tmp/main --repeats 9

The method of issue 15 (the strict one):

- a one-line Streamlit page (``st.write("x")``) is served beside ``app.py`` in the same
  run, with the same ``.streamlit/config.toml``;
- every visit opens a FRESH browser context (no cache, no cookies, no session) on
  ``/<page>?org=<slug>`` (the corporation chosen in the URL);
- the time runs from navigation start (the page's ``performance.timeOrigin``) until the
  script state is "not running" (``[data-test-script-state="notRunning"]`` on the app root,
  no visible status widget, at least one element drawn) and STILL is 150 ms later. The
  figure is the moment it became "not running" for good; a page that starts another run
  within 150 ms (a rerun, a redirect) is timed to the end of that run;
- visits are interleaved (bare, page 1, page 2, ..., bare, page 1, ...) so that drift on
  the shared machine hits all pages alike; the figure is the median of N visits, and the
  ratio is page / bare; "per round / bare" is the median of each round's own page / bare,
  with a 90 % bootstrap interval (:func:`paired_ratio`): a target is met when the whole
  interval is under it, missed when the whole interval is over it, and not decided by
  that run otherwise;
- the CPU time the Streamlit server process spent per visit (``/proc``) is recorded, which
  is steadier than wall time on a shared machine and separates the server's share from
  the browser's; so is the browser's: the CPU time all of Chromium's processes spent
  during the visit (``SystemInfo.getProcessInfo``: parsing and running the app's
  JavaScript, rendering, the network), and "CPU / bare" is (server + browser CPU) of the
  page over that of the bare page, a ratio that waiting for a busy machine's cores does
  not move; the machine's load average is recorded before and after.

The first visit of each page (right after the server started, not in the median) also
counts the elements drawn, by kind, as the profile of where the time goes; "still loading"
counts the elements shown as ``stSkeleton``: Streamlit loads the code of some elements
(metrics, page links, charts, dataframes...) only when one is first drawn, and shows this
placeholder meanwhile; the end condition above does not wait for them. So "drawn" is also
timed: the moment the page was idle AND showed no skeleton, for good (the visit waits for
both); on a page whose element code comes late it is later than the figure above, and
"drawn / bare" is its ratio. ``--elements`` also times a bare page with ONE element of
an expensive kind (a plotly chart, a dataframe, tabs, an expander, 40 markdown calls...),
served from a second one-file script in the same run. ``--compare DIR`` (repeatable) also
serves ``DIR/app.py`` (another checkout, e.g. main) on the same database and measures its
pages in the same interleaved rounds, as ``<page>@<DIR's name>``: an A/B in one run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack, nullcontext
from pathlib import Path

from benchmarks.servers import (
    CHROMIUM,
    CHROMIUM_ARGS,
    RESULTS,
    ROOT,
    SCALES,
    Server,
    log,
    sqlite_database,
    streamlit_server,
)

PAGES = {  # url path -> name in the menu
    "start": "Start",
    "vragenlijst": "Vragenlijst",
    "resultaten": "Resultaten",
    "verbeterplan": "Verbeterplan",
    "voortgang": "Voortgang",
    "denktank": "Denktank",
    "consensusgesprek": "Consensusgesprek",
}
RATIO_TARGET = 1.3  # issue 15: every page's first render <= 1.3x the bare page, at 1x
STABLE_MS = 150

BARE = 'import streamlit as st\nst.write("x")\n'
# The same one-line page, served as the app is: an st.App whose lifespan sets TCP_NODELAY on
# the listening socket (readiness/ui/server_sockets.py). Stock Streamlit serves a kept-alive
# connection with Nagle's algorithm on, so "bare" pays up to 40 ms per JavaScript file after
# the first on each connection and the app, since it sets TCP_NODELAY, does not: "/ bare"
# then mixes that fix with what a page draws. "/ bare, no delay" compares the drawing only.
BARE_NODELAY = '''import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

if get_script_run_ctx(suppress_warning=True) is None:
    from readiness.ui.server_sockets import lifespan

    app = st.App(__file__, lifespan=lifespan)
else:
    st.write("x")
'''
# One script, one element kind per ?v=...: what a single element of that kind costs over bare.
ELEMENTS = """
import streamlit as st

v = st.query_params.get("v", "")
st.write("x")
if v == "plotly":
    import plotly.graph_objects as go

    st.plotly_chart(go.Figure(go.Bar(x=list("abcdef"), y=[1, 3, 2, 4, 3, 5])), config={"displayModeBar": False})
elif v == "vega":
    import pandas as pd

    st.bar_chart(pd.DataFrame({"a": [1, 3, 2, 4, 3, 5]}))
elif v == "dataframe":
    import pandas as pd

    st.dataframe(pd.DataFrame({"onderdeel": [f"punt {i}" for i in range(20)], "score": range(20)}), hide_index=True)
elif v == "table":
    import pandas as pd

    st.table(pd.DataFrame({"onderdeel": [f"punt {i}" for i in range(20)], "score": range(20)}))
elif v == "tabs":
    a, b, c = st.tabs(["Een", "Twee", "Drie"])
    a.write("een")
    b.write("twee")
    c.write("drie")
elif v == "expander":
    with st.expander("Meer"):
        st.write("binnen")
elif v == "markdown40":
    for i in range(40):
        st.markdown(f"**Punt {i}**: een regel tekst")
elif v == "markdown1":
    st.markdown("\\n\\n".join(f"**Punt {i}**: een regel tekst" for i in range(40)))
elif v == "columns":
    for col in st.columns(3):
        col.metric("Score", "2,4")
elif v == "metric":
    st.metric("Totaalscore", "63", "+5")
elif v == "page_link":
    st.page_link("https://example.org", label="Naar de handreiking")
elif v == "form":
    with st.form("f", enter_to_submit=False):
        st.radio("Vraag", ["ja", "nee", "weet ik niet"], horizontal=True)
        st.form_submit_button("Opslaan")
elif v == "selectbox":
    st.selectbox("Meting", [f"Meting {y}" for y in range(2019, 2027)])
elif v == "segmented":
    st.segmented_control("Deel", ["Antwoord", "Per vraag", "Downloaden"], default="Antwoord")
elif v == "icon":
    st.markdown(":material/home: Start")
elif v == "radio":
    st.radio("Meting", [f"Meting {y}" for y in range(2024, 2027)], horizontal=True)
elif v == "text_area":
    st.text_area("Toelichting", "", placeholder="Geen namen of huurdergegevens")
elif v == "progress":
    st.progress(0.4, text="12 van 30 vragen beantwoord")
elif v == "button":
    st.button("Opslaan")
elif v == "pills":
    st.pills("Onderdeel", ["Een", "Twee", "Drie"], default="Een")
elif v == "badge":
    st.badge("Definitief", icon=":material/lock:", color="green")
elif v == "tile":  # what replaces st.metric: a bordered container of markdown
    with st.container(horizontal=True, gap="small"):
        for label, value in (("Fase", "2 van 4"), ("Totaalscore", "63 / 100")):
            with st.container(border=True, width=170):
                st.markdown(f":gray[{label}]  \\n### {value}")
"""
ELEMENT_KINDS = (
    "plotly", "vega", "dataframe", "table", "tabs", "expander", "markdown40", "markdown1", "columns", "metric",
    "page_link", "form", "selectbox", "segmented", "radio", "icon", "text_area", "progress", "button", "pills",
    "badge", "tile",
)  # fmt: skip

# Runs in every page of a fresh context from the very start: each animation frame it
# notes whether the app is idle ("not running", no status widget, something drawn) and
# since when (performance.now() = ms since navigation start).
WATCH_JS = """
window.__vcIdleSince = null;
window.__vcDrawnSince = null;
(function tick() {
  const app = document.querySelector('[data-testid="stApp"]');
  let idle = false;
  if (app && app.getAttribute('data-test-script-state') === 'notRunning') {
    const status = document.querySelector('[data-testid="stStatusWidget"]');
    const main = document.querySelector('[data-testid="stMain"]');
    idle = !(status && status.offsetParent !== null)
      && !!main && !!main.querySelector('[data-testid="stElementContainer"]');
  }
  // drawn: idle, and no element still waiting for its code (Streamlit's skeleton)
  const drawn = idle && !document.querySelector('[data-testid="stSkeleton"]');
  if (!idle) window.__vcIdleSince = null;
  else if (window.__vcIdleSince === null) window.__vcIdleSince = performance.now();
  if (!drawn) window.__vcDrawnSince = null;
  else if (window.__vcDrawnSince === null) window.__vcDrawnSince = performance.now();
  requestAnimationFrame(tick);
})();
"""
STABLE_JS = (
    f"() => window.__vcIdleSince !== null && performance.now() - window.__vcIdleSince >= {STABLE_MS}"
    f" && window.__vcDrawnSince !== null && performance.now() - window.__vcDrawnSince >= {STABLE_MS}"
)

# What the page drew: element containers by the kind of their first child, and a few totals.
COUNT_JS = """
() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const kinds = {};
  const leaves = [...main.querySelectorAll('[data-testid="stElementContainer"]')];
  for (const el of leaves) {
    const child = el.querySelector('[data-testid]');
    const kind = child ? child.getAttribute('data-testid') : 'other';
    kinds[kind] = (kinds[kind] || 0) + 1;
  }
  return {
    elements: leaves.length,
    kinds,
    dom_nodes: document.querySelectorAll('*').length,
    main_dom_nodes: main.querySelectorAll('*').length,
    expanders: main.querySelectorAll('[data-testid="stExpander"]').length,
    tabs: main.querySelectorAll('[data-baseweb="tab"]').length,
    plotly: main.querySelectorAll('.js-plotly-plot').length,
    vega: main.querySelectorAll('.vega-embed').length,
    dataframes: main.querySelectorAll('[data-testid="stDataFrame"]').length,
    // elements whose lazily loaded JavaScript chunk was not there yet (Streamlit's Suspense fallback)
    skeletons: main.querySelectorAll('[data-testid="stSkeleton"]').length,
    chars: main.innerText.length,
  };
}
"""


def browser_cpu(browser) -> dict[int, float]:
    """CPU seconds so far of each of Chromium's processes (browser, GPU, renderers...)."""
    cdp = getattr(browser, "_vc_cdp", None)
    if cdp is None:
        cdp = browser._vc_cdp = browser.new_browser_cdp_session()
    return {p["id"]: p["cpuTime"] for p in cdp.send("SystemInfo.getProcessInfo")["processInfo"]}


def visit(browser, server: Server, path: str, count: bool = False) -> dict:
    """One visit in a fresh browser context: ms from navigation start until idle for good."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.add_init_script(WATCH_JS)
    before = server.cpu()
    browser_before = browser_cpu(browser)
    try:
        page = context.new_page()
        page.goto(server.base + path, wait_until="commit")
        page.wait_for_function(STABLE_JS, polling="raf", timeout=180_000)
        idle, drawn = page.evaluate("[window.__vcIdleSince, window.__vcDrawnSince]")
        out = {"s": idle / 1000, "drawn_s": drawn / 1000}
        browser_after = browser_cpu(browser)
        out["browser_cpu_s"] = sum(t - browser_before.get(pid, 0.0) for pid, t in browser_after.items())
        if count:
            out["counts"] = page.evaluate(COUNT_JS)
    finally:
        context.close()
    out["cpu_s"] = server.cpu() - before
    return out


def measure(
    url: str, org: str, pages: list[str], repeats: int, elements: bool = False, compare: list[Path] | None = None
) -> dict:
    """Bare page, app pages (and element probes) interleaved; medians, ratios, server CPU."""
    from playwright.sync_api import sync_playwright

    out: dict = {"org": org, "repeats": repeats, "load_before": os.getloadavg()[0]}
    targets: dict[str, tuple[str, str]] = {}  # name -> (server key, path)
    targets["bare"] = ("bare", "/")
    targets["bare_nodelay"] = ("bare_nodelay", "/")
    for name in pages:
        targets[name] = ("app", f"/{name}?org={org}")
        for other in compare or ():
            targets[f"{name}@{other.name}"] = (f"compare:{other}", f"/{name}?org={org}")
    for kind in ELEMENT_KINDS if elements else ():
        targets[f"el_{kind}"] = ("elements", f"/?v={kind}")
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "bare.py").write_text(BARE)
        (Path(tmp) / "bare_nodelay.py").write_text(BARE_NODELAY)
        (Path(tmp) / "elements.py").write_text(ELEMENTS)
        with (
            streamlit_server(Path(tmp) / "bare.py", url) as bare,
            streamlit_server(Path(tmp) / "bare_nodelay.py", url) as bare_nodelay,
            streamlit_server(ROOT / "app.py", url) as app,
            streamlit_server(Path(tmp) / "elements.py", url) if elements else nullcontext() as probe_server,
            ExitStack() as others,
            sync_playwright() as pw,
        ):
            servers = {"bare": bare, "bare_nodelay": bare_nodelay, "app": app, "elements": probe_server}
            for other in compare or ():
                servers[f"compare:{other}"] = others.enter_context(streamlit_server(other / "app.py", url))
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                # the first visit of each page after the server started: its caches still empty
                first = {name: visit(browser, servers[key], path, count=True) for name, (key, path) in targets.items()}
                times: dict[str, list[float]] = {name: [] for name in targets}
                drawn: dict[str, list[float]] = {name: [] for name in targets}
                cpu: dict[str, list[float]] = {name: [] for name in targets}
                browser_cpu: dict[str, list[float]] = {name: [] for name in targets}
                for i in range(repeats):
                    for name, (key, path) in targets.items():
                        got = visit(browser, servers[key], path)
                        times[name].append(got["s"])
                        drawn[name].append(got["drawn_s"])
                        cpu[name].append(got["cpu_s"])
                        browser_cpu[name].append(got["browser_cpu_s"])
                    log(f"    round {i + 1}/{repeats}: " + ", ".join(f"{n} {times[n][-1] * 1000:.0f}" for n in targets))
            finally:
                browser.close()
    bare_s = statistics.median(times["bare"])
    bare_drawn = statistics.median(drawn["bare"])
    bare_cpu = statistics.median(cpu["bare"]) + statistics.median(browser_cpu["bare"])
    for name in targets:
        median = statistics.median(times[name])
        out[name] = {
            "median_s": median,
            "ratio": median / bare_s,
            "drawn_s": statistics.median(drawn[name]),
            "drawn_ratio": statistics.median(drawn[name]) / bare_drawn,
            "min_s": min(times[name]),
            "max_s": max(times[name]),
            "server_cpu_s": statistics.mean(cpu[name]),
            "browser_cpu_s": statistics.median(browser_cpu[name]),
            "cpu_ratio": (statistics.median(cpu[name]) + statistics.median(browser_cpu[name])) / bare_cpu,
            "paired": paired_ratio(times[name], times["bare"]),
            "paired_nodelay": paired_ratio(times[name], times["bare_nodelay"]),
            "first_s": first[name]["s"],
            "times_s": times[name],
            "counts": first[name].get("counts"),
        }
    out["load_after"] = os.getloadavg()[0]
    return out


def paired_ratio(page_s: list[float], bare_s: list[float], level: float = 0.9, resamples: int = 2000) -> tuple[float, float, float]:
    """The median of the per-round ratios page / bare, with a ``level`` bootstrap interval.

    Visits are interleaved, so the page and the bare page of one round met the same moment
    of the shared machine; their ratio cancels most of its drift. The interval (percentiles
    of the median over resampled rounds, a fixed seed so a result file can be recomputed)
    says how far the figure could move in another run of the same length: a target is met
    only when the whole interval is under it."""
    ratios = [p / b for p, b in zip(page_s, bare_s, strict=True)]
    rng = random.Random(2018)
    medians = sorted(statistics.median(rng.choices(ratios, k=len(ratios))) for _ in range(resamples))
    tail = (1 - level) / 2
    return statistics.median(ratios), medians[int(tail * resamples)], medians[int((1 - tail) * resamples) - 1]


def markdown(result: dict) -> str:
    names = [n for n, r in result.items() if isinstance(r, dict) and "median_s" in r]
    lines = [
        f"load average {result['load_before']:.1f} -> {result['load_after']:.1f}, {result['repeats']} visits each, "
        f"org={result['org']}\n",
        "| page | median ms | / bare | per round / bare (90 % interval) | per round / bare, no delay | drawn ms | drawn / bare | min-max ms | first after start ms | server CPU ms/visit | browser CPU ms/visit"
        " | CPU / bare | elements | still loading | DOM nodes |",
        "|---|---:|---:|---|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name in names:
        r = result[name]
        counts = r.get("counts") or {}
        page, _, other = name.partition("@")
        label = {"bare_nodelay": "bare, no delay"}.get(page, PAGES.get(page, page)) + (f" ({other})" if other else "")
        lines.append(
            f"| {label} | {r['median_s'] * 1000:,.0f} | {r['ratio']:.2f}"
            f" | {r['paired'][0]:.2f} ({r['paired'][1]:.2f}-{r['paired'][2]:.2f})"
            f" | {r['paired_nodelay'][0]:.2f} ({r['paired_nodelay'][1]:.2f}-{r['paired_nodelay'][2]:.2f})"
            f" | {r['drawn_s'] * 1000:,.0f} | {r['drawn_ratio']:.2f} | {r['min_s'] * 1000:,.0f}-{r['max_s'] * 1000:,.0f}"
            f" | {r['first_s'] * 1000:,.0f} | {r['server_cpu_s'] * 1000:,.0f} | {r['browser_cpu_s'] * 1000:,.0f}"
            f" | {r['cpu_ratio']:.2f} | {counts.get('elements', '–')}"
            f" | {counts.get('skeletons', '–')} | {counts.get('main_dom_nodes', '–')} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.pages", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small database (10 corporations), 3 visits")
    parser.add_argument("--scale", choices=["1x", "10x"], default="1x")
    parser.add_argument("--pages", default=",".join(PAGES), help=f"comma-separated (default all: {','.join(PAGES)})")
    parser.add_argument("--repeats", type=int, help="visits per page (default 7, quick 3)")
    parser.add_argument("--elements", action="store_true", help="also time one element of each expensive kind")
    parser.add_argument("--seed", type=int, default=2018)
    parser.add_argument("--data-dir", type=Path, default=Path(tempfile.gettempdir()) / "voordeurcheck-bench")
    parser.add_argument(
        "--compare", type=Path, action="append", metavar="DIR", help="also serve DIR/app.py (another checkout) and measure its pages"
    )
    parser.add_argument("--json", action="store_true", help="print the full result as JSON instead of a table")
    args = parser.parse_args(argv)
    pages = [p for p in args.pages.split(",") if p]
    unknown = set(pages) - set(PAGES)
    if unknown:
        parser.error(f"unknown page(s): {', '.join(sorted(unknown))}; known: {', '.join(PAGES)}")
    scale = "quick" if args.quick else args.scale
    url, _ = sqlite_database(args.data_dir, scale, args.seed, False, 3600)
    org = f"synth-{max(1, SCALES[scale][0] // 2):04d}"
    started = time.perf_counter()
    for other in args.compare or ():
        if not (other / "app.py").is_file():
            parser.error(f"--compare: no app.py in {other}")
    result = measure(url, org, pages, args.repeats or (3 if args.quick else 7), args.elements, args.compare)
    result["scale"] = scale
    result["minutes"] = (time.perf_counter() - started) / 60
    RESULTS.mkdir(parents=True, exist_ok=True)
    out_file = RESULTS / f"pages-{dt.datetime.now():%Y%m%d-%H%M%S}.json"
    out_file.write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2) if args.json else markdown(result))
    log(f"results: {out_file}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
