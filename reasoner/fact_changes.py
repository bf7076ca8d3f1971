"""Changes of asserted facts, shared by the console's live conclusions and the store's upkeep:
set differences, and which facts another graph still asserts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from rdflib import URIRef

from reasoner.rdf import atoms
from reasoner.rdf.namespaces import INFERRED_GRAPH

if TYPE_CHECKING:
    from reasoner.stores import Store

# Above this many changed asserted facts the engine recomputes everything: evaluating rule
# instances one by one in Python pays off for small changes only.
MAX_INCREMENTAL_FACTS = 5_000


def asserted_elsewhere(store: "Store", facts: atoms.Facts, graphs: Iterable[URIRef]) -> atoms.Facts:
    """Which of ``facts`` some graph other than ``graphs`` (and the inferred graph) also
    asserts, so they stay asserted when those graphs change. Every fact read from RDF is about
    its first argument, the subject of its triple: one query by subject finds them."""
    terms = {atoms.to_term(row[0]) for rows in facts.values() for row in rows}
    subjects = sorted(t for t in terms if isinstance(t, URIRef))
    if not subjects:
        return {}
    excluded = {str(g) for g in graphs} | {str(INFERRED_GRAPH)}
    values = " ".join(s.n3() for s in subjects)
    rows = store.query(
        f"SELECT ?g ?s ?p ?o WHERE {{ VALUES ?s {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}")
    triples = [(s, p, o) for g, s, p, o in rows if str(g) not in excluded]  # type: ignore[misc]
    found = atoms.facts_from_triples(triples)
    return {p: rows & found.get(p, set()) for p, rows in facts.items()}


def minus(facts: atoms.Facts, other: atoms.Facts) -> atoms.Facts:
    out = {p: rows - other.get(p, set()) for p, rows in facts.items()}
    return {p: rows for p, rows in out.items() if rows}


def size(facts: atoms.Facts) -> int:
    return sum(len(rows) for rows in facts.values())
