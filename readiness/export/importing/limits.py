"""The limits every import file meets before (and while) it is read.

A file is checked against these *before* the expensive work, so a small hostile file
(a zip bomb, a cell far outside the table, JSON nested thousands deep) is refused in
well under a second with a Dutch message instead of eating memory and CPU:

- XLSX: the zip's own table of contents is read first (number of parts, the declared
  unpacked size of each part and of all of them, the packing ratio); the sheet's
  declared size (``<dimension ref="A1:H61">``) next; the distinct texts (shared
  strings) are counted in a stream before openpyxl loads them; then the sheet is streamed
  (openpyxl read-only) with caps on rows, columns, cells and time. Python's zipfile
  never unpacks more than a part's declared size (a part that lies fails its CRC), so
  the declared sizes really bound the memory.
- CSV: the same caps on rows, columns and time (blank rows count too); a field larger than the csv module's
  limit is a refusal, not a traceback.
- JSON: the nesting depth is measured on the text before :func:`json.loads` recurses,
  and the number of rounds, respondents, answers and actions is capped before pydantic
  builds objects for them.

The upload itself is capped at :data:`readiness.services.importing.MAX_IMPORT_BYTES`.
"""

from __future__ import annotations

import time

__all__ = [
    "MAX_CELLS",
    "MAX_COLUMNS",
    "MAX_JSON_DEPTH",
    "MAX_JSON_ITEMS",
    "MAX_ROWS",
    "MAX_SECONDS",
    "MAX_TEXT",
    "MAX_XLSX_PARTS",
    "MAX_XLSX_PART_BYTES",
    "MAX_XLSX_RATIO",
    "MAX_XLSX_SHEET_BYTES",
    "MAX_XLSX_STRINGS",
    "MAX_XLSX_UNPACKED",
    "Deadline",
]

MAX_ROWS = 50_000  # answer rows in one file
MAX_COLUMNS = 30  # the template has 7 columns (10 with the informative ones)
MAX_CELLS = MAX_ROWS * 10  # cells read from a sheet or CSV, empty ones included
MAX_SECONDS = 20.0  # reading and checking one file
MAX_TEXT = 4_000  # characters in one note or label

MAX_XLSX_PARTS = 500  # files inside the .xlsx zip
MAX_XLSX_SHEET_BYTES = 64 * 1024 * 1024  # one worksheet, unpacked
MAX_XLSX_PART_BYTES = 16 * 1024 * 1024  # any other part (shared strings, styles, ...), unpacked
MAX_XLSX_UNPACKED = 128 * 1024 * 1024  # all parts together, unpacked
MAX_XLSX_RATIO = 200  # unpacked / packed size of a part above 1 MB
MAX_XLSX_STRINGS = 2 * MAX_ROWS  # distinct texts (shared strings) in one workbook

MAX_JSON_DEPTH = 32  # an export is 6 levels deep
MAX_JSON_ITEMS = {"rounds": 1_000, "respondents": 10_000, "answers": MAX_ROWS, "actions": 10_000}


class Deadline:
    """Time budget for reading one file: :meth:`expired` is cheap enough to ask per row."""

    def __init__(self, seconds: float = MAX_SECONDS) -> None:
        self.seconds = seconds
        self._end = time.monotonic() + seconds

    def expired(self) -> bool:
        return time.monotonic() > self._end

    @property
    def message(self) -> str:
        return (
            f"het inlezen duurde langer dan {self.seconds:.0f} seconden en is afgebroken; "
            "splits het bestand op of bewaar het opnieuw als eenvoudig CSV-bestand"
        )
