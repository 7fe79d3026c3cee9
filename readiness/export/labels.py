"""Dutch wording and number formats shared by the report writers (PDF, DOCX, XLSX).

Pure: standard library and the domain models only.
"""

from __future__ import annotations

import datetime as dt

from readiness import glossary
from readiness.formatting import MONTHS as _MONTHS, format_date
from readiness.formatting import format_change, format_mean, format_score, short_text
from readiness.models import AnswerKind, Checklist, Item

MONTHS = _MONTHS  # re-exported: the month names of the one date format

# The words of the glossary (readiness.glossary): one word per idea in pages and reports.
ROUND_STATUS = glossary.ROUND_STATUS
ACTION_STATUS = glossary.ACTION_STATUS
PRIORITY = glossary.PRIORITY
TARGET_DATE = glossary.cap(glossary.TARGET_DATE)  # column heading "Streefdatum"
OVERDUE_NOTE = glossary.OVERDUE  # "over tijd", after an action's status
ROUND_COLUMN = glossary.ROUND  # "meting": the round column of the CSV/XLSX files
GAP_REASON = {
    "achterstand": f"onder het {glossary.TARGET_LEVEL}",
    "onbekend": "veel respondenten weten het niet",
}

#: The canonical answer values in the CSV/XLSX template and the CSV export.
ANSWER_DONT_KNOW = "weet ik niet"
ANSWER_NA = "nvt"

#: The consensus meeting's columns after the answer columns of the CSV export: the basis
#: of the item's result, the agreed level (0-4 or "nog niet te bepalen"), its rationale and
#: the meeting's date. Informative: an import reads them over (only JSON carries agreed
#: levels back in), see docs/export-schema.md.
BASIS_COLUMN = "basis"
AGREED_LEVEL_COLUMN = "vastgesteld niveau"
RATIONALE_COLUMN = "onderbouwing"
MEETING_DATE_COLUMN = "consensusgesprek"
CONSENSUS_COLUMNS: tuple[str, ...] = (BASIS_COLUMN, AGREED_LEVEL_COLUMN, RATIONALE_COLUMN, MEETING_DATE_COLUMN)
#: The sheet of the XLSX export with the agreed levels (read over on import, like the CSV columns).
CONSENSUS_SHEET = "Consensusgesprek"


def long_date(value: dt.date | None) -> str:
    """``2026-03-01`` -> ``1 maart 2026``; empty for None."""
    return format_date(value, empty="")


def score_text(score: float | None) -> str:
    """A 0-100 score as shown everywhere (:func:`readiness.formatting.format_score`)."""
    return format_score(score)


def mean_text(mean: float | None) -> str:
    """A 0-4 mean with a decimal comma (``2,5``), or a dash."""
    return format_mean(mean)


def change_text(before: float | None, after: float | None) -> str:
    """The change between two scores as shown (``+4``, ``−3``, ``0``), or a dash."""
    return format_change(before, after)


def short_question(item: Item, limit: int = 80) -> str:
    """The item's question, cut at a word boundary to at most ``limit`` characters."""
    return short_text(item.question, limit)


def full_question(item: Item) -> str:
    """The item's whole question on one line (reports show it uncut)."""
    return " ".join(item.question.split())


def answer_value(kind: AnswerKind, score: int | None) -> str:
    """The template value of an answer: ``0``-``4``, ``weet ik niet`` or ``nvt``."""
    if kind == AnswerKind.SCORE:
        return str(score)
    return ANSWER_DONT_KNOW if kind == AnswerKind.DONT_KNOW else ANSWER_NA


def answer_label(checklist: Checklist, kind: AnswerKind, score: int | None) -> str:
    """The readable answer: ``3 – Grotendeels``, ``Weet ik niet``, ``Niet van toepassing``."""
    if kind == AnswerKind.SCORE and score is not None:
        return f"{score} – {checklist.scale_label(score)}"
    return checklist.dont_know_label if kind == AnswerKind.DONT_KNOW else checklist.na_label


def role_counts(checklist: Checklist, roles: list[str]) -> list[tuple[str, int]]:
    """(role label, number of respondents) in the checklist's role order."""
    order = [r.id for r in checklist.roles]
    counted = {role: roles.count(role) for role in set(roles)}
    ranked = sorted(counted, key=lambda r: (order.index(r) if r in order else len(order), r))
    return [(checklist.role_label(role), counted[role]) for role in ranked]
