"""Differential property test: random safe, stratified programs over random databases give
the same model on duckdb as on clingo, the reference engine.

The generator reaches what the SQL compiler must get right: values of every kind mixed in one
column (the id order across kinds), mutual and non-linear recursion over cycles (the
semi-naive loop), linear recursion (``WITH RECURSIVE``), negation with ``_``, comparisons with
constants of every kind, equalities that bind, counts with several counted variables and
grouped counts (the zero rows), constants in heads, and propositions.
"""

from __future__ import annotations

import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reasoner.engines import get_engine
from reasoner.rules import (
    Aggregate,
    Atom,
    Comparison,
    Const,
    Iri,
    Negation,
    Program,
    Rule,
    Symbol,
    Var,
    check_program,
    errors_of,
    print_program,
)

VALUES = [0, 2, -1, Symbol("a"), Symbol("b"), "a", "b c", Iri("http://x.org/a"),
          datetime.date(2022, 2, 4)]
NODES = VALUES[:5] + [VALUES[6]]
VARS = [Var(n) for n in ("X", "Y", "Z", "W")]
EDB = {"e": 2, "n": 1, "v": 2}
OPS = ["=", "!=", "<", "<=", ">", ">="]


@st.composite
def databases(draw: st.DrawFn) -> dict[str, set[tuple[object, ...]]]:
    node = st.sampled_from(NODES)
    return {
        "e": draw(st.sets(st.tuples(node, node), max_size=10)),
        "n": {(s,) for s in draw(st.sets(node, max_size=4))},
        "v": draw(st.sets(st.tuples(node, st.sampled_from(VALUES)), max_size=6)),
    }


@st.composite
def atoms(draw: st.DrawFn, preds: dict[str, int]) -> Atom:
    pred = draw(st.sampled_from(sorted(preds)))
    args = [Const(draw(st.sampled_from(VALUES))) if draw(st.integers(0, 9)) == 0
            else draw(st.sampled_from(VARS)) for _ in range(preds[pred])]
    return Atom(pred, tuple(args))


def bound(body: list[object]) -> list[Var]:
    return list(dict.fromkeys(a for lit in body if isinstance(lit, Atom)
                              for a in lit.args if isinstance(a, Var)))


def negation(draw: st.DrawFn, preds: dict[str, int], vars_: list[Var]) -> Negation:
    neg = draw(atoms(preds))
    args = tuple(a if not isinstance(a, Var) or a in vars_ else
                 (Var("_") if draw(st.booleans()) else draw(st.sampled_from(vars_)))
                 for a in neg.args)
    return Negation(Atom(neg.pred, args))


def count(draw: st.DrawFn, lower: dict[str, int], vars_: list[Var]) -> Aggregate:
    """``N = count { C.. : q(G, C..) [, not ...] }`` grouped by a bound variable (or none)."""
    pred = draw(st.sampled_from(sorted(p for p, n in {**lower, **EDB}.items() if n == 2)))
    counted = [Var("C"), Var("D")][:draw(st.integers(1, 2))]
    first = draw(st.sampled_from([*vars_, Var("D")])) if len(counted) == 1 else counted[1]
    inner: list[object] = [Atom(pred, (first, counted[0]))]
    if draw(st.booleans()):
        inner.append(Negation(Atom("n", (counted[0],))))
    return Aggregate(Var("N"), "count", tuple(counted), tuple(inner))  # type: ignore[arg-type]


@st.composite
def rules(draw: st.DrawFn, head: str, arity: int, same: dict[str, int],
          lower: dict[str, int]) -> Rule:
    body: list[object] = draw(st.lists(atoms({**EDB, **lower, **same}), min_size=0,
                                       max_size=3))
    vars_ = bound(body)
    if not vars_ and draw(st.booleans()):
        body.append(Atom("n", (VARS[0],)))
        vars_ = [VARS[0]]
    if vars_ and draw(st.booleans()):
        body.append(negation(draw, {**EDB, **lower}, vars_))
    if vars_ and draw(st.booleans()):
        right = draw(st.one_of(st.sampled_from(vars_), st.sampled_from(VALUES).map(Const)))
        body.append(Comparison(draw(st.sampled_from(OPS)), draw(st.sampled_from(vars_)), right))
    if draw(st.integers(0, 4)) == 0:
        body.append(Comparison("=", Var("V"), draw(st.sampled_from([*vars_, Const(VALUES[6])]))))
        vars_ = vars_ + [Var("V")]
    if draw(st.integers(0, 2)) == 0:
        body.append(count(draw, lower, vars_))
        vars_ = vars_ + [Var("N")]
    if not body:
        body.append(Atom("n", (VARS[0],)))
        vars_ = [VARS[0]]
    head_args = tuple(draw(st.sampled_from(vars_)) if vars_ and draw(st.integers(0, 5))
                      else Const(draw(st.sampled_from(VALUES))) for _ in range(arity))
    return Rule(Atom(head, head_args), tuple(body))  # type: ignore[arg-type]


@st.composite
def programs(draw: st.DrawFn) -> Program:
    """Predicates in levels: rules use their own level positively (mutual recursion) and
    lower levels in any way, so every program is stratified."""
    levels = draw(st.lists(st.integers(1, 2), min_size=1, max_size=2))
    out: list[Rule] = []
    lower: dict[str, int] = {}
    for k, size in enumerate(levels):
        same = {f"p{k}{i}": draw(st.integers(0, 2)) for i in range(size)}
        for pred, arity in same.items():
            out += draw(st.lists(rules(pred, arity, same, lower), min_size=1, max_size=3))
        lower.update(same)
    return Program(tuple(out))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(programs(), databases())
def test_duckdb_and_clingo_agree(program: Program, facts: dict) -> None:
    if errors_of(check_program(program, edb=EDB)):
        return
    expected = get_engine("clingo").evaluate(program, facts)
    assert get_engine("duckdb").evaluate(program, facts) == expected, print_program(program)
