"""``make run`` opens the browser where one can be shown, and prints the address either way."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from readiness.cli.open_browser import HEALTH_PATH, browser_available, main


@pytest.mark.parametrize(
    ("env", "platform", "expected"),
    [
        ({}, "linux", False),  # a server or CI: no graphical session
        ({"DISPLAY": ":0"}, "linux", True),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", True),
        ({"DISPLAY": ":0", "BROWSER": "none"}, "linux", False),
        ({}, "darwin", True),
        ({}, "win32", True),
        ({"BROWSER": "none"}, "darwin", False),
    ],
)
def test_a_browser_is_opened_only_where_one_can_be_shown(env, platform, expected):
    assert browser_available(env, platform) is expected


@pytest.fixture
def health_server():
    """A server that answers the health check like Streamlit's once it is up."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the http.server API
            self.send_response(200 if self.path == HEALTH_PATH else 404)
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_it_prints_the_address_and_opens_it_once_the_app_answers(health_server, capsys):
    opened = []
    assert main([health_server], env={"DISPLAY": ":0"}, platform="linux", opener=opened.append, timeout=5) == 0
    assert opened == [health_server]
    assert health_server in capsys.readouterr().out


def test_without_a_browser_it_only_prints_the_address(capsys):
    opened = []
    url = "http://127.0.0.1:9"  # nothing listens: it must not even wait
    assert main([url], env={}, platform="linux", opener=opened.append, timeout=5) == 0
    assert opened == []
    assert url in capsys.readouterr().out


def test_an_app_that_never_answers_is_not_opened(capsys):
    opened = []
    assert main(["http://127.0.0.1:9"], env={"DISPLAY": ":0"}, platform="linux", opener=opened.append, timeout=0.5) == 1
    assert opened == []
    assert "antwoordt nog niet" in capsys.readouterr().err
