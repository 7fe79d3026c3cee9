"""Issue 13, case 12: local mode never listens beyond this computer.

Runs the real command, ``streamlit run app.py``: on a non-loopback address in local
mode the process exits at start-up with status 78 and the reason in Dutch on the
console (and nothing is left listening); on 127.0.0.1 (``make run``) it serves.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

from readiness.ui.startup import EXIT_REFUSED

ROOT = Path(__file__).resolve().parents[2]
STREAMLIT = str(Path(sys.executable).with_name("streamlit"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def env(tmp_path: Path, **settings: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("VOORDEURCHECK_")}
    return {**base, "DATABASE_URL": f"sqlite:///{tmp_path / 'v.db'}", "PYTHONUNBUFFERED": "1", **settings}


def start(tmp_path: Path, port: int, *flags: str, **settings: str) -> subprocess.Popen:
    return subprocess.Popen(
        [STREAMLIT, "run", "app.py", "--server.port", str(port), "--server.headless", "true", *flags],
        cwd=ROOT, env=env(tmp_path, **settings), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,
    )  # fmt: skip


def listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def test_local_mode_on_every_interface_exits_with_the_reason(tmp_path):
    address = "0.0.0.0"
    port = free_port()
    process = start(tmp_path, port, "--server.address", address)
    out, err = process.communicate(timeout=120)
    assert process.returncode == EXIT_REFUSED
    assert "Voordeurcheck start niet: de lokale modus" in err
    assert f"het serveradres is {address}" in err and "--server.address 127.0.0.1" in err
    assert "Traceback" not in out + err
    assert not listening(port)


def test_a_bad_setting_stops_the_start_with_a_dutch_message(tmp_path):
    port = free_port()
    process = start(tmp_path, port, "--server.address", "127.0.0.1", VOORDEURCHECK_TARGET="hoog")
    out, err = process.communicate(timeout=120)
    assert process.returncode == EXIT_REFUSED
    assert "Voordeurcheck start niet: VOORDEURCHECK_TARGET is 'hoog'; dat moet een geheel getal zijn" in err
    assert "Traceback" not in out + err


def test_make_runs_address_serves(tmp_path):
    """127.0.0.1, as ``make run`` starts it: the server stays up and answers."""
    port = free_port()
    process = start(tmp_path, port, "--server.address", "127.0.0.1")
    try:
        assert process.stdout is not None
        for line in process.stdout:  # wait for Streamlit's own "you can now view" lines
            if f"127.0.0.1:{port}" in line:
                break
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=30) as response:
            assert response.status == 200
        assert process.poll() is None
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.communicate(timeout=60)
