"""Reading files back in: answers from the CSV/XLSX template, a corporation from JSON.

This module only *reads and checks*; it writes nothing. Everything that can be checked
from the file and the checklist alone is checked here, and every problem is collected
(not just the first) with the file, row and column, for example::

    antwoorden.csv, rij 7, kolom 'antwoord': 'vijf' is geen geldige waarde; gebruik 0-4, 'weet ik niet' of 'nvt'

Row numbers are spreadsheet row numbers: the header is row 1, the first answer row 2.
Checks that need the database (is the round final? does the respondent exist with
another role?) are made by :mod:`readiness.services.reports`, which then writes
everything in one transaction or nothing at all.

Every free text (round label, respondent label, note, action texts) goes through
:func:`readiness.privacy.check_free_text`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from pydantic import ValidationError as PydanticValidationError

from readiness.export.labels import ANSWER_DONT_KNOW, ANSWER_NA
from readiness.export.model import ExportDocument
from readiness.export.safety import restore_text
from readiness.models import SIZE_CLASSES, AnswerKind, Checklist, RoundStatus
from readiness.privacy import PersonalDataError, check_free_text

__all__ = [
    "ANSWER_HINT",
    "IGNORED_COLUMNS",
    "MAX_ROWS",
    "OPTIONAL_COLUMNS",
    "REQUIRED_COLUMNS",
    "ImportFileError",
    "ParsedAnswer",
    "ParsedAnswers",
    "Problem",
    "parse_answers",
    "parse_document",
]

REQUIRED_COLUMNS: tuple[str, ...] = ("ronde", "datum", "rol", "respondent", "item", "antwoord")
OPTIONAL_COLUMNS: tuple[str, ...] = ("toelichting",)
#: Informative columns of the XLSX template and export; read over on import.
IGNORED_COLUMNS: tuple[str, ...] = ("nummer", "vraag", "score")
#: Other spellings of column names (the XLSX export says "item id").
COLUMN_ALIASES: dict[str, str] = {
    "item id": "item",
    "item_id": "item",
    "meting": "ronde",
    "opmerking": "toelichting",
}
MAX_ROWS = 50_000
MAX_TEXT = 4_000  # characters in one note or label

ANSWER_HINT = "gebruik 0-4, 'weet ik niet' of 'nvt'"
_DONT_KNOW = {ANSWER_DONT_KNOW, "weet_ik_niet", "weetikniet", "wn"}
_NA = {ANSWER_NA, "n.v.t.", "n.v.t", "niet van toepassing"}
_SCORE_RE = re.compile(r"^([0-4])(?:[.,]0+)?(?:\s*[–—-]\s*.*)?$")
_DATE_PATTERNS = (
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$"),
    re.compile(r"^(?P<d>\d{1,2})[-/.](?P<m>\d{1,2})[-/.](?P<y>\d{4})$"),
)


# --------------------------------------------------------------------------- problems


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
        return _printable(", ".join(parts) + ": " + self.message)


def _printable(text: str) -> str:
    """Control characters from a file become U+FFFD, so a message prints safely anywhere."""
    return "".join("\ufffd" if (ord(c) < 32 and c not in "\t") or 127 <= ord(c) < 160 else c for c in text)


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


# --------------------------------------------------------------------------- answers (CSV/XLSX)


@dataclass(frozen=True)
class ParsedAnswer:
    """One valid answer row of the template."""

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

    def by_round(self) -> dict[str, list[ParsedAnswer]]:
        """Answers per round label, rounds in the order they first appear."""
        rounds: dict[str, list[ParsedAnswer]] = {}
        for answer in self.answers:
            rounds.setdefault(answer.round_label, []).append(answer)
        return rounds


def parse_answers(data: bytes, file_name: str, checklist: Checklist) -> ParsedAnswers:
    """Read a CSV or XLSX answer file (by its extension). Raises :class:`ImportFileError`."""
    lower = file_name.lower()
    if lower.endswith(".xlsx"):
        header, rows = _read_xlsx(data, file_name)
    elif lower.endswith(".csv"):
        header, rows = _read_csv(data, file_name)
    else:
        raise ImportFileError([Problem(file_name, "kies een .csv- of .xlsx-bestand")])
    return _parse_rows(header, rows, file_name, checklist)


Cell = str | dt.date | None


def _read_csv(data: bytes, file_name: str) -> tuple[list[str], Iterator[tuple[int, list[Cell]]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # "CSV" saved by Excel on Windows
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise ImportFileError([Problem(file_name, "het bestand is leeg")]) from None
    except csv.Error as exc:
        raise ImportFileError([Problem(file_name, f"geen geldige CSV ({exc})", row=1)]) from None

    def rows() -> Iterator[tuple[int, list[Cell]]]:
        number = 1
        try:
            for record in reader:
                number += 1
                yield number, list(record)
        except csv.Error as exc:
            raise ImportFileError(
                [Problem(file_name, f"geen geldige CSV ({exc})", row=number + 1)]
            ) from None

    return header, rows()


def _read_xlsx(data: bytes, file_name: str) -> tuple[list[str], Iterator[tuple[int, list[Cell]]]]:
    from openpyxl import load_workbook  # only needed for this format

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        raise ImportFileError(
            [Problem(file_name, f"geen geldig Excel-bestand (.xlsx) ({type(exc).__name__})")]
        ) from None
    sheet = book["Antwoorden"] if "Antwoorden" in book.sheetnames else book.worksheets[0]
    values = sheet.iter_rows(values_only=True)
    try:
        header = [_cell_text(v) for v in next(values)]
    except StopIteration:
        raise ImportFileError([Problem(file_name, "het werkblad is leeg")]) from None

    def rows() -> Iterator[tuple[int, list[Cell]]]:
        for number, record in enumerate(values, start=2):
            yield number, [_cell_value(v) for v in record]
        book.close()

    return header, rows()


def _cell_value(value: object) -> Cell:
    """An XLSX cell as text, or as a date when Excel stored a date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return _cell_text(value)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return str(value)


def _header_map(header: list[str], file_name: str) -> tuple[dict[str, int], list[Problem]]:
    problems: list[Problem] = []
    columns: dict[str, int] = {}
    known = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
    for index, raw in enumerate(header):
        name = " ".join(str(raw or "").replace("\ufeff", "").strip().lower().split())
        name = COLUMN_ALIASES.get(name, name)
        if not name or name in IGNORED_COLUMNS:
            continue
        if name not in known:
            problems.append(
                Problem(
                    file_name,
                    f"onbekende kolom '{raw}'; gebruik de kolommen {', '.join(known)}",
                    row=1,
                )
            )
        elif name in columns:
            problems.append(Problem(file_name, f"de kolom '{name}' staat er twee keer in", row=1))
        else:
            columns[name] = index
    for name in REQUIRED_COLUMNS:
        if name not in columns:
            problems.append(Problem(file_name, f"de kolom '{name}' ontbreekt", row=1))
    return columns, problems


def _parse_rows(
    header: list[str],
    rows: Iterator[tuple[int, list[Cell]]],
    file_name: str,
    checklist: Checklist,
) -> ParsedAnswers:
    columns, problems = _header_map(header, file_name)
    if problems:
        raise ImportFileError(problems)
    roles = _role_lookup(checklist)
    items = {item.id: item for item in checklist.items}
    items_by_number = {str(item.number): item for item in checklist.items}

    answers: list[ParsedAnswer] = []
    skipped = 0
    seen_role: dict[tuple[str, str], tuple[str, int]] = {}
    seen_item: dict[tuple[str, str, str], int] = {}
    round_dates: dict[str, tuple[dt.date, int]] = {}
    n_rows = 0

    for number, record in rows:
        n_rows += 1
        if n_rows > MAX_ROWS:
            problems.append(
                Problem(file_name, f"het bestand heeft meer dan {MAX_ROWS} rijen; splits het op", row=number)
            )
            break

        def cell(name: str) -> Cell:
            index = columns.get(name)
            if index is None or index >= len(record):
                return ""
            value = record[index]
            return value if isinstance(value, dt.date) else restore_text(str(value).strip())

        if all(not _text(cell(name)) for name in columns):
            continue  # an empty line
        row_problems: list[Problem] = []

        def problem(column: str, message: str) -> None:
            row_problems.append(Problem(file_name, message, row=number, column=column))

        raw_answer = _text(cell("antwoord"))
        note = _text(cell("toelichting"))
        if not raw_answer:
            if note:
                problem("antwoord", f"er staat een toelichting maar geen antwoord; {ANSWER_HINT}")
                problems.extend(row_problems)
            else:
                skipped += 1  # a template row nobody filled in
            continue

        round_label = _text(cell("ronde"))
        if not round_label:
            problem("ronde", "vul de naam van de meting in, bijvoorbeeld 'Nulmeting 2026'")
        else:
            _check_text(round_label, "ronde", problem)

        date = None
        raw_date = cell("datum")
        if isinstance(raw_date, dt.date):
            date = raw_date
        elif raw_date:
            date = _parse_date(raw_date)
            if date is None:
                problem("datum", f"'{raw_date}' is geen geldige datum; schrijf bijvoorbeeld 2026-03-01 of 01-03-2026")

        raw_role = _text(cell("rol"))
        role = roles.get(raw_role.lower())
        if not raw_role:
            problem("rol", f"vul een rol in: {', '.join(r.id for r in checklist.roles)}")
        elif role is None:
            problem("rol", f"'{raw_role}' is geen bekende rol; kies uit {', '.join(r.id for r in checklist.roles)}")

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
            problem("item", f"'{raw_item}' is geen bekende vraag; gebruik een item-id zoals 'dra-01'")

        kind, score = _parse_answer(raw_answer)
        if kind is None:
            problem("antwoord", f"'{raw_answer}' is geen geldige waarde; {ANSWER_HINT}")
        elif kind == AnswerKind.NOT_APPLICABLE and item is not None and not item.allows_na:
            problem(
                "antwoord",
                f"vraag {item.number} ({item.id}) kan niet met 'nvt' worden beantwoord; "
                "gebruik 0-4 of 'weet ik niet'",
            )
        _check_text(note, "toelichting", problem)

        # consistency with earlier rows
        if round_label and respondent and role is not None:
            key = (round_label, respondent)
            earlier = seen_role.setdefault(key, (role, number))
            if earlier[0] != role:
                problem(
                    "rol",
                    f"respondent '{respondent}' in meting '{round_label}' heeft in rij {earlier[1]} "
                    f"de rol '{earlier[0]}'; één respondent heeft één rol",
                )
        if round_label and respondent and item is not None:
            first = seen_item.setdefault((round_label, respondent, item.id), number)
            if first != number:
                problem(
                    "item",
                    f"respondent '{respondent}' beantwoordde vraag {item.number} ({item.id}) in "
                    f"meting '{round_label}' al in rij {first}",
                )
        if round_label and date is not None:
            first_date, first_row = round_dates.setdefault(round_label, (date, number))
            if first_date != date:
                problem(
                    "datum",
                    f"meting '{round_label}' heeft in rij {first_row} de datum "
                    f"{first_date.isoformat()}; één meting heeft één datum",
                )

        if row_problems:
            problems.extend(row_problems)
            continue
        assert item is not None and role is not None and kind is not None
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
    )


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


def _parse_answer(raw: str) -> tuple[AnswerKind | None, int | None]:
    value = " ".join(raw.strip().lower().strip("'\"").split())
    if match := _SCORE_RE.match(value):
        return AnswerKind.SCORE, int(match.group(1))
    if value in _DONT_KNOW:
        return AnswerKind.DONT_KNOW, None
    if value in _NA:
        return AnswerKind.NOT_APPLICABLE, None
    return None, None


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
    if not text:
        return
    if len(text) > MAX_TEXT:
        problem(column, f"de tekst is te lang ({len(text)} tekens; hoogstens {MAX_TEXT})")
        return
    try:
        check_free_text(text, column)
    except PersonalDataError as exc:
        problem(column, str(exc))


# --------------------------------------------------------------------------- JSON export


def parse_document(data: bytes, file_name: str, checklist: Checklist) -> ExportDocument:
    """Read and check a JSON export. Raises :class:`ImportFileError` with every problem."""
    try:
        raw = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ImportFileError([Problem(file_name, f"het bestand is geen UTF-8-tekst (byte {exc.start})")]) from None
    except json.JSONDecodeError as exc:
        raise ImportFileError(
            [Problem(file_name, f"geen geldige JSON ({exc.msg})", where=f"regel {exc.lineno}, positie {exc.colno}")]
        ) from None
    if not isinstance(raw, dict) or raw.get("format") != "voordeurcheck-export":
        raise ImportFileError(
            [Problem(file_name, "dit is geen JSON-export van Voordeurcheck (het veld 'format' ontbreekt)")]
        )
    try:
        document = ExportDocument.model_validate(raw)
    except PydanticValidationError as exc:
        raise ImportFileError(
            [
                Problem(file_name, _pydantic_message(error), where=_json_path(error["loc"]))
                for error in exc.errors(include_url=False)
            ]
        ) from None
    problems = list(_check_document(document, file_name, checklist))
    if problems:
        raise ImportFileError(problems)
    return document


def _check_document(doc: ExportDocument, file_name: str, checklist: Checklist) -> Iterator[Problem]:
    items = {item.id: item for item in checklist.items}
    roles = {role.id for role in checklist.roles}

    def problem(where: str, message: str) -> Problem:
        return Problem(file_name, message, where=where)

    if doc.organisation.size_class not in SIZE_CLASSES:
        yield problem(
            "organisation, veld 'size_class'",
            f"'{doc.organisation.size_class}' is geen grootteklasse; kies uit {', '.join(SIZE_CLASSES)}",
        )
    labels: dict[str, int] = {}
    for r_index, round_ in enumerate(doc.rounds):
        where = f"rounds[{r_index}]"
        if round_.label in labels:
            yield problem(where, f"de meting '{round_.label}' staat er twee keer in (ook rounds[{labels[round_.label]}])")
        labels.setdefault(round_.label, r_index)
        if not checklist.is_comparable_version(round_.checklist_version):
            yield problem(f"{where}, veld 'checklist_version'", checklist.unknown_version_message(round_.checklist_version))
        yield from _text_problems(round_.label, f"{where}, veld 'label'", "naam van de meting", problem)
        if round_.status == RoundStatus.FINAL and not round_.respondents:
            yield problem(where, "een definitieve meting heeft minstens één respondent")
        for p_index, respondent in enumerate(round_.respondents):
            p_where = f"{where}.respondents[{p_index}]"
            if respondent.role not in roles:
                yield problem(
                    f"{p_where}, veld 'role'",
                    f"'{respondent.role}' is geen bekende rol; kies uit {', '.join(sorted(roles))}",
                )
            yield from _text_problems(respondent.label, f"{p_where}, veld 'label'", "respondent", problem)
            answered: dict[str, int] = {}
            for a_index, answer in enumerate(respondent.answers):
                a_where = f"{p_where}.answers[{a_index}]"
                item = items.get(answer.item_id)
                if item is None:
                    yield problem(f"{a_where}, veld 'item_id'", f"'{answer.item_id}' is geen bekende vraag")
                elif answer.kind == AnswerKind.NOT_APPLICABLE and not item.allows_na:
                    yield problem(
                        f"{a_where}, veld 'kind'", f"vraag {item.number} ({item.id}) kan niet met 'nvt' worden beantwoord"
                    )
                if answer.item_id in answered:
                    yield problem(
                        f"{a_where}, veld 'item_id'",
                        f"deze respondent beantwoordde '{answer.item_id}' al in answers[{answered[answer.item_id]}]",
                    )
                answered.setdefault(answer.item_id, a_index)
                yield from _text_problems(answer.note, f"{a_where}, veld 'note'", "toelichting", problem)
        yield from _consensus_problems(round_, where, items, len(doc.actions), problem)
    for index, action in enumerate(doc.actions):
        where = f"actions[{index}]"
        if action.item_id not in items:
            yield problem(f"{where}, veld 'item_id'", f"'{action.item_id}' is geen bekende vraag")
        for name in ("origin_round", "closed_round"):
            label = getattr(action, name)
            if label is not None and label not in labels:
                yield problem(f"{where}, veld '{name}'", f"er is geen meting '{label}' in dit bestand")
        yield from _text_problems(action.description, f"{where}, veld 'description'", "verbeteractie", problem)
        yield from _text_problems(action.owner, f"{where}, veld 'owner'", "eigenaar", problem)
        yield from _text_problems(action.notes, f"{where}, veld 'notes'", "notities", problem)


def _consensus_problems(round_, where: str, items, n_actions: int, problem) -> Iterator[Problem]:
    """A round's consensus meeting: known items, each once, a readable rationale, an existing action."""
    if round_.consensus is None:
        return
    seen: dict[str, int] = {}
    for index, level in enumerate(round_.consensus.agreed_levels):
        l_where = f"{where}.consensus.agreed_levels[{index}]"
        if level.item_id not in items:
            yield problem(f"{l_where}, veld 'item_id'", f"'{level.item_id}' is geen bekende vraag")
        if level.item_id in seen:
            yield problem(f"{l_where}, veld 'item_id'", f"'{level.item_id}' staat al in agreed_levels[{seen[level.item_id]}]")
        seen.setdefault(level.item_id, index)
        if level.action is not None and level.action >= n_actions:
            yield problem(f"{l_where}, veld 'action'", f"er is geen actions[{level.action}] in dit bestand")
        yield from _text_problems(level.rationale, f"{l_where}, veld 'rationale'", "onderbouwing", problem)


def _text_problems(text: str, where: str, field_name: str, problem) -> Iterator[Problem]:
    if not text:
        return
    if len(text) > MAX_TEXT:
        yield problem(where, f"de tekst is te lang ({len(text)} tekens; hoogstens {MAX_TEXT})")
        return
    try:
        check_free_text(text, field_name)
    except PersonalDataError as exc:
        yield problem(where, str(exc))


def _json_path(loc: tuple) -> str:
    path = ""
    fields = list(loc)
    last = fields.pop() if fields and isinstance(fields[-1], str) else None
    for part in fields:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    if last is None:
        return path or "(het hele bestand)"
    return f"{path}, veld '{last}'" if path else f"veld '{last}'"


_PYDANTIC_MESSAGES = {
    "missing": "ontbreekt",
    "extra_forbidden": "is geen veld van dit formaat (een typfout?)",
    "string_type": "moet tekst zijn",
    "string_too_short": "mag niet leeg zijn",
    "int_type": "moet een geheel getal zijn",
    "int_parsing": "moet een geheel getal zijn",
    "int_from_float": "moet een geheel getal zijn",
    "bool_type": "moet true of false zijn",
    "bool_parsing": "moet true of false zijn",
    "list_type": "moet een lijst zijn ([...])",
    "model_type": "moet een object zijn ({...})",
    "model_attributes_type": "moet een object zijn ({...})",
    "dict_type": "moet een object zijn ({...})",
}


def _pydantic_message(error: dict) -> str:
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind in _PYDANTIC_MESSAGES:
        return _PYDANTIC_MESSAGES[kind]
    if kind.startswith("date"):
        return f"{_shown(error)} is geen geldige datum (schrijf JJJJ-MM-DD)"
    if kind.startswith("datetime") or kind.startswith("timezone"):
        return f"{_shown(error)} is geen geldig tijdstip (ISO 8601, zoals 2026-03-01T12:00:00+00:00)"
    if kind == "greater_than_equal":
        return f"moet minstens {ctx.get('ge')} zijn"
    if kind == "less_than_equal":
        return f"mag hoogstens {ctx.get('le')} zijn"
    if kind == "enum":
        return f"{_shown(error)} is geen geldige waarde; kies uit {ctx.get('expected')}"
    if kind == "string_pattern_mismatch":
        return f"{_shown(error)} heeft niet de verwachte vorm (zoals 'dra-01:3f2a9c1b0d4e')"
    if kind == "literal_error":
        return f"{_shown(error)} wordt niet ondersteund; verwacht {ctx.get('expected')}"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    return error["msg"]


def _shown(error: dict) -> str:
    value = error.get("input")
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else f"'{value}'"
    return text if len(text) <= 60 else text[:57] + "…"
