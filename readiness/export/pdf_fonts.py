"""The report font as reportlab embeds it, with each font subset made and compressed once
per process.

reportlab embeds a TrueType font in every PDF as subsets of the characters used, and
makes each subset anew (the font file cut down and compressed): about 3 ms of a board
report's 45 ms, three subsets a report (``export --all`` writes 300 reports:
docs/performance.md). The subsets of two reports with the same characters in the same
order are the same bytes, so :class:`KeptSubsetFont` keeps them, by font file and
characters, and hands the next document the same bytes. Everything else is reportlab's
own; a test checks that PDFs made with kept subsets are byte for byte the ones made
without (``tests/unit/test_pdf_paragraphs.py``).
"""

from __future__ import annotations

import threading

from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.ttfonts import FF_NONSYMBOLIC, FF_SYMBOLIC, TTFont, TTFontFace

__all__ = ["KeptSubsetFont"]

#: (font file, characters in subset order, compressed?) -> (length of the subset, its stream content)
_SUBSETS: dict[tuple[str, tuple[int, ...], bool], tuple[int, bytes]] = {}
_SUBSETS_MAX = 256
_LOCK = threading.Lock()


class KeptSubsetFont(TTFont):
    """reportlab's TrueType font, whose subsets are made and compressed once per process."""

    def __init__(self, name: str, filename: str) -> None:
        super().__init__(name, filename)
        self.face.__class__ = _KeptSubsetFace


class _KeptSubsetFace(TTFontFace):
    def addSubsetObjects(self, doc, fontname, subset):  # noqa: N802, ANN001 - reportlab's names
        """reportlab's ``TTFontFace.addSubsetObjects`` (5.1), with the subset's stream kept."""
        key = (self.filename, tuple(subset), bool(doc.compression))
        kept = _SUBSETS.get(key)
        if kept is None:
            content = self.makeSubset(subset)
            kept = (len(content), pdfdoc.PDFZCompress.encode(content) if doc.compression else content)
            with _LOCK:
                if len(_SUBSETS) >= _SUBSETS_MAX:
                    _SUBSETS.clear()
                _SUBSETS[key] = kept
        fontFile = pdfdoc.PDFStream()  # noqa: N806 - as in reportlab
        fontFile.content = kept[1]
        fontFile.dictionary["Length1"] = kept[0]
        if doc.compression:  # compressed already: the stream only names its filter
            fontFile.dictionary["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName(pdfdoc.PDFZCompress.pdfname)])
        fontFileRef = doc.Reference(fontFile, "fontFile:%s(%s)" % (self.filename, fontname))  # noqa: N806, UP031

        flags = (self.flags & ~FF_NONSYMBOLIC) | FF_SYMBOLIC
        fontDescriptor = pdfdoc.PDFDictionary(  # noqa: N806
            {
                "Type": "/FontDescriptor",
                "Ascent": self.ascent,
                "CapHeight": self.capHeight,
                "Descent": self.descent,
                "Flags": flags,
                "FontBBox": pdfdoc.PDFArray(self.bbox),
                "FontName": pdfdoc.PDFName(fontname),
                "ItalicAngle": self.italicAngle,
                "StemV": self.stemV,
                "FontFile2": fontFileRef,
                "MissingWidth": self.defaultWidth,
            }
        )
        return doc.Reference(fontDescriptor, "fontDescriptor:" + fontname)
