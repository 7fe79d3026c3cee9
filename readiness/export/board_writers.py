"""The bestuursvoorstel (:mod:`readiness.export.board`) laid out three ways: a PDF page,
a Word page and one PowerPoint slide. The same :class:`BoardPaper` feeds all three, so the
words and figures are the same; the first page of the PDF and Word reports is this page.
"""

from __future__ import annotations

import io

from reportlab.lib.units import cm
from reportlab.platypus import Flowable, KeepInFrame, Spacer

from readiness import glossary
from readiness.export.board import TITLE, BoardPaper
from readiness.export.pdf_styles import (
    BODY_H,
    FRAME_W,
    SOFT_AMBER,
    SOFT_INK,
    boxed,
    escape,
    markup,
    para,
    table,
)
from readiness.export.summary import CONCEPT_MARK, CONCEPT_NOTE

DECISIONS_TITLE = "Besluiten gevraagd"
ANSWER_TITLE = "Het antwoord"
CHANGED_TITLE = "Wat is er veranderd en waarom"
RISKS_TITLE = "Als het bestuur niet besluit"
NO_DECISIONS = "Er staan geen open acties in het verbeterplan; er wordt nu geen besluit gevraagd."


def subtitle(paper: BoardPaper) -> str:
    return f"{paper.organisation} · {paper.round_label} · {paper.date}"


# --------------------------------------------------------------------------- PDF


def pdf_story(paper: BoardPaper) -> list[Flowable]:
    """The page as flowables, shrunk to fit one page of the body frame if it must."""
    story: list[Flowable] = [
        markup(f"{escape(paper.title)}", "title"),
        para(subtitle(paper), "subtitle"),
    ]
    if paper.concept:
        story += [boxed(markup(f"<b>{CONCEPT_MARK}</b>: {escape(CONCEPT_NOTE)}.", "notice"), SOFT_AMBER), Spacer(1, 0.2 * cm)]
    answer = [[markup(f"<b>{escape(line)}</b>" if n == 0 else escape(line), "body")] for n, line in enumerate(paper.answer)]
    story += [markup(ANSWER_TITLE, "h2"), boxed([r[0] for r in answer], SOFT_INK), Spacer(1, 0.15 * cm)]
    story += [markup(CHANGED_TITLE, "h2")] + [para(line, "cell") for line in paper.changed]
    story += [Spacer(1, 0.15 * cm), markup(DECISIONS_TITLE, "h2")]
    if paper.decisions:
        rows = [[markup("<b>Besluit</b>", "cell_head"), markup("<b>Eigenaar</b>", "cell_head"),
                 markup("<b>Streefdatum</b>", "cell_head"), markup("<b>Inzet</b>", "cell_head")]]  # fmt: skip
        for n, d in enumerate(paper.decisions, start=1):
            action = f"<b>{n}. {escape(d.action)}</b>" + (f"<br/>{escape(d.question)}" if d.question else "")
            due = escape(d.due) + (f" <font color='#b42318'><b>{glossary.OVERDUE}</b></font>" if d.late else "")
            rows.append([markup(action, "cell"), para(d.owner, "cell"), markup(due, "cell"), para(d.effort, "cell")])
        story.append(table(rows, [7.9 * cm, 3.7 * cm, 2.8 * cm, FRAME_W - 14.4 * cm], header=True))
    else:
        story.append(para(NO_DECISIONS, "cell"))
    story += [Spacer(1, 0.15 * cm), markup(RISKS_TITLE, "h2")] + [para(f"• {line}", "cell") for line in paper.risks]
    return [KeepInFrame(FRAME_W, BODY_H - 0.2 * cm, story, mode="shrink")]


def build_pdf(paper: BoardPaper) -> bytes:
    """The bestuursvoorstel as a one-page PDF."""
    from reportlab.platypus import PageTemplate

    from readiness.export.pdf_styles import body_frame, document, register_fonts, running_lines

    register_fonts()
    buffer = io.BytesIO()
    doc = document(buffer, title=f"{paper.title} {paper.organisation} – {paper.round_label}", subject=paper.title)

    def furniture(canvas, _doc) -> None:
        canvas.saveState()
        running_lines(canvas)
        canvas.restoreState()

    doc.addPageTemplates([PageTemplate(id="board", frames=[body_frame()], onPage=furniture)])
    doc.build(pdf_story(paper))
    return buffer.getvalue()


# --------------------------------------------------------------------------- Word


def add_to_docx(doc, paper: BoardPaper) -> None:
    """The page at the current place of a python-docx Document (a page break after it)."""
    from docx.enum.text import WD_BREAK
    from docx.shared import Pt

    from readiness.export.docx_styles import table as docx_table

    doc.add_heading(paper.title, level=1)
    doc.add_paragraph(subtitle(paper))
    if paper.concept:
        doc.add_paragraph().add_run(f"{CONCEPT_MARK}: {CONCEPT_NOTE}.").bold = True
    doc.add_heading(ANSWER_TITLE, level=2)
    for n, line in enumerate(paper.answer):
        run = doc.add_paragraph(style="List Bullet").add_run(line)
        run.bold = n == 0
    doc.add_heading(CHANGED_TITLE, level=2)
    for line in paper.changed:
        doc.add_paragraph(line).paragraph_format.space_after = Pt(2)
    doc.add_heading(DECISIONS_TITLE, level=2)
    if paper.decisions:
        docx_table(
            doc,
            ["Besluit", "Eigenaar", "Streefdatum", "Inzet"],
            [
                [f"{n}. {d.action}" + (f" ({d.question})" if d.question else ""), d.owner,
                 d.due + (f" ({glossary.OVERDUE})" if d.late else ""), d.effort]
                for n, d in enumerate(paper.decisions, start=1)
            ],  # fmt: skip
            [8.0, 3.3, 3.0, 2.7],
        )
    else:
        doc.add_paragraph(NO_DECISIONS)
    doc.add_heading(RISKS_TITLE, level=2)
    for line in paper.risks:
        doc.add_paragraph(line, style="List Bullet")
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def build_docx(paper: BoardPaper) -> bytes:
    """The bestuursvoorstel as a one-page Word document."""
    from docx import Document

    from readiness.export.docx_styles import setup

    doc = Document()
    setup(doc, title=f"{paper.title} {paper.organisation} – {paper.round_label}", subject=paper.title)
    add_to_docx(doc, paper)
    # the trailing page break would leave an empty second page in a document of one page
    last = doc.paragraphs[-1]
    last._element.getparent().remove(last._element)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# --------------------------------------------------------------------------- PowerPoint


def build_pptx(paper: BoardPaper) -> bytes:
    """The bestuursvoorstel as a single 16:9 slide: the answer on the left, the decisions
    asked on the right, what changed and the risk of not deciding underneath."""
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.util import Cm, Pt

    from readiness.export import figures

    ink = RGBColor.from_string(figures.INK.lstrip("#"))
    muted = RGBColor.from_string(figures.MUTED.lstrip("#"))
    deck = Presentation()
    deck.slide_width, deck.slide_height = Cm(33.867), Cm(19.05)
    slide = deck.slides.add_slide(deck.slide_layouts[6])  # blank

    def box(left, top, width, height, title: str, lines, *, size: int = 12, bold_first: bool = False):
        frame = slide.shapes.add_textbox(Cm(left), Cm(top), Cm(width), Cm(height)).text_frame
        frame.word_wrap = True
        first = frame.paragraphs[0]
        first.text = title
        first.runs[0].font.size, first.runs[0].font.bold = Pt(size + 3), True
        first.runs[0].font.color.rgb = ink
        for n, line in enumerate(lines):
            p = frame.add_paragraph()
            p.text = line
            p.runs[0].font.size = Pt(size)
            p.runs[0].font.bold = bold_first and n == 0
            p.runs[0].font.color.rgb = ink
            p.space_before = Pt(4)
        return frame

    heading = box(1.2, 0.5, 31.4, 2.6, f"{TITLE}: {paper.organisation}", [subtitle(paper)], size=13)
    heading.paragraphs[0].runs[0].font.size = Pt(22 if len(paper.organisation) < 36 else 18)
    heading.paragraphs[1].runs[0].font.color.rgb = muted
    if paper.concept:
        heading.paragraphs[1].runs[0].text += f" · {CONCEPT_MARK}: {CONCEPT_NOTE}"
    box(1.2, 3.6, 13.8, 6.4, ANSWER_TITLE, list(paper.answer), size=14, bold_first=True)
    decisions = [
        f"{n}. {d.action} — {d.owner}, {d.due}{f' ({glossary.OVERDUE})' if d.late else ''}; {d.effort}"
        for n, d in enumerate(paper.decisions, start=1)
    ] or [NO_DECISIONS]
    box(15.8, 3.6, 16.8, 6.4, DECISIONS_TITLE, decisions, size=13)
    box(1.2, 10.6, 15.2, 8.0, CHANGED_TITLE, list(paper.changed[:4]), size=11)
    box(17.2, 10.6, 15.4, 8.0, RISKS_TITLE, list(paper.risks), size=11)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()
