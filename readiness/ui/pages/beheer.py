"""Beheer: add a corporation, start a round (meting), add respondents by role.

Form submits run in callbacks, so the whole page already shows the new corporation,
round or respondent on the same run. Errors from the services (Dutch, saying what is
wrong) are shown right under the form they belong to.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from readiness.models import REGIONS, SIZE_CLASSES
from readiness.privacy import PRIVACY_NOTICE, check_free_text
from readiness.services import assessment
from readiness.ui.state import get_app, select
from readiness.ui.widgets import (
    PAGE_VRAGENLIJST,
    demo_badge,
    flash,
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


# --------------------------------------------------------------------------- page

st.title("Beheer")
st.write("Leg hier uw corporatie vast, start een meting en bepaal wie de vragenlijst invult.")

# 1. Corporation ------------------------------------------------------------------
with st.container(border=True):
    st.subheader("1. Corporatie", anchor=False)
    org = organisation_picker(app, key="bh_pick_org", guide=False)
    if org is not None:
        demo_badge(org)
        st.caption(f"Grootteklasse {_size_label(org.size_class)} · regio {org.region}")
    has_orgs = bool(assessment.list_organisations(app))
    with st.expander("Nieuwe corporatie toevoegen", expanded=not has_orgs, icon=":material/add_business:"):
        with st.form("bh_org_form", border=False):
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
    st.subheader("2. Meting", anchor=False)
    if rounds:
        round_ = round_picker(app, org, key="bh_pick_round", label="Gekozen meting")
        counts = {r.id: len(assessment.list_respondents(app, r.id)) for r in rounds}
        st.dataframe(
            pd.DataFrame(
                {
                    "Meting": [r.label for r in reversed(rounds)],
                    "Datum": [fmt_date(r.date) for r in reversed(rounds)],
                    "Status": [status_label(r) for r in reversed(rounds)],
                    "Respondenten": [counts[r.id] for r in reversed(rounds)],
                }
            ),
            hide_index=True,
            width="stretch",
        )
    else:
        round_ = None
        st.write(f"{org_display_name(org)} heeft nog geen meting. Start hieronder de eerste, de nulmeting.")

    with st.expander("Nieuwe meting starten", expanded=not rounds, icon=":material/add_chart:"):
        with st.form("bh_round_form", border=False):
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
    st.stop()

# 3. Respondents ------------------------------------------------------------------
respondents = assessment.list_respondents(app, round_.id)
with st.container(border=True):
    st.subheader(f"3. Respondenten van '{round_.label}'", anchor=False)
    st.write(
        "Laat de vragenlijst invullen door mensen uit verschillende lagen van de organisatie: "
        "zo ziet u waar bestuur, management en uitvoering anders over denken."
    )
    if respondents:
        open_items = assessment.unanswered(app, round_.id)
        names = respondent_names(app.checklist, respondents)
        st.dataframe(
            pd.DataFrame(
                {
                    "Respondent": [names[r.id] for r in respondents],
                    "Rol": [app.checklist.role_label(r.role) for r in respondents],
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
        with st.form("bh_resp_form", border=False):
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
