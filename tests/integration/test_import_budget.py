"""Issue 23: every import is read within one budget of time and memory, in a child process.

A reader that runs away (a pattern that backtracks, a parser that allocates without end)
is ended by the budget with a Dutch refusal; the process that serves the app or runs the
command keeps going and writes nothing. The runaway readers are put in with monkeypatch:
the child is a fork of the test process, so it runs the patched function.
"""

from __future__ import annotations

import datetime as dt
import time

import pytest

import readiness.export.importer as importer
from readiness.config import load_settings
from readiness.services import App, assessment, open_app, reports
from readiness.services.import_budget import HARD_SECONDS, MAX_IMPORT_MEMORY, read_import_file


@pytest.fixture
def app(tmp_path) -> App:
    app = open_app(load_settings({"DATABASE_URL": f"sqlite:///{tmp_path / 'v.db'}"}))
    assessment.create_organisation(app, "Woonstichting De Eendracht", "M", "Utrecht")
    yield app
    app.repo.engine.dispose()


def rounds(app: App) -> int:
    return sum(len(app.repo.list_rounds(org.id)) for org in app.repo.list_organisations())


CSV = "ronde,datum,rol,respondent,item,antwoord\nNulmeting 2026,2026-03-01,management,A,dra-01,3\n".encode()


def test_a_reader_that_never_stops_is_ended_with_a_dutch_refusal(app, monkeypatch):
    def forever(*_args):
        while True:
            pass

    monkeypatch.setattr(importer, "parse_answers", forever)
    started = time.monotonic()
    with pytest.raises(importer.ImportFileError) as refused:
        read_import_file(CSV, "antwoorden.csv", app.checklist, seconds=1.5)
    assert time.monotonic() - started < 5
    assert "duurde langer dan" in str(refused.value) and "afgebroken" in str(refused.value)


def test_a_reader_that_swallows_memory_is_ended_with_a_dutch_refusal(app, monkeypatch):
    def swallow(*_args):
        hoard = []
        while True:
            hoard.append(bytearray(16 * 1024 * 1024))

    monkeypatch.setattr(importer, "parse_answers", swallow)
    with pytest.raises(importer.ImportFileError) as refused:
        read_import_file(CSV, "antwoorden.csv", app.checklist)
    assert f"meer dan {MAX_IMPORT_MEMORY // (1024 * 1024)} MB geheugen" in str(refused.value)


def test_a_reader_that_crashes_is_a_dutch_refusal_and_nothing_is_written(app, monkeypatch):
    def broken(*_args):
        raise KeyError("intern")

    monkeypatch.setattr(importer, "parse_answers", broken)
    before = rounds(app)
    with pytest.raises(reports.ImportRejected) as refused:
        reports.import_bytes(app, CSV, "antwoorden.csv", "woonstichting-de-eendracht")
    assert "kan niet worden gelezen (KeyError)" in str(refused.value)
    assert "Traceback" not in str(refused.value) and rounds(app) == before


def test_the_budget_holds_for_the_import_itself_and_the_server_keeps_serving(app, monkeypatch):
    """import_bytes (the app's and the CLI's path) goes through the budget: a runaway
    reader returns within the hard limit, and the same process imports the next file."""
    import readiness.services.import_budget as budget

    real = importer.parse_answers
    monkeypatch.setattr(budget.read_import_file, "__kwdefaults__", {"memory": MAX_IMPORT_MEMORY, "seconds": 1.5})

    def slow_once(*args):
        monkeypatch.setattr(importer, "parse_answers", real)  # only in the child
        while True:
            pass

    monkeypatch.setattr(importer, "parse_answers", slow_once)
    started = time.monotonic()
    with pytest.raises(reports.ImportRejected):
        reports.import_bytes(app, CSV, "antwoorden.csv", "woonstichting-de-eendracht")
    assert time.monotonic() - started < 5 and rounds(app) == 0
    monkeypatch.setattr(importer, "parse_answers", real)
    summary = reports.import_bytes(app, CSV, "antwoorden.csv", "woonstichting-de-eendracht")
    assert summary.answers_saved == 1 and rounds(app) == 1


def test_a_good_file_is_read_in_milliseconds_and_its_cost_is_reported(app):
    parsed, usage = read_import_file(CSV, "antwoorden.csv", app.checklist)
    assert [a.item_id for a in parsed.answers] == ["dra-01"]
    assert usage.seconds < HARD_SECONDS and 0 <= usage.added_bytes < MAX_IMPORT_MEMORY
    assert parsed.round_dates["Nulmeting 2026"] == dt.date(2026, 3, 1)
