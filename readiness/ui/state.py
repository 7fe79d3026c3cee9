"""Session state and the shared App, initialised in one place.

The chosen corporation, round and respondent live in session state and are mirrored
in the URL (query parameters), so a reload or a bookmarked link opens the same place.

Who is using the app (the actor, see :mod:`readiness.access`) lives in session state
too (set by :mod:`readiness.ui.auth`); :func:`get_app` returns the App acting for it, so
every service call a page makes is checked for this session's user.
"""

from __future__ import annotations

import os

import streamlit as st

from readiness.access import ANONYMOUS, LOCAL_ACTOR, Actor
from readiness.config import Settings, load_settings
from readiness.services import App, open_app

KEYS = ("org", "round", "respondent")
ACTOR_KEY = "_actor"  # the session's Actor (shared mode)
#: The round id the user chose (round picker or a link), as opposed to one a page picked
#: by default: Resultaten opens on the latest final round unless a concept was chosen.
ROUND_CHOSEN_KEY = "_round_chosen"


# Settings is a frozen, hashable dataclass: its own hash is the cache key (Streamlit's generic
# hashing of it, Paths included, cost ~0.8 ms, and every run asks for the App several times).
@st.cache_resource(show_spinner=False, hash_funcs={Settings: hash})
def _app_for(settings: Settings) -> App:
    """Engine, migration and checklist: the costly part, once per distinct settings."""
    return open_app(settings)


def session_actor(settings: Settings) -> Actor:
    """Who this session acts as: the local user in local mode; in shared mode the logged-in
    user or invited respondent, or nobody (no permissions at all)."""
    if settings.mode == "local":
        return LOCAL_ACTOR
    return st.session_state.get(ACTOR_KEY) or ANONYMOUS


def get_app() -> App:
    """The App for the current settings (read each run; Settings is frozen and hashable),
    acting for this session's user."""
    settings = load_settings()
    return _app_for(settings).as_actor(session_actor(settings))


def init_session() -> None:
    """Restore the selection from the URL on a session's first run; afterwards keep the
    URL in step with it (page switches clear query parameters)."""
    if not st.session_state.get("_initialised"):
        for key in KEYS:
            value = st.query_params.get(key)
            st.session_state[key] = (value if key == "org" else _to_int(value)) if value else None
        st.session_state[ROUND_CHOSEN_KEY] = st.session_state.get("round")  # a link names its round
        st.session_state["_initialised"] = True
    for key in KEYS:
        value = st.session_state.get(key)
        if value is not None and st.query_params.get(key) != str(value):
            st.query_params[key] = str(value)


def _to_int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def select(**values: object) -> None:
    """Change the selection (org slug, round id, respondent id) and mirror it in the URL."""
    for key, value in values.items():
        if key not in KEYS:
            raise KeyError(key)
        st.session_state[key] = value
        if value is None:
            st.query_params.pop(key, None)
        else:
            st.query_params[key] = str(value)


def selected(key: str):
    return st.session_state.get(key)


def env_flag(name: str) -> bool:
    return os.environ.get(name, "") not in ("", "0", "false")
