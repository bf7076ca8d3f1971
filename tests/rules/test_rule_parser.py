"""The rule grammar: every construct parses to the expected AST, prints back, and errors are
diagnostics with line, column, caret and expected tokens."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from reasoner.errors import InputError, QueryError, RuleSyntaxError
from reasoner.rules import (Aggregate, Atom, Comparison, Const, Iri, Negation, Query, Rule,
                            Symbol, Var, load_program, parse_program, parse_query,
                            print_program)

CASES = sorted((Path(__file__).parents[1] / "conformance" / "cases").glob("*.dl"))


def one_rule(text: str) -> Rule:
    (rule,) = parse_program(text).rules
    return rule


def test_rule_with_every_literal_kind() -> None:
    rule = one_rule('p(X, N) :- q(X, _), not r(X), X != "a", N = count { Y : s(X, Y) }.')
    assert rule.head == Atom("p", (Var("X"), Var("N")))
    q, neg, cmp, agg = rule.body
    assert q == Atom("q", (Var("X"), Var("_")))
    assert neg == Negation(Atom("r", (Var("X"),)))
    assert cmp == Comparison("!=", Var("X"), Const("a"))
    assert agg == Aggregate(Var("N"), "count", (Var("Y"),), (Atom("s", (Var("X"), Var("Y"))),))


@pytest.mark.parametrize(("text", "value"), [
    ("russia", Symbol("russia")),
    ("united_kingdom", Symbol("united_kingdom")),
    ('"Kyiv\'s \\"standoff\\"\\n"', 'Kyiv\'s "standoff"\n'),
    ("42", 42),
    ("-7", -7),
    ("2022-02-04", datetime.date(2022, 2, 4)),
    ("<http://example.org/x>", Iri("http://example.org/x")),
    ("ex:x", Iri("http://example.org/x")),
    ("ex:a.b-c", Iri("http://example.org/a.b-c")),
])
def test_constants(text: str, value: object) -> None:
    rule = one_rule(f"@prefix ex: <http://example.org/> .\np({text}).")
    assert rule.head.args == (Const(value),)  # type: ignore[arg-type]
    assert type(rule.head.args[0].value) is type(value)  # type: ignore[union-attr]


def test_spans_point_into_the_source() -> None:
    rule = parse_program("% comment\nalso(X) :-\n  q(X).", source="f.dl").rules[0]
    assert rule.span is not None and (rule.span.line, rule.span.column) == (2, 1)
    assert rule.body[0].span is not None and rule.body[0].span.line == 3
    assert str(rule.body[0].span) == "f.dl:3:3"


def test_comments_facts_and_zero_arity() -> None:
    program = parse_program("% only a comment\np. q :- p. % trailing\n")
    assert [r.head.pred for r in program.rules] == ["p", "q"]
    assert program.rules[0].is_fact and not program.rules[1].is_fact


def test_queries_in_programs_and_alone() -> None:
    program = parse_program("p(a). ?- p(X), X != b.")
    assert program.queries == (Query((Atom("p", (Var("X"),)),
                                      Comparison("!=", Var("X"), Const(Symbol("b"))))),)
    for text in ("aligned(X, Y)", "?- aligned(X, Y).", "aligned(X, Y).", "?-aligned(X,Y)"):
        assert parse_query(text).body == (Atom("aligned", (Var("X"), Var("Y"))),)
    assert [v.name for v in parse_query("p(X, _), q(Y, X)").variables] == ["X", "Y"]


def test_bad_queries_raise_query_error() -> None:
    with pytest.raises(QueryError) as caught:
        parse_query("aligned(X Y)")
    assert caught.value.diagnostics[0].span.column == 11  # type: ignore[union-attr]
    with pytest.raises(QueryError, match="unsafe variable 'X'"):
        parse_query("not aligned(X, russia)")


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_round_trip_on_every_case(path: Path) -> None:
    lines = [l for l in path.read_text().splitlines() if not l.startswith("%%")]
    program = parse_program("\n".join(lines))
    assert parse_program(print_program(program)) == program


def test_printer_uses_prefixes_and_escapes() -> None:
    text = '@prefix ex: <http://example.org/> .\np(ex:a, <http://other.org/b>, "q\\"\\n").\n'
    assert print_program(parse_program(text)) == text


@pytest.mark.parametrize(("text", "line", "column", "message"), [
    ("p(X) :- q(X)\nr(X) :- q(X).", 2, 1, "missing '.'"),
    ("P(X) :- q(X).", 1, 1, "lower-case letter"),
    ("p(X) <- q(X).", 1, 6, "comes after ':-'"),
    ("p(1e999).", 1, 3, "too large for a double"),
    ("p(2022-02-30).", 1, 3, "not a valid date"),
    ("p(zz:a).", 1, 3, "unknown prefix 'zz:'"),
    ("p(N) :- N < count { X : q(X) }.", 1, 9, "assigned to a named variable"),
    ("p(99999999999999999999).", 1, 3, "64-bit"),
    ("p(X) :- q(X", 1, 12, "unexpected end of input"),
    ("p(not).", 1, 3, "'not' is a reserved word"),
])
def test_syntax_errors(text: str, line: int, column: int, message: str) -> None:
    with pytest.raises(RuleSyntaxError) as caught:
        parse_program(text, source="r.dl")
    first = caught.value.diagnostics[0]
    assert first.span is not None and (first.span.line, first.span.column) == (line, column)
    assert message in first.render()
    assert "^" in first.render() and first.render().startswith(f"r.dl:{line}:{column}: error")


def test_syntax_error_lists_expected_tokens_by_name() -> None:
    with pytest.raises(RuleSyntaxError) as caught:
        parse_program("p(X) :- q(X), .")
    expected = caught.value.diagnostics[0].expected
    assert "a variable" in expected and "a name" in expected and "'not'" in expected


def test_load_program_merges_files_and_folders(tmp_path: Path) -> None:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "a.dl").write_text("@prefix ex: <http://e/> .\na(ex:x).")
    (tmp_path / "rules" / "b.dl").write_text("b(X) :- a(X).")
    (tmp_path / "c.dl").write_text("c(X) :- b(X).")
    program = load_program([tmp_path / "rules", tmp_path / "c.dl"])
    assert [r.head.pred for r in program.rules] == ["a", "b", "c"]
    assert program.prefixes == (("ex", "http://e/"),)
    assert program.rules[1].span is not None and program.rules[1].span.source.endswith("b.dl")


def test_load_program_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such rule file"):
        load_program([tmp_path / "missing.dl"])
    (tmp_path / "x.dl").write_text("p(X :- q.")
    (tmp_path / "y.dl").write_text("q(X) :- .")
    with pytest.raises(RuleSyntaxError) as caught:
        load_program([tmp_path])
    assert [d.span.source[-4:] for d in caught.value.diagnostics] == ["x.dl", "y.dl"]  # type: ignore[union-attr]
