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
    (?P<postcode> [1-9][0-9]{3}
      (?: \ {0,2}[A-Z]{2}                                 # "1234 AB", "1234AB", "1234  AB"
        | [a-z]{2}                                        # "1234ab"
        | (?:\ {1,2}[a-z]{2}|-[A-Za-z]{2}) (?=\ {0,2},?\ {0,2}[0-9])   # "1234 ab 12", "1234-AB 12"
      )
    )
    (?![A-Za-z]|-[A-Za-z])                                # not "1234 AB-formulieren", "1234 abc"
    (?:                                                   # optional house number, also glued: "1234AB12"
        \ {0,2},?\ {0,2} (?:(?:nr|no|huisnummer)\.?\ *)?
        (?P<number> [0-9]{1,5} (?:[ -]?[a-zA-Z](?![\w]))? )
        (?![0-9%]|[.,:][0-9])
    )?
    """,
    re.VERBOSE | re.ASCII,
)
#: Short Dutch words that follow a number in ordinary sentences ("In 2019 en 2020"): in
#: lower case after a space they are no postcode letters.
_SMALL_WORDS = {"en", "of", "in", "op", "te", "om", "na", "al", "is", "nu", "zo", "ik", "we", "je", "ze",
                "ca", "bv", "nr", "no", "de", "uw", "er", "an", "on", "at", "to", "by", "as", "or", "et"}  # fmt: skip

#: Dutch postcodes never use these letter pairs.
_INVALID_POSTCODE_LETTERS = {"SA", "SD", "SS"}
#: "2048 MB", "1000km": a quantity with a unit, unless a house number follows.
_UNITS = {"KB", "MB", "GB", "TB", "KM", "CM", "MM", "DM", "KG", "MG", "ML", "CL", "DL", "KW", "MW", "GW", "PK", "HZ"}


def find_postcodes(text: str) -> Iterator[Finding]:
    """Dutch postcodes, with the house number when one follows."""

    def accept(m: re.Match[str]) -> bool:
        written = m.group("postcode")[-2:]
        letters = written.upper()
        if letters in _INVALID_POSTCODE_LETTERS:
            return False
        if written.islower() and not m.group("postcode")[4].isalpha() and written in _SMALL_WORDS:
            return False
        return not (letters in _UNITS and m.group("number") is None)

    for m in scan(_POSTCODE_RE, text, accept):
        label = POSTCODE_WITH_NUMBER_LABEL if m.group("number") else LABELS["postcode"]
        yield Finding("postcode", label, m.start(), m.end(), mask(m.group(), 2, 0))


_STREET_RE = re.compile(
    r"""
    (?<![\w])
    (?P<street> [A-Z][a-zà-ÿ'-]* (?:straat|laan|weg|plein|gracht|kade|singel|dreef|hof|steeg|pad)
              | [a-z][a-zà-ÿ'-]* (?:straat|laan|plein|gracht|kade|singel|dreef|steeg)     # "kerkstraat 12"
              | [A-Z][A-ZÀ-Þ'-]* (?:STRAAT|LAAN|WEG|PLEIN|GRACHT|KADE|SINGEL|DREEF|HOF|STEEG|PAD) )  # "KERKSTRAAT 12"
    \s+
    (?P<number> [0-9]{1,4} (?!(?:e|ste|de)\s+[a-z])         # not "Kerkstraat 1e fase" (an ordinal)
                (?:[ -]?[a-zA-Z](?![\w]))? )
    (?![0-9%]|[.,:][0-9])
    """,
    re.VERBOSE,
)


def find_streets(text: str) -> Iterator[Finding]:
    """Street name + house number ("Kerkstraat 12"); the number is masked."""
    for m in _STREET_RE.finditer(text):
        excerpt = m.group("street") + mask(m.group()[len(m.group("street")) :], only_digits=False)
        yield Finding("address", LABELS["address"], m.start(), m.end(), excerpt)
