"""Store -> Turtle, TriG, N-Triples, N-Quads or JSON-LD, deterministically.

The same store always gives byte-identical output, so exports diff cleanly: graphs are copied
in sorted order and line-based formats are sorted.
"""

from __future__ import annotations

from typing import Iterable

from rdflib import Dataset, URIRef

from reasoner.errors import InputError
from reasoner.rdf.namespaces import bind_prefixes
from reasoner.stores import Store

FORMATS = {
    "turtle": "turtle",
    "ttl": "turtle",
    "trig": "trig",
    "nt": "nt",
    "ntriples": "nt",
    "nquads": "nquads",
    "nq": "nquads",
    "jsonld": "json-ld",
    "json-ld": "json-ld",
}
SUFFIXES = {"turtle": ".ttl", "trig": ".trig", "nt": ".nt", "nquads": ".nq", "json-ld": ".jsonld"}
GRAPH_AWARE = {"trig", "nquads", "json-ld"}


def resolve_format(name: str) -> str:
    try:
        return FORMATS[name.lower()]
    except KeyError:
        raise InputError(f"unknown export format {name!r}: choose one of "
                         "turtle, trig, nt, nquads, jsonld") from None


def serialize(store: Store, graphs: Iterable[URIRef], format: str) -> str:
    """The given named graphs in ``format``. Formats without graphs get the union of them."""
    rdf_format = resolve_format(format)
    names = sorted(graphs)
    if rdf_format in ("nt", "nquads"):
        return _sorted_lines(store, names, rdf_format)
    dataset = Dataset()
    bind_prefixes(dataset)
    if rdf_format in GRAPH_AWARE:
        for name in names:
            target = dataset.graph(name)
            for triple in sorted(store.triples(name)):
                target.add(triple)
        return dataset.serialize(format=rdf_format)
    union = store.graph_copy(names)
    return union.serialize(format=rdf_format)


def _sorted_lines(store: Store, names: list[URIRef], rdf_format: str) -> str:
    lines: set[str] = set()
    for name in names:
        suffix = f" {name.n3()} ." if rdf_format == "nquads" else " ."
        for s, p, o in store.triples(name):
            lines.add(f"{s.n3()} {p.n3()} {o.n3()}{suffix}")
    return "".join(line + "\n" for line in sorted(lines))
