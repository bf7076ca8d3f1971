"""A read-only SPARQL 1.1 Protocol endpoint over a store, on the standard library's HTTP server.

``serve(store)`` blocks and answers ``/sparql`` (GET ``?query=``, POST form or
``application/sparql-query``) and a small query page at ``/``. It refuses SPARQL Update, refuses
``SERVICE`` calls to endpoints outside an allow-list, stops queries that run past a time limit and
cuts results at a row limit.

Why queries run in worker processes: pyoxigraph evaluates a query in Rust and offers no way to
interrupt it from Python, and rdflib's evaluator cannot be interrupted either, so a query run in a
thread that times out keeps burning a core (and the GIL, for rdflib) until it finishes, which for
a cross product may be hours. A worker *process* can be killed. At start-up the endpoint takes a
snapshot of the store as N-Quads and each worker loads it into an in-memory Oxigraph store; a
worker that overruns is killed and a fresh one is loaded from the snapshot in the background.
The costs: each worker holds a copy of the data (memory = store size x workers), the snapshot is
taken once (writes made to the store after start-up are not seen; an embedded store is locked by
this process while it serves, so only code in the same process could write to it), and every
query is evaluated by Oxigraph whatever the store's backend (for the ``memory`` store that is a
different, much faster evaluator than rdflib's, with the same union-of-graphs default graph and
the same predefined prefixes).
"""

from __future__ import annotations

import html
import ipaddress
import itertools
import json
import logging
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection
from pathlib import Path
from types import MappingProxyType
from typing import Any, Callable, Iterable, Iterator, Mapping
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef, Variable
from rdflib.namespace import RDF, XSD
from rdflib.query import Result

from reasoner.errors import (Diagnostic, InputError, QueryError, ReasonerError, Span,
                             StoreError)
from reasoner.formats import Rows, format_rows
from reasoner.rdf.namespaces import PREFIX_IRIS
from reasoner.stores.base import Store, query_diagnostic

log = logging.getLogger(__name__)

MAX_QUERY_CHARS = 100_000  # rdflib's parser is pyparsing: keep pathological inputs small
MAX_BODY_BYTES = 1_000_000
WORKER_START_SECONDS = 120.0  # loading a large snapshot takes a while; a stuck worker does not
IDLE_CONNECTION_SECONDS = 30.0  # drop idle keep-alive connections so threads do not pile up


# -- errors the endpoint turns into HTTP answers ---------------------------------------------------
class RequestRefused(ReasonerError):
    """A well-formed request this endpoint will not run: an update, or a SERVICE call."""

    code = "refused"


class QueryTimeout(ReasonerError):
    """A query ran past the time limit and its worker was stopped."""

    code = "query-timeout"


class EndpointBusy(ReasonerError):
    """Every worker stayed busy for the whole time limit."""

    code = "busy"


# -- result formats and content negotiation --------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ResultFormat:
    name: str
    media_type: str
    aliases: tuple[str, ...]  # other media types and the short names of the ``format`` parameter
    graph: bool  # for CONSTRUCT/DESCRIBE (triples) rather than SELECT/ASK (solutions)


FORMATS: tuple[ResultFormat, ...] = (
    ResultFormat("json", "application/sparql-results+json", ("application/json", "json"), False),
    ResultFormat("xml", "application/sparql-results+xml", ("application/xml", "text/xml", "xml"), False),
    ResultFormat("csv", "text/csv", ("csv",), False),
    ResultFormat("tsv", "text/tab-separated-values", ("tsv",), False),
    ResultFormat("turtle", "text/turtle",
                 ("application/x-turtle", "application/turtle", "turtle", "ttl", "n3", "text/n3"), True),
    ResultFormat("nt", "application/n-triples", ("text/plain", "nt", "ntriples", "n-triples"), True),
    ResultFormat("rdfxml", "application/rdf+xml", ("rdfxml", "rdf+xml", "rdf", "xml"), True),
    ResultFormat("jsonld", "application/ld+json", ("jsonld", "json-ld", "json"), True),
)
GRAPH_FORMS = frozenset({"construct", "describe"})
OX_GRAPH_FORMATS: Mapping[str, ox.RdfFormat] = MappingProxyType({
    "turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
    "rdfxml": ox.RdfFormat.RDF_XML, "jsonld": ox.RdfFormat.JSON_LD,
})


def formats_for(form: str) -> tuple[ResultFormat, ...]:
    """The formats a query form can answer in, the default first."""
    graph = form in GRAPH_FORMS
    return tuple(f for f in FORMATS if f.graph == graph)


def _accept_ranges(accept: str) -> list[tuple[str, float]]:
    ranges = []
    for part in accept.split(","):
        pieces = [p.strip() for p in part.split(";")]
        if not pieces[0]:
            continue
        q = 1.0
        for param in pieces[1:]:
            if param.lower().startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        ranges.append((pieces[0].lower(), q))
    return ranges


def _quality(fmt: ResultFormat, ranges: list[tuple[str, float]]) -> float:
    """The q of the most specific Accept range that matches one of the format's media types."""
    types = [fmt.media_type] + [a for a in fmt.aliases if "/" in a]
    best: tuple[int, float] = (-1, 0.0)
    for media_range, q in ranges:
        for media_type in types:
            major = media_type.split("/")[0]
            specificity = (2 if media_range == media_type
                           else 1 if media_range == f"{major}/*"
                           else 0 if media_range == "*/*" else -1)
            if specificity > best[0]:
                best = (specificity, q)
    return best[1]


def negotiate(form: str, accept: str | None, requested: Iterable[str] = ()) -> ResultFormat | None:
    """The result format for a query form from the ``format`` parameter values, else Accept.

    The parameter wins when one of its values names a format for this query form (clients such
    as SPARQLWrapper send ``format=xml`` for a CONSTRUCT meaning RDF/XML, so names are read per
    form); None when nothing acceptable is left.
    """
    candidates = formats_for(form)
    for value in requested:
        value = value.strip().lower()
        for fmt in candidates:
            if value == fmt.name or value == fmt.media_type or value in fmt.aliases:
                return fmt
    if not accept or not accept.strip():
        return candidates[0]
    ranges = _accept_ranges(accept)
    scored = [(_quality(fmt, ranges), -i, fmt) for i, fmt in enumerate(candidates)]
    q, _, best = max(scored, key=lambda s: (s[0], s[1]))
    return best if q > 0 else None


# -- what a query is, and whether it may run -------------------------------------------------------
@dataclass(frozen=True, slots=True)
class QueryPlan:
    """What the endpoint learnt from parsing a query before running it."""

    form: str  # select | ask | construct | describe
    services: tuple[str, ...]  # SERVICE endpoints the query calls (all on the allow-list)
    own_dataset: bool = False  # FROM / FROM NAMED in the query: it names its own default graph


_FORMS = MappingProxyType({"SelectQuery": "select", "AskQuery": "ask",
                           "ConstructQuery": "construct", "DescribeQuery": "describe"})
_UNKNOWN_PREFIX = re.compile(r"Unknown namespace prefix\s*:\s*(\S+)")

# One regex over the query text, for a cross-check of the parser: IRIs, strings and comments
# are matched as whole tokens first, so a "SERVICE" inside them is never counted as a keyword.
_TOKEN = re.compile(r"""
    (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<long>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\")
  | (?P<string>'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<comment>\#[^\n]*)
  | (?P<var>[?$][\w\u00b7-\uffff]+)
  | (?P<pname>[\w\u00b7-\uffff.-]*:[\w\u00b7-\uffff.:%\\-]*)
  | (?P<word>[A-Za-z_][\w-]*)
  | (?P<other>\S)
""", re.VERBOSE | re.DOTALL)


def service_keywords(sparql: str) -> int:
    """How many SERVICE keywords the text holds outside IRIs, strings, comments and names."""
    return sum(1 for m in _TOKEN.finditer(sparql)
               if m.lastgroup == "word" and m.group().upper() == "SERVICE")


def _walk(node: Any, seen: set[int]) -> Iterator[Any]:
    """Every node of an rdflib algebra or parse tree (CompValues are dicts; parts are lists)."""
    if id(node) in seen:
        return
    seen.add(id(node))
    yield node
    if isinstance(node, dict):
        for key, value in node.items():
            if key != "_vars":
                yield from _walk(value, seen)
    elif isinstance(node, (list, tuple)):
        for value in node:
            yield from _walk(value, seen)


def service_targets(algebra: Any) -> list[URIRef | Variable]:
    """The endpoint term of every SERVICE pattern anywhere in a translated query."""
    return [node["term"] for node in _walk(algebra, set())
            if getattr(node, "name", None) == "ServiceGraphPattern"]


def _parse(sparql: str) -> Any:
    """The translated rdflib query; updates are refused, syntax errors become QueryErrors."""
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        return translateQuery(parseQuery(sparql), initNs=PREFIX_IRIS)
    except Exception as exc:  # pyparsing and rdflib raise many types for a bad query
        try:
            parseUpdate(sparql)
        except Exception:
            raise QueryError(_syntax_diagnostic(sparql, exc)) from None
        raise RequestRefused(Diagnostic(
            "read-only", "this endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR, "
            "DROP, CREATE, ...) is refused", hint="change the store with the reasoner command line")) from None


def _syntax_diagnostic(sparql: str, exc: BaseException) -> Diagnostic:
    diagnostic = query_diagnostic(sparql, exc)
    unknown = _UNKNOWN_PREFIX.search(str(exc))
    if diagnostic.span is None and unknown:
        # rdflib names the prefix but not where it is: point at its first use ourselves.
        prefix = unknown.group(1)
        found = re.search(rf"(?<![\w:<]){re.escape(prefix)}:", sparql)
        if found:
            span = Span.of(sparql, found.start(), found.end() - 1, "<query>")
            line = sparql.splitlines()[span.line - 1]
            return Diagnostic("sparql-syntax", f"malformed SPARQL query: unknown prefix {prefix!r}",
                              span, source_line=line, hint="declare it with PREFIX")
    return diagnostic


def inspect_query(sparql: str, allow_service: Iterable[str] = ()) -> QueryPlan:
    """Parse a query and check it may run here: its form, and every SERVICE on the allow-list.

    Raises QueryError for a malformed query and RequestRefused for an update or a SERVICE call
    to an endpoint that is not allowed. SERVICE is found by walking the parsed algebra; the
    keyword count of a lexical scan cross-checks it, so a disagreement between parsers refuses
    rather than lets a call through.
    """
    query = _parse(sparql)
    allowed = {str(iri) for iri in allow_service}
    targets = service_targets(query.algebra)
    for target in targets:
        if isinstance(target, Variable):
            raise RequestRefused(Diagnostic(
                "service-not-allowed", f"SERVICE ?{target} is refused: the endpoint must be a "
                "fixed IRI on the allow-list"))
        if str(target) not in allowed:
            hint = ("this endpoint allows no SERVICE calls" if not allowed
                    else "allowed: " + ", ".join(sorted(allowed)))
            raise RequestRefused(Diagnostic(
                "service-not-allowed", f"SERVICE <{target}> is refused: federated calls are "
                "limited to an allow-list", hint=hint))
    if service_keywords(sparql) > len(targets):
        raise RequestRefused(Diagnostic(
            "service-not-allowed", "the query mentions SERVICE where the parser found none; "
            "refused to be safe"))
    return QueryPlan(_FORMS.get(query.algebra.name, "select"), tuple(str(t) for t in targets),
                     bool(query.algebra.get("datasetClause")))


# -- the worker process ----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Job:
    query: str
    form: str
    fmt: str
    max_rows: int
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    union: bool = True  # the union of all graphs as the default graph, unless the query says


@dataclass(frozen=True, slots=True)
class Reply:
    status: int
    body: bytes
    content_type: str = "text/plain; charset=utf-8"
    rows: int = 0
    truncated: bool = False


def _rdflib_term(term: Any) -> Any:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if term.language:
            return Literal(term.value, lang=term.language)
        if datatype in (str(XSD.string), str(RDF.langString)):
            return Literal(term.value)  # plain, as the stores report it
        return Literal(term.value, datatype=URIRef(datatype), normalize=False)
    return Literal(str(term))  # an RDF-star quoted triple: shown as text


def _solutions_body(variables: list[str], rows: list[tuple[Any, ...]], fmt: str) -> bytes:
    if fmt == "xml":
        result = Result("SELECT")
        result.vars = [Variable(v) for v in variables]
        result.bindings = [{Variable(v): t for v, t in zip(variables, row, strict=True) if t is not None}
                           for row in rows]
        return result.serialize(format="xml", encoding="utf-8") or b""
    return format_rows(Rows(tuple(variables), tuple(rows)), fmt).encode("utf-8")


def _boolean_body(answer: bool, fmt: str) -> bytes:
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": answer}).encode()
    if fmt == "xml":
        result = Result("ASK")
        result.askAnswer = answer
        return result.serialize(format="xml", encoding="utf-8") or b""
    return b"true\n" if answer else b"false\n"  # CSV/TSV define no boolean form; say it plainly


def _used_prefixes(triples: list[ox.Triple]) -> dict[str, str]:
    """Only the project prefixes the triples use, so a small answer is not mostly @prefix lines."""
    iris = {t.value for triple in triples for t in (triple.subject, triple.predicate, triple.object)
            if isinstance(t, ox.NamedNode)}
    return {p: ns for p, ns in PREFIX_IRIS.items() if any(i.startswith(ns) for i in iris)}


def _media_type(fmt: str) -> str:
    media = next(f.media_type for f in FORMATS if f.name == fmt)
    return media + ("; charset=utf-8" if media.startswith("text/") or "json" in media or "xml" in media else "")


def run_job(store: ox.Store, job: Job) -> Reply:
    """Run one query on the worker's store and serialise at most ``max_rows`` rows (or triples)."""
    options: dict[str, Any] = {"prefixes": dict(PREFIX_IRIS),
                               "use_default_graph_as_union": job.union and not job.default_graphs}
    if job.default_graphs:
        options["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs]
    if job.named_graphs:
        options["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
    try:
        result = store.query(job.query, **options)
        if isinstance(result, ox.QueryBoolean):
            return Reply(200, _boolean_body(bool(result), job.fmt), _media_type(job.fmt), 1)
        # Results stream lazily: taking one more than the limit tells "cut" from "exactly full".
        taken = list(itertools.islice(result, job.max_rows + 1))
        truncated = len(taken) > job.max_rows
        taken = taken[:job.max_rows]
        if isinstance(result, ox.QueryTriples):
            body = ox.serialize(taken, format=OX_GRAPH_FORMATS[job.fmt], prefixes=_used_prefixes(taken))
            return Reply(200, body or b"", _media_type(job.fmt), len(taken), truncated)
        variables = [v.value for v in result.variables]
        rows = [tuple(_rdflib_term(s[v]) for v in variables) for s in taken]
        return Reply(200, _solutions_body(variables, rows, job.fmt), _media_type(job.fmt),
                     len(rows), truncated)
    except SyntaxError as exc:  # rdflib's parser accepted it, Oxigraph's did not
        return Reply(400, (query_diagnostic(job.query, exc).render() + "\n").encode())
    except OSError as exc:  # a SERVICE call that failed, or a store read error
        return Reply(502, f"error: the query failed: {exc}\n".encode())
    except Exception as exc:  # evaluation errors surface as assorted types; report, don't die
        return Reply(500, f"error: the query failed: {type(exc).__name__}: {exc}\n".encode())


def worker_main(fd: int, snapshot: str) -> None:
    """A worker process: load the snapshot, then answer jobs on socket ``fd`` until it closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    conn = Connection(fd)
    parent = os.getppid()
    threading.Thread(target=_exit_when_orphaned, args=(parent,), daemon=True).start()
    try:
        store = ox.Store()
        store.bulk_load(path=snapshot, format=ox.RdfFormat.N_QUADS)
    except Exception as exc:
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", len(store)))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(run_job(store, job))


def _exit_when_orphaned(parent: int) -> None:
    """Stop a worker whose server died without stopping it, even in the middle of a query.

    pyoxigraph releases the GIL while it evaluates, so this thread keeps running meanwhile.
    """
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


# -- the pool of workers, in the server process ----------------------------------------------------
_WORKER_CODE = "import sys; from reasoner.serve import worker_main; worker_main(int(sys.argv[1]), sys.argv[2])"


def _worker_environment() -> dict[str, str]:
    """The server's environment, with this package importable even when run from a source tree."""
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
    return env


class _Worker:
    """One worker process and the server's end of the socket pair it talks over.

    A plain subprocess rather than multiprocessing: spawn and forkserver re-import the main
    module, which breaks any script that starts a server without an ``if __name__`` guard, and
    fork is unsafe in a threaded server. The worker runs in its own session so a Ctrl-C in the
    terminal reaches only the server, which then stops the workers.
    """

    def __init__(self, snapshot: Path) -> None:
        ours, theirs = socket.socketpair()
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-c", _WORKER_CODE, str(theirs.fileno()), str(snapshot)],
                pass_fds=(theirs.fileno(),), env=_worker_environment(), stdin=subprocess.DEVNULL,
                start_new_session=True)
        except OSError as exc:
            ours.close()
            raise StoreError(f"cannot start a query worker: {exc}") from None
        finally:
            theirs.close()
        self.conn = Connection(ours.detach())

    def wait_ready(self, timeout: float) -> int:
        try:
            if not self.conn.poll(timeout):
                raise StoreError(f"a query worker did not start within {timeout:.0f} s")
            status, detail = self.conn.recv()
        except (EOFError, OSError):
            self.stop()
            raise StoreError("a query worker exited while loading the store snapshot") from None
        except StoreError:
            self.stop()
            raise
        if status != "ready":
            self.stop()
            raise StoreError(f"a query worker could not load the store snapshot: {detail}")
        return int(detail)

    def stop(self) -> None:
        self.conn.close()
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(2.0)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(2.0)


class WorkerPool:
    """A fixed number of worker processes; one that overruns is killed and replaced."""

    def __init__(self, snapshot: Path, size: int) -> None:
        self._snapshot = snapshot
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._closed = threading.Event()
        self._lock = threading.Lock()
        self._workers: set[_Worker] = set()
        self.triples = 0
        starting = [self._spawn() for _ in range(size)]
        try:
            for worker in starting:
                self.triples = worker.wait_ready(WORKER_START_SECONDS)
                self._idle.put(worker)
        except StoreError:
            self.close()
            raise

    def _spawn(self) -> _Worker:
        worker = _Worker(self._snapshot)
        with self._lock:
            self._workers.add(worker)
        return worker

    def _retire(self, worker: _Worker) -> None:
        with self._lock:
            self._workers.discard(worker)
        worker.stop()

    def _replace(self, worker: _Worker) -> None:
        """Kill a worker and load a fresh one in the background, so the request can answer now."""
        def work() -> None:
            self._retire(worker)
            if self._closed.is_set():
                return
            try:
                fresh = self._spawn()
                fresh.wait_ready(WORKER_START_SECONDS)
            except (StoreError, OSError) as exc:
                log.error("could not replace a query worker: %s", exc)
                return
            if self._closed.is_set():
                self._retire(fresh)
            else:
                self._idle.put(fresh)
                log.info("query worker replaced")
        threading.Thread(target=work, name="reasoner-sparql-respawn", daemon=True).start()

    def run(self, job: Job, timeout: float) -> Reply:
        """Run a job on an idle worker within ``timeout`` seconds (waiting for one: as long again)."""
        if self._closed.is_set():
            raise EndpointBusy("the endpoint is shutting down")
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            raise EndpointBusy(f"every query worker stayed busy for {timeout:g} s; "
                               "try again later") from None
        try:
            worker.conn.send(job)
            if worker.conn.poll(timeout):
                reply: Reply = worker.conn.recv()
                self._idle.put(worker)
                return reply
        except (EOFError, OSError, BrokenPipeError):
            self._replace(worker)
            raise EndpointBusy("a query worker died while running the query; "
                               "it is being replaced") from None
        self._replace(worker)
        raise QueryTimeout(Diagnostic(
            "query-timeout", f"the query ran longer than the {timeout:g} s time limit and was "
            "stopped", hint="narrow it with more specific patterns or a LIMIT"))

    def close(self) -> None:
        self._closed.set()
        with self._lock:
            workers = list(self._workers)
            self._workers.clear()
        for worker in workers:
            worker.stop()


def _ox_term(term: Any, blanks: dict[Any, ox.BlankNode]) -> Any:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return blanks.setdefault(term, ox.BlankNode())
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


def write_snapshot(store: Store, path: Path) -> None:
    """The store's named graphs as N-Quads, natively for Oxigraph and through rdflib otherwise."""
    native = getattr(store, "native", None)
    if isinstance(native, ox.Store):
        native.dump(str(path), format=ox.RdfFormat.N_QUADS)
        return
    blanks: dict[Any, ox.BlankNode] = {}
    quads = (ox.Quad(_ox_term(s, blanks), _ox_term(p, blanks), _ox_term(o, blanks), ox.NamedNode(str(g)))
             for s, p, o, g in store.quads())
    ox.serialize(quads, str(path), format=ox.RdfFormat.N_QUADS)


# -- HTTP ------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Request:
    method: str
    target: str  # the path with its query string
    headers: Mapping[str, str]
    body: bytes = b""


@dataclass(frozen=True, slots=True)
class Response:
    status: int
    body: bytes
    content_type: str = "text/plain; charset=utf-8"
    headers: Mapping[str, str] = field(default_factory=dict)
    summary: str = ""  # for the log's status line


def _text(status: int, message: str, summary: str = "", **headers: str) -> Response:
    return Response(status, (message.rstrip("\n") + "\n").encode("utf-8"),
                    headers=headers, summary=summary or message.splitlines()[0][:120])


def _error(status: int, error: ReasonerError) -> Response:
    return _text(status, error.render(), f"{error.code}: {error.diagnostics[0].message[:100]}")


_LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return host == "localhost"


def _host_name(header: str) -> str:
    header = header.strip().lower()
    if header.startswith("["):
        return header[:header.find("]") + 1]
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


class SparqlEndpoint:
    """The endpoint: an HTTP server, a snapshot of the store and a pool of query workers.

    Create it, then ``serve_forever()`` (blocking) and ``stop()`` from another thread, or use
    :func:`serve` / :func:`running`.
    """

    def __init__(self, store: Store, *, host: str = "127.0.0.1", port: int = 8000,
                 timeout: float = 10.0, max_rows: int = 10_000, allow_service: Iterable[str] = (),
                 workers: int = 2) -> None:
        _check_options(port, timeout, max_rows, workers)
        self.timeout = float(timeout)
        self.max_rows = int(max_rows)
        self.allow_service = frozenset(str(i) for i in allow_service)
        self._parse_lock = threading.Lock()  # pyparsing's packrat cache is not thread-safe
        self._httpd = _bind(host, port, self)
        self._loopback = _is_loopback(host)
        self._folder = Path(tempfile.mkdtemp(prefix="reasoner-serve-"))
        try:
            snapshot = self._folder / "snapshot.nq"
            write_snapshot(store, snapshot)
            self._pool = WorkerPool(snapshot, workers)
        except BaseException:
            self._httpd.server_close()
            shutil.rmtree(self._folder, ignore_errors=True)
            raise
        self.graphs = len(store.graph_names())

    @property
    def url(self) -> str:
        host, port = (str(part) for part in self._httpd.server_address[:2])
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}/sparql"

    def serve_forever(self) -> None:
        self._httpd.serve_forever(poll_interval=0.2)

    def stop(self) -> None:
        """Stop answering (from another thread than serve_forever), stop workers, delete the snapshot."""
        self._httpd.shutdown()
        self.close()

    def close(self) -> None:
        self._httpd.server_close()
        self._pool.close()
        shutil.rmtree(self._folder, ignore_errors=True)

    # -- answering ---------------------------------------------------------------------------------
    def respond(self, request: Request) -> Response:
        """The response to one request; never raises for anything a client can send."""
        host = request.headers.get("host", "")
        if self._loopback and host and _host_name(host) not in _LOOPBACK_NAMES:
            # A page on another site must not read a loopback endpoint through DNS rebinding.
            return _text(403, f"error: unexpected Host header {host!r} for a loopback endpoint")
        path = urlsplit(request.target).path
        if path in ("/", "/index.html"):
            if request.method != "GET":
                return _text(405, "error: the query page only answers GET", Allow="GET")
            return Response(200, _page(self).encode("utf-8"), "text/html; charset=utf-8",
                            {"Content-Security-Policy": _PAGE_POLICY}, "query page")
        if path != "/sparql":
            return _text(404, f"error: no such resource {path}; the endpoint is /sparql")
        if request.method not in ("GET", "POST"):
            return _text(405, "error: use GET or POST on /sparql", Allow="GET, POST")
        try:
            params, query = _protocol_request(request)
            return self._answer(params, query, request.headers.get("accept"))
        except RequestRefused as exc:
            return _error(403, exc)
        except (QueryError, InputError) as exc:
            return _error(400, exc)
        except _Unacceptable as exc:
            return _error(exc.status, exc)
        except (QueryTimeout, EndpointBusy) as exc:
            return _error(503, exc)

    def _answer(self, params: dict[str, list[str]], query: str, accept: str | None) -> Response:
        with self._parse_lock:
            plan = inspect_query(query, self.allow_service)
        requested = params.get("format", []) + params.get("output", []) + params.get("results", [])
        fmt = negotiate(plan.form, accept, requested)
        if fmt is None:
            names = ", ".join(f.media_type for f in formats_for(plan.form))
            raise _Unacceptable(406, f"cannot answer a {plan.form.upper()} query in any type the "
                                     f"client accepts ({accept}); available: {names}")
        job = Job(query, plan.form, fmt.name, self.max_rows,
                  tuple(params.get("default-graph-uri", [])), tuple(params.get("named-graph-uri", [])),
                  union=not plan.own_dataset)
        reply = self._pool.run(job, self.timeout)
        headers = {"Vary": "Accept", "Cache-Control": "no-store"}
        if reply.status != 200:
            return Response(reply.status, reply.body, reply.content_type, headers,
                            reply.body.decode("utf-8", "replace").splitlines()[0][:120])
        unit = "triples" if plan.form in GRAPH_FORMS else "rows"
        if reply.truncated:
            headers["X-Reasoner-Truncated"] = f"results cut at {self.max_rows} {unit}"
        summary = f"{plan.form} {fmt.name} {reply.rows} {unit}{' (truncated)' if reply.truncated else ''}"
        return Response(200, reply.body, reply.content_type, headers, summary)


class _Unacceptable(ReasonerError):
    """A request the protocol rejects with a specific status (406, 411, 413, 415)."""

    code = "protocol"

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _protocol_request(request: Request) -> tuple[dict[str, list[str]], str]:
    """The protocol parameters and the query text of a GET or POST, or a refusal."""
    params = parse_qs(urlsplit(request.target).query, keep_blank_values=True)
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body_query: list[str] = []
    if request.method == "POST":
        text = _body_text(request.body)
        if content_type == "application/x-www-form-urlencoded":
            for key, values in parse_qs(text, keep_blank_values=True).items():
                params.setdefault(key, []).extend(values)
        elif content_type == "application/sparql-query":
            body_query = [text]
        elif content_type == "application/sparql-update":
            raise _read_only()
        else:
            raise _Unacceptable(415, f"unsupported Content-Type {content_type or '(none)'}: send "
                                     "application/x-www-form-urlencoded or application/sparql-query")
    if params.get("update"):
        raise _read_only()
    queries = body_query + params.get("query", [])
    if not queries or not queries[0].strip():
        raise QueryError(Diagnostic("missing-query", "no query: pass the SPARQL text as the "
                                    "'query' parameter", hint="open / in a browser for a query page"))
    if len(queries) > 1:
        raise QueryError(Diagnostic("many-queries", "more than one query in one request"))
    if len(queries[0]) > MAX_QUERY_CHARS:
        raise _Unacceptable(413, f"the query is longer than {MAX_QUERY_CHARS} characters")
    return params, queries[0]


def _body_text(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError("the request body is not UTF-8 text") from None


def _read_only() -> RequestRefused:
    return RequestRefused(Diagnostic(
        "read-only", "this endpoint is read-only: SPARQL Update is refused",
        hint="change the store with the reasoner command line"))


def _check_options(port: int, timeout: float, max_rows: int, workers: int) -> None:
    problems = []
    if not 0 <= port <= 65535:
        problems.append(f"port {port} is not between 0 and 65535")
    if not timeout > 0:
        problems.append(f"the time limit must be positive, not {timeout}")
    if max_rows < 1:
        problems.append(f"the row limit must be at least 1, not {max_rows}")
    if workers < 1:
        problems.append(f"there must be at least one query worker, not {workers}")
    if problems:
        raise InputError(*problems)


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True  # a hung client must not keep the process alive at shutdown

    def __init__(self, address: tuple[str, int], endpoint: SparqlEndpoint) -> None:
        self.endpoint = endpoint
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, _Handler)


def _bind(host: str, port: int, endpoint: SparqlEndpoint) -> _HTTPServer:
    try:
        return _HTTPServer((host, port), endpoint)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise InputError(Diagnostic("cannot-listen", f"cannot listen on {host}:{port}: {reason}",
                                    hint="choose another --port" if exc.errno == 98 else None)) from None


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    protocol_version = "HTTP/1.1"
    server_version = "reasoner-sparql/0.1"
    timeout = IDLE_CONNECTION_SECONDS

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def do_OPTIONS(self) -> None:
        self._send(Response(204, b"", headers={"Allow": "GET, POST, OPTIONS"}, summary="options"))

    def _dispatch(self) -> None:
        started = time.monotonic()
        try:
            response = self._read_body_or_refuse() or self.server.endpoint.respond(Request(
                self.command, self.path, {k.lower(): v for k, v in self.headers.items()},
                self._body))
        except Exception:  # a bug, not a client error: log it in full, answer briefly
            log.exception("internal error answering %s %s", self.command, self.path)
            response = _text(500, "error: internal error in the endpoint (see the server log)")
        self._send(response)
        # The status line: who, what, how it ended, how long it took (the query text is not logged:
        # it may be long, and the page's users may not expect it in a shared log).
        log.info('%s "%s %s" %d %s %.3fs', self.client_address[0], self.command,
                 urlsplit(self.path).path[:80], response.status, response.summary,
                 time.monotonic() - started)

    def _read_body_or_refuse(self) -> Response | None:
        self._body = b""
        if self.command != "POST":
            return None
        length = self.headers.get("Content-Length")
        if length is None or not length.strip().isdigit():
            self.close_connection = True
            return _text(411, "error: a POST needs a Content-Length header")
        if int(length) > MAX_BODY_BYTES:
            self.close_connection = True  # the unread body would be taken for the next request
            return _text(413, f"error: the request body is larger than {MAX_BODY_BYTES} bytes")
        self._body = self.rfile.read(int(length))
        return None

    def _send(self, response: Response) -> None:
        try:
            self.send_response(response.status)
            self.send_header("Content-Type", response.content_type)
            self.send_header("Content-Length", str(len(response.body)))
            self.send_header("X-Content-Type-Options", "nosniff")
            for name, value in response.headers.items():
                self.send_header(name, value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(response.body)
        except (BrokenPipeError, ConnectionResetError):
            log.debug("client went away before the answer was sent")

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        log.debug("%s " + format, self.client_address[0], *args)


# -- running it ------------------------------------------------------------------------------------
def serve(store: Store, *, host: str = "127.0.0.1", port: int = 8000, timeout: float = 10.0,
          max_rows: int = 10_000, allow_service: Iterable[str] = (), workers: int = 2,
          ready: Callable[[str], None] | None = None) -> None:
    """Serve the store read-only at ``http://host:port/sparql`` until interrupted (Ctrl-C).

    ``ready`` is called with the endpoint URL once it is listening (port 0 picks a free port).
    Raises InputError when it cannot listen and StoreError when the workers cannot start.
    """
    endpoint = SparqlEndpoint(store, host=host, port=port, timeout=timeout, max_rows=max_rows,
                              allow_service=allow_service, workers=workers)
    if not _is_loopback(host):
        log.warning("listening on %s: anyone who can reach this address can read the store", host)
    log.info("serving %d triples in %d graphs at %s (time limit %g s, row limit %d, %d workers)",
             endpoint._pool.triples, endpoint.graphs, endpoint.url, endpoint.timeout,
             endpoint.max_rows, workers)
    previous = _stop_on_sigterm()
    try:
        if ready is not None:
            ready(endpoint.url)
        endpoint.serve_forever()
    except (KeyboardInterrupt, _Terminated):
        log.info("interrupted; stopping")
    finally:
        endpoint.close()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
        log.info("stopped")


class _Terminated(Exception):
    """SIGTERM arrived (a service manager stopping the server)."""


def _raise_terminated(signum: int, frame: Any) -> None:
    raise _Terminated


def _stop_on_sigterm() -> Any:
    """Make SIGTERM stop the server as Ctrl-C does, so workers and the snapshot are cleaned up.

    Only possible from the main thread; returns the handler to restore, or None.
    """
    if threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signal.SIGTERM, _raise_terminated)


@contextmanager
def running(store: Store, **options: Any) -> Iterator[SparqlEndpoint]:
    """An endpoint serving in a background thread for the ``with`` block (port 0: a free port)."""
    options.setdefault("port", 0)
    endpoint = SparqlEndpoint(store, **options)
    thread = threading.Thread(target=endpoint.serve_forever, name="reasoner-sparql", daemon=True)
    thread.start()
    try:
        yield endpoint
    finally:
        endpoint.stop()
        thread.join(5.0)


# -- the query page --------------------------------------------------------------------------------
_PAGE_POLICY = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
                "connect-src 'self'; base-uri 'none'; form-action 'none'")

_EXAMPLE = """SELECT ?x ?y WHERE {
  GRAPH graph:inferred { ?a voc:aligned ?b }
  ?a rdfs:label ?x . ?b rdfs:label ?y .
} ORDER BY ?x ?y LIMIT 100"""


def _page(endpoint: SparqlEndpoint) -> str:
    prefixes = " ".join(sorted(PREFIX_IRIS))
    return _PAGE.format(example=html.escape(_EXAMPLE), prefixes=html.escape(prefixes),
                        limits=html.escape(f"time limit {endpoint.timeout:g} s, "
                                           f"at most {endpoint.max_rows} rows"))


_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>reasoner SPARQL</title>
<style>
body {{ font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #222; }}
textarea {{ width: 100%; height: 12em; font: 13px monospace; }}
table {{ border-collapse: collapse; margin-top: 1em; }}
th, td {{ border: 1px solid #ccc; padding: 2px 8px; text-align: left; font: 13px monospace; }}
th {{ background: #f0f0f0; }}
pre {{ background: #f8f8f8; padding: .6em; white-space: pre-wrap; }}
#status {{ margin-left: 1em; color: #555; }} .error {{ color: #a00; }}
</style></head>
<body>
<h1>reasoner: SPARQL</h1>
<p>Read-only; {limits}. The default graph is the union of all graphs. Predefined prefixes:
<code>{prefixes}</code>. Ctrl+Enter runs the query.</p>
<textarea id="query" spellcheck="false">{example}</textarea><br>
<button id="run">Run</button><span id="status"></span>
<div id="out"></div>
<script>
"use strict";
const query = document.getElementById("query"), out = document.getElementById("out"),
      status = document.getElementById("status");
function cell(tag, text) {{ const c = document.createElement(tag); c.textContent = text; return c; }}
function show(data) {{
  out.replaceChildren();
  if ("boolean" in data) {{ out.append(cell("pre", String(data.boolean))); return 1; }}
  const table = document.createElement("table"), head = document.createElement("tr");
  data.head.vars.forEach(v => head.append(cell("th", v)));
  table.append(head);
  data.results.bindings.forEach(b => {{
    const row = document.createElement("tr");
    data.head.vars.forEach(v => row.append(cell("td", b[v] ? b[v].value : "")));
    table.append(row);
  }});
  out.append(table);
  return data.results.bindings.length;
}}
async function run() {{
  status.textContent = "running..."; status.className = "";
  const started = performance.now();
  try {{
    const response = await fetch("sparql", {{method: "POST",
      headers: {{"Content-Type": "application/x-www-form-urlencoded",
                 "Accept": "application/sparql-results+json, text/turtle;q=0.9"}},
      body: new URLSearchParams({{query: query.value}})}});
    const seconds = ((performance.now() - started) / 1000).toFixed(3);
    const type = response.headers.get("Content-Type") || "";
    if (!response.ok) {{
      out.replaceChildren(cell("pre", await response.text()));
      status.textContent = "HTTP " + response.status + " after " + seconds + " s";
      status.className = "error"; return;
    }}
    let count;
    if (type.includes("json")) {{ count = show(await response.json()) + " rows"; }}
    else {{ out.replaceChildren(cell("pre", await response.text())); count = "graph"; }}
    const cut = response.headers.get("X-Reasoner-Truncated");
    status.textContent = count + " in " + seconds + " s" + (cut ? " (" + cut + ")" : "");
  }} catch (e) {{ status.textContent = String(e); status.className = "error"; }}
}}
document.getElementById("run").addEventListener("click", run);
query.addEventListener("keydown", e => {{ if (e.key === "Enter" && e.ctrlKey) run(); }});
</script>
</body></html>
"""
