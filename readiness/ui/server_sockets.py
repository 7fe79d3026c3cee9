"""The server's listening socket sends small answers at once (TCP_NODELAY).

Streamlit binds its listening socket itself, as ``socket.socket(family)``: protocol number
0, not ``IPPROTO_TCP``. asyncio sets TCP_NODELAY on an accepted connection only when the
socket says ``IPPROTO_TCP`` (``asyncio.base_events._set_nodelay``), so every connection
to the app kept Nagle's algorithm. A response is written as two pieces, its head and then
its body; Nagle holds the body until the browser acknowledges the head, and the browser
waits up to 40 ms before it acknowledges (delayed ACK). So on a kept-alive connection
every request after the first took 44 ms instead of 3 (measured with curl on the app's
JavaScript files, 2026-12-07), and the same holds for the small websocket messages of a
page run behind them.

On Linux a connection inherits TCP_NODELAY from the listening socket it was accepted
from, so setting it once on the listening socket at start-up (the ``st.App`` lifespan in
``app.py``, which runs after Streamlit has bound the socket and before the first
connection) covers every connection. The listening sockets are found among the process's
open files (``/proc/self/fd``); elsewhere (no ``/proc``) nothing changes.
"""

from __future__ import annotations

import os
import socket
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

__all__ = ["lifespan", "no_delay_on_listening_sockets", "socket_descriptors"]

FDS = Path("/proc/self/fd")


def socket_descriptors(fds: Path = FDS) -> Iterator[int]:
    """The descriptors in ``fds`` (a process's ``/proc/<pid>/fd``) that are sockets."""
    if not fds.is_dir():
        return
    for entry in fds.iterdir():
        try:
            if os.readlink(entry).startswith("socket:"):
                yield int(entry.name)
        except OSError:  # closed meanwhile
            continue


def no_delay_on_listening_sockets(fds: Path = FDS) -> int:
    """Set TCP_NODELAY on every listening TCP socket of this process; how many were set."""
    done = 0
    for fd in socket_descriptors(fds):
        try:
            # A duplicate of the descriptor: options set on it are the socket's own, and
            # closing it leaves the server's descriptor open.
            with socket.socket(fileno=os.dup(fd)) as sock:
                if (
                    sock.family in (socket.AF_INET, socket.AF_INET6)
                    and sock.type == socket.SOCK_STREAM
                    and sock.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN)
                ):
                    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                    done += 1
        except OSError:  # closed meanwhile, or not ours to change
            continue
    return done


@asynccontextmanager
async def lifespan(_app: Any) -> AsyncIterator[None]:
    """``st.App(lifespan=...)``: the listening socket is bound; no connection is served yet."""
    no_delay_on_listening_sockets()
    yield
