"""The bestuursvoorstel's line about the sector: where the corporation's total stands in
the latest stored publication, with the publication's margin, when the corporation takes
part (it has a final round on or before the publication's reference date; a demo
corporation only in a demo publication). It reads the publication through
:mod:`readiness.services.publications` (its public functions only).

Its own module so that the report builder (:mod:`readiness.services.export_files`) and the
board paper's download (:mod:`readiness.services.board`) both use it without importing
each other.
"""

from __future__ import annotations

from readiness.access import AccessDenied
from readiness.formatting import format_date, format_score
from readiness.models import NotFoundError
from readiness.services import App


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
