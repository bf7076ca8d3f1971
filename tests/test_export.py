"""Exports are byte-stable: the same store gives the same bytes in every format, in every
process, whatever the hash seed, and each export reads back as the same quads."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph

import reasoner
from reasoner.resources import seeds_dir

FORMATS = ("turtle", "trig", "nt", "nquads", "jsonld")
SEEDS = ("1", "2", "3")

# One process: every format of one store, each as a hash of its bytes (JSON on stdout).
EXPORT_ALL = """
import hashlib, json, sys
import reasoner
with reasoner.open(sys.argv[1]) as kb:
    print(json.dumps({f: hashlib.sha256(kb.export(format=f).encode()).hexdigest()
                      for f in sys.argv[2:]}))
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    location = tmp_path_factory.mktemp("export") / "store"
    with reasoner.open(str(location)) as kb:
        kb.ingest_files([seeds_dir()])
        kb.ingest("Hungary offered to mediate between Ukraine and Russia.", date="2022-02-04")
        kb.infer()
    return location


def test_five_formats_are_byte_identical_across_processes_and_hash_seeds(store: Path) -> None:
    digests = []
    for seed in SEEDS:
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", EXPORT_ALL, str(store), *FORMATS],
                              capture_output=True, text=True, env=env, timeout=300, check=True)
        digests.append(json.loads(done.stdout))
    for fmt in FORMATS:
        assert len({d[fmt] for d in digests}) == 1, f"{fmt}: {[d[fmt] for d in digests]}"
    with reasoner.open(str(store)) as kb:  # and this process agrees with the others
        assert hashlib.sha256(kb.export(format="trig").encode()).hexdigest() == digests[0]["trig"]


@pytest.mark.parametrize("fmt,rdflib_format", [("trig", "trig"), ("jsonld", "json-ld")])
def test_graph_formats_read_back_as_the_same_quads(store: Path, fmt: str, rdflib_format: str) -> None:
    with reasoner.open(str(store)) as kb:
        text, nquads = kb.export(format=fmt), kb.export(format="nquads")
    assert _quads(text, rdflib_format) == _quads(nquads, "nquads")


def _quads(text: str, rdflib_format: str) -> set[tuple[str, ...]]:
    dataset = Dataset()
    dataset.parse(data=text, format=rdflib_format)
    return {(s.n3(), p.n3(), o.n3(), str(g)) for s, p, o, g in dataset.quads((None, None, None, None))}


def test_turtle_has_the_triples_of_every_graph(store: Path) -> None:
    with reasoner.open(str(store)) as kb:
        turtle, nt = kb.export(format="turtle"), kb.export(format="nt")
    assert set(Graph().parse(data=turtle, format="turtle")) == set(Graph().parse(data=nt, format="nt"))
