"""Text as a person reads it, before the guard's patterns look at it.

A filter that matches the characters as typed is walked past by text that looks the
same to a reader: fullwidth "＠" and "．", a zero-width space inside an address, a
Cyrillic "о" in ".cоm", an en dash or an underscore between the digits of a phone
number, fullwidth digits in a BSN. :func:`normalise` turns such text into its plain
form, character by character, and remembers for every character where it came from,
so a finding still points into the text the user wrote:

1. Unicode NFKC (fullwidth and other compatibility forms: "＠" -> "@", "１" -> "1",
   no-break spaces -> " ", "ﬁ" -> "fi");
2. format characters (Unicode category Cf: zero-width space/joiner, word joiner, soft
   hyphen, byte-order mark, direction marks) and other invisible controls are removed;
3. letters that look like Latin ones (Cyrillic "а е о р с х у і ј ѕ", Greek "ο α ε ι ν
   κ ρ τ χ", and their capitals) become the Latin letter;
4. dash variants (hyphen, non-breaking hyphen, figure dash, en/em dash, minus) become
   "-"; an underscore between two digits becomes "-" too.

Case is kept (names and postcodes are told apart by their capitals); the patterns that
should not care about case match case-insensitively.

Pure: standard library only.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["Normalised", "normalise"]

_HOMOGLYPHS = str.maketrans({
    # Cyrillic
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "х": "x", "у": "y", "і": "i", "ј": "j",
    "ѕ": "s", "ԁ": "d", "ɡ": "g", "һ": "h", "ӏ": "l", "ԛ": "q", "ԝ": "w", "ѵ": "v", "ь": "b",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C",
    "Т": "T", "Х": "X", "У": "Y", "І": "I", "Ј": "J", "Ѕ": "S", "Ԁ": "D", "Ԛ": "Q", "Ԝ": "W",
    # Greek
    "ο": "o", "α": "a", "ε": "e", "ι": "i", "ν": "v", "κ": "k", "ρ": "p", "τ": "t", "χ": "x",
    "υ": "u", "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
    "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
    # dashes and minus signs
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-", "\u2043": "-", "\ufe58": "-", "\ufe63": "-", "\uff0d": "-",
    # written dots that look like a full stop
    "\u2024": ".", "\u3002": ".", "\uff61": ".",
})  # fmt: skip
_UNDERSCORE_BETWEEN_DIGITS = re.compile(r"(?<=[0-9])_+(?=[0-9])")


class Normalised(str):
    """The normalised text (a ``str``) with ``origin``: for every character of it, the
    index of the character of the original text it came from."""

    origin: list[int]
    original_length: int

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """A span of the normalised text as the span of the original text it covers."""
        if start >= len(self.origin):
            return self.original_length, self.original_length
        first = self.origin[start]
        last = self.origin[end - 1] + 1 if end > start else first
        return first, last


def _invisible(char: str) -> bool:
    category = unicodedata.category(char)
    return category == "Cf" or (category == "Cc" and char not in "\t\n\r")


def normalise(text: str) -> Normalised:
    """``text`` as a reader sees it (see the module's description), with its origin map."""
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        if char.isascii() and char != "\x7f" and (char >= " " or char in "\t\n\r"):
            out.append(char)  # the common case, unchanged
            origin.append(index)
            continue
        if _invisible(char):
            continue
        plain = unicodedata.normalize("NFKC", char).translate(_HOMOGLYPHS)
        for piece in plain:
            if not _invisible(piece):
                out.append(piece)
                origin.append(index)
    joined = _UNDERSCORE_BETWEEN_DIGITS.sub(lambda m: "-" * len(m.group()), "".join(out))
    result = Normalised(joined)
    result.origin = origin
    result.original_length = len(text)
    return result
