"""The sector report as PDF, in the look of the corporation report (same fonts,
colours, tables and page furniture as :mod:`readiness.export.pdf`: :mod:`readiness.export.pdf_styles`)."""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.pdfgen import canvas as pdfcanvas
from reportlab.platypus import BaseDocTemplate, Flowable, PageTemplate, Spacer

from readiness.export import pdf_styles as base
from readiness.export.figures import AT_TARGET
from readiness.sector.blocks import Block

PAGE_W, PAGE_H = A4


def _page(title: str):
    def draw(canvas: pdfcanvas.Canvas, doc: BaseDocTemplate) -> None:
        canvas.saveState()
        if doc.page == 1:  # a band like the corporation report's cover
            canvas.setFillColor(base.INK)
            canvas.rect(0, PAGE_H - 4.2 * cm, PAGE_W, 4.2 * cm, stroke=0, fill=1)
            canvas.setFillColor(colors.HexColor(AT_TARGET))
            canvas.rect(0, PAGE_H - 4.2 * cm, PAGE_W, 0.15 * cm, stroke=0, fill=1)
            canvas.setFillColor(colors.white)
            canvas.setFont(f"{base.FONT}-Bold", 22)
            canvas.drawString(base.MARGIN_X, PAGE_H - 2.2 * cm, "Voordeurcheck · sectorbeeld")
            canvas.setFont(base.FONT, 12)
            canvas.drawString(base.MARGIN_X, PAGE_H - 3.1 * cm, base.fit(title, base.FRAME_W, 12))
        else:
            canvas.setFont(f"{base.FONT}-Bold", 8)
            canvas.setFillColor(base.INK)
            canvas.drawString(base.MARGIN_X, PAGE_H - 1.25 * cm, "Voordeurcheck · sectorbeeld")
            canvas.setFont(base.FONT, 8)
            canvas.setFillColor(base.MUTED)
            canvas.drawRightString(PAGE_W - base.MARGIN_X, PAGE_H - 1.25 * cm, base.fit(title, base.FRAME_W * 0.5))
            canvas.setStrokeColor(base.LINE)
            canvas.line(base.MARGIN_X, PAGE_H - 1.45 * cm, PAGE_W - base.MARGIN_X, PAGE_H - 1.45 * cm)
        canvas.setStrokeColor(base.LINE)
        canvas.line(base.MARGIN_X, 1.55 * cm, PAGE_W - base.MARGIN_X, 1.55 * cm)
        canvas.setFont(base.FONT, 7.5)
        canvas.setFillColor(base.MUTED)
        canvas.drawString(base.MARGIN_X, 1.2 * cm, "Geanonimiseerd; cijfers met een bewuste marge (zie Methode en privacy)")
        canvas.restoreState()

    return draw


def _flowables(content: list[Block]) -> list[Flowable]:
    story: list[Flowable] = []
    for block in content:
        if block.kind in ("h1", "h2"):
            story.append(base.markup(base.escape(block.text), block.kind))
        elif block.kind in ("p", "small"):
            story.append(base.para(block.text, "body" if block.kind == "p" else "small"))
            story.append(Spacer(1, 3))
        elif block.kind == "table":
            rows = [base.head(*block.header)]
            for row in block.rows:
                rows.append([base.para(cell, "cell") for cell in row])
            story.append(base.table(rows, [w * base.FRAME_W for w in block.widths]))
            story.append(Spacer(1, 6))
    return story


def build_pdf(figures: dict[str, Any], content: list[Block]) -> bytes:
    base.register_fonts()
    buffer = io.BytesIO()
    title = f"{figures['label']} ({figures['selection']['label'].lower()}, peildatum {figures['reference_date']})"
    doc = base.document(
        buffer, title=f"Voordeurcheck sectorbeeld – {figures['label']}",
        subject="Geanonimiseerd sectorbeeld 'Signaleren achter de voordeur'",
    )  # fmt: skip
    first = base.body_frame(PAGE_H - 6.6 * cm, "first")
    body = base.body_frame()
    draw = _page(title)
    doc.addPageTemplates([
        PageTemplate(id="first", frames=[first], onPage=draw, autoNextPageTemplate="body"),
        PageTemplate(id="body", frames=[body], onPage=draw),
    ])  # fmt: skip
    doc.build(_flowables(content), canvasmaker=base.NumberedCanvas)  # every page numbered, the first included
    return buffer.getvalue()
