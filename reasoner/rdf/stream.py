"""Large graphs without a list of triples: made again from their source each time they are read.

A coded event table of a million rows is some twenty million triples; held as rdflib tuples
they take tens of gigabytes. :class:`StreamedTriples` holds only a function that makes them (from
the parsed document), and its count and content stamp once a read has made them, and gives them as rdflib triples when iterated, or as N-Triples text in chunks
(:meth:`~StreamedTriples.ntriples`) for a bulk loader, the stamp triple last.
"""

from __future__ import annotations

import hashlib
from typing import Callable, Iterable, Iterator, Sequence, overload

from rdflib import BNode, Literal, URIRef

from reasoner.rdf.atoms import ntriples_line
from reasoner.rdf.mapping import Triple
from reasoner.rdf.namespaces import VOC

STAMP = VOC.content_hash  # <graph> voc:content_hash "...": what the graph holds (reasoner.upkeep)
_MODULUS = 2 ** 128


def content_hash(lines: Iterable[str]) -> str:
    """A hash of a set of N-Triples lines that does not depend on their order: the sum of each
    line's 128-bit BLAKE2 digest. Made in one pass with no sorting, so a graph of twenty million
    triples is stamped without holding them (StreamedTriples sums the same digests as it reads)."""
    return _hex(sum(_digest(line) for line in lines))


def _digest(line: str) -> int:
    return int.from_bytes(hashlib.blake2b(line.encode(), digest_size=16).digest(), "big")


def _hex(total: int) -> str:
    return f"{total % _MODULUS:032x}"


def unstamped(graph: URIRef, triples: Iterable[Triple]) -> Iterator[Triple]:
    return (t for t in triples if not (t[0] == graph and t[1] == STAMP))


def stamp_of(graph: URIRef, triples: Iterable[Triple]) -> Triple:
    """The stamp triple of a graph: the content hash of its other triples."""
    return graph, STAMP, Literal(content_hash(ntriples_line(t) for t in unstamped(graph, triples)))


class StreamedTriples(Sequence[Triple]):
    """A graph's triples with its stamp, remade by ``make`` on every read (see the module).

    The count and the stamp come from the first full read, whichever it is: the bulk loader's
    N-Triples rendering, an iteration, or (when asked for first) a read of their own. A store's
    write of a large table therefore makes its triples once."""

    def __init__(self, graph: URIRef, make: Callable[[], Iterable[Triple]]) -> None:
        self.graph, self._make = graph, make
        self._measured: tuple[int, Triple] | None = None

    @property
    def stamp(self) -> Triple:
        return self._measure()[1]

    def __len__(self) -> int:
        return self._measure()[0]

    def _measure(self) -> tuple[int, Triple]:
        if self._measured is None:
            for _ in self._lines():
                pass
        assert self._measured is not None
        return self._measured

    def _lines(self) -> Iterator[tuple[Triple, str]]:
        """Each triple with its N-Triples line, then the stamp's; measures on the way."""
        total, count = 0, 0
        for triple in unstamped(self.graph, self._make()):
            line = ntriples_line(triple)
            total += _digest(line)
            count += 1
            yield triple, line
        stamp = (self.graph, STAMP, Literal(_hex(total)))
        self._measured = (count + 1, stamp)
        yield stamp, ntriples_line(stamp)

    def __iter__(self) -> Iterator[Triple]:
        return (triple for triple, _ in self._lines())

    @overload
    def __getitem__(self, index: int) -> Triple: ...
    @overload
    def __getitem__(self, index: slice) -> list[Triple]: ...
    def __getitem__(self, index: int | slice) -> Triple | list[Triple]:
        return list(self)[index]  # rarely asked for: every store iterates

    def ntriples(self, chunk: int = 200_000) -> Iterator[bytes]:
        """The triples as UTF-8 N-Triples, about ``chunk`` triples per piece, the stamp last."""
        return utf8_chunks((line for _, line in self._lines()), chunk)


def utf8_chunks(lines: Iterable[str], chunk: int = 200_000) -> Iterator[bytes]:
    """Lines joined into UTF-8 pieces of ``chunk`` lines, for a bulk loader."""
    piece: list[str] = []
    for line in lines:
        piece.append(line)
        if len(piece) >= chunk:
            yield "".join(piece).encode()
            piece = []
    if piece:
        yield "".join(piece).encode()


class RenderedTriples(Sequence[Triple]):
    """A graph's triples, stamped, with each one's N-Triples line made once: the stamp is the
    hash of the lines, and a bulk write reads the lines as N-Quads text instead of building a
    store term for every part of every triple (:func:`rendered`)."""

    __slots__ = ("triples", "lines", "has_blank_nodes")

    def __init__(self, triples: tuple[Triple, ...], lines: tuple[str, ...], has_blank_nodes: bool) -> None:
        self.triples, self.lines, self.has_blank_nodes = triples, lines, has_blank_nodes

    def __len__(self) -> int:
        return len(self.triples)

    def __iter__(self) -> Iterator[Triple]:
        return iter(self.triples)

    @overload
    def __getitem__(self, index: int) -> Triple: ...
    @overload
    def __getitem__(self, index: slice) -> list[Triple]: ...
    def __getitem__(self, index: int | slice) -> Triple | list[Triple]:
        found = self.triples[index]
        return list(found) if isinstance(index, slice) else found  # type: ignore[arg-type]

    def nquads(self, graph: URIRef) -> Iterator[str]:
        """The lines as N-Quads lines of ``graph`` (each line ends " .\\n")."""
        suffix = f"<{graph}> .\n"
        return (line[:-2] + suffix for line in self.lines)


def rendered(graph: URIRef, triples: Iterable[Triple]) -> RenderedTriples:
    """``triples`` with the stamp of :func:`stamp_of` (an old stamp dropped), rendered once."""
    body = tuple(unstamped(graph, triples))
    lines = [ntriples_line(t) for t in body]
    stamp = (graph, STAMP, Literal(content_hash(lines)))
    lines.append(ntriples_line(stamp))
    blanks = any(isinstance(term, BNode) for t in body for term in (t[0], t[2]))
    return RenderedTriples((*body, stamp), tuple(lines), blanks)
