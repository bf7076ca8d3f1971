"""Predicate dependency graph, strongly connected components and strata.

A program is stratified when no negation and no aggregate lies on a cycle of the dependency
graph (edges go from a rule's head predicate to each predicate of its body). Strata list the
predicates defined by rules, lowest first: everything a stratum negates or counts is complete
in the strata below it.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Iterable, Mapping

from reasoner.errors import Diagnostic, RuleCheckError, Span
from reasoner.rules import ast


@dataclass(frozen=True, slots=True)
class Edge:
    head: str
    body: str
    kind: str  # "pos", "not" or "count"
    span: Span | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Stratum:
    """Predicates whose rules can be evaluated together, with those rules (facts included)."""

    predicates: frozenset[str]
    rules: tuple[ast.Rule, ...]


def dependency_edges(rules: Iterable[ast.Rule]) -> list[Edge]:
    edges = []
    for rule in rules:
        for literal in rule.body:
            for atom, kind in ast.body_atoms((literal,)):
                edges.append(Edge(rule.head.pred, atom.pred, kind, literal.span or atom.span))
    return edges


def components(nodes: Iterable[str], edges: Iterable[Edge]) -> list[frozenset[str]]:
    """Tarjan's SCCs, iteratively; dependencies come before the components that use them."""
    succ: dict[str, list[str]] = {}
    for e in edges:
        succ.setdefault(e.head, []).append(e.body)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []
    for root in nodes:
        if root in index:
            continue
        _visit(root, succ, index, low, stack, on_stack, found)
    return found


def _visit(root: str, succ: Mapping[str, list[str]], index: dict[str, int],
           low: dict[str, int], stack: list[str], on_stack: set[str],
           found: list[frozenset[str]]) -> None:
    def enter(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)

    enter(root)
    work = [(root, iter(succ.get(root, ())))]
    while work:
        node, successors = work[-1]
        for nxt in successors:
            if nxt not in index:
                enter(nxt)
                work.append((nxt, iter(succ.get(nxt, ()))))
                break
            if nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        else:
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                found.append(frozenset(component))


def cycle_diagnostics(nodes: Iterable[str], edges: list[Edge],
                      program: ast.Program | None = None) -> list[Diagnostic]:
    """One error per negation or aggregate that lies on a cycle, naming the cycle."""
    comp_of = {n: c for c in components(nodes, edges) for n in c}
    diagnostics = []
    for edge in edges:
        if edge.kind == "pos" or comp_of.get(edge.body) is not comp_of.get(edge.head):
            continue
        path = _path(edge.body, edge.head, edges, comp_of[edge.head])
        steps = [edge.head, f"{edge.kind} {edge.body}"]
        steps += [f"{kind} {node}" if kind != "pos" else node for node, kind in path]
        what = "negation" if edge.kind == "not" else "aggregate"
        diagnostics.append(Diagnostic(
            "unstratifiable", f"{what} on a recursive cycle: {' -> '.join(steps)}", edge.span,
            hint="a predicate cannot depend on its own negation or count",
            source_line=program.source_line(edge.span) if program else None))
    return diagnostics


def _path(start: str, goal: str, edges: list[Edge],
          within: frozenset[str]) -> list[tuple[str, str]]:
    """Steps (node, kind) from ``start`` to ``goal`` inside one component, by BFS."""
    if start == goal:
        return []
    succ: dict[str, list[Edge]] = {}
    for e in edges:
        if e.head in within and e.body in within:
            succ.setdefault(e.head, []).append(e)
    came: dict[str, Edge] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for e in succ.get(node, ()):
            if e.body not in came and e.body != start:
                came[e.body] = e
                queue.append(e.body)
    steps: list[tuple[str, str]] = []
    node = goal
    while node != start:
        e = came[node]
        steps.append((node, e.kind))
        node = e.head
    return steps[::-1]


def levels(nodes: Iterable[str], edges: list[Edge]) -> dict[str, int]:
    """The stratum number of every node (assumes the graph is stratified)."""
    nodes = list(nodes)
    by_head: dict[str, list[Edge]] = {}
    for e in edges:
        by_head.setdefault(e.head, []).append(e)
    level: dict[str, int] = {}
    for comp in components(nodes, edges):  # dependencies first
        n = 0
        for member in comp:
            for e in by_head.get(member, ()):
                if e.body not in comp:
                    n = max(n, level[e.body] + (e.kind != "pos"))
        for member in comp:
            level[member] = n
    return level


def strata(program: ast.Program) -> list[Stratum]:
    """The program's rules grouped into strata, lowest first. Raises RuleCheckError."""
    edges = dependency_edges(program.rules)
    heads = list(dict.fromkeys(r.head.pred for r in program.rules))
    nodes = heads + [e.body for e in edges]
    problems = cycle_diagnostics(nodes, edges, program)
    if problems:
        raise RuleCheckError(*problems)
    level = levels(nodes, edges)
    by_level: dict[int, list[str]] = {}
    for pred in heads:
        by_level.setdefault(level[pred], []).append(pred)
    result = []
    for n in sorted(by_level):
        preds = frozenset(by_level[n])
        rules = tuple(r for r in program.rules if r.head.pred in preds)
        result.append(Stratum(preds, rules))
    return result
