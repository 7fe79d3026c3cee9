"""One budget for reading an import file: size, time and memory, from the first byte.

The file is read and checked (:func:`readiness.export.importer.parse_answers` /
:func:`~readiness.export.importer.parse_document`) in a child process, never in the
process that serves the app or runs the command:

- size: the caller refuses a file above ``MAX_IMPORT_BYTES`` before it is read at all;
- memory: the child's address space may grow by at most :data:`MAX_IMPORT_MEMORY`
  (``RLIMIT_AS``), so a file that makes the reader swallow memory ends in a
  ``MemoryError`` there (a Dutch refusal), not in the server;
- time: the readers stop themselves after ``MAX_SECONDS`` (their :class:`Deadline`);
  whatever does not (a pattern or a parser that runs away inside one call) is ended by
  the CPU limit and by the parent, which kills the child at :data:`HARD_SECONDS`.

A Streamlit worker that imports therefore waits at most :data:`HARD_SECONDS`, and the
server's own memory never sees the file's parsing. The child is forked from a small
server process (``multiprocessing``'s ``forkserver``) that has the readers imported
already, so starting one costs milliseconds, not an interpreter start.

Only the reading runs in the child; the checks against the database and the writing
(one transaction) stay in :mod:`readiness.services.importing`.
"""

from __future__ import annotations

import multiprocessing
import resource
import signal
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from readiness.export.importing.limits import MAX_SECONDS
from readiness.export.importing.problems import ImportFileError, Problem

if TYPE_CHECKING:
    from readiness.models import Checklist

__all__ = ["HARD_SECONDS", "MAX_IMPORT_MEMORY", "Usage", "read_import_file"]

MAX_IMPORT_MEMORY = 300 * 1024 * 1024  # address space the reading may add to the child
HARD_SECONDS = MAX_SECONDS + 5.0  # the child is killed after this (wall clock and CPU)



@dataclass(frozen=True)
class Usage:
    """What reading one file cost: wall-clock seconds (as the caller waited), the memory
    the child's reading added at its peak, in bytes (its peak resident size less what it
    had when it started), and the CPU seconds the child used (both 0 when the child did
    not report them)."""

    seconds: float
    added_bytes: int
    cpu_seconds: float = 0.0


def _context():
    return multiprocessing.get_context("fork")


def _import_readers() -> None:
    """Import the readers here, once: every forked child then has them loaded already
    (a child that imported openpyxl itself would spend its budget on that)."""
    import numpy  # noqa: F401 - the JSON depth scan
    import openpyxl  # noqa: F401 - the XLSX reader

    import readiness.export.importer  # noqa: F401


def _address_space() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * resource.getpagesize()


def _limit_self(memory: int, seconds: float) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = _address_space() + memory
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    cpu_soft, cpu_hard = resource.getrlimit(resource.RLIMIT_CPU)
    used = resource.getrusage(resource.RUSAGE_SELF)
    cpu = int(used.ru_utime + used.ru_stime + seconds) + 1
    if cpu_hard != resource.RLIM_INFINITY:
        cpu = min(cpu, cpu_hard)
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu_hard))


def _resident() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize()


def _peak() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_SELF)
    return used.ru_utime + used.ru_stime


def _child(conn, data: bytes, file_name: str, checklist: Checklist, memory: int, seconds: float) -> None:
    """Runs in the child: read the file within the limits, send back one tuple."""
    at_start, cpu_at_start = max(_resident(), _peak()), _cpu()
    try:
        _limit_self(memory, seconds)
        from readiness.export.importer import parse_answers, parse_document

        if file_name.lower().endswith(".json"):
            reply: tuple = ("ok", parse_document(data, file_name, checklist))
        else:
            reply = ("ok", parse_answers(data, file_name, checklist))
    except ImportFileError as exc:
        reply = ("refused", exc.problems)
    except MemoryError:
        reply = ("memory", None)
    except RecursionError:
        reply = ("recursion", None)
    except Exception as exc:  # noqa: BLE001 - any other failure becomes one Dutch refusal
        reply = ("error", type(exc).__name__)
    del data
    try:
        conn.send((*reply, (max(_peak() - at_start, 0), _cpu() - cpu_at_start)))
    except MemoryError:
        conn.send(("memory", None, (max(_peak() - at_start, 0), _cpu() - cpu_at_start)))
    except Exception as exc:  # noqa: BLE001 - e.g. a result that does not pickle
        conn.send(("error", type(exc).__name__, (max(_peak() - at_start, 0), _cpu() - cpu_at_start)))
    finally:
        conn.close()


def _refusal(file_name: str, kind: str, detail: Any = None) -> ImportFileError:
    megabytes = MAX_IMPORT_MEMORY // (1024 * 1024)
    messages = {
        "memory": f"het inlezen had meer dan {megabytes} MB geheugen nodig en is afgebroken; "
        "dit is geen gewoon antwoordbestand of export. Splits het bestand op of bewaar het "
        "opnieuw als eenvoudig CSV-bestand",
        "time": f"het inlezen duurde langer dan {HARD_SECONDS:.0f} seconden en is afgebroken; "
        "splits het bestand op of bewaar het opnieuw als eenvoudig CSV-bestand",
        "recursion": "het bestand is te diep genest om te lezen; dit is geen antwoordbestand of export "
        "van Voordeurcheck",
        "crash": "het inlezen van dit bestand is onverwacht afgebroken; het bestand is waarschijnlijk "
        "beschadigd. Bewaar het opnieuw of kies een ander bestand",
        "error": f"het bestand kan niet worden gelezen ({detail}); het is beschadigd of geen "
        "antwoordbestand of export van Voordeurcheck",
    }
    return ImportFileError([Problem(file_name, messages[kind])])


def read_import_file(
    data: bytes,
    file_name: str,
    checklist: Checklist,
    *,
    memory: int = MAX_IMPORT_MEMORY,
    seconds: float = HARD_SECONDS,
) -> tuple[Any, Usage]:
    """Read and check an import file (by its extension) in a child process within the
    budget. Returns the parsed file (:class:`ParsedAnswers` or :class:`ExportDocument`)
    and what reading it cost; raises :class:`ImportFileError` listing the problems, or
    with one Dutch sentence when the budget ran out or the child died."""
    _import_readers()
    context = _context()
    started = time.monotonic()
    receive, send = context.Pipe(duplex=False)
    child = context.Process(
        target=_child, args=(send, data, file_name, checklist, memory, seconds), daemon=True
    )
    child.start()
    send.close()
    try:
        ready = receive.poll(seconds)
        try:
            reply = receive.recv() if ready else None
        except EOFError:  # the child died without a word (killed by a limit, a crash)
            reply = None
    finally:
        receive.close()
        if child.is_alive():
            child.kill()
        child.join(5)
    added, cpu = (0, 0.0) if reply is None else reply[-1]
    usage = Usage(time.monotonic() - started, added, cpu)
    if reply is None:
        timed_out = not ready or child.exitcode == -signal.SIGXCPU
        raise _refusal(file_name, "time" if timed_out else "crash")
    kind, value = reply[0], reply[1]
    if kind == "ok":
        return value, usage
    if kind == "refused":
        raise ImportFileError(value)
    raise _refusal(file_name, kind, value)
