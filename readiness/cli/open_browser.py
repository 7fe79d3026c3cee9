"""Open the app in the user's browser once it answers: ``python -m readiness.cli.open_browser URL``.

``make run`` starts this in the background beside ``streamlit run`` (which runs headless:
Streamlit's own opening would first ask for an e-mail address on the console). It prints
the address either way, waits until the server's health check answers, and then opens the
address, but only where a browser can be shown: on Linux and other Unixes a graphical
session (``DISPLAY`` or ``WAYLAND_DISPLAY``), on macOS and Windows always. ``BROWSER=none``
switches it off. Without a browser, as on a server or in CI, it only prints the address.
"""

from __future__ import annotations

import os
import sys
import time
import urllib.error
import urllib.request
import webbrowser
from collections.abc import Callable, Mapping

HEALTH_PATH = "/_stcore/health"
WAIT_SECONDS = 60.0


def browser_available(env: Mapping[str, str], platform: str) -> bool:
    """Can a browser window be shown here? (Never a text browser in the terminal.)"""
    if env.get("BROWSER", "").strip().lower() in ("none", "false", "0"):
        return False
    if platform == "darwin" or platform.startswith("win"):
        return True
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


def wait_until_up(url: str, timeout: float = WAIT_SECONDS, interval: float = 0.25) -> bool:
    """True as soon as ``url``'s health check answers 200; False after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url.rstrip("/") + HEALTH_PATH, timeout=2) as response:
                if response.status == 200:
                    return True
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(interval)
    return False


def main(
    argv: list[str] | None = None,
    env: Mapping[str, str] | None = None,
    platform: str | None = None,
    opener: Callable[[str], bool] = webbrowser.open,
    timeout: float = WAIT_SECONDS,
) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("Gebruik: python -m readiness.cli.open_browser http://127.0.0.1:8501", file=sys.stderr)
        return 2
    url = args[0]
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    print(f"Voordeurcheck: open {url} in uw browser (stoppen: Ctrl+C).", flush=True)
    if not browser_available(env, platform):
        return 0
    if not wait_until_up(url, timeout):
        print(f"Voordeurcheck antwoordt nog niet op {url}; de browser is niet geopend.", file=sys.stderr)
        return 1
    opener(url)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
