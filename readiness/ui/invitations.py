"""Running a round on the Toegang page: who has answered (per role), the closing date,
invitations by e-mail (or links to copy when no mail server is set up), reminders to
who has not finished, the invitations made, and the corporation's own mail texts.

E-mail addresses appear on this page only in the coordinator's own paste and, without a
mail server, once next to the links to copy; never next to answers or in a list of
respondents (those show role and number only).
"""

from __future__ import annotations

import streamlit as st

from readiness.mail import KIND_LABELS, KINDS, PLACEHOLDERS
from readiness.models import Round
from readiness.privacy import PRIVACY_NOTICE
from readiness.services import App, accounts, assessment, mailing, responses
from readiness.formatting import format_date
from readiness.ui.widgets import bullet_list, md_literal, organisation_picker, respondent_names, round_picker

OUTCOME = "tg_mail_outcome"  # session state: what the last invite/remind did, shown once


def _fmt_moment(moment) -> str:
    if moment is None:
        return "–"
    local = moment.astimezone()
    return f"{format_date(local)} {local:%H:%M}"


# --------------------------------------------------------------------------- response


def response_panel(app: App, round_: Round, *, key: str) -> None:
    """Per role: respondents, invited, started, finished; the closing date and days left.
    One line per role (wraps on a phone instead of a wide table)."""
    overview = responses.response(app, round_.id)
    with st.container(key=key):
        st.markdown(f"**Respons** · {overview.closing_text()}")
        if not overview.roles:
            st.caption("Nog geen respondenten.")
            return
        total = overview.total
        invited = total.invited > 0  # without any link (local mode) "0 uitgenodigd" says nothing
        lines = [
            f"**{md_literal(r.label)}**: {r.finished} van {r.respondents} klaar · {r.started} begonnen"
            + (f" · {r.invited} uitgenodigd" if invited else "")
            for r in [*overview.roles, total]
        ]
        st.markdown(bullet_list(lines))
        if total.respondents:
            st.progress(total.finished / total.respondents, text=f"{total.finished} van {total.respondents} klaar")


def _save_closing(app: App, round_id: int, remove: bool) -> None:
    date = None if remove else st.session_state.get("tg_closes_on")
    try:
        if not remove and date is None:
            raise ValueError("Kies een sluitingsdatum.")
        changed = responses.set_closing_date(app, round_id, date)
    except ValueError as exc:
        st.session_state[OUTCOME] = ("error", str(exc), [])
        return
    text = responses.response(app, changed.id).closing_text()
    st.session_state[OUTCOME] = ("success", f"Sluitingsdatum van '{changed.label}': {text}.", [])


def closing_form(app: App, round_: Round) -> None:
    closed = round_.is_closed(app.today())
    with st.expander("Sluitingsdatum", icon=":material/event:", expanded=round_.closes_on is None or closed):
        st.caption(
            "Tot en met deze datum nemen de uitnodigingslinks antwoorden aan; daarna zien respondenten dat de "
            "meting gesloten is. Een latere datum heropent de links."
        )
        with st.container(horizontal=True, vertical_alignment="bottom"):
            st.date_input("Sluitingsdatum", value=None if closed else round_.closes_on, min_value=app.today(),
                          format="DD-MM-YYYY", key="tg_closes_on")  # fmt: skip
            st.button("Opslaan", key="tg_closes_save", type="primary", on_click=_save_closing,
                      args=(app, round_.id, False))  # fmt: skip
            if round_.closes_on is not None:
                st.button("Geen sluitingsdatum", key="tg_closes_remove", on_click=_save_closing,
                          args=(app, round_.id, True))  # fmt: skip


# --------------------------------------------------------------------------- inviting


def _invite_by_mail(app: App, org_slug: str, round_label: str) -> None:
    try:
        if st.session_state.get("tg_mail_role") is None:
            raise ValueError("Kies de rol van deze respondenten. Er is niemand uitgenodigd.")
        outcome = mailing.invite_by_email(
            app, org_slug, round_label, st.session_state.get("tg_mail_role"), st.session_state.get("tg_addresses", "")
        )
    except ValueError as exc:
        st.session_state[OUTCOME] = ("error", str(exc), [])
        return
    st.session_state["tg_addresses"] = ""  # the addresses are not kept on the page
    if outcome.links:
        st.session_state[OUTCOME] = (
            "success",
            f"{len(outcome.links)} uitnodiging(en) gemaakt. Er is geen mailserver ingesteld: kopieer iedere link en "
            "stuur hem naar het adres ervoor. De links en adressen worden nergens bewaard en zijn hier straks niet "
            "meer te zien.",
            outcome.links,
        )
    elif outcome.failed:
        st.session_state[OUTCOME] = (
            "error",
            f"{len(outcome.mailed)} uitnodiging(en) gemaild; niet verstuurd: {', '.join(outcome.failed)}. "
            f"{outcome.error} Met 'Herinnering sturen' gaan ze later alsnog.",
            [],
        )
    else:
        st.session_state[OUTCOME] = (
            "success", f"{len(outcome.mailed)} uitnodiging(en) gemaild: {', '.join(outcome.mailed)}.", []
        )  # fmt: skip


def _remind(app: App, round_id: int) -> None:
    try:
        outcome = mailing.remind(app, round_id)
    except ValueError as exc:
        st.session_state[OUTCOME] = ("error", str(exc), [])
        return
    if not outcome.reminded and not outcome.failed:
        message = "Iedereen die per e-mail is uitgenodigd, is klaar: er is geen herinnering nodig."
        st.session_state[OUTCOME] = ("success", message, [])
        return
    message = f"Herinnering gemaild aan {len(outcome.reminded)} respondent(en) die nog niet klaar zijn"
    message += f": {', '.join(outcome.reminded)}." if outcome.reminded else "."
    if outcome.skipped_finished:
        message += f" {outcome.skipped_finished} respondent(en) zijn al klaar en kregen niets."
    if outcome.failed or outcome.error:
        message += f" Niet verstuurd: {', '.join(outcome.failed) or 'geen'}. {outcome.error}"
    st.session_state[OUTCOME] = ("error" if outcome.failed else "success", message, [])


def _invite_one(app: App, org_slug: str, round_label: str) -> None:
    try:
        made = accounts.create_invitation(
            app, org_slug, round_label, st.session_state.get("tg_role"), st.session_state.get("tg_label", "")
        )
    except ValueError as exc:
        st.session_state[OUTCOME] = ("error", str(exc), [])
        return
    st.session_state["tg_label"] = ""
    st.session_state[OUTCOME] = (
        "success",
        f"Respondent '{made.respondent.label}' is toegevoegd. Kopieer de link en stuur hem naar deze "
        "respondent; hij wordt nergens bewaard en is hier straks niet meer te zien.",
        [("", made.link)],
    )


def _show_outcome() -> None:
    outcome = st.session_state.pop(OUTCOME, None)
    if outcome is None:
        return
    kind, message, links = outcome
    (st.error if kind == "error" else st.success)(message, icon=":material/error:" if kind == "error" else ":material/check_circle:")
    for address, link in links:
        if address:
            st.text(address)  # plain text: markdown would turn an address into a mailto link
        st.code(link, language=None, wrap_lines=True)


def _mail_form(app: App, org, round_: Round) -> None:
    roles = {r.id: r.label for r in app.checklist.roles}
    configured = mailing.mail_configured(app)
    with st.form("tg_mail_form", border=False, enter_to_submit=False):
        st.markdown("**Uitnodigen per e-mail**")
        st.selectbox("Rol van deze respondenten", list(roles), format_func=roles.get, index=None,
                     placeholder="Kies een rol", key="tg_mail_role")  # fmt: skip
        st.text_area(
            "E-mailadressen, één per regel",
            key="tg_addresses",
            height=120,
            placeholder="naam@corporatie.nl\ncollega@corporatie.nl",
            help="Ieder adres wordt een respondent met deze rol, met een eigen link. Het adres wordt versleuteld "
            "bewaard, alleen om een herinnering te kunnen sturen, en gewist als de meting is afgerond.",
        )
        st.form_submit_button(
            "Uitnodigingen versturen" if configured else "Links maken",
            type="primary", icon=":material/mail:" if configured else ":material/link:", key="tg_mail_submit",
            on_click=_invite_by_mail, args=(app, org.slug, round_.label),
        )  # fmt: skip
    if not configured:
        st.caption(
            ":material/info: Er is geen mailserver ingesteld. U krijgt per adres een link om zelf te versturen; "
            "de adressen worden niet bewaard. Zie docs/mail.md om mail in te stellen."
        )


def _remind_box(app: App, round_: Round) -> None:
    if not mailing.mail_configured(app):
        return
    reachable = mailing.mailed_respondents(app, round_.id) - responses.finished_respondents(app, round_.id)
    with st.container(horizontal=True, vertical_alignment="center", key="tg_remind_box"):
        st.markdown(f"**Herinneren**: {len(reachable)} per e-mail uitgenodigde respondent(en) zijn nog niet klaar.")
        st.button(
            "Herinnering sturen", key="tg_remind", icon=":material/notifications:", disabled=not reachable,
            on_click=_remind, args=(app, round_.id),
        )  # fmt: skip


def _one_link_form(app: App, org, round_: Round) -> None:
    roles = {r.id: r.label for r in app.checklist.roles}
    with st.expander("Eén link maken zonder e-mail", icon=":material/link:"):
        with st.form("tg_invite_form", border=False, enter_to_submit=False):
            c1, c2 = st.columns(2)
            c1.selectbox("Rol", list(roles), format_func=roles.get, key="tg_role")
            c2.text_input("Omschrijving (optioneel)", key="tg_label", placeholder="Bijvoorbeeld Team Noord",
                          help="Geen namen: alleen een team of functie. " + PRIVACY_NOTICE)  # fmt: skip
            st.form_submit_button(
                "Uitnodiging maken", type="primary", icon=":material/link:", key="tg_invite",
                on_click=_invite_one, args=(app, org.slug, round_.label),
            )  # fmt: skip


def _invitation_list(app: App, round_: Round) -> None:
    invitations = accounts.list_invitations(app, round_.id)
    if not invitations:
        return
    names = respondent_names(app.checklist, assessment.list_respondents(app, round_.id))

    def state(i) -> str:
        if i.revoked:
            return "ingetrokken"
        parts = ["geldig"]
        if i.mailed_at is not None:
            parts.append(f"gemaild {_fmt_moment(i.mailed_at)}")
        if i.reminders:
            parts.append(f"{i.reminders} herinnering{'en' if i.reminders > 1 else ''}")
        return " · ".join(parts)

    st.markdown(f"**Uitnodigingen ({len(invitations)})**")
    # one line per invitation: role and number, never an address
    st.container(key="tg_invitation_list").markdown(
        bullet_list(
            f"**{md_literal(names.get(i.respondent_id, i.respondent_label))}** · gemaakt {_fmt_moment(i.created_at)} · {state(i)}"
            for i in invitations
        )
    )
    valid = {i.id: names.get(i.respondent_id, i.respondent_label) for i in invitations if not i.revoked}
    if valid:
        with st.container(horizontal=True, vertical_alignment="bottom"):
            st.selectbox("Uitnodiging", list(valid), format_func=lambda i: f"{valid[i]} (nr. {i})",
                         key="tg_revoke_pick")  # fmt: skip
            if st.button("Intrekken", key="tg_revoke", icon=":material/link_off:"):
                accounts.revoke_invitation(app, st.session_state["tg_revoke_pick"])
                st.rerun()


# --------------------------------------------------------------------------- mail texts


def _save_text(app: App, org_id: int, kind: str, reset: bool) -> None:
    try:
        if reset:
            mailing.reset_mail_text(app, org_id, kind)
            message = f"De standaardtekst van de {KIND_LABELS[kind].lower()} wordt weer gebruikt."
        else:
            mailing.save_mail_text(
                app, org_id, kind, st.session_state.get(f"tg_text_subject_{kind}", ""),
                st.session_state.get(f"tg_text_body_{kind}", ""),
            )  # fmt: skip
            message = f"De eigen tekst van de {KIND_LABELS[kind].lower()} is opgeslagen."
    except ValueError as exc:
        st.session_state["tg_text_outcome"] = ("error", str(exc))
        return
    for part in ("subject", "body"):
        st.session_state.pop(f"tg_text_{part}_{kind}", None)  # show the stored text again
    st.session_state["tg_text_outcome"] = ("success", message)


def _texts(app: App, org) -> None:
    with st.expander("Berichtteksten", icon=":material/edit_note:"):
        kind = st.segmented_control("Bericht", KINDS, format_func=KIND_LABELS.get, default=KINDS[0],
                                    key="tg_text_kind") or KINDS[0]  # fmt: skip
        text = mailing.mail_text(app, org.id, kind)
        st.caption(("Eigen tekst van de corporatie." if text.own else "Standaardtekst.") + " Invulplekken: "
                   + "; ".join(f"{{{name}}} = {what}" for name, what in PLACEHOLDERS.items()) + ".")  # fmt: skip
        st.text_input("Onderwerp", value=text.subject, key=f"tg_text_subject_{kind}")
        st.text_area("Tekst", value=text.body, height=280, key=f"tg_text_body_{kind}")
        with st.container(horizontal=True):
            st.button("Tekst opslaan", key="tg_text_save", type="primary", on_click=_save_text,
                      args=(app, org.id, kind, False))  # fmt: skip
            if text.own:
                st.button("Standaardtekst terugzetten", key="tg_text_reset", on_click=_save_text,
                          args=(app, org.id, kind, True))  # fmt: skip
        outcome = st.session_state.pop("tg_text_outcome", None)
        if outcome is not None:
            (st.error if outcome[0] == "error" else st.success)(outcome[1])


# --------------------------------------------------------------------------- section


def invitations_section(app: App) -> None:
    with st.container(border=True, key="tg_invitations"):
        st.header("Respondenten uitnodigen", anchor=False)
        st.write(
            "Iedere respondent krijgt een persoonlijke link en heeft geen account nodig. Met de link "
            "ziet de respondent alleen de eigen vragenlijst; de link werkt tot de sluitingsdatum of tot de "
            "meting is afgerond."
        )
        org = organisation_picker(app, key="tg_org", guide=False)
        round_ = round_picker(app, org, key="tg_round")
        if org is None or round_ is None:
            st.caption("Kies een corporatie en een meting (start een meting onder Beheer).")
            return
        response_panel(app, round_, key="tg_response")
        if round_.is_final:
            st.caption("Deze meting is definitief; uitnodigen kan alleen voor een conceptmeting.")
            _invitation_list(app, round_)
            return
        closing_form(app, round_)
        _show_outcome()
        _mail_form(app, org, round_)
        _remind_box(app, round_)
        _one_link_form(app, org, round_)
        st.caption(PRIVACY_NOTICE)
        _invitation_list(app, round_)
        _texts(app, org)


__all__ = ["closing_form", "invitations_section", "response_panel"]
