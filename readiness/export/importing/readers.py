"""CSV and XLSX answer files as rows of cells, within the limits of :mod:`.limits`.

Both readers return the header (the first row that is not blank), its row number, and
an iterator over the following rows as ``(row number, cells)``; row numbers are the
spreadsheet's (blank rows count). Anything over a limit raises :class:`ImportFileError`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import threading
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NamedTuple

from readiness.export.importing.limits import (
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_XLSX_PART_BYTES,
    MAX_XLSX_PARTS,
    MAX_XLSX_RATIO,
    MAX_XLSX_SHEET_BYTES,
    MAX_XLSX_STRINGS,
    MAX_XLSX_UNPACKED,
    Deadline,
)
from readiness.export.importing.problems import ImportFileError, Problem

__all__ = ["Cell", "Table", "read_csv", "read_xlsx"]

Cell = str | dt.date | None
Rows = Iterator[tuple[int, list[Cell]]]


class Table(NamedTuple):
    header: list[str]
    header_row: int  # the header's row number
    rows: Rows  # the rows after it
    #: Rows of data in the sheet named by ``read_xlsx(count_sheet=...)`` (a sheet that is
    #: read over, so the import can say what it left out); 0 for CSV.
    counted_rows: int = 0

#: What a blank row weighs against MAX_CELLS: as much as two full rows of the template, so a
#: file of 50,000 answers may still hold thousands of blank lines, and a file of nothing but
#: blank lines is refused after 25,000 of them instead of being read to the end.
BLANK_ROW_CELLS = 20

EMPTY = "het bestand is leeg: er staat geen kopregel en geen antwoord in"
_MB = 1024 * 1024


def _refuse(file_name: str, message: str, row: int | None = None) -> ImportFileError:
    return ImportFileError([Problem(file_name, message, row=row)])


def _blank(record: list[Cell]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in record)


def _limited(file_name: str, records: Iterator[tuple[int, list[Cell]]], deadline: Deadline) -> Table:
    """Skip leading blank rows, take the header, and guard the rows after it."""
    for number, record in records:
        if deadline.expired():
            raise _refuse(file_name, deadline.message, row=number)
        if not _blank(record):
            header = [str(v or "") for v in record]
            break
    else:
        raise _refuse(file_name, EMPTY)

    def rows() -> Rows:
        cells = 0
        for row_number, row in records:
            # every row counts towards the limits, a blank one too (as BLANK_ROW_CELLS cells):
            # 20 MB of empty lines below the table is refused like 20 MB of answers
            filled = len(row) - row.count(None) - row.count("")
            cells += filled or BLANK_ROW_CELLS
            if cells > MAX_CELLS:
                raise _refuse(
                    file_name, f"het bestand heeft meer dan {MAX_CELLS} cellen (lege rijen tellen mee); "
                    "splits het op of verwijder de lege rijen", row=row_number
                )
            if deadline.expired():
                raise _refuse(file_name, deadline.message, row=row_number)
            if row_number > MAX_ROWS + 1:
                if _blank(row):
                    continue  # a few trailing empty rows are no reason to refuse
                raise _refuse(file_name, f"het bestand heeft meer dan {MAX_ROWS} rijen; splits het op", row=row_number)
            yield row_number, row

    return Table(header, number, rows())


# --------------------------------------------------------------------------- CSV


def read_csv(data: bytes, file_name: str, deadline: Deadline) -> Table:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # "CSV" saved by Excel on Windows
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((";", ",", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)

    def records() -> Iterator[tuple[int, list[Cell]]]:
        number = 0
        try:
            for record in reader:
                number += 1
                if len(record) > MAX_COLUMNS and not _blank(record[MAX_COLUMNS:]):
                    raise _refuse(
                        file_name,
                        f"deze rij heeft {len(record)} kolommen; een antwoordbestand heeft er hoogstens {MAX_COLUMNS}",
                        row=number,
                    )
                yield number, list(record[:MAX_COLUMNS])
        except csv.Error as exc:
            raise _refuse(file_name, f"geen geldige CSV ({_csv_reason(exc)})", row=number + 1) from None

    return _limited(file_name, records(), deadline)


def _csv_reason(exc: csv.Error) -> str:
    text = str(exc)
    if "field larger than field limit" in text:
        return f"een veld is langer dan {csv.field_size_limit()} tekens"
    if "NUL" in text:
        return "er staat een NUL-teken in"
    if "new-line character seen in unquoted field" in text:
        return "een regeleinde midden in een veld zonder aanhalingstekens"
    return "de aanhalingstekens of scheidingstekens kloppen niet"


# --------------------------------------------------------------------------- XLSX

def _check_zip(data: bytes, file_name: str) -> None:
    """The zip's table of contents, before anything is unpacked."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise _refuse(file_name, "geen geldig Excel-bestand (.xlsx): het is geen zip-bestand") from None
    if len(parts) > MAX_XLSX_PARTS:
        raise _refuse(
            file_name, f"het Excel-bestand bestaat uit {len(parts)} onderdelen; hoogstens {MAX_XLSX_PARTS} is toegestaan"
        )
    total = 0
    for part in parts:
        is_sheet = part.filename.startswith("xl/worksheets/")
        limit = MAX_XLSX_SHEET_BYTES if is_sheet else MAX_XLSX_PART_BYTES
        if part.file_size > limit:
            raise _refuse(
                file_name,
                f"het onderdeel '{part.filename[:60]}' pakt uit tot {round(part.file_size / _MB)} MB; "
                f"hoogstens {limit // _MB} MB is toegestaan. Dit is geen gewoon antwoordbestand",
            )
        if part.file_size > _MB and part.file_size > MAX_XLSX_RATIO * max(part.compress_size, 1):
            raise _refuse(
                file_name,
                f"het onderdeel '{part.filename[:60]}' is {part.file_size // max(part.compress_size, 1)} keer "
                f"ingepakt (hoogstens {MAX_XLSX_RATIO}); zo'n bestand wordt niet uitgepakt",
            )
        total += part.file_size
    if total > MAX_XLSX_UNPACKED:
        raise _refuse(
            file_name,
            f"het Excel-bestand pakt uit tot {round(total / _MB)} MB; hoogstens {MAX_XLSX_UNPACKED // _MB} MB is toegestaan",
        )


_SHARED_STRING = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si[\s/>]")


def _check_shared_strings(data: bytes, file_name: str) -> None:
    """The number of distinct texts (``<si>`` in xl/sharedStrings.xml), counted in a
    stream before openpyxl loads them all into memory: limited like the cells."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = [n for n in archive.namelist() if n.lower().endswith("sharedstrings.xml")]
            count = 0
            for name in names:
                with archive.open(name) as part:
                    tail = b""
                    while chunk := part.read(_MB):
                        block = tail + chunk
                        count += len(_SHARED_STRING.findall(block))
                        # keep the end of the block (too short to hold a whole tag) for the next read
                        tail = block[-16:] if len(block) >= 16 else block
                        count -= len(_SHARED_STRING.findall(tail))
                        if count > MAX_XLSX_STRINGS:
                            raise _refuse(
                                file_name,
                                f"het Excel-bestand bevat meer dan {MAX_XLSX_STRINGS} verschillende teksten; "
                                f"een antwoordbestand heeft er hoogstens zoveel. Splits het op",
                            )
    except ImportFileError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise _refuse(
            file_name, f"geen geldig Excel-bestand (.xlsx): het is beschadigd of onvolledig ({type(exc).__name__})"
        ) from None


_LOADING = threading.Lock()


@contextmanager
def _sizes_as_declared() -> Iterator[None]:
    """While a workbook loads, its read-only sheets take their size from the declaration
    only. openpyxl's own ``ReadOnlyWorksheet._get_size`` parses a whole sheet that declares
    none (a file written in openpyxl's write-only mode, say) with its slow XML reader, for
    every sheet, before a row is read: 0.6 s for 15,000 rows. An undeclared size stays
    unknown here (the streaming caps hold). One loading at a time changes the class."""
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    def declared(sheet) -> None:
        size = _declared_size(sheet)
        if size is not None:
            sheet._max_row, sheet._max_column = size

    with _LOADING:
        original = ReadOnlyWorksheet._get_size
        ReadOnlyWorksheet._get_size = declared
        try:
            yield
        finally:
            ReadOnlyWorksheet._get_size = original


def _declared_size(sheet) -> tuple[int, int] | None:
    """The sheet's declared size, or None when it declares none (or not readably: reading
    its rows then refuses the damage)."""
    from readiness.export.importing.xlsx_rows import declared_size

    try:
        with sheet._get_source() as source:
            return declared_size(source)
    except Exception:  # noqa: BLE001 - a damaged sheet part or reference
        return None


def _check_dimension(sheet, file_name: str) -> None:
    """The sheet's declared size (``<dimension ref=...>``), before its rows are read."""
    max_row, max_col = sheet.max_row, sheet.max_column
    if max_row is None or max_col is None:
        return  # not declared: the streaming caps still hold
    if max_row > MAX_ROWS + 1 or max_col > MAX_COLUMNS:
        from openpyxl.utils import get_column_letter

        corner = f"{get_column_letter(min(max_col, 18278))}{max_row}"
        raise _refuse(
            file_name,
            f"het werkblad '{sheet.title[:40]}' loopt tot cel {corner} ({max_row} rijen, {max_col} kolommen); "
            f"een antwoordbestand heeft hoogstens {MAX_ROWS} rijen en {MAX_COLUMNS} kolommen. "
            "Verwijder wat buiten de tabel staat (ook lege opmaak) en bewaar het bestand opnieuw",
        )


def read_xlsx(data: bytes, file_name: str, deadline: Deadline, *, count_sheet: str | None = None) -> Table:
    """The sheet "Antwoorden" (or else the first sheet). With ``count_sheet``, the rows of
    data below the header of that other sheet are counted by its declared size (not read)."""
    _check_zip(data, file_name)
    _check_shared_strings(data, file_name)
    from openpyxl import load_workbook  # only needed for this format

    try:
        with _sizes_as_declared():
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book["Antwoorden"] if "Antwoorden" in book.sheetnames else book.worksheets[0]
        counted = 0
        if count_sheet in book.sheetnames and count_sheet != sheet.title:
            counted = max((book[count_sheet].max_row or 1) - 1, 0)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        raise _refuse(
            file_name, f"geen geldig Excel-bestand (.xlsx): het is beschadigd of onvolledig ({type(exc).__name__})"
        ) from None
    _check_dimension(sheet, file_name)

    def records() -> Iterator[tuple[int, list[Cell]]]:
        # The sheet's own rows, without the empty rows openpyxl's iter_rows would make up
        # for the gaps: a lone cell at row 1,048,576 is one row here, not a million.
        from openpyxl.utils import get_column_letter

        from readiness.export.importing.xlsx_rows import sheet_rows

        try:
            with sheet._get_source() as source:
                rows = sheet_rows(
                    source, sheet._shared_strings, epoch=book.epoch,
                    date_formats=book._date_formats, timedelta_formats=book._timedelta_formats,
                )  # fmt: skip
                for number, cells in rows:
                    record: list[Cell] = [None] * MAX_COLUMNS
                    for column, value in cells:
                        if column <= MAX_COLUMNS:
                            record[column - 1] = value if type(value) is str else _cell_value(value)  # text: as it is
                        elif value not in (None, ""):
                            raise _refuse(
                                file_name,
                                f"er staat iets in cel {get_column_letter(min(column, 18278))}{number}, ver naast de "
                                f"tabel; een antwoordbestand heeft hoogstens {MAX_COLUMNS} kolommen. Verwijder het",
                                row=number,
                            )
                    if number > MAX_ROWS + 1 and not _blank(record):
                        raise _refuse(
                            file_name,
                            f"er staat iets in rij {number}, onder de tabel; een antwoordbestand heeft hoogstens "
                            f"{MAX_ROWS} rijen. Verwijder het of splits het bestand op",
                            row=number,
                        )
                    yield number, record
        except ImportFileError:
            raise
        except Exception as exc:  # noqa: BLE001 - a damaged sheet part
            raise _refuse(file_name, f"geen geldig Excel-bestand (.xlsx) ({type(exc).__name__})") from None
        finally:
            book.close()

    return _limited(file_name, records(), deadline)._replace(counted_rows=counted)


def _cell_value(value: object) -> Cell:
    """An XLSX cell as text, or as a date when Excel stored a date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return cell_text(value)


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "WAAR" if value else "ONWAAR"  # as Dutch Excel shows it; never a score
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.time | dt.timedelta):
        return str(value)
    return str(value)
