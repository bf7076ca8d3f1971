"""The embedded on-disk default: Oxigraph (RocksDB) through oxrdflib, one folder per store.

Writes go through one SPARQL Update per call, which Oxigraph runs as a single transaction: a
document is stored wholly or not at all, even if the process is killed half-way.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
from typing import Iterator

from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import XSD

from reasoner.errors import StoreError
from reasoner.stores.base import Store, Triple


class OxigraphStore(Store):
    name = "oxigraph"

    def __init__(self, location: str) -> None:
        path = Path(location)
        if path.exists() and not path.is_dir():
            raise StoreError(f"store location {location} is a file, not a folder")
        try:
            path.mkdir(parents=True, exist_ok=True)
            dataset = Dataset(store="Oxigraph", default_union=True)
            dataset.open(str(path))
        except OSError as exc:
            message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            if "lock" in message.lower():
                message = "it is in use by another reasoner process"
            raise StoreError(f"cannot open the store at {location}: {message}") from None
        super().__init__(dataset, str(path))

    @property
    def native(self) -> pyoxigraph.Store:
        return self.dataset.store._inner  # type: ignore[attr-defined, no-any-return]

    def replace_graphs(self, graphs: dict[URIRef, list[Triple]]) -> None:
        parts = [f"DROP SILENT GRAPH <{name}>" for name in graphs]
        for name, triples in graphs.items():
            if triples:
                body = "\n".join(f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in triples)
                parts.append(f"INSERT DATA {{ GRAPH <{name}> {{\n{body}\n}} }}")
        try:
            self.native.update(" ;\n".join(parts))
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(f"writing to the store at {self.location} failed: {exc}") from None

    def triples(self, graph: URIRef) -> Iterator[Triple]:
        # Oxigraph reports plain strings as xsd:string; rdflib's parsers do not. Normalise so a
        # graph compares equal whichever store it went through.
        for s, p, o in super().triples(graph):
            if isinstance(o, Literal) and o.datatype == XSD.string:
                o = Literal(str(o))
            yield s, p, o
