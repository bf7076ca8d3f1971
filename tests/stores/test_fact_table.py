"""The fact table beside the embedded store (reasoner/stores/fact_table.py): it gives exactly
the facts the graphs give, after every kind of write, and a stale or killed one is never read."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

import reasoner
from reasoner.rdf.iris import document_graph
from reasoner.rules.ast import INT_MAX, INT_MIN, Iri, Symbol
from reasoner.stores import fact_table as ft
from reasoner.stores.generation import mark_written, read_generation

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = ("title: Talks\ndate: 2024-05-02\n\n"
           "The president of Ghana met the prime minister of Senegal in Accra on May 1.\n"
           "Ghana threatened Togo with sanctions if Togo closes the border.\n"
           "Senegal accused Mali of supporting the rebels.\n")
OTHER = ("title: Calls\ndate: 2024-06-10\n\n"
         "Kenya called Uganda on Monday.\nTanzania hosted Rwanda in Dodoma.\n")


def graph_facts(kb: reasoner.KnowledgeBase, predicates=None):
    return kb.store.facts_from_graphs(kb.graphs("asserted"), predicates)


def table_facts(kb: reasoner.KnowledgeBase, predicates=None):
    return kb.store.facts(kb.graphs("asserted"), predicates)


@pytest.fixture
def kb(tmp_path: Path):
    with reasoner.open(str(tmp_path / "store")) as kb:
        kb.ingest(ARTICLE, doc_id="talks")
        yield kb


def test_a_new_store_keeps_its_table_from_the_first_write(kb) -> None:
    assert kb.store.fact_table.exists
    assert table_facts(kb) == graph_facts(kb)
    assert kb.store.fact_table.matches(read_generation(kb.store.location))
    assert table_facts(kb)["actor"]


def test_the_table_follows_ingest_retract_and_replace(kb) -> None:
    kb.ingest(OTHER, doc_id="calls")
    assert table_facts(kb) == graph_facts(kb)
    kb.ingest(OTHER.replace("Uganda", "Burundi"), doc_id="calls", replace=True)
    facts = table_facts(kb)
    assert facts == graph_facts(kb)
    assert not any(Symbol("uganda") in row for row in facts.get("target", ()))
    kb.retract(["talks"])
    assert table_facts(kb) == graph_facts(kb)
    assert kb.store.fact_table.matches(read_generation(kb.store.location))
    assert not kb.store.fact_table.pending()[0]


def test_a_predicate_or_graph_subset_reads_the_same(kb) -> None:
    kb.ingest(OTHER, doc_id="calls")
    wanted = {"actor", "target", "state", "event_type"}
    assert table_facts(kb, wanted) == graph_facts(kb, wanted)
    one = [document_graph("calls")]
    assert kb.store.facts(one) == kb.store.facts_from_graphs(one)


def test_inference_writes_keep_the_table_fresh(kb) -> None:
    kb.infer(engine="duckdb")
    assert table_facts(kb) == graph_facts(kb)
    kb.infer(engine="duckdb")  # only the inferred graph and the mark change: nothing to re-read
    assert kb.store.fact_table.pending()[0] == set()
    assert table_facts(kb) == graph_facts(kb)


def test_an_update_it_cannot_follow_is_rebuilt_at_the_next_read(kb) -> None:
    graph = document_graph("talks")
    kb.store.run_update(f"INSERT DATA {{ GRAPH <{graph}> {{ <urn:x:e1> "
                        f"<https://w3id.org/reasoner/vocab#actor> <urn:x:someone> }} }}")
    assert ft.EVERYTHING in kb.store.fact_table.pending()[0]
    facts = table_facts(kb)
    assert (Iri("urn:x:e1"), Iri("urn:x:someone")) in facts["actor"]
    assert facts == graph_facts(kb)
    assert kb.store.fact_table.matches(read_generation(kb.store.location))


def test_a_write_by_another_process_makes_it_stale(kb) -> None:
    """A write that did not go through the journal (the generation changed, nothing noted)."""
    kb.facts()
    mark_written(kb.store.location)
    assert not kb.store.fact_table.matches(read_generation(kb.store.location))
    assert table_facts(kb) == graph_facts(kb)
    assert kb.store.fact_table.matches(read_generation(kb.store.location))


def test_a_store_without_a_table_gets_one_at_its_first_read(tmp_path: Path) -> None:
    location = tmp_path / "store"
    with reasoner.open(str(location)) as kb:
        kb.ingest(ARTICLE, doc_id="talks")
    (location / ft.FILE_NAME).unlink()
    with reasoner.open(str(location)) as kb:
        assert not kb.store.fact_table.exists
        assert table_facts(kb) == graph_facts(kb)
        assert kb.store.fact_table.exists


def _dying_at(point: str, store: Path, *args: str) -> int:
    env = {**os.environ, "REASONER_FAILPOINT": point}
    return subprocess.run([sys.executable, "-m", "reasoner", "--store", str(store), *args],
                          cwd=ROOT, env=env, capture_output=True, timeout=300).returncode


@pytest.mark.parametrize("point, there", [("before-graph-write", False), ("after-graph-write", True)])
def test_ingest_killed_around_its_write_leaves_a_consistent_next_open(tmp_path: Path, point: str,
                                                                     there: bool) -> None:
    store = tmp_path / "store"
    with reasoner.open(str(store)) as kb:
        kb.ingest(ARTICLE, doc_id="talks")
        before = table_facts(kb)
    doc = tmp_path / "calls.txt"
    doc.write_text(OTHER, encoding="utf-8")
    assert _dying_at(point, store, "ingest", "--no-infer", str(doc)) == -9  # killed by SIGKILL there
    with reasoner.open(str(store)) as kb:
        after = table_facts(kb)
        assert after == graph_facts(kb)
        assert ("calls" in kb.documents()) is there
        assert (after != before) is there


def test_killed_while_the_table_catches_up_the_next_read_is_consistent(tmp_path: Path) -> None:
    store = tmp_path / "store"
    with reasoner.open(str(store)) as kb:
        kb.ingest(ARTICLE, doc_id="talks")
        kb.facts()  # the table is up to date here
        kb.ingest(OTHER, doc_id="calls", infer=False)  # journaled, not yet in the rows
    assert _dying_at("fact-table-commit", store, "ask", "actor(E, X)") == -9
    with reasoner.open(str(store)) as kb:
        assert kb.store.fact_table.pending()[0]  # the journal survived the killed catch-up
        assert table_facts(kb) == graph_facts(kb)
        assert not kb.store.fact_table.pending()[0]


def test_a_small_write_is_an_append_to_the_journal(kb) -> None:
    kb.facts()
    assert not kb.store.fact_table.journal.exists()
    kb.ingest(OTHER, doc_id="calls", infer=False)
    graphs, generation = kb.store.fact_table.pending()
    assert str(document_graph("calls")) in graphs
    assert generation == read_generation(kb.store.location)


_VALUES = st.one_of(
    st.builds(Symbol, st.from_regex(r"[a-z][a-z0-9_]{0,12}", fullmatch=True)),
    st.builds(Iri, st.text(min_size=1).map(lambda t: "urn:x:" + t)),
    st.text(), st.integers(INT_MIN, INT_MAX),
    st.floats(allow_nan=False, allow_infinity=False).filter(lambda f: not f.is_integer()),
    st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)))


@settings(max_examples=300, deadline=None)
@given(_VALUES)
def test_every_rule_value_survives_the_table(value) -> None:
    back = ft.decode(*ft.encode(value))
    assert back == value and type(back) is type(value)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["g1", "g2"]), st.sampled_from(["p", "q", "r"]),
                          _VALUES, st.one_of(st.none(), _VALUES)), max_size=30))
def test_rows_written_are_the_rows_read(tmp_path_factory, rows) -> None:
    table = ft.FactTable(tmp_path_factory.mktemp("table"))
    table.reset(rows, ["g1", "g2"], "gen")
    expected: dict[str, set] = {}
    for _, pred, subject, obj in rows:
        expected.setdefault(pred, set()).add((subject,) if obj is None else (subject, obj))
    read = table.read(["g1", "g2"])
    table.close()
    key = lambda facts: {p: {tuple((type(v), v) for v in row) for row in r} for p, r in facts.items()}
    assert key(read) == key(expected)
    # each row once, though both graphs hold it (the engines take the rows as they come)
    assert {p: len(r) for p, r in read.items()} == {p: len(r) for p, r in key(expected).items()}


def test_a_few_graphs_of_a_large_store_are_read_by_sparql(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from reasoner.stores import oxigraph

    monkeypatch.setattr(oxigraph, "FEW_GRAPHS", 1)  # "large": more than two graphs
    with reasoner.open(str(tmp_path / "store")) as kb:
        kb.ingest(ARTICLE, doc_id="talks")
        kb.ingest(OTHER, doc_id="calls")
        kb.facts()  # the table up to date: it holds three graphs
        one = [document_graph("calls")]
        assert kb.store._few_of_many(one) and not kb.store._few_of_many(kb.graphs("asserted"))
        assert kb.store.facts(one) == kb.store.facts_from_graphs(one)
        monkeypatch.setattr(kb.store, "facts_from_graphs", None)  # all graphs: from the table
        assert kb.store.facts(kb.graphs("asserted"))["actor"]

