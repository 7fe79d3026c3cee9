"""Where a click's server CPU goes: py-spy's raw stacks split into parts.

    python -m benchmarks.clicks --profile /tmp/clicks.raw      # samples and prints the split
    python -m benchmarks.profile_split /tmp/clicks.raw         # the split of a saved file

Every sample (one stack of one thread that held the GIL) is given to the first part
whose rule matches, in the order of :data:`PARTS`. The parts follow the question "whose
code is it": the save (our services and store, SQLAlchemy, psycopg), our page code, the
Streamlit elements our code calls (delta generation, widget registration), Streamlit's
own machinery around a run, the serialisation of its messages, and the server's event
loop (websocket, asyncio). Shares are of the samples; multiplied by the CPU the clicks
measured they give milliseconds per click (the time outside Python, in the kernel's
socket calls, is in no sample and so spread over the parts in proportion).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

SAVE = "save_answer (readiness/services/assessment.py"
#: Our page scripts: Streamlit runs them as scripts, so py-spy names them without a package.
PAGE_FILES = tuple(f"({p.name}:" for p in (Path(__file__).parents[1] / "readiness/ui/pages").glob("*.py"))


def _ours(frame: str) -> bool:
    return "readiness/" in frame or "(app.py:" in frame or frame.split(" ", 1)[-1].startswith(PAGE_FILES)


def _calls_streamlit(stack: str) -> bool:
    """The deepest frame of ours calls into Streamlit (an element, a widget, session state)."""
    frames = stack.split(";")
    last_ours = max((i for i, f in enumerate(frames) if _ours(f)), default=None)
    return last_ours is not None and any("streamlit/" in f for f in frames[last_ours + 1 :])


def _db(stack: str) -> bool:
    return "sqlalchemy/" in stack or "psycopg/" in stack


def _full(stack: str) -> bool:
    return "(app.py:" in stack  # the page's full run goes through app.py; a card's run does not


#: (part, kind of run it is counted per, test on the stack's frames joined by ";"); first match wins.
PARTS: list[tuple[str, str, object]] = [
    ("save: authorisation recheck (ensure_still_allowed, row locks)", "click",
     lambda s: SAVE in s and "ensure_still_allowed" in s),
    ("save: authorise lookup", "click", lambda s: SAVE in s and ";authorise (" in s),
    ("save: versioned answer write", "click", lambda s: SAVE in s and "save_answer (readiness/store/" in s),
    ("save: audit row", "click", lambda s: SAVE in s and "record_audit" in s),
    ("save: session, BEGIN/COMMIT, rest", "click", lambda s: SAVE in s),
    ("card: our callback outside the save", "click", lambda s: "_commit (" in s),
    ("server: websocket, receiving a message and starting the run", "run", lambda s: "WebSocketRoute.handle" in s),
    ("full run: compiling the page script (Streamlit's cache is emptied when no session is open)", "full",
     lambda s: "get_bytecode" in s),
    ("full run: database reads", "full", lambda s: _full(s) and _db(s)),
    ("full run: Streamlit elements our code calls", "full", lambda s: _full(s) and _calls_streamlit(s)),
    ("full run: our code (router, page)", "full", lambda s: _full(s) and any(_ours(f) for f in s.split(";"))),
    ("full run: Streamlit (navigation, page set-up)", "full", _full),
    ("card: Streamlit elements our card calls", "click", _calls_streamlit),
    ("card: our card code", "click", lambda s: any(_ours(f) for f in s.split(";"))),
    ("Streamlit: script run (setup, session state, widgets, finish)", "run",
     lambda s: "ScriptRunner._run_script" in s),
    ("Streamlit: message serialisation", "run",
     lambda s: "serialize_forward_msg" in s or "SerializeToString" in s or "populate_hash" in s),
    ("server: websocket and event loop", "run", lambda s: True),
]


def read(path: Path) -> Counter:
    samples: Counter = Counter()
    for line in Path(path).read_text(errors="replace").splitlines():
        if " " not in line.strip():
            continue
        stack, count = line.rsplit(" ", 1)
        if stack.startswith("process ") or not count.isdigit():
            continue
        samples[stack] += int(count)
    return samples


def split(path: Path, costs: dict[str, list[float]] | None = None) -> dict:
    """Share of samples per part; with the measured costs, also ms per run of its kind:
    per click (a card's run), per full run (the first pages; a section change) or, for
    what every run pays, per run of either kind."""
    samples = read(path)
    total = sum(samples.values()) or 1
    parts: Counter = Counter()
    for stack, count in samples.items():
        part = next(name for name, _kind, rule in PARTS if rule(stack))
        parts[part] += count
    result: dict = {"samples": total, "share": {name: round(parts[name] / total, 3) for name, _k, _r in PARTS}}
    if costs:
        n_full = len(costs.get("first page", []))
        n_click = sum(len(v) for k, v in costs.items() if k != "first page")
        spent = sum(x for values in costs.values() for x in values)  # the profile covers every run
        per_sample = spent / total
        count = {"click": n_click, "full": n_full, "run": n_click + n_full}
        result["ms"] = {
            f"{name} (per {kind})": round(per_sample * parts[name] / count[kind], 2)
            for name, kind, _r in PARTS if count[kind]
        }
    return result


if __name__ == "__main__":
    print(json.dumps(split(Path(sys.argv[1])), indent=1))
