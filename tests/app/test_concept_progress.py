"""One progress count for a concept round (issue 22, item 2): the Resultaten tile and
sentence, Start, the PDF, the Word report and Excel all show the same figure, from
readiness.scoring.answer_progress (answers given out of answers needed for a score)."""

from __future__ import annotations

import io

from readiness import glossary
from readiness.scoring import answer_progress
from readiness.services import assessment, reports
from tests.app.conftest import start_app
from tests.app.tiles import tiles

CONCEPT_ORG = "demo-woonpartners-vlietoever"  # its latest round is a concept (with an open meeting)


def test_every_progress_figure_of_a_concept_round_is_the_same(seeded):
    from docx import Document
    from openpyxl import load_workbook
    from pypdf import PdfReader

    org = assessment.get_organisation(seeded, CONCEPT_ORG)
    concept = assessment.list_rounds(seeded, org.id)[-1]
    assert not concept.is_final
    counted = answer_progress(assessment.round_result(seeded, concept.id))
    assert 0 < counted.given < counted.needed  # a concept that is not done: the case is tested
    figure = counted.text()
    sentence = glossary.progress_sentence(counted)

    at = start_app("resultaten", {"org": org.slug, "round": concept.id})
    assert not at.exception
    assert {m.label: m.value for m in tiles(at)}[glossary.PROGRESS_LABEL] == figure  # the tile
    progress = "\n".join(m.value for m in at.markdown if "Concept: voortgang" in m.value)
    assert sentence in progress and f"nog {counted.remaining} nodig" in progress  # the sentence
    short = [seeded.checklist.section(s).title for s in counted.short_sections]
    assert f"Nog te weinig antwoorden bij {len(short)} van de " in progress

    start = start_app("start", {"org": org.slug, "round": concept.id})
    start.segmented_control(key="start_part").set_value("meting").run()
    assert not start.exception
    assert {m.label: m.value for m in tiles(start)}[glossary.PROGRESS_LABEL] == figure
    assert any(sentence in m.value for m in start.markdown)

    _, pdf = reports.render(seeded, org.slug, "pdf", concept.label)
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)
    assert f"Voortgang {figure} antwoorden voor een score" in text
    assert f"Totaalscore nog niet te bepalen ({figure} antwoorden voor een score)" in text  # the bestuursvoorstel

    _, docx = reports.render(seeded, org.slug, "docx", concept.label)
    cells = [c.text for t in Document(io.BytesIO(docx)).tables for row in t.rows for c in row.cells]
    assert f"{figure} antwoorden voor een score" in cells

    _, xlsx = reports.render(seeded, org.slug, "xlsx")
    sheet = next(ws for ws in load_workbook(io.BytesIO(xlsx)).worksheets if ws.cell(1, 1).value == "meting")
    header = [c.value for c in sheet[1]]
    row = next(dict(zip(header, [c.value for c in r], strict=False)) for r in sheet.iter_rows(min_row=2)
               if r[0].value == concept.label)  # fmt: skip
    assert row[glossary.PROGRESS_LABEL.lower()] == figure
