"""The consensus meeting on Resultaten: which item results were agreed, beside what the
respondents answered. One function, called once by the Resultaten page."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from readiness import charts
from readiness.consensus import BASIS_MEAN_TEXT, basis_text, level_text
from readiness.scoring import RoundResult
from readiness.services import App
from readiness.ui import widgets


def _mean(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",")


def agreed_frame(app: App, result: RoundResult) -> pd.DataFrame:
    checklist = app.checklist
    rows = []
    for score in result.items:
        if score.agreement is None:
            continue
        item = checklist.item(score.item_id)
        rows.append({
            "Vraag": f"{item.number}. {widgets.short_text(item.question, 70)}",
            "Vastgesteld niveau": level_text(score.agreement.level, checklist),
            "Score": charts.format_score(score.score),
            "Gemiddelde respondenten": _mean(score.respondents_mean),
            "Per rol": ", ".join(f"{checklist.role_label(r).lower()} {_mean(m)}" for r, m in score.by_role.items()
                                 if m is not None),
            "Weet ik niet": score.n_dont_know,
            "Basis": basis_text(score),
        })  # fmt: skip
    return pd.DataFrame(rows)


def show_agreed(app: App, result: RoundResult) -> None:
    """The items whose result was agreed in the round's consensus meeting (nothing without one)."""
    frame = agreed_frame(app, result)
    if frame.empty:
        return
    st.header("Vastgesteld in het consensusgesprek", divider="gray")
    first = next(i for i in result.items if i.agreement is not None)
    st.write(
        f"Bij {len(frame)} {'vraag' if len(frame) == 1 else 'vragen'} is de uitkomst {basis_text(first)}: het "
        "niveau dat het team samen vaststelde telt in de scores, de fase en de volgende stappen. Bij alle "
        f"andere vragen is de uitkomst het {BASIS_MEAN_TEXT}. Wat de respondenten antwoordden, staat ernaast."
    )
    st.dataframe(frame, hide_index=True)
    st.page_link(
        widgets.PAGE_CONSENSUS, label="Naar het consensusgesprek", icon=":material/forum:",
        query_params=widgets.selection_query_params(),
    )  # fmt: skip
