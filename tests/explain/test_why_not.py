"""Atoms that do not hold: a one-line refusal from explain, the missing premise from why-not."""

from __future__ import annotations

import pytest

from reasoner.errors import QueryError, ReasonerError
from reasoner.explain import ExplainError, why_not, why_not_model
from reasoner.engines import get_engine
from reasoner.rules import parse_program
from reasoner.rules.ast import Symbol


def test_explain_of_a_fact_that_does_not_hold_says_so_in_one_line(explainer):
    with pytest.raises(ExplainError) as caught:
        explainer.explain("aligned(ukraine, china)")
    assert isinstance(caught.value, ReasonerError)
    assert caught.value.render() == "error: aligned(ukraine, china) does not hold; try --why-not"


def test_explain_of_a_pattern_without_answers(explainer):
    with pytest.raises(ExplainError, match=r"^error: no fact matches aligned\(ukraine, Y\)$"):
        explainer.explain("aligned(ukraine, Y)")


@pytest.mark.parametrize("text, message", [
    ("aligned(russia, china", "expected"),
    ("aligned(russia, china), aligned(china, russia)", "explain takes one atom"),
    ("not aligned(russia, china)", ""),
    ("alinged(russia, china)", "did you mean 'aligned'"),
    ("aligned(russia)", "'aligned' takes 2 arguments, not 1"),
])
def test_malformed_atoms_are_query_errors_with_a_caret(explainer, text, message):
    with pytest.raises(QueryError) as caught:
        explainer.explain(text)
    rendered = caught.value.render()
    assert message in rendered
    assert "^" in rendered and "Traceback" not in rendered


def test_why_not_names_the_missing_premise_of_the_closest_instance(explainer):
    why = explainer.why_not("aligned(ukraine, china)")
    best = why.attempts[0]
    assert best.location == "rules/alignment.dl:7" and (best.score, best.total) == (3, 4)
    (missing,) = best.missing
    assert missing.literals == ("party(event:2022-02-04-russia-china-united-front/3-1, ukraine)",)
    assert missing.reason.startswith(
        "no sentence says ukraine and china took part in a joint_statement (closest: the "
        "joint_statement in sentence 3 of 2022-02-04-russia-china-united-front")
    assert missing.reason.endswith("does not have ukraine as a party)")
    assert why.summary.startswith("aligned(ukraine, china) does not hold; closest: rules/alignment.dl:7 "
                                  "(3 of 4 premises hold): no sentence says ukraine and china")


def test_why_not_recurses_one_level_into_a_derived_missing_link(explainer):
    why = explainer.why_not("aligned(ukraine, china)")
    symmetric = next(a for a in why.attempts if a.location == "rules/alignment.dl:13")
    (missing,) = symmetric.missing
    assert missing.derived and missing.reason == "aligned(china, ukraine) does not hold"
    assert {a.location for a in missing.deeper} >= {"rules/alignment.dl:7", "rules/alignment.dl:8"}
    assert all(not m.deeper for a in missing.deeper for m in a.missing)  # one level only


def test_why_not_words_actor_and_target_roles(explainer):
    why = explainer.why_not("mediation_offer(china, ukraine, russia)")
    assert why.attempts[0].missing[0].reason.startswith(
        "no sentence reports a mediation_offer with china as actor and ukraine and russia as targets")


def test_why_not_reports_a_negation_that_fails(explainer):
    why = explainer.why_not("unconditional_threat(european_union, russia)")
    (missing,) = why.attempts[0].missing
    assert missing.reason == "conditional_threat(european_union, russia) holds, and the rule needs it not to"


def test_why_not_for_a_predicate_no_rule_derives(explainer):
    why = explainer.why_not("member_of(china, nato)")
    assert not why.attempts
    assert why.summary == ("member_of(china, nato) does not hold: no rule derives 'member_of', "
                           "and no sentence or background fact says member_of(china, nato)")


def test_why_not_refuses_what_holds_and_patterns(explainer):
    with pytest.raises(ExplainError, match="aligned\\(russia, china\\) holds; use explain"):
        explainer.why_not("aligned(russia, china)")
    with pytest.raises(QueryError, match="ground atom"):
        explainer.why_not("aligned(X, china)")


def test_why_not_over_a_knowledge_base(seed_kb):
    assert why_not(seed_kb, "aligned(turkey, ukraine)").attempts[0].missing[0].reason.startswith(
        "no sentence says turkey and ukraine took part in a joint_statement (closest: the host in "
        "sentence 20")


def test_why_not_without_events_uses_plain_facts():
    program = parse_program("ally(X, Y) :- member_of(X, O), member_of(Y, O), alliance(O), X != Y.\n"
                            "alliance(nato).", source="allies.dl")
    facts = {"member_of": {(Symbol("france"), Symbol("nato")), (Symbol("china"), Symbol("sco"))}}
    model = get_engine("clingo").evaluate(program, facts)
    why = why_not_model(program, facts, model, "ally(france, china)")
    (attempt,) = why.attempts
    assert attempt.score == 4 - 1
    assert [m.reason for m in attempt.missing] == [
        "no sentence or background fact says member_of(china, nato)"]
