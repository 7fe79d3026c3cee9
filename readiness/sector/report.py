"""A stored publication as a report (PDF, DOCX) and as open data (CSV, XLSX).

Every writer reads the stored figures only (the JSON of a publication), never the
database. The PDF and DOCX share one list of blocks (:func:`blocks`: headings,
paragraphs, tables), so both say the same in the same words; their look follows the
corporation report (:mod:`readiness.export.pdf` and :mod:`readiness.export.docx`).
The open-data JSON is the stored text itself (see the services layer); its schema is
``docs/sector-publication.schema.json``.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from readiness.formatting import format_delta
from readiness.provenance import CLASSIFICATION_NOTE
from readiness.sector import rules

CSV_COLUMNS = ("tabel", "groep", "onderdeel", "statistiek", "waarde", "marge", "toelichting")


# --------------------------------------------------------------------------- wording


def fmt_number(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.0f}"


def middle_half(q1: float | None, q3: float | None) -> str:
    """", middelste helft 55–71" after a median, or nothing when a quartile is not published."""
    return "" if q1 is None or q3 is None else f", middelste helft {fmt_number(q1)}–{fmt_number(q3)}"


def compare_line(row: dict[str, Any]) -> str:
    """One row of :func:`readiness.sector.publications.compare` as a list line. The
    difference is that of the figures as shown, so "62 → 64 (+2)" always adds up (the
    unrounded difference of 62.4 and 63.6 would say +1)."""
    earlier, now = row["eerder"], row["nu"]
    difference = "" if earlier is None or now is None else f" ({format_delta(round(now) - round(earlier))})"
    return f"- **{row['wat']}**: {fmt_number(earlier)} → {fmt_number(now)}{difference}"


def with_margin(value: float | None, margin: float | None, unit: str = "") -> str:
    """'63 ± 4' (or '63% ± 4'); the margin is left out when unknown."""
    if value is None:
        return "–"
    text = f"{fmt_number(value)}{unit}"
    return text if margin is None else f"{text} ± {fmt_number(margin)}"


def summary_sentences(figures: dict[str, Any]) -> list[str]:
    sector = figures["sector"]
    params = figures["parameters"]
    if sector["status"] == rules.TOO_FEW:
        return [sector["reason"]]
    out = ["Let op: dit is een publicatie van fictieve demo-corporaties."] if figures["demo_data"] else []
    out += [
        f"Deze publicatie beschrijft {with_margin(sector['n_corporations'], sector['n_margin'])} corporaties "
        f"({figures['selection']['label'].lower()}, peildatum {figures['reference_date']})."
    ]
    overall = sector["overall"]
    if overall:
        out.append(
            f"De mediaan van de totaalscore is {with_margin(overall['median'], overall['margin'])} van de 100"
            + (f"; de middelste helft scoort tussen {fmt_number(overall['q1'])} en {fmt_number(overall['q3'])}." if overall["q1"] is not None else ".")
        )
    if sector["phases"]:
        ready = [p for p in sector["phases"] if p["level"] >= 3]
        share = sum(p["share"] or 0 for p in ready)
        out.append(
            f"Ongeveer {fmt_number(share)}% van de corporaties is minstens in de fase "
            f"'{ready[0]['name']}' (zie de verdeling over fasen)." if ready else ""
        )
    if sector["most_missed"]:
        first = figures["items"][sector["most_missed"][0]]
        out.append(f"Het vaakst gemist: vraag {first['number']}, '{first['question'].rstrip('.')}'.")
    if sector["status"] == rules.MEDIAN_ONLY:
        out.append(sector["reason"])
    out.append(
        f"Alle cijfers zijn met ruis gepubliceerd (privacybudget ρ = {params['rho']:.2f}, "
        f"ε = {params['epsilon']:.1f} bij δ = {params['delta']:g}) en groepen kleiner dan k = {params['k']} "
        "worden niet getoond."
    )
    return [s for s in out if s]


def method_sentences(figures: dict[str, Any]) -> list[str]:
    params = figures["parameters"]
    k, m = params["k"], params["small_group_minimum"]
    return [
        "Deze publicatie is eenmalig berekend uit de afgeronde metingen op de peildatum (per corporatie de "
        "laatste) en daarna niet meer veranderd. Er staan geen namen of nummers van corporaties in.",
        f"Minimale groep k = {k}: een groep met minder corporaties wordt niet getoond. Onder {m} corporaties "
        "(2k, en minstens 8) alleen het aantal en de mediaan.",
        f"Differentiële privacy (OpenDP): elk getal krijgt toevallige ruis, samen binnen een privacybudget van "
        f"ρ = {params['rho']:.2f} per publicatie (zero-concentrated DP; omgerekend ε = {params['epsilon']:.1f} "
        f"bij δ = {params['delta']:g}). Wie twee publicaties van elkaar aftrekt, leert over één corporatie "
        "daardoor hooguit wat dat budget toelaat. De marge (± ...) geeft aan hoeveel een cijfer met 95% "
        "zekerheid van het echte getal afwijkt.",
        f"Een nieuwe publicatie kan pas als sinds elke eerdere publicatie minstens {m} corporaties een nieuwe "
        "afgeronde meting hebben, nieuw meedoen of niet meer meedoen.",
        "Niet te voorkomen door welke samenvatting ook: k-1 corporaties die samenspannen, of een corporatie die "
        "tussen twee publicaties met bewust gekozen scores meet om anderen te peilen.",
        f"Checklistversie {figures['checklist_version']}; streefniveau {fmt_number(params['target_pct'])} van de 100. "
        "Een corporatie telt bij een vraag als 'weet het niet' als minstens 30% van haar invullers "
        "'weet ik niet' antwoordde. " + CLASSIFICATION_NOTE,
    ]


# --------------------------------------------------------------------------- blocks


@dataclass(frozen=True)
class Block:
    kind: str  # "h1", "h2", "p", "small", "table"
    text: str = ""
    header: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    widths: tuple[float, ...] = ()  # fractions of the text width


def blocks(figures: dict[str, Any]) -> list[Block]:
    """The report's content, shared by the PDF and the DOCX."""
    sector = figures["sector"]
    out = [Block("h1", text="Samenvatting")]
    out += [Block("p", text=s) for s in summary_sentences(figures)]
    if sector["phases"]:
        out.append(Block("h2", text="Hoeveel corporaties zitten in welke fase?"))
        out.append(Block(
            "table", header=("Fase", "Corporaties", "Aandeel"),
            rows=tuple(
                (f"{p['level']}. {p['name']}", with_margin(p["count"], p["margin"]), with_margin(p["share"], p["share_margin"], "%"))
                for p in sector["phases"]
            ),
            widths=(0.5, 0.25, 0.25),
        ))  # fmt: skip
    if sector["overall"]:
        out.append(Block("h2", text="Scores per onderdeel (0-100)"))
        rows = [("Totaalscore", fmt_number(sector["overall"]["q1"]), with_margin(sector["overall"]["median"], sector["overall"]["margin"]), fmt_number(sector["overall"]["q3"]))]
        for sid, title in figures["sections"].items():
            s = sector["sections"].get(sid)
            if s:
                rows.append((title, fmt_number(s["q1"]), with_margin(s["median"], s["margin"]), fmt_number(s["q3"])))
        out.append(Block("table", header=("Onderdeel", "Q1", "Mediaan", "Q3"), rows=tuple(rows), widths=(0.52, 0.16, 0.16, 0.16)))
        out.append(Block("small", text=figures["explanations"]["quartiles"]))
    if sector["most_missed"]:
        out.append(Block("h2", text="Wat de sector het vaakst mist"))
        rows = []
        for item_id in sector["most_missed"]:
            item, share = figures["items"][item_id], sector["items"][item_id]
            rows.append((str(item["number"]), item["question"], with_margin(share["share_at_target"], share["margin"], "%"), with_margin(share["share_dont_know"], share["margin"], "%")))
        out.append(Block("table", header=("Vraag", "Omschrijving", "Op streefniveau", "Weet het niet"), rows=tuple(rows), widths=(0.08, 0.58, 0.17, 0.17)))
    if sector["items"]:
        out.append(Block("h2", text="Alle vragen"))
        rows = []
        for item_id, item in figures["items"].items():
            share = sector["items"].get(item_id)
            if share:
                rows.append((str(item["number"]), item["question"], with_margin(share["share_at_target"], share["margin"], "%"), with_margin(share["share_dont_know"], share["margin"], "%")))
        out.append(Block("table", header=("Vraag", "Omschrijving", "Op streefniveau", "Weet het niet"), rows=tuple(rows), widths=(0.08, 0.58, 0.17, 0.17)))
    for by, title in (("size_class", "Per grootteklasse"), ("region", "Per regio")):
        table = figures["segments"][by]
        out.append(Block("h2", text=title))
        if not table["available"]:
            out.append(Block("p", text=table["reason"]))
            continue
        rows = []
        for row in table["rows"]:
            phases = "; ".join(f"{p['name']}: {fmt_number(p['count'])}" for p in row["phases"] or []) or "alleen het aantal (kleine groep)"
            rows.append((row["label"], with_margin(row["n_corporations"], row["n_margin"]), phases))
        out.append(Block("table", header=("Groep", "Corporaties", "Per fase"), rows=tuple(rows), widths=(0.3, 0.18, 0.52)))
        if table["withheld"]:
            out.append(Block("small", text=f"Niet getoond: {', '.join(w['label'] for w in table['withheld'])}. " + table["withheld"][0]["reason"]))
    out.append(Block("h1", text="Methode en privacy"))
    out += [Block("p", text=s) for s in method_sentences(figures)]
    return out


# --------------------------------------------------------------------------- open data


def export_rows(figures: dict[str, Any]) -> list[dict[str, Any]]:
    """Long format: one published number per row (CSV and Excel)."""
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
        add("fase", group, f"{p['level']}. {p['name']}", "aantal corporaties", p["count"], p["margin"])
        add("fase", group, f"{p['level']}. {p['name']}", "% corporaties", p["share"], p["share_margin"])
    scores = [("Totaalscore", sector["overall"])] + [
        (title, sector["sections"].get(sid)) for sid, title in figures["sections"].items()
    ]
    for part, s in scores:
        if not s:
            continue
        for stat in ("q1", "median", "q3"):
            if s[stat] is None:
                add("scores", group, part, stat, "", "", sector["reason"] or "")
            else:
                add("scores", group, part, stat, s[stat], s["margin"] if stat == "median" else "")
    for item_id, share in sector["items"].items():
        item = figures["items"][item_id]
        part = f"{item['number']}. {item['question']}"
        add("vragen", group, part, "% op streefniveau", share["share_at_target"], share["margin"])
        add("vragen", group, part, "% onder streefniveau", share["share_below"], share["margin"])
        add("vragen", group, part, "% weet het niet", share["share_dont_know"], share["margin"])
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
        ("Minimale groepsgrootte (k)", params["k"]),
        ("Kleine groep: alleen mediaan onder", params["small_group_minimum"]),
        ("Privacybudget ρ", params["rho"]),
        ("ε (bij δ)", f"{params['epsilon']} (δ = {params['delta']:g})"),
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
        from readiness.sector.report_pdf import build_pdf

        return build_pdf(figures, blocks(figures))
    if fmt == "docx":
        from readiness.sector.report_docx import build_docx

        return build_docx(figures, blocks(figures))
    raise ValueError(f"Onbekend formaat {fmt!r}: kies csv, xlsx, pdf of docx.")
