"""Verbeterplan as one table: every action in one ``st.data_editor`` with validated
columns and one save (:func:`readiness.services.plans.update_actions`, all or nothing).

On a phone (narrow screen) the table is hidden by :data:`NARROW_CSS` and the page points
to "Actie bewerken", which edits one action at a time in a stacked form.

The table is a fragment (issue 24): editing a cell, and a save that is refused, rerun only
the table and its message, not the page. A save that succeeds reruns the page, so the plan
above the table shows what was saved.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from readiness import glossary
from readiness.models import ImprovementAction
from readiness.planning import STATUS_LABELS
from readiness.privacy import PRIVACY_NOTICE
from readiness.services import App, plans
from readiness.ui.widgets import flash, show_flash

SCOPE = "verbeterplan_grid"
NONCE = "vp_grid_nonce"  # bumped after a save: a fresh editor without pending edits
SAVED = "vp_grid_saved"  # set by a save that succeeded: the page runs again in full
COLUMNS = {
    "row": "Rij",
    "item": "Vraag",
    "description": "Actie",
    "owner": "Eigenaar (functie)",
    "due_date": "Streefdatum",
    "status": "Status",
    "priority": "Prioriteit",
    "notes": "Notities",
}
#: Column widths in pixels (fixed, so the table looks the same on every screen wide enough).
#: The columns up to the status and priority fit the page's ~730 px; the notes come last.
WIDTHS = {"row": 36, "item": 52, "description": 195, "owner": 135, "due_date": 100, "status": 130,
          "priority": 80, "notes": 150}  # fmt: skip
NARROW_CSS = """<style>
@media (max-width: 640px) { .st-key-vp_grid { display: none; } }
@media (min-width: 641px) { .st-key-vp_grid_phone { display: none; } }
</style>"""
STATUS_BY_LABEL = {label: status for status, label in STATUS_LABELS.items()}
PRIORITY_BY_LABEL = {label: priority for priority, label in glossary.PRIORITY.items()}


def _editor_key() -> str:
    return f"vp_grid_editor_{st.session_state.get(NONCE, 0)}"


def _frame(app: App, actions: list[ImprovementAction]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            COLUMNS["row"]: list(range(1, len(actions) + 1)),
            COLUMNS["item"]: [app.checklist.item(a.item_id).number for a in actions],
            COLUMNS["description"]: [a.description for a in actions],
            COLUMNS["owner"]: [a.owner for a in actions],
            # datetime64, so an action without a date shows an empty cell (not "None")
            COLUMNS["due_date"]: pd.to_datetime(pd.Series([a.due_date for a in actions], dtype="object")),
            COLUMNS["status"]: [STATUS_LABELS[a.status] for a in actions],
            COLUMNS["priority"]: [glossary.PRIORITY[a.priority] for a in actions],
            COLUMNS["notes"]: [a.notes for a in actions],
        }
    )


def _date(value) -> dt.date | None:
    if value is None or value == "" or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _edited(action: ImprovementAction, changes: dict) -> ImprovementAction:
    """The action with the cells the user changed (by column label)."""
    by_label = {label: field for field, label in COLUMNS.items()}
    update = {}
    for label, value in changes.items():
        field = by_label.get(label)
        if field in ("description", "owner", "notes"):
            update[field] = "" if value is None else str(value)
        elif field == "due_date":
            update[field] = _date(value)
        elif field == "status":
            update[field] = STATUS_BY_LABEL.get(value, value)
        elif field == "priority":
            update[field] = PRIORITY_BY_LABEL.get(value, value)
    return action.model_copy(update=update)


def _save(app: App, org_id: int, actions: list[ImprovementAction]) -> None:
    changes = st.session_state.get(_editor_key(), {}).get("edited_rows", {})
    edits = [(int(i) + 1, _edited(actions[int(i)], cells), actions[int(i)].version) for i, cells in changes.items() if cells]
    if not edits:
        flash(SCOPE, "Er is niets gewijzigd.", "info")
        return
    try:
        saved = plans.update_actions(app, org_id, edits)
    except plans.GridRejected as exc:
        lines = "\n".join(f"- {p}" for p in exc.problems)
        n = len(exc.problems)
        flash(SCOPE, f"**Er is niets opgeslagen.** {'Eén rij klopt' if n == 1 else f'{n} rijen kloppen'} niet; "
                     f"pas {'die' if n == 1 else 'ze'} aan en sla opnieuw op:\n\n{lines}", "error")  # fmt: skip
        return
    except ValueError as exc:
        flash(SCOPE, f"Er is niets opgeslagen. {exc}", "error")
        return
    st.session_state[NONCE] = st.session_state.get(NONCE, 0) + 1
    st.session_state[SAVED] = True
    flash(SCOPE, f"{len(saved)} {'actie' if len(saved) == 1 else 'acties'} opgeslagen.")


@st.fragment
def show_grid(app: App, org_id: int, actions: list[ImprovementAction]) -> None:
    if st.session_state.pop(SAVED, False):
        st.rerun()  # the whole page: the plan above shows the saved actions (and new versions)
    st.header("Alle acties bewerken", anchor=False)
    st.html(NARROW_CSS)
    if not actions:
        st.write("Er staan nog geen acties in het plan.")
        return
    with st.container(key="vp_grid"):
        st.caption(
            "Wijzig eigenaar, streefdatum, status, prioriteit of tekst in de tabel en sla alles in één keer op. "
            "Klopt één rij niet, dan wordt niets opgeslagen en staat hieronder welke rij en waarom. "
            + PRIVACY_NOTICE
        )
        st.data_editor(
            _frame(app, actions),
            key=_editor_key(),
            hide_index=True,
            num_rows="fixed",
            placeholder="geen",  # an empty cell (no due date) reads "geen", as in the list above, not "None"
            width="content",
            disabled=[COLUMNS["row"], COLUMNS["item"]],
            column_config={
                COLUMNS["row"]: st.column_config.NumberColumn(width=WIDTHS["row"]),
                COLUMNS["item"]: st.column_config.NumberColumn(
                    width=WIDTHS["item"], help="Het nummer van de vraag in de checklist."),
                COLUMNS["description"]: st.column_config.TextColumn(
                    required=True, max_chars=plans.MAX_DESCRIPTION, width=WIDTHS["description"]),
                COLUMNS["owner"]: st.column_config.TextColumn(
                    max_chars=plans.MAX_OWNER, width=WIDTHS["owner"],
                    help="Een functie, geen naam, bijvoorbeeld 'sociaal consulent'."),
                COLUMNS["due_date"]: st.column_config.DateColumn(format="DD-MM-YYYY", width=WIDTHS["due_date"]),
                COLUMNS["status"]: st.column_config.SelectboxColumn(
                    options=list(STATUS_LABELS.values()), required=True, width=WIDTHS["status"],
                    help="Gepland → bezig → gereed, of geschrapt. Een andere stap weigert de opslag met de reden."),
                COLUMNS["priority"]: st.column_config.SelectboxColumn(
                    options=list(glossary.PRIORITY.values()), required=True, width=WIDTHS["priority"]),
                COLUMNS["notes"]: st.column_config.TextColumn(max_chars=plans.MAX_NOTES, width=WIDTHS["notes"]),
            },
        )  # fmt: skip
        st.button("Alle wijzigingen opslaan", type="primary", icon=":material/save:", key="vp_grid_save",
                  on_click=_save, args=(app, org_id, actions))  # fmt: skip
        show_flash(SCOPE)
    with st.container(key="vp_grid_phone"):
        st.info(
            "Op een smal scherm past de tabel niet. Kies hierboven 'Actie bewerken': daar bewerkt u één actie "
            "tegelijk.",
            icon=":material/smartphone:",
        )
