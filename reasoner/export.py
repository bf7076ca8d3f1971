"""Store -> Turtle, TriG, N-Triples, N-Quads or JSON-LD, deterministically.

The same store always gives byte-identical output, so exports diff cleanly: graphs are copied
in sorted order and line-based formats are sorted.
"""

from __future__ import annotations

import json
from typing import Any, Iterable

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
    if rdf_format == "trig":
        return _trig(store, names)
    if rdf_format == "json-ld":
        return _json_ld(store, names)
    union = store.graph_copy(names)
    return union.serialize(format=rdf_format)


def _trig(store: Store, names: list[URIRef]) -> str:
    """TriG as one Turtle block per graph, in name order. rdflib's TriG writer visits a
    dataset's graphs in hash order, so the same store gave other bytes in another process;
    its Turtle writer sorts subjects and predicates, so each block is stable."""
    prefixes: set[str] = set()
    blocks = []
    for name in names:
        graph = store.graph_copy([name])
        lines = graph.serialize(format="turtle").splitlines()
        prefixes.update(line for line in lines if line.startswith("@prefix "))
        body = [f"    {line}" if line else "" for line in lines if not line.startswith("@prefix ")]
        while body and not body[0]:
            body.pop(0)
        while body and not body[-1]:
            body.pop()
        label = graph.namespace_manager.normalizeUri(name)
        blocks.append(f"{label} {{\n" + "\n".join(body) + "\n}\n")
    header = "".join(line + "\n" for line in sorted(prefixes))
    return header + ("\n" if header and blocks else "") + "\n".join(blocks)


def _json_ld(store: Store, names: list[URIRef]) -> str:
    """JSON-LD with every unordered array sorted and keys in order. rdflib's writer lists
    graphs, nodes and values in hash order (three exports of one store gave three files);
    in JSON-LD only ``@list`` arrays are ordered, so sorting the others keeps the meaning."""
    dataset = Dataset()
    bind_prefixes(dataset)
    for name in names:
        target = dataset.graph(name)
        for triple in store.triples(name):
            target.add(triple)
    document = json.loads(dataset.serialize(format="json-ld"))
    return json.dumps(_canonical(document), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _canonical(value: Any, ordered: bool = False) -> Any:
    if isinstance(value, dict):
        return {key: _canonical(item, key == "@list") for key, item in value.items()}
    if isinstance(value, list):
        items = [_canonical(item) for item in value]
        return items if ordered else sorted(items, key=_sort_text)
    return value


def _sort_text(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _sorted_lines(store: Store, names: list[URIRef], rdf_format: str) -> str:
    lines: set[str] = set()
    for name in names:
        suffix = f" {name.n3()} ." if rdf_format == "nquads" else " ."
        for s, p, o in store.triples(name):
            lines.add(f"{s.n3()} {p.n3()} {o.n3()}{suffix}")
    return "".join(line + "\n" for line in sorted(lines))
