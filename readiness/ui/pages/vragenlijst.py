"""Vragenlijst: one respondent answers the checklist, one section at a time.

Every change is saved at once (widget callbacks call ``assessment.save_answer`` with
the version last read, so a concurrent edit is detected instead of overwritten). On
every full run the widgets are filled from the database, so a reload, a page switch or a
second browser tab never shows stale or lost answers; a card's own run (below) shows the
answer it just saved, and a save against an answer changed elsewhere is refused as a
conflict, after which the page is read again. A final round is read-only.

The current section is kept in session state and in the URL parameter ``onderdeel``.

A click reruns only what it changes (issue 24): every question card is an ``st.fragment``,
so choosing an answer or editing a note runs the card's callback (the save) and redraws
that card and the progress bar, not the page. The answer that completes a section also
reruns the section picker (a fragment of its own, keyed ``vl_sections``) for its check
mark: the callback names both fragments (``st.rerun([card, "vl_sections"])``). A full run
follows only when the rest of the page must change: another section is picked, a
conflicting edit (the stored answer is read again) or a refused save (e.g. a revoked
link: the router then ends the session).

Layout (issue 11, point 7): the privacy notice once, under the respondent; the answer scale
once per section, in the expander "Wat betekenen de antwoorden?" (open while the respondent
has answered nothing); every question a card with the question on the left and the answers
in a column of the same width in every section (stacked on a phone).

Stable widget keys (for tests): ``vl_respondent``, ``vl_section_pick``,
``vl_ans_<respondent id>_<item id>``,
``vl_note_<respondent id>_<item id>``, ``vl_prev``, ``vl_next``, ``vl_finalise``,
``vl_confirm_check``, ``vl_confirm_finalise``, ``vl_cancel_finalise``, ``vl_read_pick`` (the
section of a final round, shown one section at a time like the form); item cards are
containers keyed ``vl_item_<item id>`` (read-only: ``vl_read_<item id>``), the scale legend
``vl_scale``, the privacy notice ``vl_privacy``.
"""

from __future__ import annotations


import streamlit as st

from readiness.access import AccessDenied, Permission, can
from readiness.models import Answer, AnswerKind, ConflictError, Item, Respondent, Round
from readiness.privacy import PRIVACY_NOTICE, FreeTextError
from readiness.services import assessment
from readiness.provenance import SCALE_NOTE, WORDING_NOTE, card_source, item_claims
from readiness.ui import auth
from readiness.ui.handreiking_quotes import handreiking_quotes
from readiness.ui.state import get_app
from readiness.ui.widgets import (
    PAGE_RESULTATEN,
    context_caption,
    demo_badge,
    flash,
    fmt_date,
    current_organisation,
    md_literal,
    current_round,
    need_selection,
    respondent_names,
    respondent_picker,
    selection_query_params,
    short_text,
    show_flash,
    status_badge,
)

app = get_app()
checklist = app.checklist
ITEMS = checklist.items
N_ITEMS = len(ITEMS)
SECTIONS = checklist.sections
SECTION_IDS = [s.id for s in SECTIONS]

SECTION_PARAM = "onderdeel"  # URL parameter of the current section

DONT_KNOW = AnswerKind.DONT_KNOW.value  # "weet_ik_niet"
NOT_APPLICABLE = AnswerKind.NOT_APPLICABLE.value  # "nvt"

CONFLICT = (
    "Dit antwoord is intussen door iemand anders gewijzigd. Het opgeslagen antwoord staat "
    "nu weer hieronder; kijk het na en pas het zo nodig opnieuw aan."
)
NOTE_NEEDS_ANSWER = "Kies eerst een antwoord; daarna wordt de toelichting bewaard."
#: Question : answers, the same in every section, so the answer column keeps its width.
COLUMNS = [3, 2]
SCALE_TITLE = "Wat betekenen de antwoorden?"
#: Set by a card's callback when the whole page must run again (see the module docstring).
FULL_RERUN = "vl_full_rerun"
#: The section picker's fragment key: the answer that completes a section reruns it.
SECTIONS_FRAGMENT = "vl_sections"


# --------------------------------------------------------------------------- keys and values


def _answer_key(respondent_id: int, item_id: str) -> str:
    return f"vl_ans_{respondent_id}_{item_id}"


def _note_key(respondent_id: int, item_id: str) -> str:
    return f"vl_note_{respondent_id}_{item_id}"


def _card_key(item_id: str) -> str:
    """The fragment key of an item's card (for ``st.rerun`` from its callback)."""
    return f"vl_card_{item_id}"


def _options(item: Item) -> list[str]:
    """Radio options: "0".."4", then "weet ik niet", then "n.v.t." where the item allows it."""
    options = [str(level.value) for level in checklist.scale] + [DONT_KNOW]
    if item.allows_na:
        options.append(NOT_APPLICABLE)
    return options


def _option_label(option: str) -> str:
    if option == DONT_KNOW:
        return checklist.dont_know_label
    if option == NOT_APPLICABLE:
        return checklist.na_label
    return f"{option} · {checklist.scale_label(int(option))}"


def _option_caption(option: str) -> str:
    if option == DONT_KNOW:
        return "U kunt dit niet beoordelen. Ook dat is nuttige informatie."
    if option == NOT_APPLICABLE:
        return "Dit punt geldt niet voor onze corporatie."
    return next(level.description for level in checklist.scale if level.value == int(option))


def _option_of(answer: Answer | None) -> str | None:
    if answer is None:
        return None
    if answer.kind == AnswerKind.SCORE:
        return str(answer.score)
    return AnswerKind(answer.kind).value


def _kind_and_score(option: str) -> tuple[AnswerKind, int | None]:
    if option in (DONT_KNOW, NOT_APPLICABLE):
        return AnswerKind(option), None
    return AnswerKind.SCORE, int(option)


def _answer_text(answer: Answer | None) -> str:
    return "Nog niet beantwoord" if answer is None else _option_label(_option_of(answer))


def _answers_of(respondent: Respondent) -> dict[str, Answer]:
    """The respondent's stored answers by item id (their own rows only, not the round's)."""
    return assessment.answers_of(app, respondent.id)


# --------------------------------------------------------------------------- session memory

# The answers as last read from the database, per respondent: their versions are the
# "expected_version" of the next save (optimistic locking).
def _stored(respondent_id: int) -> dict[str, Answer]:
    return st.session_state.setdefault("vl_stored", {}).setdefault(respondent_id, {})


def _note_errors() -> dict[tuple[int, str], str]:
    """Notes refused by the privacy check: kept on screen (not saved) with the message."""
    return st.session_state.setdefault("vl_note_errors", {})


# --------------------------------------------------------------------------- callbacks


def _commit(respondent_id: int, item_id: str) -> None:
    """Save the answer and note of one item as they are now in the widgets."""
    if auth.idle_expired():  # a card's run passes no router: the full run ends the session
        st.session_state[FULL_RERUN] = True
        return
    choice = st.session_state.get(_answer_key(respondent_id, item_id))
    note = (st.session_state.get(_note_key(respondent_id, item_id)) or "").strip()
    stored = _stored(respondent_id).get(item_id)
    errors = _note_errors()
    if choice is None:
        if note:
            errors[(respondent_id, item_id)] = NOTE_NEEDS_ANSWER
        return
    kind, score = _kind_and_score(choice)
    errors.pop((respondent_id, item_id), None)
    if stored is not None and (stored.kind, stored.score, stored.note) == (kind, score, note):
        return
    try:
        try:  # the service screens the note (once per click: issue 24)
            saved = assessment.save_answer(
                app, respondent_id, item_id, kind, score, note,
                expected_version=stored.version if stored else None,
            )
        except FreeTextError as exc:
            # The note is refused (and stays on screen to be corrected); the answer itself
            # is still saved, with the note as it was.
            errors[(respondent_id, item_id)] = str(exc)
            note = stored.note if stored else ""
            if stored is not None and (stored.kind, stored.score, stored.note) == (kind, score, note):
                return
            saved = assessment.save_answer(
                app, respondent_id, item_id, kind, score, note,
                expected_version=stored.version if stored else None,
            )
    except ConflictError:
        errors.pop((respondent_id, item_id), None)
        flash(f"item-{item_id}", CONFLICT, "warning")
        st.session_state[FULL_RERUN] = True  # the full run reloads the stored answer into the widgets
        return
    except AccessDenied as exc:  # e.g. a revoked link: the full run's router ends the session
        flash(f"item-{item_id}", str(exc), "error")
        st.session_state[FULL_RERUN] = True
        return
    except ValueError as exc:
        flash(f"item-{item_id}", str(exc), "error")
        return
    answers = _stored(respondent_id)
    answers[item_id] = saved
    st.session_state["vl_saved"] = (respondent_id, item_id)
    if stored is None and all(i.id in answers for i in checklist.section_of(item_id).items):
        # The section picker shows the section as done: rerun it with this card (not the page).
        st.rerun([_card_key(item_id), SECTIONS_FRAGMENT])


def _go_to_section(section_id: str) -> None:
    st.session_state["vl_section"] = section_id


def _on_section_pick() -> None:
    picked = st.session_state.get("vl_section_pick")
    if picked in SECTION_IDS:
        st.session_state["vl_section"] = picked
    st.rerun()  # the picker is a fragment; another section is the whole page


def _ask_finalise(round_id: int) -> None:
    open_items = {rid: ids for rid, ids in assessment.unanswered(app, round_id).items() if ids}
    if open_items:
        st.session_state["vl_confirming"] = round_id
        return
    _finalise(round_id, confirm=False)


def _finalise(round_id: int, confirm: bool) -> None:
    try:
        assessment.finalise_round(app, round_id, confirm_incomplete=confirm)
    except ValueError as exc:
        flash("finalise", str(exc), "error")
        return
    st.session_state.pop("vl_confirming", None)
    st.session_state.pop("vl_confirm_check", None)
    flash("finalise", "De meting is afgerond en staat nu vast. Bekijk de uitkomst bij Resultaten.")


def _cancel_finalise() -> None:
    st.session_state.pop("vl_confirming", None)
    st.session_state.pop("vl_confirm_check", None)


# --------------------------------------------------------------------------- views


def _section_progress(answers: dict[str, Answer]) -> dict[str, tuple[int, int]]:
    return {s.id: (sum(1 for i in s.items if i.id in answers), len(s.items)) for s in SECTIONS}


def _scale_legend(section_items: list[Item], expanded: bool) -> None:
    """The answer scale, explained once for the whole section."""
    options = [str(level.value) for level in checklist.scale] + [DONT_KNOW]
    if any(item.allows_na for item in section_items):
        options.append(NOT_APPLICABLE)
    with st.container(key="vl_scale"):
        with st.expander(SCALE_TITLE, icon=":material/help:", expanded=expanded):
            st.markdown(
                "\n".join(f"- **{_option_label(o)}**: {_option_caption(o)}" for o in options)
                + f"\n\n:small[{SCALE_NOTE} {WORDING_NOTE}]"
            )


def _show_progress(n_answered: int) -> None:
    """The respondent's progress, in the slot made for it under the respondent picker."""
    progress_slot.progress(
        n_answered / N_ITEMS,
        text=f"{n_answered} van {N_ITEMS} vragen beantwoord door deze respondent",
    )


def _item_card(respondent: Respondent, item: Item) -> None:
    """One question: a fragment keyed per item (:func:`_card_key`), so a click reruns this
    card only (see the module docstring)."""
    if st.session_state.pop(FULL_RERUN, False):
        st.rerun()  # scope "app": the whole page, read again from the database
    stored = _stored(respondent.id).get(item.id)  # as read by the last full run, or just saved
    # The one figure outside the card that a click changes. Every card writes it on every
    # run, so each card holds its place in the slot (Streamlit's rule for a fragment that
    # writes to a container outside it); the slot shows one bar, the last one written.
    _show_progress(len(_stored(respondent.id)))
    answer_key = _answer_key(respondent.id, item.id)
    note_key = _note_key(respondent.id, item.id)
    error_key = (respondent.id, item.id)
    errors = _note_errors()

    # Fill the widgets from the database (the source of truth) before creating them.
    st.session_state[answer_key] = _option_of(stored)
    if error_key in errors and note_key in st.session_state:
        pass  # keep the refused text on screen so it can be corrected
    else:
        errors.pop(error_key, None)
        st.session_state[note_key] = stored.note if stored else ""

    with st.container(border=True, key=f"vl_item_{item.id}"):
        question_col, answer_col = st.columns(COLUMNS, gap="medium")
        with question_col:
            # One element for the question (and who it is mainly for), one inside the
            # explanation: a section has five of these cards, so every element counts.
            question = f"**{item.number}. {item.question}**"
            if respondent.role not in item.roles:
                roles = ", ".join(checklist.role_label(r).lower() for r in item.roles)
                question += (
                    f"\n\n:small[Deze vraag is vooral voor: {roles}. Kunt u het niet beoordelen, "
                    f"kies dan '{checklist.dont_know_label}'.]"
                )
            st.markdown(question)
            with st.expander("Wat houdt dit in?", icon=":material/info:"):
                st.markdown(f"{item.explanation}\n\n:small[{card_source(item.source)}]")
            handreiking_quotes(item_claims(item))
        with answer_col:
            st.radio(
                f"Antwoord op vraag {item.number}",
                options=_options(item),
                format_func=_option_label,
                index=None,
                key=answer_key,
                on_change=_commit,
                args=(respondent.id, item.id),
                label_visibility="collapsed",
            )
        st.text_area(
            f"Toelichting bij vraag {item.number} (optioneel)",
            key=note_key,
            on_change=_commit,
            args=(respondent.id, item.id),
            disabled=stored is None,
            placeholder=(
                "Kies eerst een antwoord." if stored is None
                else "Bijvoorbeeld: wat is al geregeld, wat ontbreekt nog (geen namen of huurdersgegevens)"
            ),
            help=PRIVACY_NOTICE,
            height=68,
            max_chars=2000,
        )
        if error_key in errors:
            st.error(errors[error_key], icon=":material/privacy_tip:")
        show_flash(f"item-{item.id}")
        if st.session_state.get("vl_saved") == (respondent.id, item.id):
            st.session_state.pop("vl_saved")
            st.caption(":material/check: Opgeslagen")


def _on_read_pick() -> None:
    picked = st.session_state.get("vl_read_pick")
    if picked in SECTION_IDS:
        st.session_state["vl_section"] = picked


def _read_only(round_: Round, respondent: Respondent, answers: dict[str, Answer], current_id: str) -> None:
    """A final round's answers, one section at a time (the current one), like the form."""
    when = f" op {fmt_date(round_.finalised_at)}" if round_.finalised_at else ""
    st.info(
        f"Deze meting is **definitief** (afgerond{when}). U kunt de antwoorden bekijken, "
        "maar niet meer wijzigen.",
        icon=":material/lock:",
    )
    st.session_state["vl_read_pick"] = current_id
    st.segmented_control(
        "Onderdeel", SECTION_IDS, format_func=lambda s: checklist.section(s).title, required=True,
        key="vl_read_pick", on_change=_on_read_pick, wrap=True, width="stretch",
        help="De zes onderdelen van de checklist, in de volgorde van de handreiking.",
    )  # fmt: skip
    index = SECTION_IDS.index(current_id)
    section = SECTIONS[index]
    # The same two columns as the form (question | answer), so the answer column has one
    # width in every section; on a phone the answer sits under its question.
    st.header(f"{index + 1}. {section.title}", anchor=False)
    for item in section.items:
        answer = answers.get(item.id)
        with st.container(key=f"vl_read_{item.id}", border=True):  # a card, like the form's
            question_col, answer_col = st.columns(COLUMNS, gap="medium")
            question_col.markdown(f"{item.number}\\. {item.question}")
            text = f"**{_answer_text(answer)}**"
            if answer is not None and answer.note:
                text += f"  \n:gray[Toelichting: {md_literal(answer.note)}]"
            answer_col.markdown(text)


def _finalise_box(round_: Round) -> None:
    with st.container(border=True, key="vl_finalise_box"):
        st.markdown("**Meting afronden**")
        st.write(
            "Zijn alle respondenten klaar? Rond dan de meting af. Daarna liggen de antwoorden "
            "vast en telt de meting mee in de resultaten en de voortgang."
        )
        show_flash("finalise")
        if st.session_state.get("vl_confirming") != round_.id:
            st.button("Meting afronden", key="vl_finalise", icon=":material/lock:", on_click=_ask_finalise, args=(round_.id,))
            return
        respondents = assessment.list_respondents(app, round_.id)
        names = respondent_names(checklist, respondents)
        open_items = {rid: ids for rid, ids in assessment.unanswered(app, round_.id).items() if ids}
        total = sum(len(ids) for ids in open_items.values())
        st.warning(
            f"Er {'staat' if total == 1 else 'staan'} nog {total} "
            f"{'vraag' if total == 1 else 'vragen'} open. Weet u zeker dat u de meting wilt "
            "afronden? Open vragen tellen dan niet mee.",
            icon=":material/warning:",
        )
        for respondent in respondents:
            ids = open_items.get(respondent.id)
            if not ids:
                continue
            lines = "\n".join(
                f"- {checklist.item(i).number}. {short_text(checklist.item(i).question)}" for i in ids
            )
            st.markdown(
                f"**{names[respondent.id]}**: {len(ids)} {'vraag' if len(ids) == 1 else 'vragen'} open\n\n{lines}"
            )
        checked = st.checkbox("Ik wil de meting toch afronden, met deze open vragen.", key="vl_confirm_check")
        with st.container(horizontal=True):
            st.button(
                "Definitief afronden", type="primary", key="vl_confirm_finalise", disabled=not checked,
                icon=":material/lock:", on_click=_finalise, args=(round_.id, True),
            )
            st.button("Annuleren", key="vl_cancel_finalise", on_click=_cancel_finalise)


# --------------------------------------------------------------------------- page

st.title("Vragenlijst")
st.session_state.pop(FULL_RERUN, None)  # this is the full run a card asked for

org = current_organisation(app)
if org is None:
    need_selection("organisation")
    st.stop()
round_ = current_round(app, org)
if round_ is None:
    need_selection("round")
    st.stop()

with st.container(horizontal=True, vertical_alignment="center"):
    status_badge(round_)
    demo_badge(org)
context_caption(org, round_)

with st.container(border=True):
    respondent = respondent_picker(
        app, round_, key="vl_respondent",
        help="Iedere respondent vult de vragenlijst vanuit de eigen rol in. Respondenten voegt u toe onder Beheer.",
    )
    if respondent is not None:
        answers = _answers_of(respondent)
        st.session_state.setdefault("vl_stored", {})[respondent.id] = dict(answers)
        progress_slot = st.empty()
        _show_progress(len(answers))
        if not round_.is_final and round_.closes_on is not None:  # the closing date (issue 27)
            closed = round_.is_closed(app.today())
            st.container(key="vl_closes_on").caption(
                f":material/event: {'Gesloten na' if closed else 'Invullen kan tot en met'} {fmt_date(round_.closes_on)}."
            )
        if not round_.is_final:  # said once, not in every section (the note fields repeat it as help)
            st.container(key="vl_privacy").caption(f":material/lock: {PRIVACY_NOTICE}")

if respondent is None:
    need_selection("respondent")
    st.stop()

# Section navigation: the current section is remembered in session state and mirrored
# in the URL (?onderdeel=...), so a reload opens the same section.
if st.session_state.get("vl_section") not in SECTION_IDS:
    from_url = st.query_params.get(SECTION_PARAM)
    st.session_state["vl_section"] = from_url if from_url in SECTION_IDS else SECTION_IDS[0]
current_id = st.session_state["vl_section"]
if st.query_params.get(SECTION_PARAM) != current_id:
    st.query_params[SECTION_PARAM] = current_id

if round_.is_final:
    show_flash("finalise")
    _read_only(round_, respondent, answers, current_id)
    st.page_link(
        PAGE_RESULTATEN, label="Naar de resultaten", icon=":material/bar_chart:",
        query_params=selection_query_params(),
    )
    st.stop()

@st.fragment(key=SECTIONS_FRAGMENT)
def _section_picker(respondent_id: int, current_id: str) -> None:
    """The section picker, a check mark on every section done: a fragment, rerun with the
    card whose answer completes a section (see the module docstring)."""
    # No count per section: a click reruns only its card (issue 24), so a count here would
    # lag behind; the progress bar counts.
    progress = _section_progress(_stored(respondent_id))

    def label(section_id: str) -> str:
        done, total = progress[section_id]
        title = checklist.section(section_id).title
        return f":material/check_circle: {title}" if done == total else title

    st.session_state["vl_section_pick"] = current_id
    st.pills(
        "Onderdeel",
        options=SECTION_IDS,
        format_func=label,
        required=True,
        key="vl_section_pick",
        on_change=_on_section_pick,
        help="De zes onderdelen van de checklist, in de volgorde van de handreiking.",
    )


_section_picker(respondent.id, current_id)

index = SECTION_IDS.index(current_id)
section = SECTIONS[index]
st.header(f"{index + 1}. {section.title}", anchor=False)
if section.description:
    st.caption(section.description)

_scale_legend(section.items, expanded=not answers)

for item in section.items:
    st.fragment(_item_card, key=_card_key(item.id))(respondent, item)

with st.container(horizontal=True, horizontal_alignment="distribute"):
    if index > 0:
        previous = SECTIONS[index - 1]
        st.button(
            previous.title, key="vl_prev", icon=":material/arrow_back:",
            on_click=_go_to_section, args=(previous.id,),
        )
    if index < len(SECTIONS) - 1:
        following = SECTIONS[index + 1]
        st.button(
            f"Volgende: {following.title}", key="vl_next", type="primary", icon=":material/arrow_forward:",
            icon_position="right", on_click=_go_to_section, args=(following.id,),
        )

if can(app.actor, Permission.ORG_WRITE, round_.org_id):  # respondents answer; they do not finalise
    _finalise_box(round_)
