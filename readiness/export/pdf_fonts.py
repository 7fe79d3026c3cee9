"""The report font as reportlab embeds it, with each font subset made and compressed once
per process.

reportlab embeds a TrueType font in every PDF as subsets of the characters used, and
makes each subset anew (the font file cut down and compressed): about 3 ms of a board
report's 45 ms, three subsets a report (``export --all`` writes 300 reports:
docs/performance.md). The subsets of two reports with the same characters in the same
order are the same bytes, so :class:`KeptSubsetFont` keeps them, by font file and
characters, and hands the next document the same bytes. Everything else is reportlab's
own; a test checks that PDFs made with kept subsets are byte for byte the ones made
without (``tests/integration/test_report_chart.py``).
"""

from __future__ import annotations

import threading

from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

__all__ = ["KeptSubsetFont"]

#: (font file, characters in subset order) -> (the subset, the subset compressed)
_SUBSETS: dict[tuple[str, tuple[int, ...]], tuple[bytes, bytes]] = {}
_SUBSETS_MAX = 256
_LOCK = threading.Lock()


class KeptSubsetFont(TTFont):
    """reportlab's TrueType font, whose subsets are made and compressed once per process."""

    def __init__(self, name: str, filename: str) -> None:
        super().__init__(name, filename)
        self.face.__class__ = _KeptSubsetFace


class _KeptSubsetFace(TTFontFace):
    def _kept(self, subset) -> tuple[bytes, bytes]:  # noqa: ANN001 - reportlab's list of codes
        key = (self.filename, tuple(subset))
        kept = _SUBSETS.get(key)
        if kept is None:
            content = super().makeSubset(subset)
            kept = (content, pdfdoc.PDFZCompress.encode(content))
            with _LOCK:
                if len(_SUBSETS) >= _SUBSETS_MAX:
                    _SUBSETS.clear()
                _SUBSETS[key] = kept
        return kept

    def makeSubset(self, subset):  # noqa: N802, ANN001 - reportlab's names
        return self._kept(subset)[0]

    def addSubsetObjects(self, doc, fontname, subset):  # noqa: N802, ANN001 - reportlab's names
        """reportlab's own, then its font file stream given the kept compressed bytes (with
        the filter named, so reportlab does not compress them again)."""
        reference = super().addSubsetObjects(doc, fontname, subset)
        if doc.compression:
            stream = doc.idToObject["fontFile:%s(%s)" % (self.filename, fontname)]  # noqa: UP031 - reportlab's name
            stream.content = self._kept(subset)[1]
            stream.filters = None
            stream.dictionary["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName(pdfdoc.PDFZCompress.pdfname)])
        return reference
