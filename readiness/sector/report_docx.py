"""The sector report as Word document, in the look of the corporation report
(:mod:`readiness.export.docx`): real headings, table style, header and page numbers."""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from readiness.export import docx as base
from readiness.sector.report import Block

TEXT_WIDTH_CM = 17.0


def build_docx(figures: dict[str, Any], content: list[Block]) -> bytes:
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10)
    rpr = normal.element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "nl-NL")
    rpr.append(lang)
    for name, size in (("Heading 1", 16), ("Heading 2", 12.5), ("Title", 24)):
        doc.styles[name].font.color.rgb = base.INK
        doc.styles[name].font.size = Pt(size)
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.0)
    props = doc.core_properties
    props.title = base._t(f"Voordeurcheck sectorbeeld – {figures['label']}")
    props.author = "Voordeurcheck"
    props.language = "nl-NL"

    header = section.header.paragraphs[0]
    run = header.add_run("Voordeurcheck · sectorbeeld  ")
    run.bold = True
    run.font.size = Pt(8)
    run = header.add_run(base._t(figures["label"]))
    run.font.size = Pt(8)
    run.font.color.rgb = base.MUTED
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run("Pagina ")
    base._field(footer, "PAGE")
    footer.add_run(" van ")
    base._field(footer, "NUMPAGES")
    for r in footer.runs:
        r.font.size = Pt(8)
        r.font.color.rgb = base.MUTED

    doc.add_paragraph(base._t(f"Sectorbeeld: {figures['label']}"), style="Title")
    intro = doc.add_paragraph(
        base._t(f"{figures['selection']['label']} · peildatum {figures['reference_date']} · "
                f"gepubliceerd {figures['created_at'][:10]}")
    )  # fmt: skip
    intro.runs[0].font.color.rgb = base.MUTED
    if figures["demo_data"]:
        doc.add_paragraph("Let op: dit zijn fictieve demo-corporaties.")
    for block in content:
        if block.kind == "h1":
            doc.add_heading(base._t(block.text), level=1)
        elif block.kind == "h2":
            doc.add_heading(base._t(block.text), level=2)
        elif block.kind == "p":
            doc.add_paragraph(base._t(block.text))
        elif block.kind == "small":
            base._small(doc, block.text)
        elif block.kind == "table":
            base._table(doc, list(block.header), [list(r) for r in block.rows], [w * TEXT_WIDTH_CM for w in block.widths])
            doc.add_paragraph()
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
