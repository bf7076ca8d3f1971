"""Explanations on the seed article: sentences, rules, background and rule facts."""

from __future__ import annotations

from reasoner.explain import explain, supporting_sentences
from reasoner.explain.model import Proof

DOC = "2022-02-04-russia-china-united-front"


def leaves(proof: Proof) -> list[Proof]:
    return list(proof.leaves())


def test_aligned_names_the_joint_statement_sentence_and_the_rule(explainer):
    explanation = explainer.explain("aligned(russia, china)")
    (answer,) = explanation.answers
    proof = answer.proofs[0]
    assert proof.fact.text == "aligned(russia, china)" and proof.kind == "derived"
    assert proof.step.location == "rules/alignment.dl:7"
    assert proof.step.rule.startswith("aligned(X, Y) :- occurred(E, joint_statement)")
    assert dict(proof.step.bindings)["X"].name == "russia"
    sentences = supporting_sentences(explanation)
    assert [(doc, n) for doc, n, _ in sentences] == [(DOC, 3)]
    assert sentences[0][2].startswith("The joint statement, which noted")
    assert [c.text for c in proof.step.checks] == ["russia != china"]


def test_all_derivations_include_the_gas_deal_and_the_joint_appeal(explainer):
    answer = explainer.explain("aligned(russia, china)", all=True).answers[0]
    rules = [p.step.location for p in answer.proofs]
    assert rules[0] == "rules/alignment.dl:7"  # the canonical proof comes first
    assert {"rules/alignment.dl:8", "rules/alignment.dl:9", "rules/alignment.dl:13"} <= set(rules)
    assert answer.alternatives == len(answer.proofs) == 4
    numbers = [n for _, n, _ in supporting_sentences(explainer.explain("aligned(russia, china)", all=True))]
    assert numbers == [1, 3, 12]
    gas = [t for _, n, t in supporting_sentences(explainer.explain("aligned(russia, china)", all=True)) if n == 12]
    assert "natural gas" in gas[0]


def test_alternatives_are_bounded_with_a_count(explainer):
    answer = explainer.explain("aligned(russia, china)", all=True, limit=2).answers[0]
    assert len(answer.proofs) == 2 and answer.alternatives == 4


def test_leaves_are_marked_by_where_they_come_from(explainer, seed_kb):
    # Two signals link the United States to NATO: a shared opponent, and membership.
    proof = explainer.explain("bloc_link(united_states, nato)").answers[0].proofs[0]
    kinds = {leaf.fact.text: leaf.kind for leaf in leaves(proof)}
    assert kinds["member_of(united_states, nato)"] == "background"
    assert kinds["alliance(nato)"] == "rule_fact"
    rule_sources = {s.location for leaf in leaves(proof) if leaf.kind == "rule_fact" for s in leaf.sources}
    assert "rules/blocs.dl:11" in rule_sources  # alliance(nato)


def test_a_count_shows_what_it_counted(explainer):
    proof = explainer.explain("bloc_size(united_states, N)").answers[0].proofs[0]
    count = [c for c in proof.step.checks if c.kind == "count"][0]
    assert count.total == 4 and sorted(count.counted) == ["germany", "nato", "ukraine", "united_kingdom"]


def test_document_leaves_carry_document_sentence_and_text(explainer):
    proof = explainer.explain("aligned(russia, china)").answers[0].proofs[0]
    stated = [leaf for leaf in leaves(proof) if leaf.kind == "asserted"]
    assert stated
    for leaf in stated:
        (source,) = leaf.sources
        assert source.doc_id == DOC and source.sentence == 3
        assert source.sentence_iri.endswith(f"/doc/{DOC}/s3")
        assert source.subject.endswith(f"/event/{DOC}/3-1")


def test_variables_explain_each_answer(explainer):
    explanation = explainer.explain("aligned(X, Y)")
    assert explanation.total_answers == 4
    assert {a.fact.text for a in explanation.answers} == {
        "aligned(china, russia)", "aligned(russia, china)",
        "aligned(germany, united_kingdom)", "aligned(united_kingdom, germany)"}
    limited = explainer.explain("same_bloc(X, Y)", limit=3)
    assert len(limited.answers) == 3 and limited.total_answers > 3


def test_every_seed_conclusion_has_a_well_founded_proof(explainer, proof_checker):
    program, facts, model = explainer.program, explainer.facts, explainer.model
    checked = 0
    for pred in sorted({r.head.pred for r in program.rules if model.get(r.head.pred)}):
        arity = _arity(program, pred)
        query = f"{pred}({', '.join(f'V{i}' for i in range(arity))})" if arity else pred
        for answer in explainer.explain(query, limit=10_000).answers:
            proof_checker(answer.proofs[0], program, facts, model)
            checked += 1
    assert checked == sum(len(model[p]) for p in {r.head.pred for r in program.rules})


def _arity(program, pred: str) -> int:
    return next(r.head.arity for r in program.rules if r.head.pred == pred)


def test_one_call_form_over_a_knowledge_base(seed_kb):
    explanation = explain(seed_kb, "mediation_offer(turkey, ukraine, russia)")
    assert [n for _, n, _ in supporting_sentences(explanation)] == [20]
    assert explanation.engine == "clingo"
