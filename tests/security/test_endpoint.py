"""Hostile requests to the SPARQL endpoint are refused with the right status, and it stays up.

Refused: SPARQL Update in every form (403), LOAD (403), SERVICE to endpoints off the allow-list
or to variables (403), ``file:`` IRIs anywhere a graph could be read (403), oversized requests
(413, 414, 431), foreign Host headers on loopback (403), and listening beyond loopback
without ``allow_remote``. A runaway query is stopped (503) and the next query is answered.
"""

from __future__ import annotations

import http.client
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS

from reasoner.errors import InputError
from reasoner.rdf.namespaces import BACKGROUND_GRAPH, ENT, VOC
from reasoner.serve import SparqlEndpoint, running
from reasoner.stores import Store, open_store

ROOT = Path(__file__).resolve().parents[2]
ENTITIES = 10_000  # a three-way cross product over these never ends within the limit
TIME_LIMIT = 1.5
ALLOWED = "http://127.0.0.1:9/sparql"  # on the allow-list; nothing listens there


def filled() -> Store:
    store = open_store("memory")
    things = [(URIRef(f"http://example.org/e{i}"), RDF.type, VOC.Thing) for i in range(ENTITIES)]
    store.replace_graphs({BACKGROUND_GRAPH: [(ENT.russia, RDFS.label, Literal("Russia")), *things]})
    return store


@pytest.fixture(scope="module")
def endpoint() -> Iterator[SparqlEndpoint]:
    with running(filled(), timeout=TIME_LIMIT, allow_service=[ALLOWED],
                 allow_hosts=["sparql.example.org"]) as served:
        yield served


def send(endpoint: SparqlEndpoint, method: str = "GET", params: dict[str, str] | None = None,
         body: bytes | None = None, **headers: str) -> tuple[int, str]:
    url = endpoint.url + ("?" + urllib.parse.urlencode(params) if params else "")
    request = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def ask(endpoint: SparqlEndpoint, query: str, **headers: str) -> tuple[int, str]:
    return send(endpoint, params={"query": query}, **headers)


def raw(endpoint: SparqlEndpoint, request: bytes) -> int:
    """The status of a request written byte for byte on a fresh connection."""
    parts = urllib.parse.urlsplit(endpoint.url)
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as sock:
        sock.sendall(request)
        status_line = sock.makefile("rb").readline().decode("latin-1")
    return int(status_line.split()[1])


# -- updates and LOAD ------------------------------------------------------------------------------
UPDATES = [
    "INSERT DATA { ent:a voc:aligned ent:b }",
    "DELETE WHERE { ?s ?p ?o }",
    "LOAD <http://example.org/data.ttl>",
    "LOAD <file:///etc/passwd> INTO GRAPH <http://example.org/g>",
    "CLEAR ALL",
    "DROP SILENT GRAPH graph:background",
    "CREATE GRAPH <http://example.org/new>",
    "COPY DEFAULT TO <http://example.org/g>",
    "WITH <http://example.org/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "SELECT * WHERE { ?s ?p ?o } ; INSERT DATA { ent:a voc:aligned ent:b }",
]


@pytest.mark.parametrize("update", UPDATES)
def test_updates_and_load_are_refused_in_every_form(endpoint: SparqlEndpoint, update: str) -> None:
    form = urllib.parse.urlencode({"update": update}).encode()
    for status, body in (
        ask(endpoint, update),
        send(endpoint, "POST", body=urllib.parse.urlencode({"query": update}).encode(),
             **{"Content-Type": "application/x-www-form-urlencoded"}),
        send(endpoint, "POST", body=form, **{"Content-Type": "application/x-www-form-urlencoded"}),
        send(endpoint, "POST", body=update.encode(), **{"Content-Type": "application/sparql-update"}),
    ):
        assert status in (400, 403), (update, status, body)
        assert status == 400 or "read-only" in body
    assert ask(endpoint, "ASK { ent:a voc:aligned ent:b }")[1].count("false") == 1


# -- SERVICE and local files -----------------------------------------------------------------------
@pytest.mark.parametrize("query, says", [
    ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "allow-list"),
    ("SELECT * WHERE { SERVICE SILENT <http://169.254.169.254/latest> { ?s ?p ?o } }", "allow-list"),
    ("SELECT * WHERE { SERVICE ?where { ?s ?p ?o } }", "fixed IRI"),
    ("SELECT * WHERE { SERVICE <file:///etc/passwd> { ?s ?p ?o } }", "local files"),
    ("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }", "local files"),
    ("SELECT * FROM NAMED <FILE:/etc/shadow> WHERE { GRAPH ?g { ?s ?p ?o } }", "local files"),
    ("ASK FROM <file:/proc/self/environ> { ?s ?p ?o }", "local files"),
    ("SELECT * WHERE { OPTIONAL { SERVICE <http://evil.example/> { ?s ?p ?o } } }", "allow-list"),
    ("SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <http://evil.example/> { ?s ?p ?o } } }",
     "allow-list"),
])
def test_service_and_local_files_are_refused(endpoint: SparqlEndpoint, query: str, says: str) -> None:
    status, body = ask(endpoint, query)
    assert status == 403 and says in body, (status, body)


def test_file_iris_in_the_protocol_dataset_are_refused(endpoint: SparqlEndpoint) -> None:
    for name in ("default-graph-uri", "named-graph-uri"):
        status, body = send(endpoint, params={"query": "ASK { ?s ?p ?o }", name: "file:///etc/passwd"})
        assert status == 403 and "local files" in body


def test_an_allowed_service_that_is_down_is_a_502_not_a_crash(endpoint: SparqlEndpoint) -> None:
    status, body = ask(endpoint, f"SELECT * WHERE {{ SERVICE <{ALLOWED}> {{ ?s ?p ?o }} }}")
    assert status == 502 and "failed" in body


def test_a_file_iri_cannot_be_put_on_the_allow_list() -> None:
    with pytest.raises(InputError, match="local file cannot be a SPARQL endpoint"):
        SparqlEndpoint(open_store("memory"), port=0, allow_service=["file:///etc/passwd"])


def test_harmless_mentions_are_not_refused(endpoint: SparqlEndpoint) -> None:
    query = ('SELECT ?l WHERE { ?s rdfs:label ?l FILTER(?l != "SERVICE <file:///etc/passwd>") } '
             "# FROM <file:///etc/passwd>\n")
    assert ask(endpoint, query)[0] == 200


# -- sizes -----------------------------------------------------------------------------------------
def test_oversized_requests_are_refused(endpoint: SparqlEndpoint) -> None:
    parts = urllib.parse.urlsplit(endpoint.url)
    huge_body = (b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
                 b"Content-Length: 1000001\r\n\r\n")
    assert raw(endpoint, huge_body) == 413
    long_query = "ASK { ?s ?p ?o } #" + "x" * 100_000
    status, body = send(endpoint, "POST", body=urllib.parse.urlencode({"query": long_query}).encode(),
                        **{"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 413 and "100000 characters" in body
    assert raw(endpoint, b"GET /sparql?query=" + b"x" * 70_000 + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n") == 414
    many = b"".join(b"X-Filler-%d: y\r\n" % i for i in range(200))
    assert raw(endpoint, b"GET /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\n" + many + b"\r\n") == 431
    assert raw(endpoint, b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n") == 411
    assert parts.path == "/sparql"


def test_a_deeply_nested_query_is_a_clear_400(endpoint: SparqlEndpoint) -> None:
    status, body = ask(endpoint, "ASK { FILTER(" + "(" * 500 + "1" + ")" * 500 + ") }")
    assert status == 400 and "nested too deeply" in body


def test_binary_and_bad_encodings_are_clear_400s(endpoint: SparqlEndpoint) -> None:
    status, body = send(endpoint, "POST", body=b"\xff\xfe\x00ASK", **{"Content-Type": "application/sparql-query"})
    assert status == 400 and "UTF-8" in body


# -- who may connect -------------------------------------------------------------------------------
def test_foreign_host_headers_are_refused_on_loopback(endpoint: SparqlEndpoint) -> None:
    for host in ("attacker.example", "attacker.example:80", "127.0.0.1.nip.io", "[::2]"):
        status, body = ask(endpoint, "ASK {}", Host=host)
        assert status == 403 and "Host" in body, host
    for host in ("localhost:8000", "127.0.0.1", "[::1]:80", "sparql.example.org"):
        assert ask(endpoint, "ASK {}", Host=host)[0] == 200, host


def test_a_non_loopback_address_needs_an_explicit_option() -> None:
    with pytest.raises(InputError, match="refusing to listen on 0.0.0.0.*allow-remote"):
        SparqlEndpoint(open_store("memory"), host="0.0.0.0", port=0)
    with running(open_store("memory"), host="0.0.0.0", allow_remote=True, workers=1) as served:
        assert served.url.startswith("http://0.0.0.0:")


def test_the_command_refuses_a_public_address_in_one_line() -> None:
    done = subprocess.run([sys.executable, "-m", "reasoner", "--store", "memory", "serve",
                           "--host", "0.0.0.0", "--port", "0"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "refusing to listen on 0.0.0.0" in done.stderr and "Traceback" not in done.stderr


# -- runaway queries -------------------------------------------------------------------------------
def test_a_runaway_cross_product_is_stopped_and_the_endpoint_keeps_answering(endpoint: SparqlEndpoint) -> None:
    cross = "SELECT (COUNT(*) AS ?n) WHERE { ?a a voc:Thing . ?b a voc:Thing . ?c a voc:Thing }"
    started = time.monotonic()
    status, body = ask(endpoint, cross)
    assert status == 503 and "time limit" in body
    assert time.monotonic() - started < TIME_LIMIT + 5
    status, body = ask(endpoint, "SELECT ?l WHERE { ent:russia rdfs:label ?l }", Accept="text/csv")
    assert status == 200 and "Russia" in body
    parts = urllib.parse.urlsplit(endpoint.url)  # and keep-alive connections still work
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    for _ in range(3):
        connection.request("GET", parts.path + "?query=" + urllib.parse.quote("ASK { ?s ?p ?o }"))
        assert connection.getresponse().read().count(b"true") == 1
    connection.close()
