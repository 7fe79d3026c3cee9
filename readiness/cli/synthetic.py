"""`readiness seed-synthetic`: fictional corporations at sector scale, for load tests."""

from __future__ import annotations

import argparse
import sys

from readiness.services import open_app
from readiness.services.synthetic import SyntheticSummary, seed_synthetic


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "seed-synthetic",
        help="vul een lege database met fictieve corporaties (voor belastingtests)",
        description=(
            "Voeg fictieve corporaties toe ('Synthetische corporatie 0001', korte naam synth-0001, ...) "
            "met jaarlijkse metingen, respondenten, antwoorden en verbeteracties, in één transactie. "
            "Bedoeld voor een aparte database (DATABASE_URL): het commando weigert een database met "
            "echte corporaties of met eerdere synthetische gegevens."
        ),
    )
    p.add_argument("--corporations", type=int, default=300, help="aantal corporaties (standaard 300)")
    p.add_argument("--rounds", type=int, default=8, help="metingen per corporatie, één per jaar (standaard 8)")
    p.add_argument("--respondents", type=int, default=6, help="respondenten per meting (standaard 6)")
    p.add_argument("--seed", type=int, default=2018, help="startwaarde van het toeval: zelfde waarde, zelfde gegevens")
    p.set_defaults(handler=cmd_seed_synthetic)


def cmd_seed_synthetic(args: argparse.Namespace) -> int:
    app = open_app()
    total = args.corporations

    def progress(done: int) -> None:
        print(f"  {done} van {total} corporaties klaar", file=sys.stderr, flush=True)

    summary = seed_synthetic(
        app, args.corporations, args.rounds, args.respondents, seed=args.seed, progress=progress
    )
    print(describe(summary))
    return 0


def describe(summary: SyntheticSummary) -> str:
    return (
        f"{summary.corporations} synthetische corporaties toegevoegd: {summary.rounds} metingen, "
        f"{summary.respondents} respondenten, {summary.answers} antwoorden, {summary.actions} verbeteracties "
        f"in {summary.seconds:.1f} s."
    )
