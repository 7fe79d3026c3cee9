"""Beheer: add a corporation, start a round (meting), add respondents by role, and
import answers collected elsewhere (CSV/XLSX template or a JSON export).

Form submits run in callbacks, so the whole page already shows the new corporation,
round or respondent on the same run. Errors from the services (Dutch, saying what is
wrong) are shown right under the form they belong to.
"""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from readiness.access import Permission, can
from readiness.models import REGIONS, SIZE_CLASSES, Organisation
from readiness.privacy import PRIVACY_NOTICE, check_free_text
from readiness.services import App, assessment, plans, reports
from readiness.ui import sensitive
from readiness.ui.downloads import size_text
from readiness.ui.invitations import response_panel
from readiness.ui.state import get_app, select
from readiness.ui.widgets import (
    PAGE_VRAGENLIJST,
    demo_badge,
    flash,
    md_literal,
    fmt_date,
    org_display_name,
    organisation_picker,
    respondent_names,
    round_picker,
    selection_query_params,
    show_flash,
    status_label,
)

app = get_app()
n_items = len(app.checklist.items)

NO_NAMES = (
    "Geen namen: respondenten worden alleen met hun rol vastgelegd. Gebruik als omschrijving "
    "hooguit een team of functie, bijvoorbeeld 'Team Noord' of 'Wijkbeheer'."
)


def _size_label(code: str) -> str:
    return f"{code}: {SIZE_CLASSES[code]}"


# --------------------------------------------------------------------------- callbacks


def _create_organisation() -> None:
    name = st.session_state.get("bh_org_name", "")
    size = st.session_state.get("bh_org_size")
    region = st.session_state.get("bh_org_region")
    try:
        if size is None:
            raise ValueError("Kies een grootteklasse (aantal woningen).")
        if region is None:
            raise ValueError("Kies een regio.")
        check_free_text(name, "Naam van de corporatie")
        org = assessment.create_organisation(app, name, size, region)
    except ValueError as exc:
        flash("org", str(exc), "error")
        return
    select(org=org.slug, round=None, respondent=None)
    st.session_state["bh_org_name"] = ""
    flash("org", f"Corporatie '{org.name}' is toegevoegd en gekozen. Start nu een meting.")


def _start_round(org_id: int) -> None:
    label = st.session_state.get("bh_round_label", "")
    date = st.session_state.get("bh_round_date") or app.today()
    copy_from = st.session_state.get("bh_round_copy_from") if st.session_state.get("bh_round_copy") else None
    try:
        round_ = assessment.start_round(app, org_id, label, date, copy_respondents_from=copy_from)
    except ValueError as exc:
        flash("round", str(exc), "error")
        return
    select(round=round_.id, respondent=None)
    st.session_state["bh_round_label"] = ""
    copied = len(assessment.list_respondents(app, round_.id))
    extra = f" met {copied} respondenten uit de vorige meting" if copied else ""
    flash("round", f"Meting '{round_.label}' is gestart{extra}.")


def _add_respondent(round_id: int) -> None:
    role = st.session_state.get("bh_resp_role")
    label = st.session_state.get("bh_resp_label", "")
    try:
        if role is None:
            raise ValueError("Kies de rol van de respondent.")
        respondent = assessment.add_respondent(app, round_id, role, label)
    except ValueError as exc:
        flash("respondent", str(exc), "error")
        return
    st.session_state["bh_resp_label"] = ""
    flash("respondent", f"Respondent '{respondent.label}' ({app.checklist.role_label(role)}) is toegevoegd.")


# --------------------------------------------------------------------------- import

IMPORT_RESULT = "bh_import_result"  # session state: (corporation slug, outcome of the last import)
IMPORT_NONCE = "bh_import_nonce"  # bumped after a successful import: a fresh, empty uploader
MAX_IMPORT_MB = reports.MAX_IMPORT_BYTES // (1024 * 1024)
MAX_PROBLEMS_SHOWN = 50
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _md_escape(text: str) -> str:
    """Text from a file shown literally inside Markdown (one line, no formatting), its
    control characters shown as the replacement character."""
    return md_literal(_CONTROL.sub("\N{REPLACEMENT CHARACTER}", " ".join(str(text).split())))


@st.cache_data(show_spinner=False, max_entries=4)
def _template(kind: str, checklist_version: str, _app: App) -> bytes:
    """The answer template (CSV or XLSX) for this checklist version, made once."""
    return reports.template_csv(_app) if kind == "csv" else reports.template_xlsx(_app)


def _uploader_key() -> str:
    return f"bh_import_file_{st.session_state.get(IMPORT_NONCE, 0)}"


def _is_empty(org: Organisation) -> bool:
    return not assessment.list_rounds(app, org.id) and not plans.list_plan(app, org.id)


def _import(org_slug: str) -> None:
    """Import the uploaded file (all or nothing) and remember the outcome for the page."""
    upload = st.session_state.get(_uploader_key())
    if upload is None:
        st.session_state[IMPORT_RESULT] = (org_slug, ("error", "Kies eerst een bestand om in te lezen.", []))
        return
    is_json = upload.name.lower().endswith(".json")
    target = (st.session_state.get("bh_import_slug") or "").strip() if is_json else org_slug
    if is_json and not target:
        message = "Vul de korte naam in van de corporatie waarin de JSON-export komt. Er is niets veranderd."
        st.session_state[IMPORT_RESULT] = (org_slug, ("error", message, []))
        return
    outcome = import_upload(upload.getvalue(), upload.name, target)
    # shown with the corporation that is selected afterwards (the new one after a JSON import)
    st.session_state[IMPORT_RESULT] = (target if outcome[0] == "success" else org_slug, outcome)


def _forget_result() -> None:
    st.session_state.pop(IMPORT_RESULT, None)


def import_upload(data: bytes, file_name: str, org_slug: str) -> tuple[str, str, list[str]]:
    """Import ``data`` into ``org_slug``; returns (kind, message, problems) for the page.

    On success the corporation and the imported round become the selection and the
    uploader is emptied, so the same file is not imported twice by accident."""
    try:
        summary = reports.import_bytes(app, data, file_name, org_slug, actor="beheer")
    except reports.ImportRejected as exc:
        n = len(exc.problems)
        head = (
            f"**'{_md_escape(file_name)}' is niet ingelezen; er is niets veranderd.** "
            + "Pas het bestand aan en lees het opnieuw in. "
            + ("Er is 1 probleem:" if n == 1 else f"Er zijn {n} problemen:")
        )
        return "rejected", head, [str(p) for p in exc.problems]
    except (ValueError, LookupError) as exc:  # wrong type, too large, unknown corporation
        return "error", f"{exc} Er is niets veranderd.", []
    org = assessment.get_organisation(app, org_slug)
    labels = summary.rounds_created + summary.rounds_updated
    rounds = assessment.list_rounds(app, org.id)
    imported = [r for r in rounds if r.label in labels]
    latest = (imported or rounds or [None])[-1]
    select(org=org.slug, round=latest.id if latest else None, respondent=None)
    st.session_state[IMPORT_NONCE] = st.session_state.get(IMPORT_NONCE, 0) + 1
    st.session_state.pop("bh_import_slug", None)
    return "success", summary.describe(), []


def show_import_result(org: Organisation) -> None:
    stored = st.session_state.get(IMPORT_RESULT)
    if stored is None or stored[0] != org.slug:
        return
    kind, message, problems = stored[1]
    if kind == "success":
        st.success(message, icon=":material/check_circle:")
    elif kind == "error":
        st.error(message, icon=":material/error:")
    else:
        shown = [f"- {_md_escape(p)}" for p in problems[:MAX_PROBLEMS_SHOWN]]
        if len(problems) > MAX_PROBLEMS_SHOWN:
            shown.append(f"- … en nog {len(problems) - MAX_PROBLEMS_SHOWN} problemen (zie de lijst hieronder).")
        st.error("\n".join([message, "", *shown]), icon=":material/error:")
        if len(problems) > MAX_PROBLEMS_SHOWN:
            sensitive.download_button(  # quotes the uploaded file: only for this session (issue 13)
                "Alle problemen als tekstbestand",
                data="\n".join(problems).encode("utf-8"),
                file_name="voordeurcheck-importproblemen.txt",
                mime="text/plain",
                key="bh_import_problems",
                icon=":material/download:",
            )


def show_import(org: Organisation) -> None:
    """Section "Antwoorden importeren": template, upload, preview, import, outcome."""
    with st.container(border=True, key="bh_import_section"):
        st.subheader("Antwoorden importeren", anchor=False)
        st.write(
            "Zijn antwoorden ergens anders verzameld, bijvoorbeeld op papier of in een spreadsheet? "
            "Vul ze in het sjabloon in (één regel per antwoord; kopieer het blok met de 20 vragen voor "
            "elke respondent) en lees het bestand hier in. Een JSON-export van Voordeurcheck zet een "
            "hele corporatie over."
        )
        with st.container(horizontal=True):
            st.download_button(
                "Sjabloon (Excel)",
                data=_template("xlsx", app.checklist.version, app),
                file_name="voordeurcheck-sjabloon-antwoorden.xlsx",
                mime=reports.MEDIA_TYPES["xlsx"],
                key="bh_template_xlsx",
                icon=":material/download:",
                on_click="ignore",
            )
            st.download_button(
                "Sjabloon (CSV)",
                data=_template("csv", app.checklist.version, app),
                file_name="voordeurcheck-sjabloon-antwoorden.csv",
                mime=reports.MEDIA_TYPES["csv"],
                key="bh_template_csv",
                icon=":material/download:",
                on_click="ignore",
            )
        st.caption(
            "Kolommen: meting, datum, rol, respondent, item, antwoord (0–4, 'weet ik niet' of 'nvt') "
            "en toelichting. Het Excel-sjabloon heeft keuzelijsten en een uitleg."
        )
        upload = st.file_uploader(
            "Bestand met antwoorden",
            type=["csv", "xlsx", "json"],
            key=_uploader_key(),
            max_upload_size=MAX_IMPORT_MB,
            on_change=_forget_result,
            help=f"Een .csv- of .xlsx-bestand volgens het sjabloon, of een .json-export; hoogstens {MAX_IMPORT_MB} MB.",
        )
        st.caption(f"Een .csv-, .xlsx- of .json-bestand van hoogstens {MAX_IMPORT_MB} MB.")
        st.caption(PRIVACY_NOTICE)
        if upload is not None:
            size = size_text(upload.size)
            if upload.name.lower().endswith(".json"):
                if "bh_import_slug" not in st.session_state:
                    st.session_state["bh_import_slug"] = org.slug if _is_empty(org) else ""
                st.text_input(
                    "Korte naam van de corporatie",
                    key="bh_import_slug",
                    max_chars=60,
                    placeholder="bijvoorbeeld woonstichting-de-linde",
                    help="Kleine letters, cijfers en streepjes. Een nieuwe naam maakt een nieuwe corporatie; "
                    "een bestaande corporatie moet nog leeg zijn (geen metingen en geen acties).",
                )
                st.markdown(
                    f"U leest de JSON-export **{_md_escape(upload.name)}** ({size}) in. Metingen, antwoorden en "
                    "verbeteracties komen in de corporatie met deze korte naam; dat kan alleen in een nieuwe "
                    "of een lege corporatie."
                )
            else:
                st.markdown(
                    f"U leest **{_md_escape(upload.name)}** ({size}) in bij **{_md_escape(org.name)}**. "
                    "Een nieuwe meting wordt als concept aangemaakt, een conceptmeting wordt aangevuld; "
                    "definitieve metingen worden niet gewijzigd. Klopt één regel niet, dan wordt niets ingelezen."
                )
            st.button(
                "Importeren", key="bh_import_submit", type="primary", icon=":material/upload:",
                on_click=_import, args=(org.slug,),
            )  # fmt: skip
        show_import_result(org)


# --------------------------------------------------------------------------- page

st.title("Beheer")
st.write("Leg hier uw corporatie vast, start een meting en bepaal wie de vragenlijst invult.")

# 1. Corporation ------------------------------------------------------------------
with st.container(border=True):
    st.header("1. Corporatie", anchor=False)
    org = organisation_picker(app, key="bh_pick_org", guide=False)
    if org is not None:
        demo_badge(org)
        st.caption(f"Grootteklasse {_size_label(org.size_class)} · regio {org.region}")
    has_orgs = bool(assessment.list_organisations(app))
    if can(app.actor, Permission.ORG_CREATE):  # coordinators manage their own corporation only
        with st.expander("Nieuwe corporatie toevoegen", expanded=not has_orgs, icon=":material/add_business:"):
            with st.form("bh_org_form", border=False, enter_to_submit=False):
                st.text_input("Naam van de corporatie", key="bh_org_name", placeholder="Bijvoorbeeld Woonstichting De Linde")
                c1, c2 = st.columns(2)
                c1.selectbox(
                    "Grootteklasse",
                    options=list(SIZE_CLASSES),
                    format_func=_size_label,
                    index=None,
                    placeholder="Aantal woningen",
                    key="bh_org_size",
                )
                c2.selectbox("Regio", options=list(REGIONS), index=None, placeholder="Kies een regio", key="bh_org_region")
                st.caption(
                    "Grootteklasse en regio worden alleen gebruikt om corporaties anoniem met "
                    "vergelijkbare corporaties te vergelijken."
                )
                st.form_submit_button(
                    "Corporatie toevoegen", type="primary", key="bh_org_submit", on_click=_create_organisation
                )
    show_flash("org")

if org is None:
    st.stop()

# 2. Round ------------------------------------------------------------------------
rounds = assessment.list_rounds(app, org.id)
with st.container(border=True):
    st.header("2. Meting", anchor=False)
    if rounds:
        round_ = round_picker(app, org, key="bh_pick_round", label="Gekozen meting")
        counts = {r.id: len(assessment.list_respondents(app, r.id)) for r in rounds}
        # A list, not a four-column table: a line wraps on a phone (390 px), where the
        # table needed sideways scrolling.
        st.container(key="bh_rounds").markdown(
            "\n".join(
                f"- **{_md_escape(r.label)}** · {fmt_date(r.date)} · {status_label(r)} · "
                f"{counts[r.id]} {'respondent' if counts[r.id] == 1 else 'respondenten'}"
                for r in reversed(rounds)
            )
        )
    else:
        round_ = None
        st.write(f"{org_display_name(org)} heeft nog geen meting. Start hieronder de eerste, de nulmeting.")

    with st.expander("Nieuwe meting starten", expanded=not rounds, icon=":material/add_chart:"):
        with st.form("bh_round_form", border=False, enter_to_submit=False):
            year = app.today().year
            st.text_input(
                "Naam van de meting",
                key="bh_round_label",
                placeholder=f"Meting {year}" if rounds else f"Nulmeting {year}",
                help="Een naam die u later herkent, bijvoorbeeld 'Nulmeting 2026' of 'Meting najaar 2027'.",
            )
            st.date_input("Datum", value=app.today(), format="DD-MM-YYYY", key="bh_round_date")
            if rounds:
                latest = rounds[-1]
                st.session_state["bh_round_copy_from"] = latest.id
                st.checkbox(
                    f"Start vanuit vorige meting: neem de respondentrollen van '{latest.label}' over",
                    value=True,
                    key="bh_round_copy",
                    help="De nieuwe meting krijgt dezelfde respondenten (rol en omschrijving), zonder antwoorden.",
                )
            st.caption(PRIVACY_NOTICE)
            st.form_submit_button(
                "Meting starten", type="primary", key="bh_round_submit", on_click=_start_round, args=(org.id,)
            )
    show_flash("round")

if round_ is None:
    show_import(org)
    st.stop()

# 3. Respondents ------------------------------------------------------------------
respondents = assessment.list_respondents(app, round_.id)
with st.container(border=True):
    st.header(f"3. Respondenten van '{round_.label}'", anchor=False)
    st.write(
        "Laat de vragenlijst invullen door mensen uit verschillende lagen van de organisatie: "
        "zo ziet u waar bestuur, management en uitvoering anders over denken."
    )
    if respondents:
        response_panel(app, round_, key="bh_response")  # per role: invited, started, finished; closing date
        open_items = assessment.unanswered(app, round_.id)
        names = respondent_names(app.checklist, respondents)
        st.container(key="bh_respondents").dataframe(
            pd.DataFrame(
                {
                    # No "Rol" column: the name starts with the role (respondent_display_name),
                    # and two columns fit a phone (390 px) without sideways scrolling.
                    "Respondent": [names[r.id] for r in respondents],
                    "Beantwoord": [f"{n_items - len(open_items.get(r.id, []))}/{n_items}" for r in respondents],
                }
            ),
            hide_index=True,
            width="stretch",
        )
    else:
        st.info("Deze meting heeft nog geen respondenten.", icon=":material/info:")

    if round_.is_final:
        st.caption("Deze meting is definitief; er kunnen geen respondenten meer bij.")
    else:
        st.markdown("**Respondent toevoegen**")
        with st.form("bh_resp_form", border=False, enter_to_submit=False):
            roles = {r.id: r for r in app.checklist.roles}
            c1, c2 = st.columns(2)
            c1.selectbox(
                "Rol",
                options=list(roles),
                format_func=lambda rid: roles[rid].label,
                index=None,
                placeholder="Kies een rol",
                key="bh_resp_role",
                help="\n".join(f"- **{r.label}**: {r.description}" for r in roles.values()),
            )
            c2.text_input(
                "Omschrijving (optioneel)",
                key="bh_resp_label",
                placeholder="Bijvoorbeeld Team Noord",
                help="Laat leeg voor een nummer, zoals 'Uitvoering 2'. " + PRIVACY_NOTICE,
            )
            st.caption(NO_NAMES)
            st.form_submit_button(
                "Respondent toevoegen", type="primary", key="bh_resp_submit", on_click=_add_respondent,
                args=(round_.id,),
            )
    show_flash("respondent")
    if respondents and not round_.is_final:
        st.page_link(
            PAGE_VRAGENLIJST, label="Naar de vragenlijst", icon=":material/checklist:",
            query_params=selection_query_params(),
        )

show_import(org)
