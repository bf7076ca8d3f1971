"""Stores: named graphs replaced atomically, persistence, SPARQL over the union, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from reasoner.errors import QueryError, StoreError
from reasoner.stores import open_store

G1, G2 = URIRef("http://example.org/g1"), URIRef("http://example.org/g2")
A, P, B = URIRef("http://example.org/a"), URIRef("http://example.org/p"), URIRef("http://example.org/b")


@pytest.fixture(params=["memory", "oxigraph"])
def store(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    spec = "memory" if request.param == "memory" else str(tmp_path / "store")
    opened = open_store(spec)
    yield opened
    opened.close()


def test_replace_graph_replaces_only_that_graph(store) -> None:  # type: ignore[no-untyped-def]
    store.replace_graphs({G1: [(A, P, B)], G2: [(B, P, A)]})
    store.replace_graphs({G1: [(A, P, Literal("new"))]})
    assert set(store.triples(G1)) == {(A, P, Literal("new"))}
    assert set(store.triples(G2)) == {(B, P, A)}
    assert store.graph_names() == [G1, G2]


def test_query_sees_the_union_of_graphs_with_project_prefixes(store) -> None:  # type: ignore[no-untyped-def]
    aligned = URIRef("https://w3id.org/reasoner/vocab#aligned")
    store.replace_graphs({G1: [(A, aligned, B)], G2: [(B, aligned, A)]})
    rows = list(store.query("SELECT ?x ?y WHERE { ?x voc:aligned ?y } ORDER BY ?x"))
    assert [(str(r[0]), str(r[1])) for r in rows] == [(str(A), str(B)), (str(B), str(A))]


def test_malformed_query_is_a_query_error_with_a_caret(store) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(QueryError) as caught:
        store.query("SELECT ?x WHERE {\n  ?x ?p ?y .\n  FILTR }")
    rendered = caught.value.render()
    assert "malformed SPARQL query" in rendered
    assert "FILTR" in rendered and "^" in rendered


def test_embedded_store_survives_reopening(tmp_path: Path) -> None:
    location = str(tmp_path / "store")
    first = open_store(location)
    first.replace_graphs({G1: [(A, P, B)]})
    first.close()
    second = open_store(location)
    assert set(second.triples(G1)) == {(A, P, B)}
    second.close()


def test_a_file_is_not_a_store(tmp_path: Path) -> None:
    path = tmp_path / "not-a-folder"
    path.write_text("x")
    with pytest.raises(StoreError, match="is a file, not a folder"):
        open_store(str(path))


def test_strings_compare_equal_across_stores(tmp_path: Path) -> None:
    memory, embedded = open_store("memory"), open_store(str(tmp_path / "s"))
    for opened in (memory, embedded):
        opened.replace_graphs({G1: [(A, P, Literal("text")), (A, P, Literal(3))]})
    assert set(memory.triples(G1)) == set(embedded.triples(G1))


def test_bulk_writes_replace_graphs_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reasoner.stores import oxigraph

    monkeypatch.setattr(oxigraph, "BULK_THRESHOLD", 0)
    store = open_store(str(tmp_path / "s"))
    store.replace_graphs({G1: [(A, P, B)], G2: [(B, P, A)]})
    store.replace_graphs({G1: [(A, P, Literal("new"))]})
    assert set(store.triples(G1)) == {(A, P, Literal("new"))}
    assert set(store.triples(G2)) == {(B, P, A)}
    assert store.graph_names() == [G1, G2]


def test_a_write_killed_half_way_leaves_the_graph_absent_on_reopen(tmp_path: Path) -> None:
    import pyoxigraph as ox

    from reasoner.stores.oxigraph import PENDING, PENDING_MARK

    location = str(tmp_path / "s")
    store = open_store(location)
    store.replace_graphs({G1: [(A, P, B)]})
    # What a process killed during a bulk write leaves behind: the mark, and part of the graph.
    store.native.update(f"INSERT DATA {{ GRAPH <{PENDING}> {{ <{G2}> <{PENDING_MARK}> true }} }}")
    store.native.bulk_extend([ox.Quad(ox.NamedNode(str(B)), ox.NamedNode(str(P)), ox.NamedNode(str(A)),
                                      ox.NamedNode(str(G2)))])
    store.close()
    reopened = open_store(location)
    assert reopened.graph_names() == [G1]
    assert set(reopened.triples(G1)) == {(A, P, B)}
