"""What runs inside a query worker process: load the snapshot, answer jobs, serialise results.

``worker_main`` is the worker's entry point (started by :mod:`reasoner.serve.workers`);
``run_job`` runs one query on an in-memory Oxigraph store and returns the HTTP body.
"""

from __future__ import annotations

import itertools
import json
import os
import signal
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from types import MappingProxyType
from typing import Any, Mapping

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef, Variable
from rdflib.namespace import RDF, XSD
from rdflib.query import Result

from reasoner.formats import Rows, format_rows
from reasoner.rdf.namespaces import PREFIX_IRIS
from reasoner.serve.negotiate import media_type
from reasoner.stores.base import query_diagnostic

OX_GRAPH_FORMATS: Mapping[str, ox.RdfFormat] = MappingProxyType({
    "turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
    "rdfxml": ox.RdfFormat.RDF_XML, "jsonld": ox.RdfFormat.JSON_LD,
})


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
            return Reply(200, _boolean_body(bool(result), job.fmt), media_type(job.fmt), 1)
        # Results stream lazily: taking one more than the limit tells "cut" from "exactly full".
        taken = list(itertools.islice(result, job.max_rows + 1))
        truncated = len(taken) > job.max_rows
        taken = taken[:job.max_rows]
        if isinstance(result, ox.QueryTriples):
            body = ox.serialize(taken, format=OX_GRAPH_FORMATS[job.fmt], prefixes=_used_prefixes(taken))
            return Reply(200, body or b"", media_type(job.fmt), len(taken), truncated)
        variables = [v.value for v in result.variables]
        rows = [tuple(_rdflib_term(s[v]) for v in variables) for s in taken]
        return Reply(200, _solutions_body(variables, rows, job.fmt), media_type(job.fmt),
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

