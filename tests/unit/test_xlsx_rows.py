"""The fast worksheet reader (readiness.export.importing.xlsx_rows) reads every cell as
openpyxl's own reader does, and reads XML the safe way."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.worksheet._reader import WorkSheetParser

from readiness.export.importing.xlsx_rows import sheet_rows

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def both(source: bytes, shared: list[str], book=None):
    """The rows as openpyxl's reader and as sheet_rows read them."""
    options = {"epoch": book.epoch if book else dt.datetime(1899, 12, 30),
               "date_formats": book._date_formats if book else set(),
               "timedelta_formats": book._timedelta_formats if book else set()}  # fmt: skip
    theirs = [
        (number, [(cell["column"], cell["value"]) for cell in cells])
        for number, cells in WorkSheetParser(io.BytesIO(source), shared, data_only=True, **options).parse()
    ]
    ours = list(sheet_rows(io.BytesIO(source), shared, **options))
    return theirs, ours


def test_every_kind_of_cell_reads_as_openpyxl_reads_it():
    book = Workbook()
    sheet = book.active
    sheet.append(["tekst", 1, 2.5, True, False, dt.date(2026, 3, 1), dt.datetime(2026, 3, 1, 12, 30), None, "=1+1",
                  1e20, -3, "tekst met ü"])  # fmt: skip
    sheet["B3"] = "los"
    sheet["Z7"] = 7
    sheet["C5"] = CellRichText(["vet ", TextBlock(InlineFont(b=True), "deel")])
    sheet["D5"] = dt.timedelta(hours=3)
    out = io.BytesIO()
    book.save(out)
    read = load_workbook(io.BytesIO(out.getvalue()), read_only=True, data_only=True)
    with read.active._get_source() as source:
        xml = source.read()
    theirs, ours = both(xml, read.active._shared_strings, read)
    assert ours == theirs
    assert ours[0][1][5] == (6, dt.datetime(2026, 3, 1)) and ours[2] == (5, [(3, "vet deel"), (4, dt.timedelta(hours=3))])


def test_shared_texts_rows_without_numbers_and_cached_formula_values():
    xml = (
        f'<worksheet xmlns="{NS}"><sheetData>'
        '<row r="2"><c r="A2" t="s"><v>1</v></c><c r="C2" t="str"><f>A1</f><v>uitkomst</v></c></row>'
        '<row><c t="s"><v>0</v></c><c t="b"><v>1</v></c><c t="e"><v>#N/A</v></c><c><v>3</v></c></row>'
        '<row r="9"><c r="B9" t="d"><v>2026-03-01T00:00:00</v></c><c r="C9"/></row>'
        "</sheetData></worksheet>"
    ).encode()
    theirs, ours = both(xml, ["nul", "een"])
    assert ours == theirs == [
        (2, [(1, "een"), (3, "uitkomst")]),
        (3, [(1, "nul"), (2, True), (3, "#N/A"), (4, 3)]),
        (9, [(2, dt.datetime(2026, 3, 1)), (3, None)]),
    ]


def test_entities_are_not_expanded_and_nothing_is_fetched():
    laughs = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10))
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY l0 "ha">{laughs}<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        f'<worksheet xmlns="{NS}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&l9;&x;</t></is></c></row>'
        "</sheetData></worksheet>"
    ).encode()
    try:
        rows = list(sheet_rows(io.BytesIO(xml), [], epoch=dt.datetime(1899, 12, 30), date_formats=set(),
                               timedelta_formats=set()))  # fmt: skip
    except Exception as exc:  # noqa: BLE001 - refusing the sheet is fine too (the caller says it in Dutch)
        assert not isinstance(exc, MemoryError)
        return
    text = rows[0][1][0][1] or ""
    assert len(text) < 100 and "root:" not in text


@pytest.mark.parametrize("bad", ['<c r="A1"><v>x</v></c>', '<c r="1A"><v>1</v></c>', '<c r="A1" t="s"><v>5</v></c>'])
def test_a_damaged_cell_raises_for_the_caller_to_refuse(bad):
    xml = f'<worksheet xmlns="{NS}"><sheetData><row r="1">{bad}</row></sheetData></worksheet>'.encode()
    with pytest.raises((ValueError, IndexError)):
        list(sheet_rows(io.BytesIO(xml), [], epoch=dt.datetime(1899, 12, 30), date_formats=set(),
                        timedelta_formats=set()))  # fmt: skip
