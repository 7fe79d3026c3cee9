"""The bestuursvoorstel's line about the sector, and the board paper as its own download.

The sector part is kept small and on its own: it reads the latest stored publication
through :mod:`readiness.services.publications` (its public functions only) and says where
the corporation's total stands, with the publication's margin, when the corporation takes
part: it has a final round on or before the publication's reference date (a demo
corporation only in a demo publication).
"""

from __future__ import annotations

from readiness.access import AccessDenied
from readiness.formatting import format_date, format_score
from readiness.models import NotFoundError
from readiness.services import App

BOARD_FORMATS = ("pdf", "docx", "pptx")
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


def sector_line(app: App, org_id: int) -> str:
    """"In de sector (Sectorbeeld 2026, peildatum 1 maart 2026) is de mediaan 58 ± 4; met 66
    zit de corporatie in de bovenste kwart." or "" when there is nothing to say."""
    from readiness.services import publications

    try:
        publication = publications.get_publication(app)
        position = publications.own_position(app, org_id, publication.label)
        org = app.repo.get_organisation_by_id(org_id)
    except (NotFoundError, AccessDenied, KeyError):
        return ""
    if not position.available or not position.rows:
        return ""
    finals = [r for r in app.repo.list_rounds(org_id) if r.is_final and r.date <= publication.reference_date]
    if not finals or (org.is_demo and not publication.demo):
        return ""  # the corporation does not take part in this publication
    total = position.rows[0]  # the total score: the published median with its own margin
    margin = total.sector.get("margin")
    median = format_score(total.sector["median"]) + (f" ± {format_score(margin)}" if margin is not None else "")
    return (
        f"Sector ({publication.label}, peildatum {format_date(publication.reference_date)}): mediaan {median}; "
        f"met {format_score(total.own_score)} {total.position}."
    )


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
