"""Arithmetic, floats and sum/min/max: parsing, printing, checks and the reference semantics."""

from __future__ import annotations

import datetime

import pytest

from reasoner.errors import RuleSyntaxError
from reasoner.rules import (Aggregate, BinOp, Comparison, Const, Symbol, Var, check_program,
                            errors_of, parse_program, print_program)
from reasoner.rules.arith import aggregate, apply, evaluate
from reasoner.rules.rewrite import bind_head_arithmetic, name_arithmetic_steps

D = datetime.date


def body_of(text: str) -> tuple[object, ...]:
    return parse_program(text).rules[0].body


def test_times_binds_tighter_than_plus_and_both_group_to_the_left() -> None:
    (_, cmp) = body_of("p(N) :- q(M), N = M + 2 * 3 - 1.")
    assert cmp == Comparison("=", Var("N"), BinOp(
        "-", BinOp("+", Var("M"), BinOp("*", Const(2), Const(3))), Const(1)))


@pytest.mark.parametrize("text", ["M-1", "M - 1", "M -1"])
def test_minus_after_an_operand_is_subtraction_not_a_sign(text: str) -> None:
    (_, cmp) = body_of(f"p(N) :- q(M), N = {text}.")
    assert cmp.right == BinOp("-", Var("M"), Const(1))


def test_mod_is_a_word_and_stays_a_symbol_elsewhere() -> None:
    (atom, cmp) = body_of("p(N) :- q(M, mod), N = M mod 2.")
    assert atom.args[1] == Const(Symbol("mod")) and cmp.right == BinOp("mod", Var("M"), Const(2))


@pytest.mark.parametrize(("text", "value"), [("1.5", 1.5), ("-0.25", -0.25), ("2e3", 2000.0),
                                             ("1.5E-2", 0.015), ("7", 7)])
def test_float_literals(text: str, value: object) -> None:
    fact = parse_program(f"p({text}).").rules[0]
    assert fact.head.args[0] == Const(value) and type(fact.head.args[0].value) is type(value)


def test_printing_reads_back_the_same_program() -> None:
    text = ("p(N - (1 - 2), (N + 1) * 2, N mod 3, 2e3, -0.5) :- q(N), N / 2 >= 1.\n"
            "s(S, L) :- S = sum { W, E : w(E, W) }, L = min { W : w(_, W) }.\n")
    program = parse_program(text)
    assert parse_program(print_program(program)) == program
    assert print_program(program).startswith("p(N - (1 - 2), (N + 1) * 2, N mod 3, 2000.0")


@pytest.mark.parametrize("func", ["count", "sum", "min", "max"])
def test_every_aggregate_parses(func: str) -> None:
    (agg,) = body_of(f"p(N) :- N = {func} {{ W, E : w(E, W) }}.")
    assert isinstance(agg, Aggregate) and agg.func == func


def test_an_unknown_aggregate_names_the_known_ones() -> None:
    with pytest.raises(RuleSyntaxError, match="unknown aggregate 'summ'") as caught:
        parse_program("p(N) :- N = summ { W : w(W) }.")
    assert caught.value.diagnostics[0].hint == "did you mean 'sum'?"


@pytest.mark.parametrize(("text", "code", "where"), [
    ("p(N) :- q(M), N = M + Z.", "unsafe-variable", 23),
    ("p(M + Z) :- q(M).", "unsafe-variable", 7),
    ("p(M) :- q(M), q(M + 1).", "arithmetic-in-body", 17),
    ("p(M) :- q(M), not q(M * 2).", "arithmetic-in-body", 21),
    ("p(S) :- S = sum { W : q(W), r(W + 1) }.", "arithmetic-in-body", 31),
    ("q(S) :- S = max { W : q(W) }.", "unstratifiable", 9),
])
def test_checks_refuse_unbound_arithmetic_and_arithmetic_in_atoms(text: str, code: str,
                                                                   where: int) -> None:
    errors = errors_of(check_program(parse_program(text), edb={"q": 1, "r": 1}))
    assert (code, where) in [(d.code, d.span.column) for d in errors]


def test_bindings_chain_and_heads_may_compute() -> None:
    text = "p(N, K + 1) :- q(M), N = M + 1, K = N * 2, K - N > 0."
    assert check_program(parse_program(text), edb={"q": 1}) == []


def test_head_arithmetic_moves_into_the_body() -> None:
    program = bind_head_arithmetic(parse_program("p(M + 1, M) :- q(M, Head0)."))
    rule = program.rules[0]
    assert rule.head.args == (Var("Head1"), Var("M"))
    assert rule.body[-1] == Comparison("=", Var("Head1"), BinOp("+", Var("M"), Const(1)))


def test_nested_arithmetic_is_named_step_by_step() -> None:
    program = parse_program("big(N) :- n(N), N * 2 + 1 > 5, X = (N - 1) * (N + 1), X > 0.")
    named = name_arithmetic_steps(program)
    assert print_program(named).strip() == (
        "big(N) :- n(N), Step0 = N * 2, Step0 + 1 > 5, Step1 = N - 1, Step2 = N + 1, "
        "X = Step1 * Step2, X > 0.")
    flat = parse_program("p(N) :- n(N), N + 1 > 2.")
    assert name_arithmetic_steps(flat) is flat


@pytest.mark.parametrize(("op", "a", "b", "result"), [
    ("/", 7, 2, 3), ("/", -7, 2, -3), ("/", 7, -2, -3), ("mod", -7, 2, -1), ("mod", 7, -2, 1),
    ("/", 7, 0, None), ("mod", 7, 0, None), ("/", 7, 2.0, 3.5), ("+", 1, 0.5, 1.5),
    ("/", 1.0, 0.0, None), ("*", 2**62, 2, None), ("*", 1e308, 10.0, None),
    ("-", D(2022, 3, 2), D(2022, 2, 24), 6), ("+", D(2024, 2, 28), 1, D(2024, 2, 29)),
    ("+", 1, D(2023, 12, 31), D(2024, 1, 1)), ("-", D(2022, 1, 1), 1, D(2021, 12, 31)),
    ("+", D(9999, 12, 31), 1, None), ("+", D(2022, 1, 1), D(2022, 1, 1), None),
    ("+", Symbol("a"), 1, None), ("*", "x", 2, None), ("+", D(2022, 1, 1), 1.5, None),
])
def test_the_reference_semantics(op: str, a: object, b: object, result: object) -> None:
    got = apply(op, a, b)  # type: ignore[arg-type]
    assert got == result and type(got) is type(result)


def test_an_undefined_part_makes_the_whole_expression_undefined() -> None:
    expr = BinOp("+", BinOp("/", Var("X"), Const(0)), Const(1))
    assert evaluate(expr, {"X": 4}) is None
    assert evaluate(BinOp("*", Var("X"), Const(3)), {"X": 4}) == 12


def test_aggregates_work_on_distinct_tuples_of_their_first_element() -> None:
    rows = [(3, Symbol("e1")), (3, Symbol("e2")), (Symbol("x"), Symbol("e3")), (-1, Symbol("e4"))]
    assert aggregate("sum", rows) == 5 and aggregate("count", rows) == 4
    assert aggregate("min", rows) == -1 and aggregate("max", rows) == Symbol("x")
    assert aggregate("sum", []) == 0 and aggregate("min", []) is None
    assert aggregate("sum", [(0.5,), (1,)]) == 1.5
