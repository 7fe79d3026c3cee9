"""The look of every Voordeurcheck PDF (reportlab): page geometry, font, colours, paragraph
styles, tables, boxes and the canvas that numbers the pages.

Used by the board report (:mod:`readiness.export.pdf`), the consensus meeting's agenda
(:mod:`readiness.export.agenda_pdf`) and the sector report (:mod:`readiness.sector.report_pdf`),
so the three look alike and a change of style is made once.

The font is DejaVu Sans from matplotlib's data folder: it has every Dutch character (ë, é,
ï, ĳ) and ships with a plain pip install. All user text goes through
:func:`safety.markup_text` (:func:`para`, :func:`escape`), so markup in it is printed literally.
"""

from __future__ import annotations

import functools
import io
import re
from pathlib import Path

import matplotlib
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas as pdfcanvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, Paragraph, Table, TableStyle

from readiness.export import figures
from readiness.export.pdf_fonts import KeptSubsetFont
from readiness.export.safety import markup_text

FONT = "DejaVu"
PAGE_W, PAGE_H = A4
MARGIN_X = 2.0 * cm
FRAME_W = PAGE_W - 2 * MARGIN_X
BODY_H = PAGE_H - 4.1 * cm  # the body frame of every page with a running header
TOP_MARGIN = 2.1 * cm
BOTTOM_MARGIN = 2.0 * cm

INK = colors.HexColor(figures.INK)
MUTED = colors.HexColor(figures.MUTED)
LINE = colors.HexColor("#d7dbe2")
ZEBRA = colors.HexColor("#f4f6f9")
GREEN = colors.HexColor(figures.AT_TARGET)
AMBER = colors.HexColor("#b36f12")  # below target as text: a darker shade of the charts' orange, readable
RED = colors.HexColor("#b42318")
SOFT_AMBER = colors.HexColor("#fdf3e3")
SOFT_INK = colors.HexColor("#eef1f6")


@functools.cache
def register_fonts() -> str:
    """Register DejaVu Sans (regular, bold, oblique) with reportlab once per process."""
    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    faces = {
        FONT: "DejaVuSans.ttf",
        f"{FONT}-Bold": "DejaVuSans-Bold.ttf",
        f"{FONT}-Oblique": "DejaVuSans-Oblique.ttf",
        f"{FONT}-BoldOblique": "DejaVuSans-BoldOblique.ttf",
    }
    for name, file in faces.items():
        pdfmetrics.registerFont(KeptSubsetFont(name, str(folder / file)))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=f"{FONT}-Bold", italic=f"{FONT}-Oblique", boldItalic=f"{FONT}-BoldOblique"
    )
    return FONT


@functools.cache
def styles() -> dict[str, ParagraphStyle]:
    """The paragraph styles by name (body text, cells, headings, key figures, cover)."""
    register_fonts()
    base = ParagraphStyle("base", fontName=FONT, fontSize=9.5, leading=13.5, textColor=INK, alignment=TA_LEFT)
    return {
        "body": base,
        "small": ParagraphStyle("small", base, fontSize=8, leading=10.5, textColor=MUTED),
        "cell": ParagraphStyle("cell", base, fontSize=8.5, leading=11),
        "num": ParagraphStyle("num", base, fontSize=8.5, leading=11, alignment=TA_RIGHT),
        "num_bold": ParagraphStyle("num_bold", base, fontSize=8.5, leading=11, alignment=TA_RIGHT,
                                   fontName=f"{FONT}-Bold"),
        "cell_s": ParagraphStyle("cell_s", base, fontSize=8, leading=10),
        "num_s": ParagraphStyle("num_s", base, fontSize=8, leading=10, alignment=TA_RIGHT),
        "cell_head_r": ParagraphStyle(
            "cell_head_r", base, fontSize=8, leading=10, fontName=f"{FONT}-Bold", textColor=colors.white,
            alignment=TA_RIGHT,
        ),
        "cell_bold": ParagraphStyle("cell_bold", base, fontSize=8.5, leading=11, fontName=f"{FONT}-Bold"),
        "cell_head": ParagraphStyle(
            "cell_head", base, fontSize=8, leading=10, fontName=f"{FONT}-Bold", textColor=colors.white
        ),
        "cell_muted": ParagraphStyle("cell_muted", base, fontSize=7.5, leading=9.5, textColor=MUTED),
        "title": ParagraphStyle("title", base, fontName=f"{FONT}-Bold", fontSize=20, leading=25, spaceAfter=4),
        "subtitle": ParagraphStyle("subtitle", base, fontSize=12, leading=16, textColor=MUTED, spaceAfter=10),
        "h1": ParagraphStyle(
            "h1", base, fontName=f"{FONT}-Bold", fontSize=17, leading=21, spaceBefore=18, spaceAfter=10
        ),
        "h2": ParagraphStyle(
            "h2", base, fontName=f"{FONT}-Bold", fontSize=12, leading=15, spaceBefore=12, spaceAfter=6
        ),
        "h3": ParagraphStyle("h3", base, fontName=f"{FONT}-Bold", fontSize=10.5, leading=14, spaceAfter=3),
        "kpi_label": ParagraphStyle("kpi_label", base, fontSize=8, leading=10, textColor=MUTED),
        "kpi_value": ParagraphStyle("kpi_value", base, fontName=f"{FONT}-Bold", fontSize=17, leading=21),
        "kpi_note": ParagraphStyle("kpi_note", base, fontSize=8, leading=10.5),
        "cover_org": ParagraphStyle(
            "cover_org", base, fontName=f"{FONT}-Bold", fontSize=24, leading=30, spaceAfter=6
        ),
        "cover_round": ParagraphStyle("cover_round", base, fontSize=15, leading=20, textColor=MUTED),
        "notice": ParagraphStyle("notice", base, fontSize=9, leading=12.5),
    }


def para(text: str, style: str = "body") -> Paragraph:
    """A paragraph of *user or data* text: markup is escaped."""
    return markup(markup_text(text), style)


def markup(text: str, style: str = "body") -> Paragraph:
    """A paragraph of our own markup (bold labels); data inside must be escaped by the caller."""
    paragraph = _Paragraph(text, styles()[style], frags=_parsed(text, style))
    paragraph.key = (text, style)
    return paragraph


class _Paragraph(Paragraph):
    """reportlab's paragraph that breaks its lines once per text, style and width.

    A table asks each cell for its size when it measures its rows, again when it splits
    over a page and again when it draws the cell, always at the column's width; breaking
    the lines is the largest part of a PDF's cost. The answer for the width asked last is
    kept (reportlab's own ``wrap`` keeps that width's lines for drawing, too).

    Most paragraphs recur in every report (questions, headings, the method page), so the
    lines of a paragraph made by :func:`markup` are also kept per process
    (:data:`_LINES`, by text, style and width) and handed to the next paragraph with the
    same text, style and width: ``export --all`` breaks them once per worker, not once
    per report. reportlab only reads the lines when it draws or splits a paragraph, and a
    test checks that a PDF made with shared lines is byte for byte the one made without.
    """

    _wrapped: tuple[float, tuple[float, float]] | None = None  # (width asked, the answer)
    key: tuple[str, str] | None = None  # (text, style) when made by markup()

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - reportlab's names
        # reportlab drops the lines when a split is refused (no room on this page); then
        # they are broken again, as reportlab's own paragraph does.
        if self._wrapped is None or self._wrapped[0] != availWidth or "blPara" not in self.__dict__:
            self._wrapped = (availWidth, self._lines(availWidth, availHeight))
        return self._wrapped[1]

    def _lines(self, width: float, height: float) -> tuple[float, float]:
        key = None if self.key is None else (*self.key, width)
        kept = _LINES.get(key) if key is not None else None
        if kept is not None:
            self.__dict__.update(kept)
            return self.width, self.height
        size = super().wrap(width, height)
        if key is not None and "blPara" in self.__dict__:
            if len(_LINES) >= _LINES_MAX:
                _LINES.clear()  # a long-running app process starts afresh now and then
            _LINES[key] = {name: self.__dict__[name] for name in _WRAP_STATE if name in self.__dict__}
        return size

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803 - reportlab's names
        # Splitting over a page changes the words of the lines it splits (reportlab adds
        # the space at each line's end), so a paragraph that is split breaks lines of its
        # own first instead of changing the shared ones.
        if self.key is not None and "blPara" in self.__dict__:
            super().wrap(availWidth, availHeight)
            self._wrapped = None
        return super().split(availWidth, availHeight)

    def draw(self) -> None:
        """Draw the paragraph; a recurring one copies the PDF operators it drew before.

        A paragraph with the same text, style and width draws the same operators in every
        report, relative to its own origin, except for what reportlab numbers per document:
        the font's name (``/F1+0``) and the codes of the characters outside ASCII in the
        font's subset (ASCII always has its own codes, ``ttfAsciiReadable``). So the
        operators of such a paragraph are kept per process (:data:`_DRAWN`) with the names
        and codes they used, and a later paragraph appends them to its page when this
        document gives the same names and codes; else it is drawn as usual. Asking for them
        numbers the font and the characters in this document exactly as drawing would
        have, in the same order. A test checks that PDFs made with kept operators are byte
        for byte the ones made without.
        """
        key = self._drawn_key()
        kept = None if key is None else _DRAWN.get(key, _MISSING)
        if kept is None:  # not one that can be kept (a link, an image, lines of its own...)
            return super().draw()
        if kept is not _MISSING:
            code, fonts, versions = kept
            if not _numbered_alike(fonts, self.canv._doc):
                return super().draw()
            self.canv._doc.ensureMinPdfVersion(*versions)
            self.canv._code.extend(code)
            return None
        if key not in _SEEN:  # kept from its second time on: most paragraphs of one report occur only there
            if len(_SEEN) >= _LINES_MAX:
                _SEEN.clear()
            _SEEN.add(key)
            return super().draw()
        if len(_DRAWN) >= _LINES_MAX:
            _DRAWN.clear()
        _DRAWN[key] = self._draw_and_keep()
        return None

    def _draw_and_keep(self) -> tuple | None:
        """Draw, and return what :data:`_DRAWN` keeps of it: (operators, numbering, PDF
        versions asked for), or None when drawing changed more than the operators, the
        fonts' numbering (checked when copied) and the PDF version."""
        canvas, runs = self.canv, _font_runs(self)
        doc = canvas._doc
        before, state, versions = len(canvas._code), _state(canvas), []
        doc.ensureMinPdfVersion = lambda *keys: (versions.extend(keys), type(doc).ensureMinPdfVersion(doc, *keys))[1]
        try:
            super().draw()
        finally:
            del doc.ensureMinPdfVersion  # this document's own method again
        fonts = None if runs is None or _state(canvas) != state else _numbering(runs, doc)
        return None if fonts is None else (tuple(canvas._code[before:]), fonts, tuple(versions))

    def _drawn_key(self) -> tuple | None:
        """The key of :data:`_DRAWN` when this paragraph's lines are the shared ones."""
        if self.key is None or self.bulletText or "_offsets" in self.__dict__ or not self.canv.bottomup:
            return None
        key = (*self.key, self.width)
        kept = _LINES.get(key)
        if kept is None or kept.get("blPara") is not self.__dict__.get("blPara"):
            return None  # lines of its own (a split paragraph)
        return key


def _font_runs(paragraph: Paragraph) -> dict[str, str] | None:
    """The text a paragraph draws in each font, in the order the fonts are first used; None
    when it draws more than text (a link, an underline, an image, a marked background)."""
    style = paragraph.style
    if style.wordWrap == "RTL" or style.endDots:
        return None
    lines = paragraph.blPara
    runs: dict[str, list[str]] = {}
    if lines.kind == 0:
        if getattr(lines, "us_lines", None) or getattr(lines, "link", None):
            return None
        runs[lines.fontName] = [word for _, words in lines.lines for word in words]
    else:
        for line in lines.lines:
            for frag in line.words:
                if any(getattr(frag, name, None) for name in _NOT_TEXT):
                    return None
                runs.setdefault(frag.fontName, []).append(frag.text)
    return {name: "".join(texts) for name, texts in runs.items() if "".join(texts)}


def _state(canvas) -> tuple:
    """What drawing a paragraph may change in its canvas and document besides the page's
    operators, the fonts' numbering and the PDF version (links, images, colour spaces,
    named graphics states, forms): each by its size."""
    doc = canvas._doc
    return (
        len(canvas._extgstate._c),
        len(canvas._colorsUsed),
        len(canvas._shadingUsed),
        len(canvas._annotationrefs),
        canvas._annotationCount,
        len(canvas._formsinuse),
        canvas._currentPageHasImages,
        len(doc.idToObject),
        doc.objectcounter,
        doc.shadingCounter,
    )


def _numbering(runs: dict[str, str], doc) -> tuple | None:
    """Per font: the font, its characters that this document numbers itself (outside ASCII,
    in the order first drawn), their codes and the font's name in ``doc``."""
    fonts = []
    for name, text in runs.items():
        font = pdfmetrics.getFont(name)
        if not (getattr(font, "_dynamicFont", False) and getattr(font, "_asciiReadable", False)):
            return None
        special = "".join(dict.fromkeys(_NOT_ASCII.findall(text)))
        codes = font.splitString(special, doc) if special else []
        if any(subset != 0 for subset, _ in codes):
            return None
        fonts.append((font, special, codes, font.getSubsetInternalName(0, doc)))
    return tuple(fonts)


def _numbered_alike(fonts: tuple, doc) -> bool:
    """Whether ``doc`` numbers each font and its characters as when the operators were kept."""
    for font, special, codes, name in fonts:
        font._assignState(doc)
        if special and font.splitString(special, doc) != codes:
            return False
        if font.getSubsetInternalName(0, doc) != name:
            return False
    return True


#: The lines of recurring paragraphs, by (text, style, width): see :class:`_Paragraph`.
_LINES: dict[tuple[str, str, float], dict] = {}
_LINES_MAX = 8192
#: What a recurring paragraph drew, by (text, style, width): (the PDF operators, per font
#: the numbering they used: see :func:`_numbering`), or None when it is drawn every time.
_DRAWN: dict[tuple[str, str, float], tuple | None] = {}
_MISSING = object()
#: Characters a TrueType subset numbers per document (ASCII has fixed codes).
_NOT_ASCII = re.compile(r"[^ -\x7f]")
#: What a fragment of a paragraph may carry that draws more than its text.
_NOT_TEXT = ("cbDefn", "link", "us_lines", "backColor")
#: Paragraphs drawn once, by (text, style, width): the next one with the same key is kept.
_SEEN: set[tuple[str, str, float]] = set()
#: What reportlab's ``Paragraph.wrap`` (and its ``breakLines``) sets on a paragraph.
_WRAP_STATE = ("width", "height", "blPara", "_wrapWidths", "_width_max", "_splitLongWordCount", "_hyphenations")


@functools.lru_cache(maxsize=8192)
def _parsed(text: str, style: str) -> list:
    """reportlab's parse of a paragraph's markup, kept per process.

    Most paragraphs of a report recur in every report (questions, headings, labels,
    small numbers), and parsing them is a tenth of a PDF's cost (``export --all``:
    BENCHMARKS.md). reportlab only reads the parsed fragments when it breaks lines (it
    copies the ones it changes), so paragraphs can share them; a test checks that a PDF
    made with shared fragments is byte for byte the one made without.
    """
    return Paragraph(text, styles()[style]).frags


def escape(text: str) -> str:
    return markup_text(text)


def fit(text: str, width: float, size: float = 8) -> str:
    """``text`` shortened with an ellipsis until it fits in ``width`` points."""
    if pdfmetrics.stringWidth(text, FONT, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", FONT, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


# --------------------------------------------------------------------------- tables and boxes


def table(
    rows: list[list],
    widths: list[float],
    *,
    header: bool = True,
    zebra: bool = True,
    extra: list[tuple] | None = None,
) -> Table:
    """A table in the house style: a dark header row that repeats on every page, thin lines, zebra rows."""
    grid = Table(rows, colWidths=widths, repeatRows=1 if header else 0, hAlign="LEFT")
    style = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
        ("TOPPADDING", (0, 0), (-1, -1), 3.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, LINE),
    ]
    if header:
        style += [("BACKGROUND", (0, 0), (-1, 0), INK), ("VALIGN", (0, 0), (-1, 0), "MIDDLE")]
    if zebra:
        first = 1 if header else 0
        style += [("ROWBACKGROUNDS", (0, first), (-1, -1), [colors.white, ZEBRA])]
    grid.setStyle(TableStyle(style + (extra or [])))
    return grid


def head(*labels: str) -> list[Paragraph]:
    """A table's header cells (white on ink)."""
    return [markup(escape(label), "cell_head") for label in labels]


def boxed(content: Flowable | list[Flowable], background: colors.Color, width: float = FRAME_W) -> Table:
    """``content`` on a tinted background, the full width of the frame."""
    box = Table([[content]], colWidths=[width], hAlign="LEFT")
    box.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), background),
                ("LEFTPADDING", (0, 0), (-1, -1), 9),
                ("RIGHTPADDING", (0, 0), (-1, -1), 9),
                ("TOPPADDING", (0, 0), (-1, -1), 7),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
            ]
        )
    )
    return box


# --------------------------------------------------------------------------- pages


class NumberedCanvas(pdfcanvas.Canvas):
    """Keeps every page until the document is complete, then lets :meth:`decorate` draw on
    each one knowing the total: by default "Pagina x van y" at the bottom right."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self.decorate(total)
            super().showPage()
        super().save()

    def decorate(self, total: int) -> None:
        self.page_number(total)

    def page_number(self, total: int) -> None:
        self.setFont(FONT, 7.5)
        self.setFillColor(MUTED)
        self.drawRightString(PAGE_W - MARGIN_X, 1.2 * cm, f"Pagina {self._pageNumber} van {total}")


def document(buffer: io.BytesIO, *, title: str, subject: str) -> BaseDocTemplate:
    """An A4 document with the house margins and Dutch metadata."""
    return BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=TOP_MARGIN,
        bottomMargin=BOTTOM_MARGIN,
        title=title,
        author="Voordeurcheck",
        subject=subject,
        creator="Voordeurcheck",
        lang="nl-NL",
    )


def body_frame(height: float = BODY_H, frame_id: str = "body") -> Frame:
    """The text frame of a page with a running header and footer."""
    return Frame(MARGIN_X, BOTTOM_MARGIN, FRAME_W, height, id=frame_id, leftPadding=0, rightPadding=0)


def running_lines(canvas: pdfcanvas.Canvas) -> None:
    """The thin lines under the running header and above the footer."""
    canvas.setStrokeColor(LINE)
    canvas.setLineWidth(0.6)
    canvas.line(MARGIN_X, PAGE_H - 1.45 * cm, PAGE_W - MARGIN_X, PAGE_H - 1.45 * cm)
    canvas.line(MARGIN_X, 1.55 * cm, PAGE_W - MARGIN_X, 1.55 * cm)
