"""One widget: "Wat de handreiking zegt", the verbatim passages behind a claim, on request.

A popover (a button that opens a panel; opening it does not rerun the page) with, per
claim, its kind in words (bron / uitwerking / eigen suggestie) and its quotes with their
page, from :func:`readiness.provenance.quotes_markdown`. Used on the question cards
(Vragenlijst) and beside the suggested actions (Verbeterplan); kept to this one function
so pages that change for other reasons merge easily.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from readiness.provenance import QUOTES_TITLE, Claim, quotes_markdown

__all__ = ["handreiking_quotes"]


def handreiking_quotes(claims: Sequence[Claim]) -> None:
    """A "Wat de handreiking zegt" popover for ``claims``; nothing when none quotes the
    handreiking (an own suggestion says so beside its text already)."""
    if not any(claim.quotes for claim in claims):
        return
    with st.popover(QUOTES_TITLE, icon=":material/format_quote:", type="tertiary"):
        st.markdown(quotes_markdown(claims))
