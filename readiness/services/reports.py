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

One corporation's files are made in :mod:`readiness.services.export_files`, every
corporation's at once in :mod:`readiness.services.bulk_export` (which uses the former, not
this module); imports (:func:`import_file`, :func:`import_bytes`) live in
:mod:`readiness.services.importing`. All are offered here: this module is the one API
for reports and data files.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from readiness.services import App
from readiness.services.export_files import (
    DATA_FORMATS,
    FORMATS,
    MEDIA_TYPES,
    ROUND_FORMATS,
    build_report,
    export_round,
    file_name,
    organisation_data,
    render,
)
from readiness.services.importing import (
    MAX_IMPORT_BYTES,
    ImportRejected,
    ImportSummary,
    import_bytes,
    import_file,
)

__all__ = [
    "DATA_FORMATS",
    "FORMATS",
    "MEDIA_TYPES",
    "ROUND_FORMATS",
    "MAX_IMPORT_BYTES",
    "ImportRejected",
    "ImportSummary",
    "build_report",
    "export_all",
    "export_round",
    "file_name",
    "import_bytes",
    "import_file",
    "organisation_data",
    "prepare_export_all",
    "render",
    "template_csv",
    "template_xlsx",
]


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


def prepare_export_all(workers: int | None = None) -> None:
    """Start the processes' fork server ahead of :func:`export_all` (unless ``workers`` is 1),
    so it loads the report libraries while the caller opens the database. See
    :func:`readiness.services.bulk_export.start_fork_server`."""
    if workers != 1:
        from readiness.services.bulk_export import start_fork_server

        start_fork_server()


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
