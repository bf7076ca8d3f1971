"""Incremental maintenance gives the model a full evaluation gives, whatever changes.

Every conformance program, its facts split at random into what is there at first, what is then
added and what is then removed; the maintained model is compared with clingo's model of the
final facts (clingo is the reference engine; sparql for the cases with values clingo cannot hold,
floats and 64-bit integers, as known_defects lists them).
"""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from reasoner.incremental import MaintainedModel
from reasoner.inference import derived_facts, evaluate
from tests.conformance.known_defects import KNOWN
from tests.conformance.test_conformance import CASE_FILES, load_case

Facts = dict[str, set[tuple]]
# The maintained model keys relations by name: a name with two arities (case 51) is not yet
# maintained incrementally (issue 16, left for later; the engines and `ask` handle it).
NAME_ARITY_CASES = {"51-same-name-two-arities"}
CASES = [case for case in map(load_case, CASE_FILES)
         if case.expected_error is None and case.name not in NAME_ARITY_CASES]


def engine_for(case) -> str:
    return "sparql" if KNOWN.get(("clingo", case.name), ("",))[0] == "refuses" else "clingo"


def reference(program, facts: Facts, engine: str = "clingo") -> dict[str, frozenset]:
    model = evaluate(program, facts, engine)  # in this process: a child per call cost ~0.4 s
    return derived_facts(program, model, facts).facts


def split(facts: Facts, rng: random.Random) -> tuple[Facts, Facts, Facts]:
    """(first, added, removed): ``removed`` is taken from ``first``."""
    first: Facts = {}
    added: Facts = {}
    removed: Facts = {}
    for pred, rows in facts.items():
        for row in sorted(rows, key=repr):
            roll = rng.random()
            target = first if roll < 0.5 else added
            target.setdefault(pred, set()).add(row)
            if roll < 0.15:
                removed.setdefault(pred, set()).add(row)
    return first, added, removed


def apply_and_compare(case, first: Facts, added: Facts, removed: Facts) -> None:
    engine = engine_for(case)
    before = reference(case.program, first, engine)
    model = MaintainedModel(case.program, first, before, engine=engine)
    change = model.apply(added, removed)
    final = {p: (first.get(p, set()) | added.get(p, set())) - removed.get(p, set())
             for p in {*first, *added}}
    after = reference(case.program, final, engine)
    assert model.all_derived() == after
    for pred in {*before, *after}:  # the reported change of derived facts is the difference
        found = change.derived.get(pred)
        assert (found.added if found else set()) == after.get(pred, set()) - before.get(pred, set())
        assert (found.removed if found else set()) == before.get(pred, set()) - after.get(pred, set())


@pytest.fixture(params=["dred", "afresh"])
def broad(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """``afresh``: every component past zero overdeleted facts is evaluated by the engine."""
    if request.param == "afresh":
        monkeypatch.setattr("reasoner.incremental.BROAD", 0)
    return request.param


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_adding_every_fact_to_nothing(case, broad: str) -> None:
    apply_and_compare(case, {}, case.facts, {})


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_removing_every_fact(case, broad: str) -> None:
    apply_and_compare(case, case.facts, {}, case.facts)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1))
def test_random_changes(case, broad: str, seed: int) -> None:
    first, added, removed = split(case.facts, random.Random(seed))
    apply_and_compare(case, first, added, removed)


@pytest.fixture(scope="module")
def seed_kb():
    import reasoner
    from reasoner.resources import seeds_dir

    kb = reasoner.open("memory")
    kb.ingest_files([seeds_dir()])
    return kb


def test_shipped_rules_follow_each_document_out_and_back(seed_kb) -> None:
    """Every document of the seed, removed and then added back, on the shipped rules."""
    from reasoner.inference import asserted_facts

    program = seed_kb.program()
    everything = seed_kb.facts()
    model = MaintainedModel(program, everything, reference(program, everything))
    others = [g for g in seed_kb.graphs("asserted")]
    for graph in others:
        own = asserted_facts(seed_kb.store, [graph])
        rest = asserted_facts(seed_kb.store, [g for g in others if g != graph])
        gone = {p: rows - rest.get(p, set()) for p, rows in own.items()}
        model.apply({}, gone)
        assert model.all_derived() == reference(program, rest)
        model.apply(gone, {})
        assert model.all_derived() == reference(program, everything)


def test_shipped_rules_follow_each_event_out_and_back(seed_kb) -> None:
    """Each event of the seed article, its facts retracted and asserted again."""
    from reasoner.rules.ast import Iri

    program = seed_kb.program()
    everything = seed_kb.facts()
    model = MaintainedModel(program, everything, reference(program, everything))
    events = sorted(row[0] for row in everything["event_type"])
    assert len(events) > 30
    for event in events[::3]:
        assert isinstance(event, Iri)
        own = {p: {r for r in rows if r[0] == event} for p, rows in everything.items()}
        rest = {p: rows - own[p] for p, rows in everything.items()}
        model.apply({}, own)
        assert model.all_derived() == reference(program, rest), event
        model.apply(own, {})
        assert model.all_derived() == reference(program, everything), event


def test_a_rehearsal_leaves_the_model_as_it_was(seed_kb) -> None:
    program = seed_kb.program()
    everything = seed_kb.facts()
    model = MaintainedModel(program, everything, reference(program, everything))
    before = {p: set(t.rows) for p, t in model.tables.items()}
    model.rehearse()
    assert {p: set(t.rows) for p, t in model.tables.items() if t.rows or p in before} == before
    assert any(t._indexes for t in model.tables.values())
