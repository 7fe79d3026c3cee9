"""No import loops in ``readiness``: every module can be understood without the ones above it.

The graph is grimp's (the library import-linter is built on), module by module, including
imports inside functions (a loop through a lazy import is still a loop) but not those under
``if TYPE_CHECKING:`` (they are never run).
"""

from __future__ import annotations

import grimp
import pytest

# Loops allowed for now: none (the sector report's loop went with sector/blocks.py).
ALLOWED_ELSEWHERE: set[frozenset[str]] = set()


def import_cycles(package: str) -> list[list[str]]:
    """The groups of modules of ``package`` that import each other, directly or through
    others (strongly connected components of more than one module, or a module that
    imports itself), each sorted, the groups sorted."""
    graph = grimp.build_graph(package, cache_dir=None, exclude_type_checking_imports=True)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(module: str) -> None:  # Tarjan's algorithm
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        imported = graph.find_modules_directly_imported_by(module)
        for other in sorted(imported):
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in on_stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1 or module in imported:
                cycles.append(sorted(group))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return sorted(cycles)


def describe(graph_package: str, group: list[str]) -> str:
    graph = grimp.build_graph(graph_package, cache_dir=None, exclude_type_checking_imports=True)
    members = set(group)
    lines = [
        f"  {a} -> {b}"
        for a in group
        for b in sorted(graph.find_modules_directly_imported_by(a) & members)
    ]
    return "\n".join(lines)


def test_readiness_has_no_import_cycles():
    cycles = [c for c in import_cycles("readiness") if frozenset(c) not in ALLOWED_ELSEWHERE]
    assert not cycles, "Import loops in readiness:\n" + "\n\n".join(describe("readiness", c) for c in cycles)


def test_the_loops_that_were_broken_stay_broken():
    """services/reports.py and services/bulk_export.py both use services/export_files.py;
    neither imports the other's caller."""
    graph = grimp.build_graph("readiness", cache_dir=None, exclude_type_checking_imports=True)
    assert not graph.chain_exists("readiness.services.bulk_export", "readiness.services.reports")
    assert graph.direct_import_exists(importer="readiness.services.bulk_export", imported="readiness.services.export_files")
    assert graph.direct_import_exists(importer="readiness.services.reports", imported="readiness.services.export_files")


@pytest.fixture
def loop_package(tmp_path, monkeypatch):
    """A throw-away package with a loop through a lazy import: a -> b -> c -> a, and d alone."""
    pkg = tmp_path / "looppkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from looppkg import b\n")
    (pkg / "b.py").write_text("def f():\n    from looppkg.c import g\n    return g\n")
    (pkg / "c.py").write_text("import looppkg.a\n\ndef g():\n    return 1\n")
    (pkg / "d.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from looppkg import a\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    return "looppkg"


def test_the_check_finds_a_loop_through_a_lazy_import(loop_package):
    assert import_cycles(loop_package) == [["looppkg.a", "looppkg.b", "looppkg.c"]]
