"""The bestuursvoorstel (issue 22, item 4): one page that asks the board for decisions, as
the first page of the PDF and Word reports and on its own as PDF, Word and one PowerPoint
slide, for Meerdijk (a consensus meeting, a plan) and a corporation without a meeting."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from readiness.config import DEFAULT_CHECKLIST, Settings
from readiness.export.board import MAX_DECISIONS, board_paper
from readiness.formatting import short_text
from readiness.models import ActionStatus
from readiness.services import App, board, reports
from readiness.services.demo import seed_demo

MEERDIJK = "demo-stichting-woongoed-meerdijk"
LINDEVELD = "demo-woonstichting-lindeveld"  # one final round, no meeting


@pytest.fixture(scope="module")
def demo(tmp_path_factory, checklist) -> App:
    from readiness.services import open_app

    path = tmp_path_factory.mktemp("board") / "demo.db"
    settings = Settings(database_url=f"sqlite:///{path}", checklist_path=DEFAULT_CHECKLIST,
                        reports_dir=Path(path.parent), target_level=3)  # fmt: skip
    app = open_app(settings)
    seed_demo(app)
    return app


def _slide_text(content: bytes) -> tuple[int, str]:
    from pptx import Presentation

    deck = Presentation(io.BytesIO(content))
    texts = [shape.text_frame.text for slide in deck.slides for shape in slide.shapes if shape.has_text_frame]
    return len(deck.slides), "\n".join(texts)


@pytest.mark.parametrize("slug", [MEERDIJK, LINDEVELD])
def test_the_slide_opens_and_holds_the_phase_the_change_and_the_decisions(demo, slug):
    report = reports.build_report(demo, slug)
    paper = board_paper(report, report.sector_line)
    name, content = board.render_board(demo, slug, "pptx")
    assert name.endswith(".pptx")
    n_slides, text = _slide_text(content)
    assert n_slides == 1
    assert f"Fase {report.result.phase.level} van " in text and paper.phase in text
    assert paper.change in text
    assert "Besluiten gevraagd" in text and "Als het bestuur niet besluit" in text
    assert 1 <= len(paper.decisions) <= MAX_DECISIONS
    for n, decision in enumerate(paper.decisions, start=1):
        assert f"{n}. {decision.action} — {decision.owner}, {decision.due}" in text


def test_meerdijk_asks_decisions_from_the_plan_and_explains_the_basis_change(demo):
    from docx import Document
    from pypdf import PdfReader

    report = reports.build_report(demo, MEERDIJK)
    paper = board_paper(report, report.sector_line)
    open_actions = [a for a in report.actions if a.status in (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)]
    assert {d.action for d in paper.decisions} <= {short_text(a.description, 110) for a in open_actions}
    assert all(d.owner and d.due for d in paper.decisions)
    assert report.comparison.basis_changed and "andere basis" in paper.change
    assert any("De basis verschilt" in line for line in paper.changed)
    assert paper.risks and "fase" in paper.risks[0]

    _, pdf = board.render_board(demo, MEERDIJK, "pdf")
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) == 1  # one page
    text = " ".join(pages[0].extract_text().split())
    assert "Besluiten gevraagd" in text and paper.phase in text

    _, full = reports.render(demo, MEERDIJK, "pdf")  # the first page of the report
    first = " ".join(PdfReader(io.BytesIO(full)).pages[0].extract_text().split())
    assert first.startswith("Voordeurcheck") and "Bestuursvoorstel Voordeurcheck" in first and "Besluiten gevraagd" in first

    _, docx = reports.render(demo, MEERDIJK, "docx")
    headings = [p.text for p in Document(io.BytesIO(docx)).paragraphs if p.style.name.startswith("Heading")]
    assert headings[:2] == ["Bestuursvoorstel Voordeurcheck", "Het antwoord"]
    _, alone = board.render_board(demo, MEERDIJK, "docx")
    assert "Besluiten gevraagd" in [p.text for p in Document(io.BytesIO(alone)).paragraphs]


def test_the_sector_line_needs_a_publication_the_corporation_takes_part_in(demo):
    import datetime as dt

    from readiness.services import publications

    org = demo.repo.get_organisation(MEERDIJK)
    if not publications.list_publications(demo):
        assert board.sector_line(demo, org.id) == ""  # nothing published: nothing said
        publications.publish(demo, "Sectorbeeld test", reference_date=dt.date(2026, 12, 1))
    line = board.sector_line(demo, org.id)
    assert line.startswith("Sector (") and "mediaan" in line and " ± " in line
    report = reports.build_report(demo, MEERDIJK)
    assert report.sector_line == line and line in board_paper(report, line).answer


def test_an_unknown_board_format_is_refused_in_dutch(demo):
    from readiness.services.assessment import ValidationError

    with pytest.raises(ValidationError, match="Kies uit: pdf, docx, pptx"):
        board.render_board(demo, MEERDIJK, "odp")
