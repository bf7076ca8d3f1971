"""The endpoint under load: the real `reasoner serve` command, 8 concurrent clients, 2,000 queries.

Every answer is checked against the answer the store itself gives before the server starts; no
request may fail. Median and p99 latency are printed (never asserted: timing depends on the box).
"""

from __future__ import annotations

import http.client
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Iterator

import pytest

import reasoner

ROOT = Path(__file__).resolve().parents[2]
CLIENTS = 8
QUERIES = 2_000
DEADLINE = 240.0  # seconds for the whole run; a stuck server fails the test instead of hanging it


def queries_and_answers(store: Path) -> list[tuple[str, list[list[str]]]]:
    """A mix of queries over the seed's knowledge graph, each with its answer from the store."""
    with reasoner.open(store=str(store)) as kb:
        kb.ingest_files([ROOT / "seeds"])
        kb.infer()
        entities = [str(row[0]) for row in kb.query(
            "SELECT DISTINCT ?e WHERE { ?e rdfs:label ?l } ORDER BY ?e LIMIT 150")]
        texts = [f"SELECT ?l WHERE {{ <{e}> rdfs:label ?l }} ORDER BY ?l" for e in entities]
        texts += [f"SELECT ?p (COUNT(*) AS ?n) WHERE {{ <{e}> ?p ?o }} GROUP BY ?p ORDER BY ?p"
                  for e in entities[:50]]
        texts += [
            "SELECT ?a ?b WHERE { GRAPH graph:inferred { ?a voc:aligned ?b } } ORDER BY ?a ?b",
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
            "SELECT ?e ?t WHERE { ?e voc:event_type ?t } ORDER BY ?e ?t LIMIT 40",
        ]
        return [(text, _rows(kb.query(text))) for text in texts]


def _rows(result: object) -> list[list[str]]:
    return [[str(value) for value in row] for row in result]  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[tuple[str, list[list[str]]]]]]:
    folder = tmp_path_factory.mktemp("load")
    expected = queries_and_answers(folder / "store")
    log = folder / "serve.log"  # a file, not a pipe: one log line per request would fill a pipe
    with log.open("w") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "reasoner", "--store", str(folder / "store"), "serve", "--port", "0",
             "--workers", "2"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=sink,
            env=dict(os.environ, PYTHONPATH=str(ROOT)))
    try:
        yield _wait_for_url(process, log), expected
    finally:
        process.terminate()
        process.wait(20)
    assert "Traceback" not in log.read_text()


def _wait_for_url(process: subprocess.Popen[bytes], log: Path, limit: float = 120.0) -> str:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and process.poll() is None:
        for line in log.read_text().splitlines():
            if "serving SPARQL at " in line:
                return line.split("serving SPARQL at ")[1].split()[0]
        time.sleep(0.1)
    raise AssertionError(f"the server did not start: {log.read_text()[-500:]}")


def client(url: str, work: list[tuple[str, list[list[str]]]], latencies: list[float],
           failures: list[str], deadline: float) -> None:
    """One client on one keep-alive connection: send each query, check each answer."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        for text, expected in work:
            if time.monotonic() > deadline:
                failures.append("deadline passed")
                return
            body = urllib.parse.urlencode({"query": text})
            started = time.perf_counter()
            connection.request("POST", parts.path, body, {
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/sparql-results+json"})
            response = connection.getresponse()
            data = response.read()
            latencies.append(time.perf_counter() - started)
            if response.status != 200:
                failures.append(f"{response.status}: {data[:200]!r}")
                continue
            answer = json.loads(data)
            names = answer["head"]["vars"]
            rows = [[b[n]["value"] for n in names] for b in answer["results"]["bindings"]]
            if rows != expected:
                failures.append(f"wrong answer to {text}: {rows[:3]} != {expected[:3]}")
    except (OSError, http.client.HTTPException, ValueError) as exc:
        failures.append(f"{type(exc).__name__}: {exc}")
    finally:
        connection.close()


def test_2000_queries_from_8_clients_all_answered_correctly(
        server: tuple[str, list[tuple[str, list[list[str]]]]], capsys: pytest.CaptureFixture[str]) -> None:
    url, expected = server
    plan = [expected[i % len(expected)] for i in range(QUERIES)]
    latencies: list[float] = []
    failures: list[str] = []
    deadline = time.monotonic() + DEADLINE
    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(url, plan[i::CLIENTS], latencies, failures, deadline))
               for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(DEADLINE + 30)
    wall = time.monotonic() - started
    assert not failures, failures[:5]
    assert len(latencies) == QUERIES
    ordered = sorted(latencies)
    with capsys.disabled():
        print(f"\nload: {QUERIES} queries, {CLIENTS} clients, {wall:.1f} s ({QUERIES / wall:.0f}/s): "
              f"median {statistics.median(ordered) * 1000:.1f} ms, "
              f"p99 {ordered[int(0.99 * len(ordered)) - 1] * 1000:.1f} ms, max {ordered[-1] * 1000:.1f} ms")
