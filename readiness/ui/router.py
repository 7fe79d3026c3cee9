"""The page router: who may open which page, the menu, and the page that runs.

``app.py`` calls :func:`main` on every page run. Who may open which page is decided
per session (readiness.ui.auth): pages a role may not use are hidden from the menu and,
when opened by URL, show a calm message instead. The services check every call anyway.

Paths: every page has its own (``/start``, ``/vragenlijst``, ...). Streamlit gives its
default page the root ``/`` instead of its own path, so the default page is a hidden
one that only sends the visitor on to the role's first page. An unknown path gets a
hidden page of its own that says so in Dutch (:func:`not_found_view`); otherwise
Streamlit would show its English "Page not found" dialog.
"""

from __future__ import annotations

import streamlit as st

from readiness.access import AccessDenied, Kind
from readiness.config import load_settings
from readiness.ui import auth
from readiness.ui.startup import startup_problem
from readiness.ui.state import init_session

PAGES = "readiness/ui/pages"
ROOT_URL_PATH = "voordeurcheck-begin"  # internal only: the root page is served at "/"
NOT_FOUND_TITLE = "Pagina niet gevonden"


def requested_url_path() -> str:
    """The page name the browser asked for ("" for the root), as Streamlit matches it."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return (ctx.pages_manager.intended_page_name or "") if ctx is not None else ""


def not_found_view(first_page: st.Page) -> None:
    """An address that is no page of Voordeurcheck: say so, and where to go instead."""
    st.title(NOT_FOUND_TITLE)
    st.info(
        "Dit adres hoort niet bij een pagina van Voordeurcheck. Misschien is het verkeerd "
        "overgenomen, of de pagina bestaat niet meer. Kies een pagina in het menu, of ga naar "
        f"{first_page.title}.",
        icon=":material/explore_off:",
    )
    st.page_link(first_page, label=f"Naar {first_page.title}", icon=first_page.icon)


def main() -> None:
    st.set_page_config(page_title="Voordeurcheck", page_icon=":material/door_front:", layout="wide")
    problem = startup_problem()  # a broken setting, checklist or database: one Dutch message
    if problem:
        st.error(f"**Voordeurcheck kan niet starten.** {problem}", icon=":material/error:")
        st.stop()
    settings = load_settings()
    auth.guard(settings)
    actor = auth.establish(settings)
    init_session()
    auth.restrict_selection(actor)

    allowed = auth.allowed_pages(actor)
    default = auth.default_page(actor)

    def page(target, title: str, icon: str, url_path: str) -> st.Page:
        return st.Page(
            target, title=title, icon=icon, url_path=url_path,
            visibility="visible" if url_path in allowed and url_path != "inloggen" else "hidden",
        )  # fmt: skip

    sections = {
        "Corporatie": [
            page(f"{PAGES}/start.py", "Start", ":material/home:", "start"),
            page(f"{PAGES}/vragenlijst.py", "Vragenlijst", ":material/checklist:", "vragenlijst"),
            page(f"{PAGES}/resultaten.py", "Resultaten", ":material/bar_chart:", "resultaten"),
            page(f"{PAGES}/consensus.py", "Consensusgesprek", ":material/forum:", "consensusgesprek"),
            page(f"{PAGES}/verbeterplan.py", "Verbeterplan", ":material/task_alt:", "verbeterplan"),
            page(f"{PAGES}/voortgang.py", "Voortgang", ":material/trending_up:", "voortgang"),
        ],
        "Sector": [
            page(f"{PAGES}/denktank.py", "Denktank", ":material/groups:", "denktank"),
        ],
        "Instellingen": [
            page(f"{PAGES}/beheer.py", "Beheer", ":material/settings:", "beheer"),
            page(auth.toegang_page, "Toegang", ":material/admin_panel_settings:", "toegang"),
            page(f"{PAGES}/inloggen.py", "Inloggen", ":material/login:", "inloggen"),
        ],
    }
    by_path = {p.url_path: p for pages in sections.values() for p in pages}

    def root() -> None:  # "/": on to the role's first page, keeping the URL's parameters
        st.switch_page(by_path[default], query_params=st.query_params.to_dict())

    hidden = [st.Page(root, title="Voordeurcheck", icon=":material/door_front:", url_path=ROOT_URL_PATH,
                      default=True, visibility="hidden")]  # fmt: skip
    requested = requested_url_path()
    if requested and requested not in by_path and requested != ROOT_URL_PATH:
        hidden.append(st.Page(lambda: not_found_view(by_path[default]), title=NOT_FOUND_TITLE,
                              icon=":material/explore_off:", url_path=requested, visibility="hidden"))  # fmt: skip

    navigation = st.navigation(
        {"": hidden, **sections},  # "": no header; both pages are hidden from the menu
        position="hidden" if actor.kind in (Kind.RESPONDENT, Kind.ANONYMOUS) else "sidebar",
    )
    auth.sidebar(actor, settings)
    if navigation.url_path not in by_path:  # the root or an unknown path: no role check needed
        navigation.run()
        return
    current = navigation.url_path
    auth.after_login(current, actor)
    if current not in allowed:
        if actor.kind == Kind.ANONYMOUS:
            auth.login_view()  # log in first; the page asked for opens afterwards
        else:
            auth.no_access_view(actor)
        st.stop()
    try:
        navigation.run()
    except AccessDenied as exc:  # a page asked for something this role may not see
        st.info(str(exc), icon=":material/lock:")
