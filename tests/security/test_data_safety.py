"""Nothing is lost: writes are all or nothing, and an export ingested afresh is the same graph.

- A failure half-way through ``replace_graphs`` (or through an ingest) leaves every store as it
  was: the memory store and the embedded Oxigraph store here; the remote stores in
  tests/remote/test_remote_store.py; a SIGKILLed ingest in tests/durability.
- ``reasoner export --format trig`` then ``reasoner ingest FILE.trig`` into a fresh store gives
  the same graphs (isomorphic, graph by graph) for the seed and for a generated corpus of
  10,000 sentences (bench/, read-only; that one takes minutes, so it runs with
  REASONER_LONG_TESTS=1, as `make fuzz` sets).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Iterator

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

import reasoner
from reasoner.kb import KnowledgeBase
from reasoner.rdf import iris, mapping
from reasoner.stores import Store, open_store

ROOT = Path(__file__).resolve().parents[2]
G1, G2 = URIRef("http://example.org/g1"), URIRef("http://example.org/g2")


def triple(i: int) -> tuple[URIRef, URIRef, Literal]:
    return URIRef(f"http://example.org/s{i}"), URIRef("http://example.org/p"), Literal(i)


class Exploding(list):  # type: ignore[type-arg]
    """Triples that fail after ``after`` of them have been read: a failure half-way."""

    def __init__(self, items: list[Any], after: int) -> None:
        super().__init__(items)
        self.after = after

    def __iter__(self) -> Iterator[Any]:
        for n, item in enumerate(list.__iter__(self)):
            if n == self.after:
                raise RuntimeError("injected failure half-way through the write")
            yield item


@pytest.fixture(params=["memory", "oxigraph"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    opened = open_store("memory" if request.param == "memory" else str(tmp_path / "store"))
    yield opened
    opened.close()


def snapshot(store: Store) -> list[Any]:
    return sorted(store.quads())


def test_replace_graphs_is_all_or_nothing(store: Store) -> None:
    store.replace_graphs({G1: [triple(1)], G2: [triple(2)]})
    before = snapshot(store)
    for after in (0, 1, 3):
        with pytest.raises(RuntimeError, match="injected"):
            store.replace_graphs({G1: [triple(10), triple(11)],
                                  G2: Exploding([triple(20 + i) for i in range(5)], after)})
        assert snapshot(store) == before
    with pytest.raises(RuntimeError, match="injected"):  # a new graph is not left behind either
        store.replace_graphs({URIRef("http://example.org/new"): Exploding([triple(30), triple(31)], 1)})
    assert snapshot(store) == before and URIRef("http://example.org/new") not in store.graph_names()


def test_an_ingest_that_fails_half_way_leaves_nothing(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    kb = KnowledgeBase(store)
    kb.ingest("Vladimir Putin met Xi Jinping in Beijing on February 4.", doc_id="first", date="2022-02-04")
    before = snapshot(store)
    real = mapping.document_triples
    monkeypatch.setattr(mapping, "document_triples",
                        lambda doc, known: Exploding(real(doc, known), 5))
    with pytest.raises(RuntimeError, match="injected"):
        kb.ingest("Boris Johnson visited Kyiv on February 1.", doc_id="second", date="2022-02-04")
    assert snapshot(store) == before
    assert iris.document_graph("second") not in store.graph_names()


# -- export, then ingest afresh -------------------------------------------------------------------
def cli(*args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "reasoner", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stderr


def assert_same_graphs(first: Path, second: Path) -> int:
    """Every named graph of the two stores is isomorphic; the number of triples compared."""
    with reasoner.open(store=str(first)) as a, reasoner.open(store=str(second)) as b:
        names = a.store.graph_names()
        assert names == b.store.graph_names()
        total = 0
        for name in names:
            left, right = set(a.store.triples(name)), set(b.store.triples(name))
            if any(isinstance(t, BNode) for spo in left | right for t in spo):
                assert isomorphic(_graph(left), _graph(right)), name
            else:
                assert left == right, (name, sorted(left ^ right)[:5])
            total += len(left)
    return total


def _graph(triples: set[Any]) -> Graph:
    graph = Graph()
    for t in triples:
        graph.add(t)
    return graph


def round_trip(tmp_path: Path, original: Path) -> int:
    exported = tmp_path / "export.trig"
    cli("--store", str(original), "export", "--format", "trig", "-o", str(exported))
    cli("--store", str(tmp_path / "fresh"), "ingest", str(exported))
    return assert_same_graphs(original, tmp_path / "fresh")


def test_the_seed_survives_export_and_ingest(tmp_path: Path) -> None:
    cli("--store", str(tmp_path / "seed"), "ingest", str(ROOT / "seeds"))
    cli("--store", str(tmp_path / "seed"), "infer")
    assert round_trip(tmp_path, tmp_path / "seed") > 2000


@pytest.mark.skipif(not os.environ.get("REASONER_LONG_TESTS"),
                    reason="about 2-5 minutes: run by `make fuzz` (REASONER_LONG_TESTS=1)")
def test_a_generated_corpus_of_10000_sentences_survives_export_and_ingest(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT))
    try:
        from bench.corpus import article_document, articles
        from bench.stages import open_kb, world_for
    finally:
        sys.path.remove(str(ROOT))
    location = tmp_path / "corpus"
    kb = open_kb(location, seed=7)
    known = frozenset(e.key for e in kb.lexicon.entities())
    sentences = 0
    for article in articles(world_for(7), 10_000, seed=7):
        document = article_document(article, kb.lexicon)
        kb.store.replace_graphs({iris.document_graph(document.doc_id): mapping.document_triples(document, known)})
        sentences += len(document.sentences)
    kb.infer()
    kb.close()
    assert sentences >= 9_000
    assert round_trip(tmp_path, location) > 100_000
