"""Downloads with data of a corporation (exports, the audit log): only for the session
that made them, and only for a short while.

Streamlit serves every download from its media endpoint (``/media/<id>.<ext>``), which
knows no sessions: a static ``st.download_button`` file can be fetched by anyone with
its address for as long as the page shows the button. So these downloads are

1. **generated on click** (``data`` is a callable, ``on_click="ignore"``): nothing exists
   under a media address before the user asks for it; and
2. **guarded** by :class:`SensitiveDownloads`, a middleware of the ``st.App`` in
   ``app.py``: a request for such a file is answered only when it carries the same
   browser cookie as the session that generated it (Streamlit's ``_streamlit_xsrf``
   token, which the browser sends with the download) and comes within
   :data:`GRANT_SECONDS` of the click, and before the login that made it ended (a logout,
   an idle timeout or an ended session revokes the browser's grants at once: see
   :func:`end_for_this_browser`). Anything else gets a 404 with a Dutch text.

Streamlit itself drops a generated file from memory at the second script run (of any
session) after the click; it offers no shorter lifetime, hence the guard.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from typing import Any

import streamlit as st

__all__ = ["GRANT_SECONDS", "REFUSED", "SensitiveDownloads", "download_button", "end_for_this_browser", "revoke"]

GRANT_SECONDS = 60.0
COOKIE = "_streamlit_xsrf"
REFUSED = (
    "Deze download is verlopen of hoort bij een andere sessie. Open Voordeurcheck en download "
    "het bestand opnieuw."
)

_lock = threading.Lock()
_names: set[str] = set()  # file names of sensitive downloads (guarded once registered)
_grants: dict[str, list[tuple[bytes | None, float]]] = {}  # name -> (browser token, until)


def _token(cookie: str | None) -> bytes | None:
    """The browser's XSRF token bytes from the cookie value (its mask differs per response)."""
    if not cookie:
        return None
    from streamlit.web.server.starlette.starlette_app_utils import decode_xsrf_token_string

    try:
        return decode_xsrf_token_string(cookie)[0]
    except Exception:  # noqa: BLE001 - a damaged cookie is no token
        return None


def _grant(name: str, token: bytes | None) -> None:
    now = time.monotonic()
    with _lock:
        live = [(t, until) for t, until in _grants.get(name, []) if until > now]
        live.append((token, now + GRANT_SECONDS))
        _grants[name] = live[-50:]


def revoke(token: bytes | None) -> int:
    """End every grant of the browser with this token (a logout): its downloads' addresses
    stop working at once instead of at the end of :data:`GRANT_SECONDS`. Returns how many."""
    if token is None:
        return 0
    ended = 0
    with _lock:
        for name, grants in list(_grants.items()):
            kept = [(t, until) for t, until in grants if t != token]
            ended += len(grants) - len(kept)
            _grants[name] = kept
    return ended


def end_for_this_browser() -> int:
    """:func:`revoke` for the browser of the running session (called when its login ends)."""
    try:
        return revoke(_token(st.context.cookies.get(COOKIE)))
    except Exception:  # noqa: BLE001 - no browser context (a test run): nothing was granted
        return 0


def allowed(name: str, cookie: str | None) -> bool:
    """Whether a request with browser ``cookie`` may fetch the sensitive file ``name`` now."""
    token, now = _token(cookie), time.monotonic()
    with _lock:
        return any(until > now and (t is None or t == token) for t, until in _grants.get(name, []))


def download_button(label: str, data: bytes | Callable[[], bytes], file_name: str, **kwargs: Any) -> None:
    """``st.download_button`` for a sensitive file: generated on click, guarded afterwards."""
    token = _token(st.context.cookies.get(COOKIE))
    with _lock:
        _names.add(file_name)

    def generate() -> bytes:
        content = data() if callable(data) else data
        _grant(file_name, token)
        return content

    kwargs["on_click"] = "ignore"
    st.download_button(label, data=generate, file_name=file_name, **kwargs)


_FILENAME = re.compile(r"""filename="([^"]*)"|filename\*=utf-8''([^;]+)""", re.I)


def _file_name(headers: list[tuple[bytes, bytes]]) -> str | None:
    from urllib.parse import unquote

    for key, value in headers:
        if key.lower() == b"content-disposition":
            match = _FILENAME.search(value.decode("latin-1"))
            if match:
                return match.group(1) if match.group(1) is not None else unquote(match.group(2))
    return None


def _cookie(headers: list[tuple[bytes, bytes]]) -> str | None:
    for key, value in headers:
        if key.lower() == b"cookie":
            for part in value.decode("latin-1").split(";"):
                name, _, content = part.strip().partition("=")
                if name == COOKIE:
                    return content
    return None


class SensitiveDownloads:
    """ASGI middleware: media responses of a sensitive file only for a granted request."""

    def __init__(self, app) -> None:  # noqa: ANN001 - an ASGI app
        self.app = app

    async def __call__(self, scope, receive, send) -> None:  # noqa: ANN001
        if scope["type"] != "http" or "/media/" not in scope.get("path", ""):
            await self.app(scope, receive, send)
            return
        cookie = _cookie(scope.get("headers", []))
        refused = False

        async def guarded(message) -> None:  # noqa: ANN001
            nonlocal refused
            if message["type"] == "http.response.start":
                name = _file_name(message.get("headers", []))
                with _lock:
                    sensitive = name in _names
                if sensitive and not allowed(name, cookie):
                    refused = True
                    body = REFUSED.encode("utf-8")
                    await send({"type": "http.response.start", "status": 404,
                                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                                            (b"content-length", str(len(body)).encode())]})  # fmt: skip
                    await send({"type": "http.response.body", "body": body})
                    return
            elif refused:
                return  # the file's own body is never sent
            await send(message)

        await self.app(scope, receive, guarded)
