"""Small UI helpers shared by the Streamlit pages.

Other pages import from here, so the public functions below are a stable API:

Formatting (pure, no Streamlit calls)
    fmt_number, fmt_pct, fmt_date, short_text, org_display_name, respondent_display_name,
    respondent_names, status_label, bullet_list

Selection (the chosen corporation / round / respondent, kept in session state and the URL
by :mod:`readiness.ui.state`)
    current_organisation, current_round, current_respondent   read without widgets
    organisation_picker, round_picker, respondent_picker       pickers that change it
    selection_query_params                                     for st.page_link(query_params=...)

Display
    demo_badge, status_badge, context_caption, need_selection, no_organisations,
    flash / show_flash (messages set in a callback, shown where the page wants them)

Figures
    Tile, tiles      a wrapping row of figure tiles (label, value, note, help): what
                     st.metric showed, drawn with Markdown (no element code to load)

The answer first, the rest on request (issue 15: few, large elements)
    section_picker   a wrapping row of segments; the page draws ONLY the chosen part
    stacked_list     items as one stacked list (title line + detail lines), one element:
                     wraps on a phone (390 px) where a wide table would scroll sideways

Every widget created here has a stable ``key`` (the default can be overridden), so
AppTest and browser tests can find it (Streamlit gives the widget's container the CSS
class ``st-key-<key>``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, TypeVar

import streamlit as st

from readiness import glossary
from readiness.formatting import format_date, format_score
from readiness.models import Checklist, NotFoundError, Organisation, Respondent, Round
from readiness.scoring import RoundResult, target_pct
from readiness.services import App
from readiness.services import assessment
from readiness.ui.state import ROUND_CHOSEN_KEY, select, selected
from readiness.ui.style import TILE

# Page files, relative to the entry point (app.py), for st.page_link.
PAGE_START = "readiness/ui/pages/start.py"
PAGE_VRAGENLIJST = "readiness/ui/pages/vragenlijst.py"
PAGE_RESULTATEN = "readiness/ui/pages/resultaten.py"
PAGE_CONSENSUS = "readiness/ui/pages/consensus.py"
PAGE_VERBETERPLAN = "readiness/ui/pages/verbeterplan.py"
PAGE_VOORTGANG = "readiness/ui/pages/voortgang.py"
PAGE_BEHEER = "readiness/ui/pages/beheer.py"

DEMO_HELP = "Fictieve corporatie met voorbeeldgegevens, om Voordeurcheck te verkennen."

# --------------------------------------------------------------------------- formatting


def fmt_number(value: float | int | None, decimals: int = 0, *, empty: str = "–") -> str:
    """Dutch number notation: ``1234.5`` -> ``"1.234,5"`` (``decimals=1``). None -> ``empty``."""
    if value is None:
        return empty
    text = f"{value:,.{decimals}f}"  # 1,234.5
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def fmt_pct(value: float | None, decimals: int = 0, *, empty: str = "–") -> str:
    """A percentage given as 0-100: ``56.25`` -> ``"56%"``; ``decimals=1`` -> ``"56,3%"``."""
    if value is None:
        return empty
    return f"{fmt_number(value, decimals)}%"


def fmt_date(value: dt.date | dt.datetime | None, *, empty: str = "–") -> str:
    """Dutch long date: ``2026-03-10`` -> ``"10 maart 2026"`` (the one date format,
    :func:`readiness.formatting.format_date`)."""
    return format_date(value, empty=empty)


def short_text(text: str, limit: int = 70) -> str:
    """The first words of ``text``, at most ``limit`` characters, with "…" when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.")
    return f"{cut}…"


def org_display_name(org: Organisation) -> str:
    """The corporation's name; demo corporations always carry "(demo)" exactly once."""
    name = org.name.strip()
    if org.is_demo and "(demo)" not in name.lower():
        name = f"{name} (demo)"
    return name


def respondent_display_name(checklist: Checklist, respondent: Respondent) -> str:
    """``"Uitvoering 2"`` or ``"Uitvoering · Team Noord"``: role first, then the label."""
    role = checklist.role_label(respondent.role)
    label = respondent.label.strip()
    if not label or label == role:
        return role
    if label.lower().startswith(role.lower()):
        return label
    return f"{role} · {label}"


def respondent_names(checklist: Checklist, respondents: Iterable[Respondent]) -> dict[int, str]:
    """Display names per respondent id, numbered where names would otherwise repeat
    (``"Uitvoering (1)"``, ``"Uitvoering (2)"``)."""
    respondents = list(respondents)
    names = {r.id: respondent_display_name(checklist, r) for r in respondents}
    seen: dict[str, int] = {}
    totals: dict[str, int] = {}
    for name in names.values():
        totals[name] = totals.get(name, 0) + 1
    for r in respondents:
        name = names[r.id]
        if totals[name] > 1:
            seen[name] = seen.get(name, 0) + 1
            names[r.id] = f"{name} ({seen[name]})"
    return names


def status_label(round_: Round) -> str:
    """``"definitief"`` or ``"concept"``."""
    return "definitief" if round_.is_final else "concept"


# --------------------------------------------------------------------------- flash messages


def flash(scope: str, message: str, kind: Literal["success", "error", "warning", "info"] = "success") -> None:
    """Remember a message (typically from a widget callback) to show on this run."""
    st.session_state.setdefault("_flash", {}).setdefault(scope, []).append((kind, message))


def show_flash(scope: str) -> None:
    """Show and forget the messages remembered for ``scope``."""
    for kind, message in st.session_state.get("_flash", {}).pop(scope, []):
        icon = {"success": ":material/check_circle:", "error": ":material/error:"}.get(kind)
        getattr(st, kind)(message, icon=icon)


# --------------------------------------------------------------------------- selection (no widgets)


def current_organisation(app: App) -> Organisation | None:
    """The selected corporation, or None. A stale selection (deleted, bad URL) is cleared."""
    slug = selected("org")
    if not slug:
        return None
    try:
        return assessment.get_organisation(app, slug)
    except NotFoundError:
        select(org=None, round=None, respondent=None)
        return None


def current_round(app: App, org: Organisation | None) -> Round | None:
    """The selected round of ``org``; defaults to the corporation's latest round."""
    if org is None:
        return None
    rounds = assessment.list_rounds(app, org.id)
    return _resolve_round(rounds)


def _resolve_round(rounds: list[Round], *, prefer_final: bool = False) -> Round | None:
    """The selected round; by default the latest one, or with ``prefer_final`` the latest
    final one (a concept then only when the user chose it: picker or link)."""
    by_id = {r.id: r for r in rounds}
    chosen = by_id.get(selected("round"))
    if (
        chosen is not None
        and prefer_final
        and not chosen.is_final
        and st.session_state.get(ROUND_CHOSEN_KEY) != chosen.id
        and any(r.is_final for r in rounds)
    ):
        chosen = None  # a concept picked by default elsewhere: open on the final round
    if chosen is None:
        final = [r for r in rounds if r.is_final] if prefer_final else []
        chosen = final[-1] if final else (rounds[-1] if rounds else None)
        select(round=chosen.id if chosen else None, respondent=None)
    return chosen


def current_respondent(app: App, round_: Round | None) -> Respondent | None:
    """The selected respondent of ``round_``; defaults to its first respondent."""
    if round_ is None:
        return None
    return _resolve_respondent(assessment.list_respondents(app, round_.id))


def _resolve_respondent(respondents: list[Respondent]) -> Respondent | None:
    by_id = {r.id: r for r in respondents}
    chosen = by_id.get(selected("respondent"))
    if chosen is None:
        chosen = respondents[0] if respondents else None
        select(respondent=chosen.id if chosen else None)
    return chosen


def selection_query_params() -> dict[str, str]:
    """The current selection as URL parameters, for ``st.page_link(..., query_params=...)``."""
    return {k: str(v) for k in ("org", "round", "respondent") if (v := selected(k)) is not None}


# --------------------------------------------------------------------------- pickers


def _sync(key: str, value: object) -> None:
    """Make the widget ``key`` show ``value`` (call before the widget is created)."""
    if st.session_state.get(key, object()) != value:
        st.session_state[key] = value


def _on_org_change(key: str) -> None:
    slug = st.session_state.get(key)
    if slug != selected("org"):
        select(org=slug, round=None, respondent=None)


def _on_round_change(key: str) -> None:
    round_id = st.session_state.get(key)
    st.session_state[ROUND_CHOSEN_KEY] = round_id
    if round_id != selected("round"):
        select(round=round_id, respondent=None)


def _on_respondent_change(key: str) -> None:
    select(respondent=st.session_state.get(key))


def organisation_picker(
    app: App, *, key: str = "pick_org", label: str = "Corporatie", guide: bool = True, menu: bool = False,
) -> Organisation | None:
    """Selectbox of all corporations (demo ones marked "(demo)"); returns the selection.

    With no corporations at all it shows guidance to Beheer (when ``guide``) and
    returns None. Changing the corporation resets the round and respondent. With ``menu``
    and a corporation chosen, the selectbox (search included) sits behind a button that
    shows the choice (:func:`_menu`): its code loads when it is opened (issue 24).
    """
    orgs = assessment.list_organisations(app)
    if not orgs:
        if guide:
            no_organisations()
        return None
    by_slug = {o.slug: o for o in orgs}
    current = current_organisation(app)
    if current is not None and current.slug not in by_slug:
        current = None
    # Real corporations first, then the demo ones, each alphabetically.
    options = sorted(by_slug, key=lambda s: (by_slug[s].is_demo, by_slug[s].name.lower()))
    _sync(key, current.slug if current else None)
    if menu and current is not None:
        with _menu(key, label, org_display_name(current), current.slug, ":material/domain:", f"Kies een andere {label.lower()}"):
            st.selectbox(
                label, options=options, format_func=lambda s: org_display_name(by_slug[s]), key=key,
                on_change=_on_org_change, args=(key,),
            )  # fmt: skip
        return current
    st.selectbox(
        label,
        options=options,
        format_func=lambda s: org_display_name(by_slug[s]),
        index=None,
        placeholder="Kies een corporatie",
        key=key,
        on_change=_on_org_change,
        args=(key,),
    )
    return current


def _menu(key: str, label: str, value: str, choice: object, icon: str, help: str):
    """A button "<label>: <value>" that opens a panel (a popover) for the picker keyed
    ``key``. Streamlit draws a popover's content, and loads its code, only when it is opened.
    The popover is keyed ``<key>_menu_<choice>``: after a choice the page draws a new one,
    closed. (Closing it through its state instead, ``on_change="rerun"``, made a choice in
    the corporation menu never reach the server while the round menu was on the page too.)"""
    return st.popover(f"{label}: {value}", icon=icon, key=f"{key}_menu_{choice}", help=help)


def round_picker(
    app: App, org: Organisation | None, *, key: str = "pick_round", label: str = "Meting",
    prefer_final: bool = False, width: int | Literal["stretch"] = "stretch", menu: bool = False,
) -> Round | None:
    """The corporation's rounds, newest first, to choose one; defaults to the latest round
    (with ``prefer_final``: the latest final round, a concept only when chosen).

    A selectbox; with ``menu`` a button that shows the chosen round and opens the rounds as
    radio buttons (:func:`_menu`): their code loads only when it is opened (issue 24)."""
    if org is None:
        return None
    rounds = assessment.list_rounds(app, org.id)
    if not rounds:
        return None
    current = _resolve_round(rounds, prefer_final=prefer_final)
    by_id = {r.id: r for r in rounds}
    _sync(key, current.id)
    options = [r.id for r in reversed(rounds)]

    def describe(rid: int) -> str:
        return f"{by_id[rid].label} ({status_label(by_id[rid])}, {fmt_date(by_id[rid].date)})"

    if menu:
        with _menu(key, label, describe(current.id), current.id, ":material/event:", f"Kies een andere {glossary.ROUND}"):
            st.radio(label, options, format_func=describe, key=key, on_change=_on_round_change, args=(key,))
        return current
    st.selectbox(
        label, options=options, format_func=describe, key=key, on_change=_on_round_change, args=(key,), width=width,
    )  # fmt: skip
    return current


#: Up to this many respondents the respondent picker is a row of radio buttons (every name
#: in view, one click, and no code to load on the Vragenlijst, whose answers are radios too);
#: with more, a selectbox that can be searched (issue 24).
RESPONDENT_RADIO_MAX = 12


def respondent_picker(
    app: App, round_: Round | None, *, key: str = "pick_respondent", label: str = "Respondent",
    help: str | None = None,
) -> Respondent | None:
    """The round's respondents (role and label) to choose one; defaults to the first one.
    A horizontal radio up to :data:`RESPONDENT_RADIO_MAX` respondents, else a selectbox."""
    if round_ is None:
        return None
    respondents = assessment.list_respondents(app, round_.id)
    if not respondents:
        return None
    current = _resolve_respondent(respondents)
    names = respondent_names(app.checklist, respondents)
    _sync(key, current.id)
    choose = st.radio if len(names) <= RESPONDENT_RADIO_MAX else st.selectbox
    extra = {"horizontal": True} if choose is st.radio else {}
    choose(
        label,
        options=list(names),
        format_func=lambda rid: names[rid],
        key=key,
        help=help,
        on_change=_on_respondent_change,
        args=(key,),
        **extra,
    )
    return current


# --------------------------------------------------------------------------- display


def demo_badge(org: Organisation | None) -> None:
    """An orange "Demo" badge for a fictitious corporation; nothing for a real one."""
    if org is not None and org.is_demo:
        st.badge("Demo: fictieve corporatie", icon=":material/science:", color="orange", help=DEMO_HELP)


def status_badge(round_: Round) -> None:
    """Green "Definitief" or blue "Concept" badge for a round."""
    if round_.is_final:
        st.badge("Definitief", icon=":material/lock:", color="green")
    else:
        st.badge("Concept", icon=":material/edit:", color="blue")


def context_caption(org: Organisation, round_: Round | None = None) -> None:
    """One quiet line: corporation · round (status, date)."""
    parts = [org_display_name(org)]
    if round_ is not None:
        parts.append(f"{round_.label} ({status_label(round_)}, {fmt_date(round_.date)})")
    st.caption(" · ".join(parts))


def context_line(org: Organisation, round_: Round | None = None) -> None:
    """One quiet line with the badges in it (one element instead of a caption and a row of
    st.badge): corporation · round (status, date), "Definitief"/"Concept", "Demo"."""
    parts = [org_display_name(org)]
    badges = []
    if round_ is not None:
        parts.append(f"{round_.label} ({status_label(round_)}, {fmt_date(round_.date)})")
        badges.append(
            ":green-badge[:material/lock: Definitief]" if round_.is_final else ":blue-badge[:material/edit: Concept]"
        )
    if org.is_demo:
        badges.append(":orange-badge[:material/science: Demo: fictieve corporatie]")
    # st.markdown, not st.caption: a caption fades everything in it, badges included, below
    # the contrast a reader needs (axe: 2.7:1); the text part is grey like a caption.
    st.markdown(
        f":gray[{' · '.join(parts)}]" + ("  " + " ".join(badges) if badges else ""),
        help=DEMO_HELP if org.is_demo else None,
    )


def no_organisations() -> None:
    """Guidance when the database has no corporations yet."""
    with st.container(border=True):
        st.markdown("**Er is nog geen corporatie.**")
        st.write(
            "Voeg onder Beheer uw corporatie toe en start een meting. "
            "Daarna kunt u respondenten toevoegen en de vragenlijst invullen."
        )
        st.page_link(PAGE_BEHEER, label="Naar Beheer", icon=":material/settings:")


def need_selection(what: Literal["organisation", "round", "respondent"]) -> None:
    """Guidance when a page needs a corporation, round or respondent that is not chosen yet."""
    with st.container(border=True):
        if what == "organisation":
            st.markdown("**Kies eerst een corporatie.**")
            st.write("Op de startpagina kiest u de corporatie en de meting waarmee u wilt werken.")
            st.page_link(PAGE_START, label="Naar Start", icon=":material/home:")
        elif what == "round":
            st.markdown("**Deze corporatie heeft nog geen meting.**")
            st.write("Start onder Beheer een meting, bijvoorbeeld 'Nulmeting 2026', en voeg respondenten toe.")
            st.page_link(
                PAGE_BEHEER, label="Naar Beheer", icon=":material/settings:", query_params=selection_query_params()
            )
        else:
            st.markdown("**Deze meting heeft nog geen respondenten.**")
            st.write(
                "Voeg onder Beheer respondenten toe, per rol: bestuur, management, uitvoering, "
                "aandachtsfunctionaris of sociaal consulent."
            )
            st.page_link(
                PAGE_BEHEER, label="Naar Beheer", icon=":material/settings:", query_params=selection_query_params()
            )


def bullet_list(lines: Iterable[str]) -> str:
    """Markdown bullet list of ``lines``."""
    return "\n".join(f"- {line}" for line in lines)


# --------------------------------------------------------------------------- figure tiles

#: Every tile is a container keyed ``vc_tile_<row key>_<n>`` (CSS class ``st-key-vc_tile_...``):
#: the style sheet (readiness/ui/style.py) sizes its label and value like st.metric's.
TILE_KEY = TILE
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~:$])")
_BLOCK_START = re.compile(r"^(?:(\d+)([.)])|([-+=]))")


def md_literal(text: object) -> str:
    """``text`` shown literally inside Markdown, on one line: every character that could
    format escaped, and a start that would make a list (``-3 punten``, ``1. fase``)."""
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))
    return _BLOCK_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", text)


@dataclass(frozen=True)
class Tile:
    """One figure: its label, its value as shown (already formatted by
    :mod:`readiness.formatting`), a note under it (what st.metric drew as a grey delta,
    e.g. the phase's name) and an explanation behind a help icon beside the label."""

    label: str
    value: str | int
    note: str | None = None
    help: str | None = None
    width: int | Literal["content"] = "content"


def tiles(row: Iterable[Tile | None], *, key: str) -> None:
    """A wrapping row of figure tiles (None entries are left out): per tile a bordered
    container with two Markdown elements, the label (with its help icon) and the value with
    its note as a grey badge. It shows what a row of ``st.metric(..., border=True)`` showed,
    the same words and values, but a first render loads no element code for it (issue 24:
    the metric's code and its dependencies are ~65 kB, fetched and compiled on every fresh
    visit). ``key`` names the row (CSS class ``st-key-<key>``)."""
    with st.container(horizontal=True, gap="small", key=key):
        for position, tile in enumerate(t for t in row if t is not None):
            with st.container(border=True, width=tile.width, key=f"{TILE_KEY}_{key}_{position}"):
                st.markdown(md_literal(tile.label), help=tile.help)
                value = md_literal(tile.value)
                if tile.note:
                    value += f"\n\n:gray-badge[{md_literal(tile.note)}]"
                st.markdown(value)


# --------------------------------------------------------------------------- answer first, rest on request

T = TypeVar("T")


def section_picker(
    label: str, options: Sequence[T], *, key: str, default: T | None = None,
    format_func=str, help: str | None = None,
) -> T | None:
    """A wrapping row of segments to choose one lower section of a page; returns the choice
    (None: nothing chosen, the page shows its answer only). The page draws only the chosen
    section, so a first render stays small (st.tabs and st.expander draw all their content).

    The choice is kept in session state under ``key`` (an unknown value, e.g. an option that
    is gone for another round, falls back to ``default``). In AppTest:
    ``at.segmented_control(key=key).set_value(option).run()``."""
    if key not in st.session_state or (st.session_state[key] is not None and st.session_state[key] not in options):
        st.session_state[key] = default  # set before the widget: no default argument needed
    return st.segmented_control(
        label, options, format_func=format_func, key=key, help=help, wrap=True, width="stretch",
    )  # fmt: skip


def next_step_lines(checklist: Checklist, result: RoundResult) -> list[str]:
    """The round's next steps as numbered Markdown lines, each with why it is a step: the
    one wording of Start and Resultaten ("1. **Vraag 9**: … (score 63, streefniveau 75)")."""
    goal = target_pct(result.target_level)
    lines = []
    for position, step in enumerate(result.next_steps, start=1):
        item = checklist.item(step.item_id)
        if step.reason == "onbekend":
            why = f"veel respondenten antwoorden '{glossary.DONT_KNOW}'"
        else:
            why = f"score {format_score(step.score)}, {glossary.TARGET_LEVEL} {format_score(goal)}"
        lines.append(f"{position}. **Vraag {item.number}**: {item.question} :gray[({why})]")
    return lines


def stacked_list(
    items: Iterable[tuple[str, str | Iterable[str]]], *, key: str | None = None, numbered: bool = False,
    empty: str | None = None, intro: str | None = None,
) -> None:
    """Items as a stacked list, one Markdown element: per item a bold title and its detail
    lines under it. Text wraps at any width, so on a phone nothing scrolls sideways (where
    a st.dataframe with several columns would hide the question text).

    ``items``: (title, detail) with detail a string or several lines. ``key`` names the
    container (CSS class ``st-key-<key>``) for browser tests; ``empty`` is written when there
    are no items; ``intro`` is a paragraph before the list, in the same element."""
    lines = []
    for position, (title, detail) in enumerate(items, start=1):
        details = [detail] if isinstance(detail, str) else list(detail)
        parts = ([f"**{title}**"] if title else []) + [d for d in details if d]
        lines.append(f"{position}. " if numbered else "- ")
        lines[-1] += "  \n  ".join(parts)
    box = st.container(key=key) if key else st.container()
    head = f"{intro}\n\n" if intro else ""
    if lines:
        box.markdown(head + "\n".join(lines))
    elif empty or intro:
        box.markdown(head + (empty or ""))
