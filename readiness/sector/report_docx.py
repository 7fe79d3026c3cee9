"""The sector report as Word document, in the look of the corporation report
(:mod:`readiness.export.docx_styles`): real headings, table style, header and page numbers."""

from __future__ import annotations

import io
from typing import Any

from docx import Document

from readiness.export import docx_styles as base
from readiness.sector.blocks import Block

TEXT_WIDTH_CM = 17.0


def build_docx(figures: dict[str, Any], content: list[Block]) -> bytes:
    doc = Document()
    base.setup(doc, title=f"Voordeurcheck sectorbeeld – {figures['label']}", title_size=24)
    section = doc.sections[0]
    base.running_header(section, "Voordeurcheck · sectorbeeld  ", figures["label"])
    base.page_footer(section)

    doc.add_paragraph(base.text(f"Sectorbeeld: {figures['label']}"), style="Title")
    intro = doc.add_paragraph(
        base.text(f"{figures['selection']['label']} · peildatum {figures['reference_date']} · "
                f"gepubliceerd {figures['created_at'][:10]}")
    )  # fmt: skip
    intro.runs[0].font.color.rgb = base.MUTED
    if figures["demo_data"]:
        doc.add_paragraph("Let op: dit zijn fictieve demo-corporaties.")
    for block in content:
        if block.kind == "h1":
            doc.add_heading(base.text(block.text), level=1)
        elif block.kind == "h2":
            doc.add_heading(base.text(block.text), level=2)
        elif block.kind == "p":
            doc.add_paragraph(base.text(block.text))
        elif block.kind == "small":
            base.small(doc, block.text)
        elif block.kind == "table":
            base.table(doc, list(block.header), [list(r) for r in block.rows], [w * TEXT_WIDTH_CM for w in block.widths])
            doc.add_paragraph()
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
