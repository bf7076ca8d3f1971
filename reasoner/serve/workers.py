"""The query workers, seen from the server: the store snapshot, the worker processes, the pool.

A worker is a plain ``python -c`` subprocess running :func:`reasoner.serve.job.worker_main`; it
loads the snapshot into an in-memory Oxigraph store and answers jobs over a socket pair. One that
overruns the time limit is killed and replaced in the background.
"""

from __future__ import annotations

import logging
import os
import queue
import socket
import subprocess
import sys
import threading
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, URIRef

from reasoner.errors import Diagnostic, StoreError
from reasoner.serve.errors import EndpointBusy, QueryTimeout
from reasoner.serve.job import Job, Reply
from reasoner.stores.base import Store

log = logging.getLogger("reasoner.serve")

WORKER_START_SECONDS = 120.0  # loading a large snapshot takes a while; a stuck worker does not


_WORKER_CODE = "import sys; from reasoner.serve.job import worker_main; worker_main(int(sys.argv[1]), sys.argv[2])"


def _worker_environment() -> dict[str, str]:
    """The server's environment, with this package importable even when run from a source tree."""
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parents[2])
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

