"""Server CPU per answer click: one respondent at a time, to the nanosecond.

    python -m benchmarks.clicks                       # 20 respondents x 5 answers, then 5 changes each
    python -m benchmarks.clicks --respondents 4 --warm-up 1   # a smoke run

The installation of :mod:`benchmarks.load` (a throw-away PostgreSQL, Streamlit in shared
mode behind nginx with the rules of deploy/nginx), with one app process. Each respondent
opens its invitation link over Streamlit's own websocket protocol and answers the five
questions of the first section, one click at a time, then changes each answer once.
Nothing else talks to the process, so the CPU time the process used from sending a
click until the server's ``script_finished`` (its CPU-time clock, all threads) is the
cost of that click: the save, the rerun it causes and the messages it sends.

Reported per kind of run (median, p90, mean, max, in ms of server CPU): the first page
(a full run), a new answer (a fragment run of the card), the answer that completes the
section (the card and the section picker rerun, two fragments) and a changed answer.
Results go to stdout and benchmarks/results/clicks-*.json.

``--profile FILE`` samples the app process with py-spy (``pip install py-spy``; root or
ptrace rights) while the measured respondents click, writes the raw stacks to FILE and
prints where the time went (:mod:`benchmarks.profile_split`).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.load import (
    MESSAGE_TIMEOUT,
    REPO_ROOT,
    RESULTS,
    _answer_radios,
    _rerun_msg,
    _until_finished,
    cpu_s,
    make_respondents,
    start_stack,
    stop_stack,
)


class _Counting:
    """A websocket that counts the messages received (one per delta, plus run events)."""

    def __init__(self, ws) -> None:
        self.ws, self.received = ws, 0

    async def send(self, message) -> None:
        await self.ws.send(message)

    async def recv(self):
        self.received += 1
        return await self.ws.recv()


async def one_respondent(
    url: str, token: str, pid: int, answers: int, costs: dict[str, list[float]],
    messages: dict[str, list[int]] | None = None,
) -> list[str]:
    """Open, answer `answers` questions, change each once; CPU ms per run into `costs`
    (and the number of messages the server sent per run into `messages`)."""
    import websockets

    problems: list[str] = []
    query = f"uitnodiging={token}"
    messages = messages if messages is not None else {}
    async with websockets.connect(
        url.replace("http://", "ws://") + "/_stcore/stream", subprotocols=["streamlit"], max_size=None,
        open_timeout=MESSAGE_TIMEOUT, ping_interval=None,
    ) as socket:  # fmt: skip
        ws = _Counting(socket)
        radios: dict = {}
        before = cpu_s(pid)
        await ws.send(_rerun_msg(query, "", {}))
        page_hash = await _until_finished(ws, radios, problems)
        costs["first page"].append(1000 * (cpu_s(pid) - before))
        messages.setdefault("first page", []).append(ws.received)
        chosen: dict[str, str] = {}
        found = _answer_radios(radios)[:answers]
        if not found:
            return [*problems, "geen antwoordknoppen gevonden"]
        for change in (False, True):
            for n, (widget_id, _respondent, _item, options, fragment_id) in enumerate(found, start=1):
                scores = [o for o in options if o[:1].isdigit()]
                chosen[widget_id] = scores[(n + change) % len(scores)]  # a change picks another score
                kind = "changed answer" if change else ("new answer, section done" if n == 5 else "new answer")
                before, received = cpu_s(pid), ws.received
                await ws.send(_rerun_msg(query, page_hash, chosen, fragment_id))
                await _until_finished(ws, radios, problems)
                costs[kind].append(1000 * (cpu_s(pid) - before))
                messages.setdefault(kind, []).append(ws.received - received)
                await asyncio.sleep(0.05)  # the server's housekeeping after a run is not the next click's
    return problems


def summary(values: list[float]) -> dict:
    ordered = sorted(values)
    return {
        "n": len(values),
        "median_ms": round(statistics.median(values), 1),
        "p90_ms": round(ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))], 1),
        "mean_ms": round(statistics.fmean(values), 1),
        "max_ms": round(max(values), 1),
    }


def _start_py_spy(pid: int, out: Path) -> subprocess.Popen:
    py_spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    process = subprocess.Popen(
        [py_spy, "record", "--pid", str(pid), "--format", "raw", "--rate", "400", "--nonblocking", "--gil",
         "--function", "--output", str(out)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    time.sleep(1.0)  # py-spy attaches
    return process


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--respondents", type=int, default=20, help="respondents measured (default 20)")
    parser.add_argument("--warm-up", type=int, default=3, help="respondents first, not counted (default 3)")
    parser.add_argument("--answers", type=int, default=5, help="answers per respondent (default 5: one section)")
    parser.add_argument("--profile", type=Path, help="sample the app process with py-spy into this raw file")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO_ROOT))
    results: dict = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "load_avg_before": os.getloadavg()[0]},
        "command": " ".join(["python -m benchmarks.clicks", *(argv if argv is not None else sys.argv[1:])]),
    }
    costs: dict[str, list[float]] = {k: [] for k in ("first page", "new answer", "new answer, section done", "changed answer")}
    problems: list[str] = []
    messages: dict[str, list[int]] = {}
    with tempfile.TemporaryDirectory(prefix="voordeurcheck-clicks-") as tmp:
        stack: dict = {}
        try:
            stack = start_stack(Path(tmp), 1)
            pid = stack["apps"][0].process.pid
            tokens = make_respondents(stack["database_url"], args.warm_up + args.respondents)
            spy = None
            for i, token in enumerate(tokens):
                if i == args.warm_up and args.profile:
                    spy = _start_py_spy(pid, args.profile)
                into = costs if i >= args.warm_up else {k: [] for k in costs}
                problems += asyncio.run(one_respondent(stack["url"], token, pid, args.answers, into, messages))
            if spy is not None:
                spy.send_signal(signal.SIGINT)
                spy.wait(timeout=60)
        finally:
            stop_stack(stack)
    results["cpu_per_run"] = {kind: summary(values) for kind, values in costs.items() if values}
    clicks = [x for kind, values in costs.items() if kind != "first page" for x in values]
    results["cpu_per_click"] = summary(clicks) if clicks else None
    results["messages_per_run"] = {kind: statistics.median(values) for kind, values in messages.items()}
    results["errors"] = problems
    results["load_avg_after"] = os.getloadavg()[0]
    if args.profile:
        from benchmarks.profile_split import split

        results["profile"] = split(args.profile, costs)
    print(json.dumps(results, indent=1))
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"clicks-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(results, indent=1))
    print(f"results: {out}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
