"""A stored publication as a report (PDF, DOCX) and as open data (CSV, XLSX).

Every writer reads the stored figures only (the JSON of a publication), never the
database. The PDF and DOCX share one list of blocks (:mod:`readiness.sector.blocks`:
headings, paragraphs, tables), so both say the same in the same words; their look
follows the corporation report (:mod:`readiness.export.pdf` and :mod:`readiness.export.docx`).
The wording helpers are re-exported here for the page and the charts.
The open-data JSON is the stored text itself (see the services layer); its schema is
``docs/sector-publication.schema.json``.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from readiness.sector import rules
from readiness.sector.blocks import (  # noqa: F401  (re-exported for the page and the charts)
    Block,
    blocks,
    compare_line,
    fmt_decimal,
    fmt_number,
    guarantee_sentences,
    method_sentences,
    middle_half,
    ITEM_NOTE,
    ready_share,
    score_rows,
    summary_sentences,
    with_margin,
)

CSV_COLUMNS = ("tabel", "groep", "onderdeel", "statistiek", "waarde", "marge", "toelichting")



# --------------------------------------------------------------------------- open data


def export_rows(figures: dict[str, Any]) -> list[dict[str, Any]]:
    """Long format: one published number per row, each with its margin (CSV and Excel)."""
    rows: list[dict[str, Any]] = []
    sector = figures["sector"]
    group = figures["selection"]["label"]

    def add(table, grp, part, stat, value, margin, note=""):
        rows.append(dict(zip(CSV_COLUMNS, (table, grp, part, stat, value, margin, note), strict=True)))

    if sector["status"] == rules.TOO_FEW:
        add("sector", group, "", "niet getoond", "", "", sector["reason"])
        return rows
    add("sector", group, "", "aantal corporaties", sector["n_corporations"], sector["n_margin"])
    for p in sector["phases"] or []:
        add("fase", group, f"{p['level']}. {p['name']}", "aantal corporaties", p["count"], p["margin"],
            "de aantallen per fase tellen op tot het aantal corporaties")  # fmt: skip
        add("fase", group, f"{p['level']}. {p['name']}", "% corporaties", p["share"], p["share_margin"])
    for part, s in score_rows(figures):
        for stat, margin in (("q1", "q1_margin"), ("median", "margin"), ("q3", "q3_margin")):
            if s.get(stat) is not None:
                add("scores", group, part, stat, s[stat], s[margin])
    for item_id, share in sector["items"].items():
        item = figures["items"][item_id]
        part = f"{item['number']}. {item['question']}"
        add("vragen", group, part, "% op streefniveau", share["share_at_target"], share["margin"])
        add("vragen", group, part, "% onder streefniveau", share["share_below"], share["margin"])
        add("vragen", group, part, "% weet het niet", share["share_dont_know"], share["margin"])
    for sentence in sector.get("withheld", []):
        add("niet gepubliceerd", group, sentence.split(":")[0], "niet gepubliceerd", "", "", sentence)
    for by, name in (("size_class", "per grootteklasse"), ("region", "per regio")):
        table = figures["segments"][by]
        if not table["available"]:
            add(name, "", "", "niet getoond", "", "", table["reason"])
            continue
        for row in table["rows"]:
            add(name, row["label"], "", "aantal corporaties", row["n_corporations"], row["n_margin"])
            for p in row["phases"] or []:
                add(name, row["label"], f"{p['level']}. {p['name']}", "aantal corporaties", p["count"], p["margin"])
        for w in table["withheld"]:
            add(name, w["label"], "", "niet getoond", "", "", w["reason"])
    return rows


def _csv(figures: dict[str, Any]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(export_rows(figures))
    return buffer.getvalue().encode("utf-8")


def _xlsx(figures: dict[str, Any]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    info = book.active
    info.title = "Toelichting"
    info.append([f"Voordeurcheck: {figures['label']}"])
    info["A1"].font = Font(bold=True, size=13)
    params = figures["parameters"]
    for row in (
        ("Selectie", figures["selection"]["label"]),
        ("Peildatum", figures["reference_date"]),
        ("Gepubliceerd op", figures["created_at"]),
        ("Gepubliceerd door (rol)", figures.get("published_by_role") or "–"),
        ("Minimale groepsgrootte (k)", params["k"]),
        ("Kleine groep: alleen mediaan onder", params["small_group_minimum"]),
        ("Checklistversie", figures["checklist_version"]),
    ):
        info.append(list(row))
    if figures["demo_data"]:
        info.append(["Let op", "Dit zijn fictieve demo-corporaties."])
    info.append([])
    for sentence in method_sentences(figures):
        info.append(["", sentence])
    info.column_dimensions["A"].width = 34
    info.column_dimensions["B"].width = 110
    sheet = book.create_sheet("Cijfers")
    sheet.append(list(CSV_COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in export_rows(figures):
        sheet.append([row[c] for c in CSV_COLUMNS])
    for column, width in zip("ABCDEFG", (18, 30, 60, 22, 10, 10, 80), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def render(figures: dict[str, Any], fmt: str) -> bytes:
    """csv, xlsx, pdf or docx bytes of a publication's figures."""
    if fmt == "csv":
        return _csv(figures)
    if fmt == "xlsx":
        return _xlsx(figures)
    if fmt == "pdf":
        from readiness.sector.report_pdf import build_pdf  # reportlab is loaded only for a PDF

        return build_pdf(figures, blocks(figures))
    if fmt == "docx":
        from readiness.sector.report_docx import build_docx  # python-docx only for a DOCX

        return build_docx(figures, blocks(figures))
    raise ValueError(f"Onbekend formaat {fmt!r}: kies csv, xlsx, pdf of docx.")
