"""One look (issue 22, item 5): one date format on every page ("10 mei 2026"; ISO dates only
in CSV and JSON) and Word tables whose words are never broken inside a cell or header.

The page scan opens every page and every part of it on the seeded demo (Meerdijk: three
rounds, a consensus meeting and a plan; Vlietoever: a concept with an open meeting) and
reads what a user reads: text, tiles, tables. An input's own date box is a widget, not a
text, and is not read."""

from __future__ import annotations

import io
import re

import pytest

from readiness.services import assessment, reports
from tests.app.conftest import start_app
from tests.app.tiles import tiles

#: A date in another format than "10 mei 2026": 10-05-2026, 10/05/2026, 2026-05-10, 10.05.2026.
OTHER_DATE = re.compile(r"\b(\d{1,2}[-/.]\d{1,2}[-/.]\d{4}|\d{4}-\d{2}-\d{2})\b")
LONG_DATE = re.compile(r"\b\d{1,2} (januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december) \d{4}\b")
PICKERS = {"start": "start_part", "resultaten": "rs_section", "voortgang": "vg_section", "verbeterplan": "vp_part"}
ORGS = ("demo-stichting-woongoed-meerdijk", "demo-woonpartners-vlietoever")


def page_texts(at) -> list[str]:
    """Everything a user reads on the page as it stands."""
    out = []
    for kind in ("markdown", "caption", "info", "warning", "error", "success", "title", "header", "subheader"):
        out += [e.value for e in getattr(at, kind)]
    for m in at.metric:
        out += [m.label, str(m.value), str(m.delta or "")]
    for t in tiles(at):  # the figure tiles, as read (their Markdown escapes every special character)
        out += [t.label, t.value, t.note or "", t.help or ""]
    for df in at.dataframe:
        if df.proto.editing_mode != 0:  # READ_ONLY is 0
            # An editable table (the plan as one table): its date cells are a date picker
            # whose format is the browser widget's (DD-MM-YYYY, column_config), not text
            # the page writes; every other cell of it is text and still read.
            frame = df.value.select_dtypes(exclude=["datetime", "datetimetz"])
        else:
            frame = df.value
        out += [str(c) for c in frame.columns] + [str(v) for v in frame.astype(str).to_numpy().ravel()]
    return out


def other_dates(texts: list[str]) -> list[str]:
    return [f"{m.group(0)!r} in …{t[max(0, m.start() - 40):m.end() + 20]}…" for t in texts for m in OTHER_DATE.finditer(t)]


@pytest.mark.parametrize("page", ["start", "resultaten", "voortgang", "verbeterplan", "consensus", "denktank", "beheer", "vragenlijst"])
def test_every_page_shows_dates_in_one_format(seeded, page):
    found, read = [], []
    for slug in ORGS:
        org = assessment.get_organisation(seeded, slug)
        for round_ in assessment.list_rounds(seeded, org.id)[-2:]:
            at = start_app(page, {"org": slug, "round": round_.id})
            assert not at.exception, at.exception
            texts = page_texts(at)
            key = PICKERS.get(page)
            if key is not None:
                picker = at.segmented_control(key=key)
                for option in picker.options:
                    picker.set_value(option).run()
                    assert not at.exception, (option, at.exception)
                    texts += page_texts(at)
            found += other_dates(texts)
            read += texts
    assert any(LONG_DATE.search(t) for t in read), "the scan read no date at all: it would not see a wrong one"
    assert not found, "\n".join(sorted(set(found))[:20])


def test_the_scan_finds_a_second_date_format():
    assert other_dates(["Streefdatum 24-07-2025"]) and other_dates(["peildatum 2026-03-01"])
    assert not other_dates(["Streefdatum 24 juli 2025", "Meting 2026", "score 63 van 100"])


# --------------------------------------------------------------------------- Word tables


def broken_words(document) -> list[str]:
    """Every table cell word wider than its column (as Word and LibreOffice would break it),
    measured in the widest face we print (readiness.export.docx_styles.word_width_cm)."""
    from docx.shared import Length

    from readiness.export.docx_styles import CELL_MARGINS_CM, is_bold_cell, word_width_cm

    found = []
    for t, table in enumerate(document.tables):
        for r, row in enumerate(table.rows):
            for c, cell in enumerate(row.cells):
                room = Length(cell.width).cm - CELL_MARGINS_CM
                for word in cell.text.split():
                    width = word_width_cm(word, bold=is_bold_cell(r, c))
                    if width > room:
                        found.append(f"table {t}: {word!r} needs {width:.2f} cm, has {room:.2f} cm")
    return found


def test_no_word_is_broken_inside_a_word_table_of_any_demo_report(seeded):
    from docx import Document

    found = []
    for org in assessment.list_organisations(seeded):
        rounds = assessment.list_rounds(seeded, org.id)
        if not rounds:
            continue
        _, content = reports.render(seeded, org.slug, "docx", rounds[-1].label)
        found += [f"{org.slug}: {line}" for line in broken_words(Document(io.BytesIO(content)))]
    assert not found, "\n".join(found[:20])


def test_the_word_scan_fails_on_a_header_word_wider_than_its_column():
    from docx import Document
    from docx.shared import Cm

    document = Document()
    grid = document.add_table(rows=1, cols=2)
    grid.rows[0].cells[0].text, grid.rows[0].cells[1].text = "Streefdatum", "aandachtsfunctionaris"
    for cell in grid.rows[0].cells:
        cell.width = Cm(2.0)  # what broke "Streefdatu m" before
    assert len(broken_words(document)) == 2
