"""The reports and data files speak the glossary: no English, no losing synonyms, no
setting or folder names (issue 11, point 5). Read back as a user's program would."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from readiness.config import load_settings
from readiness.models import ActionStatus, ImprovementAction, Priority
from readiness.services import assessment, open_app, plans, reports
from readiness.services.demo import seed_demo
from tests.vocabulary import forbidden_in


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo database, with a plan that has an overdue and a dropped action."""
    path = tmp_path_factory.mktemp("vocabulary") / "voordeurcheck.db"
    app = open_app(load_settings({"DATABASE_URL": f"sqlite:///{path}"}))
    seed_demo(app)
    org = next(
        o for o in assessment.list_organisations(app)
        if len([r for r in assessment.list_rounds(app, o.id) if r.is_final]) >= 2
    )  # fmt: skip
    item = app.checklist.items[0].id
    app.repo.add_action(ImprovementAction(
        org_id=org.id, item_id=item, description="Overleg plannen met het wijkteam", owner="manager wonen",
        due_date=app.today() - dt.timedelta(days=30), priority=Priority.HIGH,
    ))  # fmt: skip
    dropped = app.repo.add_action(ImprovementAction(org_id=org.id, item_id=item, description="Folder drukken"))
    plans.set_status(app, dropped.id, ActionStatus.DROPPED, dropped.version)
    return app, org


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def docx_text(data: bytes) -> str:
    from docx import Document

    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    for section in doc.sections:
        parts += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
    return "\n".join(parts)


def xlsx_text(data: bytes) -> str:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True)
    parts = list(book.sheetnames)
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            parts += [str(v) for v in row if isinstance(v, str)]
    return "\n".join(parts)


def csv_header(data: bytes) -> str:
    return " | ".join(next(csv.reader(io.StringIO(data.decode("utf-8-sig")))))


@pytest.mark.parametrize(
    ("fmt", "read"), [("pdf", pdf_text), ("docx", docx_text), ("xlsx", xlsx_text), ("csv", csv_header)]
)
def test_exports_use_only_the_glossary_words(demo, fmt, read):
    app, org = demo
    for round_ in [r for r in assessment.list_rounds(app, org.id) if r.is_final][-1:]:
        _name, data = reports.render(app, org.slug, fmt, round_.label if fmt in reports.ROUND_FORMATS else None)
        text = read(data)
        assert text.strip()
        assert forbidden_in(text) == [], f"{fmt}: {forbidden_in(text)}"


def test_the_reports_name_the_target_date_and_an_overdue_action_in_glossary_words(demo):
    app, org = demo
    label = [r for r in assessment.list_rounds(app, org.id) if r.is_final][-1].label
    for fmt, read in (("pdf", pdf_text), ("docx", docx_text)):
        text = read(reports.render(app, org.slug, fmt, label)[1])
        assert "Streefdatum" in text, fmt
        assert "over tijd" in text, fmt
    assert "Geschrapt" in xlsx_text(reports.render(app, org.slug, "xlsx")[1])


@pytest.mark.parametrize("template", ["csv", "xlsx"])
def test_the_answer_templates_use_only_the_glossary_words(demo, template):
    app, _org = demo
    data = reports.template_csv(app) if template == "csv" else reports.template_xlsx(app)
    text = csv_header(data) if template == "csv" else xlsx_text(data)
    assert text.split(" | ")[0] == "meting" or template == "xlsx"
    assert forbidden_in(text) == [], forbidden_in(text)
