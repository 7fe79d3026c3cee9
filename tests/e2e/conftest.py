"""Fixtures for the browser tests: a real ``streamlit run app.py`` and headless Chromium.

- ``browser`` (session):   Chromium through Playwright (/usr/bin/chromium)
- ``seeded_server`` (session): the app on a database made with ``readiness init-db`` and
  ``readiness seed-demo``; shared by the page tour and the accessibility checks
- ``empty_server`` (module): the app on a brand-new, empty database (the newcomer's start)
- ``page`` / ``phone_page``: a fresh browser page at 1400 px / 390 px wide
- helpers: ``wait_for_app(page)``, ``rerun(page, action)``, ``open_page(page, url)``,
  ``reload(page)``, ``new_page(browser, viewport)``, ``inject_axe(page)``, ``shots_dir()``

Every test module marks its tests ``e2e`` and puts them in the xdist group "browser",
so under ``pytest -n 2 --dist loadgroup`` they run in one worker and share the servers.
Without Chromium or axe-core the tests are skipped locally, but fail when ``CI=true``:
browser tests are never skipped in CI.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium"))
AXE_JS = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1400, "height": 900}
PHONE = {"width": 390, "height": 844}
SERVER_START_TIMEOUT = 60  # seconds until /_stcore/health must answer
APP_TIMEOUT = 30_000  # ms a page may take to finish running


def skip_or_fail(reason: str) -> None:
    """Skip locally, fail in CI (``CI=true``): browser tests are never skipped there."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"Browser tests need this in CI: {reason}", pytrace=False)
    pytest.skip(reason)


# --------------------------------------------------------------------------- servers


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _console_script(name: str) -> str:
    """A console script of this virtualenv (next to the running Python), else from PATH."""
    local = Path(sys.executable).with_name(name)
    if local.exists():
        return str(local)
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"'{name}' not found next to {sys.executable} nor on PATH; run `make install`.")
    return found


def _app_env(database_url: str) -> dict[str, str]:
    """The environment of a test server: its own database, default settings otherwise."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("VOORDEURCHECK_")}
    env["DATABASE_URL"] = database_url
    env["STREAMLIT_BROWSER_GATHER_USAGE_STATS"] = "false"
    env["PYTHONUNBUFFERED"] = "1"
    return env


def run_cli(database_url: str, *args: str) -> None:
    """Run ``readiness <args>`` as a user would, against ``database_url``."""
    result = subprocess.run(
        [_console_script("readiness"), *args],
        cwd=REPO_ROOT, env=_app_env(database_url), capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, f"readiness {' '.join(args)} failed:\n{result.stdout}{result.stderr}"


@dataclass
class StreamlitServer:
    """``streamlit run app.py`` in a subprocess (own process group) on a free port."""

    database_url: str
    log_path: Path
    process: subprocess.Popen | None = None
    port: int | None = None
    extra_env: dict[str, str] = field(default_factory=dict)  # e.g. VOORDEURCHECK_CHECKLIST

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> StreamlitServer:
        for _attempt in range(3):  # another process may take the free port in between
            self.port = _free_port()
            with self.log_path.open("w") as log:
                self.process = subprocess.Popen(
                    [
                        _console_script("streamlit"), "run", "app.py",
                        "--server.address", "127.0.0.1",
                        "--server.port", str(self.port),
                        "--server.headless", "true",
                        "--server.fileWatcherType", "none",
                        "--browser.gatherUsageStats", "false",
                    ],
                    cwd=REPO_ROOT, env={**_app_env(self.database_url), **self.extra_env},
                    stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                )  # fmt: skip
            if self._wait_healthy():
                return self
            if "already in use" not in self.log():
                break
        log = self.log()
        self.stop()
        pytest.fail(f"Streamlit did not start within {SERVER_START_TIMEOUT}s:\n{log[-3000:]}")

    def _wait_healthy(self) -> bool:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        return True
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.1)
        return False

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def stop(self) -> None:
        """Stop the server (its own process group only) and wait for it."""
        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        except ProcessLookupError:
            pass


@pytest.fixture(scope="session")
def seeded_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StreamlitServer]:
    """The app on a demo database made by ``readiness init-db`` + ``readiness seed-demo``."""
    folder = tmp_path_factory.mktemp("e2e_seeded")
    database_url = f"sqlite:///{folder / 'voordeurcheck.db'}"
    run_cli(database_url, "init-db")
    run_cli(database_url, "seed-demo")
    server = StreamlitServer(database_url, folder / "streamlit.log").start()
    yield server
    server.stop()


@dataclass(frozen=True)
class DemoChoice:
    """The demo corporation the page tour selects, with what the services say about it."""

    slug: str
    name: str
    n_rounds: int
    latest_round_id: int
    latest_round_label: str
    overall: float | None  # of the latest round, 0-100
    draft_slug: str  # another demo corporation, in the middle of a round (Vragenlijst as a form)


@pytest.fixture(scope="session")
def demo_org(seeded_server: StreamlitServer) -> DemoChoice:
    """The demo corporation with the most rounds, all final, and a plan: every page has
    something to show for it. Read through the services from the seeded database."""
    from readiness.config import load_settings
    from readiness.services import assessment, open_app, plans

    app = open_app(load_settings({"DATABASE_URL": seeded_server.database_url}), migrate_db=False)
    candidates = []
    for org in assessment.list_organisations(app):
        rounds = assessment.list_rounds(app, org.id)
        if org.is_demo and rounds and all(r.is_final for r in rounds) and plans.list_plan(app, org.id):
            candidates.append((len(rounds), org.name, org, rounds))
    assert candidates, "seed-demo made no demo corporation with final rounds and a plan"
    n_rounds, _, org, rounds = max(candidates, key=lambda c: (c[0], c[1]))
    latest = rounds[-1]
    drafts = sorted(
        o.slug for o in assessment.list_organisations(app)
        if o.is_demo and (r := assessment.list_rounds(app, o.id)) and not r[-1].is_final
    )  # fmt: skip
    assert drafts, "seed-demo made no demo corporation with a draft round"
    return DemoChoice(
        slug=org.slug, name=org.name, n_rounds=n_rounds, latest_round_id=latest.id,
        latest_round_label=latest.label, overall=assessment.round_result(app, latest.id).overall,
        draft_slug=drafts[0],
    )  # fmt: skip


@pytest.fixture(scope="module")
def empty_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StreamlitServer]:
    """The app on a database file that does not exist yet: what a newcomer starts with.

    (The app creates the schema itself on first use; nothing else is put in.)
    """
    folder = tmp_path_factory.mktemp("e2e_empty")
    server = StreamlitServer(f"sqlite:///{folder / 'voordeurcheck.db'}", folder / "streamlit.log").start()
    yield server
    server.stop()


# --------------------------------------------------------------------------- browser


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium (the Debian package), one per test session."""
    if not CHROMIUM.exists():
        skip_or_fail(f"Chromium not found at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("Python Playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@contextmanager
def new_page(browser, viewport: dict[str, int]) -> Iterator:
    """A fresh page (own context: cookies, Streamlit session) whose runs are tracked."""
    context = browser.new_context(viewport=viewport, locale="nl-NL", timezone_id="Europe/Amsterdam")
    context.set_default_timeout(APP_TIMEOUT)
    page = context.new_page()
    _TRACKERS[id(page)] = RunTracker(page)
    try:
        yield page
    finally:
        _TRACKERS.pop(id(page), None)
        context.close()


@pytest.fixture
def page(browser):
    """A fresh page at 1400 px wide."""
    with new_page(browser, DESKTOP) as page:
        yield page


@pytest.fixture
def phone_page(browser):
    """A fresh page at 390 px wide (a phone)."""
    with new_page(browser, PHONE) as page:
        yield page


# --------------------------------------------------------------------------- waiting for Streamlit

# True when the app is connected, no script run is going on or pending, the status
# widget ("Running...") is not shown, no element is left stale from an earlier run and
# no skeleton is shown (Streamlit loads element code lazily and shows a skeleton until
# it has arrived, which can be after the run ended).
_APP_IDLE = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app) return false;
  if (app.getAttribute('data-test-connection-state') !== 'CONNECTED') return false;
  if (app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (!document.querySelector('[data-testid="stMainBlockContainer"]')) return false;
  for (const w of document.querySelectorAll('[data-testid="stStatusWidget"]')) {
    if (w.getClientRects().length > 0) return false;
  }
  if (document.querySelector('[data-stale="true"]')) return false;
  return !document.querySelector('[data-testid="stSkeleton"], [data-testid="stAppSkeleton"]');
}"""

# Resolves once the main block has had no DOM changes for `quiet` ms (React renders the
# last delta a moment after the run ends), or after `limit` ms.
_DOM_QUIET = """([quiet, limit]) => new Promise((resolve) => {
  const target = document.querySelector('[data-testid="stMain"]') || document.body;
  let timer = setTimeout(done, quiet);
  const cap = setTimeout(done, limit);
  const observer = new MutationObserver(() => { clearTimeout(timer); timer = setTimeout(done, quiet); });
  observer.observe(target, {subtree: true, childList: true, attributes: true, characterData: true});
  function done() { observer.disconnect(); clearTimeout(timer); clearTimeout(cap); resolve(true); }
})"""


#: A figure tile (readiness.ui.widgets.tiles): a container keyed vc_tile_<row>_<n>.
TILE = "[class*='st-key-vc_tile_']"


def tile_value(page, label: str) -> str:
    """The value a figure tile shows under its label (the first tile with that label)."""
    tile = page.locator(TILE).filter(has=page.get_by_text(label, exact=True)).first
    return tile.locator("[data-testid='stElementContainer']").nth(1).locator("p").first.inner_text().strip()


def wait_for_app(page, timeout: float = APP_TIMEOUT) -> None:
    """Wait until Streamlit has finished running and rendering the page.

    Idle means: connected, script state ``notRunning``, the status widget gone, the main
    block present, nothing stale and no skeleton waiting for lazily loaded code; then the DOM must stay quiet for a moment (the last
    elements render just after the run ends) and the app must still be idle.
    """
    deadline = time.monotonic() + timeout / 1000
    while True:
        remaining = max(1.0, (deadline - time.monotonic()) * 1000)
        page.wait_for_function(_APP_IDLE, timeout=remaining, polling=50)
        page.evaluate(_DOM_QUIET, [100, 3000])
        if page.evaluate(_APP_IDLE):
            return
        if time.monotonic() > deadline:
            raise TimeoutError("The app kept running")


class RunTracker:
    """Counts the script runs the server reports as finished to one page.

    Streamlit sends a ``script_finished`` message over its websocket at the end of each
    run. (The ``data-test-script-state`` attribute is no reliable signal: a fast rerun
    can go from running to notRunning within one React render and never show.)
    """

    def __init__(self, page) -> None:
        from google.protobuf.message import DecodeError
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        self._decode_error, self._message = DecodeError, ForwardMsg
        self.finished = 0
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload) -> None:
        if not isinstance(payload, (bytes, bytearray)):
            return
        message = self._message()
        try:
            message.ParseFromString(bytes(payload))
        except self._decode_error:
            return
        if message.WhichOneof("type") == "script_finished" and (
            message.script_finished != self._message.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN
        ):
            self.finished += 1


_TRACKERS: dict[int, RunTracker] = {}


def _wait_for_run(page, before: int, timeout: float) -> None:
    tracker = _TRACKERS[id(page)]
    deadline = time.monotonic() + timeout / 1000
    while tracker.finished == before:
        if time.monotonic() > deadline:
            raise TimeoutError("No Streamlit run finished after the action")
        page.wait_for_timeout(20)  # lets Playwright deliver the websocket frames


def rerun(page, action: Callable[[], object], timeout: float = APP_TIMEOUT) -> None:
    """Do ``action`` (e.g. a click that makes Streamlit rerun), wait until that run has
    finished and the page is rendered."""
    before = _TRACKERS[id(page)].finished
    action()
    _wait_for_run(page, before, timeout)
    wait_for_app(page, timeout)


def open_page(page, url: str) -> None:
    """Go to ``url`` and wait until the app has run and rendered."""
    rerun(page, lambda: page.goto(url))


def reload(page) -> None:
    """Reload the page (a new Streamlit session) and wait until the app has run."""
    rerun(page, page.reload)


# --------------------------------------------------------------------------- axe-core and screenshots


def inject_axe(page) -> None:
    """Load axe-core (node_modules, installed by ``make test`` via package.json) into the page."""
    if not AXE_JS.exists():
        skip_or_fail(f"axe-core not found at {AXE_JS.relative_to(REPO_ROOT)}; run `npm install`")
    page.add_script_tag(path=str(AXE_JS))


# The height of the page's content: Streamlit scrolls inside its main area.
_CONTENT_HEIGHT = """() => Math.max(
  document.querySelector('[data-testid="stMain"]')?.scrollHeight || 0,
  document.documentElement.scrollHeight, document.body.scrollHeight)"""


def show_whole_page(page, limit: int = 16000) -> None:
    """Make the window as tall as the content, so everything is in view (for a
    full-length screenshot, and for axe, which cannot judge colours off-screen)."""
    height = page.evaluate(_CONTENT_HEIGHT)
    page.set_viewport_size({"width": page.viewport_size["width"], "height": min(max(height, 600), limit)})
    wait_for_app(page)


def shots_dir() -> Path | None:
    """Where screenshots go (``SCREENSHOTS=1`` only, so CI writes none): /tmp/e2e_shots."""
    if os.environ.get("SCREENSHOTS", "") in ("", "0", "false"):
        return None
    folder = Path(os.environ.get("SCREENSHOTS_DIR", "/tmp/e2e_shots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder
