"""Issue 23: an invisible control character typed or pasted into a free-text field is
refused by the one check every field passes (:func:`check_free_text`), in Dutch, naming
the field, the character and where it is, before the personal-data check and before
anything is written. Tab and line breaks are text; zero-width format characters are
read past by the guard and stored as typed."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from readiness.export.importing.problems import unreadable_characters
from readiness.privacy import (
    ControlCharacterError,
    FreeTextError,
    PersonalDataError,
    bad_characters,
    check_free_text,
)

C0 = [chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"]
C1 = [chr(c) for c in range(0x7F, 0xA0)]  # DEL and the C1 controls
SURROGATES = ["\ud800", "\udbff", "\udc00", "\udfff"]

#: The display names the services give their free-text fields (every kind of field).
FIELDS = [
    "Toelichting",  # answer note
    "Onderbouwing bij vraag 3",  # consensus rationale
    "Plaats van het gesprek",  # meeting place
    "Omschrijving",  # plan action description
    "Eigenaar (functie)",  # plan action owner
    "Notities",  # plan action notes
    "Naam van de meting",  # round label
    "Omschrijving respondent",  # invitation / respondent label
    "Naam van de corporatie",
    "Regio",
    "Naam van de publicatie",
    "Onderwerp van het bericht",
    "Tekst van het bericht",
]


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x7f", "\x85", "\x9f"], ids=repr)
def test_a_control_character_is_refused_in_every_field_in_dutch(field, char):
    text = f"Werkinstructie{char} besproken in het MT."
    with pytest.raises(ControlCharacterError) as refused:
        check_free_text(text, field)
    message = str(refused.value)
    assert message.startswith(f"Het veld '{field}' bevat een onzichtbaar stuurteken (U+{ord(char):04X}) op positie 15.")
    assert "haal het weg" not in message and "haal ze weg of typ de tekst opnieuw" in message
    assert char not in message  # the message itself prints safely
    assert refused.value.field == field
    assert isinstance(refused.value, FreeTextError) and isinstance(refused.value, ValueError)


@pytest.mark.parametrize("char", C0 + C1, ids=lambda c: f"U+{ord(c):04X}")
def test_every_c0_and_c1_control_character_is_refused(char):
    assert [(b.char, b.position) for b in bad_characters(f"ab{char}")] == [(char, 3)]
    with pytest.raises(ControlCharacterError, match=rf"\(U\+{ord(char):04X}\)"):
        check_free_text(f"ab{char}", "Toelichting")


@pytest.mark.parametrize("char", SURROGATES, ids=lambda c: f"U+{ord(c):04X}")
def test_half_a_surrogate_pair_is_refused_as_an_invalid_character(char):
    with pytest.raises(ControlCharacterError, match=r"bevat een ongeldig teken \(U\+D[89A-F][0-9A-F]{2}, een halve tekencode\)"):
        check_free_text(f"Notitie {char}", "Notities")


@pytest.mark.parametrize(
    "text",
    [
        "Eerste regel\nTweede regel",
        "Kolom\tkolom",
        "Windows-regel\r\nvolgende",
        "Zero-width\u200bspatie en zachte\u00adafbreking",  # format characters: read past, stored
        "Ü, é, €, 😀 en ｆｕｌｌｗｉｄｔｈ",
    ],
)
def test_tabs_line_breaks_and_ordinary_unicode_pass(text):
    assert bad_characters(text) == []
    check_free_text(text, "Toelichting")


def test_several_control_characters_are_counted_and_each_named_once():
    with pytest.raises(ControlCharacterError) as refused:
        check_free_text("a\x00b\x00c\x1bd", "Notities")
    assert "bevat 3 onzichtbare stuurtekens (U+0000, U+001B) vanaf positie 2" in str(refused.value)
    assert [b.position for b in refused.value.characters] == [2, 4, 6]


def test_the_control_character_is_reported_before_personal_data():
    with pytest.raises(ControlCharacterError):
        check_free_text("Bel 06-12345678\x00", "Toelichting")
    with pytest.raises(PersonalDataError):  # without the NUL, the phone number is what is wrong
        check_free_text("Bel 06-12345678", "Toelichting")


def test_an_import_uses_the_same_check_including_c1():
    assert unreadable_characters("a\x00b") == "de tekst bevat een onzichtbaar stuurteken (U+0000) op positie 2; haal het weg"
    assert unreadable_characters("a\x85b") == "de tekst bevat een onzichtbaar stuurteken (U+0085) op positie 2; haal het weg"
    assert "halve tekencode" in unreadable_characters("a\ud800")
    assert unreadable_characters("a\tb\r\nc") is None


@given(st.text(max_size=80))
def test_refused_exactly_when_a_forbidden_character_is_present(text):
    forbidden = [c for c in text if (ord(c) < 0x20 and c not in "\t\n\r") or 0x7F <= ord(c) <= 0x9F
                 or 0xD800 <= ord(c) <= 0xDFFF]  # fmt: skip
    assert [b.char for b in bad_characters(text)] == forbidden
