"""Importing answers collected elsewhere (CSV/XLSX template) and JSON exports.

All or nothing: every problem in the file is collected first (file, row, column), and
only a file without problems is written, in one transaction (``App.writing``). The
parsers live in :mod:`readiness.export.importer` and are imported only when a file is
read. :mod:`readiness.services.reports` offers these use cases too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from readiness.access import Permission
from readiness.models import (
    ImprovementAction,
    NotFoundError,
    Organisation,
    Respondent,
    Round,
    RoundStatus,
)
from readiness.services import App, authorise
from readiness.services.assessment import ValidationError
from readiness.store import AnswerLine

__all__ = ["IMPORT_SUFFIXES", "MAX_IMPORT_BYTES", "ImportRejected", "ImportSummary", "import_bytes", "import_file"]

IMPORT_SUFFIXES = (".csv", ".xlsx", ".json")
MAX_IMPORT_BYTES = 20 * 1024 * 1024


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


class ImportRejected(ValidationError):
    """The import file has problems; nothing was changed. ``problems`` lists them all."""

    def __init__(self, problems) -> None:
        from readiness.export.importer import ImportFileError

        self.problems = list(problems)
        super().__init__(str(ImportFileError(self.problems)))


@dataclass
class ImportSummary:
    organisation: str
    rounds_created: list[str] = field(default_factory=list)
    rounds_updated: list[str] = field(default_factory=list)
    respondents_added: int = 0
    answers_saved: int = 0
    actions_added: int = 0
    rows_skipped: int = 0
    agreed_levels_read_over: int = 0  # agreed levels in a CSV/XLSX file: only JSON reads them in

    def describe(self) -> str:
        """One Dutch sentence for the user."""
        parts = [_count(self.answers_saved, "antwoord", "antwoorden")]
        if self.respondents_added:
            parts.append(_count(self.respondents_added, "respondent", "respondenten"))
        if self.actions_added:
            parts.append(_count(self.actions_added, "verbeteractie", "verbeteracties"))
        text = f"Ingelezen voor {self.organisation}: " + ", ".join(parts) + "."
        if self.rounds_created:
            text += " Nieuwe metingen: " + ", ".join(f"'{r}'" for r in self.rounds_created) + "."
        if self.rounds_updated:
            text += " Aangevulde metingen: " + ", ".join(f"'{r}'" for r in self.rounds_updated) + "."
        if self.rows_skipped:
            text += f" {_count(self.rows_skipped, 'rij', 'rijen')} zonder antwoord overgeslagen."
        if self.agreed_levels_read_over:
            text += (
                f" {_count(self.agreed_levels_read_over, 'vastgesteld niveau', 'vastgestelde niveaus')} uit een "
                "consensusgesprek in dit bestand "
                f"{'is' if self.agreed_levels_read_over == 1 else 'zijn'} niet ingelezen: een CSV- of "
                "Excel-bestand brengt alleen antwoorden binnen. Alleen een JSON-export neemt vastgestelde niveaus mee."
            )
        return text


def import_file(app: App, path: Path | str, org_slug: str, *, actor: str = "import") -> ImportSummary:
    """Import a CSV/XLSX answer file or a JSON export from disk (see :func:`import_bytes`)."""
    _check_import(app, org_slug)
    path = Path(path)
    if not path.is_file():
        raise ValidationError(f"Het bestand '{path}' bestaat niet.")
    if path.stat().st_size > MAX_IMPORT_BYTES:
        raise ValidationError(
            f"Het bestand '{path.name}' is groter dan {MAX_IMPORT_BYTES // (1024 * 1024)} MB; splits het op."
        )
    return import_bytes(app, path.read_bytes(), path.name, org_slug, actor=actor)


def import_bytes(
    app: App, data: bytes, file_name: str, org_slug: str, *, actor: str = "import"
) -> ImportSummary:
    """Import an uploaded file by its name's extension. All or nothing.

    - ``.csv`` / ``.xlsx``: answers in the template's long format, into the existing
      corporation ``org_slug``; new rounds are created (as drafts), draft rounds are
      added to, final rounds are refused.
    - ``.json``: a Voordeurcheck JSON export, into an empty corporation ``org_slug`` or
      a new one with that short name.

    Raises :class:`ImportRejected` listing every problem; nothing is changed then.
    """
    from readiness.export.importer import ImportFileError
    from readiness.services.import_budget import read_import_file

    _check_import(app, org_slug)
    if app.actor.kind != "lokaal":
        actor = app.actor.label  # the logged-in user, whatever the caller named
    suffix = Path(file_name).suffix.lower()
    if suffix not in IMPORT_SUFFIXES:
        raise ValidationError(
            f"'{file_name}' kan niet worden ingelezen: kies een .csv-, .xlsx- of .json-bestand."
        )
    if len(data) > MAX_IMPORT_BYTES:
        raise ValidationError(f"Het bestand '{file_name}' is groter dan {MAX_IMPORT_BYTES // (1024 * 1024)} MB.")
    try:
        # read and checked in a child process, within one budget of time and memory
        parsed, _usage = read_import_file(data, file_name, app.checklist)
    except ImportFileError as exc:
        raise ImportRejected(exc.problems) from None
    if suffix == ".json":
        return _import_document(app, parsed, file_name, org_slug, actor)
    return _import_answers(app, parsed, org_slug, actor)


def _check_import(app: App, org_slug: str) -> None:
    """Importing into an existing corporation needs IMPORT on it; a JSON export into a
    new corporation also needs the right to create corporations."""
    try:
        org = app.repo.get_organisation(org_slug)
    except NotFoundError:
        authorise(app, Permission.ORG_CREATE)
        authorise(app, Permission.IMPORT)
        return
    authorise(app, Permission.IMPORT, org_id=org.id)


def _import_answers(app: App, parsed, org_slug: str, actor: str) -> ImportSummary:
    from readiness.export.importer import Problem

    org = app.repo.get_organisation(org_slug)
    summary = ImportSummary(
        organisation=org.name, rows_skipped=parsed.skipped_rows, agreed_levels_read_over=parsed.agreed_levels_read_over
    )
    with app.writing():
        problems: list[Problem] = []
        plans = []  # (round label, existing round or None, date, answers, its respondents by label)
        for label, answers in parsed.by_round().items():
            first = answers[0].row

            def problem(column: str, message: str, row: int = first) -> None:
                problems.append(Problem(parsed.file, message, row=row, column=column))

            existing = app.repo.find_round(org.id, label)
            date = parsed.round_dates.get(label)
            if existing is None:
                if date is None:
                    problem("datum", f"'{label}' is een nieuwe meting; vul de datum in (bijvoorbeeld 2026-03-01)")
                plans.append((label, None, date, answers, {}))
                continue
            if existing.is_final:
                problem(
                    "meting",
                    f"de meting '{label}' is definitief; de antwoorden ervan kunnen niet meer worden "
                    f"gewijzigd ({len(answers)} rijen). Gebruik een nieuwe naam voor een nieuwe meting.",
                )
                continue
            if date is not None and date != existing.date:
                row = next(a.row for a in answers if a.date is not None)
                problem(
                    "datum",
                    f"de bestaande meting '{label}' heeft de datum {existing.date.isoformat()}, "
                    f"niet {date.isoformat()}",
                    row,
                )
            by_label: dict[str, list[Respondent]] = {}
            for respondent in app.repo.list_respondents(existing.id):
                by_label.setdefault(respondent.label, []).append(respondent)
            reported: set[str] = set()
            for answer in answers:
                matches = by_label.get(answer.respondent, [])
                if answer.respondent in reported:
                    continue
                if len(matches) > 1:
                    reported.add(answer.respondent)
                    problem(
                        "respondent",
                        f"in meting '{label}' zijn er {len(matches)} respondenten met de omschrijving "
                        f"'{answer.respondent}'; maak de omschrijving uniek",
                        answer.row,
                    )
                elif matches and matches[0].role != answer.role:
                    reported.add(answer.respondent)
                    problem(
                        "rol",
                        f"respondent '{answer.respondent}' staat in meting '{label}' al met de rol "
                        f"'{matches[0].role}'",
                        answer.row,
                    )
            plans.append((label, existing, date, answers, by_label))
        if problems:
            raise ImportRejected(problems)

        for label, existing, date, answers, stored in plans:
            if existing is None:
                round_ = app.repo.add_round(
                    Round(org_id=org.id, label=label, date=date, checklist_version=app.checklist.version)
                )
                summary.rounds_created.append(label)
            else:
                round_ = existing
                summary.rounds_updated.append(label)
            # the round's respondents in the file (the stored one of a known label, or a
            # new one) and every answer naming its respondent's place: one bulk write
            respondents: list[Respondent] = []
            place: dict[str, int] = {}
            lines = []
            for answer in answers:
                at = place.get(answer.respondent)
                if at is None:
                    at = place[answer.respondent] = len(respondents)
                    known = stored.get(answer.respondent)
                    respondents.append(
                        known[0] if known else Respondent(round_id=round_.id, role=answer.role, label=answer.respondent)
                    )
                lines.append(AnswerLine(at, answer.item_id, answer.kind, answer.score, answer.note))
            saved = app.repo.save_imported_answers(round_.id, respondents, lines)
            summary.respondents_added += saved.respondents_added
            summary.answers_saved += len(lines)
        app.ensure_still_allowed()  # once more, as App.audit does, before the change is recorded
        app.repo.record_audit(
            actor, org.id, "import", parsed.file,
            f"{summary.answers_saved} antwoorden uit {parsed.file}",
        )  # fmt: skip
    return summary


_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _import_document(app: App, doc, file_name: str, org_slug: str, actor: str) -> ImportSummary:
    from readiness.export.importer import Problem
    from readiness.services import plans

    problems: list[Problem] = []
    for index, action in enumerate(doc.actions):
        for name, limit in (
            ("description", plans.MAX_DESCRIPTION),
            ("owner", plans.MAX_OWNER),
            ("notes", plans.MAX_NOTES),
        ):
            text = getattr(action, name)
            if len(text) > limit:
                problems.append(
                    Problem(
                        file_name,
                        f"de tekst is te lang ({len(text)} tekens; hoogstens {limit})",
                        where=f"actions[{index}], veld '{name}'",
                    )
                )
    if not _SLUG_RE.match(org_slug):
        problems.append(
            Problem(
                file_name,
                f"'{org_slug}' is geen geldige korte naam: gebruik kleine letters, cijfers en streepjes",
            )
        )
    with app.writing():
        try:
            org = app.repo.get_organisation(org_slug)
        except NotFoundError:
            org = None
        if org is not None:
            n_rounds, n_actions = len(app.repo.list_rounds(org.id)), len(app.repo.list_actions(org.id))
            if n_rounds or n_actions:
                problems.append(
                    Problem(
                        file_name,
                        f"de corporatie '{org_slug}' heeft al {n_rounds} metingen en {n_actions} "
                        "verbeteracties. Een JSON-export wordt alleen ingelezen in een lege of nieuwe "
                        "corporatie: kies een nieuwe korte naam.",
                    )
                )
        if problems:
            raise ImportRejected(problems)

        if org is None:
            source = doc.organisation
            org = app.repo.add_organisation(
                Organisation(
                    slug=org_slug,
                    name=source.name,
                    size_class=source.size_class,
                    region=source.region,
                    # demo status comes only from `readiness seed-demo`, never from a file:
                    # an imported corporation is real, whatever its "is_demo" says (issue 21)
                    is_demo=False,
                )
            )
        summary = ImportSummary(organisation=org.name)
        round_ids: dict[str, int] = {}
        for round_doc in doc.rounds:
            round_ = app.repo.add_round(
                Round(
                    org_id=org.id,
                    label=round_doc.label,
                    date=round_doc.date,
                    checklist_version=round_doc.checklist_version,
                )
            )
            round_ids[round_doc.label] = round_.id
            summary.rounds_created.append(round_doc.label)
            respondents = [
                Respondent(round_id=round_.id, role=respondent_doc.role, label=respondent_doc.label)
                for respondent_doc in round_doc.respondents
            ]
            lines = [
                AnswerLine(at, answer.item_id, answer.kind, answer.score, answer.note)
                for at, respondent_doc in enumerate(round_doc.respondents)
                for answer in respondent_doc.answers
            ]
            saved = app.repo.save_imported_answers(round_.id, respondents, lines)
            summary.respondents_added += saved.respondents_added
            summary.answers_saved += len(lines)
            if round_doc.status == RoundStatus.FINAL:
                app.repo.set_round_status(round_.id, RoundStatus.FINAL, round_doc.finalised_at)
        action_ids = app.repo.add_imported_actions([
            ImprovementAction(
                org_id=org.id,
                item_id=action.item_id,
                description=action.description,
                owner=action.owner,
                due_date=action.due_date,
                status=action.status,
                priority=action.priority,
                notes=action.notes,
                origin_round_id=round_ids.get(action.origin_round) if action.origin_round else None,
                closed_round_id=round_ids.get(action.closed_round) if action.closed_round else None,
                suggestion_key=action.suggestion_key,
                created_at=action.created_at,
                updated_at=action.updated_at,
            )
            for action in doc.actions
        ])  # fmt: skip
        summary.actions_added = len(action_ids)
        _import_consensus(app, doc, round_ids, action_ids)
        app.ensure_still_allowed()  # once more, as App.audit does, before the change is recorded
        app.repo.record_audit(
            actor, org.id, "import", file_name,
            f"JSON-export ingelezen: {len(doc.rounds)} metingen, {len(doc.actions)} verbeteracties",
        )  # fmt: skip
    return summary


def _import_consensus(app: App, doc, round_ids: dict[str, int], action_ids: list[int]) -> None:
    """The rounds' consensus meetings and agreed levels of a JSON export (checked already)."""
    from readiness.consensus import AgreedLevel

    for round_doc in doc.rounds:
        meeting_doc = round_doc.consensus
        if meeting_doc is None:
            continue
        meeting = app.repo.add_meeting(
            round_ids[round_doc.label], meeting_doc.held_on, status=meeting_doc.status, closed_at=meeting_doc.closed_at
        )
        app.repo.add_imported_levels(meeting.id, [
            AgreedLevel(
                meeting_id=meeting.id, item_id=level.item_id, level=level.level, rationale=level.rationale,
                follow_up=level.follow_up, action_id=None if level.action is None else action_ids[level.action],
            )
            for level in meeting_doc.agreed_levels
        ])  # fmt: skip
