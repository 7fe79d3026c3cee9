"""The page Streamlit serves gets the app's style sheet, and at a page address where the
server is (readiness/ui/page_head.py), so Streamlit's browser code connects without first
probing ``/<page>/_stcore/health``."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor

import pytest

from readiness.ui.page_head import PageHead, backend_script, page_depth
from readiness.ui.style import STYLE_SHEET

PAGE = {"sec-fetch-dest": "document", "accept": "text/html,application/xhtml+xml"}
HTML = b"<!doctype html><html><head><title>x</title></head><body></body></html>"


@pytest.mark.parametrize(
    ("method", "path", "headers", "base", "expected"),
    [
        ("GET", "/start", PAGE, "", 1),
        ("GET", "/verbeterplan/", PAGE, "", 1),
        ("GET", "/onbekend", {"accept": "text/html"}, "", 1),  # the Dutch not-found page too
        ("GET", "/vdc/start", PAGE, "vdc", 1),
        ("GET", "/", PAGE, "", 0),  # the root: the style sheet only
        ("GET", "/vdc", PAGE, "vdc", 0),
        ("GET", "/resultaten/oud", PAGE, "", None),  # sent on by NestedPaths
        ("GET", "/_stcore/health", {}, "", None),
        ("GET", "/static", PAGE, "", None),
        ("GET", "/favicon.png", {"sec-fetch-dest": "image"}, "", None),
        ("GET", "/robots.txt", PAGE, "", None),
        ("GET", "/start", {"sec-fetch-dest": "script"}, "", None),
        ("POST", "/start", PAGE, "", None),
        ("GET", "/start", PAGE, "vdc", None),  # outside the base path
    ],
)
def test_only_a_page_of_the_app_is_changed(method, path, headers, base, expected):
    assert page_depth(method, path, headers, base) == expected


def _serve(path: str, response_headers: list[tuple[bytes, bytes]], body: bytes, chunks: int = 1, status: int = 200):
    """Run the middleware around a fake Streamlit that answers `body`; returns what was sent
    and the request headers Streamlit saw."""
    seen: dict = {}

    async def streamlit(scope, receive, send):
        seen["headers"] = dict(scope["headers"])
        await send({"type": "http.response.start", "status": status, "headers": response_headers})
        size = max(1, len(body) // chunks)
        parts = [body[i : i + size] for i in range(0, len(body), size)] or [b""]
        for n, part in enumerate(parts):
            await send({"type": "http.response.body", "body": part, "more_body": n < len(parts) - 1})

    sent: list[dict] = []

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "http.request", "body": b""}

    scope = {
        "type": "http", "method": "GET", "path": path, "query_string": b"org=x",
        "headers": [(b"sec-fetch-dest", b"document"), (b"accept", b"text/html"), (b"accept-encoding", b"gzip")],
    }  # fmt: skip
    # In a thread of its own: Playwright's sync API keeps an event loop running on this
    # worker's main thread while a browser test's session is open.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, PageHead(streamlit)(scope, receive, send)).result()
    return sent, seen["headers"]


def _page(sent: list[dict]) -> tuple[dict, bytes]:
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return {k.lower(): v for k, v in start["headers"]}, body


HTML_HEADERS = [(b"content-type", b"text/html; charset=utf-8"), (b"content-length", str(len(HTML)).encode()), (b"etag", b'"1"')]


def test_a_page_gets_the_line_first_in_its_head_and_the_style_sheet_last_in_its_body():
    sent, asked = _serve("/start", HTML_HEADERS, HTML, chunks=3)
    response, body = _page(sent)
    assert body.startswith(b"<!doctype html><html><head>" + backend_script(1) + b"<title>x</title>")
    assert body.endswith(STYLE_SHEET.encode() + b"</body></html>")
    assert body.replace(backend_script(1), b"").replace(STYLE_SHEET.encode(), b"") == HTML  # nothing else changed
    assert int(response[b"content-length"]) == len(body)
    assert b"etag" not in response
    assert b"accept-encoding" not in asked  # asked uncompressed, so the line can be added


def test_the_root_gets_the_style_sheet_only():
    _, body = _page(_serve("/", HTML_HEADERS, HTML)[0])
    assert body == HTML.replace(b"</body>", STYLE_SHEET.encode() + b"</body>")
    assert b"<style>" in STYLE_SHEET.encode() and b"stSkipToContent" in STYLE_SHEET.encode()


@pytest.mark.parametrize(
    ("path", "headers", "status"),
    [
        ("/resultaten/oud", [(b"content-type", b"text/html")], 200),
        ("/start", [(b"content-type", b"text/html"), (b"content-encoding", b"gzip")], 200),
        ("/start", [(b"content-type", b"text/plain")], 200),
        ("/start", [(b"content-type", b"text/html")], 304),
    ],
)
def test_anything_else_passes_untouched(path, headers, status):
    sent, _ = _serve(path, headers, HTML, status=status)
    assert _page(sent)[1] == HTML


def test_the_browser_computes_the_servers_root_from_its_own_address():
    """The line itself, run by Node when it is there: the page part goes, a proxy's prefix stays."""
    node = shutil.which("node")
    if not node:  # .ci/run installs npm, and with it Node: in CI its absence is a failure
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("Node is required in CI (Debian's nodejs, installed with npm by .ci/run)", pytrace=False)
        pytest.skip("Node is not installed: the page's script line is not run")
    script = backend_script(1).decode().removeprefix("<script>").removesuffix("</script>")
    for pathname, expected in (("/start", "http://h:1/"), ("/start/", "http://h:1/"), ("/vdc/start", "http://h:1/vdc/")):
        program = (
            f"global.location={{pathname:{pathname!r},origin:'http://h:1'}};global.window={{}};"
            f"{script};console.log(window.__streamlit.BACKEND_BASE_URL)"
        )
        out = subprocess.run([node, "-e", program], capture_output=True, text=True, check=True).stdout.strip()
        assert out == expected, pathname
