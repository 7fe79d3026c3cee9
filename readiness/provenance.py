"""Where Voordeurcheck's content comes from, in the words pages and reports show beside it.

One place for these sentences, so every page and export says the same thing:

* the 0-4 scale, the target level and the phases (with their names and gates) are
  Voordeurcheck's own classification, derived from the build-up of the handreiking's
  checklist (p. 21-22): the handreiking itself has no scores or phases;
* the suggested actions are *derived from* the handreiking: each cites the part and page it
  rests on ("Handreiking, Draagvlak p. 8"), or is marked as an own suggestion
  (``own_suggestion: true`` in checklist/items.yaml).

Pure: standard library only.
"""

from __future__ import annotations

__all__ = [
    "ACTIONS_NOTE",
    "CLASSIFICATION_NOTE",
    "OWN_SUGGESTION",
    "OWN_SUGGESTION_LABEL",
    "origin",
    "origin_label",
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
    "(Kadera, 2018), per punt van de checklist (p. 21-22). Bij elke actie staat op welk "
    "onderdeel en welke pagina van de handreiking zij steunt, of dat het een eigen suggestie "
    "van Voordeurcheck is."
)


def origin(source: str | None) -> str:
    """An action's origin in a few words: its citation, or "eigen suggestie"."""
    return source if source else OWN_SUGGESTION


def origin_label(source: str | None) -> str:
    """An action's origin as shown beside it: "Bron: Handreiking, Draagvlak p. 8", or the
    own-suggestion mark when the action cites nothing."""
    return f"Bron: {source}" if source else OWN_SUGGESTION_LABEL
