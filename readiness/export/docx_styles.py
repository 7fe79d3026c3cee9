"""The look of every Voordeurcheck Word document (python-docx): fonts, colours, page set-up,
running header and footer with "Pagina x van y", tables and small print.

Used by the board report (:mod:`readiness.export.docx`), the consensus meeting's agenda
(:mod:`readiness.export.agenda_docx`) and the sector report
(:mod:`readiness.sector.report_docx`), so the three look alike and a change of style is
made once. python-docx writes text literally; :func:`text` only removes characters that
XML cannot hold (:func:`safety.clean_text`).
"""

from __future__ import annotations

import math

from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table

from readiness.export.safety import clean_text
from readiness.formatting import AT_TARGET_COLOR

INK = RGBColor(0x1F, 0x2A, 0x44)
MUTED = RGBColor(0x6B, 0x72, 0x80)
GREEN = RGBColor.from_string(AT_TARGET_COLOR.lstrip("#"))  # "at target" (the name is historical)
AMBER = RGBColor(0xB3, 0x6F, 0x12)  # below target as text: a darker shade of the charts' orange, readable
RED = RGBColor(0xB4, 0x23, 0x18)
TABLE_STYLE = "Light List Accent 1"
RUNNING_SIZE = Pt(8)


def text(value: str) -> str:
    """Text as Word can hold it (no control characters)."""
    return clean_text(value)


def setup(doc: DocxDocument, *, title: str, subject: str | None = None, title_size: float = 28) -> None:
    """Calibri 10 pt with Dutch proofing, the house headings, A4 with the house margins, metadata."""
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10)
    normal.paragraph_format.space_after = Pt(4)
    # Dutch as the proofing language
    rpr = normal.element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "nl-NL")
    rpr.append(lang)
    for name, size in (("Heading 1", 16), ("Heading 2", 12.5), ("Title", title_size)):
        style = doc.styles[name]
        style.font.color.rgb = INK
        style.font.size = Pt(size)
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.0))
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.0)
    props = doc.core_properties
    props.title = text(title)
    props.author = "Voordeurcheck"
    if subject is not None:
        props.subject = subject
    props.language = "nl-NL"


def field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) in ``paragraph``."""
    run = paragraph.add_run()
    for kind, value in (("begin", None), ("instr", instruction), ("separate", None), ("t", "1"), ("end", None)):
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {value} "
        elif kind == "t":
            element = OxmlElement("w:t")
            element.text = value
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)


def running_header(section, lead: str, rest: str):
    """``lead`` in bold ink, then ``rest`` muted, in the header of ``section``; returns the paragraph."""
    header = section.header.paragraphs[0]
    header.text = ""
    run = header.add_run(lead)
    run.bold = True
    run.font.size = RUNNING_SIZE
    run.font.color.rgb = INK
    run = header.add_run(text(rest))
    run.font.size = RUNNING_SIZE
    run.font.color.rgb = MUTED
    return header


def page_footer(section, prefix: str = ""):
    """"<prefix>Pagina x van y" (Word fields), right-aligned, in the footer of ``section``."""
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run(f"{prefix}Pagina ")
    field(footer, "PAGE")
    footer.add_run(" van ")
    field(footer, "NUMPAGES")
    for run in footer.runs:
        run.font.size = RUNNING_SIZE
        run.font.color.rgb = MUTED
    return footer


#: Left plus right cell margin of a Word table (0.19 cm each side), in cm, and a little
#: room for the rounding of widths to the file's units.
CELL_MARGINS_CM = 0.4
SAFETY_CM = 0.03
#: Words are measured in DejaVu Sans (bold where the cell is bold) at the tables' 9 pt: wider
#: than the Calibri that Word uses, and what LibreOffice falls back to without Calibri, so
#: a word that fits here fits in both.
MEASURE_SIZE = 9.0


def word_width_cm(word: str, size: float = MEASURE_SIZE, *, bold: bool = True) -> float:
    """The printed width of one word in cm (DejaVu Sans, bold by default)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from readiness.export.pdf_styles import FONT, register_fonts

    register_fonts()
    return stringWidth(word, f"{FONT}-Bold" if bold else FONT, size) / 72 * 2.54


def is_bold_cell(row: int, column: int) -> bool:
    """The house table style prints the header row and the first column bold."""
    return row == 0 or column == 0


def needed_cm(word: str, row: int, column: int) -> float:
    """The column width (cm) a word needs in cell (row, column) so it is never broken."""
    return word_width_cm(word, bold=is_bold_cell(row, column)) + CELL_MARGINS_CM + SAFETY_CM


def min_widths(columns: list[list[str]]) -> list[float]:
    """Per column (its cells top to bottom, the header first), the width (cm) its longest
    word needs so no word is ever broken."""
    return [
        max((needed_cm(w, r, c) for r, text in enumerate(texts) for w in text.split()), default=0.0)
        for c, texts in enumerate(columns)
    ]


def fit_widths(columns: list[list[str]], widths: list[float]) -> list[float]:
    """``widths`` (cm) changed as little as possible so that no column is narrower than its
    longest word: what a column needs more is taken from the columns with room to spare
    (the most room first); the table keeps its total width."""
    need = min_widths(columns)
    out = list(widths)
    for i, (width, least) in enumerate(zip(widths, need, strict=True)):
        short = least - out[i]
        if short <= 0:
            continue
        for j in sorted(range(len(out)), key=lambda j: need[j] - out[j]):
            if j == i or short <= 0:
                continue
            give = min(out[j] - need[j], short)
            if give > 0:
                out[j] -= give
                out[i] += give
                short -= give
    return [math.floor(w * 100) / 100 if k not in _grown(widths, out) else math.ceil(w * 100) / 100
            for k, w in enumerate(out)]


def _grown(before: list[float], after: list[float]) -> set[int]:
    return {k for k, (a, b) in enumerate(zip(before, after, strict=True)) if b > a}


def set_widths(grid: Table, widths: list[float]) -> None:
    """Column widths in cm, on the grid as well as on every cell: LibreOffice and Word's
    autofit lay a table out by its grid, which python-docx otherwise leaves at equal columns.

    The widths are first fitted to the content (:func:`fit_widths`): a header or cell word
    is never broken in the middle ("Streefdatu m"); text wraps at spaces only."""
    columns = [[cell.text for cell in column.cells] for column in grid.columns]
    widths = fit_widths(columns, widths)
    grid.autofit = False
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = Cm(width)
    for row in grid.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)


def table(doc: DocxDocument, header: list[str], rows: list[list[str]], widths: list[float]) -> Table:
    """A table in the house style, its header row repeated on every page, 9 pt text; widths in cm."""
    grid = doc.add_table(rows=1, cols=len(header))
    grid.style = doc.styles[TABLE_STYLE]
    grid.alignment = WD_TABLE_ALIGNMENT.LEFT
    for cell, label in zip(grid.rows[0].cells, header, strict=True):
        cell.text = label
    tr_pr = grid.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)
    for values in rows:
        cells = grid.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            cell.text = text(value)
    set_widths(grid, widths)
    for row in grid.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.space_after = Pt(0)
                for run in paragraph.runs:
                    run.font.size = Pt(9)
    doc.add_paragraph()
    return grid


def small(doc: DocxDocument, value: str):
    """A paragraph of small muted print (notes under a table, sources)."""
    paragraph = doc.add_paragraph()
    run = paragraph.add_run(text(value))
    run.font.size = Pt(8.5)
    run.font.color.rgb = MUTED
    return paragraph
