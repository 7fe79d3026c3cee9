"""The page router: who may open which page, the menu, and the page that runs.

``app.py`` calls :func:`main` on every page run. Who may open which page is decided
per session (readiness.ui.auth): pages a role may not use are hidden from the menu and,
when opened by URL, show a calm message instead. The services check every call anyway.
"""

from __future__ import annotations

import streamlit as st

from readiness.access import AccessDenied, Kind
from readiness.config import load_settings
from readiness.ui import auth
from readiness.ui.startup import startup_problem
from readiness.ui.state import init_session

PAGES = "readiness/ui/pages"


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
            target, title=title, icon=icon, url_path=url_path, default=url_path == default,
            visibility="visible" if url_path in allowed and url_path != "inloggen" else "hidden",
        )  # fmt: skip

    navigation = st.navigation(
        {
            "Corporatie": [
                page(f"{PAGES}/start.py", "Start", ":material/home:", "start"),
                page(f"{PAGES}/vragenlijst.py", "Vragenlijst", ":material/checklist:", "vragenlijst"),
                page(f"{PAGES}/resultaten.py", "Resultaten", ":material/bar_chart:", "resultaten"),
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
        },
        position="hidden" if actor.kind in (Kind.RESPONDENT, Kind.ANONYMOUS) else "sidebar",
    )
    auth.sidebar(actor, settings)
    current = navigation.url_path or default  # the default page's url_path is ""
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
