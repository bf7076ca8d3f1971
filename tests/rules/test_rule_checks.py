"""Semantic checks: each problem is a Diagnostic with code, span and message."""

from __future__ import annotations

import pytest

from reasoner.errors import RuleCheckError
from reasoner.rules import check_program, errors_of, parse_program, strata


def codes(text: str, edb: dict[str, int] | list[tuple[str, int]] | None = None) -> list[tuple[str, int, int, str]]:
    found = check_program(parse_program(text), edb=edb or {})
    return [(d.code, d.span.line, d.span.column, d.message) for d in found if d.span]


def test_a_clean_program_has_no_diagnostics() -> None:
    text = """
    aligned(X, Y) :- joint_statement(X, Y).
    aligned(X, Y) :- aligned(Y, X).
    lonely(X) :- state(X), not aligned(X, _).
    n(X, N) :- state(X), N = count { Y : aligned(X, Y) }.
    label(X, L) :- state(X), L = "state".
    """
    assert check_program(parse_program(text), edb={"joint_statement": 2, "state": 1}) == []


@pytest.mark.parametrize(("text", "column", "message"), [
    ("p(X, Y) :- q(X).", 6, "unsafe variable 'Y' in the head"),
    ("p(X) :- q(X), not r(X, Y).", 24, "'Y': it is negated"),
    ("p(X) :- q(X), X < Y.", 19, "'Y': it is compared"),
    ("p(_) :- q(_).", 3, "anonymous variable '_' cannot appear in a head"),
    ("p(X).", 3, "a fact cannot contain variables"),
    ("p(X, N) :- q(X), N = count { Y : r(Z, Y) }, Z != X.", 36,
     "it groups the count"),
    ("p(N) :- N = count { Y : r(Y), not s(Y, W) }.", 40, "in the aggregate"),
    ("p(X) :- q(X), X < _.", 19, "'_' cannot be compared"),
])
def test_unsafe_variables(text: str, column: int, message: str) -> None:
    found = [c for c in codes(text, {"q": 1, "r": 2, "s": 2}) if c[0] == "unsafe-variable"]
    assert found, text
    assert any(c[2] == column and message in c[3] for c in found), found


def test_equalities_bind() -> None:
    assert codes("p(X, Y) :- q(X), Y = X. r(Z) :- q(_), Z = 3.", {"q": 1}) == []


def test_two_arities_are_two_predicates() -> None:
    # q/1 comes from the data; q/2 is defined by nothing: a warning naming the arity q has.
    (found,) = check_program(parse_program("p(X) :- q(X).\nr(X) :- q(X, X)."), edb={"q": 1})
    assert (found.code, found.severity, found.span.line, found.span.column) == (
        "unknown-predicate", "warning", 2, 9)
    assert found.message.startswith("predicate 'q/2' is not defined")
    assert found.hint == "'q' is known with 1 argument: did you mean 'q/1'?"
    # a program may define the other arity itself: no diagnostic at all
    assert codes("q(X, X) :- s(X).\np(X) :- q(X), q(X, X).", {"s": 1, "q": 1}) == []


def test_a_name_may_negate_its_other_arity() -> None:
    # p/1 depends on not p/2: no cycle, because p/1 and p/2 are different predicates
    assert codes("p(X, X) :- s(X).\np(X) :- s(X), not p(X, a).", {"s": 1}) == []


def test_edb_may_list_a_name_with_two_arities() -> None:
    assert codes("p(X) :- q(X), q(X, _).", [("q", 1), ("q", 2)]) == []


def test_unknown_predicate_is_a_warning_with_did_you_mean() -> None:
    diagnostics = check_program(parse_program("p(X) :- stat(X).\nr(X) :- stat(X)."),
                                edb={"state": 1})
    (d,) = diagnostics  # one warning per predicate, at its first use
    assert (d.code, d.severity, d.hint) == ("unknown-predicate", "warning",
                                            "did you mean 'state/1'?")
    assert "so it is empty" in d.message
    assert errors_of(diagnostics) == []
    assert "  |         ^^^^^^^" in d.render()


def test_unstratifiable_negation_names_the_cycle() -> None:
    found = codes("p(X) :- s(X), not q(X).\nq(X) :- s(X), p(X).", {"s": 1})
    assert found == [("unstratifiable", 1, 15,
                      "negation on a recursive cycle: p -> not q -> p")]


def test_unstratifiable_count_names_the_cycle() -> None:
    found = codes("n(X, N) :- s(X), N = count { Y : m(Y) }.\nm(Y) :- n(Y, _).", {"s": 1})
    assert found[0][0] == "unstratifiable"
    assert found[0][3].endswith("n -> count m -> n")


def test_strata_order_negation_and_counts() -> None:
    program = parse_program("""
        r(N) :- N = count { X : p(X) }.
        p(X) :- e(X, Y), not q(Y).
        q(X) :- e(X, X).
        q(X) :- q(Y), e(Y, X).
    """)
    assert [set(s.predicates) for s in strata(program)] == [{"q"}, {"p"}, {"r"}]
    assert len(strata(program)[0].rules) == 2


def test_strata_raise_for_unstratifiable_programs() -> None:
    with pytest.raises(RuleCheckError, match="p -> not p"):
        strata(parse_program("p(X) :- e(X), not p(X)."))
