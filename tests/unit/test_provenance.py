"""Whose words, and what the handreiking says: the kinds in words, citations with the kind,
the quotes shown on request, and the normalisation under which a quote is verbatim."""

from __future__ import annotations

from pathlib import Path

import pytest

from readiness.checklist import load_checklist
from readiness.checklist.quotes import fragments, normalise, quote_in_text
from readiness.models import Quote
from readiness.provenance import (
    KIND_LABELS,
    OWN_SUGGESTION,
    OWN_SUGGESTION_LABEL,
    Claim,
    action_claim,
    item_claims,
    kind_counts,
    origin,
    origin_label,
    quotes_markdown,
)

REPO = Path(__file__).resolve().parents[2]
CHECKLIST = load_checklist(REPO / "checklist" / "items.yaml")
SOURCE = "Handreiking, Kennis p. 9"


@pytest.mark.parametrize(
    ("kind", "report", "shown"),
    [
        ("bron", f"bron: {SOURCE}", f"Bron: {SOURCE}"),
        ("uitwerking", f"uitwerking van {SOURCE}", f"Uitwerking van: {SOURCE} (concrete vorm van Voordeurcheck)"),
    ],
)
def test_a_cited_action_is_cited_with_its_kind(kind: str, report: str, shown: str) -> None:
    assert origin(SOURCE, kind) == report
    assert origin_label(SOURCE, kind) == shown


def test_an_own_suggestion_cites_nothing() -> None:
    assert origin(None, "eigen suggestie") == OWN_SUGGESTION
    assert origin_label(None, "eigen suggestie") == OWN_SUGGESTION_LABEL
    assert origin_label(None) == OWN_SUGGESTION_LABEL


def test_quotes_markdown_gives_each_claim_its_kind_in_words_and_its_quotes_with_page() -> None:
    item = CHECKLIST.item("ken-01")
    text = quotes_markdown([*item_claims(item), action_claim(item.actions[1])])
    assert f"**De vraag** · {KIND_LABELS['bron']}" in text
    assert "„Medewerkers hebben kennis over huiselijk geweld en kindermishandeling.” (p. 21)" in text
    assert "**Deze actie** · Bron: de handreiking zegt dit" in text
    assert "(p. 20)" in text and "(p. 15)" in text
    own = quotes_markdown([Claim("Deze actie", "eigen suggestie", None, ())])
    assert OWN_SUGGESTION_LABEL in own and "geen passage uit de handreiking" in own


def test_kind_counts_add_up_to_every_question_explanation_and_action() -> None:
    counts = kind_counts(CHECKLIST)
    assert sum(counts["vragen"].values()) == 20 and sum(counts["uitleg"].values()) == 20
    assert sum(counts["acties"].values()) == sum(len(i.actions) for i in CHECKLIST.items)
    assert set(counts["acties"]) == {"bron", "uitwerking", "eigen suggestie"}


def test_the_counts_in_docs_instrument_sources_are_the_real_ones() -> None:
    """docs/instrument-sources.md states the counts; they follow items.yaml."""
    doc = (REPO / "docs" / "instrument-sources.md").read_text(encoding="utf-8")
    counts = kind_counts(CHECKLIST)
    assert f"version {CHECKLIST.version}" in doc
    for part, label in (("vragen", "Questions"), ("uitleg", "Explanations"), ("acties", "Suggested actions")):
        row = f"| {label} | {counts[part]['bron']} | {counts[part]['uitwerking']} | {counts[part]['eigen suggestie']} |"
        assert row in doc, row
    quotes = sum(len(i.quotes) + len(i.explanation_quotes) + sum(len(a.quotes) for a in i.actions) for i in CHECKLIST.items)
    assert f"{quotes} quotes" in doc


def test_the_counts_in_the_readme_are_the_real_ones() -> None:
    """The README's one line of counts follows items.yaml too."""
    readme = " ".join((REPO / "README.md").read_text(encoding="utf-8").split())
    counts = kind_counts(CHECKLIST)
    line = (
        f"Checklist {CHECKLIST.version}: questions {counts['vragen']['bron']} bron, {counts['vragen']['uitwerking']} uitwerking; "
        f"explanations {counts['uitleg']['bron']} bron, {counts['uitleg']['uitwerking']} uitwerking; "
        f"suggested actions {counts['acties']['bron']} bron, {counts['acties']['uitwerking']} uitwerking, "
        f"{counts['acties']['eigen suggestie']} eigen suggestie."
    )
    assert line in readme, line


# --------------------------------------------------------------------------- normalisation


def test_normalise_undoes_typesetting_only() -> None:
    raw = "Het **stappen-\n  plan** wordt “regelmatig”  geëvalueerd.<sup>6</sup>  \nZie [www.meldcode.nl](http://www.meldcode.nl)"
    assert normalise(raw) == 'Het stappenplan wordt "regelmatig" geëvalueerd. Zie www.meldcode.nl'


def test_a_quote_with_an_omission_matches_its_fragments_in_order() -> None:
    text = "Eerste zin over signalen. Tweede zin. Derde zin over Veilig Thuis."
    assert fragments("Eerste zin … Veilig Thuis.") == ["Eerste zin", "Veilig Thuis."]
    assert quote_in_text("Eerste zin … Veilig Thuis.", text)
    assert not quote_in_text("Veilig Thuis … Eerste zin", text)  # order counts


@pytest.mark.parametrize(
    "quote",
    [
        "Eerste zin over signaal.",  # a changed ending
        "eerste zin over signalen.",  # case
        "Eerste zin over signalen, Tweede zin.",  # punctuation
        "",
    ],
)
def test_a_changed_word_case_or_punctuation_is_not_verbatim(quote: str) -> None:
    assert not quote_in_text(quote, "Eerste zin over signalen. Tweede zin.")


def test_a_quote_model_refuses_a_long_passage() -> None:
    with pytest.raises(ValueError):
        Quote(page=9, text="woord " * 80)
