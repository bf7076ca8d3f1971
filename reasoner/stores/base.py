"""The store interface: named graphs of triples, atomic per graph, queried with SPARQL.

A store keeps one named graph per document, ``background`` for lexicon knowledge and
``inferred`` for derived facts. SPARQL queries see the union of all graphs as their default
graph. Backends register in ``reasoner.stores`` by name.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from typing import Iterable, Iterator, Mapping, Sequence

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.query import Result

from reasoner.errors import Diagnostic, QueryError, Span, StoreError
from reasoner.rdf.namespaces import PREFIX_IRIS, bind_prefixes

Triple = tuple[URIRef, URIRef, URIRef | Literal]
Quad = tuple[URIRef, URIRef, URIRef | Literal, URIRef]
# A triple as plain strings, for bulk reads: subject IRI (None for a blank node), predicate IRI,
# object text, object kind ("iri", "literal" or "blank") and the literal's datatype IRI.
RawTriple = tuple[str | None, str, str, str, str | None]


class Store(ABC):
    """A quad store behind an rdflib Dataset."""

    name: str = "store"

    def __init__(self, dataset: Dataset, location: str) -> None:
        self.dataset = dataset
        self.location = location
        bind_prefixes(self.dataset)

    # -- writing ---------------------------------------------------------------------------
    @abstractmethod
    def replace_graphs(self, graphs: dict[URIRef, list[Triple]]) -> None:
        """Replace each named graph by the given triples, all or nothing."""

    def remove_graph(self, graph: URIRef) -> None:
        self.replace_graphs({graph: []})

    def update_graph(self, graph: URIRef, add: Iterable[Triple], remove: Iterable[Triple]) -> None:
        """Take some triples out of a named graph and put others in, as one SPARQL Update (one
        transaction where the backend has them): the small changes of incremental inference."""
        text = modify_update(graph, list(add), list(remove))
        if text:
            self.run_update(text)

    def write(self, replace: Mapping[URIRef, Sequence[Triple]],
              modify: Mapping[URIRef, tuple[Sequence[Triple], Sequence[Triple]]] | None = None) -> None:
        """Replace some named graphs and change others (``graph -> (add, remove)``), all or
        nothing: a document, the conclusions that follow from it and their mark are one write.
        Here the changed graphs are rewritten whole through :meth:`replace_graphs`; Oxigraph
        sends only the change."""
        graphs = dict(replace)
        for name, (add, remove) in (modify or {}).items():
            kept = set(self.triples(name)) - set(remove)
            graphs[name] = sorted(kept | set(add))
        self.replace_graphs(graphs)  # type: ignore[arg-type]

    def run_update(self, text: str) -> None:
        """Run one SPARQL Update on the store (backends with a native path override this)."""
        self.dataset.update(text)

    # -- reading ---------------------------------------------------------------------------
    def graph_names(self) -> list[URIRef]:
        names = {URIRef(str(g.identifier)) for g in self.dataset.graphs()}
        # rdflib's default graph and our own scratch graphs (staging, engine work) are not data.
        return sorted((n for n in names if not str(n).startswith(("urn:x-rdflib:", "urn:x-reasoner:"))),
                      key=str)

    def has_graph(self, graph: URIRef) -> bool:
        return graph in self.graph_names()

    def triples(self, graph: URIRef) -> Iterator[Triple]:
        yield from self.dataset.graph(graph).triples((None, None, None))  # type: ignore[misc]

    def raw_triples(self, graph: URIRef) -> Iterator[RawTriple]:
        """The graph's triples as plain strings (backends override this with a bulk path)."""
        for s, p, o in self.triples(graph):
            subject = str(s) if isinstance(s, URIRef) else None
            if isinstance(o, Literal):
                yield subject, str(p), str(o), "literal", str(o.datatype) if o.datatype else None
            else:
                yield subject, str(p), str(o), "iri" if isinstance(o, URIRef) else "blank", None

    def quads(self, graphs: Iterable[URIRef] | None = None) -> Iterator[Quad]:
        for name in self.graph_names() if graphs is None else graphs:
            for s, p, o in self.triples(name):
                yield s, p, o, name

    def count(self, graph: URIRef) -> int:
        return len(self.dataset.graph(graph))

    def query(self, sparql: str) -> Result:
        """Run a SPARQL query over the union of all graphs, with the project prefixes bound."""
        try:
            return self.dataset.query(sparql, initNs=PREFIX_IRIS)
        except StoreError:
            raise
        except Exception as exc:  # rdflib and pyoxigraph raise many types for a bad query
            raise QueryError(query_diagnostic(sparql, exc)) from None

    def graph_copy(self, graphs: Iterable[URIRef]) -> Graph:
        """The union of some named graphs, as a fresh in-memory rdflib Graph."""
        out = Graph()
        bind_prefixes(out)
        for name in graphs:
            for triple in self.triples(name):
                out.add(triple)
        return out

    def close(self) -> None:
        self.dataset.close()


def data_block(triples: Iterable[Triple]) -> str:
    """Triples as the body of ``INSERT DATA`` / ``DELETE DATA``."""
    return "\n".join(f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in triples)


def modify_update(graph: URIRef, add: list[Triple], remove: list[Triple]) -> str:
    """One SPARQL Update removing ``remove`` from and adding ``add`` to a named graph."""
    parts = []
    if remove:
        parts.append(f"DELETE DATA {{ GRAPH <{graph}> {{\n{data_block(remove)}\n}} }}")
    if add:
        parts.append(f"INSERT DATA {{ GRAPH <{graph}> {{\n{data_block(add)}\n}} }}")
    return " ;\n".join(parts)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:300]


_POSITION = (re.compile(r"line:(\d+), col:(\d+)"), re.compile(r"error at (\d+):(\d+)"))


def query_diagnostic(sparql: str, exc: BaseException) -> Diagnostic:
    """A diagnostic for a malformed query, with a caret where the parser says it stopped."""
    message = _first_line(exc)
    for pattern in _POSITION:
        found = pattern.search(message)
        if found:
            line, column = int(found.group(1)), int(found.group(2))
            lines = sparql.splitlines() or [""]
            line = min(max(line, 1), len(lines))
            span = Span("<query>", line, column, line, column + 1)
            return Diagnostic("sparql-syntax", f"malformed SPARQL query: {message}", span,
                              source_line=lines[line - 1])
    return Diagnostic("sparql-syntax", f"malformed SPARQL query: {message}")
