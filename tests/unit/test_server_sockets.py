"""The app's listening socket sends small answers at once: connections inherit TCP_NODELAY.

Streamlit binds its socket with protocol number 0, so asyncio left Nagle's algorithm on
every connection and each request after the first on a kept-alive connection waited for
the browser's delayed acknowledgement (readiness/ui/server_sockets.py).
"""

from __future__ import annotations

import socket
import sys

import pytest

from readiness.ui.server_sockets import no_delay_on_listening_sockets

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/fd (Linux)")


def nodelay(sock: socket.socket) -> int:
    return sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)


def test_a_connection_accepted_after_start_up_sends_without_delay():
    with socket.socket(socket.AF_INET) as listener:  # as Streamlit makes it: protocol 0
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        assert listener.proto == 0
        assert no_delay_on_listening_sockets() >= 1
        with socket.create_connection(listener.getsockname()) as client:
            accepted, _ = listener.accept()
            with accepted:
                assert nodelay(accepted) == 1
                assert nodelay(client) == 0  # a connection that is not the server's is left alone


def test_nothing_changes_without_proc(tmp_path):
    assert no_delay_on_listening_sockets(tmp_path / "no-such-folder") == 0
