"""Layer 3 about the handreiking itself: every item and suggested action cites it (or is an
own suggestion), says what kind of claim it is, and quotes the passage it rests on.

Kinds (``kind`` on an item, ``explanation_kind``, ``kind`` on an action):

* ``bron`` - the handreiking says this;
* ``uitwerking`` - the concrete form is Voordeurcheck's, of what the quoted passage says;
* ``eigen suggestie`` - Voordeurcheck's own (actions and explanations only), no source.

A ``bron`` or ``uitwerking`` needs at least one quote (``quotes``: ``page`` and ``text``),
and every quote's page lies inside a part its source cites (for an item and its
explanation: the item's ``source``). That the quote text occurs verbatim in the
handreiking is checked by tests/unit/test_checklist_source.py where the text is present
(the rule of :mod:`readiness.checklist.quotes`).
"""

from __future__ import annotations

import re
from typing import Any

from readiness.checklist.errors import _fail
from readiness.models import Checklist, Quote

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


_KIND_HINT = "'bron' (de handreiking zegt dit), 'uitwerking' (eigen invulling van wat de handreiking zegt) of 'eigen suggestie'"


def _check_quotes(
    src: str,
    where: str,
    item_id: str,
    kind: str | None,
    quotes: list[Quote],
    cited: list[tuple[str, int, int]] | None,
    field: str,
    quotes_field: str,
    rest: tuple[Any, ...] = (),
    quotes_rest: tuple[Any, ...] = (),
) -> None:
    """``kind`` is set; a ``bron`` or ``uitwerking`` quotes at least once; every quote's
    page lies in a cited part."""
    if kind is None:
        _fail(src, where, field, f"geef met '{field if not rest else 'kind'}' aan wat voor bewering dit is: {_KIND_HINT}",
              item_id=item_id, rest=rest)
    if kind in ("bron", "uitwerking") and not quotes:
        _fail(
            src,
            where,
            quotes_field,
            f"een {kind} heeft minstens één letterlijk citaat uit de handreiking nodig "
            "(regels met 'page:' en 'text:'), zodat te zien is wat de handreiking zegt",
            item_id=item_id,
            rest=quotes_rest,
        )
    for index, quote in enumerate(quotes):
        if not cited:
            _fail(src, where, quotes_field, "een citaat hoort bij een bron; deze tekst noemt geen bron",
                  item_id=item_id, rest=(*quotes_rest, index))
            return
        if not any(first <= quote.page <= last for _, first, last in cited):
            parts = "; ".join(f"{name} p. {first}" + (f"-{last}" if last != first else "") for name, first, last in cited)
            _fail(
                src,
                where,
                quotes_field,
                f"citaat van p. {quote.page} valt buiten de genoemde bron ({parts}); "
                "noem het onderdeel van die pagina in 'source' of citeer van een genoemde pagina",
                item_id=item_id,
                rest=(*quotes_rest, index, "page"),
            )


def _check_citations(checklist: Checklist, src: str) -> None:
    for item in checklist.items:
        where = f"item {item.id}"
        try:
            cited = parse_citation(item.source)
        except ValueError as exc:
            _fail(src, where, "source", str(exc), item_id=item.id)
        if item.kind == "eigen suggestie":
            _fail(src, where, "kind", "een vraag geeft een punt van de checklist weer: kies 'bron' of 'uitwerking'",
                  item_id=item.id)
        _check_quotes(src, where, item.id, item.kind, item.quotes, cited, "kind", "quotes")
        _check_quotes(
            src, where, item.id, item.explanation_kind, item.explanation_quotes, cited,
            "explanation_kind", "explanation_quotes",
        )
        for number, action in enumerate(item.actions, start=1):
            field, rest = "actions", (number - 1, "source")
            if action.source is None and not action.own_suggestion:
                _fail(
                    src,
                    where,
                    field,
                    "deze verbeteractie heeft geen bron; geef het onderdeel en de pagina in de "
                    f"handreiking ('{CITATION_FORM}') met 'kind: bron' of 'kind: uitwerking' en "
                    "een citaat, of markeer haar als eigen suggestie met 'kind: eigen suggestie'",
                    item_id=item.id,
                    rest=rest,
                )
            if action.source is not None and action.own_suggestion:
                _fail(
                    src,
                    where,
                    field,
                    "een eigen suggestie komt niet uit de handreiking en heeft dus geen bron; "
                    "haal 'source' weg of kies 'kind: bron' of 'kind: uitwerking'",
                    item_id=item.id,
                    rest=rest,
                )
            action_cited = None
            if action.source is not None:
                try:
                    action_cited = parse_citation(action.source)
                except ValueError as exc:
                    _fail(src, where, field, str(exc), item_id=item.id, rest=rest)
            _check_quotes(
                src, where, item.id, action.kind, action.quotes, action_cited, field, field,
                rest=(number - 1, "kind"), quotes_rest=(number - 1, "quotes"),
            )
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
