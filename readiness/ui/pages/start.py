"""Start: what Voordeurcheck is, choose a corporation and a round, see where it stands.

The answer comes first: right under the choice, the corporation's standing from its latest
*final* round (phase, total score, change since the final round before it, three next
steps; :mod:`readiness.services.standing`). Then the chosen round's progress.
"""

from __future__ import annotations

import streamlit as st

from readiness import glossary
from readiness.consensus import phase_change_text
from readiness.formatting import DASH, format_change, format_score
from readiness.models import Organisation
from readiness.provenance import PHASE_NOTE
from readiness.scoring import answer_progress
from readiness.services import assessment, standing
from readiness.services.standing import Standing
from readiness.ui import auth, widgets
from readiness.ui.state import get_app
from readiness.ui.widgets import (
    PAGE_BEHEER,
    PAGE_RESULTATEN,
    PAGE_VRAGENLIJST,
    Tile,
    demo_badge,
    fmt_date,
    need_selection,
    organisation_picker,
    respondent_names,
    round_picker,
    selection_query_params,
    tiles,
)

app = get_app()
n_items = len(app.checklist.items)


def show_standing(org: Organisation, found: Standing | None, chosen_is_draft: bool) -> None:
    """Phase, total score, change and next steps of the latest final round: the answer first."""
    with st.container(border=True, key="start_standing"):
        st.header(f"Waar staat {org.name}?", anchor=False)
        if found is None:
            st.info(
                "Er is nog geen definitieve meting, dus nog geen fase, totaalscore of volgende stappen. "
                "Die verschijnen hier zodra een meting is afgerond (onderaan de vragenlijst).",
                icon=":material/hourglass_empty:",
            )
            return
        round_, result = found.round, found.result
        st.caption(
            f"Uit de laatste definitieve {glossary.ROUND}: {round_.label} ({fmt_date(round_.date)})."
            + (" Een conceptmeting telt pas mee als zij is afgerond." if chosen_is_draft else "")
            + (f" Dit is de eerste definitieve {glossary.ROUND}: er is nog geen verschil te tonen."
               if found.previous is None else "")
        )  # fmt: skip
        last_phase = max(p.level for p in app.checklist.phases)
        comparison = found.comparison
        change = None
        if found.previous_result is not None and comparison is not None:
            # like for like (consensus.compare_like_for_like): one basis for both rounds
            points = format_change(comparison.overall_before, comparison.overall_after)
            change = Tile(
                f"Sinds {found.previous.label}", f"{points} punten" if points != DASH else DASH,
                phase_change_text(comparison), width=220,
                help=f"Verschil in totaalscore en fase met de vorige definitieve {glossary.ROUND}, op dezelfde basis.",
            )  # fmt: skip
        tiles([
            Tile(
                "Fase", f"{result.phase.level} van {last_phase}", result.phase.name, width=170,
                help=f"De hoogste fase waarvoor alle benodigde onderdelen op {glossary.TARGET_LEVEL} zitten.",
            ),
            Tile("Totaalscore", "–" if result.overall is None else f"{format_score(result.overall)} / 100", width=150),
            change,
        ], key="start_standing_tiles")  # fmt: skip
        if found.comparison is not None and found.comparison.basis_changed:
            st.container(key="start_basis_note").info(
                " ".join(filter(None, (found.comparison.basis_note, found.comparison.phase_note))),
                icon=":material/balance:",
            )
        st.markdown(f"**Fase {result.phase.level}: {result.phase.name}.** {result.phase.description}")
        st.caption(PHASE_NOTE)

        st.subheader("Volgende stappen", anchor=False)
        if not result.next_steps:
            st.success(f"Alle vragen met een score zitten op of boven het {glossary.TARGET_LEVEL}.")
        else:
            st.container(key="start_next_steps").markdown("\n".join(widgets.next_step_lines(app.checklist, result)))
        st.page_link(
            PAGE_RESULTATEN, label=f"Alle resultaten van {round_.label}", icon=":material/bar_chart:",
            query_params={"org": org.slug, "round": str(round_.id)},
        )

st.title("Voordeurcheck")
st.markdown(
    "Medewerkers van woningcorporaties komen achter de voordeur en zien soms signalen van "
    "huiselijk geweld of kindermishandeling. Met Voordeurcheck beoordeelt uw corporatie zelf "
    "hoe ver zij is met signaleren en doorverwijzen: bestuur, management en uitvoering vullen "
    f"dezelfde {n_items} vragen in, en u ziet waar u staat en wat de volgende stap is."
)
st.caption(
    "Gebaseerd op de checklist 'Is een corporatie er klaar voor?' uit de handreiking "
    "*Signaleren achter de voordeur* (Kadera, 2018, p. 21-22), in eigen woorden van Voordeurcheck. "
    "Voordeurcheck gaat over de organisatie; er worden nooit gegevens over huurders vastgelegd."
)

with st.container(border=True):
    col_org, col_round = st.columns(2)
    with col_org:
        org = organisation_picker(app, menu=True)
    with col_round:
        round_ = round_picker(app, org, menu=True)

if org is None:
    if assessment.list_organisations(app):
        with st.container(border=True):
            st.markdown("**Zo werkt het**")
            st.markdown(
                "1. Kies hierboven uw corporatie. De corporaties met *(demo)* zijn fictief en "
                "laten zien hoe een ingevulde meting eruitziet.\n"
                "2. Vul per respondent de **Vragenlijst** in: zes onderdelen, in de volgorde "
                "van de handreiking.\n"
                "3. Bekijk bij **Resultaten** waar u staat en wat de volgende stap is."
            )
            st.page_link(PAGE_BEHEER, label="Eigen corporatie toevoegen (Beheer)", icon=":material/add_business:")
    st.stop()

demo_badge(org)
found = standing.latest_standing(app, org.id)
show_standing(org, found, round_ is not None and not round_.is_final)

if round_ is None:
    need_selection("round")
    st.stop()

PICKER_KEY = "start_part"


def show_round(round_, respondents, answered: dict[int, int]) -> None:
    """The chosen round: status, respondents, answers given, and the next step said plainly.

    A concept's progress is the one count of every page and export
    (:func:`readiness.scoring.answer_progress`): the tile and the sentence come from it."""
    total_answered = sum(answered.values())
    total_possible = n_items * len(respondents)
    counted = None if round_.is_final or not respondents else answer_progress(assessment.round_result(app, round_.id))
    st.header(round_.label, anchor=False)
    when = f"Meting van {fmt_date(round_.date)}"
    if round_.is_final and round_.finalised_at:
        when += f", afgerond op {fmt_date(round_.finalised_at)}"
    st.caption(f"{when} · checklistversie {round_.checklist_version}")

    # A wrapping row: three tiles side by side, also on a phone.
    tiles([
        Tile("Status", "Definitief" if round_.is_final else "Concept", width=180),
        Tile("Respondenten", len(respondents), width=160),
        Tile(glossary.PROGRESS_LABEL, counted.text(), width=220, help=glossary.PROGRESS_HELP) if counted is not None
        else Tile("Vragen beantwoord", f"{total_answered} van {total_possible}" if total_possible else "–", width=200),
    ], key="start_round_tiles")  # fmt: skip

    # The next step, said plainly.
    with st.container(border=True):
        if not respondents:
            st.markdown("**Volgende stap: respondenten toevoegen.**")
            st.write("Voeg onder Beheer per rol een respondent toe; daarna kan de vragenlijst worden ingevuld.")
            st.page_link(
                PAGE_BEHEER, label="Naar Beheer", icon=":material/settings:", query_params=selection_query_params()
            )
        elif round_.is_final:
            st.markdown("**Deze meting is afgerond.** Bekijk de uitkomst en de volgende stappen.")
        elif counted is not None and counted.remaining > 0:
            st.markdown(f"**Volgende stap: de vragenlijst afmaken.** {glossary.progress_sentence(counted)}")
        elif total_answered < total_possible:
            st.markdown(
                f"**Er zijn genoeg antwoorden voor een voorlopige uitkomst.** {glossary.progress_sentence(counted)} "
                "Niet iedereen heeft alles ingevuld; rond de meting af als de vragenlijst klaar is."
            )
        else:
            st.markdown(
                "**Alle vragen zijn beantwoord.** Rond de meting af onderaan de vragenlijst "
                "en bekijk de resultaten."
            )
        if respondents:
            with st.container(horizontal=True):
                st.page_link(
                    PAGE_VRAGENLIJST,
                    label="Vragenlijst bekijken" if round_.is_final else "Naar de vragenlijst",
                    icon=":material/checklist:",
                    query_params=selection_query_params(),
                )
                st.page_link(
                    PAGE_RESULTATEN, label="Naar de resultaten", icon=":material/bar_chart:",
                    query_params=selection_query_params(),
                )

    if respondents:
        st.subheader("Respondenten", anchor=False)
        names = respondent_names(app.checklist, respondents)
        # One stacked list (one element, no data grid to load), so it fits a phone (390 px)
        # without sideways scrolling: per respondent how many questions are answered.
        st.container(key="start_respondents").markdown("\n".join(
            f"- **{names[r.id]}**: {answered[r.id]} van {n_items} vragen beantwoord"
            + (" :material/check_circle:" if answered[r.id] == n_items else "")
            for r in respondents
        ))  # fmt: skip


# The standing above is the answer; the chosen round's status and respondents are one click
# away (issue 15: a small first render). Before the first final round there is no standing
# yet, so then the round is what the page opens on.
label = f"{round_.label} ({'definitief' if round_.is_final else 'concept'}): status en respondenten"


@st.fragment
def show_more() -> None:
    """The picker and the round's part: a fragment (issue 24), so opening or closing the part
    reruns only this, not the standing above."""
    if auth.session_ended():  # a fragment's run passes no router: the full run ends the session
        st.rerun()
    chosen = widgets.section_picker(
        "Meer op deze pagina", ["meting"], key=PICKER_KEY, format_func=lambda _: label,
        default="meting" if found is None else None,
    )  # fmt: skip
    if chosen == "meting":
        respondents = assessment.list_respondents(app, round_.id)
        open_items = assessment.unanswered(app, round_.id)
        show_round(round_, respondents, {r.id: n_items - len(open_items.get(r.id, [])) for r in respondents})


show_more()
