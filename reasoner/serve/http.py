"""The endpoint on the wire: the HTTP server and handler, ``serve`` (blocking) and ``running``.

:class:`SparqlEndpoint` ties the parts together: it binds the socket, takes the snapshot, starts
the worker pool and answers each :class:`~reasoner.serve.protocol.Request`.
"""

from __future__ import annotations

import logging
import shutil
import signal
import socket
import tempfile
import threading
import time
from contextlib import contextmanager
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator
from urllib.parse import urlsplit

from reasoner.errors import Diagnostic, InputError, QueryError, StoreError
from reasoner.serve.errors import EndpointBusy, ProtocolRefusal, QueryTimeout, RequestRefused
from reasoner.serve.guard import QueryPlan, check_graph_iris, inspect_query, is_local_iri
from reasoner.serve.job import Job
from reasoner.serve.negotiate import GRAPH_FORMS, formats_for, negotiate
from reasoner.serve.page import PAGE_POLICY, page
from reasoner.serve.protocol import (LOOPBACK_NAMES, MAX_BODY_BYTES, Request, Response,
                                     error_response, host_name, is_loopback, protocol_request,
                                     text_response)
from reasoner.serve.cors import CorsPolicy
from reasoner.serve.live import StoreFolder
from reasoner.serve.workers import WorkerPool, write_snapshot
from reasoner.stores.base import Store

log = logging.getLogger("reasoner.serve")

IDLE_CONNECTION_SECONDS = 30.0  # drop idle keep-alive connections so threads do not pile up
PLAN_CACHE = 1024  # parsed queries remembered per endpoint


class SparqlEndpoint:
    """The endpoint: an HTTP server, a snapshot of the store and a pool of query workers.

    Create it, then ``serve_forever()`` (blocking) and ``stop()`` from another thread, or use
    :func:`serve` / :func:`running`.
    """

    def __init__(self, store: Store | StoreFolder, *, host: str = "127.0.0.1", port: int = 8000,
                 timeout: float = 10.0, max_rows: int = 10_000, allow_service: Iterable[str] = (),
                 workers: int = 2, allow_remote: bool = False, allow_hosts: Iterable[str] = (),
                 cors: Iterable[str] = ()) -> None:
        self.allow_service = frozenset(str(i) for i in allow_service)
        self.cors = CorsPolicy.of(cors)
        _check_options(port, timeout, max_rows, workers)
        _check_exposure(host, allow_remote, self.allow_service)
        self.timeout = float(timeout)
        self.max_rows = int(max_rows)
        self.allow_hosts = frozenset(h.strip().lower() for h in allow_hosts)
        self._parse_lock = threading.Lock()  # pyparsing's packrat cache is not thread-safe
        # Parsing is the serial part of answering (rdflib, under the lock): remember the plans of
        # recent queries. Refusals and syntax errors raise, so they are never cached.
        self._plans = lru_cache(maxsize=PLAN_CACHE)(self._inspect)
        self._httpd = _bind(host, port, self)
        self._loopback = is_loopback(host)
        self._folder = Path(tempfile.mkdtemp(prefix="reasoner-serve-"))
        self._source = store if isinstance(store, StoreFolder) else None
        self._workers = workers
        self._snapshots = 0
        self._refresh_lock = threading.Lock()
        self._retry_after = 0.0  # after a failed re-read, wait a little before the next
        try:
            snapshot = self._next_snapshot()
            if self._source is not None:
                self._generation, self.graphs = self._source.snapshot(snapshot)
            else:
                write_snapshot(store, snapshot)  # type: ignore[arg-type]
                self._generation, self.graphs = None, len(store.graph_names())  # type: ignore[union-attr]
            self._pool, self._snapshot = WorkerPool(snapshot, workers), snapshot
        except BaseException:
            self._httpd.server_close()
            shutil.rmtree(self._folder, ignore_errors=True)
            raise

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

    # -- a store other processes write -------------------------------------------------------------
    def _next_snapshot(self) -> Path:
        self._snapshots += 1
        return self._folder / f"snapshot-{self._snapshots}.nq"

    def _current_pool(self) -> WorkerPool:
        """The workers to ask: after another process wrote to the store, ones on a new snapshot."""
        if self._source is None or self._source.generation() == self._generation:
            return self._pool
        with self._refresh_lock:
            if self._source.generation() != self._generation and time.monotonic() >= self._retry_after:
                self._reload(self._source)
        return self._pool

    def _reload(self, source: StoreFolder) -> None:
        snapshot = self._next_snapshot()
        try:
            generation, graphs = source.snapshot(snapshot)
            pool = WorkerPool(snapshot, self._workers)
        except StoreError as exc:
            log.warning("the store changed but could not be read again (%s); answering from the "
                        "earlier snapshot", exc)
            snapshot.unlink(missing_ok=True)
            self._retry_after = time.monotonic() + 1.0
            return
        old, old_snapshot = self._pool, self._snapshot
        self._pool, self._snapshot, self._generation, self.graphs = pool, snapshot, generation, graphs
        log.info("the store changed: now serving %d triples in %d graphs", pool.triples, graphs)
        # Queries already running on the old workers finish within the time limit.
        retire = threading.Timer(2 * self.timeout + 1, _retire, (old, old_snapshot))
        retire.daemon = True
        retire.start()

    # -- answering ---------------------------------------------------------------------------------
    def respond(self, request: Request) -> Response:
        """The response to one request; never raises for anything a client can send."""
        response = self._respond(request)
        if urlsplit(request.target).path == "/sparql":
            return self.cors.apply(request, response)
        return response

    def _respond(self, request: Request) -> Response:
        host = request.headers.get("host", "")
        if not self._host_allowed(host):
            # A page on another site must not read a loopback endpoint through DNS rebinding.
            return text_response(403, f"error: unexpected Host header {host[:100]!r} for this endpoint "
                                      "(allowed: loopback names and the configured --allow-host names)")
        path = urlsplit(request.target).path
        if path in ("/", "/index.html"):
            if request.method != "GET":
                return text_response(405, "error: the query page only answers GET", Allow="GET")
            return Response(200, page(self.timeout, self.max_rows).encode("utf-8"), "text/html; charset=utf-8",
                            {"Content-Security-Policy": PAGE_POLICY}, "query page")
        if path != "/sparql":
            return text_response(404, f"error: no such resource {path}; the endpoint is /sparql")
        if request.method == "OPTIONS":
            return self.cors.preflight(request)
        if request.method not in ("GET", "POST"):
            return text_response(405, "error: use GET or POST on /sparql", Allow="GET, POST, OPTIONS")
        try:
            params, query = protocol_request(request)
            return self._answer(params, query, request.headers.get("accept"))
        except RequestRefused as exc:
            return error_response(403, exc)
        except (QueryError, InputError) as exc:
            return error_response(400, exc)
        except ProtocolRefusal as exc:
            return error_response(exc.status, exc)
        except (QueryTimeout, EndpointBusy) as exc:
            return error_response(503, exc)

    def _inspect(self, query: str) -> QueryPlan:
        with self._parse_lock:
            return inspect_query(query, self.allow_service)

    def _host_allowed(self, header: str) -> bool:
        """Loopback names always; configured names; any name only on a non-loopback address
        with no names configured. An empty header (HTTP/1.0) carries no name to check."""
        if not header:
            return True
        name = host_name(header)
        if name in LOOPBACK_NAMES or name in self.allow_hosts:
            return True
        return not self._loopback and not self.allow_hosts

    def _answer(self, params: dict[str, list[str]], query: str, accept: str | None) -> Response:
        check_graph_iris(params.get("default-graph-uri", []), "default-graph-uri")
        check_graph_iris(params.get("named-graph-uri", []), "named-graph-uri")
        plan = self._plans(query)
        requested = params.get("format", []) + params.get("output", []) + params.get("results", [])
        fmt = negotiate(plan.form, accept, requested)
        if fmt is None:
            names = ", ".join(f.media_type for f in formats_for(plan.form))
            raise ProtocolRefusal(406, f"cannot answer a {plan.form.upper()} query in any type the "
                                     f"client accepts ({accept}); available: {names}")
        job = Job(query, plan.form, fmt.name, self.max_rows,
                  tuple(params.get("default-graph-uri", [])), tuple(params.get("named-graph-uri", [])),
                  union=not plan.own_dataset)
        reply = self._current_pool().run(job, self.timeout)
        headers = {"Vary": "Accept", "Cache-Control": "no-store"}
        if reply.status != 200:
            return Response(reply.status, reply.body, reply.content_type, headers,
                            reply.body.decode("utf-8", "replace").splitlines()[0][:120])
        unit = "triples" if plan.form in GRAPH_FORMS else "rows"
        if reply.truncated:
            headers["X-Reasoner-Truncated"] = f"results cut at {self.max_rows} {unit}"
        summary = f"{plan.form} {fmt.name} {reply.rows} {unit}{' (truncated)' if reply.truncated else ''}"
        return Response(200, reply.body, reply.content_type, headers, summary)


def _retire(pool: WorkerPool, snapshot: Path) -> None:
    pool.close()
    snapshot.unlink(missing_ok=True)


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


def _check_exposure(host: str, allow_remote: bool, allow_service: frozenset[str]) -> None:
    """Refuse a non-loopback address unless asked for, and local files as SERVICE endpoints."""
    problems = []
    if not is_loopback(host) and not allow_remote:
        problems.append(Diagnostic(
            "remote-listen", f"refusing to listen on {host}: the endpoint has no authentication, so "
            "anyone who can reach that address could read the whole store",
            hint="put it behind an authenticating proxy (SECURITY.md) and pass --allow-remote"))
    problems += [Diagnostic("local-iri", f"--allow-service {iri}: a local file cannot be a SPARQL "
                            "endpoint") for iri in sorted(allow_service) if is_local_iri(iri)]
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
        self._dispatch()

    def _dispatch(self) -> None:
        started = time.monotonic()
        try:
            response = self._read_body_or_refuse() or self.server.endpoint.respond(Request(
                self.command, self.path, {k.lower(): v for k, v in self.headers.items()},
                self._body))
        except Exception:  # a bug, not a client error: log it in full, answer briefly
            log.exception("internal error answering %s %s", self.command, self.path)
            response = text_response(500, "error: internal error in the endpoint (see the server log)")
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
            return text_response(411, "error: a POST needs a Content-Length header")
        if int(length) > MAX_BODY_BYTES:
            self.close_connection = True  # the unread body would be taken for the next request
            return text_response(413, f"error: the request body is larger than {MAX_BODY_BYTES} bytes")
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
def serve(store: Store | StoreFolder, *, host: str = "127.0.0.1", port: int = 8000, timeout: float = 10.0,
          max_rows: int = 10_000, allow_service: Iterable[str] = (), workers: int = 2,
          allow_remote: bool = False, allow_hosts: Iterable[str] = (), cors: Iterable[str] = (),
          ready: Callable[[str], None] | None = None) -> None:
    """Serve the store read-only at ``http://host:port/sparql`` until interrupted (Ctrl-C).
    A :class:`StoreFolder` is served live: writes by other processes show in the next query.

    ``ready`` is called with the endpoint URL once it is listening (port 0 picks a free port).
    A non-loopback ``host`` needs ``allow_remote=True``; ``allow_hosts`` are Host header names
    accepted besides the loopback ones (a proxy's public name); ``cors`` the origins of web pages
    that may read answers (``*`` for any; none by default). Raises InputError for bad
    options or when it cannot listen, and StoreError when the workers cannot start.
    """
    endpoint = SparqlEndpoint(store, host=host, port=port, timeout=timeout, max_rows=max_rows,
                              allow_service=allow_service, workers=workers,
                              allow_remote=allow_remote, allow_hosts=allow_hosts, cors=cors)
    if not is_loopback(host):
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
def running(store: Store | StoreFolder, **options: Any) -> Iterator[SparqlEndpoint]:
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

