"""rdflib's in-memory store: nothing survives the process. For tests, notebooks and `--store memory`."""

from __future__ import annotations

from typing import Iterator

from rdflib import Dataset, Graph, URIRef

from reasoner.stores.base import Store, Triple


class MemoryStore(Store):
    name = "memory"

    def __init__(self, location: str = "memory") -> None:
        super().__init__(Dataset(default_union=True), location)

    def replace_graphs(self, graphs: dict[URIRef, list[Triple]]) -> None:
        # Everything was parsed and mapped before we get here, so plain set operations cannot
        # fail half-way. An empty replacement removes the graph, as in the other stores.
        for name, triples in graphs.items():
            self.dataset.remove_graph(Graph(identifier=name))
            if triples:
                graph = self.dataset.graph(name)
                graph.addN((s, p, o, graph) for s, p, o in triples)

    def triples(self, graph: URIRef) -> Iterator[Triple]:
        # Dataset.graph() would create a missing graph as a side effect of reading it.
        if graph in self.graph_names():
            yield from super().triples(graph)
