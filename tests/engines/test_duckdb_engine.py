"""The duckdb engine: its SQL, deep recursion, time limits, errors, and the seed conclusions.

The conformance suite (tests/conformance) runs every case on duckdb too; the differential
test against clingo is tests/engines/test_duckdb_agreement.py. No test here times anything
beyond a time limit's slack.
"""

from __future__ import annotations

import datetime
import time
from pathlib import Path

import duckdb
import pytest

import reasoner
from reasoner.engines import get_engine
from reasoner.engines import AUTO_THRESHOLD, engine_for_size
from reasoner.engines.duckdb.engine import DuckDBEngine, compile_sql
from reasoner.engines.duckdb.plan import Statement
from reasoner.engines.duckdb.values import BASE, Column, Dictionary, fact_columns
from reasoner.errors import EngineError, EngineTimeout, RuleCheckError
from reasoner.inference import load_rules
from reasoner.rules import Iri, Symbol, parse_program, print_rule
from reasoner.rules.ast import sort_key

CHAIN = 3000


def run_script(sql: str) -> None:
    """Run a compile_sql script on an empty database (each LOOP body runs once)."""
    con = duckdb.connect()
    try:
        con.execute(sql)
    finally:
        con.close()


def test_compile_sql_is_a_runnable_script_with_a_block_per_rule() -> None:
    program = load_rules()
    sql = compile_sql(program)
    run_script(sql)
    for rule in program.rules:
        if not rule.is_fact:
            assert f"{rule.span}: {print_rule(rule, dict(program.prefixes))}" in sql
    assert "-- ==== stratum 1 " in sql and "-- ==== stratum 3 " in sql
    assert 'WITH RECURSIVE "same_bloc#rec"(c0, c1) AS (' in sql
    assert "const_id('symbol', 'joint_statement')" in sql
    assert "LOOP" not in sql  # the shipped recursion is linear


def test_compile_sql_shows_the_semi_naive_loop_for_nonlinear_recursion() -> None:
    sql = compile_sql(parse_program(
        "p(X, Y) :- e(X, Y). p(X, Y) :- p(X, Z), p(Z, Y).\n"
        "n(X, N) :- e(X, _), N = count { Y : p(X, Y), not e(X, Y) }.\n"
        'z :- not q(_). q("it\'s") :- e(_, _).', source="r.dl"))
    run_script(sql)
    assert "-- p: semi-naive loop" in sql and '"p#delta" AS t0, "p" AS t1' in sql
    assert "LATERAL (SELECT count(*) AS n FROM (SELECT DISTINCT" in sql
    assert "const_id('string', 'it''s')" in sql


def test_compile_sql_refuses_a_program_with_errors() -> None:
    with pytest.raises(RuleCheckError) as caught:
        compile_sql(parse_program("p(X) :- s(X), not q(X). q(X) :- s(X), not p(X)."))
    assert {d.code for d in caught.value.diagnostics} == {"unstratifiable"}


def test_a_3000_step_chain_closes_in_one_recursive_query() -> None:
    program = parse_program("path(X, Y) :- edge(X, Y). path(X, Y) :- path(X, Z), edge(Z, Y).")
    assert "WITH RECURSIVE" in compile_sql(program)
    model = get_engine("duckdb").evaluate(program, {"edge": {(i, i + 1) for i in range(CHAIN)}})
    assert len(model["path"]) == CHAIN * (CHAIN + 1) // 2
    assert (0, CHAIN) in model["path"]


def test_deep_mutual_and_nonlinear_recursion() -> None:
    program = parse_program("""
        reach(0).
        reach(Y) :- odd(X), edge(X, Y).
        odd(Y) :- reach(X), edge(X, Y).
        path(X, Y) :- edge(X, Y), X < 200. path(X, Y) :- path(X, Z), path(Z, Y).""")
    model = get_engine("duckdb").evaluate(program, {"edge": {(i, i + 1) for i in range(400)}})
    assert model["reach"] == {(i,) for i in range(0, 401, 2)}
    assert model["odd"] == {(i,) for i in range(1, 401, 2)}
    assert len(model["path"]) == 200 * 201 // 2


def test_counted_variables_shared_with_the_rule_group_the_count_as_in_clingo() -> None:
    program = parse_program("p(X, Y, N) :- q(X, Y), N = count { Y : r(X, Y) }.")
    a, b = Symbol("a"), Symbol("b")
    facts = {"q": {(a, 1), (a, 2), (b, 5)}, "r": {(a, 1), (a, 2), (a, 3)}}
    model = get_engine("duckdb").evaluate(program, facts)
    assert model == get_engine("clingo").evaluate(program, facts)
    assert model["p"] == {(a, 1, 1), (a, 2, 1), (b, 5, 0)}


def test_predicate_names_that_are_sql_keywords_or_differ_in_case() -> None:
    program = parse_program("select(X) :- group(X). aB(X) :- group(X), X > 1. ab(X) :- group(X).")
    model = get_engine("duckdb").evaluate(program, {"group": {(1,), (2,)}})
    assert model["select"] == {(1,), (2,)} and model["ab"] == {(1,), (2,)}
    assert model["aB"] == {(2,)}


def test_columns_that_mix_kinds_keep_the_value_order() -> None:
    values = [3, Symbol("b"), "b", Iri("http://x/b"), datetime.date(2022, 2, 4), -1,
              Symbol("a"), "", Iri("http://x/a"), datetime.date(1, 1, 1)]
    dictionary = Dictionary([Column.of(values)])
    ids = list(dictionary.encode(Column.of(values)))
    assert sorted(values, key=sort_key) == [values[ids.index(i)] for i in sorted(ids)]
    assert list(dictionary.decode(ids)) == values
    assert min(i for i in ids if i >= BASE) == BASE
    unordered = Dictionary([Column.of(values)], ordered=False)  # programs without < or >
    assert list(unordered.decode(unordered.encode(Column.of(values)))) == values


def test_facts_are_checked_a_column_at_a_time_as_strictly_as_every_engine_checks_them() -> None:
    many = {(i, Symbol(f"s{i}")) for i in range(1000)}
    assert [sorted(c.values, key=sort_key) for c in fact_columns({"v": many})["v"]] == \
        [sorted(c, key=sort_key) for c in zip(*many)]
    for odd, message in (((True, Symbol("a")), "not a rule value"),
                         ((2**64, Symbol("a")), "64-bit"),
                         ((2**62, Symbol("a")), "cannot hold the integer"),
                         ((0.5, Symbol("a")), "cannot hold the float"),
                         ((datetime.datetime(2020, 1, 1), Symbol("a")), "not a rule value"),
                         ((1,), "mix 2 and 1 values|mix 1 and 2 values")):
        with pytest.raises(EngineError, match=message):
            fact_columns({"v": many | {odd}})


def test_a_tuple_subclass_is_a_row_like_any_tuple() -> None:
    class Pair(tuple):  # type: ignore[type-arg]
        pass

    model = get_engine("duckdb").evaluate(parse_program("p(X) :- v(X, _). q :- w."),
                                          {"v": {Pair((1, 2)), (3, 4)}, "w": {()}})
    assert model["p"] == {(1,), (3,)} and model["q"] == {()}


def test_timeout_interrupts_a_long_query() -> None:
    program = parse_program("p(X, Y) :- e(X, Y). p(X, Y) :- p(X, Z), e(Z, Y).")
    chain = {"e": {(i, i + 1) for i in range(20_000)}}
    started = time.monotonic()
    with pytest.raises(EngineTimeout, match="duckdb engine was stopped after its time limit"):
        get_engine("duckdb").evaluate(program, chain, timeout=0.5)
    assert time.monotonic() - started < 5.0


def test_timeout_stops_the_semi_naive_loop() -> None:
    program = parse_program("r(0). r(Y) :- r(X), e(X, Y), s(Y). s(Y) :- r(X), e(X, Y).")
    started = time.monotonic()
    with pytest.raises(EngineTimeout):
        get_engine("duckdb").evaluate(program, {"e": {(i, i + 1) for i in range(100_000)}},
                                      timeout=0.5)
    assert time.monotonic() - started < 5.0


def test_duckdb_errors_become_engine_errors_with_the_rules_span() -> None:
    from reasoner.engines.duckdb import engine as duckdb_engine

    program = parse_program("p(X) :- v(X).", source="r.dl")
    con = duckdb.connect()
    run = duckdb_engine._Runner(con, program, None, None)
    with pytest.raises(EngineError) as caught:
        run.execute(Statement("SELECT * FROM nowhere", program.rules[0]))
    (d,) = caught.value.diagnostics
    assert d.message.startswith("duckdb: Catalog Error") and str(d.span) == "r.dl:1:1"
    assert "p(X) :- v(X)." in d.render()


def test_threads_option_is_honoured() -> None:
    model = DuckDBEngine(threads=1).evaluate(parse_program("p(X) :- v(X)."), {"v": {(1,)}})
    assert model["p"] == {(1,)}


def test_engine_for_size() -> None:
    assert engine_for_size(0) == "clingo"
    assert engine_for_size(AUTO_THRESHOLD - 1) == "clingo"
    assert engine_for_size(AUTO_THRESHOLD) == "duckdb"
    assert engine_for_size(10_000_000) == "duckdb"


def test_seed_conclusions_are_identical_to_clingos() -> None:
    kb = reasoner.open("memory")
    try:
        kb.ingest_files([Path(__file__).parents[2] / "seeds"])
        duck = kb.conclusions(engine="duckdb").derived.facts
        assert duck == kb.conclusions(engine="clingo").derived.facts
        assert duck["aligned"] and duck["same_bloc"]
    finally:
        kb.close()
