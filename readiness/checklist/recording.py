"""Layer 4: no text of the instrument advises collecting signals about tenants.

The handreiking says a corporation has no legal basis to record signals of domestic
violence (Privacy en het delen van signalen, p. 10). Two rules check every question,
explanation, action, phase, role and scale description:

* :func:`recording_advice` - recording or tracking signals, cases or tenants: a verb of
  recording ("registreren", "bijhouden", "vastleggen", "leg ... vast"), a register or
  dossier (also "huurdersdossier"), or following/monitoring cases, together with what a
  corporation may not record ("signalen", "casussen", "huurders", "hoe vaak", ...);
* :func:`survey_advice` - a survey among tenants about safety behind the front door
  that could collect a possible signal per tenant: one that is linked to a tenant or an
  address, that is not said to be anonymous and unlinkable, that asks how safe tenants
  themselves feel, or that has open answers about it. Questions (``question``) are
  exempt from this rule: they restate the checklist's point, and the explanation says
  what "done" looks like.

A clause (text between ``,``, ``;``, ``:`` and ``.``) with "niet", "geen", "nooit" or
"zonder" does not count: it says the thing is not done.

Pure: standard library only (and the domain models for the check over a checklist).
"""

from __future__ import annotations

import re
from typing import Any

from readiness.checklist.errors import _fail
from readiness.models import Checklist

# A verb of recording, also split ("leg ... vast", "houd ... bij"), a register or dossier, ...
_RECORD_VERB = re.compile(
    r"\b(?:registr\w*|geregistreerd\w*|vastleg\w*|vast\s+(?:te\s+)?legg\w*|vastgelegd\w*|"
    r"bijhoud\w*|bij\s+te\s+houden|bijgehouden|noteer\w*|noteren|genoteerd\w*|opslaan|"
    r"op\s+te\s+slaan|opgeslagen|archiveer\w*|archiveren|\w*dossiers?|\w*registers?|"
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
# Following cases or people over time (a case register by another name): "volgt casussen
# en hun verloop", "monitort gezinnen", "een overzicht van huurders", "lijst van adressen".
_TRACK_VERB = re.compile(r"\b(?:volg\w*|gevolgd|monitor\w*|gemonitord|overzicht\w*|lijst\w*)\b", re.IGNORECASE)
_TRACK_SUBJECT = re.compile(
    r"\b(?:casus(?:sen)?|cases?|huurders?|bewoners?|gezin(?:nen)?|huishoudens?|slachtoffers?|"
    r"plegers?|adressen|zorgadressen)\b",
    re.IGNORECASE,
)
# "Leg vast dat/wat/welke ..." writes down a rule or agreement, not a record of cases.
_RULE_AFTER = re.compile(r"\s+(?:dat|wat|welke|wanneer|wie)\b", re.IGNORECASE)
# ... unless the same clause says it is not done.
_NEGATION = re.compile(r"\b(?:niet|geen|nooit|zonder)\b", re.IGNORECASE)

# A survey, a tenants' survey, and what it asks about.
_SURVEY = re.compile(
    r"\w*(?:onderzoek|enqu[eê]te|vragenlijst|peiling|survey)\w*", re.IGNORECASE
)
_TENANTS = re.compile(r"huurder|bewoner", re.IGNORECASE)
_SAFETY = re.compile(r"veilig\w*|geweld|achter\s+de\s+voordeur|zorgen\s+over", re.IGNORECASE)
# Said of the survey: anonymous, and not linkable to a tenant or an address.
_ANONYMOUS = re.compile(r"\banoniem\w*", re.IGNORECASE)
_UNLINKABLE = re.compile(
    r"\bniet\s+(?:te\s+)?(?:koppel\w*|herleid\w*|gekoppeld)|\bgeen\s+koppeling|\bonherleidbaar\w*",
    re.IGNORECASE,
)
# Linked to a tenant or an address (per tenant, tenant number, address).
_LINKED = re.compile(
    r"\b(?:gekoppeld|koppel\w*|per\s+(?:huurder|adres|woning)|huurder(?:s)?nummer\w*|"
    r"klantnummer\w*|contractnummer\w*|adres(?:sen)?)\b",
    re.IGNORECASE,
)
# About the tenant's own safety: a possible signal about one household.
_OWN_SAFETY = re.compile(
    r"\bhoe\s+veilig\b|\beigen\s+(?:veiligheid|situatie|thuissituatie)|\bzich\s+(?:thuis\s+)?(?:on)?veilig\s+voel\w*|"
    r"\bveilig\s+(?:thuis\s+)?voel\w*|\bthuis\s+veilig\b",
    re.IGNORECASE,
)
# Free text in the survey about it.
_FREE_TEXT = re.compile(r"\bopen\s+(?:vra(?:ag|gen)|tekst\w*|antwoord\w*)|\btekstve\w*|\btoelichting\b", re.IGNORECASE)


def _clauses(text: str) -> list[str]:
    return [c.strip() for c in re.split(r"[,;:.!?]", " ".join(text.split())) if c.strip()]


def recording_advice(text: str) -> str | None:
    """The first clause of ``text`` that advises recording or tracking signals, cases or
    tenants (see the module doc), or None. "Leg vast dat/wat/welke/wanneer/wie ..." writes
    down a rule and does not count by itself."""
    for clause in _clauses(text):
        if _NEGATION.search(clause):
            continue
        verbs = [m for m in _RECORD_VERB.finditer(clause) if not _RULE_AFTER.match(clause, m.end())]
        if verbs and _RECORD_SUBJECT.search(clause):
            return clause
        if _TRACK_VERB.search(clause) and _TRACK_SUBJECT.search(clause):
            return clause
    return None


def survey_advice(text: str) -> str | None:
    """The first clause of ``text`` that proposes a survey among tenants about safety that
    could collect a possible signal per tenant (see the module doc), or None.

    A text that speaks of a survey (onderzoek, enquête, vragenlijst, peiling) among
    tenants about safety must say it is anonymous and cannot be linked to a tenant or an
    address; no clause about the survey may link it to a tenant or address, ask about the
    tenant's own safety, or ask for free text, unless that clause says it does not.
    """
    clauses = _clauses(text)
    survey = [c for c in clauses if _SURVEY.search(c)]
    if not survey or not _TENANTS.search(text) or not _SAFETY.search(text):
        return None
    for clause in clauses:
        if _NEGATION.search(clause):
            continue
        if _OWN_SAFETY.search(clause) or (_SURVEY.search(clause) and _LINKED.search(clause)):
            return clause
        if _FREE_TEXT.search(clause):
            return clause
    if not (_ANONYMOUS.search(text) and _UNLINKABLE.search(text)):
        return survey[0]
    return None


def _check_no_recording_advice(checklist: Checklist, src: str) -> None:
    reasons = {
        "recording": "raadt aan signalen, casussen of huurders vast te leggen of bij te houden; "
        "een corporatie heeft daar geen grondslag voor (handreiking, Privacy p. 10). "
        "Beschrijf wat er gebeurt zonder iets over huurders vast te leggen",
        "survey": "een onderzoek onder huurders over veiligheid achter de voordeur kan "
        "per huurder een mogelijk signaal vastleggen; een corporatie heeft daar geen "
        "grondslag voor (handreiking, Privacy p. 10). Beschrijf alleen een anoniem "
        "onderzoek dat niet te koppelen is aan een huurder of adres, met vragen over "
        "bekendheid (zoals 'weet u waar u terechtkunt?'), niet over de eigen situatie, "
        "zonder open antwoorden daarover en met alleen totalen als uitkomst",
    }

    def check(where: str, field: str, text: str, item_id: str | None = None, rest: tuple[Any, ...] = (),
              survey: bool = True) -> None:
        found = [("recording", recording_advice(text))]
        if survey:
            found.append(("survey", survey_advice(text)))
        for kind, clause in found:
            if clause:
                separator = " " if kind == "recording" else ": "
                _fail(src, where, field, f"'{clause}'{separator}{reasons[kind]}", item_id=item_id, rest=rest)

    for item in checklist.items:
        where = f"item {item.id}"
        check(where, "question", item.question, item.id, survey=False)
        check(where, "explanation", item.explanation, item.id)
        for number, action in enumerate(item.actions, start=1):
            check(where, "actions", action.text, item.id, (number - 1, "text"))
    for phase in checklist.phases:
        check(f"fase {phase.level}", "description", phase.description)
    for role in checklist.roles:
        check(f"rol '{role.id}'", "description", role.description)
    for level in checklist.scale:
        check(f"schaalniveau {level.value}", "description", level.description)
