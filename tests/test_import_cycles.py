"""Imports run one way: no module of ``reasoner/cnl`` imports, even indirectly, one that imports it.

The graph counts every import statement in a module: at module level, inside functions (a local
import is still a dependency, only a later one) and under ``TYPE_CHECKING`` (two modules that name
each other's types know each other). ``from pkg import sub`` is an edge to the submodule ``pkg.sub``;
``from pkg import name`` an edge to the package's ``__init__``. Outside ``reasoner/cnl`` two older
cycles remain (listed in KNOWN); any other cycle anywhere in ``reasoner/`` fails.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Cycles outside reasoner/cnl that predate this test, each a set of modules. A new cycle, or a known
# one that grows, fails; one that is broken can be taken off the list.
KNOWN = (
    frozenset({"reasoner.repl.commands", "reasoner.repl.console"}),
    frozenset({"reasoner.engines.pydatalog.plan", "reasoner.engines.pydatalog.worker"}),
)

Graph = dict[str, set[str]]


def modules(package: Path) -> dict[str, Path]:
    """Dotted module name -> file, for every .py file under ``package``."""
    found: dict[str, Path] = {}
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(package.parent).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imported(name: str, path: Path, node: ast.Import | ast.ImportFrom, known: dict[str, Path]) -> set[str]:
    """The modules of ``known`` that one import statement of module ``name`` loads."""
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names if alias.name in known}
    base = node.module or ""
    if node.level:  # a relative import counts from the module's package
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
        base = f"{anchor}.{base}" if base else anchor
    subs = {f"{base}.{alias.name}" for alias in node.names}
    out = subs & known.keys()
    if base in known and subs - known.keys():
        out.add(base)  # a name defined in the package itself (its __init__)
    return out


def import_graph(package: Path) -> Graph:
    known = modules(package)
    graph: Graph = {name: set() for name in known}
    for name, path in known.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                graph[name] |= imported(name, path, node, known) - {name}
    return graph


def cycles(graph: Graph) -> list[frozenset[str]]:
    """The strongly connected components with more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, targets = work[-1]
            target = next(targets, None)
            if target is not None:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(graph[target]))))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(frozenset(component))
    return found


def describe(graph: Graph, component: frozenset[str]) -> str:
    edges = [f"  {a} -> {b}" for a in sorted(component) for b in sorted(graph[a] & component)]
    return f"{len(component)} modules import each other:\n" + "\n".join(edges)


def test_the_detector_finds_a_cycle_through_a_function_level_import(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from pkg import b\n")
    (package / "b.py").write_text("def f():\n    from pkg.c import g\n")
    (package / "c.py").write_text("from . import a\nfrom pkg import helper_name\n")
    (package / "d.py").write_text("import pkg.a\n")
    graph = import_graph(package)
    assert graph["pkg.c"] == {"pkg.a", "pkg"}
    assert cycles(graph) == [frozenset({"pkg.a", "pkg.b", "pkg.c"})]


def test_no_import_cycle_in_cnl() -> None:
    graph = import_graph(ROOT / "reasoner")
    found = [c for c in cycles(graph) if any(m.startswith("reasoner.cnl") for m in c)]
    assert not found, "\n".join(describe(graph, c) for c in found)


def test_no_new_import_cycle_in_reasoner() -> None:
    graph = import_graph(ROOT / "reasoner")
    found = [c for c in cycles(graph) if c not in KNOWN]
    assert not found, "\n".join(describe(graph, c) for c in found)
