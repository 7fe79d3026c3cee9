"""Importing this module registers the report fonts with reportlab (:func:`register_fonts`).

``export --all``'s fork server imports it before it forks the worker processes
(:data:`readiness.services.bulk_export.WORKER_PRELOAD`), so every worker starts with the
four DejaVu faces read and parsed instead of reading them itself (about 0.1 s of CPU a
worker, a third of its first report).
"""

from __future__ import annotations

from readiness.export.pdf_styles import register_fonts

register_fonts()
