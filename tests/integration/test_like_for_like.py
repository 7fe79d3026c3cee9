"""Two rounds that differ only in basis (the second has agreed levels from a consensus
meeting): every service, page model and export reports the like-for-like change (none) and
names the basis change, never a decline (issue 22, item 1)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from readiness.config import DEFAULT_CHECKLIST, Settings
from readiness.models import AnswerKind
from readiness.services import App, consensus, progress, reports, standing
from readiness.services.assessment import (
    add_respondent,
    change_since_previous,
    create_organisation,
    finalise_round,
    round_result,
    save_answer,
    start_round,
)

TODAY = dt.date(2026, 6, 1)
MEETING_DAY = dt.date(2026, 5, 12)
SLUG = "woonstede-basis"
AGREED = ("dra-01", "dra-02")  # vraag 1 and 2


@pytest.fixture
def app(repo, checklist, tmp_path: Path) -> App:
    settings = Settings(
        database_url="sqlite://", checklist_path=DEFAULT_CHECKLIST, reports_dir=tmp_path, target_level=3
    )
    return App(settings=settings, repo=repo, checklist=checklist, today=lambda: TODAY)


def _round(app, org, label: str, date: dt.date):
    """Bestuur 4 and uitvoering 2 on every item: the respondents' mean is 3 (75) everywhere."""
    round_ = start_round(app, org.id, label, date)
    for role, value in (("bestuur", 4), ("uitvoering", 2)):
        respondent = add_respondent(app, round_.id, role)
        for item in app.checklist.items:
            save_answer(app, respondent.id, item.id, AnswerKind.SCORE, value, expected_version=None)
    finalise_round(app, round_.id)
    return round_


@pytest.fixture
def pair(app):
    org = create_organisation(app, "Woonstede Basis", "M", "Utrecht")
    first = _round(app, org, "Meting 2025", dt.date(2025, 4, 1))
    second = _round(app, org, "Meting 2026", dt.date(2026, 4, 1))
    consensus.open_meeting(app, second.id, MEETING_DAY)
    for item_id in AGREED:  # the meeting agreed a lower level than the respondents' mean
        consensus.record_level(app, second.id, item_id, 1, "Samen vastgesteld op wat de werkvloer herkent.",
                               expected_version=None)  # fmt: skip
    consensus.close_meeting(app, second.id)
    return org, first, second


def _named(text: str) -> bool:
    """The basis change is named with its items, and the change is on the respondents' mean."""
    text = " ".join(text.split())
    return (
        "De basis verschilt" in text and "vragen 1 en 2" in text and "12 mei 2026" in text
        and "gemiddelde van de respondenten in beide metingen (75 → 75, 0)" in text
    )  # fmt: skip


def test_every_service_reports_the_like_for_like_change(app, pair):
    org, first, second = pair
    shown = round_result(app, second.id)
    assert shown.overall < round_result(app, first.id).overall  # with agreed levels it looks lower
    found = standing.latest_standing(app, org.id)  # Start
    _, resultaten = change_since_previous(app, second.id)  # Resultaten
    voortgang = progress.compare_rounds(app, org.id, first.id, second.id)  # Voortgang
    for comparison in (found.comparison, resultaten, voortgang.comparison):
        assert comparison.overall_delta == 0 and comparison.phase_before == comparison.phase_after
        assert comparison.basis_changed and _named(comparison.basis_note)
        assert comparison.up == comparison.down == []
    assert voortgang.overall_before == voortgang.overall_after == 75
    assert _named(voortgang.basis_note)
    # the trend chart marks the round and carries its total on the respondents' mean
    rounds = progress.round_scores(app, org.id)
    assert rounds[0].agreed_items == () and rounds[1].agreed_items == (1, 2)
    assert rounds[1].overall_respondents == 75 and rounds[1].overall < 75


def test_every_export_reports_the_like_for_like_change(app, pair):
    from docx import Document
    from openpyxl import load_workbook
    from pypdf import PdfReader

    _, pdf = reports.render(app, SLUG, "pdf")
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)
    assert _named(text)
    assert "+0 punten" not in text and "−" not in text.split("Verandering sinds de vorige meting")[1][:200]

    _, docx = reports.render(app, SLUG, "docx")
    document = Document(io.BytesIO(docx))
    assert _named(" ".join(p.text for p in document.paragraphs))
    change = next(t for t in document.tables if [c.text for c in t.rows[0].cells] == ["Onderdeel", "Vorige", "Nu", "Verschil"])
    assert {row.cells[3].text for row in change.rows[1:]} == {"0"}  # like for like: nothing moved

    _, xlsx = reports.render(app, SLUG, "xlsx")
    book = load_workbook(io.BytesIO(xlsx))
    sheet = next(ws for ws in book.worksheets if ws.cell(1, 1).value == "meting")
    header = [c.value for c in sheet[1]]
    latest = dict(zip(header, [c.value for c in sheet[2]], strict=False))
    assert latest["meting"] == "Meting 2026" and latest["verandering"] == 0
    assert latest["verandering met vastgestelde niveaus"] < 0
    assert _named(latest["basis van de vergelijking"])


def test_the_meerdijk_demo_no_longer_reads_as_a_decline(app):
    """Meerdijk's latest round has agreed levels, the one before not: on one basis it rose."""
    from readiness.services.demo import seed_demo

    seed_demo(app)
    org = next(o for o in app.repo.list_organisations() if "Meerdijk" in o.name)
    comparison = standing.latest_standing(app, org.id).comparison
    assert comparison.basis_changed and comparison.basis_items
    assert comparison.overall_delta > 0 and comparison.phase_after >= comparison.phase_before
    assert comparison.shown.phase_after < comparison.shown.phase_before  # what used to be shown
    assert "De basis verschilt" in comparison.basis_note and comparison.phase_note
