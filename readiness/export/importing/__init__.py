"""Reading files back in: answers from the CSV/XLSX template, a corporation from JSON.

This package only *reads and checks*; it writes nothing. Everything that can be checked
from the file and the checklist alone is checked here, before anything is written, and
every problem is collected (not just the first) with the file, row and column, e.g.::

    antwoorden.csv, rij 7, kolom 'antwoord': 'vijf' is geen geldige waarde; gebruik 0-4, 'weet ik niet' of 'nvt'

Checks that need the database (is the round final? does the respondent exist with
another role?) are made by :mod:`readiness.services.reports`, which then writes
everything in one transaction or nothing at all.

- :mod:`.limits`    the caps that hold before the work is done (zip sizes, sheet size,
                    rows, cells, time, JSON depth and counts)
- :mod:`.readers`   CSV and XLSX as rows of cells
- :mod:`.answers`   the template's rows checked into answers
- :mod:`.document`  a JSON export checked in parts
- :mod:`.problems`  :class:`Problem` and :class:`ImportFileError`

Every free text (round label, respondent label, note, action texts) goes through
:func:`readiness.privacy.check_free_text`.
"""

from readiness.export.importing.answers import (
    ANSWER_HINT,
    COLUMN_ALIASES,
    IGNORED_COLUMNS,
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    ParsedAnswer,
    ParsedAnswers,
    parse_answer,
    parse_answers,
)
from readiness.export.importing.document import json_depth_exceeds, parse_document
from readiness.export.importing.limits import MAX_ROWS, MAX_TEXT
from readiness.export.importing.problems import ImportFileError, Problem

__all__ = [
    "ANSWER_HINT",
    "COLUMN_ALIASES",
    "IGNORED_COLUMNS",
    "MAX_ROWS",
    "MAX_TEXT",
    "OPTIONAL_COLUMNS",
    "REQUIRED_COLUMNS",
    "ImportFileError",
    "ParsedAnswer",
    "ParsedAnswers",
    "Problem",
    "json_depth_exceeds",
    "parse_answer",
    "parse_answers",
    "parse_document",
]
