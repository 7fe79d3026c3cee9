"""Layer 1: the YAML text, with line and column; no key twice in one block, no aliases."""

from __future__ import annotations

from typing import Any

import yaml

from readiness.checklist.errors import ChecklistError, _type_name


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


#: items.yaml nests 5 levels (sections > items > fields > lists); far deeper is no instrument,
#: and PyYAML's composer (and pydantic after it) recurse once per level.
MAX_CHECKLIST_DEPTH = 20


def _check_depth(text: str, src: str) -> None:
    """Refuse nesting deeper than :data:`MAX_CHECKLIST_DEPTH`, counted on PyYAML's event
    stream (its parser does not recurse), before anything builds the nested objects."""
    depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_CHECKLIST_DEPTH:
                line = event.start_mark.line + 1
                raise ChecklistError(
                    f"{src}: regel {line}: de checklist is hier dieper genest dan {MAX_CHECKLIST_DEPTH} niveaus "
                    "(lijsten en blokken in elkaar); de checklist heeft er hoogstens 5. Controleer het "
                    "inspringen en de haken [ ] en { }",
                    source=src,
                    line=line,
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _load_yaml(text: str, src: str) -> dict[str, Any]:
    if len(text) > MAX_CHECKLIST_CHARS:
        raise ChecklistError(
            f"{src}: het bestand is te groot ({len(text)} tekens; hoogstens {MAX_CHECKLIST_CHARS})", source=src
        )
    try:
        _check_depth(text, src)
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
        if "stream" in str(getattr(exc, "problem", "")) and getattr(exc, "context_mark", None) is not None:
            mark = exc.context_mark  # the file ended inside a quote or a list: name where it opened
        problem = yaml_problem_nl(exc)
        if mark is not None:
            line = mark.line + 1
            raise ChecklistError(
                f"{src}: regel {line}, kolom {mark.column + 1}: ongeldige YAML: {problem}",
                source=src,
                line=line,
            ) from None
        raise ChecklistError(f"{src}: ongeldige YAML: {problem}", source=src) from None
    if data is None:
        raise ChecklistError(f"{src}: het bestand is leeg", source=src)
    if not isinstance(data, dict):
        raise ChecklistError(
            f"{src}: het bestand moet beginnen met velden als 'version:', 'title:' en "
            f"'sections:' (gevonden: {_type_name(data)})",
            source=src,
        )
    return data


# PyYAML's problems in Dutch (its own text is English): the first matching fragment wins.
_YAML_PROBLEMS_NL: tuple[tuple[str, str], ...] = (
    ("mapping values are not allowed", "een dubbele punt ':' staat hier niet op zijn plaats; zet een tekst "
     "met een dubbele punt tussen aanhalingstekens"),
    ("could not find expected ':'", "na een sleutel ontbreekt de dubbele punt ':'"),
    ("cannot start any token", "dit teken mag hier niet staan; spring in met spaties, niet met tabs, en zet "
     "een tekst die met een bijzonder teken begint tussen aanhalingstekens"),
    ("found unknown escape character", "een onbekende reeks met '\\' in een tekst tussen dubbele aanhalingstekens"),
    ("while scanning a quoted scalar", "een aanhalingsteken wordt niet gesloten"),
    ("found unexpected end of stream", "het bestand houdt onverwacht op; wordt een aanhalingsteken niet gesloten?"),
    ("expected ',' or ']'", "een lijst tussen [ en ] is niet goed gesloten"),
    ("expected ',' or '}'", "een blok tussen { en } is niet goed gesloten"),
    ("expected a single document", "het bestand bevat meer dan één YAML-document ('---'); gebruik er één"),
    ("could not determine a constructor", "een YAML-label met '!' is hier niet toegestaan"),
    ("found undefined tag handle", "een YAML-label met '!' is hier niet toegestaan"),
    ("expected <block end>", "de inspringing klopt niet: deze regel past niet in het blok erboven"),
    ("did not find expected key", "de inspringing klopt niet: hier wordt een sleutel verwacht"),
    ("did not find expected '-'", "de inspringing klopt niet: hier wordt een lijstregel met '-' verwacht"),
    ("expected the node content", "hier ontbreekt een waarde"),
    ("did not find expected node content", "hier ontbreekt een waarde"),
    ("found character", "dit teken mag hier niet staan"),
)


def yaml_problem_nl(exc: yaml.YAMLError) -> str:
    """What is wrong in a YAML text, in Dutch words (never PyYAML's English)."""
    english = " ".join(str(getattr(exc, part, None) or "") for part in ("context", "problem")) or str(exc)
    for fragment, dutch in _YAML_PROBLEMS_NL:
        if fragment in english:
            return dutch
    return "de opbouw van de YAML klopt hier niet (inspringing, dubbele punten en aanhalingstekens)"
