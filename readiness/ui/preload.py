"""Which of Streamlit's JavaScript files a page of Voordeurcheck needs, so the page Streamlit
serves can ask for them at once (issue 24).

Streamlit's browser code loads the code of most element kinds (a selectbox, a metric tile,
a page link...) only when the first element of that kind arrives over the websocket: on a
fresh visit of Start some 30 files and 210 kB that the browser asks for only after the
server has run the page's script. :class:`readiness.ui.page_head.PageHead` adds
``<link rel="modulepreload">`` lines for them to the page's head, so the browser fetches
and compiles them while it opens the websocket and the server runs the script; when the
elements arrive, their code is there. Nothing a user sees changes.

:data:`PAGE_ELEMENTS` names, per page address, the element kinds its first view draws, by
the name of Streamlit's file for them (``Selectbox`` is ``static/js/Selectbox.<hash>.js``;
found by recording a first visit's requests, see docs/performance.md). The hashed file
names change with every Streamlit version, so they are found at run time, once per process,
in Streamlit's installed ``static`` folder: the file of a kind is the one the main bundle
loads with ``import("./<Kind>.<hash>.js")``, and with it go the files it imports, less the
ones the page already asks for itself. A kind that is not found gives no line (the page
then loads its code as before).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

__all__ = ["PAGE_ELEMENTS", "chunks_for", "preload_lines", "static_dir"]

#: Page address -> the element kinds its first view draws (Streamlit's file names for them):
#: ButtonGroup is st.segmented_control (the section picker), Selectbox the corporation and
#: round pickers, Metric the score tiles, PageLink st.page_link, Progress st.progress.
PAGE_ELEMENTS: dict[str, tuple[str, ...]] = {
    "start": ("Selectbox", "Metric", "ButtonGroup", "PageLink"),
    "vragenlijst": ("Selectbox", "ButtonGroup", "Progress", "Radio", "TextArea", "Button"),
    "resultaten": ("Selectbox", "Metric", "ButtonGroup"),
    "verbeterplan": ("Selectbox", "Metric", "ButtonGroup"),
    "voortgang": ("ButtonGroup",),
    "denktank": ("TextInput", "NumberInput"),
    "consensusgesprek": ("Selectbox", "ButtonGroup", "Button", "DateInput", "PageLink"),
}

_QUOTE = "[`'\"]"
_NAME = r"[A-Za-z0-9_.$-]+\.js"
_DYNAMIC = re.compile(rf"import\(\s*{_QUOTE}\./({_NAME}){_QUOTE}\s*\)")
_STATIC = re.compile(rf"(?:\bfrom|\bimport)\s*{_QUOTE}\./({_NAME}){_QUOTE}")
_PAGE_SCRIPTS = re.compile(rf"""(?:src|href)=["']\./static/js/({_NAME})["']""")


def static_dir() -> Path:
    """Streamlit's installed folder of the files it serves (``index.html``, ``static/js``)."""
    import streamlit

    return Path(streamlit.__file__).parent / "static"


def chunks_for(page: str) -> tuple[str, ...]:
    """The file names (in ``static/js``) to preload for ``page``; () for any other address
    or when the installed Streamlit is not laid out as expected. The first call works them
    out for every page (~0.1-0.2 s: it reads the main bundle and the files it imports),
    :class:`readiness.ui.page_head.PageHead` makes it when the server starts."""
    try:
        return _all_pages(static_dir()).get(page, ())
    except (OSError, UnicodeDecodeError):
        return ()


@lru_cache(maxsize=4)
def _all_pages(static: Path) -> dict[str, tuple[str, ...]]:
    js = static / "static" / "js"
    html = (static / "index.html").read_text(encoding="utf-8")
    own = _PAGE_SCRIPTS.findall(html)  # the main bundle and what Streamlit preloads itself
    if not own:
        return {}
    imports: dict[str, list[str]] = {}
    loaded = _closure(js, own, imports)
    entries: dict[str, str] = {}
    for main in loaded:
        for name in _DYNAMIC.findall(_read(js / main)):
            entries.setdefault(name.split(".", 1)[0], name)
    out = {}
    for page, kinds in PAGE_ELEMENTS.items():
        wanted = [entries[kind] for kind in kinds if kind in entries]
        out[page] = tuple(name for name in _closure(js, wanted, imports) if name not in loaded)
    return out


def _closure(js: Path, start: list[str], imports: dict[str, list[str]]) -> list[str]:
    """``start`` and every file they import (statically), in the order first met;
    ``imports`` keeps each file's imports once read."""
    seen: dict[str, None] = {}
    todo = list(start)
    while todo:
        name = todo.pop(0)
        if name in seen:
            continue
        if name not in imports:
            if not (js / name).is_file():
                continue
            imports[name] = _STATIC.findall(_read(js / name))
        seen[name] = None
        todo.extend(imports[name])
    return list(seen)


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def preload_lines(page: str) -> bytes:
    """The ``<link rel="modulepreload">`` lines for ``page``, in the form of Streamlit's own
    (relative to the page, as its scripts are, so a proxy's prefix holds)."""
    return "".join(
        f'<link rel="modulepreload" crossorigin href="./static/js/{name}">' for name in chunks_for(page)
    ).encode()
