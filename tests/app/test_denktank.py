"""The Denktank page on the seeded demo: it shows the anonymised sector figures of the
services, explains the protection, hides small groups, never shows a corporation's
name or short name, and shows "Eigen positie" only for the selected corporation."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from google.protobuf import text_format

from readiness import benchmark
from readiness.services import assessment, sector
from tests.app.conftest import start_app

PAGE = "denktank"


@pytest.fixture
def k3(monkeypatch):
    monkeypatch.setenv("VOORDEURCHECK_MIN_GROUP", "3")
    return 3


def page_text(at) -> str:
    """Everything the page shows: texts, widget labels, data frames and chart specs."""
    parts: list[str] = []

    def visit(node) -> None:
        if node.type == "dataframe":
            parts.append(node.value.to_csv())
        elif node.type == "plotly_chart":
            parts.append(node.proto.spec)
        elif getattr(node, "proto", None) is not None:
            parts.append(text_format.MessageToString(node.proto, as_utf8=True))
        for child in getattr(node, "children", {}).values():
            visit(child)

    visit(at.main)
    visit(at.sidebar)
    return "\n".join(parts)


def identifiers(app) -> list[str]:
    out = []
    for org in assessment.list_organisations(app):
        out += [org.name, org.name.replace(" (demo)", ""), org.slug]
    return out


def with_k(app, k: int):
    """The test's App as the page sees it with minimum group size k."""
    return replace(app, settings=replace(app.settings, min_group_size=k))


def frame_with(at, column: str):
    """The one data frame on the page with this column (None if there is none)."""
    found = [df.value for df in at.dataframe if column in df.value.columns]
    assert len(found) <= 1, column
    return found[0] if found else None


def segment_frame(at, by: str):
    return frame_with(at, "Grootteklasse" if by == "size_class" else "Regio")


def choose(at, option):
    at.radio(key="dt_selection").set_value(option).run()
    assert not at.exception, at.exception
    return at


# --------------------------------------------------------------------------- anonymity


@pytest.mark.parametrize("k", [3, 5])
def test_no_corporation_name_or_slug_appears_on_the_page(seeded, monkeypatch, k):
    monkeypatch.setenv("VOORDEURCHECK_MIN_GROUP", str(k))
    selected = assessment.get_organisation(seeded, "demo-thuisgaard-wonen")
    at = start_app(PAGE, {"org": selected.slug})
    names = identifiers(seeded)
    years = sector.load_records(seeded).years
    assert at.radio(key="dt_selection").options == ["Laatste meting per corporatie", *(f"Metingen in {y}" for y in years)]
    for option in ["laatste", *years]:
        choose(at, option)
        text = page_text(at)
        assert "Eigen positie" in text and len(at.get("plotly_chart")) >= 2
        leaked = [name for name in names if name.lower() in text.lower()]
        assert leaked == [], (option, leaked)


def test_the_page_explains_k_suppression_and_fixed_segments(seeded, k3):
    at = start_app(PAGE)
    explanation = " ".join(m.value for m in at.expander[0].markdown)
    assert "Minimale groepsgrootte k = 3" in explanation
    assert "minder dan 3" in explanation and "afgeschermd" in explanation.lower()
    assert "Vaste indelingen" in explanation and "geen vrije filters" in explanation
    assert "Alleen de hele sector toont gemiddelden" in explanation
    assert "afgetrokken" in explanation  # why segment tables carry no means


def test_headline_and_distribution_are_the_services_figures(seeded, k3):
    at = start_app(PAGE)
    view = sector.sector_view(with_k(seeded, 3))
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Corporaties"] == str(view.n_corporations)
    assert metrics["Mediaan totaalscore"] == f"{view.overall.median:.0f} / 100"
    assert metrics["Gemiddelde totaalscore"] == f"{view.overall.mean:.0f} / 100"
    distribution = at.dataframe[0].value
    assert distribution["Mediaan"][0] == view.overall.median
    assert distribution["Aantal corporaties"][0] == view.n_corporations
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    box = next(trace for trace in spec["data"] if trace["type"] == "box")
    assert box["median"][0] == view.overall.median
    assert box["lowerfence"] == box["q1"] and box["upperfence"] == box["q3"]
    assert "x" not in box  # no individual corporations' points


def test_segment_tables_show_small_groups_as_suppressed_and_carry_no_means(seeded, k3):
    at = start_app(PAGE)
    size = segment_frame(at, "size_class")
    rows = size.set_index("Grootteklasse")
    xs = rows.loc["XS (tot 1.000 woningen)"]
    assert set(xs.drop("Toelichting")) == {"— (minder dan 3)"}
    published = [label for label, row in rows.iterrows() if row["Aantal corporaties"].isdigit() and label != "Totaal"]
    assert published, "the demo with k = 3 publishes at least two size classes"
    assert all(int(rows.loc[label, "Aantal corporaties"]) >= 3 for label in published)
    assert "Gemiddelde" not in " ".join(size.columns)
    region = segment_frame(at, "region")
    assert not any(cell[:1].isdigit() for cell in region[region["Regio"] != "Totaal"]["Totaalscore"])
    assert any("Vergelijking per regio niet beschikbaar" in i.value for i in at.info)


def test_a_year_close_to_the_default_view_shows_no_means_and_no_item_shares(seeded, k3):
    at = choose(start_app(PAGE), 2026)
    assert any(i.value == sector.VIEWS_REASON for i in at.info)
    assert {m.label: m.value for m in at.metric}["Gemiddelde totaalscore"] == "–"
    assert not any(h.value.startswith("Wat de sector het vaakst mist") for h in at.subheader)
    assert all("Gemiddelde" not in df.value.columns for df in at.dataframe)


def test_small_groups_show_the_median_only_with_an_explanation(seeded, k3):
    """Rule 2 on the page: with k = 3 quartiles need 8 corporations; the demo's size
    classes hold 2 to 4 and the year 2024 four, so those show 'alleen mediaan' and say why."""
    explanation = sector.median_only_explanation(8)
    at = start_app(PAGE)
    assert not any(i.value == sector.small_group_reason(8) for i in at.info)  # the sector (13) is not small
    size = segment_frame(at, "size_class").set_index("Grootteklasse")
    published = [label for label, row in size.iterrows() if row["Aantal corporaties"].isdigit() and label != "Totaal"]
    assert published
    for label in published:
        assert size.loc[label, "Totaalscore"].endswith("(alleen mediaan)"), label
        assert "kwartielen niet getoond: minder dan 8 corporaties" in size.loc[label, "Toelichting"]
    assert "–" in size.loc["Totaal", "Totaalscore"]  # 13 corporations: median (Q1–Q3)
    assert any(i.value == explanation for i in at.info)
    text = " ".join(m.value for m in at.expander[0].markdown)
    assert "Kleine groepen: alleen de mediaan" in text and "minder dan 8 corporaties" in text

    at = choose(at, 2024)  # four corporations
    assert any(i.value == sector.small_group_reason(8) for i in at.info)
    assert {m.label: m.value for m in at.metric}["Gemiddelde totaalscore"] == "–"
    distribution = frame_with(at, "Mediaan")
    assert set(distribution["Q1"]) == set(distribution["Q3"]) == {"alleen mediaan"}  # words, not empty cells
    assert distribution["Mediaan"].notna().all()
    assert set(distribution["Toelichting"]) == {benchmark.median_only_reason(8)}
    assert any(i.value == explanation for i in at.info)
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    assert not any(trace["type"] == "box" for spec in specs for trace in spec["data"])
    assert any("alleen mediaan" in (trace.get("text") or [""])[0] for spec in specs for trace in spec["data"])


def test_own_position_against_a_small_sector_shows_the_median_only(seeded, monkeypatch):
    """k = 7: quartiles need 14 corporations, the demo's sector holds 13."""
    monkeypatch.setenv("VOORDEURCHECK_MIN_GROUP", "7")
    org = assessment.get_organisation(seeded, "demo-thuisgaard-wonen")
    at = start_app(PAGE, {"org": org.slug})
    own = frame_with(at, "Eigen score")
    assert set(own["Q1"]) == set(own["Q3"]) == {"alleen mediaan"}
    assert set(own["Positie"]) <= set(benchmark.MEDIAN_POSITION_LABELS)
    assert set(own["Toelichting"]) == {benchmark.median_only_reason(14)}
    assert any(i.value.startswith("Bij 'alleen mediaan' tellen minder dan 14") and "ten opzichte van de mediaan" in i.value
               for i in at.info)


def test_suppressed_years_are_marked_in_the_trend(seeded, monkeypatch):
    monkeypatch.setenv("VOORDEURCHECK_MIN_GROUP", "5")
    at = start_app(PAGE)
    trend = frame_with(at, "Jaar")
    marked = dict(zip(trend["Jaar"], trend["Toelichting"], strict=True))
    assert marked["2024"] == "— (minder dan 5)" and marked["2026"] == ""
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    spec = next(
        s for s in specs if s["layout"].get("yaxis", {}).get("title", {}).get("text", "").startswith("Mediaan")
    )
    assert any("niet getoond" in a["text"] for a in spec["layout"]["annotations"])


def test_k_above_the_population_shows_no_sector_numbers(seeded, monkeypatch):
    monkeypatch.setenv("VOORDEURCHECK_MIN_GROUP", "20")
    at = start_app(PAGE)
    assert any("Minder dan 20 corporaties" in w.value for w in at.warning)
    assert at.metric == [] or all(m.label != "Corporaties" for m in at.metric)
    assert at.get("plotly_chart") == [] or all("box" not in c.proto.spec for c in at.get("plotly_chart"))
    size = segment_frame(at, "size_class")
    assert set(size["Totaalscore"]) <= {"— (minder dan 20)", "— (afgeschermd)"}


def test_a_round_finalised_meanwhile_counts_at_the_next_run(seeded, k3):
    """The page caches the sector figures, but a newly finalised round shows at once."""
    at = start_app(PAGE)
    before = int({m.label: m.value for m in at.metric}["Corporaties"])
    waiting = [
        org for org in assessment.list_organisations(seeded)
        if not any(r.is_final for r in assessment.list_rounds(seeded, org.id))
    ]  # fmt: skip
    assert waiting, "the demo has a corporation whose only round is still a draft"
    draft = assessment.list_rounds(seeded, waiting[0].id)[-1]
    assessment.finalise_round(seeded, draft.id, confirm_incomplete=True)
    at.run()
    assert not at.exception, at.exception
    assert int({m.label: m.value for m in at.metric}["Corporaties"]) == before + 1


# --------------------------------------------------------------------------- own position


def test_own_position_needs_a_selected_corporation(seeded, k3):
    at = start_app(PAGE)
    assert any("Kies op de startpagina uw corporatie" in m.value for m in at.markdown)
    assert frame_with(at, "Eigen score") is None


def test_own_position_shows_the_selected_corporations_own_scores(seeded, k3):
    org = assessment.get_organisation(seeded, "demo-thuisgaard-wonen")
    at = start_app(PAGE, {"org": org.slug})
    own = frame_with(at, "Eigen score")
    expected = sector.own_position(with_k(seeded, 3), org.id).position
    assert own["Onderdeel"][0] == "Totaalscore"
    assert own["Eigen score"][0] == expected.overall.own_score
    assert (own["Q1"][0], own["Mediaan"][0], own["Q3"][0]) == (
        expected.overall.sector.q1, expected.overall.sector.median, expected.overall.sector.q3,
    )
    assert own["Positie"][0] == expected.overall.label
    assert list(own.columns) == ["Onderdeel", "Eigen score", "Q1", "Mediaan", "Q3", "Positie"]


def test_empty_database_says_there_is_nothing_yet(services, k3):
    at = start_app(PAGE)
    assert any("nog geen afgeronde metingen" in i.value for i in at.info)
    assert at.get("plotly_chart") == []


def test_download_buttons_for_all_three_formats(seeded, k3):
    at = start_app(PAGE)
    buttons = at.get("download_button")
    assert [b.proto.label for b in buttons] == ["Excel (.xlsx)", "CSV", "JSON"]
