"""The embedded store's bulk paths give exactly what the slow paths give: facts read with SPARQL
(OxigraphStore.facts) equal atoms.facts_from_triples over rdflib triples, and derived facts
bulk-loaded as N-Triples are the triples the rdflib path writes, all or nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

import reasoner
from reasoner.errors import StoreError
from reasoner.inference import infer
from reasoner.rdf import atoms
from reasoner.rdf.namespaces import ENT, INFERRED_GRAPH, VOC
from reasoner.rules.ast import Iri, Symbol
from reasoner.stores import oxigraph
from reasoner.stores.oxigraph import OxigraphStore

SEEDS = Path(__file__).parents[2] / "seeds"
G1, G2, G3 = (URIRef(f"http://example.org/g{i}") for i in (1, 2, 3))
TRICKY = [
    Literal('say "no"'), Literal("back\\slash"), Literal("line\nbreak\r\ttab"), Literal("Ünï ☃ 😀"),
    Literal("bonjour", lang="fr"), Literal("2022-02-04", datatype=XSD.date),
    Literal("2022-02-30", datatype=XSD.date), Literal("42", datatype=XSD.integer),
    Literal(str(2**40), datatype=XSD.integer), Literal("1.5", datatype=XSD.decimal),
    Literal("1E3", datatype=XSD.double), Literal("true", datatype=XSD.boolean), Literal("\x01"),
    ENT["russia"], URIRef("http://example.org/x"), BNode("b1"),
]


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    kb = reasoner.open(str(tmp_path_factory.mktemp("seed") / "store"))
    kb.ingest_files([SEEDS])
    kb.infer()
    yield kb
    kb.close()


def slow_facts(store: OxigraphStore, graphs: list[URIRef]) -> atoms.Facts:
    return atoms.facts_from_triples(t for g in graphs for t in store.triples(g))


def test_seed_facts_are_the_same_by_sparql_and_by_rdflib(seed_store) -> None:  # type: ignore[no-untyped-def]
    store = seed_store.store
    for which in ("asserted", "documents", "background", "all"):
        graphs = seed_store.graphs(which)
        assert store.facts(graphs) == slow_facts(store, graphs), which


def test_graphs_named_to_oxigraph_give_the_same_facts(seed_store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(oxigraph, "MAX_LEFT_OUT", 0)  # name the graphs instead of a FILTER
    graphs = seed_store.graphs("asserted")
    assert seed_store.store.facts(graphs) == slow_facts(seed_store.store, graphs)


def test_tricky_terms_read_the_same(tmp_path: Path) -> None:
    store = OxigraphStore(str(tmp_path / "s"))
    subjects = [ENT[f"e{i}"] for i in range(len(TRICKY))]
    store.replace_graphs({
        G1: [(s, VOC.label_of, o) for s, o in zip(subjects, TRICKY)] +
            [(s, RDFS.label, o) for s, o in zip(subjects, TRICKY)] +
            [(s, RDF.type, VOC.State) for s in subjects] + [(BNode("x"), VOC.actor, ENT["a"])],
        G2: [(ENT["e0"], VOC.actor, ENT["b"]), (ENT["e0"], VOC.char_start, Literal(3))],
        G3: [(ENT["e9"], VOC.actor, ENT["c"])],
    })
    for graphs in ([G1, G2, G3], [G1], [G2, G3], [], [URIRef("http://example.org/none")]):
        assert store.facts(graphs) == slow_facts(store, graphs), graphs
    store.close()


DERIVED = atoms.Derived({
    "aligned": frozenset({(Symbol("russia"), Symbol("china")), (Symbol("a"), 'q "x"\n\\')}),
    "state": frozenset({(Symbol("russia"),), (Iri("http://example.org/x"),)}),
    "on": frozenset({(Symbol("a"), dt.date(2022, 2, 4)), ("text", 7)}),
    "between": frozenset({(Symbol("a"), Symbol("meeting"), dt.date(2020, 1, 1), -3, "é")}),
})


@pytest.mark.parametrize("threshold", [0, 10**9], ids=["bulk", "one update"])
def test_derived_triples_are_stored_as_the_rdflib_triples(tmp_path: Path, threshold: int,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(oxigraph, "BULK_THRESHOLD", threshold)
    fast, slow = OxigraphStore(str(tmp_path / "fast")), OxigraphStore(str(tmp_path / "slow"))
    for store in (fast, slow):
        store.replace_graphs({INFERRED_GRAPH: [(ENT["old"], VOC.actor, ENT["gone"])]})
    fast.replace_graphs({INFERRED_GRAPH: DERIVED.triples()})
    slow.replace_graphs({INFERRED_GRAPH: list(DERIVED.triples())})
    assert set(fast.triples(INFERRED_GRAPH)) == set(slow.triples(INFERRED_GRAPH))
    assert fast.count(INFERRED_GRAPH) == len(DERIVED.triples())
    assert fast.graph_names() == slow.graph_names() == [INFERRED_GRAPH]


def test_a_failed_bulk_load_leaves_the_graph_absent(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(oxigraph, "BULK_THRESHOLD", 0)
    store = OxigraphStore(str(tmp_path / "s"))
    store.replace_graphs({INFERRED_GRAPH: DERIVED.triples()})
    bad = atoms.Derived({"state": frozenset({(Iri("not an iri"),)})})
    with pytest.raises(StoreError, match="writing to the store"):
        store.replace_graphs({INFERRED_GRAPH: bad.triples(), G1: [(ENT["a"], VOC.actor, ENT["b"])]})
    assert store.graph_names() == []  # each graph of the failed write wholly absent
    store.close()
    assert OxigraphStore(str(tmp_path / "s")).graph_names() == []


def test_infer_on_the_embedded_store_matches_the_memory_store(seed_store) -> None:  # type: ignore[no-untyped-def]
    memory = reasoner.open("memory")
    memory.ingest_files([SEEDS])
    report = infer(memory.store, memory.graphs("asserted"))
    assert set(seed_store.store.triples(INFERRED_GRAPH)) == set(memory.store.triples(INFERRED_GRAPH))
    assert seed_store.store.count(INFERRED_GRAPH) == len(report.derived.triples())
    memory.close()


def test_a_repeated_inference_writes_only_the_difference(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """A large inferred graph that changes a little is updated in place (one transaction),
    and ends exactly as on a store that never had an inferred graph."""
    from reasoner.resources import seeds_dir

    sentence = "Hungary offered to mediate between Ukraine and Russia."
    kb = reasoner.open(str(tmp_path / "store"))
    kb.ingest_files([seeds_dir()])
    monkeypatch.setattr(oxigraph, "BULK_THRESHOLD", 100)  # the seed's inferred graph is "large"
    kb.infer()
    kb.ingest(sentence, doc_id="extra", date="2022-02-04")
    used = []
    original = OxigraphStore._replace_by_difference
    monkeypatch.setattr(OxigraphStore, "_replace_by_difference", lambda self, name, triples: used.append(
        (name, original(self, name, triples))) or used[-1][1])
    kb.infer()
    assert used == [(INFERRED_GRAPH, True)]
    fresh = reasoner.open("memory")
    fresh.ingest_files([seeds_dir()])
    fresh.ingest(sentence, doc_id="extra", date="2022-02-04")
    fresh.infer()
    assert kb.export(format="nquads", graph="inferred") == fresh.export(format="nquads", graph="inferred")
    kb.ingest_files([seeds_dir()])  # nothing changes: no difference, nothing written
    kb.infer()
    assert [done for name, done in used if name == INFERRED_GRAPH] == [True, True]
    assert kb.export(format="nquads", graph="inferred") == fresh.export(format="nquads", graph="inferred")


@pytest.mark.parametrize("query", [
    "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o",
    "SELECT ?s ?missing WHERE { ?s ?p ?o OPTIONAL { ?o ?q ?missing } } ORDER BY ?s",
    "SELECT (COUNT(*) AS ?n) (SAMPLE(?o) AS ?any) WHERE { GRAPH ?g { ?s ?p ?o } }",
    "SELECT ?o WHERE { ?s rdf:type ?o } ORDER BY ?o",
    "ASK { ?s ?p \"bonjour\"@fr }",
    "ASK { ?s voc:nothing ?o }",
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
])
def test_native_queries_answer_as_rdflib_does(tmp_path: Path, query: str) -> None:
    """OxigraphStore.query answers SELECT and ASK on Oxigraph itself: the same Result, row for
    row and term for term (a literal keeps its datatype), as the rdflib Dataset path."""
    store = OxigraphStore(str(tmp_path / "store"))
    store.replace_graphs({G1: [(URIRef(f"http://example.org/s{i}"), RDF.type, o)
                               for i, o in enumerate(TRICKY) if not isinstance(o, BNode)],
                          G2: [(BNode("b2"), RDFS.label, o) for o in TRICKY]})
    native, through_rdflib = store.query(query), super(OxigraphStore, store).query(query)
    assert native.type == through_rdflib.type
    if native.type == "ASK":
        assert native.askAnswer == through_rdflib.askAnswer
    elif native.type == "SELECT":
        assert native.vars == through_rdflib.vars
        assert [tuple(r) for r in native] == [tuple(r) for r in through_rdflib]
        assert [r.asdict() for r in native] == [r.asdict() for r in through_rdflib]
    else:
        assert set(native.graph) == set(through_rdflib.graph)
    store.close()


@pytest.mark.parametrize("threshold", [0, 10**9], ids=["bulk N-Quads", "one update"])
def test_rendered_graphs_are_stored_as_their_triples(tmp_path: Path, threshold: int,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Stamped document graphs carry their N-Triples lines (RenderedTriples): written as one
    N-Quads load or as SPARQL text, they hold exactly the triples, tricky literals too; a graph
    with blank nodes takes the term-by-term path."""
    from reasoner.rdf.stream import rendered, stamp_of

    monkeypatch.setattr(oxigraph, "BULK_THRESHOLD", threshold)
    subjects = [ENT[f"e{i}"] for i in range(len(TRICKY))]
    plain = [(s, VOC.label_of, o) for s, o in zip(subjects, TRICKY) if not isinstance(o, BNode)]
    blank = [(BNode("x"), VOC.actor, ENT["a"]), (ENT["a"], VOC.actor, ENT["b"])]
    graphs = {G1: rendered(G1, plain), G2: rendered(G2, blank), G3: rendered(G3, plain[:2])}
    assert graphs[G1][-1] == stamp_of(G1, plain) and not graphs[G1].has_blank_nodes
    assert graphs[G2].has_blank_nodes
    store = OxigraphStore(str(tmp_path / "s"))
    store.replace_graphs({G1: [(ENT["old"], VOC.actor, ENT["gone"])]})
    store.replace_graphs(graphs)
    for name, triples in graphs.items():
        stored = set(store.triples(name))
        if name == G2:
            assert len(stored) == len(triples) and (ENT["a"], VOC.actor, ENT["b"]) in stored
        else:
            assert stored == set(triples), name
    assert store.graph_names() == sorted(graphs)
    store.close()
