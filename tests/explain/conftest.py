"""Shared fixtures: the seed article in a memory knowledge base, explained with clingo, and an
independent checker of proof trees (every step is an instance of a program rule, every leaf an
asserted fact or a rule fact, and no fact supports itself)."""

from __future__ import annotations

from typing import Callable, Collection, Mapping

import pytest

from reasoner import kb as kb_module
from reasoner.explain import Explainer, Proof
from reasoner.rules.ast import Aggregate, Atom, Comparison, Const, Negation, Program, Value, sort_key

Row = tuple[Value, ...]


@pytest.fixture(scope="session")
def seed_kb():
    kb = kb_module.open("memory")
    kb.ingest_files(["seeds"])
    yield kb
    kb.close()


@pytest.fixture(scope="session")
def explainer(seed_kb) -> Explainer:
    return Explainer.from_kb(seed_kb)


@pytest.fixture(scope="session")
def proof_checker() -> Callable[..., int]:
    return check_proof



def _value(term, binding: Mapping[str, Value]) -> Value | None:
    if isinstance(term, Const):
        return term.value
    return None if term.anonymous else binding[term.name]


def _matches(atom: Atom, row: Row, binding: Mapping[str, Value]) -> bool:
    """Whether ``row`` is an instance of ``atom`` under ``binding`` (``_`` matches anything)."""
    return len(row) == len(atom.args) and all(
        _value(t, binding) is None or _value(t, binding) == v for t, v in zip(atom.args, row))


def _compare(op: str, a: Value, b: Value) -> bool:
    x, y = sort_key(a), sort_key(b)
    return {"=": x == y, "!=": x != y, "<": x < y, "<=": x <= y, ">": x > y, ">=": x >= y}[op]


def _count(agg: Aggregate, binding: Mapping[str, Value], model: Mapping[str, Collection[Row]]) -> int:
    """A brute-force count for aggregates over one atom (what the generated programs use)."""
    (atom,) = agg.body
    counted = {v.name for v in agg.vars}
    inner = {k: v for k, v in binding.items() if k not in counted}
    found = set()
    for row in model.get(atom.pred, ()):
        local = dict(inner)
        ok = True
        for term, value in zip(atom.args, row):
            if isinstance(term, Const):
                ok &= term.value == value
            elif not term.anonymous:
                if term.name in local and local[term.name] != value:
                    ok = False
                local[term.name] = value
        if ok:
            found.add(tuple(local[v.name] for v in agg.vars))
    return len(found)


def check_proof(proof: Proof, program: Program, facts: Mapping[str, Collection[Row]],
                model: Mapping[str, Collection[Row]], *, strict_ranks: bool = True) -> int:
    """Walk the proof; assert it is well founded and made of rule instances. Returns its size."""
    stated = {(r.head.pred, tuple(a.value for a in r.head.args)) for r in program.rules if r.is_fact}
    size = 0
    stack = [(proof, frozenset(), True)]
    while stack:
        node, ancestors, top = stack.pop()
        size += 1
        key = (node.fact.pred, node.fact.args)
        assert key not in ancestors, f"{node.fact.text} supports itself"
        assert node.fact.args in model.get(node.fact.pred, ()), f"{node.fact.text} not in the model"
        if node.step is None:
            assert node.fact.args in facts.get(node.fact.pred, ()) or key in stated, \
                f"leaf {node.fact.text} is neither asserted nor a rule fact"
            assert node.rank == 0
            continue
        rule = program.rules[node.step.rule_index]
        binding = dict(node.step.bindings)
        assert _matches(rule.head, node.fact.args, binding)
        atoms = [lit for lit in rule.body if isinstance(lit, Atom)]
        assert len(atoms) == len(node.step.premises)
        for atom, premise in zip(atoms, node.step.premises):
            assert premise.fact.pred == atom.pred and _matches(atom, premise.fact.args, binding), \
                f"{premise.fact.text} is not an instance of {atom} under {binding}"
            if strict_ranks or not top:
                assert premise.rank < node.rank, f"{premise.fact.text} does not have a lower rank"
            stack.append((premise, ancestors | {key}, False))
        for lit in rule.body:
            if isinstance(lit, Negation):
                assert not any(_matches(lit.atom, row, binding) for row in model.get(lit.atom.pred, ()))
            elif isinstance(lit, Comparison):
                assert _compare(lit.op, _value(lit.left, binding), _value(lit.right, binding))
            elif isinstance(lit, Aggregate):
                assert binding[lit.result.name] == _count(lit, binding, model)
    return size

