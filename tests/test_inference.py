"""reasoner.inference: inference reads only the facts its program can use, and concludes the same."""

from __future__ import annotations

from pathlib import Path

import pytest

import reasoner
from reasoner.inference import asserted_facts, conclude, program_facts
from reasoner.rules import parse_program

SEEDS = Path(__file__).parents[1] / "seeds"


@pytest.fixture(scope="module", params=["memory", "oxigraph"])
def kb(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    spec = "memory" if request.param == "memory" else str(tmp_path_factory.mktemp("kb") / "store")
    opened = reasoner.open(spec)
    opened.ingest_files([SEEDS])
    yield opened
    opened.close()


def test_program_facts_are_the_asserted_facts_of_the_predicates_it_mentions(kb) -> None:  # type: ignore[no-untyped-def]
    graphs = kb.graphs("asserted")
    everything = asserted_facts(kb.store, graphs)
    program = parse_program("met(X, Y) :- actor(E, X), target(E, Y), event_type(E, meeting).\n"
                            "spoken(S) :- sentence_number(S, _).\nstate(X) :- state(X).\n"
                            "named(X, L) :- label(X, L).\n")
    read = program_facts(kb.store, graphs, program)
    assert set(read) == {"actor", "target", "event_type", "sentence_number", "state", "label"}
    assert {p: set(r) for p, r in read.items()} == {p: set(everything[p]) for p in read}
    assert set(everything) - set(read)  # titles, spans, texts, ... were left in the store


def test_the_shipped_rules_conclude_the_same_from_their_facts_as_from_all(kb) -> None:  # type: ignore[no-untyped-def]
    graphs, program = kb.graphs("asserted"), kb.program()
    narrow = conclude(program, program_facts(kb.store, graphs, program))
    whole = conclude(program, asserted_facts(kb.store, graphs))
    assert narrow.derived.facts == whole.derived.facts
    assert narrow.edb_facts < whole.edb_facts


def test_auto_takes_the_engine_that_holds_floats_and_wide_integers() -> None:
    from reasoner.inference import resolve_engine
    from reasoner.rules import parse_program
    from reasoner.rules.ast import Symbol

    narrow = {"tone": {(Symbol("a"), 3)}}
    assert resolve_engine("auto", narrow) == "clingo"
    assert resolve_engine("auto", {"tone": {(Symbol("a"), -2.5)}}) == "sparql"
    assert resolve_engine("auto", {"size": {(Symbol("a"), 2 ** 40)}}) == "sparql"
    wide_rule = parse_program("big(X) :- tone(X, N), N > 5000000000.\n")
    assert resolve_engine("auto", narrow, wide_rule) == "sparql"
    assert resolve_engine("clingo", {"tone": {(Symbol("a"), -2.5)}}) == "clingo"  # asked for: refused later
