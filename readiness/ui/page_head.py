"""What the app adds to the page Streamlit serves: its style sheet, and where the server is.

The style sheet (:mod:`readiness.ui.style`) goes into the page itself, instead of an
``st.html`` element in every run of every page: no element, and no code for it (Streamlit
loads the code of ``st.html`` and DOMPurify, 31 kB, only when one is drawn) on a first
render (issue 24).

A page opened at its own address connects at once, without a failed probe first.

Streamlit's browser code does not know where the server's root is. Opened at ``/start``,
it first asks ``/start/_stcore/health`` and ``/start/_stcore/host-config`` (the server
answers 404), waits 100 ms, and only then asks ``/_stcore/health`` and opens the
websocket there. A page opened at ``/`` skips this; every page of Voordeurcheck has its
own address, so every first visit paid a round trip and the wait (issue 24: 0.1-0.25 s of
a first render of ~1.5 s on a busy two-core machine).

Streamlit reads the server's address from ``window.__streamlit.BACKEND_BASE_URL`` when a
host page sets it (its setting for embedding). :class:`PageHead`, a middleware of the
``st.App`` in ``app.py``, adds one line of script to the page that Streamlit serves for a
page address: the address without its page part, so the first probe is the right one.
The address is computed in the browser from its own location (so it is right behind a
proxy too, with or without ``server.baseUrlPath``). Every other response passes untouched.
"""

from __future__ import annotations

from typing import Any

from readiness.ui.paths import STREAMLIT_PREFIXES, page_request_parts
from readiness.ui.style import STYLE_SHEET

__all__ = ["PageHead", "add_to_page", "backend_script", "page_depth"]


def page_depth(method: str, path: str, headers: dict[str, str], base: str = "") -> int | None:
    """How many trailing parts of the address name the page: 0 for the root, 1 for a page
    address; None when this is no browser asking for a page of the app (GET, a document
    or HTML, the root or one part after ``base`` that is not one of Streamlit's own)."""
    request = page_request_parts(path, headers, base) if method == "GET" else None
    if request is None:
        return None
    _base, parts = request
    if len(parts) > 1 or (parts and (parts[0] in STREAMLIT_PREFIXES or parts[0].startswith("_") or "." in parts[0])):
        return None
    return len(parts)


def add_to_page(html: bytes, depth: int) -> bytes | None:
    """The page with the style sheet last in its body (after the styles Streamlit adds to
    the head while it runs, so ours win ties as the ``st.html`` element's did) and, for a
    page address, the line that says where the server is first in its head (the root
    needs none). None when the page is not as expected (then it is served as it is)."""
    head, end = html.find(b"<head>"), html.rfind(b"</body>")
    if head < 0 or end < head:
        return None
    cut = head + len(b"<head>")
    script = backend_script(depth) if depth else b""
    return html[:cut] + script + html[cut:end] + STYLE_SHEET.encode() + html[end:]


def backend_script(depth: int) -> bytes:
    """The line of script: the server's root is this page's address less ``depth`` parts."""
    return (
        "<script>(function(){var p=location.pathname.replace(/\\/+$/,'').split('/');"
        f"p.splice(p.length-{int(depth)},{int(depth)});"
        "window.__streamlit=Object.assign({},window.__streamlit,"
        "{BACKEND_BASE_URL:location.origin+p.join('/')+'/'});})();</script>"
    ).encode()


class PageHead:
    """ASGI middleware: the page Streamlit serves gets the style sheet and where the server is."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope.get("type") != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        depth = page_depth(scope.get("method", ""), scope.get("path", ""), headers, _base_url_path())
        if depth is None:
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
    changed = add_to_page(body, depth) if start.get("status") == 200 and is_html and b"content-encoding" not in names else None
    if changed is not None:
        body = changed
        response_headers = [(k, v) for k, v in response_headers if k.lower() not in (b"content-length", b"etag")]
        response_headers.append((b"content-length", str(len(body)).encode()))
    await send({**start, "headers": response_headers})
    await send({"type": "http.response.body", "body": body, "more_body": False})


def _base_url_path() -> str:
    import streamlit as st

    return st.get_option("server.baseUrlPath") or ""
