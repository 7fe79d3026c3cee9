"""What the figure tiles of a page show (:func:`readiness.ui.widgets.tiles`), read from an
AppTest run as a user reads them: per tile its label, value, note and help text.

The tiles replaced ``st.metric`` (issue 24: no element code to load on a first render); the
tests that read ``at.metric`` read :func:`tiles` instead, by the same label and value."""

from __future__ import annotations

import re
from dataclasses import dataclass

from readiness.ui.widgets import TILE_KEY

_ESCAPED = re.compile(r"\\(.)")
_NOTE = re.compile(r"\n\n:gray-badge\[(.*)\]\Z", re.S)


@dataclass(frozen=True)
class SeenTile:
    label: str
    value: str
    note: str | None
    help: str | None


def _literal(markdown: str) -> str:
    return _ESCAPED.sub(r"\1", markdown)


def tiles(at) -> list[SeenTile]:
    """Every figure tile of the page, in the page's order."""
    seen = []
    for block in at.container:
        if not (block.key or "").startswith(f"{TILE_KEY}_"):
            continue
        label, value = block.markdown  # the label (with its help) and the value (with its note)
        body, note = value.value, None
        if match := _NOTE.search(body):
            body, note = body[: match.start()], _literal(match.group(1))
        seen.append(SeenTile(_literal(label.value), _literal(body), note, label.proto.help or None))
    return seen


def tile_values(at) -> dict[str, str]:
    """Label -> value of every tile (the last one where a label repeats)."""
    return {t.label: t.value for t in tiles(at)}
