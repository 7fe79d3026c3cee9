"""Voortgang: how the selected corporation develops across its rounds, what changed
between two chosen rounds, and how far the improvement plan had come at each round.

All numbers come from :mod:`readiness.services.progress` (one call for the scores and
the plan, one for the chosen comparison). Every chart has a table as its text
alternative.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from readiness import charts, glossary, progress_charts
from readiness.formatting import format_change, format_score, score_delta, short_text
from readiness.models import Organisation
from readiness.provenance import CLASSIFICATION_NOTE
from readiness.scoring import MIN_ANSWERS_PER_ITEM, target_pct
from readiness.services import App, progress
from readiness.services.assessment import ValidationError
from readiness.ui import widgets
from readiness.ui.state import get_app

UNKNOWN_TITLE = "Kennis kwijt: nu vaak 'weet ik niet'"
KEY_BEFORE = "vg_before"
KEY_AFTER = "vg_after"
CHART_CONFIG = {"displayModeBar": False}


def signed(before: float | None, after: float | None) -> str:
    """The change as shown: "+8", "-3", "0" or "–"; ASCII minus, because st.metric reads the sign."""
    return format_change(before, after, minus="-")


def question_words(number: int, question: str) -> str:
    """"Vraag 19 (Er is een vast aanspreekpunt…)"."""
    return f"Vraag {number} ({short_text(question, 70)})"


def move_line(m: progress.ItemMove) -> str:
    """An item that went up or down: its words, both scores and the change as shown."""
    return f"{question_words(m.number, m.question)}: {format_score(m.before)} → {format_score(m.after)} ({signed(m.before, m.after)})"


def unknown_line(m: progress.ItemMove) -> str:
    """An item where people no longer know: worded as lost knowledge, never as a plus."""
    return (
        f"{question_words(m.number, m.question)}: eerst score {format_score(m.before)} "
        f"({m.dont_know_before} van {m.answered_before} 'weet ik niet'), nu {m.dont_know_after} van "
        f"{m.answered_after} antwoorden 'weet ik niet'"
    )


def round_option(r: progress.RoundScores) -> str:
    status = "" if r.is_final else ", concept"
    return f"{r.label} ({widgets.fmt_date(r.date)}{status})"


# ----------------------------------------------------------------------------- the answer


def basis_line(r: progress.RoundScores) -> list[str]:
    """["Basis: gemiddelde van de respondenten"] or the consensus meeting, in the words of
    Resultaten and the exports; nothing when the round has no total score yet."""
    return [f"Basis: {r.basis}"] if r.basis else []


def trend_items(app: App, data: progress.Progress) -> list[tuple[str, list[str]]]:
    """Every round, oldest first: its phase, total score (with the change since the previous
    final round) and the basis of its figures; a concept says it does not count in the trend."""
    last_phase = max(p.level for p in app.checklist.phases)
    rows, previous = [], None
    for r in data.rounds:
        title = f"{r.label} ({widgets.fmt_date(r.date)}{'' if r.is_final else ', concept'})"
        if r.phase_level is None:
            figures = "nog te weinig antwoorden voor een fase of een totaalscore"
        else:
            figures = (
                f"Fase {r.phase_level} van {last_phase}: {r.phase_name} · totaalscore "
                f"{format_score(r.overall)} van 100"
            )
            if r.is_final and previous is not None:
                before, after, other_basis = r.change_from(previous)  # like for like
                figures += f" ({signed(before, after)} sinds {previous.label}" + (
                    ", op het gemiddelde van de respondenten: andere basis" if other_basis else ""
                ) + ")"
        if r.is_final:
            previous = r
            rows.append((title, [figures, *basis_line(r)]))
        else:
            rows.append((title, [f"Concept, voorlopig: {figures}; telt niet mee in de ontwikkeling.", *basis_line(r)]))
    return rows


def trend_summary(data: progress.Progress) -> str:
    """One sentence over the final rounds: first and last total score and phase."""
    finals = [r for r in data.rounds if r.is_final and r.phase_level is not None]
    if len(finals) < 2:
        return "**Ontwikkeling per meting**"
    first, last = finals[0], finals[-1]
    before, after, other_basis = last.change_from(first)  # like for like
    phase_before, phase_after = last.phase_change_from(first)
    phases = (
        f"fase {phase_before} → {phase_after}" if phase_before != phase_after
        else f"fase {phase_after} gelijk"
    )  # fmt: skip
    if not other_basis:
        return (
            f"**Van {first.label} tot {last.label}:** totaalscore {format_score(before)} → "
            f"{format_score(after)} ({signed(before, after)} punten), {phases}. "
            "Alleen definitieve metingen tellen mee."
        )
    return (
        f"**Van {first.label} tot {last.label}:** op het gemiddelde van de respondenten totaalscore "
        f"{format_score(before)} → {format_score(after)} ({signed(before, after)} punten), {phases}; "
        f"met de vastgestelde niveaus {format_score(first.overall)} → {format_score(last.overall)}, "
        f"fase {last.phase_level}. "
        "Alleen definitieve metingen tellen mee."
    )


def show_answer(app: App, data: progress.Progress) -> None:
    widgets.stacked_list(trend_items(app, data), key="vg_trend", intro=trend_summary(data))


# ----------------------------------------------------------------------------- scores


def show_scores(app: App, data: progress.Progress) -> None:
    st.header("Scores per meting", divider="gray")
    goal = target_pct(app.settings.target_level)
    target_label = f"Streefniveau {format_score(goal)}"
    frame = progress_charts.round_trend_frame(app.checklist, data.rounds)
    drafts = [r.label for r in data.rounds if not r.is_final]
    if data.n_rounds == 1:
        only = data.rounds[0]
        st.info(
            f"Er is nog maar één meting (**{only.label}**, {widgets.fmt_date(only.date)}). "
            "Een ontwikkeling over de tijd ziet u zodra er een tweede meting is; hieronder "
            "staan de scores van deze meting.",
            icon=":material/info:",
        )
        widgets.tiles(
            [widgets.Tile("Totaalscore", "–" if only.overall is None else f"{format_score(only.overall)} / 100")],
            key="vg_only_tiles",
        )
        bars = pd.DataFrame(
            {
                "Onderdeel": [s.title for s in app.checklist.sections],
                "Score": [
                    float("nan") if only.sections.get(s.id) is None else float(format_score(only.sections[s.id]))
                    for s in app.checklist.sections
                ],
            }
        )
        st.plotly_chart(
            charts.section_bar_chart(bars, goal, target_label),
            width="stretch",
            config=CHART_CONFIG,
            alt="Staafdiagram met de score per onderdeel van de enige meting; dezelfde cijfers staan in de tabel eronder.",
        )
    else:
        st.write(
            "De totaalscore (dikke blauwe lijn) en de score per onderdeel bij elke definitieve meting, "
            "op een schaal van 0 tot 100; elke lijn staat aan zijn eind bij naam, de fase staat onder "
            "elke meting. De streepjeslijn is het streefniveau. Een concept staat apart: open punten aan "
            "een stippellijn, niet in de lijnen zelf."
            + (" Bij een meting met '◇ consensus' zijn niveaus vastgesteld in het consensusgesprek; de open ruit "
               "is daar de totaalscore op het gemiddelde van de respondenten, om op gelijke basis te vergelijken."
               if any(r.agreed_items for r in data.rounds) else "")
        )
        st.plotly_chart(
            progress_charts.round_trend_chart(frame, goal, target_label),
            width="stretch",
            config=CHART_CONFIG,
            alt="Lijndiagram met de totaalscore en de score per onderdeel per meting; dezelfde cijfers staan in de tabel eronder.",
        )
    if drafts:
        names = ", ".join(f"**{d}**" for d in drafts)
        st.caption(
            f"{names} {'is' if len(drafts) == 1 else 'zijn'} nog een concept: die scores zijn voorlopig en "
            "tellen niet mee in de lijnen. Een onderdeel krijgt bij een concept pas een score als elke vraag "
            f"ervan minstens {MIN_ANSWERS_PER_ITEM} antwoorden met een score of 'n.v.t.' heeft; een fase en "
            "een totaal pas als dat voor alle onderdelen geldt."
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
                if col not in ("Meting", "Datum", "Status", "Fase", progress_charts.BASIS_LABEL)
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
    before_default, after_default = progress.default_pair(ids, {r.round_id for r in data.rounds if r.is_final})
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
        st.info(str(exc), icon=":material/edit_note:")
        return
    if (result.before.id, result.after.id) != (first, second):
        st.caption(
            f"De metingen zijn op datum gezet: {result.before.label} is de eerdere, "
            f"{result.after.label} de latere."
        )

    if not (result.before.is_final and result.after.is_final):
        st.caption("Een van beide metingen is een concept: de vergelijking is voorlopig.")
    if result.basis_note:  # like for like: the rounds rest on a different basis
        st.container(key="vg_compare_basis").info(
            " ".join(filter(None, (result.basis_note, result.phase_note))), icon=":material/balance:"
        )
    total, phase = st.columns(2)
    total.metric(
        "Totaalscore",
        f"{format_score(result.overall_before)} → {format_score(result.overall_after)}",
        None if result.overall_delta is None else f"{signed(result.overall_before, result.overall_after)} punten",
        border=True,
    )
    phase_delta = result.phase_after - result.phase_before
    phase.metric(
        "Fase",
        f"{result.phase_before} → {result.phase_after}",
        None if phase_delta == 0 else f"{'+' if phase_delta > 0 else '-'}{abs(phase_delta)} fase",
        border=True,
    )
    st.caption(CLASSIFICATION_NOTE)

    goal = target_pct(app.settings.target_level)
    target_label = f"Streefniveau {format_score(goal)}"
    # the section scores the comparison rests on (like for like, one basis for both)
    before_scores, after_scores = result.comparison.sections_before, result.comparison.sections_after
    sections = pd.DataFrame(
        [
            {
                "Onderdeel": s.title,
                "Vorige": _num(before_scores.get(s.id)),
                "Nu": _num(after_scores.get(s.id)),
                "Verschil": _delta(before_scores.get(s.id), after_scores.get(s.id)),
            }
            for s in app.checklist.sections
        ],
        columns=["Onderdeel", "Vorige", "Nu", "Verschil"],
    )
    st.plotly_chart(
        charts.section_change_chart(
            sections, goal, previous_label=result.before.label, current_label=result.after.label,
            target_label=target_label,
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

    # Lists, not tables: the question's words wrap on a phone instead of scrolling sideways.
    # ordered by the change as shown (sorted() is stable: ties keep the service's order)
    up = sorted(result.up, key=lambda m: -(score_delta(m.before, m.after) or 0))
    down = sorted(result.down, key=lambda m: score_delta(m.before, m.after) or 0)
    for title, moves, empty, line in (
        ("Vooruitgegaan", up, "Geen vragen met een hogere score.", move_line),
        ("Achteruitgegaan", down, "Geen vragen met een lagere score.", move_line),
        (
            UNKNOWN_TITLE,
            result.newly_unknown,
            "Geen vragen waarbij nu veel respondenten 'weet ik niet' zeggen terwijl er eerst een beeld was.",
            unknown_line,
        ),
    ):
        st.subheader(f"{title} ({len(moves)})")
        if not moves:
            st.write(empty)
            continue
        if title == UNKNOWN_TITLE:
            st.caption(
                "Bij deze vragen zegt nu minstens 30% van de respondenten 'weet ik niet', terwijl er bij de "
                "eerdere meting een score was. Dat is geen vooruitgang maar kennis die kwijt is: zoek uit "
                "waar die is gebleven."
            )
        with st.container(key=f"vg_list_{title[:6].lower().replace(' ', '_').replace(chr(39), '')}"):
            st.markdown(widgets.bullet_list(line(m) for m in moves))


def _num(value: float | None) -> float:
    return float("nan") if value is None else float(format_score(value))


def _delta(before: float | None, after: float | None) -> float:
    change = score_delta(before, after)
    return float("nan") if change is None else float(change)


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
    widgets.tiles([
        widgets.Tile("Gereed", now.done),
        widgets.Tile(glossary.OPEN_ACTIONS, now.open),
        widgets.Tile(
            glossary.cap(glossary.OVERDUE), now.overdue,
            help=f"Acties die gepland of bezig zijn en waarvan de {glossary.TARGET_DATE} voorbij is.",
        ),
    ], key="vg_plan_tiles")  # fmt: skip
    st.caption(
        "Per meting: de acties zoals ze er op de datum van de meting voor stonden. Een actie telt als "
        "gereed als ze nu gereed is en op of vóór die datum is afgerond (bij een meting of bij de laatste "
        "wijziging); als over tijd als ze toen open was en de streefdatum al voorbij was. Geschrapte acties "
        "staan alleen in de tabel."
    )
    frame = progress_charts.plan_progress_frame(data.plan)
    st.plotly_chart(
        progress_charts.plan_progress_chart(frame),
        width="stretch",
        config=CHART_CONFIG,
        alt="Gestapeld staafdiagram met per meting het aantal acties gereed, open en over tijd; dezelfde cijfers staan in de tabel eronder.",
    )
    with st.expander("Toon als tabel"):
        st.dataframe(frame, hide_index=True)


# ----------------------------------------------------------------------------- page

#: The lower sections, drawn only when chosen (issue 15: the answer first, the rest on request).
SECTIONS = {"scores": "Scores per meting", "vergelijken": "Twee metingen vergelijken", "plan": "Verbeterplan"}
PICKER_KEY = "vg_section"


def main() -> None:
    st.title("Voortgang")
    st.caption("Hoe ontwikkelt de corporatie zich over de metingen heen, en hoe staat het verbeterplan ervoor?")
    app = get_app()
    org = widgets.current_organisation(app)
    if org is None:
        widgets.need_selection("organisation")
        return
    widgets.context_line(org)
    data = progress.progress(app, org.id)
    if not data.rounds:
        widgets.need_selection("round")
        return
    show_answer(app, data)
    chosen = widgets.section_picker(
        "Meer over de voortgang", list(SECTIONS), key=PICKER_KEY, format_func=SECTIONS.__getitem__,
    )  # fmt: skip
    if chosen == "scores":
        show_scores(app, data)
    elif chosen == "vergelijken":
        show_comparison(app, org, data)
    elif chosen == "plan":
        show_plan(app, data)


main()
