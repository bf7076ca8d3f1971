"""Large graphs made again on every read (reasoner/rdf/stream.py): the same triples and stamp as
the list they replace, N-Triples chunks that parse back to the graph, and a table ingest through
them that stores exactly what the list path stores."""

from __future__ import annotations

import random
from pathlib import Path

import pyoxigraph
import pytest
from hypothesis import given, settings, strategies as st
from rdflib import Graph, Literal, URIRef

import reasoner
from reasoner import kb as kb_module
from reasoner.rdf import mapping
from reasoner.rdf.stream import STAMP, StreamedTriples, content_hash, stamp_of
from tests.tables.conftest import coded, write_gdelt

GRAPH = URIRef("https://w3id.org/reasoner/graph/sample")
TEXT = ("Ruritania offered to mediate between Ukraine and Russia.\n"
        "Egypt threatened Ethiopia with sanctions if it fills the dam.\n"
        'Brazil signed a "trade" agreement with Argentina on 3 March 2024.\n')


@pytest.fixture(scope="module")
def document():  # type: ignore[no-untyped-def]
    knowledge = reasoner.open("memory")
    doc = knowledge.extract(TEXT, doc_id="sample")
    knowledge.close()
    return doc


def test_streamed_triples_are_the_list_and_its_stamp(document) -> None:  # type: ignore[no-untyped-def]
    listed = mapping.document_triples(document)
    streamed = StreamedTriples(GRAPH, lambda: mapping.iter_document_triples(document))
    assert list(streamed)[:-1] == listed and len(streamed) == len(listed) + 1
    assert streamed.stamp == stamp_of(GRAPH, listed) and list(streamed)[-1] == streamed.stamp
    assert list(streamed) == list(streamed)  # made again, the same each time


def test_ntriples_chunks_parse_back_to_the_graph(document) -> None:  # type: ignore[no-untyped-def]
    streamed = StreamedTriples(GRAPH, lambda: mapping.iter_document_triples(document))
    chunks = list(streamed.ntriples(chunk=7))
    assert len(chunks) > 3
    parsed = Graph()
    for chunk in chunks:
        parsed.parse(data=chunk.decode(), format="nt")
    assert set(parsed) == set(streamed)
    assert any(isinstance(o, Literal) and '"trade"' in str(o) for _, _, o in parsed)


@given(st.lists(st.text(max_size=30), max_size=30), st.randoms(use_true_random=False))
@settings(max_examples=50, deadline=None)
def test_the_content_hash_ignores_order_and_sees_every_line(lines: list[str], rnd: random.Random) -> None:
    shuffled = lines[:]
    rnd.shuffle(shuffled)
    assert content_hash(shuffled) == content_hash(lines)
    assert content_hash(lines + ["another line"]) != content_hash(lines)


def test_a_stamp_is_not_part_of_what_it_stamps() -> None:
    triple = (GRAPH, URIRef("https://w3id.org/reasoner/vocab#p"), Literal("x"))
    assert stamp_of(GRAPH, [triple]) == stamp_of(GRAPH, [triple, (GRAPH, STAMP, Literal("old"))])


def test_a_large_table_is_stored_streamed_exactly_as_listed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [coded(str(100 + i), f"202403{1 + i % 28:02d}", ("EGYGOV", "EGYPT", "EGY"), "1312",
                  ("ETHGOV", "ETHIOPIA", "ETH"), url=f"https://news.example.org/{i}") for i in range(40)]
    table = write_gdelt(tmp_path / "rows.export.CSV", *rows)

    made: list[StreamedTriples] = []

    class Spy(StreamedTriples):
        def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
            super().__init__(*args, **kwargs)
            made.append(self)

    monkeypatch.setattr(kb_module, "StreamedTriples", Spy)

    def stored(threshold: int, folder: str) -> set[str]:
        monkeypatch.setattr(kb_module, "STREAM_SENTENCES", threshold)
        monkeypatch.setattr("reasoner.stores.oxigraph.BULK_THRESHOLD", 100)  # take the bulk path
        knowledge = reasoner.open(str(tmp_path / folder))
        (report,) = knowledge.ingest_files([table], table_format="gdelt", infer=False)
        assert report.events == 40
        quads = knowledge.store.native.dump(format=pyoxigraph.RdfFormat.N_QUADS)
        knowledge.close()
        return {line for line in quads.decode().splitlines() if "/graph/rows" in line}

    streamed = stored(10, "streamed")
    assert len(made) == 1
    listed = stored(10_000, "listed")
    assert len(made) == 1 and streamed == listed and len(streamed) > 40 * 10
