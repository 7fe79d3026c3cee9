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
4. no text advises recording or tracking signals, cases or tenants (:func:`recording_advice`),
   nor a survey among tenants about safety that could collect a signal per tenant
   (:func:`survey_advice`): the handreiking says a corporation has no legal basis to record
   signals (Privacy, p. 10).

Every problem raises :class:`ChecklistError` with one Dutch message that names the file,
the item (when an item is involved) and the field, for example::

    checklist/items.yaml: item stp-03, veld 'actions': minstens twee verbeteracties nodig (gevonden: 1)

One module per layer: :mod:`.yaml_loader` (1), :mod:`.model_errors` (2),
:mod:`.structure` (3, the shape of the instrument), :mod:`.sources` (3, citations and
quotes), :mod:`.recording` (4, the no-recording rule, also for surveys among tenants); :mod:`.errors` holds :class:`ChecklistError` and how a
message names a place and a value. This module is the API.

Pure: imports only the standard library, yaml, pydantic and the domain models. Nothing is
read or cached at import time.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from readiness.checklist.errors import ChecklistError
from readiness.checklist.model_errors import _from_validation_error
from readiness.checklist.recording import _check_no_recording_advice, recording_advice, survey_advice
from readiness.checklist.sources import CITATION_FORM, _check_citations, parse_citation
from readiness.checklist.structure import (
    EXPECTED_SECTIONS,
    ITEM_PREFIXES,
    SCALE_VALUES,
    _check_items,
    _check_phases,
    _check_roles,
    _check_scale,
    _check_sections,
    _check_versions,
)
from readiness.checklist.yaml_loader import _load_yaml
from readiness.models import Checklist

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
    "survey_advice",
]


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
    """Validate checklist YAML text; ``source_name`` is used in error messages.

    Whatever the text holds, the outcome is a checklist or a :class:`ChecklistError`
    with a Dutch message: also when reading it runs out of stack or memory."""
    try:
        return _parse_checklist(text, source_name)
    except RecursionError:
        raise ChecklistError(
            f"{source_name}: de checklist is te diep genest om te lezen; controleer het inspringen "
            "en de haken [ ] en { }",
            source=source_name,
        ) from None
    except MemoryError:
        raise ChecklistError(
            f"{source_name}: de checklist vraagt te veel geheugen om te lezen; is dit wel items.yaml?",
            source=source_name,
        ) from None
    except UnicodeError as exc:
        raise ChecklistError(
            f"{source_name}: de checklist bevat tekens die niet te lezen zijn ({type(exc).__name__})",
            source=source_name,
        ) from None


def _parse_checklist(text: str, source_name: str) -> Checklist:
    raw = _load_yaml(text, source_name)
    try:
        checklist = Checklist.model_validate(raw)
    except ValidationError as exc:
        raise _from_validation_error(exc, raw, source_name) from None
    _check_rules(checklist, source_name)
    return checklist


def _check_rules(checklist: Checklist, src: str) -> None:
    _check_versions(checklist, src)
    _check_scale(checklist, src)
    role_ids = _check_roles(checklist, src)
    _check_sections(checklist, src)
    _check_items(checklist, role_ids, src)
    _check_citations(checklist, src)
    _check_phases(checklist, src)
    _check_no_recording_advice(checklist, src)
