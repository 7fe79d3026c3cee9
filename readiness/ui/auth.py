"""Who is using the app: modes, logging in and out, invitation links, session expiry,
the pages each role may open, and the Toegang page (invitations, accounts, audit trail).

Two modes (``VOORDEURCHECK_MODE``):

- ``local`` (default): no login; one user manages everything on this machine. The app
  must then listen on the loopback address only (``.streamlit/config.toml`` sets
  ``server.address = "127.0.0.1"``); on any other address it refuses to run.
- ``shared``: login required (local accounts, or single sign-on through ``st.login``
  when ``.streamlit/secrets.toml`` has an ``[auth]`` section). The app refuses to run
  until there is an active beheerder account (``readiness users create``).

A respondent opens ``/?uitnodiging=<token>``: no account, and only their own
questionnaire. The token is checked on every run, so a revoked link or a finalised
round ends the session at once. A logged-in session ends after
:data:`IDLE_TIMEOUT_S` seconds without any interaction.

The protection itself is in the services (every use case checks the actor); what is
hidden here is hidden for clarity, not for safety.
"""

from __future__ import annotations

import time

import streamlit as st

from readiness.access import (
    ACCOUNT_ROLES,
    ANONYMOUS,
    LOCAL_ACTOR,
    ROLE_LABELS,
    AccessDenied,
    Actor,
    Kind,
    Permission,
    can,
)
from readiness.formatting import format_date
from readiness.config import Settings, load_settings
from readiness.services import App, accounts, assessment
from readiness.ui.state import ACTOR_KEY, get_app, select

IDLE_TIMEOUT_S = 30 * 60
LOOPBACK = ("127.0.0.1", "localhost", "::1")
SSO_PROVIDER = "microsoft"  # the name of an optional [auth.microsoft] section

LAST_SEEN_KEY = "_auth_last_seen"
JUST_LOGGED_IN_KEY = "_auth_just_logged_in"
TOKEN_KEY = "_auth_invitation"
NOTICE_KEY = "_auth_notice"

LOCAL_ADDRESS_REFUSED = (
    "**Voordeurcheck draait in de lokale modus, maar is niet alleen op deze computer bereikbaar** "
    "(serveradres: {address}). In de lokale modus is er geen inlog; dan mag alleen deze computer "
    "erbij. Start de app met `--server.address 127.0.0.1` (zo doet `make run` het), of gebruik voor "
    "een gedeelde installatie de gedeelde modus met inloggen: `VOORDEURCHECK_MODE=shared` "
    "(zie docs/shared-installation.md)."
)
NO_BEHEERDER = (
    "**De gedeelde installatie heeft nog geen beheerder.** Zonder actieve beheerder start "
    "Voordeurcheck niet in de gedeelde modus; er bestaat geen standaardwachtwoord. Maak op de "
    "server eerst een beheerder aan:\n\n"
    "```\nreadiness users create --role beheerder --username <uw e-mailadres>\n```"
)
SESSION_EXPIRED = "U was {minutes} minuten niet actief; log voor uw veiligheid opnieuw in."
SESSION_ENDED = "Uw account is uitgeschakeld of gewijzigd; log opnieuw in."
OWN_ONLY = "U heeft alleen toegang tot de gegevens van uw eigen corporatie."

# Pages by url path (see app.py) and who may open them.
ORG_PAGES = ("start", "vragenlijst", "resultaten", "consensusgesprek", "verbeterplan", "voortgang")
ALL_PAGES = (*ORG_PAGES, "denktank", "beheer", "toegang", "inloggen")
PAGES_OF: dict[Kind, tuple[str, ...]] = {
    Kind.LOCAL: ALL_PAGES,
    Kind.BEHEERDER: ALL_PAGES,
    Kind.COORDINATOR: ALL_PAGES,
    Kind.DENKTANK: ("denktank", "inloggen"),
    Kind.RESPONDENT: ("vragenlijst",),
    Kind.ANONYMOUS: ("inloggen",),
}
DEFAULT_PAGE: dict[Kind, str] = {
    Kind.DENKTANK: "denktank",
    Kind.RESPONDENT: "vragenlijst",
    Kind.ANONYMOUS: "inloggen",
}


PAGE_FILES = {
    "start": "readiness/ui/pages/start.py",
    "vragenlijst": "readiness/ui/pages/vragenlijst.py",
    "denktank": "readiness/ui/pages/denktank.py",
}


def allowed_pages(actor: Actor) -> tuple[str, ...]:
    return PAGES_OF[actor.kind]


def default_page(actor: Actor) -> str:
    return DEFAULT_PAGE.get(actor.kind, "start")


# --------------------------------------------------------------------------- mode guard


def guard(settings: Settings) -> None:
    """Stop the run with a clear message when the app may not serve in this mode."""
    if settings.mode == "local":
        address = st.get_option("server.address")
        if (address or "").strip().strip("[]") not in LOOPBACK:
            st.error(
                LOCAL_ADDRESS_REFUSED.format(address=address or "alle netwerkadressen"),
                icon=":material/lock:",
            )
            st.stop()
        return
    if settings.database_url in _BEHEERDER_SEEN:
        return
    if not accounts.has_active_beheerder(get_app()):
        st.error(NO_BEHEERDER, icon=":material/admin_panel_settings:")
        st.stop()
    _BEHEERDER_SEEN.add(settings.database_url)


#: Databases (by URL) this process has seen an active beheerder in. The last active
#: beheerder cannot be switched off (services.accounts refuses it), so once seen the
#: check need not cost every page run a query (issue 24); until then it runs every time,
#: so the app starts serving as soon as ``readiness users add`` made the first one.
_BEHEERDER_SEEN: set[str] = set()


# --------------------------------------------------------------------------- who is this session


def establish(settings: Settings) -> Actor:
    """The actor of this session (and keep it in session state for ``get_app``)."""
    if settings.mode == "local":
        st.session_state[ACTOR_KEY] = LOCAL_ACTOR
        return LOCAL_ACTOR
    base = get_app()
    token = st.query_params.get(accounts.INVITATION_PARAM) or st.session_state.get(TOKEN_KEY)
    if token:
        return _respondent_session(base, token)
    actor = st.session_state.get(ACTOR_KEY)
    now = time.time()
    if actor is not None and actor.kind != Kind.ANONYMOUS:
        if now - st.session_state.get(LAST_SEEN_KEY, now) > IDLE_TIMEOUT_S:
            end_session(SESSION_EXPIRED.format(minutes=IDLE_TIMEOUT_S // 60))
            return ANONYMOUS
        if accounts.refresh_actor(base, actor) is None:
            end_session(SESSION_ENDED)
            return ANONYMOUS
        st.session_state[LAST_SEEN_KEY] = now
        return actor
    if sso_configured() and _sso_logged_in():
        try:
            return start_session(accounts.authenticate_sso(base, str(_sso_email())))
        except accounts.LoginFailed as exc:
            st.session_state[NOTICE_KEY] = str(exc)
    st.session_state[ACTOR_KEY] = ANONYMOUS
    return ANONYMOUS


def idle_expired() -> bool:
    """For a run the router does not make (a fragment's run, issue 24: a question card, a
    section picker): True when this logged-in session has been idle for longer than
    :data:`IDLE_TIMEOUT_S`, and the caller must then change nothing and run the whole page,
    whose router ends the session; otherwise this interaction counts as the latest."""
    actor = st.session_state.get(ACTOR_KEY)
    if actor is None or actor.kind in (Kind.ANONYMOUS, Kind.LOCAL, Kind.RESPONDENT) or st.session_state.get(TOKEN_KEY):
        return False  # no login (local mode), or an invitation link: no idle timeout
    now = time.time()
    if now - st.session_state.get(LAST_SEEN_KEY, now) > IDLE_TIMEOUT_S:
        return True
    st.session_state[LAST_SEEN_KEY] = now
    return False


def session_ended() -> bool:
    """:func:`idle_expired`, or the account switched off or changed since the page last ran
    in full: what the router would find, for a fragment's run that only reads (a section
    picker). The caller then runs the whole page, whose router ends the session."""
    if idle_expired():
        return True
    actor = st.session_state.get(ACTOR_KEY)
    return actor is not None and actor.account_id is not None and accounts.refresh_actor(get_app(), actor) is None


def _respondent_session(base: App, token: str) -> Actor:
    try:
        actor = accounts.resolve_invitation(base, token)
    except accounts.InvitationInvalid as exc:
        st.session_state.pop(ACTOR_KEY, None)
        st.session_state.pop(TOKEN_KEY, None)
        st.title("Voordeurcheck")
        st.warning(str(exc), icon=":material/link_off:")
        st.stop()
    st.session_state[ACTOR_KEY] = actor
    st.session_state[TOKEN_KEY] = token
    if st.query_params.get(accounts.INVITATION_PARAM) != token:
        st.query_params[accounts.INVITATION_PARAM] = token  # a reload keeps working
    return actor


def start_session(actor: Actor) -> Actor:
    st.session_state[ACTOR_KEY] = actor
    st.session_state[LAST_SEEN_KEY] = time.time()
    st.session_state.pop(NOTICE_KEY, None)
    return actor


def end_session(notice: str | None = None) -> None:
    """Forget who is logged in and what was selected; the files made for download in
    this login are dropped and their addresses stop working."""
    from readiness.ui import downloads, sensitive

    for key in (ACTOR_KEY, LAST_SEEN_KEY, TOKEN_KEY, downloads.STATE_KEY):
        st.session_state.pop(key, None)
    sensitive.end_for_this_browser()
    select(org=None, round=None, respondent=None)
    if notice:
        st.session_state[NOTICE_KEY] = notice


def restrict_selection(actor: Actor) -> None:
    """Keep the chosen corporation / round / respondent (URL parameters included) within
    what the actor may see, so no page starts on someone else's data."""
    if actor.kind in (Kind.LOCAL, Kind.BEHEERDER, Kind.ANONYMOUS):
        return  # anonymous: no page runs; the selection waits for the login (deep links)
    if actor.kind == Kind.DENKTANK:
        if any(st.session_state.get(k) is not None for k in ("org", "round", "respondent")):
            select(org=None, round=None, respondent=None)
        return
    own = assessment.list_organisations(get_app())
    slug = own[0].slug if own else None
    wanted = st.session_state.get("org")
    if wanted is not None and wanted != slug:
        st.toast(OWN_ONLY, icon=":material/lock:")
    if wanted != slug:
        select(org=slug, round=None, respondent=None)
    if actor.kind == Kind.RESPONDENT:
        if st.session_state.get("round") != actor.round_id or st.session_state.get("respondent") != actor.respondent_id:
            select(round=actor.round_id, respondent=actor.respondent_id)


# --------------------------------------------------------------------------- single sign-on


def sso_configured() -> bool:
    """True when .streamlit/secrets.toml has an [auth] section (st.login is set up)."""
    try:
        return st.secrets.load_if_toml_exists() and "auth" in st.secrets
    except Exception:  # a broken secrets file: no single sign-on, the form still works
        return False


def _sso_provider() -> str | None:
    section = st.secrets["auth"]
    return SSO_PROVIDER if SSO_PROVIDER in section else None


def _sso_logged_in() -> bool:
    try:
        return bool(st.user.is_logged_in)
    except (AttributeError, KeyError):
        return False


def _sso_email() -> str | None:
    info = st.user.to_dict()
    return info.get("email") or info.get("preferred_username")


def _sso_login() -> None:
    try:
        st.login(_sso_provider())
    except Exception as exc:  # e.g. Authlib missing or incomplete settings
        st.session_state[NOTICE_KEY] = (
            f"Inloggen met Microsoft is niet goed ingesteld ({type(exc).__name__}). "
            "Log in met uw naam en wachtwoord, of vraag de beheerder docs/sso-entra-id.md te volgen."
        )


# --------------------------------------------------------------------------- views


def _login(username_key: str, password_key: str) -> None:
    username = st.session_state.get(username_key, "")
    password = st.session_state.get(password_key, "")
    st.session_state[password_key] = ""  # never kept in session state
    if not username.strip() or not password:
        st.session_state[NOTICE_KEY] = "Vul uw gebruikersnaam en wachtwoord in."
        return
    try:
        actor = accounts.authenticate(get_app(), username, password)
    except accounts.LoginFailed as exc:
        st.session_state[NOTICE_KEY] = str(exc)
        return
    start_session(actor)
    st.session_state[JUST_LOGGED_IN_KEY] = True


def after_login(current_url_path: str, actor: Actor) -> None:
    """Right after logging in on the login page itself, go to the role's first page.
    (Logging in on another page's URL stays on that page: deep links keep working.)"""
    if st.session_state.pop(JUST_LOGGED_IN_KEY, False) and current_url_path == "inloggen":
        st.switch_page(PAGE_FILES[default_page(actor)])


def login_view() -> None:
    """The login form (and the Microsoft button when single sign-on is configured)."""
    settings = load_settings()
    st.title("Inloggen")
    if settings.mode == "local":
        st.info("Voordeurcheck draait in de lokale modus: inloggen is niet nodig.", icon=":material/info:")
        return
    actor = st.session_state.get(ACTOR_KEY)
    if actor is not None and actor.kind not in (Kind.ANONYMOUS, Kind.RESPONDENT):
        st.success(f"U bent ingelogd als **{actor.username}** ({actor.role_label}).", icon=":material/check_circle:")
        return
    st.write(
        "Voordeurcheck bevat de zelfevaluaties van corporaties. Log in met het account dat u van de "
        "beheerder hebt gekregen; u ziet alleen de gegevens waar uw rol recht op geeft."
    )
    notice = st.session_state.pop(NOTICE_KEY, None)
    if notice:
        st.warning(notice, icon=":material/warning:")
    with st.container(border=True, key="login_box", width=480):
        with st.form("login_form", border=False, enter_to_submit=True):
            st.text_input("Gebruikersnaam", key="login_username", placeholder="naam@corporatie.nl",
                          autocomplete="username")  # fmt: skip
            st.text_input("Wachtwoord", type="password", key="login_password", autocomplete="current-password")
            st.form_submit_button(
                "Inloggen", type="primary", icon=":material/login:", key="login_submit",
                on_click=_login, args=("login_username", "login_password"), width="stretch",
            )  # fmt: skip
        if sso_configured():
            st.divider()
            st.button(
                "Inloggen met Microsoft", key="login_sso", icon=":material/domain:", on_click=_sso_login,
                width="stretch", help="Met het account van uw organisatie (Microsoft Entra ID).",
            )  # fmt: skip
    st.caption(
        f"Na {accounts.MAX_FAILED_ATTEMPTS} mislukte pogingen is een account {accounts.LOCK_MINUTES} minuten "
        f"geblokkeerd. Na {IDLE_TIMEOUT_S // 60} minuten zonder activiteit wordt u uitgelogd. "
        "Respondenten hebben geen account nodig: zij openen de persoonlijke link uit hun uitnodiging."
    )


def _logout() -> None:
    sso = sso_configured() and _sso_logged_in()
    end_session("U bent uitgelogd.")
    if sso:
        st.logout()


def sidebar(actor: Actor, settings: Settings) -> None:
    """Who is logged in, and the logout button (shared mode); a note in local mode."""
    with st.sidebar:
        if settings.mode == "local":
            st.caption(":material/computer: Lokale modus: alleen op deze computer, zonder inlog.")
            return
        if actor.kind in (Kind.ANONYMOUS, Kind.RESPONDENT):
            return
        st.caption(f":material/account_circle: **{actor.username}**  \n{actor.role_label}")
        st.button("Uitloggen", key="logout", icon=":material/logout:", on_click=_logout)


def no_access_view(actor: Actor) -> None:
    """A calm message for a page the actor may not open (e.g. typed into the address bar)."""
    st.title("Geen toegang")
    if actor.kind == Kind.RESPONDENT:
        st.info("Met uw uitnodiging kunt u alleen uw eigen vragenlijst invullen.", icon=":material/lock:")
        st.page_link("readiness/ui/pages/vragenlijst.py", label="Naar uw vragenlijst", icon=":material/checklist:")
    else:
        st.info(
            "Deze pagina hoort niet bij uw rol. Kies links een pagina waar u wel toegang toe heeft.",
            icon=":material/lock:",
        )


# --------------------------------------------------------------------------- Toegang page


AUDIT_SHOWN = 100  # newest lines of the audit trail on the page; the download has all


def _lines(lines) -> str:
    """A Markdown list, one line per record (wraps on a phone, unlike a wide table)."""
    return "\n".join(f"- {line}" for line in lines)


def _fmt_moment(moment) -> str:
    if moment is None:
        return "–"
    local = moment.astimezone()
    return f"{format_date(local)} {local:%H:%M}"  # the one date format (readiness.formatting)


def _create_account(app: App) -> None:
    password = st.session_state.get("tg_password", "")
    st.session_state["tg_password"] = ""  # never kept in session state
    role = st.session_state.get("tg_account_role")
    org = st.session_state.get("tg_account_org") if role == Kind.COORDINATOR else None
    try:
        made = accounts.create_account(app, st.session_state.get("tg_username", ""), password, role, org)
    except ValueError as exc:
        st.session_state["tg_account_outcome"] = ("error", str(exc))
        return
    st.session_state["tg_username"] = ""
    st.session_state["tg_account_outcome"] = ("success", f"Account '{made.username}' ({made.role_label}) is aangemaakt.")


def _accounts_section(app: App) -> None:
    from readiness.ui.widgets import md_literal

    with st.container(border=True, key="tg_accounts"):
        st.header("Accounts", anchor=False)
        infos = accounts.list_accounts(app)
        if infos:
            st.container(key="tg_account_list").markdown(
                _lines(
                    f"**{md_literal(a.username)}** · {a.role_label}" + (f" · {md_literal(a.org_name)}" if a.org_name else "")
                    + f" · {'actief' if a.active else 'uitgeschakeld'}"
                    + f" · laatst ingelogd {_fmt_moment(a.last_login_at)}"
                    for a in infos
                )
            )
        orgs = {o.slug: o.name for o in assessment.list_organisations(app)}
        with st.expander("Account toevoegen", icon=":material/person_add:", expanded=not infos):
            with st.form("tg_account_form", border=False, enter_to_submit=False):
                st.text_input("Gebruikersnaam (e-mailadres)", key="tg_username",
                              help="Bij inloggen met Microsoft moet dit precies het e-mailadres van het account zijn.")  # fmt: skip
                c1, c2 = st.columns(2)
                c1.selectbox("Rol", ACCOUNT_ROLES, format_func=ROLE_LABELS.get, key="tg_account_role")
                c2.selectbox("Corporatie (alleen voor een coördinator)", list(orgs), format_func=orgs.get,
                             index=None, placeholder="Kies een corporatie", key="tg_account_org")  # fmt: skip
                st.text_input("Wachtwoord", type="password", key="tg_password",
                              help=f"Minstens {accounts.MIN_PASSWORD_LENGTH} tekens, geen bekend wachtwoord.")  # fmt: skip
                st.form_submit_button(
                    "Account aanmaken", type="primary", icon=":material/person_add:", key="tg_account_submit",
                    on_click=_create_account, args=(app,),
                )  # fmt: skip
            outcome = st.session_state.pop("tg_account_outcome", None)
            if outcome is not None:
                (st.error if outcome[0] == "error" else st.success)(outcome[1])
        if infos:
            with st.container(horizontal=True, vertical_alignment="bottom"):
                names = [a.username for a in infos]
                st.selectbox("Account", names, key="tg_account_pick")
                picked = next(a for a in infos if a.username == st.session_state.get("tg_account_pick", names[0]))
                label = "Uitschakelen" if picked.active else "Inschakelen"
                if st.button(label, key="tg_account_toggle", icon=":material/toggle_on:"):
                    try:
                        (accounts.deactivate_account if picked.active else accounts.activate_account)(app, picked.username)
                    except ValueError as exc:
                        st.error(str(exc), icon=":material/error:")
                    else:
                        st.rerun()


def _audit_section(app: App) -> None:
    from readiness.ui import sensitive
    from readiness.ui.widgets import current_organisation, md_literal

    with st.container(border=True, key="tg_audit"):
        st.header("Logboek", anchor=False)
        everything = can(app.actor, Permission.AUDIT_READ)
        org = current_organisation(app)
        choices = ["alle"] if everything else []
        if org is not None and can(app.actor, Permission.AUDIT_READ, org.id):
            choices.append(org.slug)
        if not choices:
            st.caption("Kies eerst uw corporatie op de startpagina.")
            return
        scope = st.segmented_control(
            "Welke wijzigingen", choices, default=choices[-1], key="tg_audit_scope",
            format_func=lambda c: "Alle corporaties en accounts" if c == "alle" else org.name,
        )  # fmt: skip
        org_id = None if (scope or choices[-1]) == "alle" else org.id
        entries = accounts.list_audit(app, org_id)
        shown = entries[:AUDIT_SHOWN]
        st.caption(
            f"Wie wat wanneer heeft gewijzigd: {len(entries)} regels, de nieuwste bovenaan."
            + (f" Hier staan de nieuwste {AUDIT_SHOWN}; de download bevat alles." if len(entries) > AUDIT_SHOWN else "")
        )
        if entries:
            # A list, not a four-column table: every line wraps on a phone (390 px).
            st.container(key="tg_audit_list").markdown(
                _lines(f"{_fmt_moment(e.at)} · **{md_literal(e.actor)}** · {md_literal(e.change)} :gray[({md_literal(e.entity)})]" for e in shown)
            )
            sensitive.download_button(
                "Logboek downloaden (CSV)",
                data=lambda: accounts.audit_csv(app, org_id),
                file_name=f"voordeurcheck-logboek-{'alle' if org_id is None else org.slug}.csv",
                mime="text/csv",
                icon=":material/download:",
                key="tg_audit_download",
            )


def toegang_page() -> None:
    """Toegang: respondent invitations, accounts (beheerder) and the audit trail."""
    app = get_app()
    settings = load_settings()
    st.title("Toegang")
    st.write("Wie mag er bij de gegevens, wie is uitgenodigd, en wie heeft wat gewijzigd.")
    try:
        if settings.mode == "shared" and app.actor.kind in (Kind.BEHEERDER, Kind.COORDINATOR):
            from readiness.ui.invitations import invitations_section

            invitations_section(app)
        elif settings.mode == "local":
            st.caption(
                ":material/info: Persoonlijke uitnodigingslinks voor respondenten zijn er alleen in een "
                "gedeelde installatie met inloggen. Op deze computer vult iedere respondent de vragenlijst "
                "hier in, onder Vragenlijst."
            )
        if can(app.actor, Permission.ACCOUNTS_MANAGE):
            _accounts_section(app)
        _audit_section(app)
    except AccessDenied as exc:
        st.info(str(exc), icon=":material/lock:")
