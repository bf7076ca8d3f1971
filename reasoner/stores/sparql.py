"""A remote SPARQL 1.1 store: any server speaking the SPARQL 1.1 Protocol, Query and Update.

Spec (``--store`` or ``$REASONER_STORE``)::

    http://host:8890/sparql                       one URL for queries and updates (Virtuoso,
                                                  GraphDB's /repositories/R needs the | form)
    http://host:7878/query                        a URL ending in /query sends updates to the
                                                  same URL ending in /update (Oxigraph, Fuseki)
    http://host/q-endpoint|http://host/u-endpoint  query URL | update URL, given explicitly

Credentials come from ``$REASONER_STORE_USER`` and ``$REASONER_STORE_PASSWORD``; the server's
challenge picks HTTP Basic or Digest. ``$REASONER_STORE_TIMEOUT`` bounds each request (seconds,
default 600).

Writes go to named graphs only. Replacing graphs is one Update request (DROP + INSERT DATA)
when the new triples number at most BATCH_TRIPLES; larger graphs are staged in a temporary
graph in batches, then one request DROPs the target and MOVEs the staged graph onto it. A
failure while staging leaves the target untouched. Whether that last request is atomic is the
server's business: Oxigraph runs a request as one transaction; Virtuoso commits each operation
of a request in turn (see docs/stores.md).
"""

from __future__ import annotations

import io
import json
import os
import re
import socket
import urllib.error
import urllib.parse
import urllib.request
import uuid
from typing import Any, Iterator

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.query import Result

from reasoner.engines.sparql.run import Cell
from reasoner.errors import QueryError, StoreError
from reasoner.rdf.namespaces import sparql_prologue
from reasoner.stores.base import modify_update, Store, Triple, query_diagnostic

BATCH_TRIPLES = 1000  # per INSERT DATA; Virtuoso's SPARQL compiler gives up near 5000
PAGE_ROWS = 10000  # rows per SELECT page when reading a graph (servers cap result sizes)
# Graphs a server keeps for itself (Virtuoso's schema graphs) and the engine's scratch graphs.
HIDDEN_GRAPHS = ("http://www.openlinksw.com/", "http://www.w3.org/ns/ldp#",
                 "http://localuriqaserver/", "urn:x-reasoner:")
_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
_JSON = "application/sparql-results+json"


def parse_spec(spec: str) -> tuple[str, str]:
    """(query URL, update URL) of a store spec; StoreError if it is not one."""
    query, _, update = (part.strip() for part in spec.partition("|"))
    if not update:
        update = query[: -len("/query")] + "/update" if query.endswith("/query") else query
    for url in (query, update):
        parsed = urllib.parse.urlparse(url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise StoreError(f"not a SPARQL endpoint URL: {url!r} (expected http(s)://host[:port]/path, "
                             "or QUERY_URL|UPDATE_URL)")
    return query, update


class SparqlClient:
    """SPARQL 1.1 Protocol over urllib: POSTed queries and updates, JSON results."""

    def __init__(self, query_url: str, update_url: str, *, user: str | None = None,
                 password: str | None = None, timeout: float = 600.0) -> None:
        self.query_url, self.update_url, self.timeout = query_url, update_url, timeout
        handlers: list[urllib.request.BaseHandler] = []
        if user is not None:
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            for url in {query_url, update_url}:
                passwords.add_password(None, url, user, password or "")
            handlers = [urllib.request.HTTPBasicAuthHandler(passwords),
                        urllib.request.HTTPDigestAuthHandler(passwords)]
        self.opener = urllib.request.build_opener(*handlers)

    def post(self, url: str, field: str, text: str, accept: str, *,
             error: type[StoreError] | type[QueryError] = StoreError) -> bytes:
        body = urllib.parse.urlencode({field: text}).encode("utf-8")
        request = urllib.request.Request(url, data=body, headers={
            "Accept": accept, "Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                data: bytes = response.read()
                return data
        except urllib.error.HTTPError as exc:
            raise _http_error(exc, url, field, error) from None
        except (urllib.error.URLError, socket.timeout, ConnectionError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise StoreError(f"cannot reach the SPARQL endpoint {url}: {reason}") from None

    def update(self, text: str) -> None:
        self.post(self.update_url, "update", text, "*/*")

    def select_json(self, text: str, *, error: type[StoreError] | type[QueryError] = StoreError) -> dict[str, Any]:
        data = self.post(self.query_url, "query", text, _JSON, error=error)
        try:
            parsed: dict[str, Any] = json.loads(data)
        except ValueError:
            raise StoreError(f"the SPARQL endpoint {self.query_url} did not answer with "
                             f"SPARQL JSON results: {data[:200]!r}") from None
        return parsed


def _http_error(exc: urllib.error.HTTPError, url: str, field: str,
                error: type[StoreError] | type[QueryError]) -> StoreError | QueryError:
    detail = exc.read().decode("utf-8", "replace").strip()
    first = next((line for line in detail.splitlines() if line.strip()), exc.reason or "")
    first = str(first)[:300]
    if exc.code in (401, 403):
        return StoreError(f"the SPARQL endpoint {url} refused access ({exc.code}): set "
                          "REASONER_STORE_USER and REASONER_STORE_PASSWORD, or grant updates")
    if "SR186" in detail or "permission" in detail.lower():
        return StoreError(f"the SPARQL endpoint {url} does not allow updates: {first} (on Virtuoso: "
                          "isql ... exec='GRANT SPARQL_UPDATE TO \"SPARQL\";')")
    if exc.code == 404:
        return StoreError(f"no SPARQL endpoint at {url} (404): check the store URL")
    what = "query" if field == "query" else "update"
    message = f"the SPARQL endpoint {url} refused the {what} ({exc.code}): {first}"
    return QueryError(message) if error is QueryError else StoreError(message)


def _term(binding: dict[str, str] | None) -> URIRef | Literal | BNode | None:
    if binding is None:
        return None
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    datatype = binding.get("datatype")
    if datatype == str(XSD.string):
        datatype = None
    return Literal(value, lang=binding.get("xml:lang"), datatype=datatype)


def _cell(binding: dict[str, str] | None) -> Cell:
    if binding is None:
        return None
    kind = "uri" if binding["type"] == "uri" else (
        "bnode" if binding["type"] == "bnode" else "literal")
    datatype = binding.get("datatype")
    if kind == "literal" and datatype is None and "xml:lang" not in binding:
        datatype = str(XSD.string)
    return (kind, binding["value"], datatype)


class RemoteRunner:
    """The sparql engine's Runner over a SparqlClient: the rules run inside the server."""

    def __init__(self, client: SparqlClient) -> None:
        self.client = client

    def update(self, text: str) -> None:
        self.client.update(text)

    def select(self, text: str) -> list[tuple[Cell, ...]]:
        answer = self.client.select_json(text)
        names = answer["head"]["vars"]
        return [tuple(_cell(row.get(n)) for n in names) for row in answer["results"]["bindings"]]

    def ask(self, text: str) -> bool:
        return ask_answer(self.client.select_json(text))


def ask_answer(answer: dict[str, Any]) -> bool:
    """The boolean of an ASK result. Virtuoso answers a POSTed ASK with a one-row SELECT of
    ``__ASK_RETVAL`` (1 or 0) instead of ``{"boolean": ...}``."""
    if "boolean" in answer:
        return bool(answer["boolean"])
    rows = answer.get("results", {}).get("bindings", [])
    return any(cell.get("value") in ("1", "true") for row in rows for cell in row.values())


class SparqlStore(Store):
    name = "sparql"

    def __init__(self, location: str) -> None:
        query_url, update_url = parse_spec(location)
        try:
            timeout = float(os.environ.get("REASONER_STORE_TIMEOUT", "600"))
        except ValueError:
            raise StoreError("REASONER_STORE_TIMEOUT must be a number of seconds") from None
        self.client = SparqlClient(query_url, update_url, timeout=timeout,
                                   user=os.environ.get("REASONER_STORE_USER"),
                                   password=os.environ.get("REASONER_STORE_PASSWORD"))
        super().__init__(Dataset(), location)  # local, empty: only for prefix bindings
        answer = self.client.select_json("ASK {}")
        if not ask_answer(answer):
            raise StoreError(f"{query_url} does not answer like a SPARQL endpoint")

    def sparql_runner(self) -> RemoteRunner:
        return RemoteRunner(self.client)

    # -- writing ---------------------------------------------------------------------------
    def replace_graphs(self, graphs: dict[URIRef, list[Triple]]) -> None:
        if sum(len(t) for t in graphs.values()) <= BATCH_TRIPLES:
            operations = [f"DROP SILENT GRAPH <{name}>" for name in graphs]
            operations += [_insert_data(name, triples) for name, triples in graphs.items() if triples]
            self.client.update(" ;\n".join(operations))
            return
        staged = {name: URIRef(f"urn:x-reasoner:stage:{uuid.uuid4().hex}") for name in graphs}
        try:
            for name, triples in graphs.items():
                for start in range(0, len(triples), BATCH_TRIPLES):
                    self.client.update(_insert_data(staged[name], triples[start:start + BATCH_TRIPLES]))
        except StoreError:
            self._drop_quietly(staged.values())
            raise
        operations = []
        for name, triples in graphs.items():
            operations.append(f"DROP SILENT GRAPH <{name}>")
            if triples:
                operations.append(f"MOVE SILENT GRAPH <{staged[name]}> TO GRAPH <{name}>")
        self.client.update(" ;\n".join(operations))

    def run_update(self, text: str) -> None:
        self.client.update(text)

    def _drop_quietly(self, names: Any) -> None:
        try:
            self.client.update(" ;\n".join(f"DROP SILENT GRAPH <{n}>" for n in names))
        except StoreError:
            pass  # the staging graphs are hidden from graph_names; the original error matters

    # -- reading ---------------------------------------------------------------------------
    def graph_names(self) -> list[URIRef]:
        answer = self.client.select_json("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        names = {row["g"]["value"] for row in answer["results"]["bindings"] if "g" in row}
        return sorted(URIRef(n) for n in names if not n.startswith(HIDDEN_GRAPHS))

    def triples(self, graph: URIRef) -> Iterator[Triple]:
        offset = 0
        while True:
            answer = self.client.select_json(
                f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }} "
                f"ORDER BY ?s ?p ?o LIMIT {PAGE_ROWS} OFFSET {offset}")
            rows = answer["results"]["bindings"]
            for row in rows:
                yield _term(row["s"]), _term(row["p"]), _term(row["o"])  # type: ignore[misc]
            if len(rows) < PAGE_ROWS:
                return
            offset += PAGE_ROWS

    def count(self, graph: URIRef) -> int:
        answer = self.client.select_json(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
        rows = answer["results"]["bindings"]
        return int(rows[0]["n"]["value"]) if rows else 0

    def query(self, sparql: str) -> Result:
        """Run a query on the server with the project prefixes declared."""
        text = sparql_prologue() + sparql
        form = _FORM.search(_strip_comments(sparql))
        if form and form.group(1).upper() in ("CONSTRUCT", "DESCRIBE"):
            data = self.client.post(self.client.query_url, "query", text, "text/turtle",
                                    error=QueryError)
            graph = Graph()
            graph.parse(data=data.decode("utf-8"), format="turtle")
            result = Result("CONSTRUCT")
            result.graph = graph
            return result
        data = self.client.post(self.client.query_url, "query", text, _JSON, error=QueryError)
        if form and form.group(1).upper() == "ASK":
            try:
                data = json.dumps({"head": {}, "boolean": ask_answer(json.loads(data))}).encode()
            except ValueError:
                pass  # not JSON: the parser below reports it
        try:
            return Result.parse(io.BytesIO(data), format="json")
        except Exception as exc:  # rdflib's result parsers raise many types
            raise QueryError(query_diagnostic(sparql, exc)) from None

    def close(self) -> None:
        """Nothing to release: every request is its own connection."""


def _insert_data(graph: URIRef, triples: list[Triple]) -> str:
    return modify_update(graph, triples, [])


def _strip_comments(sparql: str) -> str:
    return re.sub(r"(?m)#.*$|<[^>\s]*>|\"[^\"]*\"", " ", sparql)
