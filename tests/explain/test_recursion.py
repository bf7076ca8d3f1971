"""Well-founded proofs for recursive rules over cycles, on fixed and on generated programs."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reasoner.engines import get_engine
from reasoner.explain import explain_model
from reasoner.rules import parse_program
from reasoner.rules.ast import Symbol

BLOCS = """
aligned(X, Y) :- joint(X, Y).
aligned(X, Y) :- aligned(Y, X).
same_bloc(X, Y) :- aligned(X, Y), X != Y.
same_bloc(X, Z) :- same_bloc(X, Y), aligned(Y, Z), X != Z.
"""


def symbols(*names: str) -> tuple[Symbol, ...]:
    return tuple(Symbol(n) for n in names)


def cycle_facts() -> dict:
    # a -> b -> c -> a, and c -> d: every alignment lies on a cycle
    return {"joint": {symbols("a", "b"), symbols("b", "c"), symbols("c", "a"), symbols("c", "d")}}


@pytest.mark.parametrize("engine", ["clingo", "pydatalog"])
def test_bloc_closure_over_a_cycle_is_well_founded(engine, proof_checker):
    program = parse_program(BLOCS, source="blocs.dl")
    facts = cycle_facts()
    model = get_engine(engine).evaluate(program, facts, timeout=30)
    explanation = explain_model(program, facts, model, "same_bloc(X, Y)", limit=100, all=True)
    assert explanation.total_answers == 12  # all ordered pairs of {a, b, c, d}
    for answer in explanation.answers:
        for n, proof in enumerate(answer.proofs):
            proof_checker(proof, program, facts, model, strict_ranks=n == 0)
    proof = explain_model(program, facts, model, "same_bloc(d, b)").answers[0].proofs[0]
    assert proof.rank >= 3 and proof_checker(proof, program, facts, model) < 40


def test_circular_alternatives_are_left_out(proof_checker):
    program = parse_program(BLOCS, source="blocs.dl")
    facts = cycle_facts()
    model = get_engine("clingo").evaluate(program, facts)
    # aligned(b, a) holds only through aligned(a, b): "aligned(a, b) because aligned(b, a)" would
    # be circular, so aligned(a, b) has one derivation
    answer = explain_model(program, facts, model, "aligned(a, b)", all=True).answers[0]
    assert [p.step.rule_index for p in answer.proofs] == [0] and answer.alternatives == 1
    # once joint(b, a) is stated too, the symmetric rule is a second, independent derivation
    facts["joint"].add(symbols("b", "a"))
    model = get_engine("clingo").evaluate(program, facts)
    answer = explain_model(program, facts, model, "aligned(a, b)", all=True).answers[0]
    assert [p.step.rule_index for p in answer.proofs] == [0, 1]
    assert answer.proofs[1].step.premises[0].fact.text == "aligned(b, a)"
    for proof in answer.proofs:
        proof_checker(proof, program, facts, model, strict_ranks=False)


# -- generated programs -------------------------------------------------------------------------

NODES = ("a", "b", "c", "d", "e")
TEMPLATES = (
    "p(X, Y) :- edge(X, Y).",
    "p(X, Z) :- p(X, Y), edge(Y, Z).",
    "p(X, Z) :- edge(X, Y), p(Y, Z).",
    "p(X, Z) :- p(X, Y), p(Y, Z).",
    "p(X, Y) :- p(Y, X).",
    "p(X, Y) :- edge(X, Y), mark(Y).",
    "q(X, Y) :- p(X, Y), X != Y.",
    "q(X, Y) :- q(Y, X).",
    "q(X, Z) :- q(X, Y), p(Y, Z).",
    "q(X, Y) :- edge(X, Y), not mark(X).",
    "q(a, b).",
    "r(X) :- q(X, _).",
    "r(X) :- mark(X).",
    "r(Y) :- r(X), edge(X, Y).",
    "s(X) :- node(X), not r(X).",
    "t(X, N) :- node(X), N = count { Y : p(X, Y) }.",
    "u(X) :- t(X, N), N >= 2.",
    "u(X) :- u(Y), p(Y, X), s(X).",
)
PATTERNS = {"p": "p(X, Y)", "q": "q(X, Y)", "r": "r(X)", "s": "s(X)", "t": "t(X, N)", "u": "u(X)"}

edges = st.sets(st.tuples(st.sampled_from(NODES), st.sampled_from(NODES)), min_size=1, max_size=10)
marks = st.sets(st.sampled_from(NODES), max_size=3)
programs = st.lists(st.sampled_from(TEMPLATES), min_size=1, max_size=8, unique=True)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rules=programs, edge_rows=edges, marked=marks)
def test_generated_programs_have_well_founded_proofs_made_of_rule_instances(
        rules, edge_rows, marked, proof_checker):
    program = parse_program("\n".join(rules), source="generated.dl")
    facts = {
        "edge": {symbols(x, y) for x, y in edge_rows},
        "node": {symbols(n) for n in NODES},
        "mark": {symbols(m) for m in marked},
    }
    model = get_engine("clingo").evaluate(program, facts)
    for pred in sorted({r.head.pred for r in program.rules}):
        if not model.get(pred):
            continue
        explanation = explain_model(program, facts, model, PATTERNS[pred], limit=1000)
        assert explanation.total_answers == len(model[pred])  # every conclusion is explained
        for answer in explanation.answers:
            proof_checker(answer.proofs[0], program, facts, model)
        for answer in explain_model(program, facts, model, PATTERNS[pred], limit=4, all=True).answers:
            assert 1 <= len(answer.proofs) <= answer.alternatives
            for n, proof in enumerate(answer.proofs):
                proof_checker(proof, program, facts, model, strict_ranks=n == 0)


def test_the_checker_rejects_circular_and_wrong_steps(proof_checker):
    """The property above is only as good as its checker: it must catch bad proofs."""
    from dataclasses import replace

    program = parse_program(BLOCS, source="blocs.dl")
    facts = cycle_facts()
    model = get_engine("clingo").evaluate(program, facts)
    proof = explain_model(program, facts, model, "same_bloc(a, c)").answers[0].proofs[0]
    circular = replace(proof, step=replace(proof.step, premises=(proof,) + proof.step.premises[1:]))
    with pytest.raises(AssertionError):
        proof_checker(circular, program, facts, model)
    wrong_rule = replace(proof, step=replace(proof.step, rule_index=0))
    with pytest.raises(AssertionError):
        proof_checker(wrong_rule, program, facts, model)


def test_deep_proofs_build_and_render_without_hitting_the_recursion_limit():
    from reasoner.explain import Explainer, render, supporting_sentences

    n = 1050  # a proof 1050 steps deep: deeper than Python's default recursion limit
    program = parse_program("reach(n0).\nreach(Y) :- reach(X), edge(X, Y).", source="reach.dl")
    facts = {"edge": {symbols(f"n{i}", f"n{i + 1}") for i in range(n)}}
    model = get_engine("clingo").evaluate(program, facts)
    explanation = Explainer(program, facts, model).explain(f"reach(n{n})", all=True)
    proof = explanation.answers[0].proofs[0]
    assert proof.rank == n and len(list(proof.leaves())) == n + 1
    assert supporting_sentences(explanation) == []
    assert render(explanation, "turtle").count("a prov:Activity") == n
