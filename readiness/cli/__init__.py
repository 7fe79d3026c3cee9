"""Command line: `readiness <command>`. Every command calls the services layer.

Each area registers its subcommands in its own module; COMMANDS says which module holds
which command. To start quickly, only the module of the command being run is imported
(`readiness orgs` loads neither the report writers nor openpyxl, pandas or Streamlit);
`readiness --help` and an unknown command load them all. A new command adds its name
here; ``tests/unit/test_cli_startup.py`` checks that this table and the modules agree.
"""

from __future__ import annotations

import argparse
import importlib
import sys

COMMANDS = {
    "init-db": "readiness.cli.basics",
    "seed-demo": "readiness.cli.basics",
    "orgs": "readiness.cli.basics",
    "export": "readiness.cli.exports",
    "import": "readiness.cli.exports",
    "sector": "readiness.cli.sector",
    "publish": "readiness.cli.sector",
    "publications": "readiness.cli.sector",
    "seed-synthetic": "readiness.cli.synthetic",
    "users": "readiness.cli.accounts",
    "invite": "readiness.cli.accounts",
    "rounds": "readiness.cli.rounds",
    "remind": "readiness.cli.rounds",
    "closing-date": "readiness.cli.rounds",
    "mail-key": "readiness.cli.rounds",
}
COMMAND_MODULES = list(dict.fromkeys(COMMANDS.values()))


def _modules_for(argv: list[str]) -> list[str]:
    """The modules to load for this command line: the command's own, or all of them."""
    first = next((arg for arg in argv if not arg.startswith("-")), None)
    if first in COMMANDS and not any(arg in ("-h", "--help") for arg in argv[: argv.index(first)]):
        return [COMMANDS[first]]
    return COMMAND_MODULES


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser; with ``argv`` only the module of the command named in it registers."""
    parser = argparse.ArgumentParser(
        prog="readiness",
        description="Voordeurcheck: zelfevaluatie 'Signaleren achter de voordeur' voor woningcorporaties.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES if argv is None else _modules_for(argv):
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(argv).parse_args(argv)
    try:
        code = int(args.handler(args) or 0)
        sys.stdout.flush()  # inside the try: a closed pipe is reported here, not at exit
        return code
    except (ValueError, LookupError) as exc:  # user errors: Dutch message, no traceback
        print(f"Fout: {_printable(_dutch(exc))}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # "readiness orgs | head": the reader has all it wanted
        _quiet_stdout()
        return 1
    except RecursionError:
        print("Fout: de invoer is te diep genest om te verwerken; er is niets veranderd.", file=sys.stderr)
        return 2
    except MemoryError:
        print("Fout: er was te weinig geheugen om dit te verwerken; er is niets veranderd.", file=sys.stderr)
        return 2


def _dutch(exc: Exception) -> str:
    """The message of a refusal; pydantic's own (English) validation text is translated."""
    if type(exc).__name__ == "ValidationError" and hasattr(exc, "errors") and hasattr(exc, "title"):
        from readiness.export.importing.document import dutch_validation_errors

        return f"ongeldige invoer: {dutch_validation_errors(exc)}"
    return str(exc)


def _printable(message: str) -> str:
    """A message that may quote the user's input, with control characters (an ESC that
    would steer the terminal, a NUL) shown as U+FFFD; line breaks and tabs stay."""
    return "".join("\ufffd" if (ord(c) < 32 and c not in "\t\n") or 127 <= ord(c) < 160 else c for c in message)


def _quiet_stdout() -> None:
    """Point stdout at /dev/null, so Python's flush at exit does not report the closed pipe."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    sys.exit(main())
