"""The layering rules of design.md, made checkable."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "readiness"
FRAMEWORKS = ("streamlit", "sqlalchemy", "pandas", "plotly")
DOMAIN = [
    "readiness.scoring",
    "readiness.planning",
    "readiness.sector.rules",
    "readiness.sector.publications",
    "readiness.sector.plan",
    "readiness.sector.blocks",
    "readiness.privacy",
    "readiness.models",
    "readiness.access",
    "readiness.consensus",
    "readiness.glossary",
    "readiness.provenance",
]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("module", DOMAIN)
def test_domain_modules_load_no_framework_even_indirectly(module):
    """Importing a domain module in a clean interpreter pulls in no framework at all."""
    code = (
        f"import sys, {module}; "
        f"print(','.join(m for m in {FRAMEWORKS!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "", f"{module} loads {out.stdout.strip()}"


def test_only_the_ui_imports_streamlit():
    offenders = [
        str(p.relative_to(ROOT))
        for p in PACKAGE.rglob("*.py")
        if "ui" not in p.relative_to(PACKAGE).parts[:1]
        and any(m.split(".")[0] == "streamlit" for m in imported_modules(p))
    ]
    assert offenders == []


def test_ui_never_touches_the_database_layer():
    files = list((PACKAGE / "ui").rglob("*.py")) + [ROOT / "app.py"]
    offenders = [
        str(p.relative_to(ROOT))
        for p in files
        if any(m.split(".")[0] == "sqlalchemy" or m.startswith("readiness.store") for m in imported_modules(p))
    ]
    assert offenders == []


def test_only_the_mechanisms_module_imports_opendp():
    """OpenDP noise comes from one place; rules and publications stay pure."""
    offenders = [
        str(p.relative_to(ROOT))
        for p in PACKAGE.rglob("*.py")
        if p != PACKAGE / "sector" / "mechanisms.py"
        and any(m.split(".")[0] == "opendp" for m in imported_modules(p))
    ]
    assert offenders == []


@pytest.mark.parametrize("module", ["readiness.sector.rules", "readiness.sector.publications", "readiness.sector.plan"])
def test_sector_rules_and_publications_load_no_opendp(module):
    code = f"import sys, {module}; print('opendp' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "False"


def test_import_linter_contracts_hold():
    """The contracts in pyproject.toml ([tool.importlinter]), checked by import-linter."""
    lint = Path(sys.executable).with_name("lint-imports")
    out = subprocess.run([str(lint), "--no-cache"], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stdout + out.stderr


def test_the_checker_itself_catches_a_forbidden_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("import pandas as pd\nfrom plotly import graph_objects\n")
    assert {"pandas", "plotly"} <= imported_modules(bad)


def test_the_sector_package_has_no_import_loop():
    """Imports anywhere in a module (also inside functions) form no cycle within
    readiness.sector: the report writers take the block model from sector.blocks, not
    from sector.report, which imports them (issue 21)."""
    modules = {f"readiness.sector.{p.stem}": p for p in (PACKAGE / "sector").glob("*.py") if p.stem != "__init__"}
    graph = {name: {m for m in imported_modules(path) if m in modules} for name, path in modules.items()}

    def reaches(start: str, target: str, seen: set[str]) -> bool:
        for nxt in graph[start]:
            if nxt == target or (nxt not in seen and reaches(nxt, target, seen | {nxt})):
                return True
        return False

    assert [name for name in graph if reaches(name, name, {name})] == []
