"""The remote store and the sparql engine against real servers on loopback: the command line
end to end, replacing graphs in batches, failures that leave the store as it was, clear
messages for dead or misconfigured endpoints."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from SPARQLWrapper import JSON, SPARQLWrapper

import reasoner
from reasoner.errors import StoreError
from reasoner.rdf.namespaces import INFERRED_GRAPH, VOC
from reasoner.stores import open_store
from reasoner.stores.sparql import BATCH_TRIPLES, SparqlStore, parse_spec

ROOT = Path(__file__).resolve().parents[2]
CLI = [sys.executable, "-m", "reasoner"]


def cli(spec: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, "--store", spec, *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=300, check=False)


def sparql_select(url: str, query: str) -> list[dict[str, str]]:
    client = SPARQLWrapper(url)
    client.setQuery(query)
    client.setReturnFormat(JSON)
    rows = client.queryAndConvert()["results"]["bindings"]  # type: ignore[index]
    return [{k: v["value"] for k, v in row.items()} for row in rows]


def test_cli_ingest_infer_ask_on_the_server(remote) -> None:  # type: ignore[no-untyped-def]
    assert cli(remote.spec, "ingest", "seeds/").returncode == 0
    inferred = cli(remote.spec, "infer", "--engine", "sparql")
    assert inferred.returncode == 0, inferred.stderr
    assert "sparql:" in inferred.stdout
    asked = cli(remote.spec, "ask", "aligned(russia, china)")
    assert asked.returncode == 0, asked.stderr
    rows = sparql_select(remote.query_url, f"""
        SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{INFERRED_GRAPH}> {{
          <https://w3id.org/reasoner/id/russia> <{VOC}aligned> <https://w3id.org/reasoner/id/china> }} }}""")
    assert rows[0]["n"] == "1"
    total = sparql_select(remote.query_url,
                          f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{INFERRED_GRAPH}> {{ ?s ?p ?o }} }}")
    assert int(total[0]["n"]) > 50  # the seed's declared conclusions, as triples (94 today)


def test_in_store_inference_matches_clingo(remote) -> None:  # type: ignore[no-untyped-def]
    kb = reasoner.open(store=remote.spec)
    kb.ingest_files([ROOT / "seeds"])
    by_clingo = kb.infer(engine="clingo")
    expected = set(kb.store.triples(INFERRED_GRAPH))
    by_sparql = kb.infer(engine="sparql")
    assert by_sparql.derived.facts == by_clingo.derived.facts
    assert set(kb.store.triples(INFERRED_GRAPH)) == expected
    assert not [g for g in kb.store.graph_names() if str(g).startswith("urn:x-reasoner:")]


def test_large_graph_is_staged_and_replaced(remote) -> None:  # type: ignore[no-untyped-def]
    store = open_store(remote.spec)
    graph = URIRef("https://w3id.org/reasoner/graph/test-large")
    triples = [(URIRef(f"urn:s{i}"), VOC.n, Literal(i)) for i in range(3 * BATCH_TRIPLES + 7)]
    store.replace_graphs({graph: triples})
    assert store.count(graph) == len(triples)
    store.replace_graphs({graph: triples[:10]})
    assert store.count(graph) == 10
    assert len(set(store.triples(graph))) == 10


def test_failure_half_way_leaves_the_graph_as_it_was(remote, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    store = open_store(remote.spec)
    assert isinstance(store, SparqlStore)
    graph = URIRef("https://w3id.org/reasoner/graph/test-atomic")
    store.replace_graphs({graph: [(URIRef("urn:old"), VOC.n, Literal(1))]})
    calls = {"n": 0}
    real = store.client.update

    def flaky(text: str) -> None:
        calls["n"] += 1
        if calls["n"] == 3:
            raise StoreError("connection lost")
        real(text)

    monkeypatch.setattr(store.client, "update", flaky)
    many = [(URIRef(f"urn:s{i}"), VOC.n, Literal(i)) for i in range(5 * BATCH_TRIPLES)]
    with pytest.raises(StoreError):
        store.replace_graphs({graph: many})
    monkeypatch.undo()
    assert set(store.triples(graph)) == {(URIRef("urn:old"), VOC.n, Literal(1))}
    assert not [g for g in store.graph_names() if str(g).startswith("urn:x-reasoner:")]


def test_dead_endpoint_is_one_clear_line() -> None:
    done = cli("http://127.0.0.1:9/sparql", "ingest", "seeds/")
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert "cannot reach the SPARQL endpoint http://127.0.0.1:9/sparql" in done.stderr


def test_wrong_path_is_a_clear_message(oxigraph_server) -> None:  # type: ignore[no-untyped-def]
    base = oxigraph_server.query_url.rsplit("/", 1)[0]
    done = cli(f"{base}/nowhere", "query", "SELECT * WHERE { ?s ?p ?o } LIMIT 1")
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert "SPARQL endpoint" in done.stderr


def test_bad_query_is_a_query_error(remote) -> None:  # type: ignore[no-untyped-def]
    done = cli(remote.spec, "query", "SELECT WHERE {")
    assert done.returncode != 0 and "Traceback" not in done.stderr


def test_spec_syntax() -> None:
    assert parse_spec("http://h:8890/sparql") == ("http://h:8890/sparql", "http://h:8890/sparql")
    assert parse_spec("http://h:7878/query") == ("http://h:7878/query", "http://h:7878/update")
    assert parse_spec("http://h/q | https://h/u") == ("http://h/q", "https://h/u")
    with pytest.raises(StoreError):
        parse_spec("http://h/q|ftp://h/u")
