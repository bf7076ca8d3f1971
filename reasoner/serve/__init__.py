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
The costs: each worker holds a copy of the data (memory = store size x workers), an embedded
store's writes by other processes cost a new snapshot at the next query (:mod:`~reasoner.serve.live`:
the store is not held open, and its write generation says when it changed), and every
query is evaluated by Oxigraph whatever the store's backend (for the ``memory`` store that is a
different, much faster evaluator than rdflib's, with the same union-of-graphs default graph and
the same predefined prefixes).

The package, by job: :mod:`~reasoner.serve.http` (endpoint, HTTP handler, ``serve``, ``running``),
:mod:`~reasoner.serve.protocol` (requests and responses as data), :mod:`~reasoner.serve.guard`
(query inspection: updates, SERVICE allow-list), :mod:`~reasoner.serve.negotiate` (result formats),
:mod:`~reasoner.serve.workers` (snapshot and worker pool), :mod:`~reasoner.serve.job` (what a
worker process runs), :mod:`~reasoner.serve.live` (a store other processes write),
:mod:`~reasoner.serve.cors` (cross-origin reads), :mod:`~reasoner.serve.page` (the HTML query page) and
:mod:`~reasoner.serve.errors`.
"""

from __future__ import annotations

from reasoner.serve.errors import EndpointBusy, ProtocolRefusal, QueryTimeout, RequestRefused
from reasoner.serve.guard import QueryPlan, inspect_query, service_keywords, service_targets
from reasoner.serve.http import SparqlEndpoint, running, serve
from reasoner.serve.job import Job, Reply, run_job, worker_main
from reasoner.serve.negotiate import FORMATS, ResultFormat, formats_for, negotiate
from reasoner.serve.protocol import MAX_BODY_BYTES, MAX_QUERY_CHARS, Request, Response
from reasoner.serve.workers import WorkerPool, write_snapshot

__all__ = [
    "EndpointBusy", "FORMATS", "Job", "MAX_BODY_BYTES", "MAX_QUERY_CHARS", "ProtocolRefusal",
    "QueryPlan", "QueryTimeout", "Reply", "Request", "RequestRefused", "Response", "ResultFormat",
    "SparqlEndpoint", "WorkerPool", "formats_for", "inspect_query", "negotiate", "run_job",
    "running", "serve", "service_keywords", "service_targets", "worker_main", "write_snapshot",
]
