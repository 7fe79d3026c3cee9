"""Processes, databases and Streamlit servers for the benchmarks (used by :mod:`benchmarks.run`
and :mod:`benchmarks.pages`).

- :func:`run_process`: a command's wall time and peak RSS; :func:`probe` runs one of
  :mod:`benchmarks.probes` in a fresh process;
- :func:`sqlite_database` / :func:`seed`: a database seeded with ``readiness seed-synthetic``
  at a scale of :data:`SCALES` (SQLite files are cached in ``/tmp/voordeurcheck-bench``);
  :func:`postgres_server` / :func:`create_pg_database` for PostgreSQL;
- :func:`streamlit_server`: a Streamlit server on a free loopback port, with the app's
  ``.streamlit/config.toml``, stopped on exit; :func:`cpu_seconds` of its process.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
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


# --------------------------------------------------------------------------- streamlit


@dataclass(frozen=True)
class Server:
    base: str  # http://127.0.0.1:<port>
    pid: int

    def cpu(self) -> float:
        return cpu_seconds(self.pid)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")



@contextmanager
def streamlit_server(script: Path, url: str) -> Iterator[Server]:
    port = free_port()
    cmd = [
        str(BIN / "streamlit"), "run", str(script), "--server.port", str(port), "--server.headless", "true",
        "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
    ]  # fmt: skip  (everything else as configured in .streamlit/config.toml)
    log_file = tempfile.TemporaryFile()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env_for(url), stdout=log_file, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
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
        yield Server(base, proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log_file.close()



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
