"""The command line starts quickly: a command imports only what it uses.

Checked on what is loaded (sys.modules in a fresh interpreter), not on time: the time is
in BENCHMARKS.md."""

from __future__ import annotations

import argparse
import importlib
import json
import subprocess
import sys

from readiness.cli import COMMAND_MODULES, COMMANDS

HEAVY = ("streamlit", "plotly", "matplotlib", "reportlab", "pandas", "numpy", "openpyxl", "docx", "alembic")
ORM = ("sqlalchemy", "pydantic", "psycopg")  # readiness orgs on SQLite needs none of them either

PROBE = """
import json, sys
from readiness.cli import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "loaded": sorted(m for m in sys.modules if m.split(".")[0] in %r),
                  "orm": sorted({m.split(".")[0] for m in sys.modules} & set(%r)),
                  "checklist": "readiness.checklist" in sys.modules}))
""" % (HEAVY, ORM)


def run_cli(*args: str, env: dict) -> tuple[dict, str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, env=env, timeout=120, check=True
    )
    *lines, last = done.stdout.strip().splitlines()
    return json.loads(last), "\n".join(lines)


def test_orgs_loads_no_heavy_module_no_orm_and_no_checklist(tmp_path, monkeypatch):
    import os

    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}"}
    env.pop("VOORDEURCHECK_MODE", None)
    first, _ = run_cli("init-db", env=env)  # an empty database: this one runs the migrations
    assert first["code"] == 0 and "alembic" in first["loaded"]
    result, out = run_cli("seed-demo", env=env)
    assert result["code"] == 0

    result, out = run_cli("orgs", env=env)
    assert result["code"] == 0
    assert len(out.splitlines()) >= 3 and all(len(line.split("\t")) == 4 for line in out.splitlines())
    assert result["loaded"] == [], f"readiness orgs loaded {result['loaded']}"
    assert result["checklist"] is False
    # on a SQLite file at the newest schema it reads with the bare sqlite3 driver
    assert result["orm"] == [], f"readiness orgs on SQLite loaded {result['orm']}"


def test_commands_table_matches_what_the_modules_register():
    registered = {}
    for name in COMMAND_MODULES:
        sub = argparse.ArgumentParser().add_subparsers()
        importlib.import_module(name).register(sub)
        registered.update(dict.fromkeys(sub.choices, name))
    assert registered == COMMANDS
