"""What is wrong with an import file, and where: :class:`Problem` and :class:`ImportFileError`."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import lru_cache

from readiness.export.importing.limits import MAX_TEXT
from readiness.privacy import FreeTextError, check_free_text
from readiness.privacy.characters import bad_characters, describe

__all__ = [
    "MAX_QUOTED", "ImportFileError", "Problem", "printable", "quoted", "text_problem", "unreadable_characters",
]  # fmt: skip

#: The longest piece of a user's value quoted in a message (the rest becomes "…").
MAX_QUOTED = 60


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an import file, and where."""

    file: str
    message: str
    row: int | None = None
    column: str | None = None
    where: str | None = None  # a path in a JSON file, e.g. "rounds[0].respondents[1]"

    def __str__(self) -> str:
        parts = [self.file]
        if self.row is not None:
            parts.append(f"rij {self.row}")
        if self.column is not None:
            parts.append(f"kolom '{self.column}'")
        if self.where:
            parts.append(self.where)
        return printable(", ".join(parts) + ": " + self.message)


def printable(text: str) -> str:
    """Control characters from a file become U+FFFD, so a message prints safely anywhere."""
    return "".join("\ufffd" if (ord(c) < 32 and c not in "\t") or 127 <= ord(c) < 160 else c for c in text)


def unreadable_characters(text: str) -> str | None:
    """Why ``text`` cannot be stored as it is, or None: a control character such as NUL
    (PostgreSQL refuses it in text) or half of a UTF-16 pair (no character at all). The
    same check as every free-text field typed in the app or the command line
    (:mod:`readiness.privacy.characters`)."""
    if found := bad_characters(text):
        return f"de tekst {describe(found[:1])}; haal het weg"
    return None


def text_problem(text: str, field_name: str) -> str | None:
    """What is wrong with a free text from a file (too long, an unreadable character,
    personal data for the field ``field_name``), or None.

    A file repeats its texts (a respondent's label on each of its rows, the same note on
    many answers): each distinct text is checked once (a 1 MB CSV has 30,000 texts to
    check, but a few thousand distinct ones).
    """
    if not text:
        return None
    return _text_problem(text, field_name, dt.date.today())


@lru_cache(maxsize=16_384)
def _text_problem(text: str, field_name: str, today: dt.date) -> str | None:
    if len(text) > MAX_TEXT:
        return f"de tekst is te lang ({len(text)} tekens; hoogstens {MAX_TEXT})"
    if reason := unreadable_characters(text):
        return reason
    try:
        check_free_text(text, field_name, today=today)
    except FreeTextError as exc:
        return str(exc)
    return None


def quoted(value: object, limit: int = MAX_QUOTED) -> str:
    """A user's value for a message: text in quotes, anything else as JSON, at most
    ``limit`` characters (a 4,000-character cell is not repeated in full)."""
    if isinstance(value, str):
        text = value if len(value) <= limit else value[: limit - 1] + "…"
        return f"'{text}'"
    try:
        text = json.dumps(value, ensure_ascii=False, default=str)
    except (TypeError, ValueError, RecursionError):
        text = type(value).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"


class ImportFileError(ValueError):
    """The file was refused; ``problems`` lists everything that is wrong with it."""

    MAX_SHOWN = 50

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        n = len(self.problems)
        head = "Het bestand is niet ingelezen en er is niets veranderd. " + (
            "Er is 1 probleem:" if n == 1 else f"Er zijn {n} problemen:"
        )
        lines = [f"- {p}" for p in self.problems[: self.MAX_SHOWN]]
        if n > self.MAX_SHOWN:
            lines.append(f"- … en nog {n - self.MAX_SHOWN} problemen.")
        super().__init__("\n".join([head, *lines]))
