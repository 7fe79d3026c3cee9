"""Reports and data files: export a corporation's rounds, import answers collected elsewhere.

Formats (see ``docs/export-schema.md`` for CSV and JSON):

- ``pdf`` and ``docx``: the report of **one round** (default: the latest *final* round; a
  concept only when named with ``round_label``, and then marked CONCEPT on every page), for the board;
- ``xlsx``, ``csv`` and ``json``: the **data** of a corporation: all rounds, or the one
  named with ``round_label``. JSON also carries the improvement plan and can be imported
  into an empty corporation without loss.

Files go to ``settings.reports_dir / <slug>/`` unless another folder is given. The
writers live in :mod:`readiness.export` and are imported only when a format is used,
so opening the app does not load reportlab, matplotlib or openpyxl.

Imports (:func:`import_file`, :func:`import_bytes`) are all or nothing: every problem in
the file is collected first (file, row, column), and only a file without problems is
written, in one transaction.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from readiness.models import (
    Answer,
    ImprovementAction,
    NotFoundError,
    Organisation,
    Respondent,
    Round,
    RoundStatus,
)
from readiness.access import AccessDenied, Permission, can
from readiness.scoring import compare
from readiness.services import App, authorise
from readiness.services.assessment import ValidationError, previous_final_round, shown_result, slugify

__all__ = [
    "DATA_FORMATS",
    "FORMATS",
    "ROUND_FORMATS",
    "ImportRejected",
    "ImportSummary",
    "build_report",
    "export_all",
    "export_round",
    "file_name",
    "import_bytes",
    "import_file",
    "organisation_data",
    "render",
    "template_csv",
    "template_xlsx",
]

ROUND_FORMATS = ("pdf", "docx")
DATA_FORMATS = ("xlsx", "csv", "json")
FORMATS = ROUND_FORMATS + DATA_FORMATS
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv",
    "json": "application/json",
}
IMPORT_SUFFIXES = (".csv", ".xlsx", ".json")
MAX_IMPORT_BYTES = 20 * 1024 * 1024


# --------------------------------------------------------------------------- building data


def _check_format(fmt: str) -> str:
    fmt = fmt.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValidationError(f"Onbekend formaat '{fmt}'. Kies uit: {', '.join(FORMATS)}.")
    return fmt


def _organisation(app: App, slug: str, permission: Permission = Permission.EXPORT) -> Organisation:
    """The corporation named by `slug`, when the actor may use `permission` on it.

    Someone else's corporation and one that does not exist are refused alike."""
    try:
        org = app.repo.get_organisation(slug)
    except NotFoundError:
        if can(app.actor, permission):
            raise
        raise AccessDenied() from None
    authorise(app, permission, org_id=org.id)
    return org


def _result(app: App, round_id: int):
    data = app.repo.round_data(round_id)
    consensus = app.repo.consensus_of(round_id)
    return data, shown_result(app.checklist, data.round, data, app.settings.target_level, consensus)


def _pick_round(app: App, org: Organisation, round_label: str | None) -> Round:
    rounds = app.repo.list_rounds(org.id)
    if round_label is not None:
        found = app.repo.find_round(org.id, round_label)
        if found is None:
            known = ", ".join(f"'{r.label}'" for r in rounds) or "geen"
            raise ValidationError(
                f"{org.name} heeft geen meting met de naam '{round_label}'. Metingen: {known}."
            )
        return found
    if not rounds:
        raise ValidationError(f"{org.name} heeft nog geen meting; er is nog niets om te rapporteren.")
    final = [r for r in rounds if r.is_final]  # rounds are ordered by date
    if not final:
        drafts = ", ".join(f"'{r.label}'" for r in rounds)
        raise ValidationError(
            f"{org.name} heeft nog geen definitieve meting. Een concept wordt alleen op verzoek "
            f"geëxporteerd: noem de meting bij naam (CLI: --round \"LABEL\"). Concepten: {drafts}."
        )
    return final[-1]


def build_report(app: App, slug: str, round_label: str | None = None):
    """The :class:`~readiness.export.model.ReportData` of one round (default: the latest
    final round; a concept only when named), compared with the previous final round."""
    from readiness.export.model import ReportData

    org = _organisation(app, slug)
    round_ = _pick_round(app, org, round_label)
    data, result = _result(app, round_.id)
    before = previous_final_round(app, round_)
    previous_result = _result(app, before.id)[1] if before is not None else None
    if not result.is_complete:  # a concept without enough answers is compared with nothing
        before, previous_result = None, None
    return ReportData(
        checklist=app.checklist,
        organisation=org,
        round=round_,
        # roles only: a report for people never needs a respondent's description
        respondents=[r.model_copy(update={"label": ""}) for r in data.respondents],
        answers=data.answers,
        result=result,
        previous_round=before,
        previous_result=previous_result,
        comparison=compare(previous_result, result) if previous_result is not None else None,
        actions=app.repo.list_actions(org.id),
        generated_on=app.today(),
        agreed={lv.item_id: lv for lv in app.repo.consensus_of(round_.id)[1]},
    )


def organisation_data(app: App, slug: str, round_label: str | None = None):
    """The :class:`~readiness.export.model.OrganisationData`: all rounds, or the one named."""
    from readiness.export.model import OrganisationData, RoundRecord

    org = _organisation(app, slug)
    rounds = app.repo.list_rounds(org.id)
    if round_label is not None:
        rounds = [_pick_round(app, org, round_label)]
    records = []
    agreed = app.repo.consensus_of_rounds(r.id for r in rounds)
    for round_ in rounds:
        data, result = _result(app, round_.id)
        meeting, levels = agreed.get(round_.id, (None, []))
        records.append(RoundRecord(round_, data.respondents, data.answers, result, meeting, levels))
    return OrganisationData(
        checklist=app.checklist,
        organisation=org,
        rounds=records,
        actions=app.repo.list_actions(org.id),
        exported_at=dt.datetime.now(dt.UTC).replace(microsecond=0),
    )


# --------------------------------------------------------------------------- exporting


def file_name(slug: str, fmt: str, round_label: str | None = None) -> str:
    """``voordeurcheck-<slug>-<round>.<fmt>``; data files of all rounds end in ``-alle-metingen``."""
    part = slugify(round_label) if round_label else "alle-metingen"
    return f"voordeurcheck-{slug}-{part or 'meting'}.{fmt}"


def render(app: App, slug: str, fmt: str, round_label: str | None = None) -> tuple[str, bytes]:
    """(file name, file content) of an export, without writing it (for downloads)."""
    _organisation(app, slug)
    fmt = _check_format(fmt)
    if fmt == "pdf":
        from readiness.export.pdf import build_pdf

        report = build_report(app, slug, round_label)
        return file_name(slug, fmt, report.round.label), build_pdf(report)
    if fmt == "docx":
        from readiness.export.docx import build_docx

        report = build_report(app, slug, round_label)
        return file_name(slug, fmt, report.round.label), build_docx(report)
    data = organisation_data(app, slug, round_label)
    if fmt == "xlsx":
        from readiness.export.xlsx import to_xlsx

        content = to_xlsx(data)
    else:
        from readiness.export import tabular

        content = tabular.to_csv(data) if fmt == "csv" else tabular.to_json(data)
    return file_name(slug, fmt, round_label), content


def _write(folder: Path, name: str, content: bytes) -> Path:
    """Write atomically: a reader never sees half a file."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    handle, temp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.chmod(temp, 0o644)  # mkstemp makes 0600; a report is meant to be shared
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return target


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def export_round(
    app: App,
    slug: str,
    fmt: str,
    round_label: str | None = None,
    out_dir: Path | str | None = None,
) -> Path:
    """Write one export to ``out_dir`` (default ``reports/<slug>/``) and return its path."""
    _organisation(app, slug)
    name, content = render(app, slug, fmt, round_label)
    folder = Path(out_dir) if out_dir is not None else Path(app.settings.reports_dir) / slug
    return _write(folder, name, content)


def export_all(
    app: App,
    fmt: str,
    progress: Callable[[int, int, str], None] | None = None,
    out_dir: Path | str | None = None,
    *,
    workers: int | None = 1,
):
    """Export every corporation into ``<out_dir>/<slug>/``, in up to ``workers`` processes
    (None: one per core). See :func:`readiness.services.bulk_export.export_all`."""
    from readiness.services.bulk_export import export_all as run

    return run(app, fmt, progress, out_dir, workers=workers)


# --------------------------------------------------------------------------- templates


def _checklist(app: App | None):
    if app is not None:
        return app.checklist
    from readiness.checklist import load_checklist
    from readiness.config import load_settings

    return load_checklist(load_settings().checklist_path)


def template_csv(app: App | None = None) -> bytes:
    """The CSV answer template (header + one row per question) for the download button."""
    from readiness.export.tabular import template_csv as build

    return build(_checklist(app))


def template_xlsx(app: App | None = None) -> bytes:
    """The Excel answer template with drop-down lists, an explanation and the questions."""
    from readiness.export.xlsx import template_xlsx as build

    return build(_checklist(app))


# --------------------------------------------------------------------------- importing


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
    from readiness.export.importer import ImportFileError, parse_answers, parse_document

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
        if suffix == ".json":
            document = parse_document(data, file_name, app.checklist)
            return _import_document(app, document, file_name, org_slug, actor)
        parsed = parse_answers(data, file_name, app.checklist)
    except ImportFileError as exc:
        raise ImportRejected(exc.problems) from None
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
        plans = []  # (round label, existing round or None, date, answers)
        for label, answers in parsed.by_round().items():
            first = answers[0].row

            def problem(column: str, message: str, row: int = first) -> None:
                problems.append(Problem(parsed.file, message, row=row, column=column))

            existing = app.repo.find_round(org.id, label)
            date = parsed.round_dates.get(label)
            if existing is None:
                if date is None:
                    problem("datum", f"'{label}' is een nieuwe meting; vul de datum in (bijvoorbeeld 2026-03-01)")
                plans.append((label, None, date, answers))
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
            plans.append((label, existing, date, answers))
        if problems:
            raise ImportRejected(problems)

        for label, existing, date, answers in plans:
            if existing is None:
                round_ = app.repo.add_round(
                    Round(org_id=org.id, label=label, date=date, checklist_version=app.checklist.version)
                )
                summary.rounds_created.append(label)
                respondents: dict[str, Respondent] = {}
            else:
                round_ = existing
                summary.rounds_updated.append(label)
                respondents = {r.label: r for r in app.repo.list_respondents(round_.id)}
            for answer in answers:
                respondent = respondents.get(answer.respondent)
                if respondent is None:
                    respondent = app.repo.add_respondent(
                        Respondent(round_id=round_.id, role=answer.role, label=answer.respondent)
                    )
                    respondents[answer.respondent] = respondent
                    summary.respondents_added += 1
                stored = app.repo.get_answer(respondent.id, answer.item_id)
                app.repo.save_answer(
                    Answer(
                        respondent_id=respondent.id,
                        item_id=answer.item_id,
                        kind=answer.kind,
                        score=answer.score,
                        note=answer.note,
                    ),
                    None if stored is None else stored.version,
                )
                summary.answers_saved += 1
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
                    is_demo=source.is_demo,
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
            for respondent_doc in round_doc.respondents:
                respondent = app.repo.add_respondent(
                    Respondent(round_id=round_.id, role=respondent_doc.role, label=respondent_doc.label)
                )
                summary.respondents_added += 1
                for answer in respondent_doc.answers:
                    app.repo.save_answer(
                        Answer(
                            respondent_id=respondent.id,
                            item_id=answer.item_id,
                            kind=answer.kind,
                            score=answer.score,
                            note=answer.note,
                        ),
                        None,
                    )
                    summary.answers_saved += 1
            if round_doc.status == RoundStatus.FINAL:
                app.repo.set_round_status(round_.id, RoundStatus.FINAL, round_doc.finalised_at)
        action_ids: list[int] = []
        for action in doc.actions:
            added_action = app.repo.add_action(
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
            )
            action_ids.append(added_action.id)
            summary.actions_added += 1
        _import_consensus(app, doc, round_ids, action_ids)
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
        for level in meeting_doc.agreed_levels:
            app.repo.save_agreed_level(
                AgreedLevel(
                    meeting_id=meeting.id, item_id=level.item_id, level=level.level, rationale=level.rationale,
                    follow_up=level.follow_up, action_id=None if level.action is None else action_ids[level.action],
                ),
                None,
            )  # fmt: skip
