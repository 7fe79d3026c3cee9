"""A page opened at its own address connects at once, without a failed probe first.

Streamlit's browser code does not know where the server's root is. Opened at ``/start``,
it first asks ``/start/_stcore/health`` and ``/start/_stcore/host-config`` (the server
answers 404), waits 100 ms, and only then asks ``/_stcore/health`` and opens the
websocket there. A page opened at ``/`` skips this; every page of Voordeurcheck has its
own address, so every first visit paid a round trip and the wait (issue 24: 0.1-0.25 s of
a first render of ~1.5 s on a busy two-core machine).

Streamlit reads the server's address from ``window.__streamlit.BACKEND_BASE_URL`` when a
host page sets it (its setting for embedding). :class:`RootBackend`, a middleware of the
``st.App`` in ``app.py``, adds one line of script to the page that Streamlit serves for a
page address: the address without its page part, so the first probe is the right one.
It changes nothing else: a page at ``/`` and every other response pass untouched, and
the address is computed in the browser from its own location (so it is right behind a
proxy too, with or without ``server.baseUrlPath``).
"""

from __future__ import annotations

from typing import Any

from readiness.ui.paths import STREAMLIT_PREFIXES

__all__ = ["RootBackend", "backend_script", "page_depth"]


def page_depth(method: str, path: str, headers: dict[str, str], base: str = "") -> int:
    """How many trailing parts of the address name the page (0: nothing to add).

    Only a browser asking for a page (GET, a document or HTML) at one of the app's
    page addresses (one part after ``base``, not one of Streamlit's own) gets the line."""
    if method != "GET":
        return 0
    base = "/" + base.strip("/") if base.strip("/") else ""
    if base and not (path == base or path.startswith(base + "/")):
        return 0
    parts = [p for p in path[len(base):].split("/") if p]
    if len(parts) != 1 or parts[0] in STREAMLIT_PREFIXES or parts[0].startswith("_") or "." in parts[0]:
        return 0
    dest = headers.get("sec-fetch-dest")
    if dest is not None and dest != "document":
        return 0
    if dest is None and "text/html" not in headers.get("accept", ""):
        return 0
    return 1


def backend_script(depth: int) -> bytes:
    """The line of script: the server's root is this page's address less ``depth`` parts."""
    return (
        "<script>(function(){var p=location.pathname.replace(/\\/+$/,'').split('/');"
        f"p.splice(p.length-{int(depth)},{int(depth)});"
        "window.__streamlit=Object.assign({},window.__streamlit,"
        "{BACKEND_BASE_URL:location.origin+p.join('/')+'/'});})();</script>"
    ).encode()


class RootBackend:
    """ASGI middleware: the page Streamlit serves at a page address says where the server is."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope.get("type") != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        depth = page_depth(scope.get("method", ""), scope.get("path", ""), headers, _base_url_path())
        if not depth:
            await self.app(scope, receive, send)
            return
        # Ask for the page uncompressed (it is 8 kB; a proxy in front may compress it).
        scope = dict(scope, headers=[(k, v) for k, v in scope.get("headers", []) if k.lower() != b"accept-encoding"])
        start: dict | None = None
        body = bytearray()

        async def rewrite(message: dict) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                return
            if message["type"] != "http.response.body" or start is None:
                await send(message)
                return
            body.extend(message.get("body", b""))
            if message.get("more_body"):
                return
            await _send_page(start, bytes(body), depth, send)

        await self.app(scope, receive, rewrite)


async def _send_page(start: dict, body: bytes, depth: int, send: Any) -> None:
    response_headers = [(k, v) for k, v in start.get("headers", [])]
    names = {k.lower(): v for k, v in response_headers}
    is_html = names.get(b"content-type", b"").startswith(b"text/html")
    marker = body.find(b"<head>")
    if start.get("status") == 200 and is_html and b"content-encoding" not in names and marker >= 0:
        cut = marker + len(b"<head>")
        body = body[:cut] + backend_script(depth) + body[cut:]
        response_headers = [(k, v) for k, v in response_headers if k.lower() not in (b"content-length", b"etag")]
        response_headers.append((b"content-length", str(len(body)).encode()))
    await send({**start, "headers": response_headers})
    await send({"type": "http.response.body", "body": body, "more_body": False})


def _base_url_path() -> str:
    import streamlit as st

    return st.get_option("server.baseUrlPath") or ""
