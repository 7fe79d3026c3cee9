"""The board report's paragraphs share their lines between reports (``export --all``):
splitting one over a page must not change what the next report with the same text draws."""

from __future__ import annotations

import io

from reportlab import rl_config
from reportlab.platypus import Paragraph, SimpleDocTemplate

from readiness.export import pdf_styles

TEXT = " ".join(
    f"Woord{i} <b>vet{i}</b> en nog wat tekst die over de regel heen loopt." for i in range(30)
)  # several fragments, so reportlab splits it the way that changes the words at each line's end


def words_per_line(paragraph: Paragraph) -> list[list[str]]:
    return [[getattr(w, "text", w) for w in getattr(line, "words", line[1] if isinstance(line, tuple) else [])]
            for line in paragraph.blPara.lines]  # fmt: skip


def test_the_next_paragraph_with_the_same_text_gets_the_same_lines_without_breaking_them():
    pdf_styles._LINES.clear()
    width = 200.0
    fresh = Paragraph(TEXT, pdf_styles.styles()["body"])
    fresh.wrap(width, 10_000)
    expected = words_per_line(fresh)

    first = pdf_styles.markup(TEXT)
    first.wrap(width, 10_000)
    assert (TEXT, "body", width) in pdf_styles._LINES  # its lines are kept for the next report
    parts = first.split(width, 60)  # only a few lines fit on this page
    assert len(parts) == 2

    second = pdf_styles.markup(TEXT)
    second.wrap(width, 10_000)
    assert second.blPara is pdf_styles._LINES[(TEXT, "body", width)]["blPara"]  # shared, not broken again
    assert words_per_line(second) == expected


def test_a_pdf_with_a_split_paragraph_is_the_same_after_another_report_split_it(monkeypatch):
    monkeypatch.setattr(rl_config, "invariant", 1)
    pdf_styles._LINES.clear()

    def pdf(make) -> bytes:
        buffer = io.BytesIO()
        story = [make("Kop", "h1"), *[make(TEXT) for _ in range(4)]]  # runs over pages: paragraphs split
        SimpleDocTemplate(buffer).build(story)
        return buffer.getvalue()

    shared = [pdf(pdf_styles.markup) for _ in range(3)]
    own = pdf(lambda text, style="body": Paragraph(text, pdf_styles.styles()[style]))
    assert shared[0] == shared[1] == shared[2] == own
