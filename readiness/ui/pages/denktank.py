"""Denktank: the sector's frozen publications (never a live aggregate).

Everything shown is read from a stored publication through
:mod:`readiness.services.publications`; figures carry their margin ("± 4"), small
groups show only their number and medians, and a breakdown whose groups are all
withheld is one sentence. Creating a publication (beheerder, lokaal) spends privacy
budget, so its form asks for a name and says what it costs.

The answer first (issue 15): the publication's headline figures with their margins and
the basis of the figures; every other part (phases, scores, questions, groups, own
position, comparison, downloads, a new publication) is drawn only when chosen in the
picker ``dt_part``. Tables are lists, so nothing scrolls sideways on a phone.
"""

from __future__ import annotations

import streamlit as st

from readiness import glossary
from readiness.access import Permission, can
from readiness.config import load_settings
from readiness.consensus import BASIS_MEAN_TEXT
from readiness.provenance import CLASSIFICATION_NOTE
from readiness.sector import charts, report, rules
from readiness.services import assessment, publications
from readiness.ui import widgets
from readiness.ui.state import get_app

CHART_CONFIG = {"displayModeBar": False}
KEY_PUBLICATION = "dt_publication"
KEY_COMPARE = "dt_compare"
KEY_PART = "dt_part"
PART_PHASES = "Fasen"
PART_SCORES = "Scores"
PART_ITEMS = "Per vraag"
PART_SEGMENTS = "Groepen"
PART_OWN = "Eigen positie"
PART_COMPARE = "Vergelijken"
PART_DOWNLOAD = "Downloaden"
PART_PUBLISH = "Nieuwe publicatie"
#: The basis of every sector figure, in the words Resultaten uses for an item's basis.
SECTOR_BASIS = (
    f"Per corporatie telt haar laatste definitieve {glossary.ROUND} (in een jaarpublicatie: de laatste "
    "van dat jaar), met de niveaus die in een consensusgesprek zijn vastgesteld waar dat gesprek "
    f"is gehouden en elders het {BASIS_MEAN_TEXT}: dezelfde uitkomst die de corporatie zelf ziet."
)
NOT_COMPARED = "— niet vergelijken —"
MIME = {
    "json": "application/json",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
FORMATS = (("pdf", "Rapport (PDF)"), ("docx", "Rapport (Word)"), ("xlsx", "Excel"), ("csv", "CSV"), ("json", "JSON"))


@st.cache_data(ttl=3600, max_entries=32, show_spinner=False)
def _cached_export(database_url: str, label: str, fmt: str, _app) -> bytes:
    """A publication never changes, so its files are cached by database, name and format."""
    return publications.export_publication(_app, fmt, label)


def export_bytes(app, database_url: str, label: str, fmt: str) -> bytes:
    """The file of a download button. Streamlit makes it after the click, outside the
    page's run (where the session's login is not known), so the button hands in the
    page's App with its actor; the right to read is checked on every click, also when
    the file comes from the cache."""
    publications.get_publication(app, label)  # authorises (SECTOR_READ)
    return _cached_export(database_url, label, fmt, app)


@st.cache_resource(ttl=3600, max_entries=64, show_spinner=False)
def _charts(database_url: str, label: str, _figures: dict) -> dict:
    """A publication's figures never change: its charts are built once per process
    and shared read-only (st.cache_resource: no copy per run)."""
    out = {}
    sector = _figures["sector"]
    if sector["phases"]:
        frame = charts.phase_frame(sector["phases"])
        out["phases"] = (frame, charts.phase_chart(frame))
    if sector["overall"] is not None:
        frame = charts.score_frame(_figures)
        out["scores"] = (frame, charts.score_chart(frame, _figures["parameters"]["target_pct"]))
    if sector["items"]:
        frame = charts.item_frame(_figures)
        out["items"] = (frame, charts.item_chart(frame))
    return out


@st.cache_data(ttl=3600, max_entries=256, show_spinner=False)
def _own_position(database_url: str, org_id: int, label: str, final_rounds: tuple[int, ...], _app):
    """Keyed on the corporation's final rounds: a newly finalised round shows at once."""
    return publications.own_position(_app, org_id, label)


def show_explanation(figures: dict) -> None:
    params = figures["parameters"]
    with st.expander("Wat ziet u hier, en hoe blijft het anoniem?", icon=":material/shield:"):
        st.markdown(
            f"- **Publicatie.** {figures['explanations']['publication']}\n"
            f"- **k = {params['k']}.** {figures['explanations']['k']}\n"
            f"- **Kleine groep (onder {params['small_group_minimum']}).** {figures['explanations']['small_group']}\n"
            f"- **Mediaan.** {figures['explanations']['median']}\n"
            f"- **Q1 en Q3.** {figures['explanations']['quartiles']}\n"
            f"- **Marge (±).** {figures['explanations']['margin']}\n"
            + "".join(f"- {s}\n" for s in report.method_sentences(figures)[1:4])
        )


def show_headline(figures: dict) -> None:
    """The answer: how many corporations, their median total score, both with their margin,
    the summary in one block, and what every figure rests on."""
    sector = figures["sector"]
    if sector["status"] == rules.TOO_FEW:
        st.warning(sector["reason"], icon=":material/visibility_off:")
        return
    overall = sector["overall"]
    widgets.tiles([
        widgets.Tile(
            "Corporaties", report.with_margin(sector["n_corporations"], sector["n_margin"]),
            help="Aantal corporaties in deze publicatie, met de marge van de ruis.",
        ),
        widgets.Tile(
            "Mediaan totaalscore", f"{report.with_margin(overall['median'], overall['margin'])} / 100",
            help=figures["explanations"]["median"],
        ),
    ], key="dt_headline_tiles")  # fmt: skip
    withheld = sector.get("withheld", [])
    sentences = [
        s for s in report.summary_sentences(figures)[:-1]  # the last is the note on margins
        if not s.startswith(("Let op", "Deze publicatie beschrijft")) and s not in withheld  # shown elsewhere
    ]
    st.markdown(" ".join(sentences) + "\n\n" + f":material/info: {SECTOR_BASIS}")
    if withheld:  # one sentence per part that is not published, apart from the answer
        st.container(key="dt_withheld").caption("\n".join(f"- {s}" for s in withheld))


def show_phases(figures: dict, built: dict) -> None:
    st.header("Hoeveel corporaties zijn klaar?", anchor=False)
    phases = figures["sector"]["phases"]
    if not phases:
        st.info(figures["sector"]["reason"] or "Geen verdeling over fasen in deze publicatie.", icon=":material/visibility_off:")
        return
    st.write("Het aantal corporaties per fase van de checklist. Elke fase bouwt op de vorige voort.")
    frame, chart = built["phases"]
    st.plotly_chart(chart, width="stretch", config=CHART_CONFIG,
                    alt="Staafdiagram met het aantal corporaties per fase; dezelfde cijfers staan in de lijst eronder (Toon als lijst).")  # fmt: skip
    st.expander("Toon als lijst").markdown("\n".join(
        f"- **{row['Fase']}**: {row['Corporaties']} corporaties ({row['Aandeel']})" for row in frame.to_dict("records")
    ))  # fmt: skip


def show_scores(figures: dict, built: dict) -> None:
    st.header("Scores per onderdeel", anchor=False)
    if figures["sector"]["overall"] is None:
        return
    st.write("Het balkje loopt van Q1 tot Q3 (de middelste helft van de corporaties), het streepje is de mediaan.")
    frame, chart = built["scores"]
    st.plotly_chart(chart, width="stretch", config=CHART_CONFIG,
                    alt="Diagram met per onderdeel de middelste helft en de mediaan; dezelfde cijfers staan in de lijst eronder (Toon als lijst).")  # fmt: skip
    sector = figures["sector"]
    rows = [("Totaalscore", sector["overall"])] + [
        (title, sector["sections"].get(sid)) for sid, title in figures["sections"].items()
    ]
    st.expander("Toon als lijst").markdown("\n".join(
        f"- **{name}**: mediaan {report.with_margin(s['median'], s['margin'])}{report.middle_half(s)}"
        for name, s in rows if s is not None
    ))  # fmt: skip


def show_items(figures: dict, built: dict) -> None:
    st.header("Per vraag", anchor=False)
    sector = figures["sector"]
    if not sector["items"]:
        st.info(sector["reason"] or "Geen cijfers per vraag in deze publicatie.", icon=":material/visibility_off:")
        return
    st.subheader("Het minst vaak op streefniveau", anchor=False)
    lines = []
    for n, item_id in enumerate(sector["most_missed"], start=1):
        item, share = figures["items"][item_id], sector["items"][item_id]
        lines.append(
            f"{n}. **Vraag {item['number']}**: {report.with_margin(share['share_at_target'], share['margin'], '%')} "
            f"op {glossary.TARGET_LEVEL}, {report.with_margin(share['share_below'], share['margin'], '%')} eronder, "
            f"{report.with_margin(share['share_dont_know'], share['margin'], '%')} weet het niet  \n"
            f"   *{item['question']}*"
        )
    st.markdown("\n".join(lines))
    st.caption("De volgorde is die van de gepubliceerde aandelen; binnen de marge kan die anders zijn.")
    st.write(
        f"Per vraag het aandeel corporaties op {glossary.TARGET_LEVEL}, eronder, en waar men het niet weet "
        f"(minstens 30% van de invullers antwoordde '{glossary.DONT_KNOW}'). {report.ITEM_NOTE}"
    )
    st.caption(CLASSIFICATION_NOTE)
    frame, chart = built["items"]
    st.plotly_chart(chart, width="stretch", config=CHART_CONFIG,
                    alt="Gestapeld staafdiagram per vraag; dezelfde cijfers staan in de lijst eronder (Toon als lijst).")  # fmt: skip
    st.expander("Toon als lijst").markdown("\n".join(
        f"- **Vraag {row['Vraag']}** ({row['Omschrijving']}): {row['Op streefniveau']} op {glossary.TARGET_LEVEL}, "
        f"{row['Onder streefniveau']} eronder, {row['Weet het niet']} weet het niet"
        for row in frame.to_dict("records")
    ))  # fmt: skip


def show_segments(figures: dict) -> None:
    st.header("Per grootteklasse en per regio", anchor=False)
    for by, title in (("size_class", "Per grootteklasse"), ("region", "Per regio")):
        table = figures["segments"][by]
        st.subheader(title, anchor=False)
        if not table["available"]:
            st.write(table["reason"])  # all cells withheld: one sentence, no list
            continue
        lines = [
            f"- **{row['label']}**: {report.with_margin(row['n_corporations'], row['n_margin'])} corporaties"
            + (" · per fase: " + "; ".join(f"{p['name']}: {report.with_margin(p['count'], p['margin'])}"
                                           for p in row["phases"]) if row["phases"] else " (alleen het aantal)")
            for row in table["rows"]
        ]  # fmt: skip
        st.container(key=f"dt_segments_{by}").markdown("\n".join(lines))
        if table["withheld"]:
            st.caption(f"Niet getoond: {', '.join(w['label'] for w in table['withheld'])}. {table['withheld'][0]['reason']}")


def own_position_lines(own: publications.OwnPosition) -> str:
    """The own scores against the published quartiles, one line per part: fits a phone."""
    lines = []
    for r in own.rows:
        sector = f"mediaan {report.with_margin(r.sector['median'], r.sector['margin'])}{report.middle_half(r.sector)}"
        mine = "geen eigen score" if r.own_score is None else f"eigen score {r.own_score}"
        lines.append(f"- **{r.part}**: {mine}; sector {sector}. *{r.position}*")
    return "\n".join(lines)


def show_own_position(app, database_url: str, current: publications.Publication) -> None:
    st.header("Eigen positie", anchor=False)
    org = widgets.current_organisation(app)
    if org is None:
        st.write(
            "Kies op de startpagina uw corporatie om hier uw eigen scores naast deze publicatie te zien. "
            "Alleen uw eigen cijfers worden getoond, nooit die van een andere corporatie."
        )
        return
    finals = tuple(r.id for r in assessment.list_rounds(app, org.id) if r.is_final)  # authorises
    own = _own_position(database_url, org.id, current.label, finals, app)
    if not own.available:
        st.info(own.reason, icon=":material/info:")
        return
    st.write(
        f"De laatste definitieve {glossary.ROUND} van uw corporatie ({own.round_label}) naast de cijfers van deze "
        f"publicatie. Uw scores: {own.basis}."
    )
    st.container(key="dt_own_position").markdown(own_position_lines(own))


def show_compare(app, current: publications.Publication, all_: list[publications.Publication]) -> None:
    earlier = [p for p in all_ if p.created_at < current.created_at and p.demo == current.demo]
    st.header("Vergelijken met een eerdere publicatie", anchor=False)
    if not earlier:
        st.write("Er is geen eerdere publicatie om mee te vergelijken.")
        return
    choice = st.selectbox("Eerdere publicatie", [NOT_COMPARED, *(p.label for p in earlier)], key=KEY_COMPARE)
    if choice == NOT_COMPARED:
        return
    rows = publications.compare(app, choice, current.label)
    st.caption("Verschillen tussen gepubliceerde cijfers; beide hebben hun eigen marge, dus kleine verschillen zeggen weinig.")
    st.container(key="dt_compare_list").markdown("\n".join(report.compare_line(r) for r in rows))


def show_downloads(app, database_url: str, publication: publications.Publication) -> None:
    st.header("Download", anchor=False)
    st.write("Het sectorrapport en de open data van deze publicatie: precies de cijfers hierboven.")
    buttons = st.container(horizontal=True)
    for fmt, label in FORMATS:
        with buttons:
            st.download_button(
                label,
                data=lambda fmt=fmt: export_bytes(app, database_url, publication.label, fmt),
                file_name=publications.file_name(publication, fmt),
                mime=MIME[fmt],
                icon=":material/download:",
                key=f"dt_download_{fmt}",
                on_click="ignore",
            )


def show_publish(app) -> None:
    st.header("Nieuwe publicatie", anchor=False)
    budget = publications.budget(app)
    st.write(
        f"Een publicatie wordt eenmalig berekend uit de afgeronde {glossary.ROUNDS} van vandaag en daarna nooit "
        f"veranderd. Privacybudget sinds {widgets.fmt_date(budget.since)} (365 dagen): ρ = {rules.fmt_budget(budget.spent)} van "
        f"{rules.fmt_budget(budget.limit)} gebruikt; een publicatie kost ρ = {rules.fmt_budget(budget.per_publication)}. "
        "Bij te weinig corporaties wordt de publicatie geweigerd; het tellen kost dan al een klein deel."
    )
    with st.form("dt_publish", enter_to_submit=False):
        label = st.text_input("Naam", placeholder="Sectorbeeld 2026", max_chars=publications.LABEL_MAX)
        year = st.number_input(f"Alleen {glossary.ROUNDS} uit jaar (leeg: de laatste per corporatie)", min_value=2000,
                               max_value=app.today().year, value=None, step=1)  # fmt: skip
        if st.form_submit_button("Publiceren", icon=":material/publish:"):
            try:
                made = publications.publish(app, label, None if year is None else int(year))
            except ValueError as exc:
                st.error(str(exc), icon=":material/block:")
            else:
                st.session_state[KEY_PUBLICATION] = made.label
                st.session_state.pop(KEY_PART, None)
                st.rerun()


def parts(app, figures: dict) -> list[str]:
    """What the picker offers for this publication and this user."""
    out = []
    if figures["sector"]["status"] != rules.TOO_FEW:
        out += [PART_PHASES, PART_SCORES, PART_ITEMS, PART_SEGMENTS]
    if can(app.actor, Permission.ORG_READ, app.actor.org_id):  # not the denktank role
        out.append(PART_OWN)
    out += [PART_COMPARE, PART_DOWNLOAD]
    if publications.can_publish(app):
        out.append(PART_PUBLISH)
    return out


def show_part(app, database_url: str, part: str, current, stored) -> None:
    figures = current.figures
    if part in (PART_PHASES, PART_SCORES, PART_ITEMS):
        built = _charts(database_url, current.label, figures)
        {PART_PHASES: show_phases, PART_SCORES: show_scores, PART_ITEMS: show_items}[part](figures, built)
    elif part == PART_SEGMENTS:
        show_segments(figures)
    elif part == PART_OWN:
        show_own_position(app, database_url, current)
    elif part == PART_COMPARE:
        show_compare(app, current, stored)
    elif part == PART_DOWNLOAD:
        show_downloads(app, database_url, current)
    elif part == PART_PUBLISH:
        show_publish(app)


def main() -> None:
    st.title("Denktank")
    st.caption("Het geanonimiseerde beeld van de sector, als vastgelegde publicaties.")
    app = get_app()
    database_url = load_settings().database_url
    stored = publications.list_publications(app)
    if not stored:
        st.info(
            "Er is nog geen sectorpublicatie. Een beheerder maakt er een met 'readiness publish NAAM' of hieronder.",
            icon=":material/info:",
        )
        if publications.can_publish(app):
            show_publish(app)
        return
    labels = [p.label for p in stored]  # newest first
    default = next((p.label for p in stored if not p.demo), labels[0])  # as get_publication
    if st.session_state.get(KEY_PUBLICATION) not in labels:
        st.session_state[KEY_PUBLICATION] = default
    label = st.selectbox("Publicatie", labels, key=KEY_PUBLICATION)
    current = next(p for p in stored if p.label == label)
    figures = current.figures
    demo = ". Een publicatie van de fictieve demo-corporaties." if current.demo else ""
    role = figures.get("published_by_role")  # publications name the role, never the account
    st.caption(
        f"{current.selection} · peildatum {widgets.fmt_date(current.reference_date)} · gepubliceerd "
        f"{widgets.fmt_date(current.created_at)}{f' door de rol {role}' if role else ''} · checklistversie "
        f"{figures['checklist_version']}{demo}"
    )
    show_headline(figures)
    show_explanation(figures)
    options = parts(app, figures)
    part = widgets.section_picker("Meer over deze publicatie", options, key=KEY_PART)
    if part is not None:
        show_part(app, database_url, part, current, stored)


main()
