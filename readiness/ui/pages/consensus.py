"""Consensusgesprek: the team agrees one level per item where the answers differ.

The page shows, for the chosen round, the agenda (items where roles differ or many do not
know first, in build-up order), per item what each role answered with the notes and the
"weet ik niet"s, and a form to record the agreed level, rationale and follow-up. Opening,
closing and reopening the meeting and every save go through
:mod:`readiness.services.consensus`, which checks the user again. The agenda downloads
(PDF, Word) are made only when the button is pressed.
"""

from __future__ import annotations

import streamlit as st

from readiness.access import Permission, can
from readiness.consensus import NOT_YET_LABEL, item_notes, role_answers
from readiness.formatting import format_mean
from readiness.models import ConflictError
from readiness.provenance import card_source
from readiness.services import App, consensus
from readiness.services.consensus import ConsensusView
from readiness.ui import widgets
from readiness.ui.state import get_app

SCOPE = "consensus"
NOT_YET = "nog_niet"  # the option value for "nog niet te bepalen"
PRIVACY_NOTICE = (
    "Schrijf geen namen of andere persoonsgegevens van huurders of collega's op: "
    "het gaat om de werkwijze van de corporatie."
)
DATE_FORMAT = "DD-MM-YYYY"



def _level_label(checklist, value) -> str:
    if value == NOT_YET:
        return NOT_YET_LABEL
    return f"{value} – {checklist.scale_label(value).lower()}"


# ----------------------------------------------------------------------------- callbacks


def _open(app: App, round_id: int) -> None:
    try:
        consensus.open_meeting(app, round_id, st.session_state.get("meeting_date"))
        widgets.flash(SCOPE, "Het consensusgesprek is geopend. Leg per vraag het vastgestelde niveau vast.")
    except ValueError as exc:
        widgets.flash(SCOPE, str(exc), "error")


def _close(app: App, round_id: int) -> None:
    try:
        consensus.close_meeting(app, round_id)
        widgets.flash(SCOPE, "Het consensusgesprek is gesloten; de vastgestelde niveaus liggen vast.")
    except ValueError as exc:
        widgets.flash(SCOPE, str(exc), "error")


def _reopen(app: App, round_id: int) -> None:
    try:
        consensus.reopen_meeting(app, round_id)
        widgets.flash(SCOPE, "Het consensusgesprek is weer open.")
    except ValueError as exc:
        widgets.flash(SCOPE, str(exc), "error")


def _keys(item_id: str, version: int | None) -> dict[str, str]:
    """Widget keys of an item's form; new ones after every save, so the form shows what was stored."""
    return {name: f"{name}_{item_id}_{version or 0}" for name in ("level", "rationale", "follow")}


def _record(
    app: App, round_id: int, item_id: str, number: int, expected_version: int | None, then_next: list[str] | None = None
) -> None:
    """Save the agreed level; with `then_next` (the agenda) go on to the next question."""
    keys = _keys(item_id, expected_version)
    choice = st.session_state.get(keys["level"])
    if choice is None:
        widgets.flash(f"{SCOPE}_item", f"Kies bij vraag {number} een niveau, of 'nog niet te bepalen'.", "error")
        return
    try:
        consensus.record_level(
            app, round_id, item_id, None if choice == NOT_YET else int(choice),
            st.session_state.get(keys["rationale"], ""),
            follow_up=bool(st.session_state.get(keys["follow"])), expected_version=expected_version,
        )  # fmt: skip
        widgets.flash(f"{SCOPE}_item", f"Vraag {number}: het vastgestelde niveau is opgeslagen.")
        st.session_state["consensus_saved"] = True  # the whole page shows it (see meeting_mode)
        if then_next:
            _step(then_next, 1)
    except ConflictError as exc:
        widgets.flash(f"{SCOPE}_item", str(exc), "warning")
    except ValueError as exc:
        widgets.flash(f"{SCOPE}_item", str(exc), "error")


# ----------------------------------------------------------------------------- sections


def show_meeting(app: App, view: ConsensusView, may_write: bool) -> None:
    round_ = view.round
    meeting = view.meeting
    if meeting is None:
        st.write(
            "Waar bestuur, management en uitvoering verschillend antwoorden, of waar velen het niet "
            "weten, helpt een gesprek meer dan een gemiddelde. In het consensusgesprek stelt het team "
            "per vraag samen één niveau vast en schrijft op waarom. Dat niveau telt daarna in de "
            "uitkomst; wat ieder antwoordde blijft ernaast zichtbaar."
        )
        if may_write:
            # The date and the button behind one button (a popover): its content, and the date
            # picker's code (~260 kB), come when it is opened, not on every first render (issue 24).
            with st.popover("Consensusgesprek openen", type="primary", icon=":material/forum:", key="open_meeting_menu"):
                st.date_input(
                    "Datum van het gesprek", value=max(app.today(), round_.date), min_value=round_.date,
                    format=DATE_FORMAT, key="meeting_date",
                )  # fmt: skip
                st.button(
                    "Gesprek openen", type="primary", icon=":material/forum:", key="open_meeting",
                    on_click=_open, args=(app, round_.id),
                )  # fmt: skip
        return
    state = "open" if meeting.is_open else "gesloten"
    st.markdown(f"**Consensusgesprek van {meeting.when_text()}** · {state} · "
                f"{len(view.levels)} van {len(view.agenda)} vragen op de agenda vastgesteld")  # fmt: skip
    who = meeting.attendees_text(app.checklist)
    st.caption(f"Aanwezig: {who}." if who else "Aanwezigen nog niet vastgelegd.")
    if may_write and meeting.is_open:
        details_form(app, view)
    if view.locked and meeting.is_open is False:
        st.info(view.locked, icon=":material/lock:")
    if may_write and meeting.is_open:
        st.button("Gesprek sluiten", icon=":material/lock:", key="close_meeting", on_click=_close, args=(app, round_.id),
                  help="Sluit het gesprek als alles besproken is. Bij een definitieve meting liggen de niveaus daarna vast.")  # fmt: skip
    elif may_write and view.can_reopen:
        st.button("Gesprek heropenen", icon=":material/lock_open:", key="reopen_meeting", on_click=_reopen,
                  args=(app, round_.id))  # fmt: skip


def _save_details(app: App, round_id: int) -> None:
    try:
        consensus.set_meeting_details(
            app, round_id, st.session_state.get("meeting_held_on"), st.session_state.get("meeting_starts_at"),
            st.session_state.get("meeting_place", ""), st.session_state.get("meeting_attendees") or [],
        )  # fmt: skip
        widgets.flash(SCOPE, "Datum, tijd, plaats en aanwezigen van het gesprek zijn vastgelegd.")
    except ValueError as exc:
        widgets.flash(SCOPE, str(exc), "error")


def details_form(app: App, view: ConsensusView) -> None:
    """When, where and who (by role): shown on the agenda and in the report."""
    meeting = view.meeting
    roles = {r.id: r.label for r in app.checklist.roles}
    with st.expander("Datum, tijd, plaats en aanwezigen", icon=":material/event:",
                     expanded=not meeting.attendees and not meeting.place):  # fmt: skip
        with st.form("meeting_details", border=False, enter_to_submit=False):
            c1, c2 = st.columns(2)
            c1.date_input("Datum", value=meeting.held_on, min_value=view.round.date, format=DATE_FORMAT,
                          key="meeting_held_on")  # fmt: skip
            c2.time_input("Begintijd", value=meeting.starts_at, step=900, key="meeting_starts_at")
            st.text_input("Plaats", value=meeting.place, max_chars=200, placeholder="Bijvoorbeeld Kantoor Noord, zaal 2",
                          key="meeting_place")  # fmt: skip
            st.multiselect("Aanwezig (rollen)", list(roles), default=meeting.attendees, format_func=roles.get,
                           placeholder="Kies de rollen die aan tafel zitten", key="meeting_attendees",
                           help="Alleen rollen, geen namen: de agenda en het rapport noemen wie er vanuit welke rol bij was.")  # fmt: skip
            st.form_submit_button("Gegevens vastleggen", icon=":material/save:", on_click=_save_details,
                                  args=(app, view.round.id))  # fmt: skip


def show_downloads(app: App, org_slug: str, view: ConsensusView) -> None:
    if not can(app.actor, Permission.EXPORT, view.round.org_id):
        return
    st.header("Agenda downloaden", divider="gray")
    st.caption("De agenda om vooraf te sturen of af te drukken: per vraag de antwoorden per rol en ruimte voor het besluit.")
    row = st.container(horizontal=True)
    for fmt, label, icon, mime in (
        ("pdf", "Agenda als PDF", ":material/picture_as_pdf:", "application/pdf"),
        ("docx", "Agenda als Word", ":material/description:",
         "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ):  # fmt: skip
        row.download_button(
            label, data=lambda fmt=fmt: consensus.agenda_document(app, view.round.id, fmt)[1],
            file_name=consensus.agenda_file_name(org_slug, view.round.label, fmt), mime=mime, icon=icon,
            key=f"agenda_{fmt}", on_click="ignore",
        )  # fmt: skip


def agenda_items(app: App, view: ConsensusView) -> list[tuple[str, list[str]]]:
    """The agenda as stacked items: the question's number and words, why it comes first,
    what the respondents answered, and the level agreed so far."""
    rows = []
    for entry in view.agenda:
        item = app.checklist.item(entry.item_id)
        agreed = view.levels.get(entry.item_id)
        details = []
        if entry.reasons:
            details.append(f"Eerst bespreken: {', '.join(entry.reasons)}")
        details.append(
            f"Gemiddelde respondenten {format_mean(view.respondents_result.item(entry.item_id).mean)} op de schaal 0–4"
            + ("" if entry.spread is None else
               f" · verschil tussen rollen {format_mean(entry.spread)} {'punt' if entry.spread == 1 else 'punten'}")
            + f" · {entry.n_dont_know} keer 'weet ik niet'"
        )
        if agreed is not None:
            details.append(f"Vastgesteld: {_level_label(app.checklist, NOT_YET if agreed.level is None else agreed.level)}")
        rows.append((f"Vraag {item.number} ({widgets.short_text(item.question, 80)})", details))
    return rows


def show_agenda(app: App, view: ConsensusView) -> None:
    if not view.agenda:
        st.info("Nog niemand heeft deze meting ingevuld: er is nog niets om te bespreken.")
        return
    first = [e for e in view.agenda if e.priority]
    if first:
        intro = (
            f"**Agenda.** {len(first)} {'vraag' if len(first) == 1 else 'vragen'} eerst bespreken: de rollen liggen "
            "twee punten of meer uit elkaar, of minstens 30% van de antwoorden is 'weet ik niet'. In de volgorde van "
            "de checklist, want de eerste punten zijn nodig voor de latere; daarna de andere beantwoorde vragen."
        )
    else:
        intro = "**Agenda.** Bij geen enkele vraag liggen de rollen ver uit elkaar of weet een groot deel het niet."
    widgets.stacked_list(agenda_items(app, view), key="consensus_agenda", intro=intro)


def _step(options: list[str], delta: int) -> None:
    """Vorige / volgende vraag: move through the agenda in its order."""
    current = st.session_state.get("consensus_item")
    index = options.index(current) if current in options else 0
    st.session_state["consensus_item"] = options[max(0, min(len(options) - 1, index + delta))]


def show_item(app: App, view: ConsensusView, may_write: bool) -> None:
    st.header("Vraag bespreken", divider="gray")
    meeting_mode(app, view, may_write)


@st.fragment
def meeting_mode(app: App, view: ConsensusView, may_write: bool) -> None:
    """The agenda one question at a time. A fragment: "vorige / volgende vraag" reruns only
    this part; a save reruns the page, so the agenda above shows what was agreed."""
    if st.session_state.pop("consensus_saved", False):
        st.rerun()
    checklist = app.checklist
    options = [e.item_id for e in view.agenda]
    if not options:
        return
    if st.session_state.get("consensus_item") not in options:
        st.session_state["consensus_item"] = options[0]
    index = options.index(st.session_state["consensus_item"])
    agreed_n = sum(1 for i in options if i in view.levels)
    with st.container(key="consensus_progress"):
        st.progress(
            (index + 1) / len(options),
            text=f"Vraag {index + 1} van {len(options)} op de agenda · {agreed_n} vastgesteld",
        )
        with st.container(horizontal=True):
            st.button("Vorige vraag", key="consensus_prev", icon=":material/arrow_back:", disabled=index == 0,
                      on_click=_step, args=(options, -1))  # fmt: skip
            st.button("Volgende vraag", key="consensus_next", icon=":material/arrow_forward:",
                      disabled=index == len(options) - 1, on_click=_step, args=(options, 1))  # fmt: skip
    item_id = st.selectbox(
        "Vraag", options=options, key="consensus_item",
        format_func=lambda i: f"{checklist.item(i).number}. {widgets.short_text(checklist.item(i).question, 90)}"
        + ("  (eerst bespreken)" if next(e for e in view.agenda if e.item_id == i).priority else ""),
    )  # fmt: skip
    item = checklist.item(item_id)
    section = checklist.section_of(item_id)
    st.markdown(f"**Vraag {item.number} · {section.title}**  \n{item.question}")
    st.caption(f"{card_source(item.source)}. Wat 'geregeld' betekent: {item.explanation}")

    data = view.data
    widgets.stacked_list(
        (
            (
                checklist.role_label(r.role),
                f"Antwoorden (0–4): {', '.join(str(s) for s in r.scores) or '–'} · gemiddeld {format_mean(r.mean)} · "
                f"{r.n_dont_know} keer 'weet ik niet' · {r.n_na} keer n.v.t.",
            )
            for r in role_answers(data.respondents, data.answers, item_id)
        ),
        key="consensus_roles", intro="**Antwoorden per rol**",
    )  # fmt: skip
    plain = view.respondents_result.item(item_id)
    st.caption(f"Gemiddelde van de respondenten: {format_mean(plain.mean)} op de schaal 0–4 "
               f"({plain.n_dont_know} keer 'weet ik niet', {plain.n_open} nog open).")  # fmt: skip
    notes = item_notes(data.respondents, data.answers, item_id)
    if notes:
        st.markdown("**Toelichtingen**")
        st.markdown(widgets.bullet_list(f"{checklist.role_label(role)}: {note}" for role, note in notes))

    agreed = view.levels.get(item_id)
    if agreed is not None:
        shown = _level_label(checklist, NOT_YET if agreed.level is None else agreed.level)
        follow = " Vervolg in het verbeterplan." if agreed.action_id else ""
        st.success(f"Vastgesteld: **{shown}**. {agreed.rationale}{follow}", icon=":material/handshake:")
    if view.locked or not may_write:
        if view.meeting is not None and view.locked and view.meeting.is_open is False:
            return
        if view.meeting is None:
            st.caption("Open eerst het consensusgesprek om hier het vastgestelde niveau vast te leggen.")
        return
    levels = [level.value for level in checklist.scale] + [NOT_YET]
    current = None if agreed is None else (NOT_YET if agreed.level is None else agreed.level)
    version = agreed.version if agreed else None
    keys = _keys(item_id, version)
    last = options.index(item_id) == len(options) - 1
    with st.form(f"agree_form_{item_id}_{version}", enter_to_submit=False):
        st.radio(
            "Vastgesteld niveau", options=levels, index=None if current is None else levels.index(current),
            format_func=lambda v: _level_label(checklist, v), key=keys["level"], horizontal=False,
        )  # fmt: skip
        st.text_area(
            "Onderbouwing", value=agreed.rationale if agreed else "", key=keys["rationale"],
            max_chars=1000, placeholder="Waarom komt het team tot dit niveau? Wat gaf de doorslag?",
        )  # fmt: skip
        in_plan = bool(agreed and agreed.action_id)
        st.checkbox(
            "Vervolg staat in het verbeterplan" if in_plan else "Vervolg nodig: zet een actie in het verbeterplan",
            value=bool(agreed and agreed.follow_up), key=keys["follow"], disabled=in_plan,
        )  # fmt: skip
        st.caption(PRIVACY_NOTICE)
        with st.container(horizontal=True):
            st.form_submit_button(
                "Vastleggen", type="primary" if last else "secondary", icon=":material/save:",
                on_click=_record, args=(app, view.round.id, item_id, item.number, version),
            )  # fmt: skip
            if not last:
                st.form_submit_button(
                    "Vastleggen en volgende vraag", type="primary", icon=":material/arrow_forward:",
                    on_click=_record, args=(app, view.round.id, item_id, item.number, version, options),
                )  # fmt: skip
    widgets.show_flash(f"{SCOPE}_item")


# ----------------------------------------------------------------------------- page


#: The lower sections, drawn only when chosen (issue 15: the answer first, the rest on request).
SECTIONS = {"vraag": "Vraag bespreken", "downloaden": "Agenda downloaden"}
PICKER_KEY = "consensus_section"


def main() -> None:
    st.title("Consensusgesprek")
    app = get_app()
    org = widgets.current_organisation(app)
    if org is None:
        widgets.need_selection("organisation")
        return
    round_ = widgets.round_picker(app, org, width=420, menu=True)
    widgets.context_line(org, round_)
    if round_ is None:
        widgets.need_selection("round")
        return
    view = consensus.consensus_view(app, round_.id)
    may_write = can(app.actor, Permission.CONSENSUS_WRITE, org.id)
    widgets.show_flash(SCOPE)
    show_meeting(app, view, may_write)
    show_agenda(app, view)
    options = [k for k in SECTIONS if view.agenda or k == "downloaden"]
    if not can(app.actor, Permission.EXPORT, view.round.org_id):
        options.remove("downloaden")
    chosen = widgets.section_picker(
        "Verder", options, key=PICKER_KEY, format_func=SECTIONS.__getitem__,
    ) if options else None  # fmt: skip
    if chosen == "vraag":
        show_item(app, view, may_write)
    elif chosen == "downloaden":
        show_downloads(app, org.slug, view)
    st.page_link(widgets.PAGE_RESULTATEN, label="Naar de resultaten", icon=":material/bar_chart:",
                 query_params=widgets.selection_query_params())  # fmt: skip


main()
