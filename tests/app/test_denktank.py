"""The Denktank page on the seeded demo: it reads the stored publication (never a live
aggregate), shows figures with their margin, withheld breakdowns as one sentence,
compares publications by their published figures, and never names a corporation."""

from __future__ import annotations

import json
import re

import pytest

from google.protobuf import text_format

from readiness.provenance import CLASSIFICATION_NOTE
from readiness.sector import report
from readiness.services import assessment, publications
from tests.app.conftest import start_app
from tests.app.tiles import tiles

PAGE = "denktank"


def show(at, part: str):
    """Choose a part in the page's picker (the page draws only the chosen part)."""
    at.segmented_control(key="dt_part").set_value(part).run()
    assert not at.exception
    return at


def page_text(at) -> str:
    """Everything the page shows, as text. A text element's own value is taken as it is:
    protobuf's text format escapes quotes ("collega\\'s"), so a question with an apostrophe
    would not be found in it (which made a test depend on the noisy order of the items)."""
    parts: list[str] = []

    def visit(node) -> None:
        if node.type == "dataframe":
            parts.append(node.value.to_csv())
        elif node.type == "plotly_chart":
            parts.append(node.proto.spec)
        elif getattr(node, "proto", None) is not None:
            if isinstance(getattr(node, "value", None), str):
                parts.append(node.value)
            parts.append(text_format.MessageToString(node.proto, as_utf8=True))
        for child in getattr(node, "children", {}).values():
            visit(child)

    visit(at.main)
    visit(at.sidebar)
    return "\n".join(parts)


def test_page_shows_the_stored_demo_publication_with_margins(seeded):
    stored = publications.get_publication(seeded)
    at = start_app(PAGE)
    assert not at.exception
    assert at.selectbox(key="dt_publication").value == stored.label
    sector = stored.figures["sector"]
    corporations = next(m for m in tiles(at) if m.label == "Corporaties")
    assert corporations.value == f"{sector['n_corporations']} ± {sector['n_margin']}"
    # the answer first: nothing below the headline is drawn until it is asked for
    assert at.segmented_control(key="dt_part").value is None
    assert not at.get("plotly_chart")
    text = page_text(show(at, "Per vraag"))
    first = stored.figures["items"][sector["most_missed"][0]]
    assert first["question"] in text  # most-missed items carry their question text
    assert any(c.value == CLASSIFICATION_NOTE for c in at.caption)  # target level: our own classification
    assert "Hoeveel corporaties zijn klaar?" in page_text(show(at, "Fasen"))


def test_the_headline_says_what_the_sector_figures_rest_on(seeded):
    """Issue 14: publications use each corporation's latest final round, with agreed levels of
    a consensus meeting where one was held and the respondents' mean elsewhere."""
    at = start_app(PAGE)
    text = page_text(at)
    assert "laatste definitieve meting" in text
    assert "in een consensusgesprek zijn vastgesteld" in text and "gemiddelde van de respondenten" in text


def test_the_page_never_recomputes_a_publication(seeded):
    """A round finalised after the publication changes nothing on the page."""
    before = start_app(PAGE)
    metric = next(m for m in tiles(before) if m.label == "Corporaties").value
    draft = [r for org in assessment.list_organisations(seeded)
             for r in assessment.list_rounds(seeded, org.id) if not r.is_final]
    assert draft
    for round_ in draft:
        assessment.finalise_round(seeded, round_.id, confirm_incomplete=True)
    after = start_app(PAGE)
    assert next(m for m in tiles(after) if m.label == "Corporaties").value == metric


def test_a_breakdown_whose_groups_are_all_withheld_is_one_sentence(seeded):
    stored = publications.get_publication(seeded)
    region = stored.figures["segments"]["region"]
    assert not region["available"]  # 14 demo corporations over 29 regions
    at = show(start_app(PAGE), "Groepen")
    assert region["reason"] in [m.value for m in at.markdown]
    with pytest.raises(KeyError):  # no list of groups, only the sentence
        at.main.get_by_key("dt_segments_region")


def test_no_corporation_name_or_slug_on_the_page(seeded):
    at = start_app(PAGE)
    text = page_text(at)
    for part in at.segmented_control(key="dt_part").options:  # every part of the page
        text += page_text(show(at, part))
    for org in assessment.list_organisations(seeded):
        for name in (org.name, org.name.replace(" (demo)", ""), org.slug):
            assert name not in text


def test_publishing_from_the_page_and_comparing(seeded, monkeypatch):
    at = show(start_app(PAGE), "Nieuwe publicatie")
    at.text_input[0].input("Tweede beeld")
    at.button[0].click().run()  # the form's submit button
    # nothing changed since the demo publication: refused with the Dutch reason
    assert any("Publiceren kan nu niet" in e.value for e in at.error)
    assert [p.label for p in publications.list_publications(seeded)] == ["Sectorbeeld demo"]


def test_download_is_the_stored_json_byte_for_byte(seeded):
    stored = publications.get_publication(seeded)
    data = publications.export_publication(seeded, "json")
    assert data == stored.figures_json.encode("utf-8")
    assert json.loads(data)["label"] == stored.label


def test_own_position_shows_the_own_scores_against_the_published_quartiles(seeded):
    org = next(o for o in assessment.list_organisations(seeded)
               if any(r.is_final for r in assessment.list_rounds(seeded, o.id)))
    stored = publications.get_publication(seeded)
    at = show(start_app(PAGE, {"org": org.slug}), "Eigen positie")
    own = publications.own_position(seeded, org.id)
    (listing,) = [m.value for m in at.main.get_by_key("dt_own_position").markdown]
    lines = listing.splitlines()
    assert len(lines) == len(own.rows)
    overall = stored.figures["sector"]["overall"]
    median = report.with_margin(overall["median"], overall["margin"])  # the sector figure with its margin
    assert lines[0].startswith(f"- **Totaalscore**: eigen score {own.rows[0].own_score}; sector mediaan {median}")
    for line, row in zip(lines, own.rows, strict=True):
        assert line.startswith(f"- **{row.part}**:") and line.endswith(f"*{row.position}*")
    # the own scores say what they rest on, in the words of Resultaten
    assert any(f"Uw scores: {own.basis}." in m.value for m in at.markdown)
    # no other corporation's name on the page
    text = page_text(at)
    assert all(o.slug not in text for o in assessment.list_organisations(seeded) if o.id != org.id)


def test_own_position_of_a_corporation_with_a_consensus_meeting_says_so(seeded):
    """Meerdijk's latest final round has agreed levels: its own scores say which."""
    org = next(o for o in assessment.list_organisations(seeded) if "Meerdijk" in o.name)
    own = publications.own_position(seeded, org.id)
    assert "vastgesteld in het consensusgesprek van" in own.basis
    at = show(start_app(PAGE, {"org": org.slug}), "Eigen positie")
    assert any(f"Uw scores: {own.basis}." in m.value for m in at.markdown)


def test_the_page_names_the_role_says_what_is_withheld_and_writes_rho_the_dutch_way(seeded):
    """The caption names the publishing role (not an account); every withheld part has its
    Dutch sentence under the headline; ρ and ε appear only in the method part, with a
    decimal comma."""
    stored = publications.get_publication(seeded)
    at = start_app(PAGE)
    assert any("door de rol lokaal (geen inlog)" in c.value for c in at.caption)
    (headline,) = [m.value for m in at.markdown if "laatste definitieve" in m.value]
    assert "ρ" not in headline and "ε" not in headline
    withheld = stored.figures["sector"]["withheld"]
    assert withheld  # 14 demo corporations: not everything fits the floor
    (listing,) = [c.value for c in at.main.get_by_key("dt_withheld").caption]
    for sentence in withheld:
        assert f"- {sentence}" in listing
    text = page_text(at)
    assert re.search(r"ρ = \d+,\d\d ", text) and not re.search(r"[ρε] = \d+\.\d", text)  # in the method part
