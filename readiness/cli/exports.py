"""export, import: reports and data files on the command line.

    readiness export ORG_SLUG --format pdf|docx|xlsx|csv|json [--round LABEL] [--out DIR]
    readiness export --all --format pdf [--out DIR] [--jobs N]
    readiness import FILE --org ORG_SLUG
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from readiness.models import NotFoundError
from readiness.services import open_app
from readiness.services.reports import (
    FORMATS,
    ImportRejected,
    export_all,
    export_round,
    import_file,
    prepare_export_all,
)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "export",
        help="maak een rapport (pdf, docx) of gegevensbestand (xlsx, csv, json) van een corporatie",
        description=(
            "pdf en docx: het rapport van één meting (standaard de laatste definitieve; een concept "
            "alleen als u het met --round noemt). xlsx, csv en json: de "
            "gegevens van alle metingen (of van de meting die u met --round noemt). Bestanden komen "
            "in reports/<korte naam>/, tenzij u --out opgeeft."
        ),
    )
    p.add_argument("org", nargs="?", metavar="ORG_SLUG", help="korte naam van de corporatie (zie: readiness orgs)")
    p.add_argument("--format", "-f", required=True, choices=FORMATS, help="bestandsformaat")
    p.add_argument("--round", dest="round_label", metavar="LABEL", help="naam van de meting, bijv. 'Nulmeting 2026'")
    p.add_argument("--out", type=Path, metavar="DIR", help="map voor het bestand")
    p.add_argument("--all", action="store_true", help="alle corporaties (elk in een eigen map)")
    p.add_argument(
        "--jobs", "-j", type=_jobs, metavar="N",
        help="met --all: aantal processen tegelijk (standaard en hoogstens het aantal processorkernen)",
    )  # fmt: skip
    p.set_defaults(handler=lambda args, parser=p: cmd_export(args, parser))

    p = sub.add_parser(
        "import",
        help="lees antwoorden (csv/xlsx-sjabloon) of een json-export in",
        description=(
            "CSV of XLSX: antwoorden in het formaat van het sjabloon (kolommen ronde, datum, rol, respondent, "
            "item, antwoord, toelichting) voor een bestaande corporatie. JSON: een export van Voordeurcheck, in "
            "een lege of nieuwe corporatie. Bij één fout wordt niets ingelezen."
        ),
    )
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--org", required=True, metavar="ORG_SLUG", help="korte naam van de corporatie")
    p.set_defaults(handler=cmd_import)


def _jobs(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is geen geldig aantal processen; geef een heel getal van 1 of meer")
    return int(text)


def _not_found(exc: NotFoundError) -> int:
    # readiness.cli.main only turns ValueError/LookupError into a message; NotFoundError is neither.
    print(f"Fout: {exc}", file=sys.stderr)
    return 2


def cmd_export(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if args.all and args.org:
        parser.error("geef óf een corporatie óf --all, niet allebei")
    if not args.all and not args.org:
        parser.error("geef de korte naam van een corporatie, of --all voor alle corporaties")
    if args.all and args.round_label:
        parser.error("--round kan niet samen met --all: metingen hebben per corporatie een eigen naam")
    if args.jobs and not args.all:
        parser.error("--jobs hoort bij --all: één corporatie wordt in één proces geëxporteerd")
    if args.all:
        prepare_export_all(args.jobs)  # the workers' fork server loads while the database is opened
    app = open_app()
    if not args.all:
        try:
            path = export_round(app, args.org, args.format, args.round_label, args.out)
        except NotFoundError as exc:
            return _not_found(exc)
        print(path)
        return 0

    from tqdm import tqdm

    bar = None

    def progress(done: int, total: int, slug: str) -> None:
        nonlocal bar
        if bar is None:
            bar = tqdm(total=total, unit="corporatie", desc=f"Export {args.format}", file=sys.stderr)
        bar.set_postfix_str(slug, refresh=False)
        bar.update(1)

    try:
        result = export_all(app, args.format, progress, args.out, workers=args.jobs)
    finally:
        if bar is not None:
            bar.close()
    for path in result.written:
        print(path)
    if result.skipped:
        print(
            f"Overgeslagen (nog geen definitieve meting): {', '.join(result.skipped)}",
            file=sys.stderr,
        )
    if result.failed:
        n = len(result.failed)
        print(
            f"Fout: {n} {'corporatie is' if n == 1 else 'corporaties zijn'} niet geëxporteerd "
            f"(de andere wel):",
            file=sys.stderr,
        )
        for slug, reason in result.failed:
            print(f"  - {slug}: {reason}", file=sys.stderr)
        return 1
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    app = open_app()
    try:
        summary = import_file(app, args.file, args.org, actor="cli")
    except NotFoundError as exc:
        return _not_found(exc)
    except ImportRejected as exc:
        n = len(exc.problems)
        print(
            f"Fout: {args.file.name} is niet ingelezen en er is niets veranderd "
            f"({n} {'probleem' if n == 1 else 'problemen'}):",
            file=sys.stderr,
        )
        for problem in exc.problems:  # all of them, not just the first 50
            print(f"  - {problem}", file=sys.stderr)
        return 2
    print(summary.describe())
    return 0
