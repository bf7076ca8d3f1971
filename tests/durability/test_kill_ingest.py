"""Ingest is atomic per document on the embedded store, even when the process is SIGKILLed
half-way: reopened, the store holds the document wholly or not at all; ingested again, it is
all there."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import reasoner
from reasoner.rdf.iris import document_graph

ROOT = Path(__file__).resolve().parents[2]
SENTENCE = "Vladimir Putin met Xi Jinping in Beijing on February {day}.\n"


def big_document(path: Path, sentences: int) -> Path:
    path.write_text("title: Generated\ndate: 2022-02-04\n\n" +
                    "".join(SENTENCE.format(day=1 + i % 28) for i in range(sentences)),
                    encoding="utf-8")
    return path


def ingest_process(store: Path, doc: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "reasoner", "--store", str(store), "ingest", str(doc)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def graph_size(store: Path, doc_id: str) -> int:
    with reasoner.open(store=str(store)) as kb:
        return kb.store.count(document_graph(doc_id))


def test_sigkill_during_ingest_leaves_no_trace(tmp_path: Path) -> None:
    doc = big_document(tmp_path / "big.txt", 1000)
    started = time.monotonic()
    full = ingest_process(tmp_path / "reference", doc)
    assert full.wait(timeout=300) == 0
    whole = graph_size(tmp_path / "reference", "big")
    took = time.monotonic() - started
    assert whole > 10_000
    absent = 0
    for attempt, fraction in enumerate((0.9, 0.7, 0.5, 0.3)):  # late first: likely mid-write
        store = tmp_path / f"store{attempt}"
        proc = ingest_process(store, doc)
        time.sleep(took * fraction)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        size = graph_size(store, "big")
        assert size in (0, whole), f"half-written document: {size} of {whole} triples"
        absent += size == 0
        if absent:
            break
    assert absent >= 1
    again = ingest_process(store, doc)
    assert again.wait(timeout=300) == 0
    assert graph_size(store, "big") == whole
