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
        """All or nothing: the graphs being replaced are saved first and put back if anything
        fails half-way (a bad term, an exhausted iterator, an interrupt). An empty replacement
        removes the graph, as in the other stores."""
        saved = {name: list(self.triples(name)) for name in graphs}
        try:
            self._write(graphs)
        except BaseException:
            self._write(saved)
            raise

    def _write(self, graphs: dict[URIRef, list[Triple]]) -> None:
        for name, triples in graphs.items():
            self.dataset.remove_graph(Graph(identifier=name))
            if triples:
                graph = self.dataset.graph(name)
                graph.addN((s, p, o, graph) for s, p, o in triples)

    def triples(self, graph: URIRef) -> Iterator[Triple]:
        # Dataset.graph() would create a missing graph as a side effect of reading it.
        if graph in self.graph_names():
            yield from super().triples(graph)
