"""Load and validate the instrument (``checklist/items.yaml``) into a :class:`Checklist`.

Validation happens in three layers, and the first problem found is reported:

1. YAML syntax (with line and column), including a key that occurs twice in one block;
2. the pydantic models in :mod:`readiness.models` (types, required fields, unknown keys,
   minimum lengths), with error locations translated into item ids and field names;
3. rules that span the whole file: the six sections of the handreiking in order, unique
   ids, consecutive item numbers, a complete 0..4 scale, known roles, cumulative phases,
   earlier versions that differ from the current one, a citation of the form
   "Handreiking, <onderdeel> p. N" on every item, and on every suggested action either
   such a citation or the mark ``own_suggestion: true`` (eigen suggestie), never both
   and never neither;
4. no text advises recording signals, cases or tenants (:func:`recording_advice`): the
   handreiking says a corporation has no legal basis for that (Privacy, p. 10).

Every problem raises :class:`ChecklistError` with one Dutch message that names the file,
the item (when an item is involved) and the field, for example::

    checklist/items.yaml: item stp-03, veld 'actions': minstens twee verbeteracties nodig (gevonden: 1)

Pure: imports only the standard library, yaml, pydantic and the domain models. Nothing is
read or cached at import time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import re

import yaml
from pydantic import BaseModel, ValidationError

from readiness.models import Checklist, Item, Phase, Role, ScaleLevel, Section, SuggestedAction

__all__ = [
    "CITATION_FORM",
    "EXPECTED_SECTIONS",
    "ITEM_PREFIXES",
    "SCALE_VALUES",
    "ChecklistError",
    "load_checklist",
    "parse_citation",
    "parse_checklist",
    "recording_advice",
]

#: The six sections of the handreiking's checklist, in its (build-up) order.
EXPECTED_SECTIONS: tuple[str, ...] = (
    "draagvlak",
    "stappenplan",
    "kennis_ondersteuning",
    "monitoring_evaluatie",
    "structurele_inbedding",
    "uitdragen_visie",
)

#: Item ids are "<prefix>-NN"; the prefix ties an item to its section.
ITEM_PREFIXES: dict[str, str] = {
    "draagvlak": "dra",
    "stappenplan": "stp",
    "kennis_ondersteuning": "ken",
    "monitoring_evaluatie": "mon",
    "structurele_inbedding": "str",
    "uitdragen_visie": "uit",
}

#: The answer scale: each value exactly once.
SCALE_VALUES: tuple[int, ...] = (0, 1, 2, 3, 4)


class ChecklistError(ValueError):
    """The checklist file cannot be used. ``str(error)`` is one clear Dutch message."""

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        item_id: str | None = None,
        field: str | None = None,
        line: int | None = None,
    ) -> None:
        super().__init__(message)
        self.source = source
        self.item_id = item_id
        self.field = field
        self.line = line


# --------------------------------------------------------------------------- public API


def load_checklist(path: str | Path) -> Checklist:
    """Read and validate a checklist file. Raises :class:`ChecklistError`."""
    path = Path(path)
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ChecklistError(f"{name}: bestand niet gevonden", source=name) from None
    except UnicodeDecodeError as exc:
        raise ChecklistError(
            f"{name}: bestand is geen geldige UTF-8-tekst (byte {exc.start})", source=name
        ) from None
    except OSError as exc:
        raise ChecklistError(
            f"{name}: bestand kan niet worden gelezen ({exc.strerror or exc})", source=name
        ) from None
    return parse_checklist(text, name)


def parse_checklist(text: str, source_name: str) -> Checklist:
    """Validate checklist YAML text; ``source_name`` is used in error messages."""
    raw = _load_yaml(text, source_name)
    try:
        checklist = Checklist.model_validate(raw)
    except ValidationError as exc:
        raise _from_validation_error(exc, raw, source_name) from None
    _check_rules(checklist, source_name)
    return checklist


# --------------------------------------------------------------------------- YAML


class _DuplicateKeyError(yaml.MarkedYAMLError):
    def __init__(self, key: object, mark: yaml.Mark) -> None:
        super().__init__(problem=f"sleutel {key!r} komt twee keer voor", problem_mark=mark)
        self.key = key


class _AliasError(yaml.MarkedYAMLError):
    pass


class _UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that refuses a key occurring twice in one mapping (PyYAML keeps the last),
    and refuses aliases (``*name``, also in ``<<: *name``) altogether: the instrument needs
    none, and a few nested aliases ("billion laughs") expand to gigabytes."""

    def compose_node(self, parent, index):  # noqa: ANN001 - PyYAML's signature
        if self.check_event(yaml.AliasEvent):
            raise _AliasError(problem="alias", problem_mark=self.peek_event().start_mark)
        return super().compose_node(parent, index)


def _construct_unique_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False):
    seen: set[object] = set()
    for key_node, _value_node in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            continue
        key = loader.construct_object(key_node, deep=True)
        try:
            duplicate = key in seen
        except TypeError:  # unhashable key: let the normal constructor report it
            break
        if duplicate:
            raise _DuplicateKeyError(key, key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_unique_mapping
)


#: A checklist file is about 60 kB; anything far larger is not an instrument.
MAX_CHECKLIST_CHARS = 2_000_000
#: The longest piece of a value from the file quoted in a message.
MAX_SHOWN = 80


def _load_yaml(text: str, src: str) -> dict[str, Any]:
    if len(text) > MAX_CHECKLIST_CHARS:
        raise ChecklistError(
            f"{src}: het bestand is te groot ({len(text)} tekens; hoogstens {MAX_CHECKLIST_CHARS})", source=src
        )
    try:
        data = yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
    except _AliasError as exc:
        line = exc.problem_mark.line + 1
        raise ChecklistError(
            f"{src}: regel {line}, kolom {exc.problem_mark.column + 1}: een YAML-verwijzing (alias '*') is in "
            "de checklist niet toegestaan; schrijf de tekst voluit",
            source=src,
            line=line,
        ) from None
    except _DuplicateKeyError as exc:
        line = exc.problem_mark.line + 1
        raise ChecklistError(
            f"{src}: regel {line}, veld '{exc.key}': deze sleutel komt twee keer voor "
            "in hetzelfde blok; verwijder of hernoem er één",
            source=src,
            field=str(exc.key),
            line=line,
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        if mark is not None:
            line = mark.line + 1
            raise ChecklistError(
                f"{src}: regel {line}, kolom {mark.column + 1}: ongeldige YAML ({str(problem)[:MAX_SHOWN]})",
                source=src,
                line=line,
            ) from None
        raise ChecklistError(f"{src}: ongeldige YAML ({str(problem)[:MAX_SHOWN]})", source=src) from None
    if data is None:
        raise ChecklistError(f"{src}: het bestand is leeg", source=src)
    if not isinstance(data, dict):
        raise ChecklistError(
            f"{src}: het bestand moet beginnen met velden als 'version:', 'title:' en "
            f"'sections:' (gevonden: {_type_name(data)})",
            source=src,
        )
    return data


# --------------------------------------------------------------------------- pydantic errors

# Which model a list field of a model holds, to name the allowed fields of nested objects.
_CHILD_MODELS: dict[type[BaseModel], dict[str, type[BaseModel]]] = {
    Checklist: {"scale": ScaleLevel, "roles": Role, "phases": Phase, "sections": Section},
    Section: {"items": Item},
    Item: {"actions": SuggestedAction},
}

_LIST_WORDS: dict[str, tuple[str, str]] = {
    # field: (singular, plural) used in "minstens ... nodig"
    "actions": ("verbeteractie", "verbeteracties"),
    "roles": ("rol", "rollen"),
    "items": ("item", "items"),
    "sections": ("sectie", "secties"),
    "phases": ("fase", "fasen"),
    "scale": ("niveau", "niveaus"),
}

_NUMBER_WORDS = {1: "één", 2: "twee", 3: "drie", 4: "vier", 5: "vijf"}


def _from_validation_error(exc: ValidationError, raw: dict[str, Any], src: str) -> ChecklistError:
    error = exc.errors(include_url=False)[0]
    loc = tuple(error["loc"])
    where, item_id, field, rest, owner = _locate(loc, raw)
    message = _describe(error, field, rest, owner)
    field_part = _field_label(field, rest)
    parts = [p for p in (where, field_part) if p]
    prefix = f"{src}: " + ", ".join(parts) if parts else src
    return ChecklistError(f"{prefix}: {message}", source=src, item_id=item_id, field=field)


def _locate(
    loc: tuple[Any, ...], raw: dict[str, Any]
) -> tuple[str, str | None, str | None, tuple[Any, ...], type[BaseModel]]:
    """Translate a pydantic location into (where, item id, field, remaining path, owner model)."""
    if not loc:
        return "", None, None, (), Checklist
    head = loc[0]
    if len(loc) == 1 or not isinstance(loc[1], int):
        return "", None, str(head), tuple(loc[1:]), Checklist

    index = loc[1]
    entry = _nth(raw.get(head), index)
    tail = loc[2:]

    if head == "sections":
        section_id = _str_field(entry, "id")
        section_name = f"sectie '{section_id}'" if section_id else f"sectie nr. {index + 1}"
        if len(tail) >= 2 and tail[0] == "items" and isinstance(tail[1], int):
            item_entry = _nth(_get(entry, "items"), tail[1])
            item_id = _str_field(item_entry, "id")
            where = f"item {item_id}" if item_id else f"item nr. {tail[1] + 1} in {section_name}"
            field = str(tail[2]) if len(tail) > 2 else None
            return where, item_id, field, tuple(tail[3:]), Item
        field = str(tail[0]) if tail else None
        return section_name, None, field, tuple(tail[1:]), Section

    if head == "scale":
        value = _get(entry, "value")
        where = f"schaalniveau {value}" if _is_int(value) else f"schaal, nr. {index + 1}"
        owner: type[BaseModel] = ScaleLevel
    elif head == "roles":
        role_id = _str_field(entry, "id")
        where = f"rol '{role_id}'" if role_id else f"rol nr. {index + 1}"
        owner = Role
    elif head == "phases":
        level = _get(entry, "level")
        where = f"fase {level}" if _is_int(level) else f"fase nr. {index + 1}"
        owner = Phase
    else:
        return "", None, str(head), tuple(loc[1:]), Checklist
    field = str(tail[0]) if tail else None
    return where, None, field, tuple(tail[1:]), owner


def _field_label(field: str | None, rest: tuple[Any, ...]) -> str:
    if field is None:
        return ""
    label = f"veld '{field}'"
    for part in rest:
        label += f", nr. {part + 1}" if isinstance(part, int) else f", veld '{part}'"
    return label


def _describe(
    error: Mapping[str, Any],
    field: str | None,
    rest: tuple[Any, ...],
    owner: type[BaseModel],
) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")

    if kind == "extra_forbidden":
        model = owner
        if field in _CHILD_MODELS.get(owner, {}) and rest:
            model = _CHILD_MODELS[owner][field]
        allowed = ", ".join(model.model_fields)
        level = "op het hoogste niveau " if model is Checklist else ""
        return f"onbekend veld {level}(toegestaan: {allowed})"
    if kind == "missing":
        return "dit verplichte veld ontbreekt"
    if kind == "too_short":
        return _too_few(field, rest, ctx)
    if kind == "too_long":
        if field == "scale" and not rest:
            return (
                f"de schaal heeft precies vijf niveaus nodig, 0 tot en met 4 "
                f"(gevonden: {ctx.get('actual_length')})"
            )
        return f"hoogstens {ctx.get('max_length')} toegestaan (gevonden: {ctx.get('actual_length')})"
    if kind == "string_too_short" or (kind == "string_type" and value is None):
        return "mag niet leeg zijn"
    if kind == "string_type":
        hint = " (zet de waarde tussen aanhalingstekens)" if _is_scalar(value) else ""
        return f"moet tekst zijn, gevonden: {_shown(value)}{hint}"
    if kind == "string_pattern_mismatch":
        if field == "id" and owner is Item and not rest:
            return f"ongeldige id {_shown(value)}: gebruik de vorm 'abc-01' (kleine letters, streepje, twee cijfers)"
        return f"ongeldige waarde {_shown(value)}: gebruik alleen kleine letters en '_'"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"moet een geheel getal zijn, gevonden: {_shown(value)}"
    if kind in ("bool_type", "bool_parsing"):
        return f"moet true of false zijn, gevonden: {_shown(value)}"
    if kind == "list_type":
        return f"moet een lijst zijn (regels die met '-' beginnen), gevonden: {_type_name(value)}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"moet een blok met velden zijn, gevonden: {_type_name(value)}"
    if kind == "greater_than_equal":
        return f"moet minstens {ctx.get('ge')} zijn, gevonden: {_shown(value)}"
    if kind == "less_than_equal":
        if owner is ScaleLevel and field == "value":
            return f"een schaalniveau loopt van 0 tot en met 4, gevonden: {_shown(value)}"
        return f"mag hoogstens {ctx.get('le')} zijn, gevonden: {_shown(value)}"
    return f"ongeldige waarde ({str(error.get('msg', kind))[:MAX_SHOWN]})"


def _too_few(field: str | None, rest: tuple[Any, ...], ctx: Mapping[str, Any]) -> str:
    minimum = ctx.get("min_length")
    found = ctx.get("actual_length")
    if field == "scale" and not rest:
        return f"de schaal heeft precies vijf niveaus nodig, 0 tot en met 4 (gevonden: {found})"
    if field in _LIST_WORDS and not rest and isinstance(minimum, int):
        singular, plural = _LIST_WORDS[field]
        word = singular if minimum == 1 else plural
        return f"minstens {_NUMBER_WORDS.get(minimum, minimum)} {word} nodig (gevonden: {found})"
    return f"minstens {minimum} nodig (gevonden: {found})"


# --------------------------------------------------------------------------- whole-file rules


def _check_rules(checklist: Checklist, src: str) -> None:
    _check_versions(checklist, src)
    _check_scale(checklist, src)
    role_ids = _check_roles(checklist, src)
    _check_sections(checklist, src)
    _check_items(checklist, role_ids, src)
    _check_citations(checklist, src)
    _check_phases(checklist, src)
    _check_no_recording_advice(checklist, src)


def _fail(
    src: str,
    where: str,
    field: str,
    message: str,
    *,
    item_id: str | None = None,
    rest: tuple[Any, ...] = (),
) -> None:
    label = _field_label(field, rest)
    location = f"{where}, {label}" if where else label
    raise ChecklistError(f"{src}: {location}: {message}", source=src, item_id=item_id, field=field)


def _check_versions(checklist: Checklist, src: str) -> None:
    seen: set[str] = set()
    for version in checklist.earlier_versions:
        if version == checklist.version:
            _fail(
                src,
                "",
                "earlier_versions",
                f"'{version}' is de huidige versie; noem hier alleen eerdere versies",
            )
        if version in seen:
            _fail(src, "", "earlier_versions", f"versie '{version}' staat er twee keer in")
        seen.add(version)


def _check_scale(checklist: Checklist, src: str) -> None:
    values = [level.value for level in checklist.scale]
    for value in SCALE_VALUES:
        count = values.count(value)
        if count > 1:
            _fail(
                src,
                "",
                "scale",
                f"niveau {value} komt {count} keer voor; elk niveau van 0 tot en met 4 "
                "moet precies één keer voorkomen",
            )
    missing = [v for v in SCALE_VALUES if v not in values]
    if missing:
        _fail(src, "", "scale", f"niveau {_join(missing)} ontbreekt; de schaal loopt van 0 tot en met 4")


def _check_roles(checklist: Checklist, src: str) -> list[str]:
    seen: list[str] = []
    for role in checklist.roles:
        if role.id in seen:
            _fail(src, f"rol '{role.id}'", "id", "deze rol is twee keer gedefinieerd")
        seen.append(role.id)
    return seen


def _check_sections(checklist: Checklist, src: str) -> None:
    ids = [section.id for section in checklist.sections]
    seen: set[str] = set()
    for section_id in ids:
        if section_id in seen:
            _fail(src, f"sectie '{section_id}'", "id", "deze sectie komt twee keer voor")
        seen.add(section_id)
    for section_id in ids:
        if section_id not in EXPECTED_SECTIONS:
            _fail(
                src,
                f"sectie '{section_id}'",
                "id",
                f"onbekende sectie; de handreiking kent alleen {_join(EXPECTED_SECTIONS)}",
            )
    for section_id in EXPECTED_SECTIONS:
        if section_id not in seen:
            _fail(src, "", "sections", f"sectie '{section_id}' ontbreekt")
    if tuple(ids) != EXPECTED_SECTIONS:
        _fail(
            src,
            "",
            "sections",
            f"de secties staan niet in de volgorde van de handreiking: verwacht "
            f"{_join(EXPECTED_SECTIONS)}, gevonden {_join(ids)}",
        )


def _check_items(checklist: Checklist, role_ids: list[str], src: str) -> None:
    first_seen: dict[str, str] = {}
    expected_number = 0
    for section in checklist.sections:
        prefix = ITEM_PREFIXES[section.id]
        for item in section.items:
            where = f"item {item.id}"
            if item.id in first_seen:
                _fail(
                    src,
                    where,
                    "id",
                    f"deze id komt twee keer voor (ook in sectie '{first_seen[item.id]}'); "
                    "item-ids moeten uniek zijn",
                    item_id=item.id,
                )
            first_seen[item.id] = section.id
            if item.id.split("-", 1)[0] != prefix:
                _fail(
                    src,
                    where,
                    "id",
                    f"items in sectie '{section.id}' hebben een id die begint met '{prefix}-'",
                    item_id=item.id,
                )
            expected_number += 1
            if item.number != expected_number:
                _fail(
                    src,
                    where,
                    "number",
                    f"verwacht {expected_number} (items worden in bestandsvolgorde doorgenummerd "
                    f"vanaf 1), gevonden {item.number}",
                    item_id=item.id,
                )
            for role in item.roles:
                if role not in role_ids:
                    _fail(
                        src,
                        where,
                        "roles",
                        f"onbekende rol '{role}'; gedefinieerde rollen: {_join(role_ids)}",
                        item_id=item.id,
                    )
            if len(set(item.roles)) != len(item.roles):
                _fail(src, where, "roles", "een rol staat er meer dan één keer in", item_id=item.id)


# --------------------------------------------------------------------------- citations

#: How a citation of the handreiking is written (items and suggested actions).
CITATION_FORM = "Handreiking, <onderdeel> p. <pagina>; <onderdeel> p. <pagina>-<pagina>"

_CITATION_PART = re.compile(r"^(?P<section>\S.*?) p\. (?P<first>[0-9]{1,2})(?:-(?P<last>[0-9]{1,2}))?$")


def parse_citation(source: str) -> list[tuple[str, int, int]]:
    """``"Handreiking, Draagvlak p. 8; Bijlage 3 p. 25-26"`` -> ``[("Draagvlak", 8, 8),
    ("Bijlage 3", 25, 26)]``. Raises ``ValueError`` with a Dutch reason when the text is
    not of the form :data:`CITATION_FORM`."""
    prefix = "Handreiking, "
    if not source.startswith(prefix):
        raise ValueError(f"een bron begint met '{prefix.strip()}' (vorm: '{CITATION_FORM}')")
    parts: list[tuple[str, int, int]] = []
    for part in source[len(prefix) :].split(";"):
        match = _CITATION_PART.match(part.strip())
        if match is None:
            raise ValueError(
                f"'{part.strip()}' noemt geen onderdeel met pagina (vorm: '{CITATION_FORM}')"
            )
        first = int(match["first"])
        last = int(match["last"] or first)
        if last < first:
            raise ValueError(f"'{part.strip()}': de laatste pagina komt vóór de eerste")
        parts.append((match["section"], first, last))
    return parts


def _check_citations(checklist: Checklist, src: str) -> None:
    for item in checklist.items:
        where = f"item {item.id}"
        try:
            parse_citation(item.source)
        except ValueError as exc:
            _fail(src, where, "source", str(exc), item_id=item.id)
        for number, action in enumerate(item.actions, start=1):
            field, rest = "actions", (number - 1, "source")
            if action.source is None and not action.own_suggestion:
                _fail(
                    src,
                    where,
                    field,
                    "deze verbeteractie heeft geen bron; geef het onderdeel en de pagina in de "
                    f"handreiking ('{CITATION_FORM}') of markeer haar als eigen suggestie "
                    "met 'own_suggestion: true'",
                    item_id=item.id,
                    rest=rest,
                )
            if action.source is not None and action.own_suggestion:
                _fail(
                    src,
                    where,
                    field,
                    "een eigen suggestie komt niet uit de handreiking en heeft dus geen bron; "
                    "haal 'source' weg of zet 'own_suggestion' op false",
                    item_id=item.id,
                    rest=rest,
                )
            if action.source is not None:
                try:
                    parse_citation(action.source)
                except ValueError as exc:
                    _fail(src, where, field, str(exc), item_id=item.id, rest=rest)


# --------------------------------------------------------------------------- no case records

# A verb of recording, also split ("leg ... vast", "houd ... bij"), ...
_RECORD_VERB = re.compile(
    r"\b(?:registr\w*|geregistreerd\w*|vastleg\w*|vast\s+(?:te\s+)?legg\w*|vastgelegd\w*|"
    r"bijhoud\w*|bij\s+te\s+houden|bijgehouden|noteer\w*|noteren|genoteerd\w*|opslaan|"
    r"op\s+te\s+slaan|opgeslagen|archiveer\w*|archiveren|dossiers?|registers?|"
    r"(?:leg|legt|leggen)\b[^,;:.]*\bvast|(?:houd|houdt|hou|houden)\b[^,;:.]*\bbij)\b",
    re.IGNORECASE,
)
# ... about what a corporation must not record: signals, cases, tenants, counts of them ...
_RECORD_SUBJECT = re.compile(
    r"\b(?:signa(?:al|len)|casus(?:sen)?|cases?|huurders?|bewoners?|gezin(?:nen)?|"
    r"slachtoffers?|plegers?|melding(?:en)?|doorverwijzing(?:en)?|adviesvra(?:ag|gen)|persoonsgegevens|"
    r"namen|adressen|hoe\s+vaak|aantallen)\b",
    re.IGNORECASE,
)
# "Leg vast dat/wat/welke ..." writes down a rule or agreement, not a record of cases.
_RULE_AFTER = re.compile(r"\s+(?:dat|wat|welke|wanneer|wie)\b", re.IGNORECASE)
# ... unless the same clause says it is not done.
_NEGATION = re.compile(r"\b(?:niet|geen|nooit|zonder)\b", re.IGNORECASE)


def recording_advice(text: str) -> str | None:
    """The first clause of ``text`` that advises recording signals, cases or tenants, or None.

    A clause (text between ``,``, ``;``, ``:`` and ``.``) counts when it has a verb of
    recording ("registreren", "bijhouden", "vastleggen", "noteren", "leg ... vast", ...)
    and something a corporation may not record ("signalen", "casussen", "huurders",
    "hoe vaak", ...), and no negation ("niet", "geen", "nooit", "zonder"). "Leg vast
    dat/wat/welke/wanneer/wie ..." writes down a rule and does not count by itself.
    """
    for clause in re.split(r"[,;:.]", " ".join(text.split())):
        verbs = [m for m in _RECORD_VERB.finditer(clause) if not _RULE_AFTER.match(clause, m.end())]
        if verbs and _RECORD_SUBJECT.search(clause) and not _NEGATION.search(clause):
            return clause.strip()
    return None


def _check_no_recording_advice(checklist: Checklist, src: str) -> None:
    def refuse(
        where: str, field: str, clause: str, item_id: str | None = None, rest: tuple[Any, ...] = ()
    ) -> None:
        _fail(
            src,
            where,
            field,
            f"'{clause}' raadt aan signalen, casussen of huurders vast te leggen of bij te houden; "
            "een corporatie heeft daar geen grondslag voor (handreiking, Privacy p. 10). "
            "Beschrijf wat er gebeurt zonder iets over huurders vast te leggen",
            item_id=item_id,
            rest=rest,
        )

    for item in checklist.items:
        where = f"item {item.id}"
        for field in ("question", "explanation"):
            if clause := recording_advice(getattr(item, field)):
                refuse(where, field, clause, item.id)
        for number, action in enumerate(item.actions, start=1):
            if clause := recording_advice(action.text):
                refuse(where, "actions", clause, item.id, (number - 1, "text"))
    for phase in checklist.phases:
        if clause := recording_advice(phase.description):
            refuse(f"fase {phase.level}", "description", clause)
    for role in checklist.roles:
        if clause := recording_advice(role.description):
            refuse(f"rol '{role.id}'", "description", clause)
    for level in checklist.scale:
        if clause := recording_advice(level.description):
            refuse(f"schaalniveau {level.value}", "description", clause)


# --------------------------------------------------------------------------- phases


def _check_phases(checklist: Checklist, src: str) -> None:
    section_ids = {section.id for section in checklist.sections}
    previous: Phase | None = None
    for index, phase in enumerate(checklist.phases):
        where = f"fase {phase.level}"
        if phase.level != index:
            _fail(
                src,
                where,
                "level",
                f"fasen worden in volgorde genummerd vanaf 0: verwacht {index}, gevonden {phase.level}",
            )
        for section_id in phase.requires:
            if section_id not in section_ids:
                _fail(
                    src,
                    where,
                    "requires",
                    f"onbekende sectie '{section_id}'; bekende secties: {_join(EXPECTED_SECTIONS)}",
                )
        if len(set(phase.requires)) != len(phase.requires):
            _fail(src, where, "requires", "een sectie staat er meer dan één keer in")
        if previous is not None:
            dropped = [s for s in previous.requires if s not in phase.requires]
            if dropped:
                _fail(
                    src,
                    where,
                    "requires",
                    f"fasen zijn cumulatief: ook {_join(dropped)} uit fase {previous.level} "
                    "moet erin staan",
                )
        previous = phase


# --------------------------------------------------------------------------- helpers


def _get(entry: Any, key: str) -> Any:
    return entry.get(key) if isinstance(entry, Mapping) else None


def _nth(seq: Any, index: int) -> Any:
    if isinstance(seq, Sequence) and not isinstance(seq, str) and 0 <= index < len(seq):
        return seq[index]
    return None


def _str_field(entry: Any, key: str) -> str | None:
    value = _get(entry, key)
    return value.strip() if isinstance(value, str) and value.strip() else None


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_scalar(value: Any) -> bool:
    return isinstance(value, (int, float, bool)) or value is None


def _shown(value: Any) -> str:
    """A value from the file for a message: its repr, at most MAX_SHOWN characters (a
    whole section pasted into a title is not repeated)."""
    if isinstance(value, list | dict):
        return _type_name(value)  # never the repr of a nested structure
    text = repr(value) if not isinstance(value, str) or len(value) <= MAX_SHOWN else repr(value[:MAX_SHOWN])
    return text if len(text) <= MAX_SHOWN + 3 else text[:MAX_SHOWN] + "…"


def _type_name(value: Any) -> str:
    if value is None:
        return "niets"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "een getal"
    if isinstance(value, str):
        return "tekst"
    if isinstance(value, list):
        return "een lijst"
    if isinstance(value, dict):
        return "een blok met velden"
    return type(value).__name__


def _join(values: Sequence[Any] | tuple[Any, ...]) -> str:
    return ", ".join(f"'{v}'" if isinstance(v, str) else str(v) for v in values)
