"""Resultaten: how ready is the corporation, where do people disagree, what comes next.

Reads the selected corporation and round through :mod:`readiness.ui.widgets`. All numbers
come from one ``round_result`` and one ``change_since_previous`` call per run (plus the
round's answers for the heat map); scoring a round is a few milliseconds of pure Python,
so the page recomputes instead of caching and never shows stale results after a save.
Every chart has a table below it as its text alternative.
"""

from __future__ import annotations

from collections import Counter

import pandas as pd
import streamlit as st

from readiness import charts, glossary
from readiness.consensus import agreed_change_text, phase_change_text, scope_basis_text, settled_text
from readiness.formatting import format_change, format_mean, format_score, short_text
from readiness.models import AnswerKind, Checklist, Organisation, Round, RoundData
from readiness.provenance import CLASSIFICATION_NOTE, origin_label
from readiness.scoring import MIN_ANSWERS_PER_ITEM, Comparison, RoundResult, answer_progress, target_pct
from readiness.glossary import PROGRESS_HELP, PROGRESS_LABEL, progress_sentence
from readiness.services import App, assessment
from readiness.services import consensus as consensus_service
from readiness.ui import auth, widgets
from readiness.ui.consensus_results import show_agreed
from readiness.ui.downloads import export_section
from readiness.ui.state import get_app

#: Roles with the article Dutch puts before them ("het bestuur ziet…"); others take "de".
NEUTER_ROLES = {"bestuur", "management"}
MAX_CHANGED_ITEMS = 5
MAX_DISAGREEMENTS = 5
ACTIONS_PER_STEP = 2


# ----------------------------------------------------------------------------- wording


def signed(before: float | None, after: float | None) -> str:
    """The change between two scores as shown: "+8", "-3", "0" (formatting.format_change).

    An ASCII minus, because st.metric reads the direction of a delta from it."""
    return format_change(before, after, minus="-")


def concept_rule() -> str:
    """The concept rule in plain Dutch (scoring.has_enough_answers)."""
    return (
        "Bij een concept ziet u de score van een onderdeel pas als elke vraag van dat onderdeel door "
        f"minstens {MIN_ANSWERS_PER_ITEM} respondenten is beantwoord met een score of 'niet van toepassing'; "
        "'weet ik niet' telt hiervoor niet mee. Fase, totaalscore, vergelijking met de vorige meting en "
        "volgende stappen ziet u pas als dat voor alle onderdelen geldt."
    )


def question_label(checklist: Checklist, item_id: str, width: int = 70) -> str:
    """"Vraag 19 (Er is een vast aanspreekpunt…)": a number never goes without its words."""
    item = checklist.item(item_id)
    return f"Vraag {item.number} ({short_text(item.question, width)})"


def role_phrase(checklist: Checklist, role: str) -> str:
    """"het bestuur", "de uitvoering", "de sociaal consulent"."""
    article = "het" if role in NEUTER_ROLES else "de"
    return f"{article} {checklist.role_label(role).lower()}"


def score_phrase(mean: float) -> str:
    """A role's 0-4 answer: "een 4", or "gemiddeld 2,5" when respondents differ."""
    if abs(mean - round(mean)) < 1e-9:
        return f"een {round(mean)}"
    return f"gemiddeld {format_mean(mean)}"


def join_nl(parts: list[str]) -> str:
    """["a", "b", "c"] -> "a, b en c"."""
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} en {parts[-1]}"


def disagreement_sentence(checklist: Checklist, d) -> str:
    """"Bij vraag 2 ziet het bestuur een 4, de uitvoering een 1." (the question follows below it)."""
    number = checklist.item(d.item_id).number
    return (
        f"Bij vraag {number} ziet {role_phrase(checklist, d.high_role)} {score_phrase(d.high_mean)}, "
        f"{role_phrase(checklist, d.low_role)} {score_phrase(d.low_mean)}."
    )


def unknown_sentence(number: int, n_dont_know: int, n_answered: int, who: str) -> str:
    """"Bij vraag 16 zijn 2 van de 5 antwoorden 'weet ik niet', van de uitvoering (2×)."."""
    if n_answered == 1:
        share = "is het enige antwoord"
    else:
        share = f"{'is' if n_dont_know == 1 else 'zijn'} {n_dont_know} van de {n_answered} antwoorden"
    return f"Bij vraag {number} {share} 'weet ik niet', van {who}."


def blocking_sentence(checklist: Checklist, result: RoundResult) -> str:
    """What keeps the next phase out of reach, naming the sections and their scores."""
    phase = result.phase
    if phase.next_phase is None:
        return "Dit is de hoogste fase: alle onderdelen zitten op streefniveau."
    goal = target_pct(result.target_level)
    parts = []
    for section_id in phase.blocking_sections:
        section = result.section(section_id)
        score = "nog geen score" if section.score is None else f"nu {format_score(section.score)}"
        parts.append(f"{section.title} ({score})")
    level_label = checklist.scale_label(result.target_level).lower()
    return (
        f"Voor de volgende fase, **{phase.next_phase.level}. {phase.next_phase.name}**, moet "
        f"{'dit onderdeel' if len(parts) == 1 else 'deze onderdelen'} op streefniveau komen "
        f"(score {format_score(goal)} of hoger, '{level_label}'): {join_nl(parts)}."
    )


# ----------------------------------------------------------------------------- sections


def show_context(app: App, org: Organisation) -> Round | None:
    """Corporation, round and badges on one line, the round picker under it; returns the round."""
    round_ = widgets.round_picker(app, org, prefer_final=True, width=420, menu=True)
    widgets.context_line(org, round_)
    return round_


def show_progress(app: App, data: RoundData, result: RoundResult) -> None:
    """A concept's progress: who answered how many questions, and the rule for scores."""
    n_items = len(app.checklist.items)
    done: Counter[int] = Counter(a.respondent_id for a in data.answers)
    names = widgets.respondent_names(app.checklist, data.respondents)
    counted = answer_progress(result)  # the one progress count (tile, sentence, Start, exports)
    text = (
        f"**Concept: voortgang.** {progress_sentence(counted)} {concept_rule()}\n\n"
        + widgets.bullet_list(
            f"{app.checklist.section(sid).title}: {given} van {needed}" for sid, given, needed in counted.sections
        )
        + "\n\n**Per respondent**\n\n"
        + widgets.bullet_list(
            f"{names[r.id]}: {done.get(r.id, 0)} van {n_items} vragen beantwoord" for r in data.respondents
        )
    )
    if counted.short_sections:
        titles = [app.checklist.section(s).title for s in counted.short_sections]
        text += (
            f"\n\nNog te weinig antwoorden bij {len(titles)} van de {len(result.sections)} onderdelen: "
            f"{join_nl(titles)}."
        )
    st.container(key="concept_progress").markdown(text)


def change_tile(result: RoundResult, change: tuple[Round, Comparison] | None) -> widgets.Tile | None:
    """The change since the previous final round, as one tile (None without one)."""
    if change is None or not result.is_complete:
        return None
    previous, comparison = change
    before, after = comparison.overall_before, comparison.overall_after
    points = signed(before, after)
    return widgets.Tile(
        f"Sinds {previous.label}", "–" if points == "–" else f"{points} punten", phase_change_text(comparison),
        help=(
            f"Verschil in totaalscore ({format_score(before)} → {format_score(after)}) en fase met "
            f"{previous.label} ({widgets.fmt_date(previous.date)}), de vorige definitieve meting, op dezelfde basis"
            + (f"; {agreed_change_text(comparison)}." if comparison.basis_changed else ".")
        ),
    )  # fmt: skip


def basis_change_note(comparison: Comparison, key: str) -> None:
    """The one sentence that says the two rounds rest on a different basis (nothing when not)."""
    if comparison.basis_changed:
        st.container(key=key).info(
            " ".join(filter(None, (comparison.basis_note, comparison.phase_note))), icon=":material/balance:"
        )


def show_headline(
    app: App, round_: Round, result: RoundResult, change: tuple[Round, Comparison] | None = None
) -> None:
    """The answer: phase, total score, change since the previous final round, the basis of
    the figures and the next steps, in one block of few elements."""
    checklist = app.checklist
    if not round_.is_final:
        st.info(
            "Deze meting is nog een **concept**: de uitkomsten zijn voorlopig en kunnen nog veranderen."
            + ("" if result.is_complete else " Er zijn nog te weinig antwoorden voor een fase of een totaalscore."),
            icon=":material/edit_note:",
        )
    complete = result.is_complete
    last_phase = max(p.level for p in checklist.phases)
    widgets.tiles([
        widgets.Tile(
            "Fase",
            f"{result.phase.level} van {last_phase}" if complete else "–",
            (result.phase.name + ("" if round_.is_final else " (voorlopig)")) if complete else "nog niet te bepalen",
            help=f"De hoogste fase waarvoor alle benodigde onderdelen op {glossary.TARGET_LEVEL} zitten.",
        ),
        widgets.Tile(
            "Totaalscore",
            f"{format_score(result.overall)} / 100" if complete and result.overall is not None else "–",
            None if complete else "te weinig antwoorden",
            help="Gemiddelde van alle vragen met een score, 0 tot 100. 'Weet ik niet' en 'n.v.t.' tellen niet mee.",
        ),
        change_tile(result, change),
        widgets.Tile("Respondenten", result.n_respondents),
        widgets.Tile(
            "Beantwoorde vragen", f"{result.n_answered_items} van {len(result.items)}",
            help="Vragen waarop minstens één respondent een antwoord gaf (ook 'weet ik niet' of 'n.v.t.').",
        ) if round_.is_final else widgets.Tile(PROGRESS_LABEL, answer_progress(result).text(), help=PROGRESS_HELP),
    ], key="rs_answer_tiles")  # fmt: skip
    words = scope_basis_text(result.items)  # the total's basis; in a concept: of the scores so far
    basis = f"Basis van de scores: {words}." if words else ""
    if not complete:
        if basis:
            st.markdown(basis)
        return
    answer = [
        f"**Fase {result.phase.level}: {result.phase.name}.** {result.phase.description}",
        blocking_sentence(checklist, result),
        f"De totaalscore is het gemiddelde van alle vragen met een score, op een schaal van 0 tot 100. {basis}",
    ]
    if change is None:
        answer.append("Er is geen eerdere definitieve meting om mee te vergelijken.")
    elif change[1].basis_changed:
        answer.append(":material/balance: " + " ".join(filter(None, (change[1].basis_note, change[1].phase_note))))
    st.markdown("\n\n".join(answer))
    st.caption(CLASSIFICATION_NOTE)
    st.markdown(next_steps_summary(app, result))


def next_steps_summary(app: App, result: RoundResult) -> str:
    """The next steps as one short numbered list (the cards with actions are on request)."""
    if not result.next_steps:
        return f"**Volgende stappen:** alle vragen met een score zitten op of boven het {glossary.TARGET_LEVEL}."
    lines = ["**Volgende stappen**, in de volgorde van de checklist:", ""]
    return "\n".join(lines + widgets.next_step_lines(app.checklist, result))


def show_sections(app: App, result: RoundResult) -> None:
    st.header("Score per onderdeel", divider="gray")
    goal = target_pct(result.target_level)
    frame = charts.section_frame(result)
    target_label = f"Streefniveau {format_score(goal)}"
    fig = charts.section_bar_chart(frame, goal, target_label)
    st.plotly_chart(
        fig,
        width="stretch",
        config={"displayModeBar": False},
        alt="Staafdiagram met de score per onderdeel; dezelfde cijfers staan in de tabel eronder.",
    )
    with st.expander("Toon als tabel"):
        st.dataframe(
            frame,
            hide_index=True,
            column_config={"Score": st.column_config.NumberColumn("Score (0–100)", format="%.0f")},
        )


def show_heatmap(app: App, data: RoundData) -> None:
    st.header("Antwoorden per respondent", divider="gray")
    st.caption(
        "Elke rij is een vraag, elke kolom een respondent. 0 = niet aanwezig, 4 = volledig geborgd; "
        f"'{charts.DONT_KNOW_TEXT}' = weet ik niet, '{charts.NA_TEXT}' = niet van toepassing, "
        f"'{charts.OPEN_TEXT}' = nog niet beantwoord."
    )
    names = widgets.respondent_names(app.checklist, data.respondents)
    grid = charts.answer_grid(
        app.checklist, data.respondents, data.answers, [names[r.id] for r in data.respondents]
    )
    st.plotly_chart(
        charts.answer_heatmap(grid),
        width="stretch",
        config={"displayModeBar": False},
        alt="Heatmap van alle antwoorden per vraag en respondent; dezelfde antwoorden staan in de tabel eronder.",
    )
    with st.expander("Toon als tabel"):
        table = grid.text.copy()
        table.index = pd.Index([f"{i.number}. {i.question}" for i in app.checklist.items], name="Vraag")
        st.dataframe(table.reset_index(), hide_index=True)


def outcome_line(app: App, result: RoundResult, item_id: str, held: bool) -> str:
    """The consensus meeting's outcome for a listed item: settled (with the agreed level and
    its onderbouwing), or flagged "eerst bespreken" when the round's meeting has not settled
    it; "" without a meeting."""
    item = result.item(item_id)
    if item.agreement is not None:
        return f"  \n  :green[:material/check_circle:] {settled_text(item, app.checklist)}"
    if held:
        return (f"  \n  :orange[:material/flag: **Eerst bespreken**]: nog niet vastgesteld in het "
                "consensusgesprek.")  # fmt: skip
    return ""


def meeting_held(app: App, round_: Round) -> bool:
    return consensus_service.find_meeting(app, round_.id) is not None


def show_disagreements(app: App, result: RoundResult, held: bool = False) -> None:
    st.header("Waar verschillen de respondenten?", divider="gray")
    if not result.disagreements:
        st.write("De rollen liggen bij geen enkele vraag twee punten of meer uit elkaar.")
        return
    st.write(
        "Bij deze vragen liggen de antwoorden van twee rollen twee punten of meer uit elkaar "
        "(schaal 0–4), de grootste verschillen eerst. Bespreek samen waar het verschil vandaan komt."
    )
    # Largest spread first; ties keep the checklist order (sorted() is stable).
    ordered = sorted(result.disagreements, key=lambda d: -d.spread)
    if held:
        open_items = [d for d in ordered if result.item(d.item_id).agreement is None]
        st.caption(
            f"Het consensusgesprek heeft {len(ordered) - len(open_items)} van deze {len(ordered)} verschillen "
            f"afgehandeld; {len(open_items)} {'staat' if len(open_items) == 1 else 'staan'} nog open."
        )
    lines = [
        f"{disagreement_sentence(app.checklist, d)}  \n  *{app.checklist.item(d.item_id).question}*"
        + outcome_line(app, result, d.item_id, held)
        for d in ordered
    ]
    st.markdown(widgets.bullet_list(lines[:MAX_DISAGREEMENTS]))
    if len(lines) > MAX_DISAGREEMENTS:
        with st.expander(f"Nog {len(lines) - MAX_DISAGREEMENTS} vragen met verschillen"):
            st.markdown(widgets.bullet_list(lines[MAX_DISAGREEMENTS:]))


def show_unknowns(app: App, result: RoundResult, data: RoundData, held: bool = False) -> None:
    st.header("Waar weet men het niet?", divider="gray")
    if not result.unknowns:
        st.write("Bij geen enkele vraag zegt een groot deel van de respondenten 'weet ik niet'.")
        return
    st.write(
        "'Weet ik niet' is ook informatie: bij deze vragen weet een groot deel van de respondenten "
        "niet hoe het ervoor staat. Vaak helpt uitleg of betere communicatie al."
    )
    role_of = {r.id: r.role for r in data.respondents}
    for item_score in result.unknowns:
        item = app.checklist.item(item_score.item_id)
        roles = Counter(
            role_of[a.respondent_id]
            for a in data.answers
            if a.item_id == item.id and a.kind == AnswerKind.DONT_KNOW and a.respondent_id in role_of
        )
        who = join_nl([
            role_phrase(app.checklist, role) + (f" ({n}×)" if n > 1 else "")
            for role, n in sorted(roles.items(), key=lambda kv: (-kv[1], kv[0]))
        ])
        st.markdown(f"- {unknown_sentence(item.number, item_score.n_dont_know, item_score.n_answered, who)}"
                    f"  \n  *{item.question}*" + outcome_line(app, result, item.id, held))


def show_next_steps(app: App, result: RoundResult) -> None:
    st.header("Volgende stappen", divider="gray")
    if not result.is_complete:
        st.write("Volgende stappen ziet u zodra alle onderdelen genoeg antwoorden hebben.")
        return
    if not result.next_steps:
        st.success("Alle vragen met een score zitten op of boven het streefniveau. Houd het bij en deel wat werkt.")
        return
    goal = target_pct(result.target_level)
    st.write(
        "De eerste punten uit de checklist die nog niet op streefniveau zijn, in de volgorde van "
        "de handreiking: de eerste stappen zijn nodig om de latere te kunnen zetten."
    )
    for position, step in enumerate(result.next_steps, start=1):
        item = app.checklist.item(step.item_id)
        section = app.checklist.section(step.section_id)
        with st.container(border=True):
            st.markdown(f"**{position}. Vraag {item.number} · {section.title}**")
            st.markdown(item.question)
            if step.reason == "onbekend":
                st.caption(
                    f"Veel respondenten weten niet hoe het hiermee staat ({result.item(item.id).n_dont_know} "
                    f"keer 'weet ik niet'). Zoek het eerst uit."
                )
            else:
                st.caption(f"Score {format_score(step.score)} van 100; het streefniveau is {format_score(goal)}.")
            st.markdown(
                "Mogelijke acties:\n"
                + "\n".join(f"- {a.text} *({origin_label(a.source, a.kind)})*" for a in item.actions[:ACTIONS_PER_STEP])
            )
    rest = result.gaps[len(result.next_steps):]
    if rest:
        with st.expander(f"Alle aandachtspunten ({len(result.gaps)})"):
            st.dataframe(gaps_frame(app.checklist, result), hide_index=True)
    st.page_link(
        widgets.PAGE_VERBETERPLAN, label="Zet acties in het verbeterplan", icon=":material/task_alt:",
        query_params=widgets.selection_query_params(),
    )


def gaps_frame(checklist: Checklist, result: RoundResult) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Vraag": charts.short_question(checklist.item(g.item_id), width=70),
                "Onderdeel": checklist.section(g.section_id).title,
                "Score": format_score(g.score),
                "Reden": "veel 'weet ik niet'" if g.reason == "onbekend" else "onder streefniveau",
            }
            for g in result.gaps
        ]
    )


def show_change(app: App, result: RoundResult, change: tuple[Round, Comparison] | None) -> None:
    st.header("Verandering sinds de vorige meting", divider="gray")
    if not result.is_complete:
        st.info(
            "Deze meting is een concept met nog te weinig antwoorden: er is nog geen vergelijking met de "
            "vorige meting. Zo voorkomt u dat een paar antwoorden als vooruitgang of achteruitgang lezen."
        )
        return
    if change is None:
        st.info(
            "Er is geen eerdere definitieve meting van deze corporatie om mee te vergelijken. "
            "Bij een volgende meting ziet u hier wat er veranderd is."
        )
        return
    previous, comparison = change
    checklist = app.checklist
    st.write(f"Vergeleken met **{previous.label}** ({widgets.fmt_date(previous.date)}), de vorige definitieve meting.")
    before_overall, after_overall = comparison.overall_before, comparison.overall_after
    basis_change_note(comparison, "rs_compare_basis")
    total, phase = st.columns(2)
    total.metric(
        "Totaalscore",
        f"{format_score(before_overall)} → {format_score(after_overall)}",
        None if comparison.overall_delta is None else f"{signed(before_overall, after_overall)} punten",
        border=True,
    )
    phase_delta = comparison.phase_after - comparison.phase_before
    phase.metric(
        "Fase",
        f"{comparison.phase_before} → {comparison.phase_after}",
        None if phase_delta == 0 else f"{'+' if phase_delta > 0 else '-'}{abs(phase_delta)} fase",
        delta_color="normal",
        border=True,
        help="Op het gemiddelde van de respondenten in beide metingen (zie de zin hierboven)." if comparison.basis_changed else None,
    )

    goal = target_pct(result.target_level)
    frame = charts.section_change_frame(result, comparison)
    st.plotly_chart(
        charts.section_change_chart(
            frame, goal, previous_label=previous.label, current_label="Deze meting",
            target_label=f"Streefniveau {format_score(goal)}",
        ),
        width="stretch",
        config={"displayModeBar": False},
        alt="Staafdiagram met per onderdeel de score van de vorige en van deze meting; dezelfde cijfers staan in de tabel eronder.",
    )
    with st.expander("Toon als tabel"):
        st.dataframe(
            frame,
            hide_index=True,
            column_config={
                "Vorige": st.column_config.NumberColumn(previous.label, format="%.0f"),
                "Nu": st.column_config.NumberColumn("Deze meting", format="%.0f"),
                "Verschil": st.column_config.NumberColumn("Verschil", format="%+.0f"),
            },
        )

    up, down = st.columns(2)
    with up:
        st.subheader("Vooruitgegaan")
        st.markdown(changed_items(checklist, comparison.up) or "Geen vragen met een hogere score.")
    with down:
        st.subheader("Achteruitgegaan")
        st.markdown(changed_items(checklist, comparison.down) or "Geen vragen met een lagere score.")
    if comparison.newly_unknown:
        lines = [
            f"{question_label(checklist, i)}: nu {result.item(i).n_dont_know} van de "
            f"{result.item(i).n_answered} antwoorden 'weet ik niet'"
            for i in comparison.newly_unknown
        ]
        st.warning(
            "**Kennis kwijt.** Bij deze vragen weet nu een groot deel van de respondenten het niet, terwijl "
            "er de vorige keer wel een beeld was. Meer 'weet ik niet' is geen vooruitgang: zoek uit waar de "
            "kennis is gebleven.\n\n" + widgets.bullet_list(lines),
            icon=":material/help:",
        )


def changed_items(checklist: Checklist, changes) -> str:
    lines = [
        f"- {question_label(checklist, c.item_id)}: {format_score(c.before)} → "
        f"{format_score(c.after)} ({signed(c.before, c.after)})"
        for c in changes[:MAX_CHANGED_ITEMS]
    ]
    if len(changes) > MAX_CHANGED_ITEMS:
        more = len(changes) - MAX_CHANGED_ITEMS
        lines.append(f"- en nog {more} {'andere vraag' if more == 1 else 'andere vragen'}")
    return "\n".join(lines)


# ----------------------------------------------------------------------------- page


#: The lower sections, drawn only when chosen (issue 15: the answer first, the rest on request).
SECTIONS = {
    "onderdelen": "Score per onderdeel",
    "stappen": "Volgende stappen",
    "verschillen": "Verschillen",
    "weet_niet": "Weet ik niet",
    "antwoorden": "Alle antwoorden",
    "verandering": "Verandering",
    "consensus": "Consensusgesprek",
    "downloaden": "Downloaden",
}
PICKER_KEY = "rs_section"


def main() -> None:
    st.title("Resultaten")
    app = get_app()
    org = widgets.current_organisation(app)
    if org is None:
        widgets.need_selection("organisation")
        return
    round_ = show_context(app, org)
    if round_ is None:
        widgets.need_selection("round")
        return
    data = assessment.round_data(app, round_.id)
    if not data.respondents:
        widgets.need_selection("respondent")
        return
    result = assessment.round_result(app, round_.id)
    change = assessment.change_since_previous(app, round_.id)

    show_headline(app, round_, result, change)
    if not round_.is_final:
        show_progress(app, data, result)
    show_more(app, org, round_, data, result, change)


@st.fragment
def show_more(app, org, round_, data, result, change) -> None:
    """The section picker and the chosen lower section: a fragment (issue 24), so choosing
    a section reruns only this part, with the figures of the page's last full run."""
    if auth.session_ended():  # a fragment's run passes no router: the full run ends the session
        st.rerun()
    options = [k for k in SECTIONS if k != "consensus" or any(i.agreement is not None for i in result.items)]
    chosen = widgets.section_picker(
        "Meer over deze meting", options, key=PICKER_KEY, format_func=SECTIONS.__getitem__,
    )  # fmt: skip
    if chosen == "onderdelen":
        show_sections(app, result)
    elif chosen == "stappen":
        show_next_steps(app, result)
    elif chosen == "verschillen":
        show_disagreements(app, result, meeting_held(app, round_))
    elif chosen == "weet_niet":
        show_unknowns(app, result, data, meeting_held(app, round_))
    elif chosen == "antwoorden":
        show_heatmap(app, data)
    elif chosen == "verandering":
        show_change(app, result, change)
    elif chosen == "consensus":
        show_agreed(app, result)
    elif chosen == "downloaden":
        export_section(app, org, round_)


main()
