"""When, where and who (by role) of a consensus meeting: recorded through the services,
shown on the agenda (PDF and Word) and in the board report (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document
from pypdf import PdfReader

from readiness.privacy import PersonalDataError
from readiness.services import consensus, reports
from readiness.services.assessment import ValidationError
from tests.integration.test_consensus import MEETING_DAY, app, org, round_  # noqa: F401 - fixtures


def _pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages)


def test_time_place_and_roles_are_on_the_agenda_and_in_the_report(app, org, round_):  # noqa: F811
    consensus.open_meeting(app, round_.id, MEETING_DAY)
    meeting = consensus.set_meeting_details(
        app, round_.id, MEETING_DAY, dt.time(14, 30), "  Kantoor   Noord, zaal 2 ", ["uitvoering", "bestuur"]
    )
    assert (meeting.starts_at, meeting.place, meeting.attendees) == (dt.time(14, 30), "Kantoor Noord, zaal 2",
                                                                     ["bestuur", "uitvoering"])  # fmt: skip
    assert consensus.find_meeting(app, round_.id) == meeting  # stored as shown
    consensus.record_level(app, round_.id, "dra-01", 2, "Besluit staat, uitvoering nog niet.", expected_version=None)

    when = "12 mei 2026, 14:30 uur, Kantoor Noord, zaal 2"
    agenda = _pdf_text(consensus.agenda_document(app, round_.id, "pdf")[1])
    assert f"gesprek van {when}" in agenda and "Aanwezig: Bestuur en Uitvoering" in agenda
    doc = Document(io.BytesIO(consensus.agenda_document(app, round_.id, "docx")[1]))
    paragraphs = [p.text for p in doc.paragraphs]
    assert any(when in p for p in paragraphs) and "Aanwezig: Bestuur en Uitvoering" in paragraphs

    report = _pdf_text(reports.render(app, org.slug, "pdf", round_.label)[1])
    assert f"Het gesprek was op {when}; aanwezig: Bestuur en Uitvoering." in report
    assert any("gegevens van het consensusgesprek vastgelegd" in e.change for e in app.repo.list_audit(org.id))


def test_details_are_checked(app, org, round_):  # noqa: F811
    with pytest.raises(ValidationError, match="nog geen consensusgesprek"):
        consensus.set_meeting_details(app, round_.id, MEETING_DAY, None, "", [])
    consensus.open_meeting(app, round_.id, MEETING_DAY)
    with pytest.raises(ValidationError, match="vóór de meting zelf"):
        consensus.set_meeting_details(app, round_.id, round_.date - dt.timedelta(days=1), None, "", [])
    with pytest.raises(ValidationError, match="Onbekende rol: directeur"):
        consensus.set_meeting_details(app, round_.id, MEETING_DAY, None, "", ["directeur"])
    with pytest.raises(PersonalDataError):
        consensus.set_meeting_details(app, round_.id, MEETING_DAY, None, "Bij Jansen, Kerkstraat 12", [])
    consensus.close_meeting(app, round_.id)
    with pytest.raises(ValidationError, match="gesloten; heropen"):
        consensus.set_meeting_details(app, round_.id, MEETING_DAY, None, "Kantoor", [])
    meeting = consensus.find_meeting(app, round_.id)
    assert (meeting.starts_at, meeting.place, meeting.attendees) == (None, "", [])
