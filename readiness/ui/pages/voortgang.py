"""Voortgang: how the selected corporation develops across its rounds, what changed
between two chosen rounds, and how far the improvement plan had come at each round.

All numbers come from :mod:`readiness.services.progress` (one call for the scores and
the plan, one for the chosen comparison). Every chart has a table as its text
alternative.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from readiness import charts, sector_charts
from readiness.models import Organisation
from readiness.provenance import CLASSIFICATION_NOTE
from readiness.scoring import target_pct
from readiness.services import App, progress
from readiness.services.assessment import ValidationError
from readiness.ui import widgets
from readiness.ui.state import get_app

KEY_BEFORE = "vg_before"
KEY_AFTER = "vg_after"
CHART_CONFIG = {"displayModeBar": False}


def signed(value: float | None) -> str:
    """"+8", "-3", "0" or "–"; ASCII minus, because st.metric reads the sign."""
    if value is None:
        return "–"
    rounded = round(value)
    if rounded == 0:
        return "0"
    return f"+{rounded}" if rounded > 0 else f"{rounded}"


def round_option(r: progress.RoundScores) -> str:
    status = "" if r.is_final else ", concept"
    return f"{r.label} ({widgets.fmt_date(r.date)}{status})"


# ----------------------------------------------------------------------------- scores


def show_scores(app: App, data: progress.Progress) -> None:
    st.header("Scores per meting", divider="gray")
    goal = target_pct(app.settings.target_level)
    frame = sector_charts.round_trend_frame(app.checklist, data.rounds)
    drafts = [r.label for r in data.rounds if not r.is_final]
    if data.n_rounds == 1:
        only = data.rounds[0]
        st.info(
            f"Er is nog maar één meting (**{only.label}**, {widgets.fmt_date(only.date)}). "
            "Een ontwikkeling over de tijd ziet u zodra er een tweede meting is; hieronder "
            "staan de scores van deze meting.",
            icon=":material/info:",
        )
        st.metric(
            "Totaalscore",
            "–" if only.overall is None else f"{charts.format_score(only.overall)} / 100",
            border=True,
        )
        bars = pd.DataFrame(
            {
                "Onderdeel": [s.title for s in app.checklist.sections],
                "Score": [
                    float("nan") if only.sections.get(s.id) is None else only.sections[s.id]
                    for s in app.checklist.sections
                ],
            }
        )
        st.plotly_chart(
            charts.section_bar_chart(bars, goal, f"Streefniveau {goal:.0f}"),
            width="stretch",
            config=CHART_CONFIG,
            alt="Staafdiagram met de score per onderdeel van de enige meting; dezelfde cijfers staan in de tabel eronder.",
        )
    else:
        st.write(
            "De totaalscore (dikke blauwe lijn) en de score per onderdeel bij elke meting, "
            "op een schaal van 0 tot 100. De stippellijn is het streefniveau."
        )
        st.plotly_chart(
            sector_charts.round_trend_chart(frame, goal, f"Streefniveau {goal:.0f}"),
            width="stretch",
            config=CHART_CONFIG,
            alt="Lijndiagram met de totaalscore en de score per onderdeel per meting; dezelfde cijfers staan in de tabel eronder.",
        )
    if drafts:
        st.caption(
            f"{'Meting' if len(drafts) == 1 else 'Metingen'} {', '.join(drafts)} "
            f"{'is' if len(drafts) == 1 else 'zijn'} nog een concept: die scores zijn voorlopig."
        )
    if data.n_rounds == 1:
        with st.expander("Toon als tabel", expanded=True):
            st.dataframe(
                bars,
                hide_index=True,
                column_config={"Score": st.column_config.NumberColumn("Score (0–100)", format="%.0f")},
            )
        return
    with st.expander("Toon als tabel"):
        st.dataframe(
            frame,
            hide_index=True,
            column_config={
                col: st.column_config.NumberColumn(col, format="%.0f")
                for col in frame.columns
                if col not in ("Meting", "Datum", "Status")
            },
        )


# ----------------------------------------------------------------------------- comparison


def _pick(key: str, options: list[int], default: int) -> None:
    if st.session_state.get(key) not in options:
        st.session_state[key] = default


def show_comparison(app: App, org: Organisation, data: progress.Progress) -> None:
    st.header("Twee metingen vergelijken", divider="gray")
    if data.n_rounds < 2:
        st.info("Vergelijken kan zodra er twee metingen zijn.", icon=":material/compare_arrows:")
        return
    ids = [r.round_id for r in data.rounds]
    by_id = {r.round_id: r for r in data.rounds}
    before_default, after_default = progress.default_pair(ids)
    _pick(KEY_BEFORE, ids, before_default)
    _pick(KEY_AFTER, ids, after_default)
    left, right = st.columns(2)
    with left:
        first = st.selectbox(
            "Eerdere meting", ids, key=KEY_BEFORE, format_func=lambda rid: round_option(by_id[rid])
        )
    with right:
        second = st.selectbox(
            "Latere meting", ids, key=KEY_AFTER, format_func=lambda rid: round_option(by_id[rid])
        )
    try:
        result = progress.compare_rounds(app, org.id, first, second)
    except ValidationError as exc:
        st.error(str(exc), icon=":material/error:")
        return
    if (result.before.id, result.after.id) != (first, second):
        st.caption(
            f"De metingen zijn op datum gezet: {result.before.label} is de eerdere, "
            f"{result.after.label} de latere."
        )

    total, phase = st.columns(2)
    total.metric(
        "Totaalscore",
        f"{charts.format_score(result.overall_before)} → {charts.format_score(result.overall_after)}",
        None if result.overall_delta is None else f"{signed(result.overall_delta)} punten",
        border=True,
    )
    phase_delta = result.phase_after - result.phase_before
    phase.metric(
        "Fase",
        f"{result.phase_before} → {result.phase_after}",
        None if phase_delta == 0 else f"{signed(phase_delta)} fase",
        border=True,
    )
    st.caption(CLASSIFICATION_NOTE)

    goal = target_pct(app.settings.target_level)
    before_scores, after_scores = by_id[result.before.id], by_id[result.after.id]
    sections = pd.DataFrame(
        [
            {
                "Onderdeel": s.title,
                "Vorige": _num(before_scores.sections.get(s.id)),
                "Nu": _num(after_scores.sections.get(s.id)),
                "Verschil": _num(result.section_deltas.get(s.id)),
            }
            for s in app.checklist.sections
        ],
        columns=["Onderdeel", "Vorige", "Nu", "Verschil"],
    )
    st.plotly_chart(
        charts.section_change_chart(
            sections, goal, previous_label=result.before.label, current_label=result.after.label,
            target_label=f"Streefniveau {goal:.0f}",
        ),
        width="stretch",
        config=CHART_CONFIG,
        alt="Staafdiagram met per onderdeel de score van beide metingen; dezelfde cijfers staan in de tabel eronder.",
    )
    with st.expander("Toon als tabel"):
        st.dataframe(
            sections,
            hide_index=True,
            column_config={
                "Vorige": st.column_config.NumberColumn(result.before.label, format="%.0f"),
                "Nu": st.column_config.NumberColumn(result.after.label, format="%.0f"),
                "Verschil": st.column_config.NumberColumn("Verschil", format="%+.0f"),
            },
        )

    moves_config = {
        "Nr": st.column_config.NumberColumn("Vraag", format="%d", width="small"),
        "Vraag": st.column_config.TextColumn("Omschrijving", width="large"),
        "Eerder": st.column_config.NumberColumn(result.before.label, format="%.0f"),
        "Nu": st.column_config.NumberColumn(result.after.label, format="%.0f"),
        "Verschil": st.column_config.NumberColumn("Verschil", format="%+.0f"),
    }
    for title, moves, empty, icon in (
        ("Vooruitgegaan", result.up, "Geen vragen met een hogere score.", ":material/trending_up:"),
        ("Achteruitgegaan", result.down, "Geen vragen met een lagere score.", ":material/trending_down:"),
        (
            "Nieuw 'weet ik niet'",
            result.newly_unknown,
            "Geen vragen waarbij nu veel respondenten 'weet ik niet' zeggen terwijl er eerst een beeld was.",
            ":material/help:",
        ),
    ):
        st.subheader(f"{title} ({len(moves)})")
        if not moves:
            st.write(empty)
            continue
        if title.startswith("Nieuw"):
            st.caption(
                "Bij deze vragen zegt nu minstens 30% van de respondenten 'weet ik niet', terwijl er "
                "bij de eerdere meting een score was. Zoek uit waar de kennis is gebleven."
            )
        st.dataframe(
            sector_charts.item_moves_frame(moves, app.checklist),
            hide_index=True,
            column_config=moves_config,
            column_order=["Nr", "Verschil", "Eerder", "Nu", "Vraag", "Onderdeel"],
            height=35 * (len(moves) + 1) + 3,
        )


def _num(value: float | None) -> float:
    return float("nan") if value is None else round(value, 1)


# ----------------------------------------------------------------------------- plan


def show_plan(app: App, data: progress.Progress) -> None:
    st.header("Voortgang van het verbeterplan", divider="gray")
    now = data.plan[-1]
    if all(p.total == 0 for p in data.plan):
        st.info(
            "Er staan nog geen acties in het verbeterplan. Zet acties klaar vanuit de uitkomsten van een meting.",
            icon=":material/task_alt:",
        )
        st.page_link(
            widgets.PAGE_VERBETERPLAN, label="Naar het verbeterplan", icon=":material/task_alt:",
            query_params=widgets.selection_query_params(),
        )
        return
    done, open_, late = st.columns(3)
    done.metric("Gereed", now.done, border=True)
    open_.metric("Open", now.open, border=True)
    late.metric("Te laat", now.overdue, border=True, help="Open acties waarvan de einddatum voorbij is.")
    st.caption(
        "Per meting: de acties zoals ze er op de datum van de meting voor stonden. Een actie telt als "
        "gereed als ze nu gereed is en op of vóór die datum is afgerond (bij een meting of bij de laatste "
        "wijziging); als te laat als ze toen open was en de einddatum al voorbij was. Vervallen acties "
        "staan alleen in de tabel."
    )
    frame = sector_charts.plan_progress_frame(data.plan)
    st.plotly_chart(
        sector_charts.plan_progress_chart(frame),
        width="stretch",
        config=CHART_CONFIG,
        alt="Gestapeld staafdiagram met per meting het aantal acties gereed, open en te laat; dezelfde cijfers staan in de tabel eronder.",
    )
    with st.expander("Toon als tabel"):
        st.dataframe(frame, hide_index=True)


# ----------------------------------------------------------------------------- page


def main() -> None:
    st.title("Voortgang")
    st.caption("Hoe ontwikkelt de corporatie zich over de metingen heen, en hoe staat het verbeterplan ervoor?")
    app = get_app()
    org = widgets.current_organisation(app)
    if org is None:
        widgets.need_selection("organisation")
        return
    widgets.context_caption(org)
    widgets.demo_badge(org)
    data = progress.progress(app, org.id)
    if not data.rounds:
        widgets.need_selection("round")
        return
    show_scores(app, data)
    show_comparison(app, org, data)
    show_plan(app, data)


main()
