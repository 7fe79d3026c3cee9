"""Load test: N respondents answer their questionnaires at the same time, through nginx.

    python -m benchmarks.load                         # 50 and 200 sessions (make load)
    python -m benchmarks.load --sessions 20 --answers 3 --timeout 300
    python -m benchmarks.load --sessions 50 200 500 --think 10 --timeout 3000   # people who read

What runs, all on 127.0.0.1 and stopped at the end (also on Ctrl-C or the global timeout):
a throw-away PostgreSQL (tests/conftest.py), two Streamlit processes in shared mode and
nginx with the proxy rules of deploy/nginx (as tests/e2e/test_deploy.py starts them).
Every simulated respondent has a personal invitation link (services.accounts, as
``readiness invite`` makes them) and speaks Streamlit's own protocol over a real
websocket through nginx: the first run of ``/?uitnodiging=<token>``, then one rerun per
answer with the radio's new value, exactly the message the browser sends on a click.

Every respondent first opens the page; when all pages are open, they answer, each waiting
a think time between two clicks (uniform between 0.5 and 1.5 times ``--think``, the mean),
so the server CPU of opening and of answering is measured apart (``server_cpu_ms_per_first_page``,
``server_cpu_ms_per_click``: the processes' CPU-time clocks, divided by the number of pages
or clicks). A click inside a question card carries the card's fragment id, as the browser
sends it, so the server reruns only that card (issue 24).

Reported per N: the time from click to saved (sending the rerun until the server's
``script_finished``; the save happens in the radio's callback at the start of that run),
p50/p95/max, the first page load, errors (exceptions on the page, timeouts, closed
connections), lost answers (confirmed to the respondent but not in the database with that
value, checked afterwards: must be 0), and the resident memory of the Streamlit processes
before, with all sessions open, and after they closed. Every wait is bounded, and
``--timeout`` bounds the whole run. Results go to stdout and benchmarks/results/load-*.json.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import random
import statistics
import string
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
RESULTS = REPO_ROOT / "benchmarks" / "results"
PASSWORD = "Belasting-test-wachtwoord-2026"
MESSAGE_TIMEOUT = 90.0  # seconds one run may take before the session counts it as an error


# --------------------------------------------------------------------------- one respondent


@dataclass
class Session:
    token: str
    latencies: list[float] = field(default_factory=list)  # seconds, click -> saved
    first_load: float | None = None
    confirmed: dict[tuple[int, str], str] = field(default_factory=dict)  # (respondent, item) -> option label
    errors: list[str] = field(default_factory=list)


def _rerun_msg(query: str, page_hash: str, widgets: dict[str, str], fragment_id: str = ""):
    """The message the browser sends on a click: all widget values it knows, and, for a
    widget inside an ``st.fragment``, that fragment's id (the server then reruns only it)."""
    from streamlit.proto.BackMsg_pb2 import BackMsg

    msg = BackMsg()
    state = msg.rerun_script
    state.query_string = query
    state.page_script_hash = page_hash
    if fragment_id:
        state.fragment_id = fragment_id
    for widget_id, value in widgets.items():
        widget = state.widget_states.widgets.add()
        widget.id = widget_id
        widget.string_value = value
    return msg.SerializeToString()


async def _until_finished(ws, radios: dict[str, tuple[list[str], str]], problems: list[str]) -> str:
    """Read messages until the run ends; collect the radios (options, fragment id) and any
    exception shown. Returns the page script hash the server reported (or "")."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    page_hash = ""
    while True:
        raw = await asyncio.wait_for(ws.recv(), MESSAGE_TIMEOUT)
        if not isinstance(raw, bytes):
            continue
        msg = ForwardMsg()
        msg.ParseFromString(raw)
        kind = msg.WhichOneof("type")
        if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element
            which = element.WhichOneof("type")
            if which == "radio":
                radios[element.radio.id] = (list(element.radio.options), msg.delta.fragment_id)
            elif which == "exception":
                problems.append(f"uitzondering op de pagina: {element.exception.type}: {element.exception.message[:120]}")
        elif kind == "navigation":
            page_hash = msg.navigation.page_script_hash or page_hash
        elif kind == "new_session":
            page_hash = page_hash or msg.new_session.page_script_hash
        elif kind == "page_not_found":
            problems.append("pagina niet gevonden")
        elif kind == "script_finished":
            if msg.script_finished == ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN:
                continue
            if msg.script_finished == ForwardMsg.ScriptFinishedStatus.FINISHED_WITH_COMPILE_ERROR:
                problems.append("script met een fout beëindigd")
            return page_hash


def _answer_radios(radios: dict[str, tuple[list[str], str]]) -> list[tuple[str, int, str, list[str], str]]:
    """(widget id, respondent id, item id, options, fragment id) of the questionnaire's answer radios."""
    found = []
    for widget_id, (options, fragment_id) in radios.items():
        at = widget_id.find("-vl_ans_")  # ids end in "-<the widget's key>"
        if at >= 0:
            respondent, item = widget_id[at + len("-vl_ans_") :].split("_", 1)
            found.append((widget_id, int(respondent), item, options, fragment_id))
    return sorted(found, key=lambda r: r[2])


async def respondent(
    base_ws: str, source: str, session: Session, answers: int, think: float, rng, opened: Barrier | None = None,
    ramp: float = 0.0,
) -> None:  # fmt: skip
    """One respondent's browser tab, from its own loopback address. nginx routes on its
    route cookie (deploy/nginx); a websocket opened without one gets a new random key, so
    the respondents spread over the processes as real browsers do. With `opened`,
    the respondent starts answering once every respondent has the page open."""
    import websockets

    query = f"uitnodiging={session.token}"
    try:
        await asyncio.sleep(rng.uniform(0, ramp))  # arriving during the ramp-up
        async with websockets.connect(
            base_ws, subprotocols=["streamlit"], max_size=None, open_timeout=MESSAGE_TIMEOUT,
            close_timeout=5, ping_interval=None, local_addr=(source, 0),
        ) as ws:  # fmt: skip
            radios: dict[str, tuple[list[str], str]] = {}
            started = time.perf_counter()
            await ws.send(_rerun_msg(query, "", {}))
            try:
                page_hash = await _until_finished(ws, radios, session.errors)
                session.first_load = time.perf_counter() - started
            finally:
                if opened is not None:
                    await opened.arrive()
            if opened is not None:
                await opened.wait()
            chosen: dict[str, str] = {}
            for widget_id, respondent_id, item, options, fragment_id in _answer_radios(radios)[:answers]:
                await asyncio.sleep(rng.uniform(0.5, 1.5) * think)  # reading the question
                scores = [o for o in options if o[:1].isdigit()]
                label = rng.choice(scores)
                chosen[widget_id] = label
                problems: list[str] = []
                clicked = time.perf_counter()
                await ws.send(_rerun_msg(query, page_hash, chosen, fragment_id))
                await _until_finished(ws, radios, problems)
                session.latencies.append(time.perf_counter() - clicked)
                session.errors += problems
                if not problems:
                    session.confirmed[(respondent_id, item)] = label
            if not session.confirmed and not session.errors:
                session.errors.append(f"geen antwoordknoppen gevonden (keuzerondjes: {sorted(radios)[:3]})")
    except TimeoutError:
        session.errors.append(f"geen antwoord binnen {MESSAGE_TIMEOUT:.0f} s")
    except Exception as exc:  # noqa: BLE001 - counted and reported, the others go on
        session.errors.append(f"{type(exc).__name__}: {str(exc)[:120]}")
    finally:
        if opened is not None:
            await opened.arrive()  # a failed respondent does not hold the others back


class Barrier:
    """Every respondent has opened the page (or given up): then the answering starts, and
    the server CPU of opening and of answering is measured apart."""

    def __init__(self, parties: int) -> None:
        self.parties, self.arrived, self.event = parties, set(), asyncio.Event()
        self.on_open: list = []  # callbacks, run once when everybody has arrived

    async def arrive(self) -> None:
        task = asyncio.current_task()
        if task in self.arrived:
            return
        self.arrived.add(task)
        if len(self.arrived) >= self.parties and not self.event.is_set():
            for callback in self.on_open:
                callback()
            self.event.set()

    async def wait(self) -> None:
        await self.event.wait()


# --------------------------------------------------------------------------- the installation


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def cpu_s(pid: int) -> float:
    """CPU seconds (user + system, all threads, ended ones included) the process has used
    so far, to the nanosecond: the process's CPU-time clock (Linux clock_getcpuclockid:
    ``(~pid << 3) | 2``); /proc's ticks (10 ms) are too coarse for one click."""
    try:
        return time.clock_gettime(((~pid) << 3) | 2)
    except OSError:  # not Linux, or not ours: the ticks of /proc
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def make_respondents(database_url: str, n: int) -> list[str]:
    """n invitations, five per corporation, each corporation with an open round."""
    from readiness.config import load_settings
    from readiness.services import accounts, assessment, open_app

    app = open_app(load_settings({"DATABASE_URL": database_url, "VOORDEURCHECK_MODE": "shared"}))
    try:
        accounts.create_account(app, "beheer@example.org", PASSWORD, "beheerder")
    except ValueError:
        pass  # already there (a second N on the same database)
    roles = ["bestuur", "management", "uitvoering", "aandachtsfunctionaris", "uitvoering"]
    tokens = []
    # The run is named in letters: a time of day such as "060154 001" reads as a BSN to
    # the personal-data screen on corporation names, which then (rightly) refuses it.
    run = "".join(random.choice(string.ascii_uppercase) for _ in range(6))
    for c in range((n + 4) // 5):
        org = assessment.create_organisation(app, f"Belastingtest {run} nr {c + 1}", "M", "Utrecht")
        round_ = assessment.start_round(app, org.id, "Meting 2026", dt.date(2026, 3, 1))
        for role in roles[: min(5, n - len(tokens))]:
            invitation = accounts.create_invitation(app, org.slug, round_.label, role, "")
            tokens.append(invitation.link.split("uitnodiging=")[1])
    return tokens


def lost_answers(database_url: str, sessions: list[Session]) -> tuple[int, int]:
    """(confirmed answers, of which not in the database with the value chosen)."""
    from readiness.config import load_settings
    from readiness.services import open_app

    app = open_app(load_settings({"DATABASE_URL": database_url}), migrate_db=False)
    confirmed = lost = 0
    rounds: dict[int, dict] = {}
    for session in sessions:
        for (respondent_id, item), label in session.confirmed.items():
            confirmed += 1
            round_id = app.repo.respondent_place(respondent_id).respondent.round_id
            if round_id not in rounds:
                data = app.repo.round_data(round_id)
                rounds[round_id] = {(a.respondent_id, a.item_id): a for a in data.answers}
            stored = rounds[round_id].get((respondent_id, item))
            if stored is None or stored.score != int(label[0]):
                lost += 1
    return confirmed, lost


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def run_sessions(
    url: str, sessions: list[Session], answers: int, think: float, seed: int, network: int = 0,
    opened: Barrier | None = None, ramp: float = 0.0,
) -> None:  # fmt: skip
    base_ws = url.replace("http://", "ws://") + "/_stcore/stream"
    rng = random.Random(seed)
    sources = [f"127.{network}.{1 + i // 250}.{1 + i % 250}" for i in range(len(sessions))]
    await asyncio.gather(
        *(
            respondent(base_ws, src, s, answers, think, random.Random(rng.random()), opened, ramp)
            for s, src in zip(sessions, sources)
        )
    )


def warm_up(stack, processes: int) -> None:
    """A few sessions first, so that 'before' is a process that has served the
    questionnaire once (its modules loaded), not a process that never ran a page."""
    sessions = [Session(token) for token in make_respondents(stack["database_url"], 4 * processes)]
    asyncio.run(run_sessions(stack["url"], sessions, 1, 0.0, 1, network=1))


def measure(n: int, stack, args, limit: float) -> dict:
    """One run with n sessions; stopped (and counted as errors) after `limit` seconds."""
    tokens = make_respondents(stack["database_url"], n)
    pids = [app.process.pid for app in stack["apps"]]
    before = [rss_mb(pid) for pid in pids]
    cpu_before = sum(cpu_s(pid) for pid in pids)
    peak: list[float] = list(before)
    started = time.perf_counter()

    sessions = [Session(token) for token in tokens]
    cpu_opened: list[float] = []  # the processes' CPU when every page is open

    async def with_sampling() -> None:
        opened = Barrier(len(sessions))
        opened.on_open.append(lambda: cpu_opened.append(sum(cpu_s(pid) for pid in pids)))
        task = asyncio.create_task(
            run_sessions(stack["url"], sessions, args.answers, args.think, args.seed, opened=opened, ramp=args.ramp)
        )
        while not task.done():
            for i, pid in enumerate(pids):
                peak[i] = max(peak[i], rss_mb(pid))
            await asyncio.wait({task}, timeout=0.5)
            if time.perf_counter() - started > limit:
                task.cancel()
                for s in sessions:
                    s.errors.append("afgebroken: de tijdslimiet van de hele meting is bereikt")
                break

    asyncio.run(with_sampling())
    wall = time.perf_counter() - started
    cpu_end = sum(cpu_s(pid) for pid in pids)
    cpu = cpu_end - cpu_before
    cpu_open = (cpu_opened[0] if cpu_opened else cpu_end) - cpu_before
    cpu_clicks = cpu_end - cpu_opened[0] if cpu_opened else None
    time.sleep(2)  # closed sessions are cleaned up by the server
    after = [rss_mb(pid) for pid in pids]
    latencies = [x for s in sessions for x in s.latencies]
    loads = [s.first_load for s in sessions if s.first_load is not None]
    errors = [e for s in sessions for e in s.errors]
    confirmed, lost = lost_answers(stack["database_url"], sessions)
    kinds: dict[str, int] = {}
    for e in errors:
        kinds[e.split(":")[0]] = kinds.get(e.split(":")[0], 0) + 1
    return {
        "sessions": n,
        "answers_per_session": args.answers,
        "wall_s": round(wall, 1),
        "click_to_saved_s": {
            "n": len(latencies),
            "p50": percentile(latencies, 0.5),
            "p95": percentile(latencies, 0.95),
            "max": max(latencies, default=None),
            "mean": statistics.fmean(latencies) if latencies else None,
        },
        "first_load_s": {"p50": percentile(loads, 0.5), "p95": percentile(loads, 0.95), "max": max(loads, default=None)},
        "think_s_mean": args.think,
        "ramp_s": args.ramp,
        "server_cpu_s": round(cpu, 1),
        # every session runs the page once on opening and once per answer
        "server_cpu_ms_per_run": round(1000 * cpu / max(1, len(loads) + len(latencies))),
        # measured apart: all pages open first, then the answering starts
        "server_cpu_ms_per_first_page": round(1000 * cpu_open / max(1, len(loads)), 1),
        "server_cpu_ms_per_click": round(1000 * cpu_clicks / max(1, len(latencies)), 1) if cpu_clicks is not None else None,
        "sessions_with_errors": sum(1 for s in sessions if s.errors),
        "errors": kinds,
        "error_examples": errors[:5],
        "answers_confirmed": confirmed,
        "answers_lost": lost,
        "rss_mb_before": [round(x) for x in before],
        "rss_mb_peak": [round(x) for x in peak],
        "rss_mb_after": [round(x) for x in after],
        "rss_mb_per_session": round((sum(peak) - sum(before)) / n, 2),
        # counted from nginx's log since it started: includes the warm-up and earlier runs
        "sessions_per_process": stack["nginx"].sessions_per_upstream(),
        "load_avg_after": os.getloadavg()[0],
    }


def table(runs: list[dict]) -> str:
    """The runs as the Markdown table of BENCHMARKS.md."""

    def s(x: float | None) -> str:
        return "-" if x is None else f"{x:.2f} s"

    lines = [
        "| N at once | mean think | click → saved p50 | p95 | first page p50 / p95 | server CPU per click "
        "| per first page | errors | lost answers |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in runs:
        if "skipped" in r:
            lines.append(f"| {r['sessions']} | skipped: {r['skipped']} |||||||| ")
            continue
        c, f = r["click_to_saved_s"], r["first_load_s"]
        lines.append(
            f"| {r['sessions']} | {r['think_s_mean']:g} s | {s(c['p50'])} | {s(c['p95'])} | {s(f['p50'])} / {s(f['p95'])} "
            f"| {r['server_cpu_ms_per_click']} ms | {r['server_cpu_ms_per_first_page']} ms "
            f"| {sum(r['errors'].values())} | {r['answers_lost']} of {r['answers_confirmed']} |"
        )
    return "\n".join(lines)


def start_stack(folder: Path, processes: int) -> dict:
    """PostgreSQL, `processes` Streamlit processes in shared mode, nginx in front."""
    import pytest  # the helpers below come from the test suite and use pytest.fail

    from tests.conftest import LocalPostgres, _libpq_url
    from tests.e2e import conftest as e2e
    from tests.e2e.test_deploy import _shared_env, start_nginx

    stack: dict = {"apps": [], "nginx": None, "postgres": None}
    stack["postgres"] = LocalPostgres().start()
    import psycopg

    with psycopg.connect(_libpq_url(stack["postgres"].url), autocommit=True) as admin:
        admin.execute("CREATE DATABASE voordeurcheck")
    stack["database_url"] = _libpq_url(stack["postgres"].url, database="voordeurcheck")
    e2e.run_cli(stack["database_url"], "init-db")
    make_respondents(stack["database_url"], 0)  # the beheerder account shared mode needs
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(e2e, "_app_env", _shared_env)
        for n in range(processes):
            stack["apps"].append(e2e.StreamlitServer(stack["database_url"], folder / f"streamlit-{n + 1}.log").start())
    stack["nginx"] = start_nginx(folder / "nginx", [app.port for app in stack["apps"]])
    stack["url"] = stack["nginx"].url
    return stack


def stop_stack(stack: dict) -> None:
    from tests.e2e.test_deploy import _stop

    if stack.get("nginx") is not None:
        _stop(stack["nginx"].process)
    for app in stack.get("apps", []):
        app.stop()
    if stack.get("postgres") is not None:
        stack["postgres"].stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[50, 200], help="numbers of respondents at once")
    parser.add_argument("--answers", type=int, default=5, help="answers per respondent (default 5)")
    parser.add_argument("--think", type=float, default=1.0, help="mean seconds between two clicks (default 1)")
    parser.add_argument("--ramp", type=float, default=0.0,
                        help="seconds over which the respondents open their pages (default 0: all at once)")
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 2,
                        help="Streamlit processes behind nginx (default: one per core)")
    parser.add_argument("--timeout", type=float, default=1500, help="seconds for the whole run (default 1500)")
    parser.add_argument("--seed", type=int, default=2018)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO_ROOT))

    started = time.monotonic()
    results = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "load_avg_before": os.getloadavg()[0]},
        "command": " ".join(["python -m benchmarks.load", *(argv if argv is not None else sys.argv[1:])]),
        "processes": args.processes,
        "runs": [],
    }
    with tempfile.TemporaryDirectory(prefix="voordeurcheck-load-") as tmp:
        stack: dict = {}
        try:
            stack = start_stack(Path(tmp), args.processes)
            warm_up(stack, args.processes)
            for n in args.sessions:
                left = args.timeout - (time.monotonic() - started)
                if left <= 0:
                    results["runs"].append({"sessions": n, "skipped": "global timeout reached"})
                    continue
                global MESSAGE_TIMEOUT
                MESSAGE_TIMEOUT = min(MESSAGE_TIMEOUT, left)
                run = measure(n, stack, args, left)
                results["runs"].append(run)
                print(json.dumps(run, indent=1), flush=True)
        finally:
            stop_stack(stack)
    print(table(results["runs"]))
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"load-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(results, indent=1))
    print(f"results: {out}")
    return 0 if all(r.get("answers_lost", 0) == 0 for r in results["runs"]) else 1


if __name__ == "__main__":
    sys.exit(main())
