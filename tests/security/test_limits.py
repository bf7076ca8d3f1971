"""Runaway reasoning is stopped at the configured limit with a clear message, and nothing breaks.

A rule program whose model explodes (a cross product over 10,000 entities) is stopped by each
engine's time limit: the library raises EngineTimeout and leaves the inferred graph as it was;
the console says so and goes on answering. (The endpoint's own limit on runaway SPARQL is in
test_endpoint.py.)
"""

from __future__ import annotations

import time

import pytest
from rdflib import URIRef
from rdflib.namespace import RDF

import reasoner
from reasoner.errors import EngineTimeout
from reasoner.kb import KnowledgeBase
from reasoner.rdf.namespaces import INFERRED_GRAPH, VOC
from reasoner.repl.console import Console
from reasoner.rules import parse_program

ENTITIES = 10_000
LIMIT = 2.0
EXPLODES = "pair(X, Y, Z) :- thing(X), thing(Y), thing(Z).\n"  # 10^12 facts


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    knowledge = reasoner.open(store="memory")
    graph = URIRef("https://w3id.org/reasoner/graph/things")
    knowledge.store.replace_graphs({graph: [(URIRef(f"http://example.org/e{i}"), RDF.type, VOC.Thing)
                                            for i in range(ENTITIES)]})
    return knowledge


@pytest.mark.parametrize("engine", ["clingo", "duckdb"])
def test_an_exploding_model_is_stopped_at_the_time_limit(kb: KnowledgeBase, engine: str) -> None:
    before = sorted(kb.store.triples(INFERRED_GRAPH))
    started = time.monotonic()
    with pytest.raises(EngineTimeout) as stopped:
        kb.infer(engine=engine, program=parse_program(EXPLODES), timeout=LIMIT)
    assert time.monotonic() - started < LIMIT + 15
    message = stopped.value.render()
    assert f"stopped after its time limit of {LIMIT:g} s" in message and "Traceback" not in message
    assert sorted(kb.store.triples(INFERRED_GRAPH)) == before


def test_a_runaway_ask_is_stopped_too(kb: KnowledgeBase) -> None:
    with pytest.raises(EngineTimeout):
        kb.ask("thing(X), thing(Y), thing(Z), X != Y", program=parse_program("t(X) :- thing(X).\n"),
               timeout=LIMIT)


def test_the_console_reports_the_limit_and_keeps_working(kb: KnowledgeBase) -> None:
    console = Console(kb, timeout=LIMIT)
    assert "conclusions (clingo)" in console.handle(":help").text  # the session starts
    reply = console.handle(EXPLODES)
    assert reply.text.startswith("error: the clingo engine was stopped after its time limit of 2 s")
    assert "Traceback" not in reply.text
    assert "session rules (0)" in console.handle(":rules").text  # the rule was not kept
    assert console.handle("?- thing(<http://example.org/e42>).").text == "yes"
    added = console.handle("few(X) :- thing(X), X = <http://example.org/e1>.").text
    assert "+ few(<http://example.org/e1>)" in added
    assert console.handle("?- few(X).").text.endswith("1 row")
