"""Layer 2: pydantic's validation errors as one Dutch message naming item and field."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

from readiness.checklist.errors import (
    MAX_SHOWN,
    ChecklistError,
    _field_label,
    _is_int,
    _is_scalar,
    _shown,
    _type_name,
)
from readiness.models import Checklist, Item, Phase, Quote, Role, ScaleLevel, Section, SuggestedAction

# Which model a list field of a model holds, to name the allowed fields of nested objects.
_CHILD_MODELS: dict[type[BaseModel], dict[str, type[BaseModel]]] = {
    Checklist: {"scale": ScaleLevel, "roles": Role, "phases": Phase, "sections": Section},
    Section: {"items": Item},
    Item: {"actions": SuggestedAction, "quotes": Quote, "explanation_quotes": Quote},
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
    if kind == "literal_error":
        return f"onbekende soort {_shown(value)}: kies 'bron', 'uitwerking' of 'eigen suggestie'"
    if kind == "string_too_long":
        return (
            f"hoogstens {ctx.get('max_length')} tekens (een citaat is een korte passage; "
            f"gevonden: {len(value) if isinstance(value, str) else '?'})"
        )
    if kind == "string_too_short" or (kind == "string_type" and value is None):
        return "mag niet leeg zijn"
    if kind == "string_type":
        hint = " (zet de waarde tussen aanhalingstekens)" if _is_scalar(value) else ""
        return f"moet tekst zijn, gevonden: {_shown(value)}{hint}"
    if kind == "string_pattern_mismatch":
        if field == "id" and owner is Item and not rest:
            return f"ongeldige id {_shown(value)}: gebruik de vorm 'abc-01' (kleine letters, streepje, twee cijfers)"
        if "replaces" in rest:
            return (
                f"ongeldige sleutel {_shown(value)}: gebruik de sleutel van de eerdere formulering, "
                "de vorm 'abc-01:' met twaalf tekens 0-9 of a-f (readiness.planning.suggestion_key)"
            )
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


def _get(entry: Any, key: str) -> Any:
    return entry.get(key) if isinstance(entry, Mapping) else None


def _nth(seq: Any, index: int) -> Any:
    if isinstance(seq, Sequence) and not isinstance(seq, str) and 0 <= index < len(seq):
        return seq[index]
    return None


def _str_field(entry: Any, key: str) -> str | None:
    value = _get(entry, key)
    return value.strip() if isinstance(value, str) and value.strip() else None
