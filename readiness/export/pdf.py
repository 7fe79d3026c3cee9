"""The board report as PDF (reportlab platypus): ReportData -> bytes.

Pages: a cover, then summary (score, phase, the three next steps, section chart), the
scores per question (with the levels agreed in a consensus meeting), the improvement plan,
the change since the previous round, the respondents' notes and a method note. Every page
after the cover has a header with the corporation and round, and a footer "Pagina x van y".

The parts live in their own modules: the house style in :mod:`readiness.export.pdf_styles`
(shared with the agenda and the sector report), the cover and page furniture in
:mod:`readiness.export.pdf_cover`, the body in :mod:`readiness.export.pdf_sections`.
All user text goes through :func:`safety.markup_text`, so markup in it is printed literally.
"""

from __future__ import annotations

import functools
import io

import PIL.Image

from reportlab.lib.units import cm
from reportlab.platypus import CondPageBreak, Flowable, NextPageTemplate, PageBreak, PageTemplate

from readiness.export import board_writers, consensus_report, figures, pdf_cover
from readiness.export.board import board_paper
from readiness.export import pdf_sections as sections
from readiness.export.model import ReportData
from readiness.export.pdf_styles import PAGE_H, body_frame, document, register_fonts
from readiness.export.summary import CONCEPT_MARK

__all__ = ["build_pdf", "register_fonts"]


def build_pdf(report: ReportData, chart: PIL.Image.Image | None = None) -> bytes:
    """The report for one round as PDF bytes."""
    register_fonts()
    if chart is None:
        chart = figures.section_picture(report.result, report.chart_previous)
    buffer = io.BytesIO()
    concept = not report.round.is_final
    title = f"Voordeurcheck {report.organisation.name} – {report.round.label}" + (f" ({CONCEPT_MARK})" if concept else "")
    doc = document(buffer, title=title, subject="Zelfevaluatie 'Signaleren achter de voordeur'")
    doc.report = report
    body = body_frame()
    cover = body_frame(PAGE_H - 2.6 * cm, "cover")
    doc.addPageTemplates(
        [
            PageTemplate(id="board", frames=[body_frame(frame_id="board")], onPage=pdf_cover.draw_page),
            PageTemplate(id="cover", frames=[cover], onPage=pdf_cover.draw_cover),
            PageTemplate(id="body", frames=[body], onPage=pdf_cover.draw_page),
        ]
    )
    story: list[Flowable] = [
        NextPageTemplate("cover"),
        *board_writers.pdf_story(board_paper(report, report.sector_line)),  # page 1: the bestuursvoorstel
        PageBreak(),
        *pdf_cover.cover(report),
        NextPageTemplate("body"),
        PageBreak(),
        *sections.summary(report, chart),
        PageBreak(),
        *sections.item_table(report),
        *consensus_report.pdf_block(report),
        PageBreak(),
        *sections.plan(report),
        CondPageBreak(6 * cm),
        *sections.change(report),
        *sections.disagreements(report),
        *sections.notes(report),
        *sections.method(report),
    ]
    doc.build(story, canvasmaker=functools.partial(pdf_cover.ReportCanvas, concept=concept))
    return buffer.getvalue()
