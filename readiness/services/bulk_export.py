"""Export every corporation at once (``readiness export --all``), in parallel processes.

A PDF costs 40-70 ms of CPU (reportlab's layout, the matplotlib chart; figures in
docs/performance.md), so 300 corporations one after the other keep one core busy for
a quarter of a minute. The corporations are shared out, a few at a time (:data:`BATCH`,
whose reports' data is read in one go), over at most ``os.cpu_count()`` worker
processes; each worker opens its own database engine (a connection cannot cross a
process boundary) and writes its files itself, so only corporations and paths travel
between processes, plus, once per worker, the latest sector publication that this
process read for every report's sector line (:func:`~readiness.services.sector_position.read_sector`).

A failure of one corporation does not stop the others: it is reported per corporation,
in Dutch, in :attr:`ExportAllResult.failed`, and the command line's exit status says so.
Workers are forked from a fork server (``forkserver``): a fresh interpreter, started once,
that imports the report libraries (:data:`WORKER_PRELOAD`: reportlab, matplotlib,
SQLAlchemy) and draws a sample report (:mod:`readiness.services.report_warmup`) before
it forks each worker, so a worker starts with them loaded and warm instead of doing that
itself (about a second of CPU each; issue 24); the command line starts the server before
it opens the database (:func:`start_fork_server`). Nothing is copied from
the parent: no connections, no threads (tqdm's monitor thread).
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from readiness.access import Actor, Permission
from readiness.config import Settings
from readiness.models import Checklist, Organisation
from readiness.services import App, authorise
from readiness.services.sector_position import SectorSnapshot

__all__ = ["ExportAllResult", "WORKER_PRELOAD", "default_workers", "export_all", "start_fork_server"]

#: Imported once by the fork server, before it forks the workers: everything a report
#: needs, and the report fonts read (:mod:`readiness.export.pdf_fonts_loaded`).
WORKER_PRELOAD = (
    "readiness.services.reports",
    "readiness.services.sector_position",
    "readiness.services.publications",
    "readiness.export.pdf",
    "readiness.export.pdf_fonts_loaded",
    "readiness.store.engine",
    "readiness.store.repository",
    "readiness.services.report_warmup",  # last: draws a sample report, so the workers start warm
)


#: Corporations per task: their reports' data is read in one go, and the last task is
#: short enough that no process waits long for the other at the end.
BATCH = 5


@dataclass(frozen=True)
class ExportAllResult:
    written: list[Path]
    skipped: list[str]  # slugs of corporations without a final round (no report by default)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (slug, Dutch reason)


def default_workers() -> int:
    """As many processes as the machine has cores (at least one)."""
    return max(1, os.cpu_count() or 1)


def _fork_server() -> multiprocessing.context.BaseContext:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(list(WORKER_PRELOAD))  # used when the server starts
    return context


def start_fork_server() -> None:
    """Start the workers' fork server now, when :func:`export_all` will use processes.

    The server is a fresh interpreter that imports :data:`WORKER_PRELOAD` (about a second
    of CPU); started first thing by ``readiness export --all``, it does that on the second
    core while this process opens the database, instead of after it. Without a second
    core it is not started (:func:`export_all` then exports in this process)."""
    if default_workers() > 1:
        from multiprocessing import forkserver

        _fork_server()
        forkserver.ensure_running()


# The outcome of one corporation: (slug, written path or None, skipped?, Dutch failure or None).
_Outcome = tuple[str, Path | None, bool, str | None]


def _export_batch(
    app: App, organisations: list[Organisation], fmt: str, base: Path, sector: SectorSnapshot | None
) -> list[_Outcome]:
    """Export a few corporations, their reports' data read for all of them at once
    (:func:`~readiness.services.export_files.read_report_inputs`: seven queries instead of
    about fourteen per report)."""
    from readiness.services.export_files import ROUND_FORMATS, read_report_inputs

    inputs = None
    if fmt in ROUND_FORMATS:
        try:
            inputs = read_report_inputs(app, organisations)
        except Exception:  # noqa: BLE001 - each corporation then reads its own data, and fails on its own
            pass
    return [_export_one(app, org, fmt, base, sector, inputs) for org in organisations]


def _export_one(
    app: App, org: Organisation, fmt: str, base: Path, sector: SectorSnapshot | None, inputs=None
) -> _Outcome:
    from readiness.services.export_files import export_latest

    try:
        path = export_latest(app, org, fmt, base / org.slug, sector=sector, inputs=inputs)
        return org.slug, path, path is None, None
    except (ValueError, LookupError) as exc:  # the services' Dutch messages
        return org.slug, None, False, str(exc)
    except OSError as exc:
        where = exc.filename or base / org.slug
        return org.slug, None, False, f"kan niet schrijven in {where}: {exc.strerror or exc}"
    except Exception as exc:  # noqa: BLE001 - one corporation must not stop the rest
        return org.slug, None, False, f"onverwachte fout ({type(exc).__name__}: {exc})"


# --------------------------------------------------------------------------- worker side

_worker_app: App | None = None
_worker_sector: SectorSnapshot | None = None


def _start_worker(
    url: str, settings: Settings, checklist: Checklist, actor: Actor, today: dt.date, sector: SectorSnapshot | None
) -> None:
    """Runs once in each worker process: its own engine, the parent's settings and actor,
    and the publication the parent read for the reports' sector line."""
    global _worker_app, _worker_sector
    from readiness.store import Repository, make_engine

    _worker_sector = sector
    _worker_app = App(
        settings=settings,
        repo=Repository(make_engine(url)),
        checklist=checklist,
        today=lambda: today,  # every file carries the same date as in one process
        actor=actor,
    )


def _export_in_worker(organisations: list[Organisation], fmt: str, base: Path) -> list[_Outcome]:
    assert _worker_app is not None, "worker not started"
    return _export_batch(_worker_app, organisations, fmt, base, _worker_sector)


# --------------------------------------------------------------------------- parent side


def _shareable_url(app: App) -> str | None:
    """The database URL a worker process can open, or None (an in-memory database)."""
    url = app.repo.engine.url
    if url.get_backend_name() == "sqlite" and (url.database or ":memory:") in ("", ":memory:"):
        return None
    return url.render_as_string(hide_password=False)


def export_all(
    app: App,
    fmt: str,
    progress: Callable[[int, int, str], None] | None = None,
    out_dir: Path | str | None = None,
    *,
    workers: int | None = 1,
) -> ExportAllResult:
    """Export every corporation (its latest round for pdf/docx) into ``<out_dir>/<slug>/``.

    ``workers``: the number of processes (None: one per core); it is never more than the
    number of cores or of corporations, and 1 exports in this process.
    ``progress(done, total, slug)`` is called in this process after each corporation, in
    the order they finish. The lists in the result follow the order of the corporations.
    """
    from readiness.services.export_files import ROUND_FORMATS, check_format
    from readiness.services.sector_position import read_sector

    authorise(app, Permission.EXPORT)  # every corporation: lokaal and beheerder only
    fmt = check_format(fmt)
    base = Path(out_dir) if out_dir is not None else Path(app.settings.reports_dir)
    organisations = app.repo.list_organisations()
    total = len(organisations)
    count = min(default_workers() if workers is None else max(1, workers), default_workers(), total or 1)
    url = _shareable_url(app)
    # One read of the latest publication for every report's sector line (pdf and docx),
    # so all of them cite the same publication even if one is published meanwhile.
    sector = read_sector(app) if fmt in ROUND_FORMATS else None

    outcomes: dict[str, _Outcome] = {}

    def finished(outcome: _Outcome) -> None:
        outcomes[outcome[0]] = outcome
        if progress is not None:
            progress(len(outcomes), total, outcome[0])

    batches = [organisations[i : i + BATCH] for i in range(0, total, BATCH)]
    if count <= 1 or url is None:
        for batch in batches:
            for outcome in _export_batch(app, batch, fmt, base, sector):
                finished(outcome)
    else:
        init = (url, app.settings, app.checklist, app.actor, app.today(), sector)
        with ProcessPoolExecutor(count, mp_context=_fork_server(), initializer=_start_worker, initargs=init) as pool:
            futures = {pool.submit(_export_in_worker, batch, fmt, base): batch for batch in batches}
            for future in as_completed(futures):
                try:
                    batch_outcomes = future.result()
                except BrokenProcessPool:
                    batch_outcomes = [
                        (org.slug, None, False, "het exportproces is onverwacht gestopt") for org in futures[future]
                    ]
                for outcome in batch_outcomes:
                    finished(outcome)

    ordered = [outcomes[org.slug] for org in organisations]
    return ExportAllResult(
        written=[path for _, path, _, _ in ordered if path is not None],
        skipped=[slug for slug, _, skipped, _ in ordered if skipped],
        failed=[(slug, reason) for slug, _, _, reason in ordered if reason is not None],
    )
