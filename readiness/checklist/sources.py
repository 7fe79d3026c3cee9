"""Layer 3 and 4 about the handreiking itself: every item and suggested action cites it
(or is an own suggestion), and no text advises recording signals, cases or tenants."""

from __future__ import annotations

import re
from typing import Any

from readiness.checklist.errors import _fail
from readiness.models import Checklist

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
            for key in action.replaces:
                if not key.startswith(f"{item.id}:"):
                    _fail(
                        src,
                        where,
                        "actions",
                        f"'{key}' is de sleutel van een suggestie bij een ander item; "
                        f"een eerdere formulering van deze actie begint met '{item.id}:'",
                        item_id=item.id,
                        rest=(number - 1, "replaces"),
                    )


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
