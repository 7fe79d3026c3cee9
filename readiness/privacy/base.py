"""Shared parts of the privacy guard: the finding type, Dutch labels, masking and scanning.

Pure: standard library only.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

#: Dutch labels per kind, used in findings and error messages.
LABELS: dict[str, str] = {
    "email": "e-mailadres",
    "phone": "telefoonnummer",
    "postcode": "postcode",
    "address": "adres (straat en huisnummer)",
    "bsn": "burgerservicenummer (BSN)",
    "date_of_birth": "mogelijke geboortedatum",
    "iban": "rekeningnummer (IBAN)",
}
POSTCODE_WITH_NUMBER_LABEL = "adres (postcode en huisnummer)"

#: A full date at least this many years ago may be someone's date of birth.
DOB_MIN_AGE_YEARS = 10
#: ... but dates further back than this are historical (e.g. a founding date).
DOB_MAX_AGE_YEARS = 110



@dataclass(frozen=True)
class Finding:
    """One piece of probable personal data found in a text.

    ``start``/``end`` index into the checked text; ``excerpt`` is the matched text
    with most characters replaced by ``*`` so it can be shown back safely.
    """

    kind: str
    label: str
    start: int
    end: int
    excerpt: str


# --------------------------------------------------------------------------- masking


def mask(value: str, keep_start: int = 0, keep_end: int = 0, *, only_digits: bool = False) -> str:
    """Replace characters of ``value`` by ``*``, keeping a few at both ends.

    Only letters/digits (or only digits) are masked; separators stay so the user
    can still recognise the shape. At least a third of the maskable characters
    (and at least one) is always masked, so an excerpt never reveals the full value.
    """
    maskable = [i for i, ch in enumerate(value) if (ch.isdigit() if only_digits else ch.isalnum())]
    n = len(maskable)
    min_hidden = max(1, -(-n // 3))  # at least a third, and at least one character
    while keep_start + keep_end > n - min_hidden and (keep_start or keep_end):
        if keep_start >= keep_end:
            keep_start -= 1
        else:
            keep_end -= 1
    hidden = set(maskable[keep_start : n - keep_end])
    return "".join("*" if i in hidden else ch for i, ch in enumerate(value))


def mask_email(value: str) -> str:
    """``jan.jansen@voorbeeld.nl`` -> ``j***@***.nl``."""
    local, _, domain = value.partition("@")
    tld = domain.rsplit(".", 1)[-1]
    return f"{local[:1]}***@***.{tld}"




# --------------------------------------------------------------------------- scanning helpers


def scan(pattern: re.Pattern[str], text: str, accept: Callable[[re.Match[str]], bool]) -> Iterator[re.Match[str]]:
    """Yield matches of ``pattern`` that ``accept`` approves.

    Unlike ``finditer``, a rejected candidate does not swallow its span: the
    search resumes one character after its start, so a real match that overlaps
    a rejected candidate is still found.
    """
    pos = 0
    while (m := pattern.search(text, pos)) is not None:
        if accept(m):
            yield m
            pos = max(m.end(), m.start() + 1)
        else:
            pos = m.start() + 1


def preceded_by(text: str, start: int, pattern: re.Pattern[str], window: int = 30) -> bool:
    """True if ``pattern`` matches at the end of the ``window`` characters before ``start``."""
    return pattern.search(text[max(0, start - window) : start]) is not None


def digits(value: str) -> str:
    """Only the digits of ``value``."""
    return "".join(ch for ch in value if ch.isdigit())




class Spans:
    """Spans of a text (``(start, end)`` pairs) that answer "does this part overlap one of
    them?" in logarithmic time, so a text with thousands of findings is not checked
    pair by pair."""

    def __init__(self, spans) -> None:
        ordered = sorted(spans)
        self._starts = [start for start, _ in ordered]
        self._max_ends = list(itertools.accumulate((end for _, end in ordered), max))

    def overlap(self, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` shares a character with one of the spans."""
        before_end = bisect.bisect_left(self._starts, end)  # the spans that start before ``end``
        return before_end > 0 and self._max_ends[before_end - 1] > start
