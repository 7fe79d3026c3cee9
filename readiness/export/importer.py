"""The importer's public names; the code lives in :mod:`readiness.export.importing`."""

from readiness.export.importing import *  # noqa: F403
from readiness.export.importing import __all__  # noqa: F401
