"""Denktank: the anonymised picture of the sector.

Everything shown comes from :mod:`readiness.services.sector`, which applies the
anonymisation rules (minimum group size k, suppression, fixed segments, quartiles
only in segment tables, the median only for small groups). The page shows no corporation's name, short name or number;
"Eigen positie" shows only the selected corporation's own scores, without its name.

Performance: the sector records come from one query over the round summaries and are
cached per database and *data version* (``sector.data_version``: changes as soon as a
round is finalised or reopened, so new figures show at once). The records are shared
read-only (``st.cache_resource``): ``st.cache_data`` would copy all of them on every
run, which took most of a second at ten times the sector. The published figures are
small and cached per selection (``st.cache_data``), so a widget change does not
compute them again.
"""

from __future__ import annotations

import streamlit as st

from readiness import charts, sector_charts
from readiness.config import load_settings
from readiness.scoring import target_pct
from readiness.services import App, sector
from readiness.ui import widgets
from readiness.ui.state import get_app

CACHE_TTL = 3600  # seconds; changes show at once anyway (the data version is in every key)
KEY_SELECTION = "dt_selection"
LATEST = "laatste"
CHART_CONFIG = {"displayModeBar": False}
MIME = {
    "json": "application/json",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


# ----------------------------------------------------------------------------- cached data


@st.cache_resource(ttl=CACHE_TTL, max_entries=4, show_spinner=False)
def sector_records(database_url: str, demo: bool, version: str) -> sector.SectorRecords:
    """All final rounds as anonymous records (one query); keyed on the database and its
    data version. Shared by all sessions and never changed (frozen records)."""
    return sector.load_records(get_app())


@st.cache_data(ttl=CACHE_TTL, max_entries=64, show_spinner=False)
def page_data(database_url: str, demo: bool, version: str, year: int | None, k: int, target_level: int):
    """What the page publishes for one selection: sector view, segment tables, trend."""
    app = get_app()
    records = sector_records(database_url, demo, version)
    return (
        sector.sector_view(app, year, records=records),
        sector.segment_views(app, year, records=records),
        sector.trend(app, records=records),
    )


@st.cache_data(ttl=CACHE_TTL, max_entries=16, show_spinner=False)
def export_bytes(
    database_url: str, demo: bool, version: str, year: int | None, k: int, target_level: int, fmt: str
) -> bytes:
    app = get_app()
    return sector.sector_export(app, fmt, year, records=sector_records(database_url, demo, version))


# ----------------------------------------------------------------------------- sections


def _withheld(spreads) -> bool:
    return any(spread is not None and spread.withheld for spread in spreads)


def show_explanation(app: App, k: int) -> None:
    m = sector.quartile_minimum(k)
    with st.expander("Wat ziet u hier, en hoe blijft het anoniem?", icon=":material/shield:"):
        st.markdown(
            "Deze pagina laat zien hoe ver corporaties samen zijn met signaleren achter de voordeur, "
            "op basis van **afgeronde** metingen. U ziet nooit de cijfers van één corporatie, "
            "en nergens namen of nummers van corporaties."
        )
        st.markdown(
            f"- **Minimale groepsgrootte k = {k}.** Een groep (de sector, een grootteklasse, een regio of "
            f"een jaar) of een cijfer daarin verschijnt alleen als minstens {k} corporaties meetellen. "
            f"Anders staat er *— (minder dan {k})*.\n"
            "- **Aanvullend afgeschermd.** Als een kleine groep uit het totaal en de andere groepen terug "
            "te rekenen zou zijn, wordt ook een grotere groep verborgen (*— (afgeschermd)*).\n"
            "- **Vaste indelingen.** Alleen per grootteklasse en per regio, geen vrije filters, zodat niemand "
            "een groep zo klein kan maken dat één corporatie zichtbaar wordt.\n"
            "- **Alleen de hele sector toont gemiddelden** en per vraag het aandeel corporaties op "
            "streefniveau. De tabellen per grootteklasse en per regio tonen alleen het aantal corporaties "
            "en de kwartielen: twee indelingen met gemiddelden kunnen van elkaar worden afgetrokken "
            "(regio Noord = de middelgrote corporaties plus één kleine), en dan staat de score van die ene "
            "corporatie er toch. Een regio die te weinig verschilt van een grootteklasse wordt daarom ook "
            "verborgen.\n"
            "- **Jaar of laatste meting.** Een jaar waarin de groep minder dan k corporaties verschilt van "
            "'laatste meting per corporatie' toont geen gemiddelden en geen aandelen per vraag: anders zou "
            "het verschil tussen de twee weergaven de score van die paar corporaties verraden.\n"
            f"- **Kleine groepen: alleen de mediaan.** Een groep of onderdeel met minder dan {m} corporaties "
            f"met een score (2k, en altijd minstens 8) toont alleen de mediaan: geen eerste en derde kwartiel, "
            "geen gemiddelde en geen aandeel op streefniveau. Uit kwartielen en gemiddelde van zo weinig "
            "corporaties zijn losse scores terug te rekenen: bij drie corporaties zijn Q1, mediaan en Q3 samen "
            "precies hun drie scores. U ziet dan *alleen mediaan*.\n"
            "- **Spreiding zonder losse punten.** De kaders lopen van het eerste tot het derde kwartiel, "
            "met de mediaan als streep; laagste en hoogste score worden nooit getoond.\n"
            "- **Trend:** per jaar alleen medianen."
        )
        st.caption(
            "Q1 (eerste kwartiel): een kwart van de corporaties scoort lager. Mediaan: de helft scoort lager. "
            "Q3 (derde kwartiel): driekwart scoort lager. Scores lopen van 0 tot 100."
        )


def choose_selection(years: list[int]) -> int | None:
    options = [LATEST, *years]
    if st.session_state.get(KEY_SELECTION) not in options:
        st.session_state[KEY_SELECTION] = LATEST
    choice = st.radio(
        "Vergelijk",
        options,
        key=KEY_SELECTION,
        horizontal=True,
        format_func=lambda o: "Laatste meting per corporatie" if o == LATEST else f"Metingen in {o}",
        help="Standaard telt van elke corporatie de laatste afgeronde meting. Kies een jaar om alleen "
        "de metingen uit dat jaar te zien (per corporatie de laatste van dat jaar).",
    )
    return None if choice == LATEST else int(choice)


def show_headline(view: sector.SectorView) -> None:
    if view.suppressed:
        st.warning(f"{view.reason}. Er zijn dus nog geen sectorcijfers.", icon=":material/visibility_off:")
        return
    n, median, mean = st.columns(3)
    n.metric("Corporaties", view.n_corporations, border=True, help="Aantal corporaties met een afgeronde meting in deze selectie.")
    median.metric(
        "Mediaan totaalscore",
        "–" if view.overall is None else f"{charts.format_score(view.overall.median)} / 100",
        border=True,
        help="De helft van de corporaties scoort lager, de helft hoger.",
    )
    mean.metric(
        "Gemiddelde totaalscore",
        "–" if view.overall is None or view.overall.mean is None else f"{charts.format_score(view.overall.mean)} / 100",
        border=True,
        help="Niet getoond bij een kleine groep, of waar aftrekken van twee weergaven een corporatie "
        "herkenbaar zou maken.",
    )
    if view.means_withheld:
        st.info(view.means_withheld, icon=":material/visibility_off:")


def show_distribution(app: App, view: sector.SectorView) -> None:
    st.header("Spreiding van de scores", divider="gray")
    goal = view.target_pct
    st.write(
        "Per onderdeel: het kader loopt van het eerste tot het derde kwartiel (de middelste helft van "
        "de corporaties), de streep in het kader is de mediaan."
    )
    frame = sector_charts.distribution_frame(app.checklist, view.overall, view.sections, view.suppressed_parts)
    st.plotly_chart(
        sector_charts.distribution_chart(frame, goal, target_label=f"Streefniveau {goal:.0f}"),
        width="stretch",
        config=CHART_CONFIG,
        alt="Kaderdiagram met per onderdeel het eerste kwartiel, de mediaan en het derde kwartiel van de sector; dezelfde cijfers staan in de tabel eronder.",
    )
    if _withheld([view.overall, *view.sections.values()]):
        st.info(sector.median_only_explanation(sector.quartile_minimum(view.k)), icon=":material/visibility_off:")
    with st.expander("Toon als tabel"):
        shown = frame if view.means_withheld is None else frame.drop(columns=["Gemiddelde"])
        shown = sector_charts.readable_quartiles(shown)
        st.dataframe(shown, hide_index=True, column_config=_score_columns(shown))


def table_height(n_rows: int) -> int:
    """Pixel height that shows every row of a st.dataframe without inner scrolling."""
    return 35 * (n_rows + 1) + 3


def _score_columns(frame) -> dict:
    """Whole numbers for the score columns (text columns, "alleen mediaan", stay text)."""
    return {
        col: st.column_config.NumberColumn(col, format="%.0f")
        for col in ("Q1", "Mediaan", "Q3", "Gemiddelde", "Eigen score")
        if col in frame.columns and frame[col].dtype.kind in "fiu"
    }


def show_items(app: App, view: sector.SectorView) -> None:
    st.header("Per vraag: hoeveel corporaties zitten op streefniveau?", divider="gray")
    if view.means_withheld:
        st.info(
            "Voor deze selectie worden geen aandelen per vraag getoond (zie de melding hierboven). "
            "Kies 'Laatste meting per corporatie' of een ander jaar.",
            icon=":material/visibility_off:",
        )
        return
    level = app.checklist.scale_label(app.settings.target_level).lower()
    st.write(
        f"Het aandeel corporaties met een score van {view.target_pct:.0f} of hoger ('{level}') per vraag. "
        "Een vraag met minder dan k corporaties met een score wordt niet getoond."
    )
    if view.most_lacking:
        st.subheader("Wat de sector het vaakst mist")
        lines = []
        for share in view.most_lacking:
            item = app.checklist.item(share.item_id)
            section = app.checklist.section_of(item.id)
            lines.append(
                f"**Vraag {item.number}** · {section.title}: {widgets.fmt_pct(share.share_at_target)} "
                f"van de corporaties op streefniveau  \n  *{item.question}*"
            )
        st.markdown("\n".join(f"{i}. {line}" for i, line in enumerate(lines, start=1)))
    frame = sector_charts.item_share_frame(view.items, app.checklist)
    st.plotly_chart(
        sector_charts.item_share_chart(frame),
        width="stretch",
        config=CHART_CONFIG,
        alt="Staafdiagram met per vraag het percentage corporaties op streefniveau; dezelfde cijfers staan in de tabel eronder.",
    )
    with st.expander("Toon als tabel"):
        st.dataframe(
            frame,
            hide_index=True,
            column_config={
                "Nr": st.column_config.NumberColumn("Vraag", format="%d", width="small"),
                "Vraag": st.column_config.TextColumn("Omschrijving", width="large"),
                "Op streefniveau (%)": st.column_config.NumberColumn("Op streefniveau", format="%.0f%%"),
            },
        )


def show_trend(app: App, points, k: int, goal: float) -> None:
    st.header("Trend per jaar", divider="gray")
    if not points:
        st.write("Er zijn nog geen afgeronde metingen.")
        return
    st.write(
        "De mediaan per jaar (per corporatie de laatste afgeronde meting van dat jaar). "
        f"Jaren met minder dan {k} corporaties zijn grijs en zonder cijfers."
    )
    frame = sector_charts.sector_trend_frame(points, app.checklist, k)
    st.plotly_chart(
        sector_charts.sector_trend_chart(frame, goal, f"Streefniveau {goal:.0f}"),
        width="stretch",
        config=CHART_CONFIG,
        alt="Lijndiagram met de mediaan van de totaalscore en van elk onderdeel per jaar; dezelfde cijfers staan in de tabel eronder.",
    )
    with st.expander("Toon als tabel"):
        st.dataframe(
            frame,
            hide_index=True,
            column_config={
                col: st.column_config.NumberColumn(col, format="%.0f")
                for col in frame.columns
                if col not in ("Jaar", "Aantal corporaties", "Toelichting")
            },
        )


def show_segments(app: App, tables: dict[str, sector.SegmentView], k: int) -> None:
    st.header("Per grootteklasse en per regio", divider="gray")
    st.write(
        "Vaste indelingen, met per groep het aantal corporaties en per onderdeel de **mediaan "
        "(Q1–Q3)**. Hier staan bewust geen gemiddelden: zie 'Wat ziet u hier' bovenaan."
    )
    for by, title in (("size_class", "Per grootteklasse"), ("region", "Per regio")):
        table = tables[by]
        st.subheader(title)
        if not table.available:
            st.info(table.reason, icon=":material/visibility_off:")
        frame = sector_charts.segment_frame(table, app.checklist)
        first = frame.columns[0]
        st.dataframe(
            frame,
            hide_index=True,
            height=table_height(len(frame)),
            column_config={first: st.column_config.TextColumn(first, pinned=True)},
            key=f"dt_segments_{by}",
        )
    st.caption(
        f"— (minder dan {k}): te weinig corporaties in deze groep. — (afgeschermd): verborgen omdat de cijfers "
        "anders uit het totaal of uit de andere indeling terug te rekenen zouden zijn."
    )
    rows = [row for table in tables.values() for row in [*table.rows, table.total] if not row.suppressed]
    if _withheld(spread for row in rows for spread in (row.overall, *row.sections.values())):
        st.info(sector.median_only_explanation(sector.quartile_minimum(k)), icon=":material/visibility_off:")


def show_own_position(app: App, records: sector.SectorRecords) -> None:
    st.header("Eigen positie", divider="gray")
    org = widgets.current_organisation(app)
    if org is None:
        st.write(
            "Kies op de startpagina uw corporatie om hier uw eigen scores naast de sector te zien. "
            "Alleen uw eigen cijfers worden getoond, nooit die van een andere corporatie."
        )
        st.page_link(widgets.PAGE_START, label="Naar Start", icon=":material/home:")
        return
    own = sector.own_position(app, org.id, records=records)
    if not own.available:
        st.info(own.reason, icon=":material/info:")
        return
    position = own.position
    st.write(
        f"De laatste afgeronde meting van uw corporatie ({own.year}) naast de sector "
        "(laatste meting per corporatie). Het zwarte ruitje is uw score, het kader de middelste helft "
        "van de sector."
    )
    if position.suppressed:
        st.info(f"{position.reason}. Een vergelijking met de sector is nog niet mogelijk.", icon=":material/visibility_off:")
    elif _withheld(pos.sector for pos in (position.overall, *position.sections.values())):
        st.info(
            sector.median_only_explanation(sector.quartile_minimum(position.k)) + " Uw positie staat daarom ten opzichte van de mediaan.",
            icon=":material/visibility_off:",
        )
    frame = sector_charts.own_position_frame(position, app.checklist)
    if not position.suppressed:
        goal = target_pct(app.settings.target_level)
        st.plotly_chart(
            sector_charts.own_position_chart(frame, goal, f"Streefniveau {goal:.0f}"),
            width="stretch",
            config=CHART_CONFIG,
            alt="Kaderdiagram met de kwartielen van de sector en de eigen score per onderdeel; dezelfde cijfers staan in de tabel eronder.",
        )
    shown = sector_charts.readable_quartiles(frame)
    st.dataframe(shown, hide_index=True, column_config=_score_columns(shown), key="dt_own_position")


def show_downloads(
    database_url: str, demo: bool, version: str, year: int | None, k: int, target_level: int
) -> None:
    st.header("Download", divider="gray")
    st.write(
        "De geanonimiseerde cijfers van deze selectie, met dezelfde regels als op deze pagina: "
        "elke groep met het aantal corporaties, verborgen groepen alleen met naam en reden."
    )
    name = "sector-laatste-meting" if year is None else f"sector-{year}"
    buttons = st.container(horizontal=True)
    for fmt, label in (("xlsx", "Excel (.xlsx)"), ("csv", "CSV"), ("json", "JSON")):
        with buttons:
            st.download_button(
                label,
                data=lambda fmt=fmt: export_bytes(database_url, demo, version, year, k, target_level, fmt),
                file_name=f"voordeurcheck-{name}.{fmt}",
                mime=MIME[fmt],
                icon=":material/download:",
                key=f"dt_download_{fmt}",
                on_click="ignore",
            )


# ----------------------------------------------------------------------------- page


def main() -> None:
    st.title("Denktank")
    st.caption("Het geanonimiseerde beeld van de sector: hoe ver zijn corporaties samen?")
    app = get_app()
    settings = load_settings()
    url, demo = settings.database_url, settings.demo
    k, level = app.settings.min_group_size, app.settings.target_level
    goal = target_pct(level)

    show_explanation(app, k)
    version = sector.data_version(app)
    records = sector_records(url, demo, version)
    if records.demo:
        st.caption(":material/science: Er zijn nog geen afgeronde metingen van echte corporaties: u ziet de fictieve demo-corporaties.")
    if not records.records:
        st.info(
            "Er zijn nog geen afgeronde metingen. Zodra corporaties een meting afronden, verschijnt hier "
            "het beeld van de sector.",
            icon=":material/info:",
        )
        return
    year = choose_selection(records.years)
    view, tables, points = page_data(url, demo, version, year, k, level)

    show_headline(view)
    if not view.suppressed:
        show_distribution(app, view)
        show_items(app, view)
    show_segments(app, tables, k)
    show_trend(app, points, k, goal)
    show_own_position(app, records)
    show_downloads(url, demo, version, year, k, level)


main()
