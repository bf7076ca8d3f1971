"""Explanations of conclusions drawn through arithmetic and sum/min/max."""

from __future__ import annotations

import datetime

from reasoner.engines import get_engine
from reasoner.explain.api import explain_model, why_not_model
from reasoner.explain.render import render_tree
from reasoner.rules import Symbol, parse_program

PROGRAM = parse_program("""
soon_after(M, T, D2 - D1) :- meeting(M, D1), threat(T, D2), D2 - D1 >= 0, D2 - D1 <= 7.
total(S) :- S = sum { W, E : weight(E, W) }.
heaviest(M) :- M = max { W : weight(_, W) }.
""")
FACTS = {"meeting": {(Symbol("m1"), datetime.date(2022, 2, 24))},
         "threat": {(Symbol("t1"), datetime.date(2022, 3, 2)),
                    (Symbol("t2"), datetime.date(2022, 4, 1))},
         "weight": {(Symbol("e1"), 3), (Symbol("e2"), 3)}}


def model() -> dict:
    return get_engine("clingo").evaluate(PROGRAM, FACTS)


def test_a_conclusion_through_date_arithmetic_is_explained() -> None:
    text = render_tree(explain_model(PROGRAM, FACTS, model(), "soon_after(m1, t1, 6)"))
    assert "meeting(m1, 2022-02-24)" in text and "threat(t1, 2022-03-02)" in text


def test_a_sum_and_a_max_are_explained() -> None:
    found = model()
    assert found["total"] == {(6,)} and found["heaviest"] == {(3,)}
    total = render_tree(explain_model(PROGRAM, FACTS, found, "total(6)"))
    assert "checked: 6 = sum { W, E : weight(E, W) }  [(3, e1), (3, e2)]" in total
    heaviest = render_tree(explain_model(PROGRAM, FACTS, found, "heaviest(3)"))
    assert "checked: 3 = max { W : weight(_, W) }" in heaviest


def test_why_not_a_threat_too_late() -> None:
    assert "D2 - D1 <= 7 is false" in repr(why_not_model(PROGRAM, FACTS, model(),
                                                         "soon_after(m1, t2, 36)"))
