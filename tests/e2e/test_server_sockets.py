"""The running app answers a kept-alive connection without Nagle's delay (TCP_NODELAY).

The connection's socket is read inside the server process (``pidfd_getfd``, Linux 5.6+):
the listening socket and the connection it accepted from this test both have TCP_NODELAY
set, so a response's body is not held back until the browser acknowledges its head (up
to 40 ms per request after the first on a connection; readiness/ui/server_sockets.py).
"""

from __future__ import annotations

import ctypes
import http.client
import os
import socket
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

from readiness.ui.server_sockets import socket_descriptors
from tests.e2e.conftest import skip_or_fail

pytestmark = [pytest.mark.e2e]

PIDFD_GETFD = 438  # the system call's number on x86-64 and arm64


@contextmanager
def server_socket(pid: int, fd: int):
    """A duplicate of the server process's descriptor ``fd``, as a socket of this process."""
    libc = ctypes.CDLL(None, use_errno=True)
    pidfd = os.pidfd_open(pid)
    try:
        got = libc.syscall(PIDFD_GETFD, pidfd, fd, 0)
    finally:
        os.close(pidfd)
    if got < 0:
        skip_or_fail(f"pidfd_getfd is not allowed here: {os.strerror(ctypes.get_errno())}")
    with socket.socket(fileno=got) as sock:
        yield sock


def test_listening_socket_and_its_connections_send_without_delay(seeded_server):
    if not sys.platform.startswith("linux") or not hasattr(os, "pidfd_open"):
        skip_or_fail("reading a server's socket options needs Linux")
    client = http.client.HTTPConnection("127.0.0.1", seeded_server.port, timeout=10)
    try:
        for _ in range(2):  # one kept-alive connection, two requests
            client.request("GET", "/_stcore/health")
            response = client.getresponse()
            assert response.status == 200
            response.read()
        ours = client.sock.getsockname()
        found = {}
        for fd in socket_descriptors(Path(f"/proc/{seeded_server.process.pid}/fd")):
            with server_socket(seeded_server.process.pid, fd) as sock:
                if sock.family != socket.AF_INET or sock.type != socket.SOCK_STREAM:
                    continue
                nodelay = sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
                if sock.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN):
                    if sock.getsockname()[1] == seeded_server.port:
                        found["listening"] = nodelay
                else:
                    try:
                        if sock.getpeername() == ours:
                            found["our connection"] = nodelay
                    except OSError:
                        continue
        assert found == {"listening": 1, "our connection": 1}
    finally:
        client.close()
