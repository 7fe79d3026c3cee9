"""A JSON export read back: every problem of the file at once, within the limits.

The document is checked in parts (the top level, each round, respondent, answer and
action on its own), so a structural error in one answer (a score of 7) does not hide
a wrong item id or personal data in another: everything wrong is reported together.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError

from readiness.export.importing.limits import MAX_JSON_DEPTH, MAX_JSON_ITEMS
from readiness.export.importing.problems import ImportFileError, Problem, quoted, text_problem
from readiness.export.model import ActionDoc, AnswerDoc, ExportDocument, RespondentDoc, RoundDoc
from readiness.models import SIZE_CLASSES, AnswerKind, Checklist, RoundStatus

__all__ = ["dutch_validation_errors", "json_depth_exceeds", "parse_document"]

# A JSON string, or an unclosed one up to the end of the text. The closing quote is
# optional and the loop possessive, so a match never fails once it has started and
# never backtracks: every character is looked at once, whatever the file holds (the
# earlier pattern, with a required closing quote, backtracked quadratically on a string
# that never closes: 128 KB of '\\"' took minutes).
_STRINGS = re.compile(r'"(?:[^"\\]++|\\.)*+"?', re.S)
_NOT_BRACKETS = re.compile(r"[^\[\]{}]+")
_STEPS = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")  # +1 for an opener, -1 (as int8) for a closer
_CHUNK = 1 << 20


def json_depth_exceeds(text: str, limit: int = MAX_JSON_DEPTH) -> bool:
    """True when ``text`` nests arrays/objects deeper than ``limit`` (or opens more than
    ``limit`` without closing them), measured without recursion and in linear time:
    strings are removed (one pass that never backtracks), then everything but brackets;
    the depth is the running sum of +1 per opener and -1 per closer (numpy, per chunk).
    A closer too many makes the sum negative: the JSON is broken there, and the parser
    stops at that point before it nests any deeper."""
    import numpy as np

    brackets = _NOT_BRACKETS.sub("", _STRINGS.sub("", text)).encode("ascii").translate(_STEPS)
    depth = 0
    for start in range(0, len(brackets), _CHUNK):
        steps = np.frombuffer(brackets, dtype=np.int8, count=min(_CHUNK, len(brackets) - start), offset=start)
        running = np.cumsum(steps, dtype=np.int64) + depth
        if running.max() > limit:
            return True
        depth = int(running[-1])
    return False


def parse_document(data: bytes, file_name: str, checklist: Checklist) -> ExportDocument:
    """Read and check a JSON export. Raises :class:`ImportFileError` with every problem."""

    def refuse(message: str, where: str | None = None) -> ImportFileError:
        return ImportFileError([Problem(file_name, message, where=where)])

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise refuse(f"het bestand is geen UTF-8-tekst (byte {exc.start})") from None
    if not text.strip():
        raise refuse("het bestand is leeg")
    if json_depth_exceeds(text):
        raise refuse(
            f"de JSON is dieper genest dan {MAX_JSON_DEPTH} niveaus; een export van Voordeurcheck "
            "is 6 niveaus diep. Dit is geen export van Voordeurcheck"
        )
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise refuse(f"geen geldige JSON ({_json_error_nl(exc.msg)})", where=f"regel {exc.lineno}, positie {exc.colno}") from None
    except RecursionError:
        raise refuse("geen geldige JSON (te diep genest om te lezen)") from None
    except ValueError:  # a number of more than 4,300 digits
        raise refuse("geen geldige JSON (een getal met meer dan 4300 cijfers)") from None
    try:  # "\ud800" is valid JSON but no character: nothing could store it
        json.dumps(raw, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as exc:
        raise refuse(
            f"het bestand bevat een ongeldig teken (U+{ord(exc.object[exc.start]):04X}, een halve tekencode); "
            "haal het weg of exporteer opnieuw"
        ) from None
    if not isinstance(raw, dict) or raw.get("format") != "voordeurcheck-export":
        raise refuse("dit is geen JSON-export van Voordeurcheck (het veld 'format' ontbreekt)")
    _check_counts(raw, refuse)

    parts = _Parts(file_name)
    parts.validate(raw)
    problems = parts.problems
    problems.extend(_check_versions(parts, file_name, checklist))
    problems.extend(_check_content(parts, file_name, checklist))
    if problems:
        raise ImportFileError(problems)
    try:
        return ExportDocument.model_validate(raw)
    except PydanticValidationError as exc:  # the parts passed, so this should not happen
        raise ImportFileError(_problems(exc, file_name, ())) from None


# The json module's messages (English), in Dutch: the first fragment that matches wins.
_JSON_ERRORS_NL = (
    ("Unterminated string", "een tekst tussen aanhalingstekens wordt niet gesloten"),
    ("Expecting property name", "hier hoort een veldnaam tussen dubbele aanhalingstekens"),
    ("Expecting ',' delimiter", "hier ontbreekt een komma"),
    ("Expecting ':' delimiter", "hier ontbreekt een dubbele punt"),
    ("Expecting value", "hier wordt een waarde verwacht"),
    ("Extra data", "na het einde van de JSON staat nog meer tekst"),
    ("Invalid control character", "een stuurteken (zoals een regeleinde) midden in een tekst"),
    ("Invalid \\uXXXX escape", "een ongeldige reeks '\\u' in een tekst"),
    ("Invalid \\escape", "een ongeldige reeks met '\\' in een tekst"),
)


def _json_error_nl(message: str) -> str:
    return next((dutch for english, dutch in _JSON_ERRORS_NL if message.startswith(english)), "de opbouw klopt niet")


def _check_counts(raw: dict[str, Any], refuse) -> None:
    """Refuse a file with more rounds/respondents/answers/actions than any corporation has,
    before pydantic builds an object for each of them."""
    rounds = raw.get("rounds") if isinstance(raw.get("rounds"), list) else []
    respondents = [p for r in rounds if isinstance(r, dict) and isinstance(r.get("respondents"), list)
                   for p in r["respondents"]]  # fmt: skip
    counts = {
        "rounds": len(rounds),
        "respondents": len(respondents),
        "answers": sum(len(p["answers"]) for p in respondents if isinstance(p, dict) and isinstance(p.get("answers"), list)),
        "actions": len(raw["actions"]) if isinstance(raw.get("actions"), list) else 0,
    }
    words = {"rounds": "metingen", "respondents": "respondenten", "answers": "antwoorden", "actions": "verbeteracties"}
    for name, count in counts.items():
        if count > MAX_JSON_ITEMS[name]:
            raise refuse(
                f"het bestand bevat {count} {words[name]}; hoogstens {MAX_JSON_ITEMS[name]} per bestand. "
                "Splits het op"
            )


# --------------------------------------------------------------------------- structure, in parts


@dataclass
class _Respondent:
    where: str
    doc: RespondentDoc | None
    answers: list[tuple[str, AnswerDoc | None]] = field(default_factory=list)


@dataclass
class _Round:
    where: str
    doc: RoundDoc | None
    respondents: list[_Respondent] = field(default_factory=list)


class _Parts:
    """Each part of the document validated on its own; None where a part failed."""

    def __init__(self, file_name: str) -> None:
        self.file_name = file_name
        self.problems: list[Problem] = []
        self.top: ExportDocument | None = None
        self.rounds: list[_Round] = []
        self.actions: list[tuple[str, ActionDoc | None]] = []

    def _one(self, model: type[BaseModel], value: Any, loc: tuple, **empty: list) -> Any:
        if not isinstance(value, dict):
            self.problems.append(Problem(self.file_name, "moet een object zijn ({...})", where=_json_path(loc)))
            return None
        try:
            return model.model_validate({**value, **empty})
        except PydanticValidationError as exc:
            self.problems.extend(_problems(exc, self.file_name, loc))
            return None

    def _list(self, parent: dict, name: str, loc: tuple) -> list:
        value = parent.get(name, [])
        if not isinstance(value, list):
            self.problems.append(Problem(self.file_name, "moet een lijst zijn ([...])", where=_json_path((*loc, name))))
            return []
        return value

    def validate(self, raw: dict[str, Any]) -> None:
        self.top = self._one(ExportDocument, raw, (), rounds=[], actions=[])
        for r_index, round_raw in enumerate(self._list(raw, "rounds", ())):
            loc = ("rounds", r_index)
            round_ = _Round(_json_path(loc), self._one(RoundDoc, round_raw, loc, respondents=[]))
            self.rounds.append(round_)
            if not isinstance(round_raw, dict):
                continue
            for p_index, respondent_raw in enumerate(self._list(round_raw, "respondents", loc)):
                p_loc = (*loc, "respondents", p_index)
                respondent = _Respondent(_json_path(p_loc), self._one(RespondentDoc, respondent_raw, p_loc, answers=[]))
                round_.respondents.append(respondent)
                if not isinstance(respondent_raw, dict):
                    continue
                for a_index, answer_raw in enumerate(self._list(respondent_raw, "answers", p_loc)):
                    a_loc = (*p_loc, "answers", a_index)
                    respondent.answers.append((_json_path(a_loc), self._one(AnswerDoc, answer_raw, a_loc)))
        for index, action_raw in enumerate(self._list(raw, "actions", ())):
            loc = ("actions", index)
            self.actions.append((_json_path(loc), self._one(ActionDoc, action_raw, loc)))


# --------------------------------------------------------------------------- content


def _check_versions(parts: _Parts, file_name: str, checklist: Checklist) -> Iterator[Problem]:
    """The export's checklist version and each round's: this version or an earlier one
    the checklist lists (``earlier_versions`` in items.yaml); anything else is refused,
    naming the versions that exist."""

    def unknown(value: str, where: str) -> Problem:
        shown = value if len(value) <= 40 else value[:39] + "…"
        return Problem(file_name, checklist.unknown_version_message(shown), where=where)

    if parts.top is not None and not checklist.is_comparable_version(parts.top.checklist_version):
        yield unknown(parts.top.checklist_version, "veld 'checklist_version'")
    for round_ in parts.rounds:
        if round_.doc is not None and not checklist.is_comparable_version(round_.doc.checklist_version):
            yield unknown(round_.doc.checklist_version, f"{round_.where}, veld 'checklist_version'")


def _check_content(parts: _Parts, file_name: str, checklist: Checklist) -> Iterator[Problem]:
    items = {item.id: item for item in checklist.items}
    roles = {role.id for role in checklist.roles}

    def problem(where: str, message: str) -> Problem:
        return Problem(file_name, message, where=where)

    if parts.top is not None and parts.top.organisation.size_class not in SIZE_CLASSES:
        yield problem(
            "organisation, veld 'size_class'",
            f"{quoted(parts.top.organisation.size_class)} is geen grootteklasse; kies uit {', '.join(SIZE_CLASSES)}",
        )
    if parts.top is not None:  # the corporation's name and region are free text too
        organisation = parts.top.organisation
        yield from _text_problems(organisation.name, "organisation, veld 'name'", "naam van de corporatie", problem)
        yield from _text_problems(organisation.region, "organisation, veld 'region'", "regio", problem)
    labels: dict[str, int] = {}
    for r_index, round_ in enumerate(parts.rounds):
        where, doc = round_.where, round_.doc
        if doc is not None:
            if doc.label in labels:
                yield problem(where, f"de meting {quoted(doc.label)} staat er twee keer in (ook rounds[{labels[doc.label]}])")
            labels.setdefault(doc.label, r_index)
            yield from _text_problems(doc.label, f"{where}, veld 'label'", "naam van de meting", problem)
            if doc.status == RoundStatus.FINAL and not round_.respondents:
                yield problem(where, "een definitieve meting heeft minstens één respondent")
        for respondent in round_.respondents:
            p_where = respondent.where
            if respondent.doc is not None:
                if respondent.doc.role not in roles:
                    yield problem(
                        f"{p_where}, veld 'role'",
                        f"{quoted(respondent.doc.role)} is geen bekende rol; kies uit {', '.join(sorted(roles))}",
                    )
                yield from _text_problems(respondent.doc.label, f"{p_where}, veld 'label'", "respondent", problem)
            answered: dict[str, int] = {}
            for a_index, (a_where, answer) in enumerate(respondent.answers):
                if answer is None:
                    continue
                item = items.get(answer.item_id)
                if item is None:
                    yield problem(f"{a_where}, veld 'item_id'", f"{quoted(answer.item_id)} is geen bekende vraag")
                elif answer.kind == AnswerKind.NOT_APPLICABLE and not item.allows_na:
                    yield problem(
                        f"{a_where}, veld 'kind'", f"vraag {item.number} ({item.id}) kan niet met 'nvt' worden beantwoord"
                    )
                if answer.item_id in answered:
                    yield problem(
                        f"{a_where}, veld 'item_id'",
                        f"deze respondent beantwoordde {quoted(answer.item_id)} al in answers[{answered[answer.item_id]}]",
                    )
                answered.setdefault(answer.item_id, a_index)
                yield from _text_problems(answer.note, f"{a_where}, veld 'note'", "toelichting", problem)
        if doc is not None:
            yield from _consensus_problems(doc, where, items, len(parts.actions), problem)
    all_labels_known = all(r.doc is not None for r in parts.rounds)
    for where, action in parts.actions:
        if action is None:
            continue
        if action.item_id not in items:
            yield problem(f"{where}, veld 'item_id'", f"{quoted(action.item_id)} is geen bekende vraag")
        for name in ("origin_round", "closed_round"):
            label = getattr(action, name)
            if label is not None and label not in labels and all_labels_known:
                yield problem(f"{where}, veld '{name}'", f"er is geen meting {quoted(label)} in dit bestand")
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
            yield problem(f"{l_where}, veld 'item_id'", f"{quoted(level.item_id)} is geen bekende vraag")
        if level.item_id in seen:
            yield problem(f"{l_where}, veld 'item_id'", f"{quoted(level.item_id)} staat al in agreed_levels[{seen[level.item_id]}]")
        seen.setdefault(level.item_id, index)
        if level.action is not None and level.action >= n_actions:
            yield problem(f"{l_where}, veld 'action'", f"er is geen actions[{level.action}] in dit bestand")
        yield from _text_problems(level.rationale, f"{l_where}, veld 'rationale'", "onderbouwing", problem)


def _text_problems(text: str, where: str, field_name: str, problem) -> Iterator[Problem]:
    if reason := text_problem(text, field_name):
        yield problem(where, reason)


# --------------------------------------------------------------------------- pydantic -> Dutch


def _problems(exc: PydanticValidationError, file_name: str, prefix: tuple) -> list[Problem]:
    return [
        Problem(file_name, _pydantic_message(error), where=_json_path((*prefix, *error["loc"])))
        for error in exc.errors(include_url=False)
    ]


def dutch_validation_errors(exc: PydanticValidationError) -> str:
    """A pydantic ValidationError as Dutch sentences ("veld 'x': moet een geheel getal
    zijn"), for any caller that shows one to a user (the command line)."""
    return "; ".join(
        f"{_json_path(tuple(error['loc']))}: {_pydantic_message(error)}" for error in exc.errors(include_url=False)
    )


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
    if kind == "int_type":
        return f"{quoted(error.get('input'))} is geen geheel getal (een score is 0, 1, 2, 3 of 4; geen true/false of tekst)"
    if kind.startswith("date"):
        return f"{quoted(error.get('input'))} is geen geldige datum (schrijf JJJJ-MM-DD)"
    if kind.startswith("datetime") or kind.startswith("timezone"):
        return f"{quoted(error.get('input'))} is geen geldig tijdstip (ISO 8601, zoals 2026-03-01T12:00:00+00:00)"
    if kind == "greater_than_equal":
        return f"moet minstens {ctx.get('ge')} zijn"
    if kind == "less_than_equal":
        return f"mag hoogstens {ctx.get('le')} zijn"
    if kind == "enum":
        return f"{quoted(error.get('input'))} is geen geldige waarde; kies uit {ctx.get('expected')}"
    if kind == "string_pattern_mismatch":
        return f"{quoted(error.get('input'))} heeft niet de verwachte vorm (zoals 'dra-01:3f2a9c1b0d4e')"
    if kind == "literal_error":
        return f"{quoted(error.get('input'))} wordt niet ondersteund; verwacht {ctx.get('expected')}"
    if kind in ("string_too_long", "too_long"):
        limit = ctx.get("max_length")
        unit = "tekens" if kind == "string_too_long" else "elementen"
        value = error.get("input")
        size = f"{len(value)} {unit}; " if isinstance(value, str | list) else ""
        return f"is te lang ({size}hoogstens {limit} {unit})"
    if kind in ("too_short",):
        return f"moet minstens {ctx.get('min_length')} elementen bevatten"
    if kind in ("float_type", "float_parsing"):
        return f"{quoted(error.get('input'))} is geen getal"
    if kind in ("greater_than", "less_than"):
        return f"moet {'groter' if kind == 'greater_than' else 'kleiner'} zijn dan {ctx.get('gt', ctx.get('lt'))}"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    # any other check of the format: still a Dutch sentence, with pydantic's code for support
    return f"{quoted(error.get('input'))} is hier geen geldige waarde ({kind})"
