"""Large graphs without a list of triples: made again from their source each time they are read.

A coded event table of a million rows is some twenty million triples; held as rdflib tuples
they take tens of gigabytes. :class:`StreamedTriples` holds only a function that makes them (from
the parsed document), its count and its content stamp (both from one pass when it is built),
and gives them as rdflib triples when iterated, or as N-Triples text in chunks
(:meth:`~StreamedTriples.ntriples`) for a bulk loader, the stamp triple last.
"""

from __future__ import annotations

import hashlib
from typing import Callable, Iterable, Iterator, Sequence, overload

from rdflib import Literal, URIRef

from reasoner.rdf.atoms import ntriples_line
from reasoner.rdf.mapping import Triple
from reasoner.rdf.namespaces import VOC

STAMP = VOC.content_hash  # <graph> voc:content_hash "...": what the graph holds (reasoner.upkeep)
_MODULUS = 2 ** 128


def content_hash(lines: Iterable[str]) -> str:
    """A hash of a set of N-Triples lines that does not depend on their order: the sum of each
    line's 128-bit BLAKE2 digest. Made in one pass with no sorting, so a graph of twenty million
    triples is stamped without holding them."""
    total = 0
    for line in lines:
        total += int.from_bytes(hashlib.blake2b(line.encode(), digest_size=16).digest(), "big")
    return f"{total % _MODULUS:032x}"


def unstamped(graph: URIRef, triples: Iterable[Triple]) -> Iterator[Triple]:
    return (t for t in triples if not (t[0] == graph and t[1] == STAMP))


def stamp_of(graph: URIRef, triples: Iterable[Triple]) -> Triple:
    """The stamp triple of a graph: the content hash of its other triples."""
    return graph, STAMP, Literal(content_hash(ntriples_line(t) for t in unstamped(graph, triples)))


class StreamedTriples(Sequence[Triple]):
    """A graph's triples with its stamp, remade by ``make`` on every read (see the module)."""

    def __init__(self, graph: URIRef, make: Callable[[], Iterable[Triple]]) -> None:
        self.graph, self._make = graph, make
        count, lines = [0], (ntriples_line(t) for t in unstamped(graph, make()))

        def counted() -> Iterator[str]:
            for line in lines:
                count[0] += 1
                yield line

        self.stamp = (graph, STAMP, Literal(content_hash(counted())))
        self._count = count[0] + 1

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[Triple]:
        yield from unstamped(self.graph, self._make())
        yield self.stamp

    @overload
    def __getitem__(self, index: int) -> Triple: ...
    @overload
    def __getitem__(self, index: slice) -> list[Triple]: ...
    def __getitem__(self, index: int | slice) -> Triple | list[Triple]:
        return list(self)[index]  # rarely asked for: every store iterates

    def ntriples(self, chunk: int = 200_000) -> Iterator[bytes]:
        """The triples as UTF-8 N-Triples, about ``chunk`` triples per piece, the stamp last."""
        lines: list[str] = []
        for triple in self:
            lines.append(ntriples_line(triple))
            if len(lines) >= chunk:
                yield "".join(lines).encode()
                lines = []
        if lines:
            yield "".join(lines).encode()
