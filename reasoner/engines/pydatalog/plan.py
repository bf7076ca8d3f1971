"""Program -> a plan of plain data that the pyDatalog worker runs level by level.

pyDatalog gets only what it handles well, so the plan rewrites the program first:

* ``X = t`` equalities that bind a variable are substituted away;
* ``not p(X, _)`` becomes ``not __not1(X)`` with ``__not1(X) :- p(X, _)``;
* ``N = count { Ys : B }`` becomes a count computed in Python between levels over
  ``__aggbody1(G, Ys) :- B``, plus a zero rule ``not __aggsome1(G)`` for empty groups;
* in each rule, atoms of the head's own recursive component come first (right-linear
  recursion becomes left-linear, which pyDatalog 0.22.4 evaluates on cyclic data), then the
  other atoms, then comparisons, then negations.

Values travel as strings whose order is the rules' value order (ast.sort_key), so pyDatalog's
Python comparisons agree with clingo's.
"""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass
from typing import Any, Iterator, TypeAlias

from reasoner.engines.pydatalog.worker import encode_int
from reasoner.rules import ast
from reasoner.rules.checks import group_vars, outside_of
from reasoner.rules.rewrite import substitute_literal
from reasoner.rules.stratify import Edge, components, dependency_edges, levels

PlanTerm: TypeAlias = tuple[str, str]  # ("v", name) or ("c", encoded value)
PlanLiteral: TypeAlias = tuple[Any, ...]  # ("pos"|"not", pred, terms) or ("cmp", op, l, r)
Clause: TypeAlias = tuple[str, tuple[PlanTerm, ...], tuple[PlanLiteral, ...]]


@dataclass(frozen=True, slots=True)
class Count:
    """``count_pred(G, N)`` and ``some_pred(G)`` from the distinct rows of ``body_pred``;
    ``func`` (count, sum, min or max) says what N is, over the rows' element after G."""

    count_pred: str
    some_pred: str
    body_pred: str
    group_size: int
    func: str = "count"


@dataclass(frozen=True, slots=True)
class Plan:
    levels: tuple[tuple[tuple[Count, ...], tuple[Clause, ...]], ...]
    program_facts: dict[str, set[tuple[str, ...]]]
    outputs: tuple[str, ...]


# -- values --------------------------------------------------------------------------------

def encode(value: ast.Value) -> str:
    """A value as an order-preserving string: kind rank, then the value."""
    if isinstance(value, ast.Symbol):
        return "1" + value.name
    if isinstance(value, int):
        return encode_int(value)
    if isinstance(value, str):
        return "2" + value
    if isinstance(value, ast.Iri):
        return "3" + value.value
    if isinstance(value, datetime.date):
        return "4" + value.isoformat()
    raise TypeError(value)


def decode(text: str) -> ast.Value:
    kind, body = text[0], text[1:]
    if kind == "0":
        return int(body) - 2**31
    if kind == "1":
        return ast.Symbol(body)
    if kind == "2":
        return body
    if kind == "3":
        return ast.Iri(body)
    return datetime.date.fromisoformat(body)


# -- rewrites ------------------------------------------------------------------------------

def inline_equalities(rule: ast.Rule) -> ast.Rule:
    """Substitute away each ``X = t`` whose X no positive atom binds."""
    while True:
        bound = {a.name for lit in rule.body if isinstance(lit, ast.Atom)
                 for a in lit.args if isinstance(a, ast.Var)}
        for i, lit in enumerate(rule.body):
            pair = _binding(lit, bound)
            if pair is None:
                continue
            name, by = pair
            body = tuple(substitute_literal(b, name, by) for j, b in enumerate(rule.body) if j != i)
            head = substitute_literal(rule.head, name, by)
            assert isinstance(head, ast.Atom)
            rule = ast.Rule(head, body, rule.span)
            break
        else:
            return rule


def _binding(lit: ast.BodyLiteral, bound: set[str]) -> tuple[str, ast.Term] | None:
    if not isinstance(lit, ast.Comparison) or lit.op != "=":
        return None
    for var, other in ((lit.left, lit.right), (lit.right, lit.left)):
        if isinstance(var, ast.Var) and var.name not in bound and (
                isinstance(other, ast.Const) or other.name in bound):
            return var.name, other
    return None


def split_aggregates(rules: tuple[ast.Rule, ...], names: Iterator[int]
                     ) -> tuple[list[ast.Rule], list[Count]]:
    out: list[ast.Rule] = []
    counts: list[Count] = []
    work = list(rules)
    while work:
        rule = work.pop(0)
        agg = next((lit for lit in rule.body if isinstance(lit, ast.Aggregate)), None)
        if agg is None:
            out.append(rule)
            continue
        k = next(names)
        elsewhere = outside_of(agg, rule.body) | {
            v.name for v in rule.head.args if isinstance(v, ast.Var)}
        group = [ast.Var(n) for n in group_vars(agg, elsewhere)]
        count = Count(f"__aggcount{k}", f"__aggsome{k}", f"__aggbody{k}", len(group), agg.func)
        counts.append(count)
        out.append(ast.Rule(ast.Atom(count.body_pred, (*group, *agg.vars)), agg.body))
        rest = tuple(lit for lit in rule.body if lit is not agg)
        work.append(ast.Rule(rule.head, rest + (ast.Atom(count.count_pred, (*group, agg.result)),)))
        if agg.func in ("count", "sum"):  # a group without rows counts and sums to 0
            zero = ast.Rule(rule.head,
                            rest + (ast.Negation(ast.Atom(count.some_pred, tuple(group))),))
            work.append(_substitute_rule(zero, agg.result.name, ast.Const(0)))
    return out, counts


def _substitute_rule(rule: ast.Rule, name: str, by: ast.Term) -> ast.Rule:
    head = substitute_literal(rule.head, name, by)
    assert isinstance(head, ast.Atom)
    return ast.Rule(head, tuple(substitute_literal(b, name, by) for b in rule.body), rule.span)


def project_negations(rules: list[ast.Rule], names: Iterator[int]) -> list[ast.Rule]:
    """``not p(X, _)`` -> ``not __notK(X)`` with ``__notK(X) :- p(X, _)``."""
    out = []
    for rule in rules:
        body: list[ast.BodyLiteral] = []
        for lit in rule.body:
            if isinstance(lit, ast.Negation) and any(
                    isinstance(a, ast.Var) and a.anonymous for a in lit.atom.args):
                named = tuple(dict.fromkeys(a for a in lit.atom.args
                                            if isinstance(a, ast.Var) and not a.anonymous))
                helper = ast.Atom(f"__not{next(names)}", named)
                out.append(ast.Rule(helper, (lit.atom,)))
                lit = ast.Negation(helper)
            body.append(lit)
        out.append(ast.Rule(rule.head, tuple(body), rule.span))
    return out


# -- the plan ------------------------------------------------------------------------------

def make_plan(program: ast.Program, *, reorder_recursion: bool = True) -> Plan:
    """The plan for ``program``; ``reorder_recursion=False`` keeps each body's atom order
    (pyDatalog then hangs on right-linear recursion over cycles: for tests only)."""
    names = itertools.count(1)
    rules, counts = split_aggregates(program.rules, names)
    rules = project_negations([inline_equalities(r) for r in rules], names)
    facts: dict[str, set[tuple[str, ...]]] = {}
    proper = []
    for rule in rules:
        if rule.is_fact:
            facts.setdefault(rule.head.pred, set()).add(
                tuple(encode(a.value) for a in rule.head.args if isinstance(a, ast.Const)))
        else:
            proper.append(rule)
    edges = dependency_edges(proper) + [
        Edge(c.count_pred, c.body_pred, "count") for c in counts] + [
        Edge(c.some_pred, c.body_pred, "count") for c in counts]
    nodes = list(dict.fromkeys([r.head.pred for r in proper] + [e.head for e in edges]
                               + [e.body for e in edges]))
    level = levels(nodes, edges)
    comp_of = {n: c for c in components(nodes, edges) for n in c} if reorder_recursion else {}
    steps = []
    for n in sorted({level[p] for p in nodes}):
        level_counts = tuple(c for c in counts if level[c.count_pred] == n)
        clauses = tuple(c for r in proper if level[r.head.pred] == n
                        for c in [clause(r, comp_of.get(r.head.pred, frozenset()))] if c is not None)
        if level_counts or clauses:
            steps.append((level_counts, clauses))
    outputs = tuple(dict.fromkeys(r.head.pred for r in program.rules))
    return Plan(tuple(steps), facts, outputs)


def clause(rule: ast.Rule, component: frozenset[str]) -> Clause | None:
    """The rule as plain data with its body ordered for pyDatalog; None if it never fires."""
    anonymous = itertools.count(1)

    def term(t: ast.Term) -> PlanTerm:
        if isinstance(t, ast.Const):
            return ("c", encode(t.value))
        return ("v", f"A{next(anonymous)}" if t.anonymous else f"V_{t.name}")

    recursive, positive, tests, negative = [], [], [], []
    for lit in rule.body:
        match lit:
            case ast.Atom(pred=pred, args=args):
                (recursive if pred in component else positive).append(
                    ("pos", pred, tuple(map(term, args))))
            case ast.Negation(atom=atom):
                negative.append(("not", atom.pred, tuple(map(term, atom.args))))
            case ast.Comparison(op=op, left=left, right=right):
                if isinstance(left, ast.Const) and isinstance(right, ast.Const):
                    if not _holds(op, left.value, right.value):
                        return None
                    continue
                tests.append(("cmp", op, term(left), term(right)))
    head = tuple(term(a) for a in rule.head.args)
    return rule.head.pred, head, tuple(recursive + positive + tests + negative)


def _holds(op: str, left: ast.Value, right: ast.Value) -> bool:
    a, b = ast.sort_key(left), ast.sort_key(right)
    return {"=": a == b, "!=": a != b, "<": a < b, "<=": a <= b, ">": a > b,
            ">=": a >= b}[op]  # type: ignore[operator]
