"""Postcodes (with or without house number) and street names with a house number.

Pure: standard library only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from readiness.privacy.base import LABELS, POSTCODE_WITH_NUMBER_LABEL, Finding, mask, scan

# --------------------------------------------------------------------------- postcode / address

_POSTCODE_RE = re.compile(
    r"""
    (?<![\w])
    (?P<postcode> [1-9][0-9]{3} (?:\ ?[A-Z]{2} | [a-z]{2}) )          # "1234 AB", "1234AB", "1234ab"
    (?![\w])
    (?:                                                              # optional house number
        \s*,?\s* (?:(?:nr|no|huisnummer)\.?\s*)?
        (?P<number> [0-9]{1,5} (?:[ -]?[a-zA-Z](?![\w]))? )
        (?![0-9%]|[.,:][0-9])
    )?
    """,
    re.VERBOSE | re.ASCII,
)

#: Dutch postcodes never use these letter pairs.
_INVALID_POSTCODE_LETTERS = {"SA", "SD", "SS"}
#: "2048 MB", "1000km": a quantity with a unit, unless a house number follows.
_UNITS = {"KB", "MB", "GB", "TB", "KM", "CM", "MM", "DM", "KG", "MG", "ML", "CL", "DL", "KW", "MW", "GW", "PK", "HZ"}


def find_postcodes(text: str) -> Iterator[Finding]:
    """Dutch postcodes, with the house number when one follows."""

    def accept(m: re.Match[str]) -> bool:
        letters = m.group("postcode")[-2:].upper()
        if letters in _INVALID_POSTCODE_LETTERS:
            return False
        return not (letters in _UNITS and m.group("number") is None)

    for m in scan(_POSTCODE_RE, text, accept):
        label = POSTCODE_WITH_NUMBER_LABEL if m.group("number") else LABELS["postcode"]
        yield Finding("postcode", label, m.start(), m.end(), mask(m.group(), 2, 0))


_STREET_RE = re.compile(
    r"""
    (?<![\w])
    (?P<street> [A-Z][a-zà-ÿ'-]* (?:straat|laan|weg|plein|gracht|kade|singel|dreef|hof|steeg|pad) )
    \s+
    (?P<number> [0-9]{1,4} (?:[ -]?[a-zA-Z](?![\w]))? )
    (?![0-9%]|[.,:][0-9])
    """,
    re.VERBOSE,
)


def find_streets(text: str) -> Iterator[Finding]:
    """Street name + house number ("Kerkstraat 12"); the number is masked."""
    for m in _STREET_RE.finditer(text):
        excerpt = m.group("street") + mask(m.group()[len(m.group("street")) :], only_digits=False)
        yield Finding("address", LABELS["address"], m.start(), m.end(), excerpt)
