"""Characters that free text can never hold: invisible control characters.

A NUL or another C0/C1 control character typed or pasted into a field is no text a
reader can see, and PostgreSQL refuses a NUL in a text column (the write would fail
halfway with a driver error). :func:`check_free_text` therefore refuses such text before
anything is written, with a Dutch message that names the field, the character (as
U+XXXX) and where it is.

Refused: U+0000-U+001F except tab, line feed and carriage return (a line break typed on
any system); U+007F (DEL); U+0080-U+009F (the C1 controls); and half of a UTF-16
surrogate pair (U+D800-U+DFFF), which is no character at all. Invisible *format*
characters (zero-width space, soft hyphen, ...) are not refused: the guard reads past
them (:mod:`.normalise`) and they store fine.

Pure: standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["BadCharacter", "bad_characters", "describe"]

_ALLOWED = frozenset("\t\n\r")


@dataclass(frozen=True)
class BadCharacter:
    """A character that cannot be stored, and its place (1-based, as a person counts)."""

    char: str
    position: int

    @property
    def code(self) -> str:
        return f"U+{ord(self.char):04X}"

    @property
    def is_surrogate(self) -> bool:
        return 0xD800 <= ord(self.char) <= 0xDFFF


def _bad(char: str) -> bool:
    code = ord(char)
    if code < 0x20:
        return char not in _ALLOWED
    return 0x7F <= code <= 0x9F or 0xD800 <= code <= 0xDFFF


def bad_characters(text: str) -> list[BadCharacter]:
    """Every character of ``text`` that cannot be stored, in order."""
    if text.isprintable() or not any(_bad(c) for c in text):  # the common case, fast
        return []
    return [BadCharacter(c, i) for i, c in enumerate(text, 1) if _bad(c)]


def describe(found: list[BadCharacter]) -> str:
    """What is wrong, in Dutch, without the field: "bevat een onzichtbaar stuurteken
    (U+0000) op positie 12"; several distinct characters are listed once each."""
    codes = list(dict.fromkeys(b.code for b in found))
    where = f"op positie {found[0].position}" if len(found) == 1 else f"vanaf positie {found[0].position}"
    if all(b.is_surrogate for b in found):
        return f"bevat een ongeldig teken ({', '.join(codes)}, een halve tekencode) {where}"
    if len(found) == 1:
        return f"bevat een onzichtbaar stuurteken ({codes[0]}) {where}"
    return f"bevat {len(found)} onzichtbare stuurtekens ({', '.join(codes[:5])}) {where}"
