"""Differential property test: random safe, stratified programs over random databases (with
cycles) give identical models on clingo and pyDatalog, and, with arithmetic and every
aggregate drawn too, on clingo, duckdb and sparql.

Each example is a batch of programs so that pyDatalog's worker process starts once per batch.
pyDatalog's known non-termination (known_defects.KNOWN["pydatalog", "random:recursive"]) is
accepted only for recursive programs, and only as an EngineTimeout within PYDATALOG_LIMIT.
"""

from __future__ import annotations


import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conformance.known_defects import KNOWN
from reasoner.engines import get_engine
from reasoner.engines.pydatalog.engine import PyDatalogEngine
from reasoner.errors import EngineError, EngineTimeout
from reasoner.rules import (Aggregate, Atom, Comparison, Const, Negation, Program, Rule, Symbol,
                            Var, check_program, errors_of, print_program)
from reasoner.rules.ast import BinOp



DOMAIN = [Symbol(n) for n in ("a", "b", "c", "d")]
VARS = [Var(n) for n in ("X", "Y", "Z", "W")]
EDB = {"e": 2, "n": 1, "v": 2}
OPS = ["=", "!=", "<", "<=", ">", ">="]
ARITH = ["+", "-", "*", "/", "mod"]
AGGREGATES = ["count", "sum", "min", "max"]
PYDATALOG_LIMIT = 3.0  # seconds; a pyDatalog timeout is accepted only as in known_defects


MIXED = [*DOMAIN[:2], -1, 0, 1, 2]  # arithmetic needs numbers (and symbols it is undefined on)


@st.composite
def databases(draw: st.DrawFn, domain: list[object] = DOMAIN
              ) -> dict[str, set[tuple[object, ...]]]:
    pairs = st.tuples(st.sampled_from(domain), st.sampled_from(domain))
    return {
        "e": draw(st.sets(pairs, max_size=8)),
        "n": {(s,) for s in draw(st.sets(st.sampled_from(domain), max_size=4))},
        "v": draw(st.sets(st.tuples(st.sampled_from(DOMAIN), st.integers(-2, 3)), max_size=5)),
    }


@st.composite
def atoms(draw: st.DrawFn, preds: dict[str, int]) -> Atom:
    pred = draw(st.sampled_from(sorted(preds)))
    args = []
    for _ in range(preds[pred]):
        if draw(st.integers(0, 9)) == 0:
            args.append(Const(draw(st.sampled_from(DOMAIN))))
        else:
            args.append(draw(st.sampled_from(VARS)))
    return Atom(pred, tuple(args))


def bound(body: list[object]) -> list[Var]:
    return list(dict.fromkeys(a for lit in body if isinstance(lit, Atom)
                              for a in lit.args if isinstance(a, Var)))


@st.composite
def expressions(draw: st.DrawFn, vars_: list[Var]) -> BinOp:
    """``X op c`` or ``X op Y``: undefined on symbols and for division by zero, both drawn."""
    right = draw(st.one_of(st.sampled_from(vars_), st.integers(-1, 2).map(Const)))
    return BinOp(draw(st.sampled_from(ARITH)), draw(st.sampled_from(vars_)), right)


@st.composite
def rules(draw: st.DrawFn, head: str, arity: int, same: dict[str, int],
          lower: dict[str, int], arithmetic: bool = False) -> Rule:
    positive = {**EDB, **lower, **same}
    body: list[object] = draw(st.lists(atoms(positive), min_size=1, max_size=3))
    vars_ = bound(body)
    if not vars_:
        body.append(Atom("n", (VARS[0],)))
        vars_ = [VARS[0]]
    if draw(st.booleans()):
        negatable = {**EDB, **lower}
        neg = draw(atoms(negatable))
        args = tuple(a if not isinstance(a, Var) or a in vars_ else
                     (Var("_") if draw(st.booleans()) else draw(st.sampled_from(vars_)))
                     for a in neg.args)
        body.append(Negation(Atom(neg.pred, args)))
    if draw(st.booleans()):
        left = draw(st.sampled_from(vars_))
        right = draw(st.one_of(st.sampled_from(vars_), st.sampled_from(DOMAIN).map(Const),
                               st.integers(-1, 2).map(Const)))
        body.append(Comparison(draw(st.sampled_from(OPS)), left, right))
    if lower and draw(st.integers(0, 3)) == 0:
        pred = draw(st.sampled_from(sorted(p for p in lower if lower[p] == 2)
                                    or ["e"]))
        group = draw(st.sampled_from(vars_))
        func = draw(st.sampled_from(AGGREGATES)) if arithmetic else "count"
        body.append(Aggregate(Var("N"), func, (Var("C"),), (Atom(pred, (group, Var("C"))),)))
        vars_ = vars_ + [Var("N")]
    # computed values only outside recursion, so every model stays finite
    computes = arithmetic and not any(isinstance(a, Atom) and a.pred in same for a in body)
    if computes and draw(st.booleans()):
        body.append(Comparison("=", Var("A"), draw(expressions(vars_))))
        vars_ = vars_ + [Var("A")]
    if computes and draw(st.booleans()):
        body.append(Comparison(draw(st.sampled_from(OPS)), draw(expressions(vars_)),
                               draw(st.sampled_from(vars_))))
    head_args = tuple(draw(expressions(vars_)) if computes and draw(st.integers(0, 4)) == 0
                      else draw(st.sampled_from(vars_)) for _ in range(arity))
    return Rule(Atom(head, head_args), tuple(body))  # type: ignore[arg-type]


@st.composite
def programs(draw: st.DrawFn, arithmetic: bool = False) -> Program:
    arities = {f"p{i}": draw(st.integers(1, 2)) for i in range(draw(st.integers(1, 3)))}
    out = []
    for i, (pred, arity) in enumerate(arities.items()):
        lower = {p: a for p, a in list(arities.items())[:i]}
        out += draw(st.lists(rules(pred, arity, {pred: arity}, lower, arithmetic),
                             min_size=1, max_size=3))
    return Program(tuple(out))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(programs(), databases()), min_size=4, max_size=4))
def test_clingo_and_pydatalog_agree(batch: list[tuple[Program, dict]]) -> None:
    batch = [(p, db) for p, db in batch if not errors_of(check_program(p, edb=EDB))]
    clingo = get_engine("clingo")
    expected = [clingo.evaluate(p, db) for p, db in batch]
    got = PyDatalogEngine().evaluate_many(batch, timeout=PYDATALOG_LIMIT)
    for (program, db), want, have in zip(batch, expected, got):
        if isinstance(have, EngineTimeout) and recursive(program):
            assert KNOWN[("pydatalog", "random:recursive")][0] == "timeout"
            continue
        assert have == want, print_program(program)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(programs(arithmetic=True), databases(MIXED))
def test_clingo_duckdb_and_sparql_agree_on_arithmetic_and_aggregates(
        program: Program, db: dict[str, set[tuple[object, ...]]]) -> None:
    if errors_of(check_program(program, edb=EDB)):
        return
    want = get_engine("clingo").evaluate(program, db)
    for name in ("duckdb", "sparql"):
        assert get_engine(name).evaluate(program, db, timeout=60) == want, \
            (name, print_program(program))
    pydatalog = PyDatalogEngine()
    if computes(program):  # pyDatalog says so, as known_defects lists
        assert KNOWN[("pydatalog", "random:arithmetic")][0] == "refuses"
        with pytest.raises(EngineError, match="pydatalog engine does not support arithmetic"):
            pydatalog.evaluate(program, db, timeout=PYDATALOG_LIMIT)
        return
    try:
        assert pydatalog.evaluate(program, db, timeout=PYDATALOG_LIMIT) == want
    except EngineTimeout:
        assert recursive(program) and KNOWN[("pydatalog", "random:recursive")][0] == "timeout"


def computes(program: Program) -> bool:
    """Whether the program has arithmetic (BinOp) anywhere: pyDatalog's adapter has none."""
    def exprs(rule: Rule) -> list[object]:
        found: list[object] = list(rule.head.args)
        for lit in rule.body:
            if isinstance(lit, Comparison):
                found += [lit.left, lit.right]
        return found
    return any(isinstance(e, BinOp) for r in program.rules for e in exprs(r))


def recursive(program: Program) -> bool:
    heads = {r.head.pred for r in program.rules}
    return any(isinstance(lit, Atom) and lit.pred in heads for r in program.rules
               for lit in r.body)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(programs(arithmetic=True), databases(MIXED))
def test_spark_agrees_with_clingo_on_arithmetic_and_aggregates(
        program: Program, db: dict[str, set[tuple[object, ...]]]) -> None:
    """Few examples: each costs Spark seconds (its jobs), the conformance cases cover the rest."""
    if errors_of(check_program(program, edb=EDB)):
        return
    want = get_engine("clingo").evaluate(program, db)
    assert get_engine("spark").evaluate(program, db, timeout=60) == want, print_program(program)
