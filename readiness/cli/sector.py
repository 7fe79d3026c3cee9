"""`readiness publish`, `readiness publications`, `readiness sector`: the denktank's
sector publications (frozen; see readiness.services.publications)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "publish",
        help="maak een sectorpublicatie (eenmalig berekend, daarna nooit veranderd)",
        description=(
            "Bereken en bewaar een geanonimiseerde sectorpublicatie uit de afgeronde metingen van vandaag. "
            "Geweigerd (met de reden, afsluitcode 2) als te weinig corporaties veranderd zijn sinds een "
            "eerdere publicatie, als het privacybudget van de afgelopen 365 dagen op is, of als er te weinig "
            "corporaties zijn voor betrouwbare cijfers (de reden noemt dan hoeveel er nodig zijn)."
        ),
    )
    p.add_argument("label", help="naam van de publicatie, bijvoorbeeld 'Sectorbeeld 2026'")
    p.add_argument("--year", type=_year, help="alleen metingen uit dit jaar (JJJJ); standaard de laatste per corporatie")
    p.set_defaults(handler=cmd_publish)

    p = sub.add_parser("publications", help="de sectorpublicaties, één per regel, naam eerst")
    p.set_defaults(handler=cmd_publications)

    p = sub.add_parser(
        "sector",
        help="exporteer een sectorpublicatie (json, csv, xlsx, pdf, docx)",
        description="Exporteer een bewaarde sectorpublicatie; zonder --publication de nieuwste.",
    )
    p.add_argument("--publication", help="naam van de publicatie (standaard de nieuwste)")
    p.add_argument("--format", choices=("json", "csv", "xlsx", "pdf", "docx"), default="json", help="uitvoerformaat (standaard json)")
    p.add_argument("--out", type=Path, help="schrijf naar dit bestand in plaats van naar het scherm")
    p.set_defaults(handler=cmd_sector)


def _year(text: str) -> int:
    if not (len(text) == 4 and text.isdigit()):
        raise argparse.ArgumentTypeError(f"'{text}' is geen jaartal; schrijf het jaar als JJJJ, bijvoorbeeld 2025")
    return int(text)


def cmd_publish(args: argparse.Namespace) -> int:
    from readiness.services import open_app
    from readiness.sector.blocks import fmt_decimal
    from readiness.services.publications import publish

    publication = publish(open_app(), args.label, args.year)
    sector = publication.figures["sector"]
    print(
        f"Gepubliceerd: {publication.label} ({publication.selection}, peildatum {publication.reference_date}); "
        f"{sector['n_corporations']} ± {sector['n_margin']} corporaties; ρ = {fmt_decimal(publication.rho)}, "
        f"ε = {fmt_decimal(publication.epsilon, 1)}, k = {publication.k}"
    )
    return 0


def cmd_publications(args: argparse.Namespace) -> int:
    from readiness.services import open_app
    from readiness.sector.blocks import fmt_decimal
    from readiness.services.publications import list_publications

    for p in list_publications(open_app()):
        demo = "\tdemo" if p.demo else ""
        print(f"{p.label}\t{p.selection}\tpeildatum {p.reference_date}\tgepubliceerd {p.created_at:%Y-%m-%d %H:%M} UTC\tρ = {fmt_decimal(p.rho)}{demo}")
    return 0


def cmd_sector(args: argparse.Namespace) -> int:
    from readiness.services import open_app
    from readiness.services.publications import export_publication

    if args.out is None and args.format in ("xlsx", "pdf", "docx"):
        raise ValueError(f"Een {args.format}-bestand kan niet naar het scherm: geef een bestand op met --out.")
    data = export_publication(open_app(), args.format, args.publication)
    if args.out is not None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_bytes(data)
        print(f"Sectorpublicatie ({args.format}) geschreven naar {args.out}", file=sys.stderr)
        return 0
    sys.stdout.write(data.decode("utf-8"))
    if not data.endswith(b"\n"):
        sys.stdout.write("\n")
    return 0
