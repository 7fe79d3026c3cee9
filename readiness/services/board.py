"""The board paper (bestuursvoorstel) as its own download; its sector line is
:func:`readiness.services.sector_position.sector_line`."""

from __future__ import annotations

from readiness.services import App
from readiness.services.sector_position import sector_line

__all__ = ["BOARD_FORMATS", "MEDIA_TYPES", "render_board", "sector_line"]

BOARD_FORMATS = ("pdf", "docx", "pptx")
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


def render_board(app: App, slug: str, fmt: str, round_label: str | None = None) -> tuple[str, bytes]:
    """(file name, content) of the bestuursvoorstel alone, as PDF, Word or PowerPoint."""
    from readiness.export import board_writers
    from readiness.export.board import board_paper
    from readiness.services.assessment import ValidationError
    from readiness.services.export_files import build_report

    fmt = fmt.lower().lstrip(".")
    if fmt not in BOARD_FORMATS:
        raise ValidationError(f"Onbekend formaat '{fmt}' voor het bestuursvoorstel. Kies uit: {', '.join(BOARD_FORMATS)}.")
    report = build_report(app, slug, round_label)
    paper = board_paper(report, report.sector_line)
    build = {"pdf": board_writers.build_pdf, "docx": board_writers.build_docx, "pptx": board_writers.build_pptx}[fmt]
    return file_name(slug, report.round.label, fmt), build(paper)


def file_name(slug: str, round_label: str, fmt: str) -> str:
    """``bestuursvoorstel-<slug>-<round>.<fmt>``."""
    from readiness.services.assessment import slugify

    return f"bestuursvoorstel-{slug}-{slugify(round_label) or 'meting'}.{fmt}"
