"""Consoles over one in-memory knowledge base, emptied of documents before each test (writing
the background graph and parsing the lexicon once keeps the suite quick)."""

from __future__ import annotations

from typing import Iterator

import pytest

from reasoner.cnl import Lexicon
from reasoner.kb import KnowledgeBase
from reasoner.rdf import iris
from reasoner.rdf.namespaces import INFERRED_GRAPH
from reasoner.repl import Console
from reasoner.stores import open_store


@pytest.fixture(scope="session")
def base_lexicon() -> Lexicon:
    return Lexicon.default()


@pytest.fixture(scope="session")
def shared_kb(base_lexicon: Lexicon) -> Iterator[KnowledgeBase]:
    with KnowledgeBase(open_store("memory"), base_lexicon.copy()) as knowledge:
        yield knowledge


@pytest.fixture
def kb(shared_kb: KnowledgeBase, base_lexicon: Lexicon) -> KnowledgeBase:
    """The shared knowledge base with no documents, no inferred graph and a fresh lexicon."""
    store = shared_kb.store
    for graph in [*map(iris.document_graph, shared_kb.documents()), INFERRED_GRAPH]:
        store.remove_graph(graph)
        if graph in store.graph_names():
            store.dataset.remove_graph(graph)
    shared_kb.lexicon = base_lexicon.copy()
    assert shared_kb.documents() == []
    return shared_kb


@pytest.fixture
def console(kb: KnowledgeBase) -> Console:
    """A started console; the engine runs in-process (no time limit) to keep tests quick."""
    session = Console(kb, timeout=None)
    session.start()
    return session
