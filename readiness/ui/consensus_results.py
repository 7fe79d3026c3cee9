"""The consensus meeting on Resultaten: which item results were agreed, beside what the
respondents answered. One function, called by the Resultaten page when that part is chosen."""

from __future__ import annotations

import streamlit as st

from readiness import charts
from readiness.consensus import BASIS_MEAN_TEXT, basis_text, level_text
from readiness.formatting import format_mean
from readiness.scoring import RoundResult
from readiness.services import App
from readiness.ui import widgets



def agreed_items(app: App, result: RoundResult) -> list[tuple[str, list[str]]]:
    """Per agreed item: its number and words, then the agreed level, the score it gives, the
    respondents' mean and spread by role, the "weet ik niet"s and the basis in words."""
    checklist = app.checklist
    rows = []
    for score in result.items:
        if score.agreement is None:
            continue
        item = checklist.item(score.item_id)
        roles = ", ".join(
            f"{checklist.role_label(r).lower()} {format_mean(m)}" for r, m in score.by_role.items() if m is not None
        )
        rows.append((
            f"Vraag {item.number} ({widgets.short_text(item.question, 70)})",
            [
                f"Vastgesteld niveau: {level_text(score.agreement.level, checklist)} · "
                + ("nog geen score" if score.score is None else f"score {charts.format_score(score.score)} van 100"),
                f"Gemiddelde respondenten: {format_mean(score.respondents_mean)} op de schaal 0–4"
                + (f" (per rol: {roles})" if roles else "")
                + f" · {score.n_dont_know} keer 'weet ik niet'",
                f"Basis: {basis_text(score)}",
                f"Onderbouwing: {score.agreement.rationale.strip() or '(geen onderbouwing vastgelegd)'}",
            ],
        ))  # fmt: skip
    return rows


def show_agreed(app: App, result: RoundResult) -> None:
    """The items whose result was agreed in the round's consensus meeting (nothing without one)."""
    rows = agreed_items(app, result)
    if not rows:
        return
    st.header("Vastgesteld in het consensusgesprek", divider="gray")
    first = next(i for i in result.items if i.agreement is not None)
    st.write(
        f"Bij {len(rows)} {'vraag' if len(rows) == 1 else 'vragen'} is de uitkomst {basis_text(first)}: het "
        "niveau dat het team samen vaststelde telt in de scores, de fase en de volgende stappen. Bij alle "
        f"andere vragen is de uitkomst het {BASIS_MEAN_TEXT}. Wat de respondenten antwoordden, staat ernaast."
    )
    widgets.stacked_list(rows, key="rs_agreed")
    st.page_link(
        widgets.PAGE_CONSENSUS, label="Naar het consensusgesprek", icon=":material/forum:",
        query_params=widgets.selection_query_params(),
    )  # fmt: skip
