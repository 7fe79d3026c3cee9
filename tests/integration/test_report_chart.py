"""What a process keeps from one report to the next, for speed (``export --all``,
BENCHMARKS.md), must change nothing in a report: the section chart reuses one matplotlib
figure per layout and draws only the bars on a kept background, and the PDF shares
reportlab's parse of paragraphs that recur. A chart must not depend on the charts drawn
before it, must be the full drawing pixel for pixel, and a PDF must be byte for byte the
one made without shared paragraphs."""

from __future__ import annotations

import dataclasses
import io

import numpy as np
import PIL.Image
import pytest

from readiness.config import load_settings
from reportlab import rl_config
from reportlab.pdfbase.ttfonts import TTFontFace
from reportlab.platypus import Paragraph

from readiness.export import figures, pdf_fonts, pdf_styles
from readiness.export.pdf import build_pdf
from readiness.scoring import target_pct
from readiness.services import assessment, open_app, reports
from readiness.services.demo import seed_demo
from readiness.services.synthetic import seed_synthetic


@pytest.fixture(scope="module")
def demo_reports(tmp_path_factory):
    """The report of the latest round (final or concept) of every demo corporation and of
    five synthetic ones (whose longer texts make reportlab refuse to split paragraphs)."""
    path = tmp_path_factory.mktemp("chart") / "voordeurcheck.db"
    app = open_app(load_settings({"DATABASE_URL": f"sqlite:///{path}"}))
    seed_demo(app)
    seed_synthetic(app, corporations=5, rounds=2, respondents=3, seed=7)
    out = [
        reports.build_report(app, org.slug, rounds[-1].label)
        for org in assessment.list_organisations(app)
        if (rounds := assessment.list_rounds(app, org.id))
    ]
    app.repo.engine.dispose()
    return out


@pytest.fixture(scope="module")
def demo_results(demo_reports):
    return [(report.result, report.previous_result) for report in demo_reports if report.round.is_final]


def fresh(result, previous) -> bytes:
    figures._layout.cache_clear()
    return figures.section_chart(result, previous)


def test_a_chart_is_the_same_whatever_was_drawn_before(demo_results):
    result, previous = next((r, p) for r, p in demo_results if p is not None)
    withheld = dataclasses.replace(
        result,
        sections=[dataclasses.replace(s, score=None) for s in result.sections[:2]] + result.sections[2:],
        withheld_sections=tuple(s.section_id for s in result.sections[:2]),
    )
    cases = [(r, p) for r, p in demo_results] + [(result, None), (withheld, previous), (withheld, None)]
    assert len({(r.overall, p is None) for r, p in cases}) >= 3, "too few different charts to compare"
    expected = [fresh(r, p) for r, p in cases]
    assert len(set(expected)) == len(cases), "different reports gave the same picture"
    figures._layout.cache_clear()
    for _ in range(2):  # every chart drawn after all the others, on the reused figures
        for (r, p), png in zip(cases, expected, strict=True):
            assert figures.section_chart(r, p) == png
        cases.reverse()
        expected.reverse()


def full_drawing(result, previous) -> np.ndarray:
    """The same chart drawn the ordinary way: every artist in one full drawing of a new figure."""
    chart = figures._SectionChart(
        tuple(s.title for s in result.sections), target_pct(result.target_level), previous is not None, 6.7, 150
    )
    for artist in chart.changing:
        artist.set_animated(False)
    chart.changing = []  # nothing drawn on top: draw() below only sets the values...
    chart.background = None
    return np.asarray(chart.draw(result, previous, target_pct(result.target_level)))  # ...and draws everything once


def test_the_chart_drawn_over_its_kept_background_is_the_full_drawing(demo_results):
    """Only bars, figures and markers are drawn per report (blitting); the picture must be
    exactly what drawing the whole figure gives, including a section without a score."""
    result, previous = next((r, p) for r, p in demo_results if p is not None)
    withheld = dataclasses.replace(
        result,
        sections=[dataclasses.replace(s, score=None) for s in result.sections[:1]] + result.sections[1:],
        withheld_sections=(result.sections[0].section_id,),
    )
    figures._layout.cache_clear()
    for r, p in [*demo_results, (withheld, previous), (withheld, None)]:
        png = figures.section_chart(r, p)
        picture = np.asarray(PIL.Image.open(io.BytesIO(png)))
        expected = full_drawing(r, p)
        assert picture.shape == expected.shape
        differing = int((picture != expected).any(axis=2).sum())
        assert differing == 0, f"{differing} pixels differ from a full drawing"


def test_a_pdf_made_with_shared_paragraphs_is_the_pdf_made_without(demo_reports, monkeypatch):
    """Paragraph fragments parsed once, the lines a paragraph breaks into, the PDF
    operators a paragraph draws and the fonts' subsets are shared by every report of the
    process (``export --all``). Each report is made after all the
    others have used (and split over pages) the same fragments and lines, and compared
    with the report made with reportlab's own paragraphs, every one parsed and broken anew."""
    monkeypatch.setattr(rl_config, "invariant", 1)  # no time stamps or random ids in the bytes
    assert any(not r.round.is_final for r in demo_reports) and any(r.round.is_final for r in demo_reports)
    pdf_styles._parsed.cache_clear()
    pdf_styles._LINES.clear()
    pdf_styles._DRAWN.clear()
    pdf_styles._SEEN.clear()
    pdf_fonts._SUBSETS.clear()
    copies = []
    real_check = pdf_styles._numbered_alike
    monkeypatch.setattr(pdf_styles, "_numbered_alike", lambda *a: copies.append(real_check(*a)) or copies[-1])
    splits = []
    real_split = pdf_styles._Paragraph.split

    def split(paragraph, width, height):
        if paragraph.key is not None and (*paragraph.key, width) in pdf_styles._LINES:
            splits.append(paragraph.key)  # a paragraph whose lines are shared is split over a page
        return real_split(paragraph, width, height)

    monkeypatch.setattr(pdf_styles._Paragraph, "split", split)
    for report in demo_reports:
        build_pdf(report)
    assert pdf_styles._parsed.cache_info().hits > 0, "no paragraph recurs: the sharing is not tested"
    assert len(pdf_styles._LINES) > 100, "no lines kept: the sharing of lines is not tested"
    assert splits, "no shared paragraph is split: what splitting does to shared lines is not tested"
    subsets = dict(pdf_fonts._SUBSETS)
    shared = [build_pdf(report) for report in reversed(demo_reports)]
    assert copies.count(True) > 1000, "no drawn paragraph copied: the copying is not tested"
    assert False in copies, "every copy numbered alike: a document that numbers otherwise is not tested"
    assert subsets and pdf_fonts._SUBSETS == subsets, "the same reports again made font subsets anew"
    monkeypatch.setattr(pdf_fonts._KeptSubsetFace, "addSubsetObjects", TTFontFace.addSubsetObjects)  # made anew
    monkeypatch.setattr(pdf_fonts._KeptSubsetFace, "makeSubset", TTFontFace.makeSubset)
    monkeypatch.setattr(pdf_styles, "_parsed", lambda text, style: None)  # reportlab parses each one itself
    monkeypatch.setattr(pdf_styles, "_Paragraph", Paragraph)  # and breaks its lines at every wrap
    own = [build_pdf(report) for report in reversed(demo_reports)]
    for report, a, b in zip(reversed(demo_reports), shared, own, strict=True):
        assert a == b, f"{report.organisation.slug}: the PDF differs with shared paragraphs"


def test_the_chart_in_the_pdf_is_the_chart_pixel_for_pixel(demo_reports):
    """The PDF stores the chart's pixels itself (zlib's fastest level, no hash, no ASCII85):
    a PDF reader must get back exactly the picture that was drawn, once per report."""
    import pypdf

    for report in [r for r in demo_reports if r.round.is_final][:3]:
        picture = figures.section_picture(report.result, report.chart_previous)
        expected = np.asarray(picture)
        reader = pypdf.PdfReader(io.BytesIO(build_pdf(report, picture.copy())))
        images = [image for page in reader.pages for image in page.images]
        assert len(images) == 1, f"{report.organisation.slug}: {len(images)} pictures in the PDF"
        stored = np.asarray(images[0].image.convert("RGB"))
        assert stored.shape == expected.shape
        assert int((stored != expected).any(axis=2).sum()) == 0, "the PDF's chart differs from the drawn chart"


def test_the_sample_report_that_warms_a_worker_draws_every_part_of_a_board_report(checklist):
    """``export --all``'s fork server draws a made-up report before it forks the workers
    (:mod:`readiness.services.report_warmup`), so that they start with the shared paragraphs and
    the chart's background ready: it must reach every part a real report has."""
    import pypdf

    from readiness.services.report_warmup import sample_report

    pdf = build_pdf(sample_report(checklist))
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    for part in ("Bestuursvoorstel", "Samenvatting", "Scores per vraag", "Verbeterplan",
                 "Verandering sinds de vorige meting", "Waar de rollen verschillen", "Toelichtingen",
                 "Over deze meting"):  # fmt: skip
        assert part in text, f"the sample report has no '{part}'"
    assert "Voorbeeldcorporatie" in text


def test_warming_leaves_the_next_report_less_to_draw_and_a_failure_is_swallowed(demo_reports, monkeypatch):
    from readiness.services import report_warmup

    report = next(r for r in demo_reports if r.round.is_final)
    drawn = []
    real_draw = Paragraph.drawPara
    monkeypatch.setattr(Paragraph, "drawPara", lambda p, *a: (drawn.append(1), real_draw(p, *a))[1])

    def paragraphs_drawn(warmed: bool) -> int:
        pdf_styles._parsed.cache_clear()
        pdf_styles._LINES.clear()
        pdf_styles._DRAWN.clear()
        pdf_styles._SEEN.clear()
        figures._layout.cache_clear()
        if warmed:
            assert report_warmup.warm() is True
        drawn.clear()
        build_pdf(report)
        return len(drawn)

    cold, warm = paragraphs_drawn(False), paragraphs_drawn(True)
    assert warm < cold / 2, f"after warming, a report still drew {warm} of {cold} paragraphs itself"
    monkeypatch.setenv("VOORDEURCHECK_CHECKLIST", "/nonexistent/items.yaml")
    assert report_warmup.warm() is False  # a worker still starts: it just starts cold
