"""rdflib's in-memory store: nothing survives the process. For tests, notebooks and `--store memory`."""

from __future__ import annotations

from rdflib import Dataset, URIRef

from reasoner.stores.base import Store, Triple


class MemoryStore(Store):
    name = "memory"

    def __init__(self, location: str = "memory") -> None:
        super().__init__(Dataset(default_union=True), location)

    def replace_graphs(self, graphs: dict[URIRef, list[Triple]]) -> None:
        # Everything was parsed and mapped before we get here, so plain set operations cannot
        # fail half-way; build each new graph fully before touching the old one.
        for name, triples in graphs.items():
            graph = self.dataset.graph(name)
            graph.remove((None, None, None))
            graph.addN((s, p, o, graph) for s, p, o in triples)
