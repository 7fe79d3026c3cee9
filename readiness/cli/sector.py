"""`readiness sector`: the denktank's anonymised sector data as json, csv or xlsx."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from readiness.services import open_app
from readiness.services.sector import EXPORT_FORMATS, sector_export


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "sector",
        help="geanonimiseerde sectorcijfers (alleen groepen van minstens k corporaties)",
        description=(
            "Exporteer de geanonimiseerde sectorvergelijking van de denktank: dezelfde cijfers en "
            "regels als de pagina Denktank. Zonder --year telt per corporatie de laatste afgeronde meting."
        ),
    )
    p.add_argument("--format", choices=EXPORT_FORMATS, default="json", help="uitvoerformaat (standaard json)")
    p.add_argument("--out", type=Path, help="schrijf naar dit bestand in plaats van naar het scherm")
    p.add_argument("--year", type=_year, help="alleen metingen uit dit jaar (JJJJ)")
    p.set_defaults(handler=cmd_sector)


def _year(text: str) -> int:
    if not (len(text) == 4 and text.isdigit()):
        raise argparse.ArgumentTypeError(f"'{text}' is geen jaartal; schrijf het jaar als JJJJ, bijvoorbeeld 2025")
    return int(text)


def cmd_sector(args: argparse.Namespace) -> int:
    app = open_app()
    data = sector_export(app, args.format, args.year)
    if args.out is not None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_bytes(data)
        print(f"Sectorcijfers ({args.format}) geschreven naar {args.out}", file=sys.stderr)
        return 0
    if args.format == "xlsx":
        raise ValueError("Een Excel-bestand kan niet naar het scherm: geef een bestand op met --out.")
    sys.stdout.write(data.decode("utf-8"))
    if not data.endswith(b"\n"):
        sys.stdout.write("\n")
    return 0
