"""Engines: the registry, exact value round trips, errors as diagnostics, time limits."""

from __future__ import annotations

import datetime
import subprocess
import sys
import time

import pytest

from reasoner.engines import ENGINES, available_engines, get_engine
from reasoner.engines.pydatalog.engine import PyDatalogEngine
from reasoner.engines.pydatalog.plan import decode, encode
from reasoner.errors import EngineError, EngineTimeout, RuleCheckError
from reasoner.rules import Iri, Symbol, parse_program
from reasoner.rules.ast import sort_key

VALUES = [Symbol("russia"), Symbol("united_kingdom"), Iri("http://example.org/event/1"),
          "Kyiv's \"standoff\"\n\t\\ Україна", "", 0, -2**31, 2**31 - 1, 42,
          datetime.date(2022, 2, 4), datetime.date(1, 1, 1), datetime.date(9999, 12, 31)]


def test_unknown_engine_suggests_the_closest_name() -> None:
    with pytest.raises(EngineError, match="Unknown engine 'clingp'. Did you mean clingo?"):
        get_engine("clingp")
    with pytest.raises(EngineError, match="Engines: clingo, .*pydatalog"):
        get_engine("zzz")


def test_registry_lists_engines_default_first() -> None:
    assert available_engines()[0] == "clingo"
    assert set(available_engines()) == set(ENGINES)


def test_importing_reasoner_imports_no_engine_library() -> None:
    code = ("import sys, reasoner, reasoner.rules, reasoner.engines; "
            "reasoner.engines.get_engine; "
            "print('clingo' in sys.modules, 'pyDatalog' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.split() == ["False", "False"]


@pytest.mark.parametrize("engine_name", sorted(ENGINES))
def test_every_value_kind_round_trips_exactly(engine_name: str) -> None:
    program = parse_program("out(X) :- v(X). n(N) :- N = count { X : v(X) }.")
    facts = {"v": {(v,) for v in VALUES}}
    model = get_engine(engine_name).evaluate(program, facts, timeout=30)
    assert model["out"] == frozenset(facts["v"])
    for (value,) in model["out"]:
        original = next(v for v in VALUES if v == value and type(v) is type(value))
        assert type(value) is type(original)
    assert model["n"] == {(len(VALUES),)}


@pytest.mark.parametrize("engine_name", sorted(ENGINES))
def test_engines_order_values_like_sort_key(engine_name: str) -> None:
    program = parse_program("lt(X, Y) :- v(X), v(Y), X < Y.")
    model = get_engine(engine_name).evaluate(program, {"v": {(v,) for v in VALUES}},
                                             timeout=30)
    expected = {(a, b) for a in VALUES for b in VALUES if sort_key(a) < sort_key(b)}
    assert model["lt"] == expected


def test_pydatalog_encoding_preserves_order_and_identity() -> None:
    encoded = [encode(v) for v in VALUES]
    assert [decode(e) for e in encoded] == VALUES
    assert sorted(VALUES, key=sort_key) == [decode(e) for e in sorted(encoded)]


@pytest.mark.parametrize("engine_name", sorted(ENGINES))
@pytest.mark.parametrize(("facts", "message"), [
    ({"v": {(float("nan"),)}}, "not a finite number"),
    ({"v": {(True,)}}, "not a rule value"),
    ({"v": {(2**64,)}}, "64-bit"),
])
def test_bad_facts_are_engine_errors(engine_name: str, facts: dict, message: str) -> None:
    with pytest.raises(EngineError, match=message):
        get_engine(engine_name).evaluate(parse_program("p(X) :- v(X)."), facts)


@pytest.mark.parametrize(("engine_name", "value", "message"), [
    ("clingo", 1.5, "clingo engine cannot hold the float 1.5"),
    ("clingo", 2**40, "clingo engine cannot hold the integer 1099511627776"),
    ("duckdb", 1.5, "duckdb engine cannot hold the float 1.5"),
    ("duckdb", 2**62, "duckdb engine cannot hold the integer 4611686018427387904"),
    ("pydatalog", 1.5, "pydatalog engine does not support the float 1.5"),
    ("pydatalog", 2**40, "pydatalog engine does not support the integer 1099511627776"),
])
def test_an_engine_says_in_one_line_which_value_it_cannot_hold(engine_name: str, value: object,
                                                              message: str) -> None:
    with pytest.raises(EngineError, match=message) as caught:
        get_engine(engine_name).evaluate(parse_program("p(X) :- v(X)."), {"v": {(value,)}})
    assert [d.code for d in caught.value.diagnostics] == ["engine-capability"]


def test_sparql_holds_floats_and_64_bit_integers() -> None:
    facts = {"v": {(1.5,), (2**62,), (-(2**63),)}}
    model = get_engine("sparql").evaluate(parse_program("p(X) :- v(X)."), facts)
    assert model["p"] == facts["v"] and {type(v) for (v,) in model["p"]} == {int, float}


@pytest.mark.parametrize("engine_name", sorted(ENGINES))
def test_a_name_with_rows_of_two_lengths_is_two_predicates(engine_name: str) -> None:
    facts = {"v": {(1,), (1, 2), (3, 4)}}
    model = get_engine(engine_name).evaluate(parse_program("p(X) :- v(X). q(X) :- v(X, _)."),
                                             facts)
    assert (model["p"], model["q"], model["v"]) == ({(1,)}, {(1,), (3,)}, facts["v"])


@pytest.mark.parametrize("engine_name", sorted(ENGINES))
def test_unsafe_programs_are_refused_with_spans(engine_name: str) -> None:
    with pytest.raises(RuleCheckError) as caught:
        get_engine(engine_name).evaluate(parse_program("p(X, Y) :- v(X)."), {"v": {(1,)}})
    (d,) = caught.value.diagnostics
    assert d.code == "unsafe-variable" and d.span is not None and d.span.column == 6


def test_clingo_timeout_stops_a_long_grounding() -> None:
    program = parse_program("p(X, Y) :- e(X, Y). p(X, Y) :- p(X, Z), e(Z, Y).")
    chain = {"e": {(i, i + 1) for i in range(3000)}}
    started = time.monotonic()
    with pytest.raises(EngineTimeout, match="clingo engine was stopped after its time limit"):
        get_engine("clingo").evaluate(program, chain, timeout=0.5)
    assert time.monotonic() - started < 15.0  # stopped, not run to the end (bounds loose: CI shares cores)


def test_raw_pydatalog_hangs_on_right_recursion_and_is_stopped() -> None:
    """The defect the rewrite works around: without it, pyDatalog never finishes."""
    program = parse_program("path(X, Y) :- edge(X, Y). path(X, Y) :- edge(X, Z), path(Z, Y).")
    cycle = {"edge": {(Symbol("a"), Symbol("b")), (Symbol("b"), Symbol("c")),
                      (Symbol("c"), Symbol("a"))}}
    raw = PyDatalogEngine(reorder_recursion=False)
    started = time.monotonic()
    with pytest.raises(EngineTimeout) as caught:
        raw.evaluate(program, cycle, timeout=1.5)
    assert time.monotonic() - started < 20.0  # stopped: unstopped it never ends
    text = caught.value.render()
    assert "pydatalog engine was stopped after its time limit of 1.5 s" in text
    assert "does not terminate on some recursive rules over cyclic data" in text
    assert len(PyDatalogEngine().evaluate(program, cycle, timeout=10)["path"]) == 9


def test_pydatalog_evaluates_batches_and_isolates_failures() -> None:
    engine = PyDatalogEngine(reorder_recursion=False)
    ok = parse_program("p(X) :- v(X).")
    hang = parse_program("path(X, Y) :- edge(X, Y). path(X, Y) :- edge(X, Z), path(Z, Y).")
    cycle = {"edge": {(1, 2), (2, 3), (3, 1)}}
    # a limit the quick programs meet even on a loaded machine (a worker starts for each)
    results = engine.evaluate_many([(ok, {"v": {(1,)}}), (hang, cycle), (ok, {"v": {(2,)}})],
                                   timeout=4.0)
    assert results[0]["p"] == {(1,)}  # type: ignore[index]
    assert isinstance(results[1], EngineTimeout)
    assert results[2]["p"] == {(2,)}  # type: ignore[index]


def test_clingo_errors_become_engine_errors_with_spans() -> None:
    # 2^31 - 1 + 1 overflows clingo's integers only through arithmetic, which the rule
    # language does not have; a clingo failure is therefore provoked directly.
    from reasoner.engines.clingo import engine as clingo_engine

    program = parse_program("p(X) :- v(X).", source="r.dl")
    diagnostics = clingo_engine._diagnostics(
        RuntimeError("parsing failed"), [(None, "<block>:1:1-14: error: something broke\n")],
        clingo_engine.asp.compile_program(program), program)  # type: ignore[list-item]
    (d,) = diagnostics
    assert d.message == "clingo: error: something broke" and str(d.span) == "r.dl:1:1"


@pytest.mark.parametrize("lowest", [-5, -2**31 + 1, -2**31 + 2])
def test_clingo_numbers_iris_only_where_no_integer_can_be_taken_for_one(lowest: int) -> None:
    """clingo is given IRIs as numbers from -2**31 + 1 up; an integer in that range (or a
    program comparing by order) keeps the IRIs' text. Either way the model is exact."""
    from reasoner.engines.clingo.engine import clingo_input

    iris = [Iri(f"http://example.org/event/{i}") for i in range(3)]
    program = parse_program("pair(X, Y) :- v(X), v(Y), X != Y.\nsame(X) :- v(X), w(X).\n"
                            "n(N) :- N = count { X : v(X) }.")
    facts = {"v": {(v,) for v in [*iris, lowest, 0, 7]}, "w": {(iris[1],), (lowest,)}}
    numbered = clingo_input(program, facts).numbers
    assert (numbered is None) == (lowest < -2**31 + 1 + len(iris))
    model = get_engine("clingo").evaluate(program, facts, timeout=30)
    values = [v for (v,) in facts["v"]]
    assert model["pair"] == {(a, b) for a in values for b in values if a != b}
    assert model["same"] == {(iris[1],), (lowest,)}
    assert model["n"] == {(6,)}
    ordered = parse_program("lt(X, Y) :- v(X), v(Y), X < Y.")
    assert clingo_input(ordered, facts).numbers is None
