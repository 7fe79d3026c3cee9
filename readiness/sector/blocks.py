"""The words and the block model of a sector report, shared by the PDF, the DOCX and the
Denktank page (pure: no file format here).

:func:`blocks` gives the report's content as headings, paragraphs and tables, so the
PDF (:mod:`readiness.sector.report_pdf`) and the DOCX (:mod:`readiness.sector.report_docx`)
say the same in the same words. Every figure is written with its 95% margin.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from readiness.formatting import display_score, format_delta
from readiness.provenance import CLASSIFICATION_NOTE
from readiness.sector import rules

# --------------------------------------------------------------------------- wording


def fmt_number(value: float | None) -> str:
    """A published number as people see it (whole; halves rounded up, as every score)."""
    if value is None:
        return "–"
    return str(display_score(value)) if 0 <= value <= 100 else f"{value:.0f}"


def fmt_decimal(value: float, places: int = 2) -> str:
    """Dutch notation: a decimal comma."""
    return f"{value:.{places}f}".replace(".", ",")


def with_margin(value: float | None, margin: float | None, unit: str = "") -> str:
    """'63 ± 4' (or '63% ± 4'); the margin is left out when unknown."""
    if value is None:
        return "–"
    text = f"{fmt_number(value)}{unit}"
    return text if margin is None else f"{text} ± {fmt_number(margin)}"


def middle_half(score: dict[str, Any] | None) -> str:
    """", middelste helft 55 ± 6 tot 71 ± 5" after a median, or nothing without quartiles."""
    if not score or score.get("q1") is None or score.get("q3") is None:
        return ""
    return f", middelste helft {with_margin(score['q1'], score.get('q1_margin'))} tot {with_margin(score['q3'], score.get('q3_margin'))}"


def compare_line(row: dict[str, Any]) -> str:
    """One row of :func:`readiness.sector.publications.compare` as a list line. The
    difference is that of the figures as shown, so "62 → 64 (+2)" always adds up."""
    earlier, now = row["eerder"], row["nu"]
    difference = (
        "" if earlier is None or now is None else f" ({format_delta(int(fmt_number(now)) - int(fmt_number(earlier)))})"
    )
    return f"- **{row['wat']}**: {fmt_number(earlier)} → {fmt_number(now)}{difference}"


def ready_share(phases: list[dict[str, Any]], floor: float = 10) -> tuple[int, int, str] | None:
    """Share of corporations at least in phase 3, its margin (the cells' noise adds up
    as a sum of independent noise), and that phase's name; None when that margin is
    wider than the floor of a share (then the sentence is left out)."""
    ready = [p for p in phases if p["level"] >= 3]
    if not ready:
        return None
    margin = math.ceil(ready[0]["share_margin"] * math.sqrt(len(ready)))
    return None if margin > floor else (sum(p["share"] for p in ready), margin, ready[0]["name"])


def summary_sentences(figures: dict[str, Any]) -> list[str]:
    sector = figures["sector"]
    if sector["status"] == rules.TOO_FEW:
        return [sector["reason"]]
    out = ["Let op: dit is een publicatie van fictieve demo-corporaties."] if figures["demo_data"] else []
    out.append(
        f"Deze publicatie beschrijft {with_margin(sector['n_corporations'], sector['n_margin'])} corporaties "
        f"({figures['selection']['label'].lower()}, peildatum {figures['reference_date']})."
    )
    overall = sector["overall"]
    if overall:
        out.append(
            f"De mediaan van de totaalscore is {with_margin(overall['median'], overall['margin'])} van de 100"
            + (middle_half(overall).replace(", middelste helft", "; de middelste helft scoort van") + "."
               if overall.get("q1") is not None else ".")
        )  # fmt: skip
    ready = ready_share(sector["phases"] or [], figures["parameters"].get("floors", {}).get("share_points", 10))
    if ready:
        share, margin, name = ready
        out.append(f"Ongeveer {share}% ± {margin} van de corporaties is minstens in de fase '{name}'.")
    if sector["most_missed"]:
        item_id = sector["most_missed"][0]
        first, share = figures["items"][item_id], sector["items"][item_id]
        out.append(
            f"Het minst vaak op streefniveau: vraag {first['number']}, '{first['question'].rstrip('.')}' "
            f"({with_margin(share['share_at_target'], share['margin'], '%')})."
        )
    out += sector.get("withheld", [])
    out.append("Alle cijfers zijn met bewuste ruis gepubliceerd; de marge (±) staat bij elk cijfer.")
    return [s for s in out if s]


def guarantee_sentences(params: dict[str, Any]) -> list[str]:
    """ρ and ε of both cases, in Dutch notation, with one sentence of meaning. A
    publication made before both figures were stored (schema version 1) states the
    record-change ρ (4ρ, OpenDP's map at distance 2 for these mechanisms) without its ε."""
    delta = params["delta"]
    delta_text = "één op de miljoen" if delta == 1e-6 else fmt_decimal(delta, 8).rstrip("0")
    change_rho = params.get("rho_record_change", 4 * params["rho"])
    change_eps = params.get("epsilon_record_change")
    change = f"ρ = {fmt_decimal(change_rho)}" + ("" if change_eps is None else f" (ε = {fmt_decimal(change_eps, 1)})")
    return [
        f"Differentiële privacy (OpenDP). Meedoen of niet meedoen van één corporatie: ρ = {fmt_decimal(params['rho'])} "
        f"(omgerekend ε = {fmt_decimal(params['epsilon'], 1)} bij δ = {delta_text}). Een verandering in de gegevens "
        f"van één corporatie: {change}. Beide getallen komen uit de eigen rekenregels van OpenDP.",
        "Wat dat betekent: hoe kleiner ρ en ε, hoe minder deze publicatie verandert door wat één corporatie invult; "
        "wie publicaties vergelijkt, leert over één corporatie hooguit zoveel als deze getallen toelaten.",
    ]


def method_sentences(figures: dict[str, Any]) -> list[str]:
    params = figures["parameters"]
    k, m = params["k"], params["small_group_minimum"]
    floors = params.get("floors", {})
    return [
        "Deze publicatie is eenmalig berekend uit de afgeronde metingen op de peildatum (per corporatie de "
        "laatste) en daarna niet meer veranderd. Er staan geen namen of nummers van corporaties in, en geen "
        "exact aantal corporaties: ook het aantal heeft een marge.",
        *guarantee_sentences(params),
        "De marge (± ...) geeft aan hoeveel een cijfer met 95% zekerheid van het echte getal afwijkt. De aantallen "
        "per fase zijn zo bijgesteld dat ze optellen tot het getoonde totaal, en de aandelen tot 100%; dat kost "
        "geen privacy.",
        f"Een cijfer staat er alleen als zijn marge binnen de grens blijft: ± {fmt_number(floors.get('share_points', 10))} "
        f"procentpunten voor een aandeel, ± {fmt_number(floors.get('score_points', 10))} punten voor een mediaan of "
        f"kwartiel, en een kwart van het aantal voor een aantal. Bij een kleine sector worden daarom minder cijfers "
        "gepubliceerd, zodat de andere nauwkeuriger zijn.",
        f"Minimale groep k = {k}: een groep met minder corporaties wordt niet getoond. Onder {m} corporaties "
        "(2k, en minstens 8) alleen het aantal en de mediaan.",
        f"Een nieuwe publicatie kan pas als sinds elke eerdere publicatie bij minstens {m} corporaties de "
        "gebruikte gegevens veranderd zijn, of zij nieuw meedoen of niet meer meedoen. Het privacybudget geldt "
        "voor elke periode van 365 dagen.",
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


ITEM_HEADER = ("Nr.", "Omschrijving", "Op streefniveau", "Onder", "Weet het niet")
ITEM_WIDTHS = (0.06, 0.44, 0.19, 0.15, 0.16)
ITEM_NOTE = (
    "Per vraag tellen de drie aandelen op tot 100%: alleen corporaties met een score of 'weet het niet' op die "
    "vraag tellen mee. De marge (±) geldt voor elk van de drie aandelen."
)


def _item_row(figures: dict[str, Any], item_id: str) -> tuple[str, ...]:
    item, share = figures["items"][item_id], figures["sector"]["items"][item_id]
    return (
        str(item["number"]), item["question"],
        *(with_margin(share[key], share["margin"], "%") for key in ("share_at_target", "share_below", "share_dont_know")),
    )  # fmt: skip


def score_rows(figures: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    sector = figures["sector"]
    rows = [("Totaalscore", sector["overall"])]
    rows += [(title, sector["sections"][sid]) for sid, title in figures["sections"].items() if sector["sections"].get(sid)]
    return [(name, s) for name, s in rows if s]


def blocks(figures: dict[str, Any]) -> list[Block]:
    """The report's content, shared by the PDF and the DOCX."""
    sector = figures["sector"]
    out = [Block("h1", text="Samenvatting")]
    out += [Block("p", text=s) for s in summary_sentences(figures)]
    if sector["phases"]:
        out.append(Block("h2", text="Hoeveel corporaties zitten in welke fase?"))
        rows = [
            (f"{p['level']}. {p['name']}", with_margin(p["count"], p["margin"]), with_margin(p["share"], p["share_margin"], "%"))
            for p in sector["phases"]
        ]  # fmt: skip
        rows.append(("Totaal", with_margin(sector["n_corporations"], sector["n_margin"]), "100%"))
        out.append(Block("table", header=("Fase", "Corporaties", "Aandeel"), rows=tuple(rows), widths=(0.5, 0.25, 0.25)))
    if sector["overall"]:
        out.append(Block("h2", text="Scores per onderdeel (0-100)"))
        rows = [
            (name, with_margin(s["q1"], s.get("q1_margin")), with_margin(s["median"], s["margin"]), with_margin(s["q3"], s.get("q3_margin")))
            for name, s in score_rows(figures)
        ]  # fmt: skip
        out.append(Block("table", header=("Onderdeel", "Q1", "Mediaan", "Q3"), rows=tuple(rows), widths=(0.46, 0.18, 0.18, 0.18)))
        if any(s.get("q1") is not None for _, s in score_rows(figures)):
            out.append(Block("small", text=figures["explanations"]["quartiles"]))
    if sector["most_missed"]:
        out.append(Block("h2", text="Wat de sector het minst vaak op streefniveau heeft"))
        rows = [_item_row(figures, item_id) for item_id in sector["most_missed"]]
        out.append(Block("table", header=ITEM_HEADER, rows=tuple(rows), widths=ITEM_WIDTHS))
        out.append(Block("small", text="De volgorde is die van de gepubliceerde aandelen; binnen de marge kan die anders zijn."))
    if sector["items"]:
        out.append(Block("h2", text="Alle vragen"))
        rows = [_item_row(figures, item_id) for item_id in figures["items"] if item_id in sector["items"]]
        out.append(Block("table", header=ITEM_HEADER, rows=tuple(rows), widths=ITEM_WIDTHS))
        out.append(Block("small", text=ITEM_NOTE))
    for by, title in (("size_class", "Per grootteklasse"), ("region", "Per regio")):
        table = figures["segments"][by]
        out.append(Block("h2", text=title))
        if not table["available"]:
            out.append(Block("p", text=table["reason"]))
            continue
        rows = []
        for row in table["rows"]:
            phases = "; ".join(f"{p['name']}: {with_margin(p['count'], p['margin'])}" for p in row["phases"] or [])
            rows.append((row["label"], with_margin(row["n_corporations"], row["n_margin"]), phases or "alleen het aantal"))
        out.append(Block("table", header=("Groep", "Corporaties", "Per fase"), rows=tuple(rows), widths=(0.3, 0.18, 0.52)))
        if table["withheld"]:
            out.append(Block("small", text=f"Niet getoond: {', '.join(w['label'] for w in table['withheld'])}. " + table["withheld"][0]["reason"]))
    out.append(Block("h1", text="Methode en privacy"))
    out += [Block("p", text=s) for s in method_sentences(figures)]
    return out
