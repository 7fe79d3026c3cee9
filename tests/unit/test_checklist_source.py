"""items.yaml follows the structure of the handreiking's checklist "Is een corporatie er klaar voor?".

The handreiking (Kadera, 2018) is kept as text in the shared reference folder that sits beside
the repository (locally and in CI). These tests parse its checklist part and compare.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from readiness.checklist import load_checklist
from readiness.models import Checklist

REPO = Path(__file__).resolve().parents[2]
ITEMS_YAML = REPO / "checklist" / "items.yaml"
REFERENCE = REPO.parent / "shared" / "reference" / "000_79fda86c1363adfc.txt"

CHECKLIST_HEADING = "## Is een corporatie er klaar voor?"


@pytest.fixture(scope="module")
def reference_text() -> str:
    assert REFERENCE.is_file(), f"handreiking niet gevonden: {REFERENCE}"
    return REFERENCE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def checklist() -> Checklist:
    return load_checklist(ITEMS_YAML)


def parse_reference_checklist(text: str) -> list[tuple[str, list[str]]]:
    """(section title, bullet points) for each '### ' heading of the checklist part."""
    lines = text.splitlines()
    start = lines.index(CHECKLIST_HEADING)
    sections: list[tuple[str, list[str]]] = []
    for line in lines[start + 1 :]:
        stripped = line.strip()
        if re.match(r"^#{1,2} ", stripped):  # next chapter (e.g. "# Bijlage 1"): end of checklist
            break
        if stripped.startswith("### "):
            sections.append((stripped[4:].strip(), []))
        elif stripped.startswith("- ") and sections:
            point = re.sub(r"^-\s+(?:o\s+)?", "", stripped)
            sections[-1][1].append(point)
    return sections


def checklist_page(text: str) -> int:
    """The page of the checklist according to the handreiking's table of contents."""
    match = re.search(r"Checklist: Is een corporatie er klaar voor\?\S*\s+(\d+)", text)
    assert match, "checklist niet gevonden in de inhoudsopgave van de handreiking"
    return int(match.group(1))


def test_reference_parses_to_twenty_points(reference_text: str) -> None:
    sections = parse_reference_checklist(reference_text)
    assert len(sections) == 6
    assert sum(len(points) for _, points in sections) == 20
    assert all(point for _, points in sections for point in points)


def test_same_sections_in_same_order(reference_text: str, checklist: Checklist) -> None:
    reference_titles = [title for title, _ in parse_reference_checklist(reference_text)]
    assert [section.title for section in checklist.sections] == reference_titles


def test_same_number_of_points_per_section(reference_text: str, checklist: Checklist) -> None:
    reference_counts = {title: len(points) for title, points in parse_reference_checklist(reference_text)}
    ours = {section.title: len(section.items) for section in checklist.sections}
    assert ours == reference_counts


def test_item_numbers_follow_the_reference_order(reference_text: str, checklist: Checklist) -> None:
    sections = parse_reference_checklist(reference_text)
    expected_numbers = []
    number = 0
    for _, points in sections:
        expected_numbers.append(list(range(number + 1, number + len(points) + 1)))
        number += len(points)
    assert [[item.number for item in s.items] for s in checklist.sections] == expected_numbers


def test_every_item_cites_the_checklist_page(reference_text: str, checklist: Checklist) -> None:
    page = checklist_page(reference_text)
    assert page == 21
    for item in checklist.items:
        assert f"Checklist p. {page}" in item.source, f"{item.id}: {item.source}"
    assert f"p. {page}" in checklist.source


def _words(text: str) -> list[str]:
    return re.findall(r"[\w'’]+(?:-[\w'’]+)*", text.lower())


def test_texts_are_in_our_own_words(reference_text: str, checklist: Checklist) -> None:
    """No run of eight consecutive words is copied from the handreiking."""
    size = 8
    ref = _words(reference_text)
    grams = {tuple(ref[i : i + size]) for i in range(len(ref) - size + 1)}
    texts: list[tuple[str, str]] = []
    for item in checklist.items:
        texts += [(item.id, item.question), (item.id, item.explanation)]
        texts += [(item.id, action.text) for action in item.actions]
    texts += [(f"fase {p.level}", p.description) for p in checklist.phases]
    texts += [(f"schaal {s.value}", s.description) for s in checklist.scale]
    copied = []
    for where, text in texts:
        words = _words(text)
        for i in range(len(words) - size + 1):
            if tuple(words[i : i + size]) in grams:
                copied.append(f"{where}: {' '.join(words[i : i + size])}")
    assert not copied, "letterlijk overgenomen uit de handreiking:\n" + "\n".join(copied)
