"""Verbeterplan: the corporation's improvement actions, proposals from a round, follow-up.

The answer first (issue 15): the plan's state (how many actions are planned, in progress,
done and over time, and which ones are over time), actions that may be closed after a new
round, and the actions themselves as one stacked list (fits a phone). The rest is drawn
only when chosen in the picker ``vp_part``: editing an action, proposals from the round,
an own action, downloads. All writes go through :mod:`readiness.services.plans`; buttons
and forms use callbacks, so the page shows the new state (and a message) in the same run.
"""

from __future__ import annotations

import datetime as dt
import zlib

import streamlit as st

from readiness import glossary
from readiness.models import ActionStatus, ConflictError, ImprovementAction, Priority, Round
from readiness.planning import STATUS_LABELS, Proposal, allowed_next, overdue, plan_summary
from readiness.privacy import PRIVACY_NOTICE
from readiness.provenance import ACTIONS_NOTE, CLASSIFICATION_NOTE, Claim, origin_label
from readiness.ui.handreiking_quotes import handreiking_quotes
from readiness.scoring import target_pct
from readiness.services import App
from readiness.services import plans
from readiness.ui.downloads import export_section
from readiness.ui.plan_grid import show_grid
from readiness.ui.state import get_app
from readiness.ui.widgets import (
    PAGE_RESULTATEN,
    Tile,
    demo_badge,
    flash,
    fmt_date,
    md_literal,
    need_selection,
    organisation_picker,
    round_picker,
    section_picker,
    selection_query_params,
    short_text,
    show_flash,
    tiles,
)

# Where messages appear: next to the control that caused them.
SCOPE = "verbeterplan"  # top of the page (closing actions)
SCOPE_PROPOSALS = "verbeterplan_proposals"
SCOPE_EDIT = "verbeterplan_edit"
SCOPE_ADD = "verbeterplan_add"
KEY_PART = "vp_part"
PART_EDIT = "Actie bewerken"
PART_GRID = "Alles bewerken (tabel)"
PART_PROPOSALS = "Voorstellen"
PART_ADD = "Eigen actie"
PART_DOWNLOAD = "Downloaden"
PARTS = (PART_EDIT, PART_GRID, PART_PROPOSALS, PART_ADD, PART_DOWNLOAD)
PRIORITY_LABELS = glossary.PRIORITY
PRIORITY_COLORS = {Priority.HIGH: "red", Priority.MEDIUM: "orange", Priority.LOW: "gray"}
OVERDUE_SUFFIX = f" – {glossary.OVERDUE}"
DATE_FORMAT = "DD-MM-YYYY"

app = get_app()
today = app.today()


def item_label(item_id: str, limit: int = 60, *, markdown: bool = False) -> str:
    """Number and start of the question ("3. De gemeente steunt…").

    For Markdown the dot is escaped, so "10. …" does not become a numbered list."""
    item = app.checklist.item(item_id)
    dot = "\\." if markdown else "."
    return f"{item.number}{dot} {short_text(item.question, limit)}"


# --------------------------------------------------------------------------- callbacks


def _report(scope: str, action: str, call, *args, **kwargs) -> None:
    """Run a service call from a callback; remember the outcome as a flash message."""
    try:
        call(*args, **kwargs)
    except ConflictError as exc:
        flash(scope, str(exc), "error")
    except ValueError as exc:  # ValidationError, PersonalDataError: Dutch, says what and where
        flash(scope, str(exc), "error")
    else:
        flash(scope, action)


def _accept(org_id: int, round_id: int, proposal: Proposal) -> None:
    _report(
        SCOPE_PROPOSALS,
        f"Actie bij punt {proposal.item_number} is aan het verbeterplan toegevoegd.",
        plans.accept_proposal, app, org_id, round_id, proposal,
    )


def _accept_all(org_id: int, round_id: int, proposals: list[Proposal]) -> None:
    _report(
        SCOPE_PROPOSALS,
        f"{len(proposals)} voorgestelde acties zijn aan het verbeterplan toegevoegd.",
        plans.accept_proposals, app, org_id, round_id, proposals,
    )


def _close(action: ImprovementAction, round_id: int) -> None:
    _reload_edit(action.id)  # an open edit form starts again from the closed action
    _report(
        SCOPE,
        f"Actie bij punt {app.checklist.item(action.item_id).number} is afgesloten (gereed).",
        plans.close_action, app, action.id, action.version, round_id,
    )


def _edit_keys(action_id: int, base: int) -> dict[str, str]:
    return {f: f"edit_{f}_{action_id}_{base}" for f in ("description", "owner", "due", "status", "priority", "notes")}


def _save_edit(action: ImprovementAction, base: int) -> None:
    keys = _edit_keys(action.id, base)
    state = st.session_state
    edited = action.model_copy(
        update={
            "description": state[keys["description"]],
            "owner": state[keys["owner"]],
            "due_date": state[keys["due"]],
            "status": state[keys["status"]],
            "priority": state[keys["priority"]],
            "notes": state[keys["notes"]],
        }
    )
    try:
        saved = plans.update_action(app, edited, expected_version=base)
    except ConflictError as exc:
        flash(SCOPE_EDIT, str(exc), "error")
        state[f"edit_conflict_{action.id}"] = True
    except ValueError as exc:
        flash(SCOPE_EDIT, str(exc), "error")
    else:
        state[f"edit_base_{action.id}"] = saved.version
        flash(SCOPE_EDIT, "De wijzigingen in de actie zijn opgeslagen.")


def _reload_edit(action_id: int) -> None:
    st.session_state.pop(f"edit_base_{action_id}", None)
    st.session_state.pop(f"edit_conflict_{action_id}", None)


def _on_pick_action() -> None:
    """Opening an action for editing starts from its current stored version."""
    picked = st.session_state.get("edit_action")
    if picked is not None:
        _reload_edit(picked)


def _add_own(org_id: int) -> None:
    state = st.session_state
    try:
        plans.add_action(
            app, org_id,
            item_id=state["add_item"] or "",
            description=state["add_description"],
            owner=state["add_owner"],
            due_date=state["add_due"],
            priority=state["add_priority"],
            notes=state["add_notes"],
        )
    except ValueError as exc:
        flash(SCOPE_ADD, str(exc), "error")
        return
    flash(SCOPE_ADD, "Uw eigen actie is aan het verbeterplan toegevoegd.")
    for key in ("add_description", "add_owner", "add_notes"):
        state[key] = ""
    state["add_due"] = None


# --------------------------------------------------------------------------- sections


def show_summary(actions: list[ImprovementAction], closable: frozenset[int] = frozenset()) -> None:
    """How many actions per status, and which ones are over time: the plan's state. An
    action whose question already reached the target (``closable``) is not called over
    time: it can be closed (issue 22: one status, not two that contradict)."""
    summary = plan_summary(actions, today)
    tiles([
        Tile("Gepland", summary.counts[ActionStatus.PLANNED], help="Acties in het plan die nog moeten beginnen."),
        Tile("Bezig", summary.counts[ActionStatus.IN_PROGRESS], help="Acties waaraan gewerkt wordt."),
        Tile("Gereed", summary.counts[ActionStatus.DONE], help="Afgeronde acties."),
        Tile(
            glossary.cap(glossary.OVERDUE), summary.overdue,
            help=f"Geplande of lopende acties waarvan de {glossary.TARGET_DATE} voorbij is.",
        ),
    ], key="vp_summary_tiles")  # fmt: skip
    late = [a for a in overdue(actions, today) if a.id not in closable]  # the longest over time first
    if late:
        st.error(
            f"{glossary.overdue_count(len(late))}: "
            + "; ".join(f"{md_literal(short_text(a.description, 60))} (vraag {app.checklist.item(a.item_id).number}, "
                        f"{glossary.TARGET_DATE} {fmt_date(a.due_date)})" for a in late)
            + f". Pas de {glossary.TARGET_DATE} aan of zet de actie op 'bezig' of 'gereed' (*{PART_EDIT}*, hieronder).",
            icon=":material/schedule:",
        )  # fmt: skip


def show_closable(org_id: int, round_: Round, closable: list[ImprovementAction]) -> None:
    if not closable:
        return
    label = f"Deze acties kunnen mogelijk worden afgesloten ({len(closable)})"
    with st.expander(label, expanded=len(closable) <= 3, icon=":material/task_alt:"):
        st.caption(
            f"In {round_.label} zit het checklistpunt van deze acties op het streefniveau. "
            "Kijk na of de actie echt klaar is; afsluiten verandert alleen de status, niet wat u schreef."
        )
        for action in closable:
            text, button = st.columns([5, 1], vertical_alignment="center")
            text.markdown(f"**{item_label(action.item_id, 80)}**  \n{md_literal(action.description)}")
            button.button(
                "Afsluiten", key=f"close_{action.id}", icon=":material/done:",
                on_click=_close, args=(action, round_.id), width="stretch",
            )


def _due_text(action: ImprovementAction, closable: frozenset[int] = frozenset()) -> str:
    if action.due_date is None:
        return ":gray[geen]"
    text = fmt_date(action.due_date)
    if action.id in closable:
        return f"{text} · :green[:material/task_alt: kan worden afgesloten]"
    if action.is_overdue(today):
        return f":red[:material/schedule: **{text}{OVERDUE_SUFFIX}**]"
    return text


def plan_lines(actions: list[ImprovementAction], closable: frozenset[int] = frozenset()) -> str:
    """The plan as one stacked list (Markdown): per action its description, its question,
    owner and target date, status and priority, each on its own line; wraps on a phone."""
    blocks = []
    for a in actions:
        owner = md_literal(a.owner) if a.owner else ":gray[geen eigenaar]"
        blocks.append(
            f"- **{md_literal(a.description)}**  \n"
            f"  :gray[{item_label(a.item_id, 70, markdown=True)}]  \n"
            f"  {glossary.cap(glossary.OWNER)}: {owner} · {glossary.cap(glossary.TARGET_DATE)}: {_due_text(a, closable)}  \n"
            f"  {STATUS_LABELS[a.status]} :{PRIORITY_COLORS[a.priority]}-badge[{PRIORITY_LABELS[a.priority]}]"
        )
    return "\n".join(blocks)


def show_plan(actions: list[ImprovementAction], closable: frozenset[int] = frozenset()) -> None:
    st.header("Het plan", anchor=False)
    if not actions:
        st.info(
            f"Het verbeterplan is nog leeg. Neem acties over uit de {glossary.ROUND} (kies hieronder "
            f"*{PART_PROPOSALS}*) of voeg een eigen actie toe (*{PART_ADD}*)."
        )
        return
    chosen = st.pills(
        "Toon acties met status",
        options=list(STATUS_LABELS),
        format_func=lambda s: STATUS_LABELS[s],
        selection_mode="multi",
        default=[ActionStatus.PLANNED, ActionStatus.IN_PROGRESS],
        key="plan_filter",
    )
    shown = [a for a in actions if a.status in chosen]
    if not shown:
        st.caption("Geen acties met de gekozen status.")
        return
    st.container(key="vp_plan").markdown(plan_lines(shown, closable))


def show_edit(actions: list[ImprovementAction]) -> None:
    st.header("Actie bewerken", anchor=False)
    if not actions:
        st.write(f"Er staan nog geen acties in het plan. Kies *{PART_PROPOSALS}* of *{PART_ADD}*.")
        return
    by_id = {a.id: a for a in actions}
    if st.session_state.get("edit_action") not in by_id:  # e.g. another corporation was chosen
        st.session_state.pop("edit_action", None)
    action_id = st.selectbox(
        "Kies een actie",
        options=list(by_id),
        format_func=lambda i: f"{app.checklist.item(by_id[i].item_id).number}. {short_text(by_id[i].description, 70)}"
        f" ({STATUS_LABELS[by_id[i].status].lower()})",
        index=None,
        placeholder="Kies een actie om te bewerken",
        key="edit_action",
        on_change=_on_pick_action,
    )
    if action_id is None:
        return
    action = by_id[action_id]
    base = st.session_state.setdefault(f"edit_base_{action_id}", action.version)
    if st.session_state.get(f"edit_conflict_{action_id}") or base != action.version:
        st.warning(
            "Deze actie is gewijzigd sinds u haar opende. Uw invoer hieronder is niet opgeslagen; "
            "laad de nieuwste versie en voer uw wijziging opnieuw in.",
            icon=":material/sync_problem:",
        )
        st.button("Nieuwste versie laden", key=f"edit_reload_{action_id}", on_click=_reload_edit, args=(action_id,))
    keys = _edit_keys(action_id, base)
    with st.form(f"edit_form_{action_id}_{base}", border=True, enter_to_submit=False):
        st.caption(f"Checklistpunt {item_label(action.item_id, 120)}")
        st.text_area("Actie", value=action.description, key=keys["description"], max_chars=plans.MAX_DESCRIPTION)
        col_owner, col_due = st.columns(2)
        col_owner.text_input(
            "Eigenaar (functie)", value=action.owner, key=keys["owner"], max_chars=plans.MAX_OWNER,
            help=plans.OWNER_HINT, placeholder="bijvoorbeeld: sociaal consulent",
        )
        col_owner.caption("Een functie, geen naam.")
        col_due.date_input(
            "Streefdatum", value=action.due_date, key=keys["due"], format=DATE_FORMAT,
            min_value=min(action.due_date or today, today) - dt.timedelta(days=3650),
        )
        col_status, col_priority = st.columns(2)
        col_status.selectbox(
            "Status", options=allowed_next(action.status), format_func=lambda s: STATUS_LABELS[s],
            key=keys["status"], help="Gepland → bezig → gereed, of geschrapt als de actie niet meer nodig is. Een afgeronde actie kunt u heropenen.",
        )
        col_priority.selectbox(
            "Prioriteit", options=list(Priority), index=list(Priority).index(action.priority),
            format_func=lambda p: PRIORITY_LABELS[p], key=keys["priority"],
        )
        st.text_area("Notities", value=action.notes, key=keys["notes"], max_chars=plans.MAX_NOTES)
        st.caption(PRIVACY_NOTICE)
        st.form_submit_button(
            "Wijzigingen opslaan", type="primary", icon=":material/save:",
            on_click=_save_edit, args=(action, base),
        )
    show_flash(SCOPE_EDIT)  # right under the button that was pressed


def show_proposals(org_id: int, round_: Round | None, note: str | None) -> None:
    if round_ is None:
        st.info(
            "Er is nog geen definitieve meting. Zodra een meting is afgerond, staan hier "
            "voorstellen voor de punten die achterblijven."
        )
        return
    if note:
        st.caption(note)
    latest = plans.latest_final_round(app, org_id)
    if latest is not None and latest.id != round_.id:
        st.caption(
            f"Let op: dit zijn voorstellen uit {round_.label}. De nieuwste definitieve meting is "
            f"{latest.label}; kies die meting bovenaan voor de actuele voorstellen."
        )
    show_flash(SCOPE_PROPOSALS)
    proposals = plans.proposals_for_round(app, round_.id)
    if not proposals:
        st.success(
            f"Geen nieuwe voorstellen uit {round_.label}: alle punten zitten op het streefniveau, "
            "of de voorgestelde acties staan al in het plan.",
            icon=":material/check_circle:",
        )
        return
    with st.container(horizontal=True, vertical_alignment="center"):
        st.markdown(f"**{len(proposals)} voorstellen uit {round_.label}**", width="stretch")
        with st.popover("Alle voorstellen overnemen", icon=":material/playlist_add:"):
            st.markdown(
                f"Hiermee komen **{len(proposals)} acties** als 'gepland' in het verbeterplan. "
                "U kunt ze daarna bewerken of schrappen."
            )
            st.button(
                f"Ja, alle {len(proposals)} overnemen", key="accept_all", type="primary",
                on_click=_accept_all, args=(org_id, round_.id, proposals),
            )
    st.caption(
        "Een voorstel overnemen zet het als 'gepland' in het plan. Eigenaar en streefdatum vult u daarna "
        "in bij *Actie bewerken*."
    )
    by_item: dict[str, list[Proposal]] = {}
    for proposal in proposals:
        by_item.setdefault(proposal.item_id, []).append(proposal)
    current_priority = None
    for position, (item_id, group) in enumerate(by_item.items()):
        first = group[0]
        if first.priority != current_priority:
            current_priority = first.priority
            n_items = sum(1 for g in by_item.values() if g[0].priority == current_priority)
            st.markdown(
                f":{PRIORITY_COLORS[current_priority]}-badge[Prioriteit {PRIORITY_LABELS[current_priority].lower()}] "
                f":gray[{n_items} {'punt' if n_items == 1 else 'punten'}]"
            )
        count = f"{len(group)} {'voorstel' if len(group) == 1 else 'voorstellen'}"
        # the first three open the list: the handreiking's next steps come first
        with st.expander(f"**{item_label(item_id, 90)}** · {first.reason} · {count}", expanded=position < 3):
            for proposal in group:
                text, button = st.columns([5, 1], vertical_alignment="center")
                text.markdown(f"{proposal.description}  \n:gray[{origin_label(proposal.source, proposal.kind)}]")
                with text:
                    handreiking_quotes([Claim("Deze actie", proposal.kind, proposal.source, proposal.quotes)])
                button.button(
                    "Overnemen", key=f"accept_one_{item_id}_{zlib.crc32(proposal.description.encode())}",
                    icon=":material/add:", on_click=_accept, args=(org_id, round_.id, proposal), width="stretch",
                )


def show_add(org_id: int) -> None:
    items = app.checklist.items
    with st.form("add_form", border=True, enter_to_submit=False):
        st.selectbox(
            "Checklistpunt", options=[i.id for i in items], format_func=lambda i: item_label(i, 90),
            index=None, placeholder="Kies het punt waar de actie bij hoort", key="add_item",
        )
        st.text_area(
            "Actie", key="add_description", max_chars=plans.MAX_DESCRIPTION,
            placeholder="Wat gaat er gebeuren? Bijvoorbeeld: training signaleren voor alle huismeesters",
        )
        col_owner, col_due = st.columns(2)
        col_owner.text_input(
            "Eigenaar (functie)", key="add_owner", max_chars=plans.MAX_OWNER,
            help=plans.OWNER_HINT, placeholder="bijvoorbeeld: sociaal consulent",
        )
        col_owner.caption("Een functie, geen naam.")
        col_due.date_input("Streefdatum", value=None, key="add_due", format=DATE_FORMAT, min_value=today)
        st.selectbox(
            "Prioriteit", options=list(Priority), index=1, format_func=lambda p: PRIORITY_LABELS[p], key="add_priority",
        )
        st.text_area("Notities", key="add_notes", max_chars=plans.MAX_NOTES)
        st.caption(PRIVACY_NOTICE)
        st.form_submit_button(
            "Actie toevoegen", type="primary", icon=":material/add_task:", on_click=_add_own, args=(org_id,),
        )
    show_flash(SCOPE_ADD)  # right under the button that was pressed


def proposal_round(app: App, org_id: int, chosen: Round | None) -> tuple[Round | None, str | None]:
    """The round proposals come from: the chosen one if final, else the latest final round."""
    if chosen is not None and chosen.is_final:
        return chosen, None
    latest = plans.latest_final_round(app, org_id)
    if chosen is None or latest is None:
        return latest, None
    return latest, (
        f"{chosen.label} is nog een concept. De voorstellen hieronder komen uit de laatste "
        f"definitieve meting, {latest.label} ({fmt_date(latest.date)})."
    )


# --------------------------------------------------------------------------- page

st.title("Verbeterplan")
st.markdown(
    "Wat gaat uw corporatie doen om signaleren achter de voordeur te verbeteren, wie is "
    "eigenaar en wanneer is het klaar? " + ACTIONS_NOTE
)

with st.container(border=True):
    col_org, col_round = st.columns(2)
    with col_org:
        org = organisation_picker(app, menu=True)
    with col_round:
        chosen_round = round_picker(app, org, menu=True)

if org is None:
    need_selection("organisation")
    st.stop()

demo_badge(org)
level = app.settings.target_level
st.caption(
    f"Streefniveau: {level} – {app.checklist.scale_label(level).lower()} "
    f"(score {target_pct(level):.0f} van 100). Punten onder dit niveau, of waarop veel "
    "respondenten 'weet ik niet' antwoorden, krijgen voorstellen. " + CLASSIFICATION_NOTE
)

show_flash(SCOPE)
actions = plans.list_plan(app, org.id)
source_round, source_note = proposal_round(app, org.id, chosen_round)
closable_now = [] if source_round is None else plans.close_suggestions(app, org.id, source_round.id)
closable_ids = frozenset(a.id for a in closable_now)
show_summary(actions, closable_ids)

if source_round is not None:
    show_closable(org.id, source_round, closable_now)

show_plan(actions, closable_ids)

# The rest on request: only the chosen part is drawn (st.tabs would draw all of them).
part = section_picker("Meer in het verbeterplan", PARTS, key=KEY_PART)
if part == PART_EDIT:
    show_edit(actions)
elif part == PART_GRID:
    show_grid(app, org.id, actions)
elif part == PART_PROPOSALS:
    st.header(PART_PROPOSALS, anchor=False)
    show_proposals(org.id, source_round, source_note)
    if source_round is not None:
        st.page_link(
            PAGE_RESULTATEN, label=f"Bekijk de resultaten van de {glossary.ROUND}", icon=":material/bar_chart:",
            query_params=selection_query_params(),
        )
elif part == PART_ADD:
    st.header("Eigen actie toevoegen", anchor=False)
    show_add(org.id)
elif part == PART_DOWNLOAD:
    export_section(app, org, chosen_round)
