"""Denktank: the sector's frozen publications (never a live aggregate).

Everything shown is read from a stored publication through
:mod:`readiness.services.publications`; figures carry their margin ("± 4"), small
groups show only their number and medians, and a breakdown whose groups are all
withheld is one sentence. Creating a publication (beheerder, lokaal) is a form at the
bottom; it spends privacy budget, so it asks for a name and says what it costs.
"""

from __future__ import annotations

import streamlit as st

from readiness.access import Permission, can
from readiness.config import load_settings
from readiness.provenance import CLASSIFICATION_NOTE
from readiness.sector import charts, report, rules
from readiness.services import assessment, publications
from readiness.ui import widgets
from readiness.ui.state import get_app

CHART_CONFIG = {"displayModeBar": False}
KEY_PUBLICATION = "dt_publication"
KEY_COMPARE = "dt_compare"
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
            f"- **Privacybudget.** Deze publicatie gebruikte ρ = {params['rho']:.2f} (omgerekend ε = "
            f"{params['epsilon']:.1f} bij δ = {params['delta']:g}). Hoe lager, hoe meer ruis en hoe beter beschermd."
        )


def show_headline(figures: dict) -> None:
    sector = figures["sector"]
    if sector["status"] == rules.TOO_FEW:
        st.warning(sector["reason"], icon=":material/visibility_off:")
        return
    n, median = st.columns(2)
    n.metric("Corporaties", report.with_margin(sector["n_corporations"], sector["n_margin"]), border=True,
             help="Aantal corporaties in deze publicatie, met de marge van de ruis.")  # fmt: skip
    overall = sector["overall"]
    median.metric("Mediaan totaalscore", f"{report.with_margin(overall['median'], overall['margin'])} / 100",
                  border=True, help=figures["explanations"]["median"])  # fmt: skip
    for sentence in report.summary_sentences(figures)[:-1]:  # the last is the privacy note
        if not sentence.startswith(("Let op", "Deze publicatie beschrijft")):  # shown above already
            st.write(sentence)


def show_phases(figures: dict, built: dict) -> None:
    st.header("Hoeveel corporaties zijn klaar?", divider="gray")
    phases = figures["sector"]["phases"]
    if not phases:
        st.info(figures["sector"]["reason"] or "Geen verdeling over fasen in deze publicatie.", icon=":material/visibility_off:")
        return
    st.write("Het aantal corporaties per fase van de checklist. Elke fase bouwt op de vorige voort.")
    frame, chart = built["phases"]
    st.plotly_chart(chart, width="stretch", config=CHART_CONFIG,
                    alt="Staafdiagram met het aantal corporaties per fase; dezelfde cijfers staan in de tabel eronder.")  # fmt: skip
    with st.expander("Toon als tabel"):
        st.dataframe(frame[["Fase", "Corporaties", "Aandeel"]], hide_index=True)


def show_scores(figures: dict, built: dict) -> None:
    st.header("Scores per onderdeel", divider="gray")
    if figures["sector"]["overall"] is None:
        return
    st.write("Het balkje loopt van Q1 tot Q3 (de middelste helft van de corporaties), het streepje is de mediaan.")
    frame, chart = built["scores"]
    st.plotly_chart(chart, width="stretch", config=CHART_CONFIG,
                    alt="Diagram met per onderdeel de middelste helft en de mediaan; dezelfde cijfers staan in de tabel eronder.")  # fmt: skip
    with st.expander("Toon als tabel"):
        st.dataframe(frame[["Onderdeel", "Q1", "Mediaan", "Q3"]], hide_index=True,
                     column_config={c: st.column_config.NumberColumn(c, format="%.0f") for c in ("Q1", "Q3")})  # fmt: skip


def show_items(figures: dict, built: dict) -> None:
    st.header("Per vraag", divider="gray")
    sector = figures["sector"]
    if not sector["items"]:
        st.info(sector["reason"] or "Geen cijfers per vraag in deze publicatie.", icon=":material/visibility_off:")
        return
    st.subheader("Wat de sector het vaakst mist")
    lines = []
    for n, item_id in enumerate(sector["most_missed"], start=1):
        item, share = figures["items"][item_id], sector["items"][item_id]
        lines.append(
            f"{n}. **Vraag {item['number']}**: {report.with_margin(share['share_at_target'], share['margin'], '%')} "
            f"op streefniveau, {report.with_margin(share['share_dont_know'], share['margin'], '%')} weet het niet  \n"
            f"   *{item['question']}*"
        )
    st.markdown("\n".join(lines))
    st.write(
        "Per vraag het aandeel corporaties op streefniveau, eronder, en waar men het niet weet (minstens 30% "
        "van de invullers antwoordde 'weet ik niet')."
    )
    st.caption(CLASSIFICATION_NOTE)
    frame, chart = built["items"]
    st.plotly_chart(chart, width="stretch", config=CHART_CONFIG,
                    alt="Gestapeld staafdiagram per vraag; dezelfde cijfers staan in de tabel eronder.")  # fmt: skip
    with st.expander("Toon als tabel"):
        st.dataframe(frame[["Vraag", "Omschrijving", "Op streefniveau", "Weet het niet"]], hide_index=True)


def show_segments(figures: dict) -> None:
    st.header("Per grootteklasse en per regio", divider="gray")
    for by, title in (("size_class", "Per grootteklasse"), ("region", "Per regio")):
        table = figures["segments"][by]
        st.subheader(title)
        if not table["available"]:
            st.write(table["reason"])  # all cells withheld: one sentence, no table
            continue
        rows = [
            {
                "Groep": row["label"],
                "Corporaties": report.with_margin(row["n_corporations"], row["n_margin"]),
                "Per fase": "; ".join(f"{p['name']}: {p['count']}" for p in row["phases"] or []) or "alleen het aantal",
            }
            for row in table["rows"]
        ]
        st.dataframe(rows, hide_index=True, key=f"dt_segments_{by}")
        if table["withheld"]:
            st.caption(f"Niet getoond: {', '.join(w['label'] for w in table['withheld'])}. {table['withheld'][0]['reason']}")


def show_own_position(app, database_url: str, current: publications.Publication) -> None:
    st.header("Eigen positie", divider="gray")
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
    st.write(f"De laatste afgeronde meting van uw corporatie ({own.round_label}) naast de cijfers van deze publicatie.")
    st.dataframe(
        [{"Onderdeel": r.part, "Eigen score": r.own_score, "Q1": r.q1, "Mediaan": r.median, "Q3": r.q3,
          "Positie": r.position} for r in own.rows],
        hide_index=True, key="dt_own_position",
        column_config={c: st.column_config.NumberColumn(c, format="%.0f") for c in ("Eigen score", "Q1", "Mediaan", "Q3")},
    )  # fmt: skip


def show_compare(app, current: publications.Publication, all_: list[publications.Publication]) -> None:
    earlier = [p for p in all_ if p.created_at < current.created_at and p.demo == current.demo]
    st.header("Vergelijken met een eerdere publicatie", divider="gray")
    if not earlier:
        st.write("Er is geen eerdere publicatie om mee te vergelijken.")
        return
    choice = st.selectbox("Eerdere publicatie", [NOT_COMPARED, *(p.label for p in earlier)], key=KEY_COMPARE)
    if choice == NOT_COMPARED:
        return
    rows = publications.compare(app, choice, current.label)
    st.caption("Verschillen tussen gepubliceerde cijfers; beide hebben hun eigen marge, dus kleine verschillen zeggen weinig.")
    st.dataframe(
        [{"Cijfer": r["wat"], "Eerder": r["eerder"], "Nu": r["nu"], "Verschil": r["verschil"]} for r in rows],
        hide_index=True,
        column_config={c: st.column_config.NumberColumn(c, format="%.0f") for c in ("Eerder", "Nu", "Verschil")},
    )


def show_downloads(app, database_url: str, publication: publications.Publication) -> None:
    st.header("Download", divider="gray")
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
    if not publications.can_publish(app):
        return
    st.header("Nieuwe publicatie", divider="gray")
    budget = publications.budget(app)
    st.write(
        f"Een publicatie wordt eenmalig berekend uit de afgeronde metingen van vandaag en daarna nooit veranderd. "
        f"Privacybudget {budget.year}: ρ = {rules.fmt_budget(budget.spent)} van {rules.fmt_budget(budget.limit)} "
        f"gebruikt; een publicatie kost ρ = {rules.fmt_budget(budget.per_publication)}."
    )
    with st.form("dt_publish", enter_to_submit=False):
        label = st.text_input("Naam", placeholder="Sectorbeeld 2026", max_chars=publications.LABEL_MAX)
        year = st.number_input("Alleen metingen uit jaar (leeg: de laatste per corporatie)", min_value=2000,
                               max_value=app.today().year, value=None, step=1)  # fmt: skip
        if st.form_submit_button("Publiceren", icon=":material/publish:"):
            try:
                made = publications.publish(app, label, None if year is None else int(year))
            except ValueError as exc:
                st.error(str(exc), icon=":material/block:")
            else:
                st.session_state[KEY_PUBLICATION] = made.label
                st.rerun()


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
        show_publish(app)
        return
    labels = [p.label for p in stored]  # newest first
    default = next((p.label for p in stored if not p.demo), labels[0])  # as get_publication
    if st.session_state.get(KEY_PUBLICATION) not in labels:
        st.session_state[KEY_PUBLICATION] = default
    label = st.selectbox("Publicatie", labels, key=KEY_PUBLICATION)
    current = next(p for p in stored if p.label == label)
    figures = current.figures
    st.caption(
        f"{current.selection} · peildatum {current.reference_date:%d-%m-%Y} · gepubliceerd "
        f"{current.created_at:%d-%m-%Y} door {current.created_by} · checklistversie {figures['checklist_version']}"
    )
    if current.demo:
        st.caption(":material/science: Een publicatie van de fictieve demo-corporaties.")
    show_explanation(figures)
    show_headline(figures)
    if figures["sector"]["status"] != rules.TOO_FEW:
        built = _charts(database_url, current.label, figures)
        show_phases(figures, built)
        show_scores(figures, built)
        show_items(figures, built)
        show_segments(figures)
    show_compare(app, current, stored)
    if can(app.actor, Permission.ORG_READ, app.actor.org_id):  # not the denktank role
        show_own_position(app, database_url, current)
    show_downloads(app, database_url, current)
    show_publish(app)


main()
