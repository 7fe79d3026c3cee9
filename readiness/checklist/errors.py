"""The checklist's one error, and how its messages name a place and a value."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

#: The longest piece of a value from the file quoted in a message.
MAX_SHOWN = 80


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


def _field_label(field: str | None, rest: tuple[Any, ...]) -> str:
    if field is None:
        return ""
    label = f"veld '{field}'"
    for part in rest:
        label += f", nr. {part + 1}" if isinstance(part, int) else f", veld '{part}'"
    return label


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
