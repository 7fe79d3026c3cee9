"""The bestuursvoorstel's line about the sector: where the corporation's total stands in
the latest stored publication, with the publication's margin, when the corporation takes
part (it has a final round on or before the publication's reference date; a demo
corporation only in a demo publication). It reads the publication through
:mod:`readiness.services.publications` (its public functions only).

Its own module so that the report builder (:mod:`readiness.services.export_files`) and the
board paper's download (:mod:`readiness.services.board`) both use it without importing
each other.

``export --all`` writes 300 reports: it reads the publication once (:func:`read_sector`)
and hands that :class:`SectorSnapshot` to every report, and each report hands in the
result it has already scored, so a report's line costs no reading of the publication
and no second scoring of the round. A line holds only the publication's figures and the
corporation's own total.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from readiness.access import AccessDenied, Permission
from readiness.formatting import format_date, format_score
from readiness.models import NotFoundError, Organisation, Round
from readiness.services import App, authorise

if TYPE_CHECKING:
    from readiness.scoring import RoundResult
    from readiness.services.publications import Publication

__all__ = ["SectorSnapshot", "read_sector", "sector_line"]


@dataclass(frozen=True)
class SectorSnapshot:
    """The latest publication as read once (None: nothing published, or not readable)."""

    publication: Publication | None


def read_sector(app: App) -> SectorSnapshot:
    """The newest publication the actor may read, for one report or a batch of them."""
    from readiness.services import publications

    try:
        return SectorSnapshot(publications.get_publication(app))
    except (NotFoundError, AccessDenied):
        return SectorSnapshot(None)


def sector_line(
    app: App,
    org_id: int,
    sector: SectorSnapshot | None = None,
    shown: tuple[Round, RoundResult] | None = None,
    *,
    org: Organisation | None = None,
    rounds: list[Round] | None = None,
) -> str:
    """"Sector (Sectorbeeld 2026, peildatum 1 maart 2026): mediaan 58 ± 4; met 66 in de
    bovenste kwart." or "" when there is nothing to say.

    ``sector``: the publication read before (default: read it now). ``shown``: a round of
    this corporation with its result as shown, already scored by the caller; used when it
    is the corporation's latest final round (the round the line is about). ``org`` and
    ``rounds``: the corporation and its rounds, when the caller has read them already
    (the caller has checked that the actor may read them)."""
    from readiness.services import assessment, publications

    publication = (read_sector(app) if sector is None else sector).publication
    if publication is None:
        return ""
    try:
        authorise(app, Permission.ORG_READ, org_id=org_id)
        org = app.repo.get_organisation_by_id(org_id) if org is None else org
    except (NotFoundError, AccessDenied):
        return ""
    finals = [r for r in (app.repo.list_rounds(org_id) if rounds is None else rounds) if r.is_final]
    if not any(r.date <= publication.reference_date for r in finals) or (org.is_demo and not publication.demo):
        return ""  # the corporation does not take part in this publication
    latest = max(finals, key=lambda r: (r.date, r.id))
    if shown is not None and shown[0].id == latest.id:
        result = shown[1]
    else:
        result = assessment.round_result(app, latest.id)
    try:
        position = publications.position_of(publication, latest.label, result)
    except KeyError:  # a publication without the figures this line needs
        return ""
    if not position.available or not position.rows:
        return ""
    total = position.rows[0]  # the total score: the published median with its own margin
    margin = total.sector.get("margin")
    median = format_score(total.sector["median"]) + (f" ± {format_score(margin)}" if margin is not None else "")
    return (
        f"Sector ({publication.label}, peildatum {format_date(publication.reference_date)}): mediaan {median}; "
        f"met {format_score(total.own_score)} {total.position}."
    )
