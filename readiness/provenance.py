"""Where Voordeurcheck's content comes from, in the words pages and reports show beside it.

One place for these sentences, so every page and export says the same thing:

* the 0-4 scale, the target level and the phases (with their names and gates) are
  Voordeurcheck's own classification, derived from the build-up of the handreiking's
  checklist (p. 21-22): the handreiking itself has no scores or phases;
* the questions, explanations, phases and scale are in Voordeurcheck's own words, based on
  the checklist (:data:`WORDING_NOTE`, :data:`PHASE_NOTE`, :func:`card_source`);
* every claim says what kind of claim it is (issue 26): ``bron`` (the handreiking says
  this), ``uitwerking`` (the concrete form is Voordeurcheck's, of what the quoted passage
  says) or ``eigen suggestie``; a bron or uitwerking carries verbatim quotes with their
  page, shown on request under "Wat de handreiking zegt" (:func:`quotes_markdown`) and
  cited with the kind in reports (:func:`origin`).

Pure: standard library and the domain models only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from readiness.models import Checklist, Item, Quote, SuggestedAction

__all__ = [
    "ACTIONS_NOTE",
    "CLASSIFICATION_NOTE",
    "KINDS",
    "KIND_LABELS",
    "OWN_SUGGESTION",
    "OWN_SUGGESTION_LABEL",
    "PHASE_NOTE",
    "QUOTES_TITLE",
    "SCALE_NOTE",
    "WORDING_NOTE",
    "Claim",
    "action_claim",
    "card_source",
    "item_claims",
    "kind_counts",
    "origin",
    "origin_label",
    "quotes_markdown",
]

#: The short mark of an action that does not come from the handreiking.
OWN_SUGGESTION = "eigen suggestie"

#: The mark in full, where an action's source is shown ("Bron: ..." otherwise).
OWN_SUGGESTION_LABEL = "Eigen suggestie van Voordeurcheck, niet uit de handreiking"

#: Said wherever the scale, the target level or the phases appear.
CLASSIFICATION_NOTE = (
    "De schaal van 0 tot 4, het streefniveau en de fasen met hun namen zijn een eigen "
    "indeling van Voordeurcheck, afgeleid van de opbouw van de checklist in de handreiking "
    "(p. 21-22). De handreiking zelf geeft geen scores of fasen."
)

#: Said where suggested actions are offered.
ACTIONS_NOTE = (
    "De voorgestelde acties zijn afgeleid van de handreiking Signaleren achter de voordeur "
    "(Kadera, 2018), per punt van de checklist (p. 21-22). Bij elke actie staat wat voor voorstel "
    "het is en waar het op steunt: bron (de handreiking zegt dit; met onderdeel en pagina), "
    "uitwerking (een concrete vorm van Voordeurcheck van wat de handreiking op die pagina zegt) "
    "of eigen suggestie van Voordeurcheck."
)


#: Said where phases or the scale are shown beside the handreiking's checklist (Start, the
#: report covers, the scale legend): whose words they are.
PHASE_NOTE = (
    "Fasen en schaal zijn eigen woorden en een eigen indeling van Voordeurcheck, gebaseerd op "
    "de checklist 'Is een corporatie er klaar voor?' uit de handreiking (Kadera, 2018, p. 21-22); "
    "de handreiking noemt geen fasen of scores."
)

#: Said in the legend of the answer scale.
SCALE_NOTE = (
    "De schaal en haar omschrijvingen zijn eigen woorden en een eigen indeling van Voordeurcheck, "
    "gebaseerd op de checklist van de handreiking (p. 21-22); de handreiking zelf geeft geen scores."
)

#: Said where the questions are shown: they are not the handreiking's own sentences.
WORDING_NOTE = (
    "De vragen en de uitleg zijn in eigen woorden van Voordeurcheck, gebaseerd op de checklist "
    "van de handreiking (p. 21-22). Wat de handreiking zelf zegt, staat letterlijk bij elke "
    "vraag onder 'Wat de handreiking zegt'."
)

#: The title of the place where the quotes are shown on request.
QUOTES_TITLE = "Wat de handreiking zegt"

#: The kinds of claim, in the order they are counted and explained.
KINDS: tuple[str, ...] = ("bron", "uitwerking", "eigen suggestie")

#: Each kind in words, as shown beside a claim.
KIND_LABELS: dict[str, str] = {
    "bron": "Bron: de handreiking zegt dit",
    "uitwerking": "Uitwerking: de handreiking zegt wat hieronder staat; de concrete vorm is van Voordeurcheck",
    "eigen suggestie": OWN_SUGGESTION_LABEL,
}


@dataclass(frozen=True)
class Claim:
    """One claim of the instrument: what it is ("De vraag", "De uitleg", "Deze actie"), its
    kind, its citation and its quotes."""

    what: str
    kind: str | None
    source: str | None
    quotes: tuple[Quote, ...]


def item_claims(item: Item) -> list[Claim]:
    """The question (the checklist point it restates) and the explanation of an item."""
    return [
        Claim("De vraag", item.kind, item.source, tuple(item.quotes)),
        Claim("De uitleg", item.explanation_kind, item.source, tuple(item.explanation_quotes)),
    ]


def action_claim(action: SuggestedAction) -> Claim:
    return Claim("Deze actie", action.kind, action.source, tuple(action.quotes))


def kind_counts(checklist: Checklist) -> dict[str, Counter[str]]:
    """How many questions, explanations and actions are of each kind."""
    counts: dict[str, Counter[str]] = {"vragen": Counter(), "uitleg": Counter(), "acties": Counter()}
    for item in checklist.items:
        counts["vragen"][item.kind or "?"] += 1
        counts["uitleg"][item.explanation_kind or "?"] += 1
        for action in item.actions:
            counts["acties"][action.kind or "?"] += 1
    return counts


def card_source(source: str) -> str:
    """The line under a question's explanation: whose words, based on what."""
    return f"In eigen woorden van Voordeurcheck, gebaseerd op: {source}"


def quotes_markdown(claims: Sequence[Claim]) -> str:
    """Markdown for "Wat de handreiking zegt": per claim its kind in words and its quotes,
    each quoted with its page. A claim without quotes says it is Voordeurcheck's own."""
    blocks = []
    for claim in claims:
        label = KIND_LABELS.get(claim.kind or "", "")
        head = f"**{claim.what}** · {label}" if label else f"**{claim.what}**"
        lines = [head]
        if claim.quotes:
            lines += [f"> „{' '.join(q.text.split())}” (p. {q.page})" for q in claim.quotes]
        else:
            lines.append("Hier staat geen passage uit de handreiking achter.")
        blocks.append("\n\n".join(lines))
    return "\n\n".join(blocks)


def origin(source: str | None, kind: str | None = None) -> str:
    """An action's origin in a few words, with its kind, for reports: "bron: Handreiking,
    Draagvlak p. 8", "uitwerking van Handreiking, Kennis p. 9" or "eigen suggestie"."""
    if not source or kind == "eigen suggestie":
        return OWN_SUGGESTION
    if kind == "uitwerking":
        return f"uitwerking van {source}"
    if kind == "bron":
        return f"bron: {source}"
    return source


def origin_label(source: str | None, kind: str | None = None) -> str:
    """An action's origin as shown beside it: "Bron: Handreiking, Draagvlak p. 8",
    "Uitwerking van: Handreiking, Kennis p. 9 (concrete vorm van Voordeurcheck)", or the
    own-suggestion mark when the action cites nothing."""
    if not source or kind == "eigen suggestie":
        return OWN_SUGGESTION_LABEL
    if kind == "uitwerking":
        return f"Uitwerking van: {source} (concrete vorm van Voordeurcheck)"
    return f"Bron: {source}"
