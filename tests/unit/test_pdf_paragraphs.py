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


def _document(paragraphs: list[tuple[str, str]], make) -> bytes:
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer).build([make(text, style) for text, style in paragraphs])
    return buffer.getvalue()


def _own(text: str, style: str = "body") -> Paragraph:
    return Paragraph(text, pdf_styles.styles()[style])


def test_a_paragraph_drawn_before_is_copied_only_where_the_document_numbers_its_font_and_characters_alike(
    monkeypatch,
):
    """A recurring paragraph appends the PDF operators it drew in an earlier document. They
    hold the font's name in that document (``/F1+0``) and the codes of its characters
    outside ASCII, which reportlab hands out in the order a document first uses them: where
    this document numbers them otherwise, the paragraph must be drawn anew. Every document
    is compared byte for byte with reportlab's own paragraphs."""
    monkeypatch.setattr(rl_config, "invariant", 1)
    pdf_styles._LINES.clear()
    pdf_styles._DRAWN.clear()
    pdf_styles._SEEN.clear()
    outcomes = []
    real_check = pdf_styles._numbered_alike

    def check(fonts, doc):
        outcomes.append(real_check(fonts, doc))
        return outcomes[-1]

    monkeypatch.setattr(pdf_styles, "_numbered_alike", check)
    drawn = []
    real_draw = Paragraph.drawPara
    monkeypatch.setattr(Paragraph, "drawPara", lambda p, *a: (drawn.append(p.getPlainText()), real_draw(p, *a))[1])
    plain = ("Totaal 38 van 100", "cell")
    accents = ("Er is één aandachtsfunctionaris", "body")  # é outside ASCII
    bold = ("<b>Fase 0:</b> verkennen – de corporatie oriënteert zich", "body")  # two fonts, –, ë
    documents = [
        [plain, accents, bold],  # first use: drawn
        [plain, accents, bold],  # the second time: drawn and kept
        [plain, accents, bold],  # numbered alike: copied
        [("België", "body"), accents, plain, bold],  # ë first: é gets another code
        [("<b>Vet</b>", "cell_bold"), plain, accents],  # the bold font first: another font name
    ]
    for paragraphs in documents:
        drawn.clear()
        outcomes.clear()
        kept = _document(paragraphs, pdf_styles.markup)
        drawn_here = list(drawn)
        assert kept == _document(paragraphs, _own), f"differs from reportlab's own paragraphs: {paragraphs}"
        if paragraphs is documents[2]:
            assert drawn_here == [] and outcomes == [True, True, True]  # all three copied
        if paragraphs is documents[3]:
            assert "Er is één aandachtsfunctionaris" in drawn_here and False in outcomes
            assert "Totaal 38 van 100" not in drawn_here  # plain ASCII in the same font: still copied
        if paragraphs is documents[4]:
            assert "Totaal 38 van 100" in drawn_here  # the regular font is /F2 here, /F1 where it was kept


def test_a_split_paragraph_and_a_link_are_drawn_not_copied(monkeypatch):
    """Only a paragraph with the shared lines of its text is copied: the part of one split
    over a page breaks its own lines, and a link adds an annotation besides the text."""
    monkeypatch.setattr(rl_config, "invariant", 1)
    pdf_styles._LINES.clear()
    pdf_styles._DRAWN.clear()
    pdf_styles._SEEN.clear()
    link = ('Zie <a href="https://example.org">de handreiking</a>.', "body")
    pages = [(TEXT, "body")] * 4 + [link]
    first, second, third = (_document(pages, pdf_styles.markup) for _ in range(3))
    assert first == second == third == _document(pages, _own)
    assert any(value is None for key, value in pdf_styles._DRAWN.items() if key[0] == link[0])
    assert b"/URI" in third  # the link's annotation is in every document
