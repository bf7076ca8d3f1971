"""Runs a pyDatalog plan (see reasoner.engines.pydatalog.plan) inside a worker process.

pyDatalog keeps its database in module globals, so it only ever runs in a child process
(reasoner.engines.worker); each level starts from ``pyDatalog.clear()`` with the rows known
so far asserted as facts. This module imports pyDatalog lazily and nothing heavy at all.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from reasoner.errors import Diagnostic, EngineError

if TYPE_CHECKING:
    from reasoner.engines.pydatalog.plan import Clause, Count, Plan, PlanTerm

Rows = dict[str, set[tuple[str, ...]]]
_OPS = {"=": "__eq__", "!=": "__ne__", "<": "__lt__", "<=": "__le__", ">": "__gt__",
        ">=": "__ge__"}
_FLIP = {"=": "=", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}


def encode_int(n: int) -> str:
    """Integers as fixed-width strings that sort like the numbers (32-bit range)."""
    return "0" + format(n + 2**31, "010d")


def run_plan(plan: Plan) -> Rows:
    """Every output predicate's rows (encoded strings)."""
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 20000))
    from pyDatalog import pyDatalog

    known: Rows = {p: set(rows) for p, rows in plan.program_facts.items()}
    for counts, clauses in plan.levels:
        for count in counts:
            _count(count, known)
        if clauses:
            pyDatalog.clear()
            _evaluate(clauses, known)
            for head, _, _ in clauses:
                known.setdefault(head, set())
    pyDatalog.clear()
    return {p: known.get(p, set()) for p in plan.outputs}


def run_job(job: tuple[Plan, Rows]) -> Rows:
    plan, facts = job
    known_facts = {p: set(rows) for p, rows in facts.items()}
    for pred, rows in plan.program_facts.items():
        known_facts.setdefault(pred, set()).update(rows)
    return run_plan(_with_facts(plan, known_facts))


def _with_facts(plan: Plan, facts: Rows) -> Plan:
    from reasoner.engines.pydatalog.plan import Plan as PlanClass

    return PlanClass(plan.levels, facts, plan.outputs)


def _count(count: Count, known: Rows) -> None:
    """The aggregate of every group, over its distinct rows (the body relation is a set)."""
    groups: dict[tuple[str, ...], list[str]] = {}
    for row in known.get(count.body_pred, ()):
        groups.setdefault(row[:count.group_size], []).append(row[count.group_size] if
                                                              len(row) > count.group_size else "")
    known[count.count_pred] = {(*g, _aggregate(count.func, firsts))
                               for g, firsts in groups.items()}
    known[count.some_pred] = set(groups)


def _aggregate(func: str, firsts: list[str]) -> str:
    """count, sum, min or max over encoded first elements: the encoding orders values as the
    rules do, so min and max compare the strings; sum adds the integers (kind "0")."""
    if func == "count":
        return encode_int(len(firsts))
    if func == "min":
        return min(firsts)
    if func == "max":
        return max(firsts)
    total = sum(int(f[1:]) - 2**31 for f in firsts if f.startswith("0"))
    if not -(2**31) <= total < 2**31:
        raise EngineError(Diagnostic("engine-capability", "the pydatalog engine cannot hold "
                                     f"the sum {total}: its integers are 32-bit",
                                     hint="use the clingo, duckdb or sparql engine"))
    return encode_int(total)


def _prune(clauses: tuple[Clause, ...], known: Rows) -> list[Clause]:
    """Drop clauses that use an empty relation positively and negations of empty relations:
    pyDatalog refuses to ask about a predicate that has neither facts nor clauses."""
    current = list(clauses)
    while True:
        defined = {p for p, rows in known.items() if rows} | {c[0] for c in current}
        pruned = [(head, args, tuple(lit for lit in body
                                     if lit[0] != "not" or lit[1] in defined))
                  for head, args, body in current
                  if all(lit[1] in defined for lit in body if lit[0] == "pos")]
        if pruned == current:
            return current
        current = pruned


def _evaluate(all_clauses: tuple[Clause, ...], known: Rows) -> None:
    from pyDatalog import pyDatalog

    clauses = _prune(all_clauses, known)
    mentioned = {c[0] for c in clauses} | {lit[1] for c in clauses for lit in c[2]
                                          if lit[0] != "cmp"}
    for pred in mentioned:
        for row in known.get(pred, ()):
            pyDatalog.assert_fact(pred, *row)
    for head, args, body in clauses:
        if not body:  # every literal was the negation of an empty relation
            pyDatalog.assert_fact(head, *(text for _, text in args))
            continue
        conjunction = _body_literal(body[0])
        for lit in body[1:]:
            conjunction = conjunction & _body_literal(lit)
        _literal(head, args) <= conjunction
    for head in dict.fromkeys(c[0] for c in clauses):
        arity = len(next(c[1] for c in clauses if c[0] == head))
        answer = _literal(head, tuple(("v", f"Q{i}") for i in range(arity))).ask()
        rows = set() if not answer else {()} if answer is True else {tuple(r) for r in answer}
        known[head] = known.get(head, set()) | rows


def _term(term: PlanTerm) -> Any:
    from pyDatalog.pyParser import Term

    kind, text = term
    return Term(text) if kind == "v" else Term(text, forced_type="constant")


def _literal(pred: str, args: tuple[PlanTerm, ...]) -> Any:
    from pyDatalog.pyParser import Literal

    return Literal.make(pred, [_term(a) for a in args])


def _body_literal(lit: tuple[Any, ...]) -> Any:
    if lit[0] == "pos":
        return _literal(lit[1], lit[2])
    if lit[0] == "not":
        return ~_literal(lit[1], lit[2])
    _, op, left, right = lit
    if left[0] == "c":  # pyDatalog wants the variable on the left
        op, left, right = _FLIP[op], right, left
    return getattr(_term(left), _OPS[op])(_term(right))
