"""One corporation's export files: the data they hold, their names, writing them to disk.

The lower level under :mod:`readiness.services.reports` (the API for the UI and the command
line) and :mod:`readiness.services.bulk_export` (every corporation at once): both use
:func:`export_round` and :func:`render` from here, so neither imports the other's caller.
The writers live in :mod:`readiness.export` and are imported only when a format is used,
so a command that exports CSV never loads reportlab.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from readiness.access import AccessDenied, Permission, can
from readiness.models import ImprovementAction, NotFoundError, Organisation, Round, RoundData
from readiness.consensus import compare_like_for_like
from readiness.services import App, authorise
from readiness.services.assessment import ValidationError, previous_final_of, shown_result, slugify

__all__ = [
    "DATA_FORMATS",
    "FORMATS",
    "MEDIA_TYPES",
    "ROUND_FORMATS",
    "ReportInputs",
    "build_report",
    "check_format",
    "export_latest",
    "export_round",
    "file_name",
    "organisation_data",
    "read_report_inputs",
    "render",
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


# --------------------------------------------------------------------------- building data


def check_format(fmt: str) -> str:
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


@dataclass(frozen=True)
class ReportInputs:
    """What the reports of several corporations read, read for all of them at once
    (:func:`read_report_inputs`): ``export --all`` makes 300 reports, and a report's own
    reads (14 small statements) cost a fifth of its time (docs/performance.md)."""

    rounds: dict[int, list[Round]]  # per corporation id, oldest first
    data: dict[int, RoundData]  # per round id: each corporation's latest final round and the one before
    consensus: dict[int, tuple]  # per round id with a meeting: (meeting, agreed levels)
    actions: dict[int, list[ImprovementAction]]  # per corporation id, in the plan's order


def read_report_inputs(app: App, organisations: Sequence[Organisation]) -> ReportInputs:
    """The rounds, the latest two final rounds' data and consensus, and the actions of
    ``organisations``, in seven queries whatever their number. Each must be one the caller
    may export (as :func:`export_latest` checks)."""
    for org in organisations:
        authorise(app, Permission.EXPORT, org_id=org.id)
    rounds = app.repo.rounds_of_organisations(org.id for org in organisations)
    wanted: list[int] = []
    for org_rounds in rounds.values():
        final = [r for r in org_rounds if r.is_final]
        if final:
            before = previous_final_of(org_rounds, final[-1])
            wanted += [final[-1].id, *([before.id] if before is not None else [])]
    return ReportInputs(
        rounds=rounds,
        data=app.repo.round_data_of(wanted),
        consensus=app.repo.consensus_of_rounds(wanted),
        actions=app.repo.actions_of_organisations(org.id for org in organisations),
    )


def _result(app: App, round_id: int, consensus: tuple = (None, ()), inputs: ReportInputs | None = None):
    """The round's data and its result as shown; ``consensus``: its meeting and agreed
    levels, as read by the caller (:meth:`~readiness.store.Repository.consensus_of_rounds`);
    ``inputs``: the data as read for a batch, when it holds this round."""
    data = inputs.data.get(round_id) if inputs is not None else None
    if data is None:
        data = app.repo.round_data(round_id)
    return data, shown_result(app.checklist, data.round, data, app.settings.target_level, consensus)


def _pick_round(org: Organisation, round_label: str | None, rounds: list[Round]) -> Round:
    """The round named, or else the latest final one, among the corporation's ``rounds``."""
    if round_label is not None:
        found = next((r for r in rounds if r.label == round_label), None)
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


def build_report(app: App, slug: str, round_label: str | None = None, *, sector=None):
    """The :class:`~readiness.export.model.ReportData` of one round (default: the latest
    final round; a concept only when named), compared with the previous final round.

    ``sector``: the latest publication as read once for a batch of reports
    (:func:`readiness.services.sector_position.read_sector`); by default it is read now."""
    return _report(app, _organisation(app, slug), round_label, sector)


def _report(
    app: App,
    org: Organisation,
    round_label: str | None,
    sector,
    rounds: list[Round] | None = None,
    inputs: ReportInputs | None = None,
):
    """:func:`build_report` for a corporation the caller may export. Each report reads the
    corporation's rounds once (``rounds``, when the caller has read them already), the
    consensus of its round and the previous one once, and the data of those two rounds;
    or takes them from ``inputs``, read for a batch of corporations (``export --all``
    makes 300 reports: docs/performance.md)."""
    from readiness.export.model import ReportData
    from readiness.services.sector_position import sector_line

    rounds = app.repo.list_rounds(org.id) if rounds is None else rounds
    round_ = _pick_round(org, round_label, rounds)
    before = previous_final_of(rounds, round_)
    ids = [round_.id, *([before.id] if before is not None else [])]
    if inputs is not None and all(i in inputs.data for i in ids):
        agreed = {i: inputs.consensus[i] for i in ids if i in inputs.consensus}
    else:
        inputs = None  # not this corporation's latest rounds: read them
        agreed = app.repo.consensus_of_rounds(ids)
    consensus = agreed.get(round_.id, (None, []))
    data, result = _result(app, round_.id, consensus, inputs)
    previous_result = (
        _result(app, before.id, agreed.get(before.id, (None, [])), inputs)[1] if before is not None else None
    )
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
        comparison=compare_like_for_like(app.checklist, previous_result, result) if previous_result is not None else None,
        actions=inputs.actions[org.id] if inputs is not None and org.id in inputs.actions else app.repo.list_actions(org.id),
        generated_on=app.today(),
        agreed={lv.item_id: lv for lv in consensus[1]},
        meeting=consensus[0],
        sector_line=sector_line(app, org.id, sector, (round_, result), org=org, rounds=rounds),
    )


def organisation_data(app: App, slug: str, round_label: str | None = None):
    """The :class:`~readiness.export.model.OrganisationData`: all rounds, or the one named."""
    return _organisation_data(app, _organisation(app, slug), round_label)


def _organisation_data(app: App, org: Organisation, round_label: str | None):
    from readiness.export.model import OrganisationData, RoundRecord

    rounds = app.repo.list_rounds(org.id)
    if round_label is not None:
        rounds = [_pick_round(org, round_label, rounds)]
    records = []
    agreed = app.repo.consensus_of_rounds(r.id for r in rounds)
    for round_ in rounds:
        meeting, levels = agreed.get(round_.id, (None, []))
        data, result = _result(app, round_.id, (meeting, levels))
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


def render(app: App, slug: str, fmt: str, round_label: str | None = None, *, sector=None) -> tuple[str, bytes]:
    """(file name, file content) of an export, without writing it (for downloads).
    ``sector``: see :func:`build_report` (pdf and docx)."""
    return _render(app, _organisation(app, slug), fmt, round_label, sector)


def _render(
    app: App,
    org: Organisation,
    fmt: str,
    round_label: str | None,
    sector,
    rounds: list[Round] | None = None,
    inputs: ReportInputs | None = None,
) -> tuple[str, bytes]:
    """:func:`render` for a corporation the caller may export (``rounds``, ``inputs``: see :func:`_report`)."""
    fmt = check_format(fmt)
    if fmt == "pdf":
        from readiness.export.pdf import build_pdf

        report = _report(app, org, round_label, sector, rounds, inputs)
        return file_name(org.slug, fmt, report.round.label), build_pdf(report)
    if fmt == "docx":
        from readiness.export.docx import build_docx

        report = _report(app, org, round_label, sector, rounds, inputs)
        return file_name(org.slug, fmt, report.round.label), build_docx(report)
    data = _organisation_data(app, org, round_label)
    if fmt == "xlsx":
        from readiness.export.xlsx import to_xlsx

        content = to_xlsx(data)
    else:
        from readiness.export import tabular

        content = tabular.to_csv(data) if fmt == "csv" else tabular.to_json(data)
    return file_name(org.slug, fmt, round_label), content


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


def export_round(
    app: App,
    slug: str,
    fmt: str,
    round_label: str | None = None,
    out_dir: Path | str | None = None,
    *,
    sector=None,
) -> Path:
    """Write one export to ``out_dir`` (default ``reports/<slug>/``) and return its path.
    ``sector``: see :func:`build_report`."""
    org = _organisation(app, slug)
    name, content = _render(app, org, fmt, round_label, sector)
    folder = Path(out_dir) if out_dir is not None else Path(app.settings.reports_dir) / slug
    return _write(folder, name, content)


def export_latest(
    app: App, org: Organisation, fmt: str, out_dir: Path | str, *, sector=None, inputs: ReportInputs | None = None
) -> Path | None:
    """``export --all`` for one corporation (as listed by the caller): its latest final
    round's report (pdf, docx) or its data file, written to ``out_dir``; None, and nothing
    written, when a report is asked of a corporation without a final round. The rounds
    are read once for the check and the report, or taken from ``inputs``
    (:func:`read_report_inputs`, read for a batch of corporations)."""
    authorise(app, Permission.EXPORT, org_id=org.id)
    rounds = None
    if fmt in ROUND_FORMATS:
        rounds = inputs.rounds.get(org.id) if inputs is not None else None
        if rounds is None:
            rounds = app.repo.list_rounds(org.id)
        if not any(r.is_final for r in rounds):
            return None
    name, content = _render(app, org, fmt, None, sector, rounds, inputs)
    return _write(Path(out_dir), name, content)
