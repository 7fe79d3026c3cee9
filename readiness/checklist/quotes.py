"""How a quote in ``items.yaml`` is compared with the handreiking's text.

A quote is *verbatim* when, after the normalisation below is applied to both the quote and
the text, every fragment of the quote (fragments are separated by "…", an omission)
occurs in the text, in order. The normalisation only undoes differences of typesetting,
never of wording:

1. markup of the text file is removed: ``<sup>…</sup>`` footnote marks and other tags,
   ``*``/``_`` emphasis marks, and markdown links ``[label](url)`` (the label stays);
2. typographic quotes and apostrophes (‘ ’ “ ” „) become ' and ", dashes (– —) become -,
   and a non-breaking space becomes a space;
3. a word broken at the end of a line ("huurders-\\n  dossier") is joined, and a soft
   hyphen (U+00AD) is removed;
4. runs of white space (also line breaks and the markdown line break "two spaces and a
   newline") become one space.

Letters, case, punctuation and word order are compared as they are: a changed word, a
changed ending or a dropped comma is a mismatch.

Pure: standard library only.
"""

from __future__ import annotations

import re

__all__ = ["OMISSION", "fragments", "normalise", "quote_in_text"]

#: Marks an omission inside a quote.
OMISSION = "…"

_TAGS = re.compile(r"<sup>.*?</sup>|<[^>]+>", re.DOTALL)
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"[*_]+")
_LINE_HYPHEN = re.compile(r"(\w)-[ \t]*\n[ \t]*(\w)")
_TYPOGRAPHY = str.maketrans(
    {"‘": "'", "’": "'", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-", "\u00a0": " ", "\u00ad": None}
)


def normalise(text: str) -> str:
    """The text with typesetting differences removed (see the module doc)."""
    text = _TAGS.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _EMPHASIS.sub("", text)
    text = text.translate(_TYPOGRAPHY)
    text = _LINE_HYPHEN.sub(r"\1\2", text)
    return " ".join(text.split())


def fragments(quote: str) -> list[str]:
    """The normalised fragments of a quote, split at "…" (empty ones dropped)."""
    return [part for part in (normalise(p) for p in quote.split(OMISSION)) if part]


def quote_in_text(quote: str, text: str) -> bool:
    """True when every fragment of ``quote`` occurs in ``text`` (both normalised), in order."""
    haystack = normalise(text)
    position = 0
    parts = fragments(quote)
    if not parts:
        return False
    for part in parts:
        found = haystack.find(part, position)
        if found < 0:
            return False
        position = found + len(part)
    return True
