"""The screenshots of the user guides: ``make screenshots`` (``python -m tools.screenshots``).

Starts the app twice on fresh demo databases (``readiness init-db`` + ``seed-demo``): in
local mode for the corporation's pages and in shared mode for logging in, Toegang and a
respondent's invitation link. Headless Chromium from the system (/usr/bin/chromium) opens
each page by its address and takes the picture once Streamlit has finished running and
rendering (the browser tests' waiting: a finished script run, the app idle, the page's DOM
quiet), never after a fixed sleep. Each PNG is 1200 px wide, reduced to 256 colours, and
written to docs/handleiding/img/; the guides show them and are committed with them.

Run it after changing a page; then look at the pictures (git diff shows which changed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
OUT = REPO_ROOT / "docs" / "handleiding" / "img"
WIDTH = 1200
HEIGHT = 820
MAX_HEIGHT = 1500  # a taller page is cut here: a guide shows the top of a page
PASSWORD = "Handleiding-voorbeeld-2026"
BEHEERDER = "beheer@voorbeeld.nl"

MEERDIJK = "demo-stichting-woongoed-meerdijk"  # three final rounds, a closed meeting, a plan
VLIETOEVER = "demo-woonpartners-vlietoever"  # a concept round with an open meeting
INVITED = ("medewerker.noord@vlietoever.example", "medewerker.zuid@vlietoever.example")  # fictional


@dataclass(frozen=True)
class Shot:
    name: str  # the file name, without .png
    path: str  # address on the app, with its query
    prepare: Callable | None = None  # what to do on the page before the picture
    full: bool = False  # as tall as the content (up to MAX_HEIGHT), not one screen
    height: int = HEIGHT  # the window's height (a part that is taller than one screen)


def show_heading(page, heading: str) -> None:
    """Scroll the page so that ``heading`` is at the top of the window."""
    from tests.e2e.conftest import wait_for_app

    page.get_by_role("heading", name=heading, exact=True).first.evaluate("e => e.scrollIntoView({block: 'start'})")
    wait_for_app(page)


def choose_part(key: str, label: str, heading: str | None = None) -> Callable:
    """Choose a part of a page's picker (widgets.section_picker, a row of segments) by its
    label, and show that part from its heading (``label`` unless given) down."""

    def prepare(page) -> None:
        from tests.e2e.conftest import rerun

        rerun(page, lambda: page.locator(f".st-key-{key} button").filter(has_text=label).click())
        show_heading(page, heading or label)

    return prepare


LOCAL_SHOTS = [
    Shot("start", f"/start?org={MEERDIJK}", full=True),
    Shot("resultaten", f"/resultaten?org={MEERDIJK}"),
    Shot("resultaten-onderdelen", f"/resultaten?org={MEERDIJK}", choose_part("rs_section", "Score per onderdeel")),
    Shot("resultaten-downloaden", f"/resultaten?org={MEERDIJK}",
         choose_part("rs_section", "Downloaden", "Rapport downloaden")),  # fmt: skip
    Shot("voortgang", f"/voortgang?org={MEERDIJK}"),
    Shot("verbeterplan", f"/verbeterplan?org={MEERDIJK}"),
    Shot("verbeterplan-tabel", f"/verbeterplan?org={MEERDIJK}",
         choose_part("vp_part", "Alles bewerken (tabel)", "Alle acties bewerken")),  # fmt: skip
    Shot("vragenlijst", f"/vragenlijst?org={VLIETOEVER}"),
    Shot("consensusgesprek", f"/consensusgesprek?org={VLIETOEVER}"),
    Shot("consensusgesprek-vraag", f"/consensusgesprek?org={VLIETOEVER}",
         choose_part("consensus_section", "Vraag bespreken"), height=MAX_HEIGHT),  # fmt: skip
    Shot("start-concept", f"/start?org={VLIETOEVER}"),
    Shot("denktank", "/denktank"),
    Shot("beheer", f"/beheer?org={MEERDIJK}"),
]


def cli(database_url: str, *args: str, stdin: str | None = None) -> str:
    from tests.e2e.conftest import _app_env, _console_script

    result = subprocess.run(
        [_console_script("readiness"), *args], cwd=REPO_ROOT, env=_app_env(database_url),
        input=stdin, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    if result.returncode != 0:
        raise SystemExit(f"readiness {' '.join(args)} mislukte:\n{result.stdout}{result.stderr}")
    return result.stdout


def demo_database(folder: Path) -> str:
    url = f"sqlite:///{folder / 'voordeurcheck.db'}"
    cli(url, "init-db")
    cli(url, "seed-demo")
    return url


def save(page, name: str, full: bool) -> Path:
    """The picture of the page as it is now, 1200 px wide, in 256 colours."""
    from PIL import Image

    from tests.e2e.conftest import _CONTENT_HEIGHT, wait_for_app

    if full:
        height = min(max(page.evaluate(_CONTENT_HEIGHT), HEIGHT), MAX_HEIGHT)
        page.set_viewport_size({"width": WIDTH, "height": height})
        wait_for_app(page)
    page.mouse.move(WIDTH - 5, 5)  # no hover effect (the menu's collapse button) in the picture
    raw = Path(tempfile.gettempdir()) / f"voordeurcheck-{name}.raw.png"
    page.screenshot(path=str(raw))
    if full:
        page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    target = OUT / f"{name}.png"
    with Image.open(raw) as image:
        image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(target, optimize=True)
    raw.unlink()
    return target


def take(browser, base_url: str, shot: Shot) -> Path:
    from tests.e2e.conftest import new_page, open_page

    with new_page(browser, {"width": WIDTH, "height": shot.height}) as page:
        open_page(page, base_url + shot.path)
        if shot.prepare is not None:
            shot.prepare(page)
        errors = page.locator("[data-testid='stException']")
        if errors.count():
            raise RuntimeError(f"de pagina toont een fout: {errors.first.inner_text()}")
        return save(page, shot.name, shot.full)


def invite_without_mail(page) -> None:
    """On Toegang: choose Vlietoever's concept round, paste two addresses for one role and
    make the links (no mail server in the demo, so the page shows the links to copy)."""
    from tests.e2e.conftest import rerun

    pick(page, "tg_org", "Woonpartners Vlietoever (demo)")
    rerun(page, lambda: page.get_by_role("option", name="Woonpartners Vlietoever (demo)").click())
    pick(page, "tg_mail_role", "Uitvoering")
    page.get_by_role("option", name="Uitvoering", exact=True).click()
    page.locator(".st-key-tg_addresses textarea").fill("\n".join(INVITED))
    rerun(page, lambda: page.get_by_role("button", name="Links maken").click())
    page.set_viewport_size({"width": WIDTH, "height": MAX_HEIGHT})  # the links and the form below them
    show_heading(page, "Respondenten uitnodigen")


def pick(page, key: str, option: str) -> None:
    """Open the selectbox ``key`` until its list shows ``option`` (a click while the page is
    still settling after a rerun can leave the list closed; then click again)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    shown = page.get_by_role("option", name=option, exact=True)
    for _ in range(3):
        page.locator(f".st-key-{key}").get_by_role("combobox").click()
        try:
            shown.wait_for(state="visible", timeout=5000)
            return
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    raise RuntimeError(f"de keuzelijst {key} toont '{option}' niet")


def shared_shots(browser, folder: Path) -> list[Path]:
    """Inloggen, Toegang (as the beheerder; also its invitations part for Vlietoever's concept
    round, with a closing date) and a respondent's questionnaire, in shared mode."""
    from tests.e2e import conftest as e2e
    from tests.e2e.conftest import StreamlitServer, new_page, open_page, rerun

    url = demo_database(folder)
    cli(url, "users", "create", "--role", "beheerder", "--username", BEHEERDER, "--password-stdin",
        stdin=PASSWORD + "\n")  # fmt: skip
    link = cli(url, "invite", VLIETOEVER, "--round", "Meting 2026", "--role", "uitvoering",
               "--label", "Team Noord").strip()  # fmt: skip
    token = link.split("uitnodiging=")[1]
    closes = (dt.date.today() + dt.timedelta(days=14)).isoformat()
    cli(url, "closing-date", VLIETOEVER, "--round", "Meting 2026", closes)
    plain = e2e._app_env
    e2e._app_env = lambda database_url: {**plain(database_url), "VOORDEURCHECK_MODE": "shared"}
    try:
        server = StreamlitServer(url, folder / "streamlit.log").start()
    finally:
        e2e._app_env = plain
    written = []
    try:
        with new_page(browser, {"width": WIDTH, "height": HEIGHT}) as page:
            open_page(page, f"{server.url}/inloggen")
            written.append(save(page, "inloggen", False))
            page.get_by_label("Gebruikersnaam").fill(BEHEERDER)
            page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
            rerun(page, lambda: page.get_by_role("button", name="Inloggen").click())
            nav = page.get_by_test_id("stSidebarNav")
            rerun(page, lambda: nav.get_by_role("link", name="Toegang").click())
            written.append(save(page, "toegang", False))
            invite_without_mail(page)
            written.append(save(page, "toegang-uitnodigen", False))
            page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
        with new_page(browser, {"width": WIDTH, "height": HEIGHT}) as page:
            open_page(page, f"{server.url}/?uitnodiging={token}")
            written.append(save(page, "respondent", False))
    finally:
        server.stop()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Maak de schermafbeeldingen van de handleidingen opnieuw.")
    parser.add_argument("--only", nargs="*", metavar="NAAM", help="alleen deze afbeeldingen (zonder .png)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO_ROOT))
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, StreamlitServer

    if not CHROMIUM.exists():
        raise SystemExit(f"Chromium ontbreekt ({CHROMIUM}); installeer het Debian-pakket 'chromium'.")
    OUT.mkdir(parents=True, exist_ok=True)
    wanted = set(args.only or [])
    written: list[Path] = []
    failed: list[str] = []
    with tempfile.TemporaryDirectory(prefix="voordeurcheck-shots-") as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        local = Path(tmp) / "local"
        local.mkdir()
        shots = [s for s in LOCAL_SHOTS if not wanted or s.name in wanted]
        if shots:
            server = StreamlitServer(demo_database(local), local / "streamlit.log").start()
            try:
                for shot in shots:
                    try:  # one page that changed does not stop the others
                        written.append(take(browser, server.url, shot))
                    except Exception as exc:  # noqa: BLE001 - reported, and the exit status says so
                        failed.append(f"{shot.name}: {type(exc).__name__}: {str(exc).splitlines()[0]}")
                        print(f"  MISLUKT {failed[-1]}", flush=True)
                        continue
                    print(f"  {written[-1].relative_to(REPO_ROOT)}", flush=True)
            finally:
                server.stop()
        if not wanted or wanted & {"inloggen", "toegang", "toegang-uitnodigen", "respondent"}:
            shared = Path(tmp) / "shared"
            shared.mkdir()
            try:
                for path in shared_shots(browser, shared):
                    written.append(path)
                    print(f"  {path.relative_to(REPO_ROOT)}", flush=True)
            except Exception as exc:  # noqa: BLE001
                failed.append(f"inloggen/toegang/respondent: {type(exc).__name__}: {str(exc).splitlines()[0]}")
                print(f"  MISLUKT {failed[-1]}", flush=True)
        browser.close()
    print(f"{len(written)} afbeeldingen in {OUT.relative_to(REPO_ROOT)}/")
    if failed:
        print(f"{len(failed)} mislukt (de oude afbeelding blijft staan):", *failed, sep="\n  ", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
