"""Answers from the CSV/XLSX template: every row checked, every problem collected.

Row numbers are spreadsheet row numbers: the header is row 1, the first answer row 2.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import NamedTuple

from readiness.export.importing.limits import Deadline
from readiness.export.importing.problems import ImportFileError, Problem, quoted, text_problem
from readiness.export.importing.readers import Cell, Rows, read_csv, read_xlsx
from readiness.export.labels import (
    AGREED_LEVEL_COLUMN,
    ANSWER_DONT_KNOW,
    ANSWER_NA,
    CONSENSUS_COLUMNS,
    CONSENSUS_SHEET,
    RATIONALE_COLUMN,
)
from readiness.export.safety import restore_text
from readiness.models import AnswerKind, Checklist

__all__ = [
    "ANSWER_HINT",
    "COLUMN_ALIASES",
    "IGNORED_COLUMNS",
    "OPTIONAL_COLUMNS",
    "REQUIRED_COLUMNS",
    "ParsedAnswer",
    "ParsedAnswers",
    "parse_answer",
    "parse_answers",
]

REQUIRED_COLUMNS: tuple[str, ...] = ("meting", "datum", "rol", "respondent", "item", "antwoord")
OPTIONAL_COLUMNS: tuple[str, ...] = ("toelichting",)
#: Informative columns of the XLSX template and export; read over on import.
IGNORED_COLUMNS: tuple[str, ...] = ("nummer", "vraag", "score")
#: The consensus meeting's columns of the CSV export: read over, but counted, so the
#: import can say that agreed levels are not read in (only a JSON export carries them).
READ_OVER_COLUMNS: tuple[str, ...] = CONSENSUS_COLUMNS
#: Other spellings of column names (the XLSX export says "item id").
COLUMN_ALIASES: dict[str, str] = {
    "item id": "item",
    "item_id": "item",
    "ronde": "meting",  # its name before the glossary (older files)
    "opmerking": "toelichting",
}

ANSWER_HINT = "gebruik 0-4, 'weet ik niet' of 'nvt'"
_DONT_KNOW = {ANSWER_DONT_KNOW, "weet_ik_niet", "weetikniet", "wn"}
_NA = {ANSWER_NA, "n.v.t.", "n.v.t", "niet van toepassing"}
#: One of the scale's values written exactly so: no "3.0", "3,0", " 4 " or "'3", no ranges
#: ("1-2"), no trailing text ("4 - zeer"). (An Excel number cell 3 is read as "3".)
_SCORE_RE = re.compile(r"[0-4]")  # exactly one digit, nothing around it (fullmatch)
_NUMBER_LIKE = re.compile(r"[\d\s'\"+.,-]+")
_DATE_PATTERNS = (
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$"),
    re.compile(r"^(?P<d>\d{1,2})[-/.](?P<m>\d{1,2})[-/.](?P<y>\d{4})$"),
)


class ParsedAnswer(NamedTuple):
    """One valid answer row of the template. (A named tuple: a file brings up to 50,000,
    made in the reading child and sent to the importing process.)"""

    row: int
    round_label: str
    date: dt.date | None
    role: str
    respondent: str
    item_id: str
    kind: AnswerKind
    score: int | None
    note: str


@dataclass(frozen=True)
class ParsedAnswers:
    file: str
    answers: list[ParsedAnswer]
    skipped_rows: int = 0  # template rows without an answer
    round_dates: dict[str, dt.date] = field(default_factory=dict)
    #: Agreed levels of a consensus meeting found in the file and not read in (CSV: the
    #: rounds' items with a level or rationale in the consensus columns; XLSX: the rows of
    #: the sheet "Consensusgesprek"). Only a JSON export carries agreed levels back in.
    agreed_levels_read_over: int = 0

    def by_round(self) -> dict[str, list[ParsedAnswer]]:
        """Answers per round label, rounds in the order they first appear."""
        rounds: dict[str, list[ParsedAnswer]] = {}
        for answer in self.answers:
            rounds.setdefault(answer.round_label, []).append(answer)
        return rounds


def parse_answers(data: bytes, file_name: str, checklist: Checklist) -> ParsedAnswers:
    """Read a CSV or XLSX answer file (by its extension). Raises :class:`ImportFileError`."""
    lower = file_name.lower()
    deadline = Deadline()
    if lower.endswith(".xlsx"):
        table = read_xlsx(data, file_name, deadline, count_sheet=CONSENSUS_SHEET)
    elif lower.endswith(".csv"):
        table = read_csv(data, file_name, deadline)
    else:
        raise ImportFileError([Problem(file_name, "kies een .csv- of .xlsx-bestand")])
    parsed = _parse_rows(table.header, table.header_row, table.rows, file_name, checklist)
    if table.counted_rows:
        parsed = replace(parsed, agreed_levels_read_over=parsed.agreed_levels_read_over + table.counted_rows)
    return parsed


def _header_map(
    header: list[str], header_row: int, file_name: str
) -> tuple[dict[str, int], dict[str, int], list[Problem]]:
    """(the columns read, the columns read over but counted, the problems)."""
    problems: list[Problem] = []
    columns: dict[str, int] = {}
    read_over: dict[str, int] = {}
    known = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
    for index, raw in enumerate(header):
        name = " ".join(str(raw or "").replace("\ufeff", "").strip().lower().split())
        name = COLUMN_ALIASES.get(name, name)
        if name in READ_OVER_COLUMNS:
            read_over.setdefault(name, index)
            continue
        if not name or name in IGNORED_COLUMNS:
            continue
        if name not in known:
            problems.append(
                Problem(
                    file_name,
                    f"onbekende kolom {quoted(raw)}; gebruik de kolommen {', '.join(known)}",
                    row=header_row,
                )
            )
        elif name in columns:
            problems.append(Problem(file_name, f"de kolom '{name}' staat er twee keer in", row=header_row))
        else:
            columns[name] = index
    for name in REQUIRED_COLUMNS:
        if name not in columns:
            problems.append(Problem(file_name, f"de kolom '{name}' ontbreekt", row=header_row))
    return columns, read_over, problems


def _parse_rows(
    header: list[str], header_row: int, rows: Rows, file_name: str, checklist: Checklist
) -> ParsedAnswers:
    columns, read_over, problems = _header_map(header, header_row, file_name)
    if problems:
        raise ImportFileError(problems)
    roles = _role_lookup(checklist)
    role_ids = ", ".join(r.id for r in checklist.roles)
    items = {item.id: item for item in checklist.items}
    items_by_number = {str(item.number): item for item in checklist.items}
    labels = answer_labels(checklist)

    answers: list[ParsedAnswer] = []
    skipped = 0
    seen_role: dict[tuple[str, str], tuple[str, int]] = {}
    seen_item: dict[tuple[str, str, str], int] = {}
    round_dates: dict[str, tuple[dt.date, int]] = {}
    agreed: set[tuple[str, str]] = set()  # (round, item) with an agreed level, read over
    contexts: dict[tuple, tuple[str, dt.date | None, str, str]] = {}  # accepted row contexts

    agreed_columns = [read_over[name] for name in (AGREED_LEVEL_COLUMN, RATIONALE_COLUMN) if name in read_over]
    kinds: dict[str, tuple[AnswerKind | None, int | None]] = {}  # an answer as written -> (kind, score)
    number, values, row_problems = 0, {}, []  # the row being read (the two helpers below read them)

    def cell(name: str) -> Cell:
        return values.get(name, "")

    def problem(column: str, message: str) -> None:
        row_problems.append(Problem(file_name, message, row=number, column=column))

    for number, record in rows:
        size = len(record)
        # each column's value once per row: a date as it is, anything else as stripped text
        values = {name: _cleaned(record[index]) if index < size else "" for name, index in columns.items()}
        has_agreed = any(index < size and _text(_cleaned(record[index])) for index in agreed_columns)
        if has_agreed:
            agreed.add((_text(cell("meting")), _text(cell("item"))))
        if not any(values.values()):
            continue  # an empty line
        row_problems = []
        raw_answer = _text(cell("antwoord"))
        if _SCORE_RE.fullmatch(raw_answer):
            # a score is exactly one digit: " 4 " (spaces kept by the file) is not one
            index = columns.get("antwoord")
            written = record[index] if index is not None and index < len(record) else None
            if isinstance(written, str) and written != raw_answer:
                raw_answer = written
        note = _text(cell("toelichting"))
        if not raw_answer:
            if has_agreed and not note:
                continue  # an agreed level of an item nobody answered: read over, counted
            if note:
                problem("antwoord", f"er staat een toelichting maar geen antwoord; {ANSWER_HINT}")
                problems.extend(row_problems)
            else:
                skipped += 1  # a template row nobody filled in
            continue

        # the row's context (meting, datum, rol, respondent) repeats on every answer of one
        # respondent: a context already accepted in an earlier row is not checked again
        context_key = (cell("meting"), cell("datum"), cell("rol"), cell("respondent"))
        context = contexts.get(context_key)
        if context is not None:
            round_label, date, role, respondent = context
        else:
            round_label = _text(cell("meting"))
            if not round_label:
                problem("meting", "vul de naam van de meting in, bijvoorbeeld 'Nulmeting 2026'")
            else:
                _check_text(round_label, "meting", problem)

            date = None
            raw_date = cell("datum")
            if isinstance(raw_date, dt.date):
                date = raw_date
            elif raw_date:
                date = _parse_date(raw_date)
                if date is None:
                    problem("datum", f"{quoted(raw_date)} is geen geldige datum; schrijf bijvoorbeeld 2026-03-01 of 01-03-2026")

            raw_role = _text(cell("rol"))
            role = roles.get(raw_role.lower())
            if not raw_role:
                problem("rol", f"vul een rol in: {role_ids}")
            elif role is None:
                problem("rol", f"{quoted(raw_role)} is geen bekende rol; kies uit {role_ids}")

            respondent = _text(cell("respondent"))
            if not respondent:
                problem("respondent", "vul in wie antwoordde, zonder naam: bijvoorbeeld 'Uitvoering 1'")
            else:
                _check_text(respondent, "respondent", problem)

        raw_item = _text(cell("item"))
        item = items.get(raw_item.lower()) or items_by_number.get(raw_item)
        if not raw_item:
            problem("item", "vul het item-id van de vraag in, bijvoorbeeld 'dra-01'")
        elif item is None:
            problem("item", f"{quoted(raw_item)} is geen bekende vraag; gebruik een item-id zoals 'dra-01'")

        kind, score = kinds.get(raw_answer) or kinds.setdefault(raw_answer, parse_answer(raw_answer, labels))
        if kind is None:
            problem("antwoord", f"{quoted(raw_answer)} is geen geldige waarde; {ANSWER_HINT}")
        elif kind == AnswerKind.NOT_APPLICABLE and item is not None and not item.allows_na:
            problem(
                "antwoord",
                f"vraag {item.number} ({item.id}) kan niet met 'nvt' worden beantwoord; "
                "gebruik 0-4 of 'weet ik niet'",
            )
        _check_text(note, "toelichting", problem)

        # consistency with earlier rows (an accepted context is consistent with them)
        if context is None and round_label and respondent and role is not None:
            earlier = seen_role.setdefault((round_label, respondent), (role, number))
            if earlier[0] != role:
                problem(
                    "rol",
                    f"respondent {quoted(respondent)} in meting {quoted(round_label)} heeft in rij {earlier[1]} "
                    f"de rol '{earlier[0]}'; één respondent heeft één rol",
                )
        if round_label and respondent and item is not None:
            first = seen_item.setdefault((round_label, respondent, item.id), number)
            if first != number:
                problem(
                    "item",
                    f"respondent {quoted(respondent)} beantwoordde vraag {item.number} ({item.id}) in "
                    f"meting {quoted(round_label)} al in rij {first}",
                )
        if context is None and round_label and date is not None:
            first_date, first_row = round_dates.setdefault(round_label, (date, number))
            if first_date != date:
                problem(
                    "datum",
                    f"meting {quoted(round_label)} heeft in rij {first_row} de datum "
                    f"{first_date.isoformat()}; één meting heeft één datum",
                )

        if row_problems:
            problems.extend(row_problems)
            continue
        assert item is not None and role is not None and kind is not None
        if context is None:
            contexts[context_key] = (round_label, date, role, respondent)
        answers.append(
            ParsedAnswer(
                row=number,
                round_label=round_label,
                date=date,
                role=role,
                respondent=respondent,
                item_id=item.id,
                kind=kind,
                score=score,
                note=note,
            )
        )

    if problems:
        raise ImportFileError(problems)
    if not answers:
        raise ImportFileError([Problem(file_name, "er staan geen antwoorden in het bestand")])
    return ParsedAnswers(
        file=file_name,
        answers=answers,
        skipped_rows=skipped,
        round_dates={label: date for label, (date, _row) in round_dates.items()},
        agreed_levels_read_over=len(agreed),
    )


@lru_cache(maxsize=65_536, typed=True)  # a file repeats its cells: labels, items, scores, notes
def _cleaned(value: Cell) -> Cell:
    """A cell as the checks read it: a date as it is, else its text without surrounding
    spaces (and without the apostrophe an export put before a formula-like text)."""
    if isinstance(value, dt.date):
        return value
    return restore_text(str(value if value is not None else "").strip())


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _role_lookup(checklist: Checklist) -> dict[str, str]:
    lookup = {}
    for role in checklist.roles:
        lookup[role.id.lower()] = role.id
        lookup[role.label.lower()] = role.id
        lookup[role.id.replace("_", " ")] = role.id
    return lookup


def _normal(raw: str) -> str:
    value = " ".join(raw.strip().lower().strip("'\"").split())
    return re.sub(r"\s*[–—-]\s*", " - ", value)


def answer_labels(checklist: Checklist | None) -> dict[str, tuple[AnswerKind, int | None]]:
    """The readable answers the exports write ("3 – Grotendeels", "Weet ik niet"), which
    an import accepts as exactly these values (and no other text after a score)."""
    if checklist is None:
        return {}
    labels: dict[str, tuple[AnswerKind, int | None]] = {
        _normal(f"{level.value} – {level.label}"): (AnswerKind.SCORE, level.value) for level in checklist.scale
    }
    labels[_normal(checklist.dont_know_label)] = (AnswerKind.DONT_KNOW, None)
    labels[_normal(checklist.na_label)] = (AnswerKind.NOT_APPLICABLE, None)
    return labels


def parse_answer(
    raw: str, labels: dict[str, tuple[AnswerKind, int | None]] | None = None
) -> tuple[AnswerKind | None, int | None]:
    """An answer cell as (kind, score); (None, None) when it is not one of the allowed
    values: exactly 0, 1, 2, 3 or 4 (no spaces, decimals or quote around it), 'weet ik
    niet', 'nvt', or a label from :func:`answer_labels` (the words of the scale; case and
    spacing of words do not matter)."""
    if _SCORE_RE.fullmatch(raw):
        return AnswerKind.SCORE, int(raw)
    if _NUMBER_LIKE.fullmatch(raw):
        return None, None  # "3,0", "3.0", " 4 ", "'3": a score is written exactly 0-4
    value = _normal(raw)
    if value in _DONT_KNOW:
        return AnswerKind.DONT_KNOW, None
    if value in _NA:
        return AnswerKind.NOT_APPLICABLE, None
    return (labels or {}).get(value, (None, None))


def _parse_date(raw: str) -> dt.date | None:
    value = raw.strip()
    if "T" in value or " " in value:  # a timestamp: keep the date part
        value = re.split(r"[T ]", value, maxsplit=1)[0]
    for pattern in _DATE_PATTERNS:
        if match := pattern.match(value):
            try:
                return dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                return None
    return None


def _check_text(text: str, column: str, problem) -> None:
    if reason := text_problem(text, column):
        problem(column, reason)
