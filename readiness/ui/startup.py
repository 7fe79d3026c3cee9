"""Start-up checks: refuse to serve when the app may not run, with the reason in Dutch.

Two moments:

- **Before the server serves anything** (:func:`refuse_unsafe_start`): ``streamlit run
  app.py`` sees the ``st.App`` in ``app.py`` and imports that module at start-up (not
  per session). Local mode has no login, so it may only listen on the loopback address;
  started on any other address (``--server.address 0.0.0.0``) the process prints why
  and exits with status :data:`EXIT_REFUSED`, before any page or app shell is served.
  A broken setting is refused there as well.
- **On every page run** (:func:`startup_problem`): a broken setting, checklist or
  database gives one Dutch message on the page, never a traceback.
"""

from __future__ import annotations

import sys

import streamlit as st

from readiness.config import load_settings

__all__ = ["EXIT_REFUSED", "LOOPBACK", "local_address_refusal", "refuse_unsafe_start", "startup_problem"]

EXIT_REFUSED = 78  # EX_CONFIG: the configuration does not allow this start
LOOPBACK = ("127.0.0.1", "localhost", "::1")

CONSOLE_LOCAL_REFUSED = (
    "Voordeurcheck start niet: de lokale modus (VOORDEURCHECK_MODE=local, zonder inloggen) mag alleen "
    "op deze computer bereikbaar zijn, maar het serveradres is {address}.\n"
    "Start de app met --server.address 127.0.0.1 (zo doet 'make run' het), of gebruik voor een gedeelde "
    "installatie de gedeelde modus met inloggen: VOORDEURCHECK_MODE=shared (zie "
    "docs/shared-installation.md)."
)


def local_address_refusal(mode: str, address: str | None) -> str | None:
    """The reason local mode may not serve on ``address``; None when it may."""
    if mode != "local":
        return None
    if (address or "").strip().strip("[]") in LOOPBACK:
        return None
    return CONSOLE_LOCAL_REFUSED.format(address=address or "alle netwerkadressen (geen --server.address)")


def refuse_unsafe_start() -> None:
    """Exit the process (status EXIT_REFUSED, reason on stderr) when it may not serve."""
    try:
        settings = load_settings()
    except ValueError as exc:
        _exit(f"Voordeurcheck start niet: {exc}")
    reason = local_address_refusal(settings.mode, st.get_option("server.address"))
    if reason:
        _exit(reason)


def _exit(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
    raise SystemExit(EXIT_REFUSED)


def startup_problem() -> str | None:
    """A Dutch message when settings, checklist or database cannot be used; else None.

    Opens the App once (cached for every later run), so a broken ``items.yaml`` is
    reported here, calmly, instead of as a traceback from the first page that needs it.
    """
    from readiness.ui.state import get_app

    try:
        get_app()
    except ValueError as exc:  # SettingsError, ChecklistError, a database that cannot be opened
        return str(exc)
    except RecursionError:
        return "De checklist of de instellingen zijn te diep genest om te lezen. Controleer items.yaml."
    except MemoryError:
        return "Er was te weinig geheugen om de checklist en de instellingen te lezen. Controleer items.yaml."
    except UnicodeError:
        return "De checklist of de instellingen bevatten tekens die niet te lezen zijn. Bewaar items.yaml als UTF-8."
    return None
