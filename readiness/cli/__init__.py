"""Command line: `readiness <command>`. Every command calls the services layer.

Each area registers its subcommands in its own module (see COMMAND_MODULES), so the
parser stays small and a new area adds one module and one line here.
"""

from __future__ import annotations

import argparse
import importlib
import sys

COMMAND_MODULES = [
    "readiness.cli.basics",
    "readiness.cli.exports",
    "readiness.cli.sector",
    "readiness.cli.synthetic",
    "readiness.cli.accounts",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="readiness",
        description="Voordeurcheck: zelfevaluatie 'Signaleren achter de voordeur' voor woningcorporaties.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except (ValueError, LookupError) as exc:  # user errors: Dutch message, no traceback
        print(f"Fout: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
