"""The SPARQL endpoint, driven by a real client (SPARQLWrapper) over loopback HTTP."""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS
from SPARQLWrapper import CSV, JSON, POST, POSTDIRECTLY, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from reasoner.rdf.namespaces import BACKGROUND_GRAPH, ENT, FACT, INFERRED_GRAPH, VOC
from reasoner.serve import SparqlEndpoint, running
from reasoner.stores import Store, open_store

FILLER_GRAPH = URIRef("http://example.org/filler")
FILLER = 3000  # a three-way cross product over these is 2.7e10 rows: it never ends in time
TIME_LIMIT = 1.5
ROW_LIMIT = 1000
ALIGNED = "SELECT ?a ?b WHERE { GRAPH graph:inferred { ?a voc:aligned ?b } } ORDER BY ?a ?b"


def fill(store: Store) -> Store:
    labels = {"russia": "Russia", "china": "China", "turkey": "Turkey", "ukraine": "Ukraine"}
    background = [(ENT[k], RDFS.label, Literal(v)) for k, v in labels.items()]
    background += [(ENT[k], RDF.type, VOC.State) for k in labels]
    offer = FACT["mediation_offer/turkey/ukraine/russia"]
    inferred = [(ENT.russia, VOC.aligned, ENT.china), (ENT.china, VOC.aligned, ENT.russia),
                (offer, RDF.type, VOC.MediationOffer), (offer, VOC.arg1, ENT.turkey),
                (offer, VOC.arg2, ENT.ukraine), (offer, VOC.arg3, ENT.russia)]
    filler = [(URIRef(f"http://example.org/n{i}"), URIRef("http://example.org/p"), Literal(i))
              for i in range(FILLER)]
    store.replace_graphs({BACKGROUND_GRAPH: background, INFERRED_GRAPH: inferred, FILLER_GRAPH: filler})
    return store


@pytest.fixture(scope="module")
def endpoint() -> Iterator[SparqlEndpoint]:
    store = fill(open_store("memory"))
    with running(store, timeout=TIME_LIMIT, max_rows=ROW_LIMIT) as served:
        yield served


def client(url: str, query: str, fmt: str = JSON) -> SPARQLWrapper:
    sparql = SPARQLWrapper(url)
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    return sparql


def fetch(url: str, data: bytes | None = None, **headers: str) -> tuple[int, dict[str, str], str]:
    request = urllib.request.Request(url, data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def oversized_post(endpoint: SparqlEndpoint) -> int:
    """The status for a POST announcing a body over the limit: refused before it is sent."""
    parts = urllib.parse.urlsplit(endpoint.url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.putrequest("POST", parts.path)
        connection.putheader("Content-Type", "application/sparql-query")
        connection.putheader("Content-Length", str(10_000_000))
        connection.endheaders()
        return connection.getresponse().status
    finally:
        connection.close()


def get(endpoint: SparqlEndpoint, query: str, **headers: str) -> tuple[int, dict[str, str], str]:
    return fetch(endpoint.url + "?" + urllib.parse.urlencode({"query": query}), **headers)


# -- answers, in every format, through a real client ----------------------------------------------
def test_select_as_json(endpoint: SparqlEndpoint) -> None:
    result = client(endpoint.url, ALIGNED).queryAndConvert()
    pairs = [(b["a"]["value"], b["b"]["value"]) for b in result["results"]["bindings"]]
    assert pairs == [(str(ENT.china), str(ENT.russia)), (str(ENT.russia), str(ENT.china))]


def test_select_as_xml(endpoint: SparqlEndpoint) -> None:
    document = client(endpoint.url, ALIGNED, XML).queryAndConvert()
    uris = [node.firstChild.data for node in document.getElementsByTagName("uri")]
    assert uris == [str(ENT.china), str(ENT.russia), str(ENT.russia), str(ENT.china)]


def test_select_as_csv(endpoint: SparqlEndpoint) -> None:
    query = "SELECT ?x ?label WHERE { ?x a voc:State ; rdfs:label ?label } ORDER BY ?label"
    text = client(endpoint.url, query, CSV).queryAndConvert().decode()
    lines = text.splitlines()
    assert lines[0] == "x,label"
    assert lines[1] == f"{ENT.china},China" and len(lines) == 5


def test_ask_and_a_post_with_the_query_as_body(endpoint: SparqlEndpoint) -> None:
    sparql = client(endpoint.url, "ASK { ent:russia voc:aligned ent:china }")
    sparql.setMethod(POST)
    sparql.setRequestMethod(POSTDIRECTLY)
    assert sparql.queryAndConvert()["boolean"] is True


def test_construct_as_turtle(endpoint: SparqlEndpoint) -> None:
    query = ("CONSTRUCT { ?m voc:offers_mediation_between ?a, ?b } WHERE { "
             "?f a voc:MediationOffer ; voc:arg1 ?m ; voc:arg2 ?a ; voc:arg3 ?b }")
    sparql = client(endpoint.url, query, TURTLE)
    sparql.setMethod(POST)  # a form-encoded POST
    body = sparql.queryAndConvert()
    assert b"@prefix ent:" in body
    graph = Graph().parse(data=body, format="turtle")
    assert set(graph.objects(ENT.turkey, VOC.offers_mediation_between)) == {ENT.ukraine, ENT.russia}


def test_describe_as_rdf_xml_parses_in_the_client(endpoint: SparqlEndpoint) -> None:
    graph = client(endpoint.url, "DESCRIBE ent:russia", XML).queryAndConvert()
    assert (ENT.russia, RDFS.label, Literal("Russia")) in graph


def test_format_parameter_and_accept_header(endpoint: SparqlEndpoint) -> None:
    url = endpoint.url + "?" + urllib.parse.urlencode({"query": ALIGNED, "format": "tsv"})
    status, headers, body = fetch(url)
    assert status == 200 and headers["Content-Type"].startswith("text/tab-separated-values")
    assert body.splitlines()[0] == "?a\t?b"
    status, _, body = get(endpoint, "CONSTRUCT WHERE { ?a voc:aligned ?b }", Accept="application/n-triples")
    assert status == 200 and f"<{ENT.russia}> <{VOC.aligned}> <{ENT.china}> ." in body
    status, _, body = get(endpoint, ALIGNED, Accept="image/png")
    assert status == 406 and "application/sparql-results+json" in body


def test_rows_are_cut_at_the_limit_and_the_cut_is_flagged(endpoint: SparqlEndpoint) -> None:
    status, headers, body = get(endpoint, "SELECT ?s WHERE { GRAPH <http://example.org/filler> { ?s ?p ?o } }",
                                Accept="text/csv")
    assert status == 200
    assert len(body.splitlines()) == ROW_LIMIT + 1
    assert "cut at 1000 rows" in headers["X-Reasoner-Truncated"]
    status, headers, _ = get(endpoint, ALIGNED)
    assert status == 200 and "X-Reasoner-Truncated" not in headers


# -- what is refused -------------------------------------------------------------------------------
def test_update_is_refused_whichever_way_it_comes(endpoint: SparqlEndpoint) -> None:
    update = "INSERT DATA { GRAPH graph:inferred { ent:russia voc:aligned ent:turkey } }"
    sparql = client(endpoint.url, update)
    sparql.setMethod(POST)  # SPARQLWrapper sends it as update=...
    with pytest.raises(urllib.error.HTTPError) as refused:
        sparql.query()
    assert refused.value.code == 403 and b"read-only" in refused.value.read()
    for query in (update, "CLEAR ALL", "LOAD <http://example.org/data.ttl>", "DROP GRAPH graph:inferred"):
        status, _, body = get(endpoint, query)
        assert status == 403 and "read-only" in body, query
    status, _, body = fetch(endpoint.url, update.encode(), **{"Content-Type": "application/sparql-update"})
    assert status == 403 and "read-only" in body
    assert get(endpoint, "ASK { ent:russia voc:aligned ent:turkey }")[2].count("false") == 1


def test_service_outside_the_allow_list_is_refused(endpoint: SparqlEndpoint) -> None:
    sparql = client(endpoint.url, "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    with pytest.raises(urllib.error.HTTPError) as refused:
        sparql.query()
    assert refused.value.code == 403
    assert b"SERVICE <http://example.org/sparql> is refused" in refused.value.read()
    # The word in a string, a comment or an IRI is not a SERVICE call.
    harmless = ('SELECT ?s WHERE { ?s rdfs:label ?l FILTER(?l != "SERVICE <http://example.org/sparql> {}") '
                '# SERVICE <http://example.org/sparql>\n}')
    assert get(endpoint, harmless)[0] == 200


def test_service_on_the_allow_list_runs(endpoint: SparqlEndpoint) -> None:
    store = open_store("memory")
    with running(store, allow_service=[endpoint.url]) as other:
        query = (f"SELECT ?b WHERE {{ SERVICE <{endpoint.url}> {{ ent:russia voc:aligned ?b }} }}")
        result = client(other.url, query).queryAndConvert()
        assert [b["b"]["value"] for b in result["results"]["bindings"]] == [str(ENT.china)]
        status, _, body = get(other, "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
        assert status == 403 and endpoint.url in body


def test_malformed_query_gets_400_with_a_caret(endpoint: SparqlEndpoint) -> None:
    sparql = client(endpoint.url, "SELECT ?x WHERE {\n  ?x voc:aligned ?y .\n  FILTR }")
    with pytest.raises(QueryBadFormed) as bad:
        sparql.query()
    message = str(bad.value)
    assert "3:3" in message and "FILTR" in message and "^" in message
    status, _, body = get(endpoint, "SELECT ?x WHERE { ?x nope:p ?y }")
    assert status == 400 and "unknown prefix 'nope'" in body and "^^^^" in body


def test_slow_query_is_stopped_and_the_server_keeps_answering(endpoint: SparqlEndpoint) -> None:
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    started = time.monotonic()
    status, _, body = get(endpoint, slow)
    elapsed = time.monotonic() - started
    assert status == 503 and "time limit" in body
    assert TIME_LIMIT <= elapsed < TIME_LIMIT + 2
    for _ in range(3):  # the other worker answers at once; the killed one is being replaced
        assert client(endpoint.url, ALIGNED).queryAndConvert()["results"]["bindings"]
    status, _, body = get(endpoint, slow)  # and a second runaway is stopped too
    assert status == 503
    assert get(endpoint, "ASK { ent:russia voc:aligned ent:china }")[0] == 200


# -- HTTP details ----------------------------------------------------------------------------------
def test_query_page_is_self_contained(endpoint: SparqlEndpoint) -> None:
    status, headers, page = fetch(endpoint.url.removesuffix("sparql"))
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "<textarea" in page and "fetch(" in page
    assert "src=" not in page and "href=" not in page  # nothing from a CDN or anywhere else
    assert "connect-src 'self'" in headers["Content-Security-Policy"]


def test_protocol_errors_are_clear(endpoint: SparqlEndpoint) -> None:
    status, _, body = fetch(endpoint.url)
    assert status == 400 and "'query' parameter" in body
    status, _, _ = fetch(endpoint.url.replace("/sparql", "/nothing"))
    assert status == 404
    status, _, body = fetch(endpoint.url, b"query=ASK{}", **{"Content-Type": "text/plain"})
    assert status == 415
    assert oversized_post(endpoint) == 413
    status, _, body = get(endpoint, "ASK {}", Host="attacker.example")
    assert status == 403 and "Host" in body


def test_an_embedded_store_is_served_too(tmp_path: Path) -> None:
    store = fill(open_store(str(tmp_path / "store")))
    try:
        with running(store, workers=1) as served:
            result = client(served.url, ALIGNED).queryAndConvert()
            assert len(result["results"]["bindings"]) == 2
    finally:
        store.close()


def test_a_port_in_use_is_a_clear_error(endpoint: SparqlEndpoint) -> None:
    from reasoner.errors import InputError

    port = int(endpoint.url.rsplit(":", 1)[1].split("/")[0])
    with pytest.raises(InputError, match=f"cannot listen on 127.0.0.1:{port}"):
        SparqlEndpoint(open_store("memory"), port=port)


def children(pid: int) -> list[int]:
    """The child processes of ``pid`` (Linux /proc)."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


SCRIPT = """
import logging, sys
from rdflib import Literal
from rdflib.namespace import RDFS
from reasoner.rdf.namespaces import BACKGROUND_GRAPH, ENT
from reasoner.serve import serve
from reasoner.stores import open_store
logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
store = open_store("memory")
store.replace_graphs({BACKGROUND_GRAPH: [(ENT.russia, RDFS.label, Literal("Russia"))]})
serve(store, port=0, ready=lambda url: print(url, flush=True))
"""


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_serve_blocks_until_stopped_and_stops_cleanly(stop: signal.Signals) -> None:
    # No `if __name__ == "__main__"` guard in the script: the workers must not need one.
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    process = subprocess.Popen([sys.executable, "-c", SCRIPT], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env=env)
    try:
        url = process.stdout.readline().strip()  # type: ignore[union-attr]
        assert url.startswith("http://127.0.0.1:") and url.endswith("/sparql")
        status, _, body = fetch(url + "?query=" + urllib.parse.quote("SELECT ?l { ent:russia rdfs:label ?l }"))
        assert status == 200 and "Russia" in body
        workers = children(process.pid)
        assert len(workers) == 2
        process.send_signal(stop)
        _, stderr = process.communicate(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0
    assert "Traceback" not in stderr
    assert not [pid for pid in workers if Path(f"/proc/{pid}").exists()]  # the workers are gone
    assert "serving 1 triples in 1 graphs" in stderr and '"GET /sparql" 200' in stderr
    assert "stopped" in stderr


def test_the_query_or_the_protocol_can_choose_the_dataset(endpoint: SparqlEndpoint) -> None:
    count = "SELECT (COUNT(*) AS ?n) {} WHERE {{ ?s ?p ?o }}"
    union = get(endpoint, count.format(""), Accept="text/csv")[2].split()[1]
    assert int(union) == FILLER + 8 + 6
    background = get(endpoint, count.format("FROM graph:background"), Accept="text/csv")[2].split()[1]
    assert int(background) == 8
    url = endpoint.url + "?" + urllib.parse.urlencode(
        {"query": count.format(""), "default-graph-uri": str(INFERRED_GRAPH), "format": "csv"})
    assert int(fetch(url)[2].split()[1]) == 6
