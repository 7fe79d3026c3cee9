"""Addresses with more than one part (``/resultaten/oud``) lead to a page too.

Streamlit answers any address with its index page, but under ``/resultaten/oud`` the
browser then asks for the app's scripts at ``/resultaten/static/…``, gets the index page
again, and shows an empty white page. :class:`NestedPaths`, a middleware of the ``st.App``
in ``app.py``, sends a browser that asks for such a page to its first part instead
(``/resultaten``, with the same query): a page of the app opens, any other first part gets
the Dutch page "Pagina niet gevonden" (readiness/ui/router.py). Streamlit's own addresses
(its scripts, media files, components, health check, login) are left alone.
"""

from __future__ import annotations

from typing import Any

__all__ = ["NestedPaths", "STREAMLIT_PREFIXES", "page_request_parts", "redirect_target"]

#: First parts of the addresses Streamlit serves itself.
STREAMLIT_PREFIXES = frozenset({"_stcore", "static", "media", "component", "app", "auth", "oauth2callback"})


def page_request_parts(path: str, headers: dict[str, str], base: str = "") -> tuple[str, list[str]] | None:
    """The base path (normalised: "" or "/vdc") and the parts of ``path`` after it, when a
    browser asks for a page (a document, or HTML) below ``base``; None for anything else."""
    base = "/" + base.strip("/") if base.strip("/") else ""
    if base and not (path == base or path.startswith(base + "/")):
        return None
    dest = headers.get("sec-fetch-dest")
    if dest is not None and dest != "document":
        return None
    if dest is None and "text/html" not in headers.get("accept", ""):
        return None
    return base, [p for p in path[len(base):].split("/") if p]


def redirect_target(method: str, path: str, query: str, headers: dict[str, str], base: str = "") -> str | None:
    """Where to send a request for a nested page address, or None to serve it as it is.

    Only a browser asking for a page (GET or HEAD, a document or HTML) is sent on."""
    request = page_request_parts(path, headers, base) if method in ("GET", "HEAD") else None
    if request is None:
        return None
    base, parts = request
    if len(parts) < 2 or parts[0] in STREAMLIT_PREFIXES or parts[0].startswith("_"):
        return None
    return f"{base}/{parts[0]}" + (f"?{query}" if query else "")


class NestedPaths:
    """ASGI middleware: a page address with more than one part goes to its first part."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope.get("type") == "http":
            headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
            target = redirect_target(
                scope.get("method", ""), scope.get("path", ""), scope.get("query_string", b"").decode("latin-1"),
                headers, _base_url_path(),
            )  # fmt: skip
            if target is not None:
                from starlette.responses import RedirectResponse

                await RedirectResponse(target, status_code=307)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _base_url_path() -> str:
    import streamlit as st

    return st.get_option("server.baseUrlPath") or ""
