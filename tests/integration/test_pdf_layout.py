"""The PDF report's page layout, read back with pypdf: no page holds only a heading, or a
heading with a line or two (the spill-over of a full page, e.g. "Toelichtingen" with
"Bij deze meting zijn geen toelichtingen gegeven." alone on page 5).

Checked on every demo corporation's report, and on reports constructed from one of them
with 0 to 15 plan actions, with and without a note, so that the notes land at every height
of the page, including at the top of a fresh one.
"""

from __future__ import annotations

import dataclasses
import io
import pytest

from readiness.config import load_settings
from readiness.export import figures
from readiness.export.labels import long_date
from readiness.export.model import ReportData
from readiness.export.pdf import build_pdf
from readiness.services import assessment, open_app, reports
from readiness.services.demo import seed_demo

# The headings the report prints (h1 and h2), as pypdf reads them.
HEADINGS = {
    "Samenvatting",
    "Scores per onderdeel",
    "De drie belangrijkste volgende stappen",
    "Scores per vraag",
    "Verbeterplan",
    "Verandering sinds de vorige meting",
    "Waar de rollen verschillen",
    "Toelichtingen",
    "Over deze meting",
    "Schaal",
    "Zo wordt gerekend",
    "Wie deden mee",
}
MIN_LINES = 4  # a body page holds at least this many lines besides headings (a table header counts)


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory):
    path = tmp_path_factory.mktemp("pdf-layout") / "voordeurcheck.db"
    app = open_app(load_settings({"DATABASE_URL": f"sqlite:///{path}"}))
    seed_demo(app)
    yield app
    app.repo.engine.dispose()


def body_pages(pdf: bytes, report: ReportData) -> list[list[str]]:
    """The text lines of every page after the cover, without the running header and footer."""
    from pypdf import PdfReader

    running = {
        "Voordeurcheck",
        report.organisation.name,
        report.round.label,
        f"Gemaakt op {long_date(report.generated_on)}",
    }
    reader = PdfReader(io.BytesIO(pdf))
    pages = []
    for number, page in enumerate(reader.pages[1:], start=2):
        lines = [line.strip() for line in page.extract_text().splitlines() if line.strip()]
        pages.append([line for line in lines if line not in running and line != f"Pagina {number} van {len(reader.pages)}"])
    return pages


def near_empty(pages: list[list[str]]) -> list[tuple[int, list[str]]]:
    """Pages (numbered as printed) that hold only headings and fewer than MIN_LINES other
    lines, or that end with a heading."""
    found = []
    for number, lines in enumerate(pages, start=2):
        text = [line for line in lines if line not in HEADINGS]
        if len(text) < MIN_LINES or (lines and lines[-1] in HEADINGS):
            found.append((number, lines))
    return found


def test_body_pages_strips_the_header_and_footer_and_near_empty_finds_a_lone_heading(demo_app):
    slug = assessment.list_organisations(demo_app)[0].slug
    report = reports.build_report(demo_app, slug)
    pages = body_pages(build_pdf(report), report)
    assert all("Voordeurcheck" not in lines and not any(l.startswith("Pagina ") for l in lines) for lines in pages)
    assert near_empty([["Toelichtingen", "Bij deze meting zijn geen toelichtingen gegeven."]])
    assert near_empty([["Toelichtingen", "Nr Rol Toelichting", "1 Bestuur Besproken in het MT."]])
    assert near_empty([["a", "b", "c", "d", "Toelichtingen"]])
    assert not near_empty([["Toelichtingen", "Bij deze meting zijn geen toelichtingen gegeven.", "Over deze meting", "x", "y", "z"]])


@pytest.fixture(scope="module")
def demo_pages(demo_app) -> dict[str, list[list[str]]]:
    """The body pages of the latest round's report of every demo corporation with a round."""
    found = {}
    for org in assessment.list_organisations(demo_app):
        rounds = assessment.list_rounds(demo_app, org.id)
        if rounds:  # the latest round, a concept too (named: a report defaults to a final round)
            report = reports.build_report(demo_app, org.slug, rounds[-1].label)
            found[org.slug] = body_pages(build_pdf(report), report)
    assert len(found) >= 10
    return found


def test_no_demo_report_has_a_page_with_only_a_heading_or_a_line_or_two(demo_pages):
    for slug, pages in demo_pages.items():
        assert not near_empty(pages), f"{slug}: {near_empty(pages)}"


@pytest.mark.parametrize("with_note", [False, True], ids=["no-notes", "one-note"])
def test_a_full_page_before_the_notes_leaves_no_near_empty_page(demo_app, with_note):
    """A demo report with 0..15 plan actions: the notes move down the page, then onto a
    page of their own; the method note then shares that page instead of leaving
    "Toelichtingen" with a line alone."""
    # The corporations with the longest plans first; the next one is tried only while no
    # variant has put the notes at the top of a page (where they land depends on the text).
    orgs = sorted(
        (o for o in assessment.list_organisations(demo_app) if any(r.is_final for r in assessment.list_rounds(demo_app, o.id))),
        key=lambda o: -len(reports.build_report(demo_app, o.slug).actions),
    )[:3]  # fmt: skip
    notes_on_top = 0
    for org in orgs:
        base = reports.build_report(demo_app, org.slug)
        assert base.actions, "the demo should have a corporation with a plan"
        answers = [a.model_copy(update={"note": ""}) for a in base.answers]
        if with_note:
            answers[0] = answers[0].model_copy(update={"note": "Besproken in het MT."})
        chart = figures.section_picture(base.result, base.previous_result)
        for n_actions in range(16):
            actions = [base.actions[i % len(base.actions)] for i in range(n_actions)]
            report = dataclasses.replace(base, answers=answers, actions=actions)
            pages = body_pages(build_pdf(report, chart), report)
            assert not near_empty(pages), f"{org.slug}, {n_actions} actions: {near_empty(pages)}"
            notes_on_top += any(lines and lines[0] == "Toelichtingen" for lines in pages)
        if notes_on_top:
            break
    assert notes_on_top, "no variant put the notes at the top of a page: the case is not tested"


def test_the_method_note_shares_a_page_only_with_a_short_tail(demo_pages):
    """"Over deze meting" opens a page of its own, unless that page holds only the short
    spill-over of the page before (at most 7 cm, some 15 lines)."""
    for slug, pages in demo_pages.items():
        method = next(lines for lines in pages if "Over deze meting" in lines)
        before = method[: method.index("Over deze meting")]
        assert len(before) <= 15, f"{slug}: {before}"
