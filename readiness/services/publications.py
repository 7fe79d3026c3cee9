"""Sector publications: the one API of the Denktank page, the sector downloads and
the ``readiness publish`` / ``publications`` / ``sector`` commands.

The denktank never sees a live aggregate. :func:`publish` computes a publication once
(final rounds available on the reference date; rules in :mod:`readiness.sector.rules`,
noise from :mod:`readiness.sector.mechanisms`) and stores its figures; everything else
here reads stored publications only.

Which corporations count: the real ones. Demo corporations count only while the
database holds no final round of a real corporation and demo mode is on (a demo
publication is marked as such and spends no yearly budget).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from readiness.access import AccessDenied, Permission, may_publish
from readiness.consensus import scope_basis_text
from readiness.formatting import format_date, shown_score
from readiness.models import NotFoundError
from readiness.privacy import FreeTextError, check_free_text
from readiness.scoring import RoundResult, target_pct
from readiness.sector import publications, report, rules
from readiness.services import App, authorise
from readiness.store import PublicationRecord

EXPORT_FORMATS = ("json", "csv", "xlsx", "pdf", "docx")
LABEL_MAX = 120
#: A publication of the fictional demo corporations protects no one and spends no budget;
#: it uses a ρ so large that the noise hardly matters, so the 14 demo corporations show
#: what a sector gets (the usefulness floor still applies: it is about margins, and a
#: median of 14 corporations has a wide one whatever the noise).
DEMO_RHO = 1000.0


class PublicationRefused(ValueError):
    """A publication that may not be made; the message says why, in Dutch."""


@dataclass(frozen=True)
class Publication:
    """A stored publication: its record and its figures (parsed from the stored JSON)."""

    label: str
    created_at: dt.datetime
    created_by: str
    reference_date: dt.date
    year: int | None
    rho: float
    epsilon: float
    k: int
    demo: bool
    figures: dict[str, Any]
    figures_json: str

    @property
    def selection(self) -> str:
        return rules.selection_label(self.year)


def _publication(record: PublicationRecord) -> Publication:
    return Publication(
        label=record.label, created_at=record.created_at, created_by=record.created_by,
        reference_date=record.reference_date, year=record.year, rho=record.rho, epsilon=record.epsilon,
        k=record.k, demo=record.demo, figures=json.loads(record.figures), figures_json=record.figures,
    )  # fmt: skip


def _check_label(label: str) -> str:
    label = (label or "").strip()
    if not label:
        raise PublicationRefused("Geef de publicatie een naam, bijvoorbeeld 'Sectorbeeld 2026'.")
    if len(label) > LABEL_MAX:
        raise PublicationRefused(f"De naam van een publicatie is hooguit {LABEL_MAX} tekens; deze is {len(label)}.")
    try:
        check_free_text(label, "Naam van de publicatie")  # a NUL or other control character, personal data
    except FreeTextError as exc:
        raise PublicationRefused(str(exc)) from None
    if any(c in "\t\n\r" for c in label):
        raise PublicationRefused("De naam van een publicatie mag geen regeleinden of tabs bevatten.")
    return label


def _records(app: App, reference_date: dt.date) -> tuple[list[rules.CorporationRecord], bool]:
    """The records a publication counts, and whether they are the demo corporations.

    Demo corporations count only in demo mode and only while the database holds no real
    corporation at all (not merely no real final round): a database with real data
    never publishes at the demo ρ. Demo status itself comes only from
    ``readiness seed-demo`` (an import never marks a corporation as demo)."""
    rows = app.repo.final_round_means(exclude_demo=True)
    demo = False
    if not rows and app.settings.demo and not app.repo.has_real_organisation():
        rows = app.repo.final_round_means()
        demo = bool(rows)
    rows = _with_agreed_levels(app, rows)
    goal = target_pct(app.settings.target_level)
    return publications.build_records(app.checklist, rows, goal), demo


def _with_agreed_levels(app: App, rows: list) -> list:
    """The rounds' item means with the levels their consensus meeting agreed on in their
    place: a publication uses the result the corporation itself sees (docs/consensus.md). "Nog niet te bepalen" counts as no score."""
    agreed = app.repo.agreed_levels_of_final_rounds()
    if not agreed:
        return rows
    out = []
    for row in rows:
        levels = agreed.get(row.round_id)
        if not levels:
            out.append(row)
            continue
        means = dict(zip(row.item_ids, row.means, strict=True))
        means.update({lv.item_id: None if lv.level is None else float(lv.level) for lv in levels})
        ids = tuple(sorted(means))
        out.append(dataclasses.replace(row, item_ids=ids, means=[means[i] for i in ids]))
    return out


def publish(
    app: App, label: str, year: int | None = None, reference_date: dt.date | None = None
) -> Publication:
    """Compute, store and return a new publication, or raise :class:`PublicationRefused`.

    Refused (nothing stored) when: the name is taken or empty; there are no final
    rounds; fewer than max(2k, 8) corporations changed since any earlier publication;
    the budget of the last 365 days would be exceeded; or the headline would not be
    useful at the released number of corporations (then the ρ of that released number
    is spent, and the message says how many corporations are needed). The rules and the
    budget are checked, and the publication stored, in one transaction under one lock.
    """
    if not may_publish(app.actor, app.settings.sector_publishers):
        raise AccessDenied()
    label = _check_label(label)
    today = app.today()
    reference_date = reference_date or today
    if reference_date > today:
        raise PublicationRefused("De peildatum ligt in de toekomst; kies vandaag of een eerdere datum.")
    if year is not None and not (1900 <= year <= reference_date.year):
        raise PublicationRefused(f"Het jaar {year} kan niet: kies een jaar tot en met {reference_date.year}.")
    k = app.settings.min_group_size
    goal = target_pct(app.settings.target_level)
    records, demo = _records(app, reference_date)
    population = rules.population(records, year, reference_date)
    if not population:
        what = f"in {year}" if year is not None else f"op of voor {format_date(reference_date)}"
        raise PublicationRefused(f"Er zijn geen afgeronde metingen {what}: er valt nog niets te publiceren.")
    counts = app.repo.round_answer_counts([r.round_key for r in population])
    population = publications.with_dont_know(population, counts)
    covered = rules.covered(population)
    rho = DEMO_RHO if demo else app.settings.sector_rho

    from readiness.sector import mechanisms  # OpenDP is loaded only to publish

    refusal: str | None = None
    record = None
    with app.repo.unit_of_work():
        app.repo.lock_publications()  # differencing, budget and storing under one lock
        now = app.now().replace(microsecond=0)
        existing = app.repo.list_publications()
        if any(p.label == label for p in existing):
            raise PublicationRefused(f"Er is al een publicatie met de naam '{label}'; kies een andere naam.")
        refusal = rules.differencing_refusal(covered, [(p.label, p.covered) for p in existing if p.demo == demo], k)
        if refusal:
            raise PublicationRefused(refusal)
        if not demo:
            since = now - dt.timedelta(days=rules.BUDGET_WINDOW_DAYS)
            refusal = rules.budget_refusal(
                app.repo.budget_spent_since(since), rho, app.settings.sector_yearly_rho, since.date()
            )
            if refusal:
                raise PublicationRefused(refusal)
        rows = publications.rows_of(population, app.checklist, goal)
        figures, refusal, spent = publications.release_figures(
            app.checklist, rows, rho, mechanisms, label=label, reference_date=reference_date, year=year, k=k,
            target_pct=goal, demo=demo, created_at=now, role=app.actor.role_label, delta=rules.DELTA,
        )  # fmt: skip
        if figures is None:  # not useful: the released count is spent, nothing else stored
            if not demo:
                app.repo.add_budget_spend(now, spent, f"geweigerd: {label}")
        else:
            text = json.dumps(figures, ensure_ascii=False, indent=2) + "\n"
            record = app.repo.add_publication(
                label=label, created_at=now, created_by=app.actor.role_label,
                reference_date=reference_date, year=year, checklist_version=app.checklist.version,
                k=k, rho=figures["parameters"]["rho"], epsilon=figures["parameters"]["epsilon"], demo=demo,
                figures=text, covered=covered,
            )  # fmt: skip
            app.audit(
                None, "sector_publication", record.id,
                f"publicatie '{label}' gemaakt ({rules.selection_label(year)}, peildatum "
                f"{reference_date.isoformat()}, ρ = {figures['parameters']['rho']:.2f}, k = {k})",
            )  # fmt: skip
    if record is None:
        raise PublicationRefused(refusal)
    return _publication(record)


def can_publish(app: App) -> bool:
    """Whether the app's actor may create publications (for the page's form)."""
    return may_publish(app.actor, app.settings.sector_publishers)


def list_publications(app: App) -> list[Publication]:
    """Every stored publication, newest first."""
    authorise(app, Permission.SECTOR_READ)
    return [_publication(r) for r in reversed(app.repo.list_publications())]


def catalogue_version(app: App) -> str:
    """Changes when a publication is added (a cache key for the page)."""
    authorise(app, Permission.SECTOR_READ)
    return str(len(app.repo.list_publications()))


def get_publication(app: App, label: str | None = None) -> Publication:
    """One publication by name, or the newest one (real before demo)."""
    authorise(app, Permission.SECTOR_READ)
    if label is not None:
        try:
            return _publication(app.repo.get_publication(label))
        except NotFoundError:
            names = ", ".join(p.label for p in app.repo.list_publications()) or "geen"
            raise NotFoundError(f"Er is geen publicatie met de naam '{label}'. Wel: {names}.") from None
    stored = app.repo.list_publications()
    if not stored:
        raise NotFoundError(
            "Er is nog geen sectorpublicatie. Een beheerder maakt er een met 'readiness publish NAAM' "
            "of op de pagina Denktank."
        )
    real = [p for p in stored if not p.demo]
    return _publication((real or stored)[-1])


def export_publication(app: App, fmt: str, label: str | None = None) -> bytes:
    """A stored publication as json (the stored text, byte for byte), csv, xlsx, pdf or docx."""
    authorise(app, Permission.SECTOR_READ)
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"Onbekend formaat {fmt!r}: kies {', '.join(EXPORT_FORMATS)}.")
    publication = get_publication(app, label)
    if fmt == "json":
        return publication.figures_json.encode("utf-8")
    return report.render(publication.figures, fmt)


def compare(app: App, earlier: str, later: str) -> list[dict[str, Any]]:
    """Differences of published figures between two stored publications."""
    authorise(app, Permission.SECTOR_READ)
    return publications.compare(get_publication(app, earlier).figures, get_publication(app, later).figures)


@dataclass(frozen=True)
class OwnRow:
    part: str
    own_score: float | None
    #: the published figure: median, margin, q1, q1_margin, q3, q3_margin
    sector: dict[str, Any]
    position: str


@dataclass(frozen=True)
class OwnPosition:
    """A corporation's own latest final round next to a publication's figures."""

    available: bool
    reason: str | None = None
    round_label: str | None = None
    rows: tuple[OwnRow, ...] = ()
    #: what the own scores rest on, in the words of Resultaten ("gemiddelde van de respondenten", ...)
    basis: str = ""


def own_position(app: App, org_id: int, label: str | None = None) -> OwnPosition:
    """The corporation's own scores (its latest final round) against the published
    Q1, median and Q3 of a publication: only its own figures and published ones."""
    authorise(app, Permission.ORG_READ, org_id=org_id)
    publication = get_publication(app, label)
    finals = [r for r in app.repo.list_rounds(org_id) if r.is_final]
    if not finals:
        return OwnPosition(False, "Deze corporatie heeft nog geen afgeronde meting om naast de sector te zetten.")
    latest = max(finals, key=lambda r: (r.date, r.id))
    from readiness.services import assessment

    return position_of(publication, latest.label, assessment.round_result(app, latest.id))


def position_of(publication: Publication, round_label: str, result: RoundResult) -> OwnPosition:
    """A final round's scores (``result``, as shown) against a publication's figures: the
    part of :func:`own_position` that reads nothing, for a caller that holds both already
    (``export --all`` reads the publication once for every corporation's report)."""
    sector = publication.figures["sector"]
    if sector["overall"] is None:
        return OwnPosition(False, sector["reason"], round_label)
    own = [("Totaalscore", result.overall, sector["overall"])]
    own += [(s.title, s.score, sector["sections"].get(s.section_id)) for s in result.sections]
    rows = []
    for part, score, published in own:
        if published is None:
            continue
        shown = shown_score(score)  # the value every page shows (readiness.formatting)
        position = "geen eigen score" if shown is None else rules.position_label(shown, published)
        rows.append(OwnRow(part, shown, dict(published), position))
    return OwnPosition(True, None, round_label, tuple(rows), scope_basis_text(result.items))


@dataclass(frozen=True)
class Budget:
    since: dt.date
    spent: float
    limit: float
    per_publication: float

    @property
    def left(self) -> float:
        return max(0.0, self.limit - self.spent)


def budget(app: App) -> Budget:
    """The privacy budget of the last 365 days (rolling)."""
    authorise(app, Permission.SECTOR_READ)
    since = app.now() - dt.timedelta(days=rules.BUDGET_WINDOW_DAYS)
    return Budget(since.date(), app.repo.budget_spent_since(since), app.settings.sector_yearly_rho, app.settings.sector_rho)


def file_name(publication: Publication, fmt: str) -> str:
    safe = "".join(c if c.isalnum() else "-" for c in publication.label.lower()).strip("-")
    while "--" in safe:
        safe = safe.replace("--", "-")
    return f"voordeurcheck-{safe or 'sector'}.{fmt}"


__all__ = [
    "EXPORT_FORMATS",
    "Budget",
    "Publication",
    "PublicationRefused",
    "budget",
    "can_publish",
    "catalogue_version",
    "compare",
    "export_publication",
    "file_name",
    "get_publication",
    "list_publications",
    "own_position",
    "position_of",
    "publish",
]
